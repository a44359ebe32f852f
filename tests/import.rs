//! `twinform import compose` on the Compose files in `tests/import/` (written after the shapes
//! of the Compose Specification: short and long ports, list and map environment, env_file,
//! depends_on conditions, healthcheck forms, deploy.resources, profiles, x- anchors and merge
//! keys, interpolation, several files). Each import is snapshotted (spec text and warnings), and
//! its spec must pass `twinform check` and synthesize.

use std::collections::BTreeMap;
use std::path::Path;
use twinform::diag;
use twinform::import::compose::{self, File, FileDiagnostic, Imported};

fn dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/import"))
}

fn file(name: &str) -> File {
    let path = dir().join(name);
    File {
        name: format!("tests/import/{name}"),
        text: std::fs::read_to_string(&path).expect("compose file"),
    }
}

/// The variables the CLI would pass: the directory's `.env` (and no process environment, so
/// that the snapshots do not depend on the machine).
fn vars() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(dir().join(".env")).expect(".env");
    compose::parse_dotenv(&text).into_iter().collect()
}

fn import(names: &[&str]) -> Result<Imported, Vec<FileDiagnostic>> {
    let files: Vec<File> = names.iter().map(|n| file(n)).collect();
    let read = |path: &str| std::fs::read_to_string(dir().join(path)).map_err(|e| e.to_string());
    compose::import(&compose::Input {
        files,
        vars: vars(),
        project: Some("import".into()),
        read_env_file: &read,
    })
}

fn rendered(names: &[&str], diagnostics: &[FileDiagnostic]) -> String {
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        let f = file(name);
        let own: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.file == i)
            .map(|d| d.diagnostic.clone())
            .collect();
        let source = diag::render::Source {
            name: &f.name,
            text: &f.text,
        };
        out.push_str(&diag::render::plain(&own, source));
    }
    out
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// The imports of the corpus: a snapshot name and the files, base first.
const CASES: &[(&str, &[&str])] = &[
    ("01_web_short_ports", &["01_web_short_ports.yml"]),
    ("02_long_ports_map_env", &["02_long_ports_map_env.yml"]),
    ("03_anchors_merge_keys", &["03_anchors_merge_keys.yml"]),
    ("04_interpolation", &["04_interpolation.yml"]),
    ("05_worker_healthchecks", &["05_worker_healthchecks.yml"]),
    ("06_unmappable", &["06_unmappable.yml"]),
    ("07_profiles_secrets", &["07_profiles_secrets.yml"]),
    ("08_depends_conditions", &["08_depends_conditions.yml"]),
    (
        "09_legacy_sizes_platform",
        &["09_legacy_sizes_platform.yml"],
    ),
    ("10_two_files", &["10_base.yml", "10_override.yml"]),
];

#[test]
fn every_import_is_snapshotted_passes_check_and_synthesizes() {
    for (name, files) in CASES {
        let imported = import(files).unwrap_or_else(|d| panic!("{name}: {}", rendered(files, &d)));
        let checked = twinform::check_source("imported.toml", &imported.text, None);
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(
            errors.is_empty(),
            "{name}: the imported spec has errors: {errors:#?}"
        );
        // The text is the spec: parsing it back gives what the importer built.
        let reparsed: twinform::spec::Spec = toml::from_str(&imported.text).expect("TOML");
        assert_eq!(reparsed, imported.spec, "{name}");
        twinform::synthesize(
            "imported.toml",
            &imported.text,
            &twinform::Options::default(),
        )
        .unwrap_or_else(|_| panic!("{name}: does not synthesize"));
        let report = format!(
            "{}\n---- warnings ----\n{}",
            imported.text,
            rendered(files, &imported.diagnostics)
        );
        settings().bind(|| insta::assert_snapshot!(format!("import_compose_{name}"), report));
    }
}

