//! `twinform show`: the resolved spec (overlay merged, defaults written out) is itself a spec
//! that resolves to the same model — so the defaults it prints are the ones both targets get.

mod common;

use common::twinform;

/// Every example and test spec with each of its environments.
fn cases() -> Vec<(String, String, Option<String>)> {
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path().join("twinform.toml");
            path.is_file().then_some(path)
        })
        .chain(
            std::fs::read_dir("tests/specs")
                .unwrap()
                .filter_map(|e| Some(e.ok()?.path())),
        )
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let table: toml::Table = text.parse().unwrap();
        let envs = table
            .get("environments")
            .and_then(|e| e.as_table())
            .map(|e| e.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        let name = path.display().to_string();
        out.push((name.clone(), text.clone(), None));
        for env in envs {
            out.push((name.clone(), text.clone(), Some(env)));
        }
    }
    out
}

#[test]
fn the_resolved_spec_resolves_to_the_same_model() {
    let cases = cases();
    assert!(cases.len() > 10);
    for (name, text, env) in cases {
        let original = twinform::check_source(&name, &text, env.as_deref());
        let resolved = twinform::resolve_source(
            &name,
            &text,
            &twinform::Options {
                env: env.clone(),
                ..Default::default()
            },
        )
        .unwrap_or_else(|c| panic!("{name} {env:?}: {:?}", c.diagnostics));
        assert!(resolved.spec.environments.is_empty());
        let again = twinform::check_source("resolved.toml", &resolved.text, None);
        assert!(
            !twinform::diag::has_errors(&again.diagnostics),
            "{name} {env:?}: the resolved spec has errors: {:#?}\n{}",
            again.diagnostics,
            resolved.text
        );
        assert_eq!(again.model, original.model, "{name} {env:?}");
        // Resolving is idempotent: nothing left to fill.
        let twice = twinform::resolve_source("resolved.toml", &resolved.text, &Default::default())
            .unwrap_or_else(|c| panic!("{:?}", c.diagnostics));
        assert_eq!(twice.text, resolved.text, "{name} {env:?}");
    }
}

#[test]
fn show_prints_defaults_and_the_overlay_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("twinform.toml"),
        "[app]\nname = \"demo\"\n\n[services.api]\nimage = \"public.ecr.aws/acme/api:1.0.0\"\nport = 8080\nroute = \"/\"\n\n[environments.prod.services.api]\nreplicas = 4\n",
    )
    .unwrap();
    let (code, stdout, stderr) = twinform(dir.path(), &["show", "--env", "prod"]);
    assert_eq!(code, 0, "{stderr}");
    let shown: toml::Table = stdout.parse().unwrap();
    let api = &shown["services"]["api"];
    assert_eq!(api["replicas"].as_integer(), Some(4), "{stdout}");
    assert_eq!(api["cpu"].as_integer(), Some(256));
    assert_eq!(api["health"]["path"].as_str(), Some("/healthz"));
    assert_eq!(shown["kubernetes"]["namespace"].as_str(), Some("demo"));
    assert!(shown.get("environments").is_none());
    assert!(stdout.starts_with("# twinform show"), "{stdout}");
    // Errors: exit 1, located diagnostics on stderr, nothing on stdout.
    std::fs::write(
        dir.path().join("bad.toml"),
        "[app]\nname = \"demo\"\n\n[services.api]\nimage = \"public.ecr.aws/acme/api:1.0.0\"\nport = 99999\n",
    )
    .unwrap();
    let (code, stdout, stderr) = twinform(dir.path(), &["show", "bad.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("bad.toml:6:"), "{stderr}");
}
