//! A CLI that teaches: `explain`, the spec found without naming it, `init` into a directory,
//! every failure in the chosen message format. Each test runs the real binary in a temporary
//! directory and checks the exit code, the output and what was (not) written.

mod common;

use common::twinform;
use std::path::Path;

const SHOP: &str = include_str!("../examples/shop/twinform.toml");
const BAD: &str = include_str!("bad/TF013_unknown_call.toml");

fn project() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn explain_prints_the_registry_entry_of_a_code() {
    let dir = project();
    let (code, stdout, stderr) = twinform(dir.path(), &["explain", "tf007"]);
    assert_eq!(code, 0, "{stderr}");
    let code7 = twinform::diag::Code::ALL
        .iter()
        .find(|c| c.as_str() == "TF007")
        .unwrap();
    assert!(stdout.starts_with(&format!("TF007 (error): {}\n\n", code7.summary())));
    assert!(stdout.contains(code7.explanation()));

    let (code, stdout, stderr) = twinform(dir.path(), &["explain", "TF999"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("no diagnostic code `TF999`"), "{stderr}");
}

#[test]
fn human_diagnostics_end_with_a_pointer_to_explain() {
    let dir = project();
    write(dir.path(), "twinform.toml", BAD);
    let (code, _, stderr) = twinform(dir.path(), &["check"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("For more information about a code, try `twinform explain TF013`."),
        "{stderr}"
    );
    // Machine formats carry the code in every object instead.
    let (_, _, stderr) = twinform(dir.path(), &["check", "--message-format", "json"]);
    assert!(!stderr.contains("twinform explain"), "{stderr}");
}

#[test]
fn the_spec_is_found_as_cargo_finds_cargo_toml() {
    let dir = project();
    // Nothing here: a usage error that says what to do.
    let (code, _, stderr) = twinform(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no twinform.toml in the current directory"),
        "{stderr}"
    );
    assert!(stderr.contains("twinform init"), "{stderr}");

    write(dir.path(), "twinform.toml", SHOP);
    for args in [&["check"][..], &["check", "."], &["summary"]] {
        let (code, _, stderr) = twinform(dir.path(), args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
    let (code, _, stderr) = twinform(dir.path(), &["synth", "--env", "prod"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        dir.path()
            .join("out/cloudformation/template.yaml")
            .is_file()
    );

    // A directory as SPEC uses its twinform.toml; one without it is refused, naming it.
    write(dir.path(), "infra/twinform.toml", SHOP);
    let (code, _, stderr) = twinform(dir.path(), &["check", "infra"]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let (code, _, stderr) = twinform(dir.path(), &["check", "empty"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("empty is a directory without a twinform.toml"),
        "{stderr}"
    );
}

#[test]
fn init_into_a_directory_writes_its_twinform_toml() {
    let dir = project();
    std::fs::create_dir(dir.path().join("infra")).unwrap();
    let (code, _, stderr) = twinform(dir.path(), &["init", "infra"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = twinform(dir.path(), &["check", "infra/twinform.toml"]);
    assert_eq!(code, 0, "{stderr}");
    // A trailing slash names a directory that does not exist yet.
    let (code, _, stderr) = twinform(dir.path(), &["init", "fresh/"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.path().join("fresh/twinform.toml").is_file());
    // So does a new name without an extension (as `cargo new myapp`); a `.toml` name is a file.
    let (code, _, stderr) = twinform(dir.path(), &["init", "myapp"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.path().join("myapp/twinform.toml").is_file());
    let (code, _, stderr) = twinform(dir.path().join("myapp").as_path(), &["check"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = twinform(dir.path(), &["init", "other.toml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.path().join("other.toml").is_file());
    // Never over an existing spec.
    let before = std::fs::read(dir.path().join("infra/twinform.toml")).unwrap();
    let (code, _, stderr) = twinform(dir.path(), &["init", "infra"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(
        std::fs::read(dir.path().join("infra/twinform.toml")).unwrap(),
        before
    );
}

#[test]
fn failures_of_the_tool_come_in_the_chosen_message_format() {
    let dir = project();
    // An I/O error and a usage error (clap's and twinform's own), as JSON objects shaped like
    // diagnostics, on stderr.
    for args in [
        &["check", "missing.toml", "--message-format", "json"][..],
        &["check", "--message-format=json", "--bogus"],
        &[
            "check",
            "x.toml",
            "--tag",
            "api",
            "--message-format",
            "json",
        ],
    ] {
        let (code, stdout, stderr) = twinform(dir.path(), args);
        assert_eq!((code, stdout.as_str()), (2, ""), "{args:?}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: {stderr}");
        let object: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(object["severity"], "error");
        assert!(object["code"].is_null() && object["file"].is_null());
        assert!(!object["message"].as_str().unwrap().is_empty());
    }
    // GitHub annotations go to stdout, where the runner reads workflow commands.
    let (code, stdout, _) = twinform(
        dir.path(),
        &["check", "missing.toml", "--message-format", "github"],
    );
    assert_eq!(code, 2);
    assert!(
        stdout.starts_with("::error title=twinform::cannot read missing.toml"),
        "{stdout}"
    );
}

#[test]
fn diff_takes_two_positional_sides_and_marks_additions_as_such() {
    let dir = project();
    write(dir.path(), "old.toml", SHOP);
    // A new service, before the environments so it is part of the base spec.
    let grown = SHOP.replacen(
        "[environments.",
        "[services.search]\nimage = \"public.ecr.aws/acme/search:1.0.0\"\nport = 8090\n\n[environments.",
        1,
    );
    write(dir.path(), "new.toml", &grown);
    let positional = twinform(
        dir.path(),
        &["diff", "old.toml", "new.toml", "--format", "json"],
    );
    let flags = twinform(
        dir.path(),
        &[
            "diff", "--from", "old.toml", "--to", "new.toml", "--format", "json",
        ],
    );
    assert_eq!(positional.0, 3, "{}", positional.2);
    assert_eq!(positional, flags);
    let diff: serde_json::Value = serde_json::from_str(&positional.1).unwrap();
    let changes = diff["changes"].as_array().unwrap();
    let added: Vec<&serde_json::Value> =
        changes.iter().filter(|c| c["change"] == "added").collect();
    assert!(!added.is_empty());
    assert!(added.iter().all(|c| c["effect"] == "add"), "{added:?}");
    // Objects without a namespace are `Kind/name`, never `Kind//…`.
    assert!(
        changes
            .iter()
            .all(|c| !c["id"].as_str().unwrap().contains("//"))
    );
    assert!(
        changes
            .iter()
            .any(|c| c["id"] == "Kustomization/kustomization.yaml"),
        "{changes:?}"
    );
    // One side, or both forms at once, is a usage error.
    for args in [
        &["diff", "old.toml"][..],
        &["diff", "old.toml", "new.toml", "--from", "old.toml"],
    ] {
        assert_eq!(twinform(dir.path(), args).0, 2, "{args:?}");
    }
}

/// What the shell gets back for `twinform COMMAND … --env <TAB>` / `--tag <TAB>`.
fn complete(dir: &Path, words: &[&str]) -> Vec<String> {
    let output = assert_cmd::Command::new(env!("CARGO_BIN_EXE_twinform"))
        .env("COMPLETE", "fish")
        .arg("--")
        .arg("twinform")
        .args(words)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn completion_offers_the_specs_environments_and_services() {
    let dir = project();
    write(dir.path(), "infra/twinform.toml", SHOP);
    // The spec named on the line (a file or its directory), or ./twinform.toml.
    assert_eq!(
        complete(dir.path(), &["synth", "infra", "--env", ""]),
        ["dev", "prod"]
    );
    assert_eq!(
        complete(dir.path(), &["check", "infra/twinform.toml", "--env", "p"]),
        ["prod"]
    );
    assert_eq!(
        complete(dir.path(), &["synth", "infra", "--tag", ""]),
        ["api=", "auth=", "frontend="]
    );
    assert_eq!(
        complete(
            &dir.path().join("infra"),
            &["diff", "a.toml", "b.toml", "--tag", "a"]
        ),
        ["api=", "auth="]
    );
    // No spec to read: nothing to offer, and no error.
    assert!(complete(dir.path(), &["check", "--env", ""]).is_empty());
}