#[test]
fn several_files_merge_as_compose_merges_them() {
    let imported = import(&["10_base.yml", "10_override.yml"]).expect("imports");
    let ledger = &imported.spec.services["ledger"];
    // `command` is replaced, `environment` merged by key, `ports` appended (first one used).
    assert_eq!(ledger.command.as_deref(), Some(&["serve".to_owned()][..]));
    assert_eq!(ledger.env["MODE"], "prod");
    assert_eq!(ledger.env["REGION"], "us-east-1");
    assert_eq!(ledger.port, Some(8080));
    assert_eq!(ledger.replicas, Some(4));
    assert_eq!(
        imported.spec.app.as_ref().and_then(|a| a.name.as_deref()),
        Some("ledger-app")
    );
    // The extra port is reported in the override, where it is written.
    let ports = imported
        .diagnostics
        .iter()
        .find(|d| d.diagnostic.code.as_str() == "TF143")
        .expect("TF143");
    assert_eq!(ports.file, 1);
}

#[test]
fn sizes_round_up_to_a_fargate_size_and_secrets_are_not_copied() {
    let imported = import(&["02_long_ports_map_env.yml"]).expect("imports");
    let api = &imported.spec.services["api"];
    // cpus 0.3 (308 units) and 300M: the smallest Fargate size holding both.
    assert_eq!((api.cpu, api.memory), (Some(512), Some(1024)));
    assert_eq!(api.command.as_ref().map(Vec::len), Some(5));
    let first = import(&["01_web_short_ports.yml"]).expect("imports");
    assert!(!first.spec.services["web"].env.contains_key("DB_PASSWORD"));
    assert!(!first.text.contains("devpassword"));
}

#[test]
fn invalid_compose_files_are_located_errors() {
    for (name, code, line) in [
        ("bad_interpolation.yml", "TF094", 3),
        ("bad_toplevel.yml", "TF093", 4),
        ("bad_yaml.yml", "TF093", 3),
        ("bad_env_file.yml", "TF095", 5),
    ] {
        let diagnostics = import(&[name]).expect_err(name);
        let error = diagnostics
            .iter()
            .find(|d| d.diagnostic.is_error())
            .unwrap_or_else(|| panic!("{name}: no error"));
        assert_eq!(error.diagnostic.code.as_str(), code, "{name}");
        let f = file(name);
        let span = error
            .diagnostic
            .primary
            .as_ref()
            .expect("located")
            .span
            .clone();
        let source = diag::render::Source {
            name: &f.name,
            text: &f.text,
        };
        assert_eq!(source.line_col(span.start).0, line, "{name}");
    }
}

fn cli(args: &[&str], cwd: &Path) -> std::process::Output {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_twinform"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RELEASE")
        .output()
        .expect("runs")
}

#[test]
fn cli_writes_once_and_never_on_invalid_input() {
    let tmp = tempfile::tempdir().expect("tmp");
    let good = dir().join("01_web_short_ports.yml");
    let out = tmp.path().join("twinform.toml");
    let args = |f: &Path| {
        vec![
            "import".to_owned(),
            "compose".to_owned(),
            f.display().to_string(),
            "--out".to_owned(),
            out.display().to_string(),
        ]
    };
    let strs = |v: &[String]| {
        v.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\u{0}")
    };
    let run = |f: &Path| {
        let a = args(f);
        let joined = strs(&a);
        let parts: Vec<&str> = joined.split('\u{0}').collect();
        cli(&parts, tmp.path())
    };
    // Invalid: exit 1, located error, nothing written.
    let bad = run(&dir().join("bad_interpolation.yml"));
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("bad_interpolation.yml:3:"), "{stderr}");
    assert!(!out.exists());
    // Valid: exit 0, the spec passes check.
    let ok = run(&good);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let check = cli(&["check", &out.display().to_string()], tmp.path());
    assert_eq!(check.status.code(), Some(0));
    // Never overwrites: exit 2.
    let again = run(&good);
    assert_eq!(again.status.code(), Some(2));
}

