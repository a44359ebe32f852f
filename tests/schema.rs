//! The committed JSON Schema (`schemas/twinform.schema.json`): never stale, closed, showing
//! defaults and `required` where the spec defines them, and accepting every example.

use serde_json::Value;
use std::path::{Path, PathBuf};

const SCHEMA_PATH: &str = "schemas/twinform.schema.json";

fn generated() -> Value {
    serde_json::from_str(&twinform::spec::json_schema()).expect("json_schema() is valid JSON")
}

/// A TOML spec as the JSON value an editor would validate.
fn toml_to_json(text: &str) -> Value {
    let value: toml::Value = toml::from_str(text).expect("example is valid TOML");
    serde_json::to_value(value).expect("TOML values convert to JSON")
}

fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn committed_schema_is_up_to_date() {
    let fresh = twinform::spec::json_schema();
    if std::env::var_os("TWINFORM_UPDATE_SCHEMA").is_some() {
        std::fs::write(SCHEMA_PATH, &fresh).expect("write the schema");
    }
    let committed = std::fs::read_to_string(SCHEMA_PATH).unwrap_or_default();
    let diff = similar::TextDiff::from_lines(&committed, &fresh)
        .unified_diff()
        .header(SCHEMA_PATH, "generated")
        .to_string();
    assert!(
        committed == fresh,
        "{SCHEMA_PATH} is stale (the spec types changed). Regenerate it with \
         `TWINFORM_UPDATE_SCHEMA=1 cargo test --test schema` and commit it.\n{diff}"
    );
    assert!(
        fresh.ends_with("}\n"),
        "pretty JSON with a trailing newline"
    );
}

/// Every `*.toml` below `examples/`.
fn example_specs() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("examples/ is readable") {
            let path = entry.expect("examples/ entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new("examples"), &mut out);
    out.sort();
    out
}

#[test]
fn every_example_validates() {
    let schema = generated();
    let specs = example_specs();
    assert!(!specs.is_empty(), "no examples/**/*.toml found");
    for path in specs {
        let text = std::fs::read_to_string(&path).expect("example is readable");
        let problems = errors(&schema, &toml_to_json(&text));
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            path.display(),
            problems.join("\n")
        );
    }
}

#[test]
fn overlays_may_be_partial_but_the_base_may_not() {
    let schema = generated();
    let overlay_only_changes_replicas = r#"
        [app]
        name = "shop"
        [services.api]
        image = "public.ecr.aws/acme/api:1.0.0"
        port = 8080
        [environments.prod.app]
        region = "eu-west-1"
        [environments.prod.services.api]
        replicas = 3
    "#;
    assert_eq!(
        errors(&schema, &toml_to_json(overlay_only_changes_replicas)),
        Vec::<String>::new()
    );

    let base_service_without_image = "[app]\nname = \"shop\"\n[services.api]\nport = 8080\n";
    let problems = errors(&schema, &toml_to_json(base_service_without_image));
    assert!(problems.iter().any(|p| p.contains("image")), "{problems:?}");
    let no_app = "[services.api]\nimage = \"i:1\"\nport = 8080\n";
    assert!(!errors(&schema, &toml_to_json(no_app)).is_empty());
}

#[test]
fn unknown_keys_are_rejected_everywhere() {
    let schema = generated();
    for typo in [
        "[app]\nname = \"a\"\nnmae = \"b\"\n",
        "[app]\nname = \"a\"\n[network]\nazz = 2\n",
        "[app]\nname = \"a\"\n[services.x]\nimage = \"i:1\"\nport = 1\nrepicas = 2\n",
        "[app]\nname = \"a\"\n[services.x]\nimage = \"i:1\"\nport = 1\nhealth = { pth = \"/\" }\n",
        "[app]\nname = \"a\"\n[environments.prod.services.x]\nrepicas = 2\n",
        "[app]\nname = \"a\"\n[environments.prod]\nfoo = 1\n",
    ] {
        assert!(
            !errors(&schema, &toml_to_json(typo)).is_empty(),
            "accepted:\n{typo}"
        );
    }
}

/// Every object schema with properties is closed (`additionalProperties: false`).
#[test]
fn every_table_is_closed() {
    fn visit(node: &Value, at: &str, open: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                if map.contains_key("properties")
                    && map.get("additionalProperties") != Some(&Value::Bool(false))
                {
                    open.push(at.to_owned());
                }
                for (key, child) in map {
                    visit(child, &format!("{at}/{key}"), open);
                }
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, c)| visit(c, &format!("{at}/{i}"), open)),
            _ => {}
        }
    }
    let mut open = Vec::new();
    visit(&generated(), "#", &mut open);
    assert_eq!(open, Vec::<String>::new());
}

