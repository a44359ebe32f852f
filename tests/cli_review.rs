//! `twinform diff` and `twinform summary` through the real binary: exit codes a CI gate relies
//! on (0 equal, 3 different, 1 spec errors, 2 usage or I/O), and nothing written.

mod common;

use common::twinform;
use std::path::Path;

const SHOP: &str = include_str!("../examples/shop/twinform.toml");

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn diff_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("old.toml"), SHOP).unwrap();
    std::fs::write(
        d.join("new.toml"),
        SHOP.replacen("port = 9000", "port = 9001", 1),
    )
    .unwrap();
    std::fs::write(
        d.join("bad.toml"),
        SHOP.replacen("port = 9000", "port = 0", 1),
    )
    .unwrap();
    let before = listing(d);

    let (code, stdout, _) = twinform(d, &["diff", "--from", "old.toml", "--to", "old.toml"]);
    assert_eq!((code, stdout.trim()), (0, "no changes"));

    let (code, stdout, _) = twinform(
        d,
        &[
            "diff", "--from", "old.toml", "--to", "new.toml", "--env", "prod",
        ],
    );
    assert_eq!(code, 3);
    assert!(
        stdout.contains("template/AuthLoadBalancerIngress") && stdout.contains("REPLACES"),
        "{stdout}"
    );

    let (code, stdout, _) = twinform(
        d,
        &[
            "diff", "--from", "old.toml", "--to", "new.toml", "--format", "json",
        ],
    );
    assert_eq!(code, 3);
    let parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(parsed["changes"].as_array().is_some_and(|c| !c.is_empty()));

    let (code, _, stderr) = twinform(d, &["diff", "--from", "old.toml", "--to", "bad.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("bad.toml:") && stderr.contains("TF008"),
        "{stderr}"
    );

    let (code, _, stderr) = twinform(d, &["diff", "--from", "old.toml", "--to", "missing-dir"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    assert_eq!(listing(d), before, "diff wrote something");
}

#[test]
fn diff_against_an_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("twinform.toml"), SHOP).unwrap();
    assert_eq!(
        twinform(d, &["synth", "twinform.toml", "--out", "out"]).0,
        0
    );
    let (code, stdout, _) = twinform(d, &["diff", "--from", "out", "--to", "twinform.toml"]);
    assert_eq!((code, stdout.trim()), (0, "no changes"));
    std::fs::write(
        d.join("twinform.toml"),
        SHOP.replacen("max = 10", "max = 11", 1),
    )
    .unwrap();
    let (code, stdout, _) = twinform(
        d,
        &[
            "diff",
            "--from",
            "out",
            "--to",
            "twinform.toml",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(code, 3);
    assert!(
        stdout.contains("`spec.maxReplicas`: `10` → `11`"),
        "{stdout}"
    );
}

#[test]
fn summary_prints_markdown_with_a_diagram_and_an_optional_diff() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("old.toml"), SHOP).unwrap();
    std::fs::write(
        d.join("twinform.toml"),
        SHOP.replacen("max = 10", "max = 11", 1),
    )
    .unwrap();
    let (code, stdout, _) = twinform(d, &["summary", "twinform.toml", "--env", "prod"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("## twinform summary: `shop` (prod)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("```mermaid\nflowchart LR\n") && !stdout.contains("Infrastructure diff")
    );
    let (code, stdout, _) = twinform(d, &["summary", "twinform.toml", "--diff-from", "old.toml"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("### Infrastructure diff") && stdout.contains("spec.maxReplicas"),
        "{stdout}"
    );
}

/// `summary --diff-from` and `diff --format markdown` use one vocabulary: the same words for the
/// same change (here `ecs.cluster`: REPLACES, FAILS and the migration).
#[test]
fn summary_and_diff_say_the_same_words() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("old.toml"), SHOP).unwrap();
    std::fs::write(
        d.join("twinform.toml"),
        format!("{SHOP}\n[ecs]\ncluster = \"shared\"\n"),
    )
    .unwrap();
    let (code, diff, _) = twinform(
        d,
        &[
            "diff",
            "--from",
            "old.toml",
            "--to",
            "twinform.toml",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(code, 3);
    let (code, summary, _) = twinform(d, &["summary", "twinform.toml", "--diff-from", "old.toml"]);
    assert_eq!(code, 0);
    assert!(summary.contains(diff.trim_end()), "{summary}\n---\n{diff}");
    for words in [
        "**REPLACES**",
        "**FAILS**",
        "#### Migrations",
        "ECS services move to another cluster",
    ] {
        assert!(diff.contains(words), "{words}: {diff}");
    }
}

/// The shop with an internal `billing` service that `api` calls, `extra` added to it.
fn shop_with_billing(extra: &str) -> String {
    let shop = SHOP.replacen("calls = [\"auth\"]", "calls = [\"auth\", \"billing\"]", 1);
    format!(
        "{shop}\n[services.billing]\nimage = \"public.ecr.aws/acme/billing:1.0.0\"\nport = 8090\nhealth = {{ command = [\"/app/healthcheck\"] }}\n{extra}"
    )
}

/// `twinform exposure` in each format: text for people, Markdown equal to the committed
/// `EXPOSURE.md`, JSON for tools; a spec with errors exits 1 and prints nothing on stdout.
#[test]
fn exposure_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("twinform.toml"), shop_with_billing("")).unwrap();
    std::fs::write(d.join("shop.toml"), SHOP).unwrap();
    std::fs::write(
        d.join("bad.toml"),
        SHOP.replacen("port = 9000", "port = 0", 1),
    )
    .unwrap();
    let (code, text, _) = twinform(d, &["exposure", "--env", "prod"]);
    assert_eq!(code, 0);
    common::snapshot_settings().bind(|| insta::assert_snapshot!("cli_exposure_text", text));

    let (code, markdown, _) = twinform(
        d,
        &[
            "exposure",
            "shop.toml",
            "--env",
            "prod",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(code, 0);
    let committed = std::fs::read_to_string("examples/shop/EXPOSURE.md").unwrap();
    assert_eq!(markdown, committed);

    let (code, json, _) = twinform(d, &["exposure", "--env", "prod", "--format", "json"]);
    assert_eq!(code, 0);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let billing = parsed["services"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == "billing"))
        .unwrap();
    assert_eq!(billing["ecs"]["level"], "callers");
    assert_eq!(billing["eks"]["level"], "vpc");
    assert_eq!(billing["eks"]["declared"], "callers");

    let (code, stdout, stderr) = twinform(d, &["exposure", "bad.toml"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("TF008"), "{stderr}");
}

/// A change of exposure is said in words by `diff` (each format) and `summary --diff-from`;
/// an output directory has no model, so against one nothing is said.
#[test]
fn diff_and_summary_say_a_change_of_exposure() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("old.toml"), shop_with_billing("")).unwrap();
    std::fs::write(
        d.join("new.toml"),
        shop_with_billing("route = \"/billing\"\n"),
    )
    .unwrap();
    let sentence = "billing is now reachable from the internet via shop.example.com/billing";
    let (code, text, _) = twinform(d, &["diff", "old.toml", "new.toml", "--env", "prod"]);
    assert_eq!(code, 3);
    assert!(text.contains(&format!("exposure: {sentence}\n")), "{text}");
    let (_, markdown, _) = twinform(
        d,
        &[
            "diff", "old.toml", "new.toml", "--env", "prod", "--format", "markdown",
        ],
    );
    assert!(
        markdown.contains(&format!("#### Exposure\n\n- {sentence}\n")),
        "{markdown}"
    );
    let (_, json, _) = twinform(
        d,
        &[
            "diff", "old.toml", "new.toml", "--env", "prod", "--format", "json",
        ],
    );
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["exposure"], serde_json::json!([sentence]));
    assert!(parsed["changes"].as_array().is_some_and(|c| !c.is_empty()));

    let (code, summary, _) = twinform(
        d,
        &[
            "summary",
            "new.toml",
            "--env",
            "prod",
            "--diff-from",
            "old.toml",
        ],
    );
    assert_eq!(code, 0);
    assert!(summary.contains(&format!("- {sentence}\n")), "{summary}");
    assert!(summary.contains("**Exposure**"), "{summary}");

    let (code, _, _) = twinform(d, &["synth", "old.toml", "--env", "prod", "--out", "out"]);
    assert_eq!(code, 0);
    let (code, text, _) = twinform(d, &["diff", "out", "new.toml", "--env", "prod"]);
    assert_eq!(code, 3);
    assert!(!text.contains("exposure:"), "{text}");
}