/// Deploy-time rule: a Compose healthcheck becomes an ECS container `HealthCheck`, whose fields
/// ECS accepts only in these ranges (interval 5-300 s, timeout 2-60 s, retries 1-10, start
/// period 0-300 s) and whose timeout must be shorter than the interval; Compose allows any
/// duration (`interval: 2s`, `timeout: 2m`, `retries: 15` in the corpus), so the importer must
/// bring them into range. Source:
/// <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html>.
#[test]
fn imported_health_checks_are_within_ecs_limits() {
    let mut seen = 0;
    for (name, files) in CASES {
        let imported = import(files).expect("imports");
        let options = twinform::Options {
            format: twinform::Format::Json,
            ..twinform::Options::default()
        };
        let synthesis = twinform::synthesize("imported.toml", &imported.text, &options)
            .unwrap_or_else(|_| panic!("{name}: does not synthesize"));
        let template: serde_json::Value =
            serde_json::from_slice(&synthesis.files["cloudformation/template.json"])
                .expect("JSON template");
        let resources = template["Resources"].as_object().expect("Resources");
        for resource in resources.values() {
            let containers = resource["Properties"]["ContainerDefinitions"].as_array();
            for check in containers
                .into_iter()
                .flatten()
                .filter_map(|c| c.get("HealthCheck"))
            {
                seen += 1;
                let get = |k: &str| check[k].as_i64();
                let interval = get("Interval").unwrap_or(30);
                let timeout = get("Timeout").unwrap_or(5);
                assert!((5..=300).contains(&interval), "{name}: {check}");
                assert!(
                    (2..=60).contains(&timeout) && timeout < interval,
                    "{name}: {check}"
                );
                assert!(
                    get("Retries").is_none_or(|r| (1..=10).contains(&r)),
                    "{name}: {check}"
                );
                assert!(
                    get("StartPeriod").is_none_or(|s| (0..=300).contains(&s)),
                    "{name}: {check}"
                );
            }
        }
    }
    // The corpus has command health checks (workers, internal services) to hold to the rule.
    assert!(seen >= 5, "only {seen} container health checks");
}

#[test]
fn json_message_format_locates_warnings_in_the_compose_file() {
    let output = cli(
        &[
            "import",
            "compose",
            &dir().join("06_unmappable.yml").display().to_string(),
            "--out",
            "-",
            "--message-format",
            "json",
        ],
        dir(),
    );
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let privileged = stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| {
            v["message"]
                .as_str()
                .is_some_and(|m| m.contains("privileged"))
        })
        .expect("a TF140 for privileged");
    assert_eq!(privileged["code"], "TF140");
    assert!(
        privileged.to_string().contains("06_unmappable.yml"),
        "{privileged}"
    );
    // The spec itself is on stdout.
    assert!(String::from_utf8_lossy(&output.stdout).contains("[services.agent]"));
}

/// Every code of the importer is reported by some Compose file of `tests/import/` (the importer's
/// corpus, as `tests/bad/` is the checker's).
#[test]
fn the_corpus_covers_every_import_code() {
    let mut seen = std::collections::BTreeSet::new();
    for (_, files) in CASES {
        let diagnostics = import(files).expect("imports").diagnostics;
        seen.extend(diagnostics.iter().map(|d| d.diagnostic.code.as_str()));
    }
    for bad in [
        "bad_interpolation.yml",
        "bad_toplevel.yml",
        "bad_yaml.yml",
        "bad_env_file.yml",
    ] {
        seen.extend(
            import(&[bad])
                .expect_err(bad)
                .iter()
                .map(|d| d.diagnostic.code.as_str()),
        );
    }
    let missing: Vec<&str> = twinform::diag::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| matches!(&c[2..], "093" | "094" | "095") || c.starts_with("TF14"))
        .filter(|c| !seen.contains(c))
        .collect();
    assert!(missing.is_empty(), "no Compose file reports {missing:?}");
}
