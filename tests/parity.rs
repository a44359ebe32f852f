//! `twinform parity`, `--strict-parity` and the Parity sections of `summary` and `diff`.

mod common;

use common::{snapshot_settings, twinform};
use std::path::Path;
use twinform::diag::Code;
use twinform::parity::{self, Subject};
use twinform::{Options, check_with};

const SHOP: &str = "examples/shop/twinform.toml";
const ESTATE: &str = "examples/estate/twinform.toml";

fn report(text: &str, env: Option<&str>) -> parity::Report {
    let checked = twinform::check_source("t.toml", text, env);
    parity::report(checked.model.as_ref().unwrap(), env)
}

fn strict(text: &str, env: Option<&str>) -> twinform::Checked {
    let options = Options {
        env: env.map(str::to_owned),
        strict_parity: true,
        ..Options::default()
    };
    check_with("t.toml", text, &options)
}

/// The 1-based line of a diagnostic's primary span.
fn line_of(text: &str, d: &twinform::diag::Diagnostic) -> usize {
    let span = d.primary.as_ref().expect("located").span.start;
    text[..span].matches('\n').count() + 1
}

const MINIMAL: &str = r#"
[app]
name = "p"

[services.api]
image = "public.ecr.aws/acme/api:1.0.0"
port = 8080
route = "/api"
replicas = 2
"#;

#[test]
fn a_spec_of_plain_routed_services_is_equivalent_and_passes_strict_parity() {
    let report = report(MINIMAL, None);
    assert!(report.equivalent, "{report:#?}");
    // The one platform difference (NetworkPolicies on Fargate) is listed, not refused.
    assert_eq!(report.exceptions.len(), 1);
    assert!(report.exceptions[0].platform);
    assert_eq!(report.exceptions[0].id, "network_policy");
    let checked = strict(MINIMAL, None);
    assert!(checked.model.is_some(), "{:?}", checked.diagnostics);
}

#[test]
fn each_spec_choice_is_an_exception_located_at_its_key_under_strict_parity() {
    let text = format!(
        "{MINIMAL}spot = true\nplatform = \"linux/arm64\"\n\n[services.api.autoscale]\nmin = 2\nmax = 4\nrequests_per_target = 100\n"
    )
    .replace("replicas = 2\n", "");
    let report = report(&text, None);
    let ids: Vec<&str> = report
        .exceptions
        .iter()
        .filter(|f| !f.platform)
        .map(|f| f.id)
        .collect();
    assert_eq!(ids, ["spot", "arm64", "requests_per_target"]);
    assert!(
        report
            .exceptions
            .iter()
            .all(|f| f.subject == Subject::Service("api".into()) || f.platform)
    );
    let checked = strict(&text, None);
    assert!(checked.model.is_none(), "strict parity refuses the spec");
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::StrictParity)
        .collect();
    assert_eq!(errors.len(), 3);
    assert!(errors.iter().all(|d| d.is_error()));
    let line = |needle: &str| text.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
    let lines: Vec<usize> = errors.iter().map(|d| line_of(&text, d)).collect();
    for key in ["spot", "platform", "requests_per_target"] {
        assert!(
            lines.contains(&line(key)),
            "{key} at line {} in {lines:?}",
            line(key)
        );
    }
}

#[test]
fn job_retries_timeout_and_overlap_differ_and_are_said_so() {
    let text = format!(
        "{MINIMAL}\n[jobs.report]\nimage = \"public.ecr.aws/acme/report:1.0.0\"\nschedule = \"0 3 * * *\"\nconcurrency = \"forbid\"\ntimeout = 600\nretries = 0\n"
    );
    let ids: Vec<&str> = report(&text, None)
        .exceptions
        .iter()
        .filter(|f| f.subject == Subject::Job("report".into()))
        .map(|f| f.id)
        .collect();
    // retries = 0: both targets run once; no retry difference.
    assert_eq!(ids, ["job_overlap", "job_timeout"]);
    let retried = text.replace("retries = 0\n", "");
    assert!(
        report(&retried, None)
            .exceptions
            .iter()
            .any(|f| f.id == "job_retries")
    );
}

#[test]
fn shop_prod_differs_only_by_its_two_patches_and_dev_is_equivalent() {
    let text = std::fs::read_to_string(SHOP).unwrap();
    assert!(report(&text, Some("dev")).equivalent);
    let prod = report(&text, Some("prod"));
    let patches: Vec<_> = prod.exceptions.iter().filter(|f| !f.platform).collect();
    assert_eq!(patches.len(), 2);
    assert!(patches.iter().all(|f| f.id == "patch"));
    assert_eq!(
        patches[0].subject,
        Subject::Patch("CloudFormation ApiService".into())
    );
    // Under --strict-parity each is an error at its `[[environments.prod.patches]]` entry.
    let checked = strict(&text, Some("prod"));
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::StrictParity)
        .collect();
    assert_eq!(errors.len(), 2);
    let first_patch = 1 + text
        .lines()
        .position(|l| l.starts_with("[[environments.prod.patches]]"))
        .unwrap();
    for d in errors {
        assert!(line_of(&text, d) >= first_patch, "{d:?}");
    }
}

