//! `--tag SERVICE=TAG` through the real binary: `synth` writes the overridden image on both
//! targets, `check` rejects an unknown service (exit 1, did-you-mean), a malformed flag is a
//! usage error (exit 2), and `diff` shows what deploying a new tag changes.

mod common;

use common::twinform;

const ESTATE: &str = include_str!("../examples/estate/twinform.toml");

#[test]
fn synth_writes_the_overridden_image_on_both_targets() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("twinform.toml"), ESTATE).unwrap();
    let (code, _, stderr) = twinform(
        d,
        &[
            "synth",
            "twinform.toml",
            "--env",
            "prod",
            "--tag",
            "cart=sha-9f1c2e",
            "--tag",
            "payments=2.0.2",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let template = std::fs::read_to_string(d.join("out/cloudformation/template.yaml")).unwrap();
    let cart = std::fs::read_to_string(d.join("out/kubernetes/cart.yaml")).unwrap();
    for text in [&template, &cart] {
        assert!(text.contains("/estate/cart:sha-9f1c2e"), "{text}");
    }
    assert!(template.contains("/estate/payments:2.0.2"));
    // The others keep prod's digests.
    assert!(template.contains("/estate/storefront@sha256:"));
}

#[test]
fn unknown_services_and_malformed_flags_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("twinform.toml"), ESTATE).unwrap();
    let (code, _, stderr) = twinform(d, &["check", "twinform.toml", "--tag", "strefront=1.0.0"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[TF052]"), "{stderr}");
    assert!(stderr.contains("did you mean `storefront`?"), "{stderr}");

    let (code, _, stderr) = twinform(d, &["check", "twinform.toml", "--tag", "storefront"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("SERVICE=TAG"), "{stderr}");
    let (code, _, stderr) = twinform(
        d,
        &[
            "check",
            "twinform.toml",
            "--tag",
            "cart=1",
            "--tag",
            "cart=2",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    // Nothing was written by any of them.
    assert!(!d.join("out").exists());
}

#[test]
fn diff_shows_what_a_new_tag_changes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("twinform.toml"), ESTATE).unwrap();
    let args = [
        "diff",
        "--from",
        "twinform.toml",
        "--to",
        "twinform.toml",
        "--env",
        "staging",
    ];
    let (code, _, stderr) = twinform(d, &args);
    assert_eq!(code, 0, "{stderr}");
    let mut tagged = args.to_vec();
    tagged.extend(["--tag", "storefront=4.3.0"]);
    let (code, stdout, stderr) = twinform(d, &tagged);
    assert_eq!(code, 3, "{stderr}");
    assert!(stdout.contains("StorefrontTaskDefinition"), "{stdout}");
    assert!(stdout.contains("/estate/storefront:4.3.0"), "{stdout}");
    assert!(!stdout.contains("CartTaskDefinition"), "{stdout}");
}