/// `required` appears exactly where the spec says a key is required, and nowhere in overlays.
#[test]
fn required_only_where_the_spec_says() {
    let schema = generated();
    let mut found = Vec::new();
    fn visit(node: &Value, at: &str, found: &mut Vec<(String, Value)>) {
        if let Value::Object(map) = node {
            if let Some(required) = map.get("required") {
                found.push((at.to_owned(), required.clone()));
            }
            for (key, child) in map {
                visit(child, &format!("{at}/{key}"), found);
            }
        }
    }
    visit(&schema, "#", &mut found);
    let expected = vec![
        ("#".to_owned(), serde_json::json!(["app"])),
        // Arrays replace in overlays, so a statement is always written whole.
        (
            "#/$defs/IamStatement".to_owned(),
            serde_json::json!(["actions", "resources"]),
        ),
        (
            "#/$defs/InitContainer".to_owned(),
            serde_json::json!(["name", "image"]),
        ),
        (
            "#/$defs/Job".to_owned(),
            serde_json::json!(["image", "schedule"]),
        ),
        // A patch is written whole in an overlay too (overlays append patches).
        (
            "#/$defs/PatchOp".to_owned(),
            serde_json::json!(["op", "path"]),
        ),
        (
            "#/$defs/ResourcePatch".to_owned(),
            serde_json::json!(["reason"]),
        ),
        ("#/$defs/Service".to_owned(), serde_json::json!(["image"])),
        // Also in overlays: an overlay's `sidecars` array replaces the base's whole.
        (
            "#/$defs/Sidecar".to_owned(),
            serde_json::json!(["name", "image"]),
        ),
        // An overlay's `volumes` array replaces the base's whole, too.
        (
            "#/$defs/Volume".to_owned(),
            serde_json::json!(["file_system_id", "access_point_id", "path"]),
        ),
        ("#/properties/app".to_owned(), serde_json::json!(["name"])),
    ];
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(found, expected);
}

/// The documented defaults are in the schema, so editors show them.
#[test]
fn defaults_are_shown() {
    let schema = generated();
    let defs = &schema["$defs"];
    let app = &schema["properties"]["app"]["properties"];
    let cases = [
        (&app["region"], serde_json::json!("us-east-1")),
        (&app["log_retention_days"], serde_json::json!(30)),
        (
            &defs["Network"]["properties"]["cidr"],
            serde_json::json!("10.0.0.0/16"),
        ),
        (&defs["Network"]["properties"]["azs"], serde_json::json!(2)),
        (
            &defs["Network"]["properties"]["nat"],
            serde_json::json!("single"),
        ),
        (
            &defs["Ingress"]["properties"]["public"],
            serde_json::json!(true),
        ),
        (
            &defs["Service"]["properties"]["protocol"],
            serde_json::json!("http"),
        ),
        (
            &defs["Service"]["properties"]["cpu"],
            serde_json::json!(256),
        ),
        (
            &defs["Service"]["properties"]["memory"],
            serde_json::json!(512),
        ),
        (
            &defs["Service"]["properties"]["replicas"],
            serde_json::json!(2),
        ),
        (
            &defs["Service"]["properties"]["spot"],
            serde_json::json!(false),
        ),
        (
            &defs["Health"]["properties"]["path"],
            serde_json::json!("/healthz"),
        ),
        (
            &defs["Health"]["properties"]["interval"],
            serde_json::json!(15),
        ),
        (
            &defs["Health"]["properties"]["timeout"],
            serde_json::json!(5),
        ),
        (
            &defs["Health"]["properties"]["healthy"],
            serde_json::json!(2),
        ),
        (
            &defs["Health"]["properties"]["unhealthy"],
            serde_json::json!(3),
        ),
        (
            &defs["Health"]["properties"]["grace"],
            serde_json::json!(60),
        ),
        (
            &defs["Kubernetes"]["properties"]["secret_store"],
            serde_json::json!("aws-secrets-manager"),
        ),
        (
            &defs["Kubernetes"]["properties"]["parameter_store"],
            serde_json::json!("aws-parameter-store"),
        ),
    ];
    for (property, default) in cases {
        assert_eq!(property["default"], default, "{property:#}");
    }
    // Required keys have no default to show.
    assert!(app["name"].get("default").is_none());
    assert!(
        defs["Service"]["properties"]["image"]
            .get("default")
            .is_none()
    );
}