#[test]
fn parity_reports_snapshot() {
    let settings = snapshot_settings();
    let shop = std::fs::read_to_string(SHOP).unwrap();
    let estate = std::fs::read_to_string(ESTATE).unwrap();
    settings.bind(|| {
        insta::assert_snapshot!(
            "parity_estate_prod_text",
            parity::render::text(&report(&estate, Some("prod")))
        );
        insta::assert_snapshot!(
            "parity_shop_prod_markdown",
            parity::render::markdown(&report(&shop, Some("prod")))
        );
        insta::assert_snapshot!(
            "parity_estate_prod_json",
            serde_json::to_string_pretty(&report(&estate, Some("prod"))).unwrap()
        );
    });
}

/// The review artifacts beside `SUMMARY.md`: `PARITY.md` of the shop and the estate in prod.
#[test]
fn committed_parity_artifacts_are_fresh() {
    for (spec, path) in [
        (SHOP, "examples/shop/PARITY.md"),
        (ESTATE, "examples/estate/PARITY.md"),
    ] {
        let text = std::fs::read_to_string(spec).unwrap();
        let markdown = parity::render::markdown(&report(&text, Some("prod")));
        if std::env::var_os("TWINFORM_UPDATE_SUMMARY").is_some() {
            std::fs::write(path, &markdown).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            committed, markdown,
            "{path} is stale: rerun with TWINFORM_UPDATE_SUMMARY=1"
        );
    }
}

#[test]
fn cli_parity_prints_each_format_and_strict_parity_gates_check_and_synth() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out, _) = twinform(root, &["parity", SHOP, "--env", "prod", "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["equivalent"], false);
    assert_eq!(json["exceptions"][0]["id"], "network_policy");
    let (code, out, _) = twinform(root, &["parity", SHOP, "--env", "dev"]);
    assert_eq!(code, 0);
    assert!(out.contains("equivalent"), "{out}");

    let (code, _, err) = twinform(root, &["check", SHOP, "--env", "prod", "--strict-parity"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("TF043"), "{err}");
    assert!(err.contains("twinform.toml:"), "located: {err}");
    let (code, _, err) = twinform(root, &["check", SHOP, "--env", "dev", "--strict-parity"]);
    assert_eq!(code, 0, "{err}");

    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out_arg = out_dir.to_str().unwrap();
    let (code, _, _) = twinform(
        root,
        &[
            "synth",
            SHOP,
            "--env",
            "prod",
            "--strict-parity",
            "--out",
            out_arg,
        ],
    );
    assert_eq!(code, 1);
    assert!(!out_dir.exists(), "nothing written under --strict-parity");
    let (code, _, err) = twinform(
        root,
        &[
            "synth",
            SHOP,
            "--env",
            "dev",
            "--strict-parity",
            "--out",
            out_arg,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out_dir.join("kubernetes").exists());

    let (code, _, err) = twinform(root, &["parity", "no/such/spec.toml"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn diff_and_summary_name_the_exceptions_a_change_adds_or_removes() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.toml");
    let new = dir.path().join("new.toml");
    std::fs::write(&old, MINIMAL).unwrap();
    std::fs::write(&new, format!("{MINIMAL}spot = true\n")).unwrap();
    let (code, out, err) = twinform(dir.path(), &["diff", "old.toml", "new.toml"]);
    assert_eq!(code, 3, "{err}");
    assert!(
        out.contains("Parity\n- added: service `api` `spot`"),
        "{out}"
    );
    let (code, out, _) = twinform(
        dir.path(),
        &["diff", "new.toml", "old.toml", "--format", "markdown"],
    );
    assert_eq!(code, 3);
    assert!(
        out.contains("### Parity\n\n- removed: service `api` `spot`"),
        "{out}"
    );
    let (code, out, _) = twinform(
        dir.path(),
        &["summary", "new.toml", "--diff-from", "old.toml"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("**Parity**"), "{out}");
    assert!(out.contains("- added: service `api` `spot`"), "{out}");
    let (_, out, _) = twinform(
        dir.path(),
        &["diff", "old.toml", "new.toml", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["parity"][0], "added: service `api` `spot`", "{out}");
    // A spec against itself: no Parity change, nothing added.
    let (_, out, _) = twinform(dir.path(), &["diff", "new.toml", "new.toml"]);
    assert!(!out.contains("Parity"), "{out}");
}
