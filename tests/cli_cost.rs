//! `twinform cost` through the real binary: the three formats, exit codes (0 ok, 1 spec errors,
//! 2 no prices for the Region), nothing on stdout on failure; and the cost change `diff` and
//! `summary --diff-from` show.

mod common;

use common::twinform;

const SHOP: &str = include_str!("../examples/shop/twinform.toml");

fn shop_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("twinform.toml"), SHOP).unwrap();
    dir
}

#[test]
fn cost_prints_each_format_on_stdout() {
    let dir = shop_dir();
    let (code, text, _) = twinform(dir.path(), &["cost", "--env", "prod"]);
    assert_eq!(code, 0);
    assert!(
        text.contains("ECS on Fargate: $242.12–$548.46/month"),
        "{text}"
    );
    let (code, markdown, _) = twinform(
        dir.path(),
        &["cost", "--env", "prod", "--format", "markdown"],
    );
    assert_eq!(code, 0);
    // The committed review artifact is exactly this command's output.
    assert_eq!(
        markdown,
        std::fs::read_to_string("examples/shop/COST.md").unwrap()
    );
    let (code, json, _) = twinform(dir.path(), &["cost", "--env", "prod", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["targets"][1]["target"], "eks");
    assert_eq!(v["totals"][0][1], "$242.12–$548.46/month");
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!("cli_cost__shop_base.txt", twinform(dir.path(), &["cost"]).1);
    });
}

#[test]
fn a_spec_with_errors_prints_nothing_on_stdout_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("twinform.toml"),
        SHOP.replacen("port = 9000", "port = 0", 1),
    )
    .unwrap();
    let (code, stdout, stderr) = twinform(dir.path(), &["cost"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("twinform.toml:"), "{stderr}");
}

#[test]
fn a_region_without_prices_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("twinform.toml"),
        SHOP.replace("us-east-1", "ap-south-1"),
    )
    .unwrap();
    let (code, stdout, stderr) = twinform(dir.path(), &["cost"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains("no prices for Region `ap-south-1`"),
        "{stderr}"
    );
    let (code, _, _) = twinform(dir.path(), &["cost", "--env", "nope"]);
    assert_ne!(code, 0);
    // `summary` still works, and says why there is no cost.
    let (code, summary, _) = twinform(dir.path(), &["summary"]);
    assert_eq!(code, 0);
    assert!(
        summary.contains("**Monthly cost:** twinform's price table (2026-12-06) has no prices for Region `ap-south-1`"),
        "{summary}"
    );
}

/// A Region whose figures nobody checked says so wherever its range is shown.
#[test]
fn unverified_prices_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("twinform.toml"),
        SHOP.replace("us-east-1", "eu-west-1"),
    )
    .unwrap();
    let (code, summary, _) = twinform(dir.path(), &["summary"]);
    assert_eq!(code, 0);
    assert!(
        summary.contains("for eu-west-1 (not checked by hand)"),
        "{summary}"
    );
    let (_, text, _) = twinform(dir.path(), &["cost"]);
    assert!(text.contains("NOT checked by hand"), "{text}");
}

/// Raising auth's maximum from 10 to 20 tasks adds 10 × $18.02005 = $180.2005 at the top and
/// nothing at the bottom, on both targets.
#[test]
fn diff_and_summary_show_the_cost_change() {
    let dir = shop_dir();
    std::fs::write(
        dir.path().join("new.toml"),
        SHOP.replacen("max = 10", "max = 20", 1),
    )
    .unwrap();
    let (code, text, _) = twinform(dir.path(), &["diff", "twinform.toml", "new.toml"]);
    assert_eq!(code, 3);
    assert!(
        text.contains(
            "monthly cost: ECS on Fargate +$0.00–$180.20/month; EKS on Fargate +$0.00–$180.20/month"
        ),
        "{text}"
    );
    let (code, json, _) = twinform(
        dir.path(),
        &["diff", "twinform.toml", "new.toml", "--format", "json"],
    );
    assert_eq!(code, 3);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        v["cost"]
            .as_str()
            .unwrap()
            .starts_with("ECS on Fargate +$0.00–$180.20")
    );
    let (code, summary, _) = twinform(
        dir.path(),
        &["summary", "new.toml", "--diff-from", "twinform.toml"],
    );
    assert_eq!(code, 0);
    assert!(
        summary.contains("**Monthly cost:** ECS on Fargate +$0.00–$180.20/month"),
        "{summary}"
    );
    assert!(
        summary.contains("**Monthly cost:** ECS on Fargate $140.38–$464.74/month"),
        "{summary}"
    );
    // An output directory has no model to price: the diff says nothing about cost.
    let (code, _, _) = twinform(dir.path(), &["synth", "--out", "out"]);
    assert_eq!(code, 0);
    let (_, text, _) = twinform(dir.path(), &["diff", "out", "new.toml"]);
    assert!(!text.contains("monthly cost"), "{text}");
}
