//! Every broken spec of the corpus through the real binary: exit 1, the first diagnostic at
//! `path:line:col`, and nothing written — an earlier output directory stays byte-identical.

use std::collections::BTreeMap;
use std::path::Path;

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(
                    path.strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn broken_specs_exit_1_and_write_nothing() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let run = |args: &[&str]| {
        assert_cmd::Command::new(env!("CARGO_BIN_EXE_twinform"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let shop = Path::new("examples/shop/twinform.toml")
        .canonicalize()
        .unwrap();
    assert!(
        run(&[
            "synth",
            shop.to_str().unwrap(),
            "--out",
            out.to_str().unwrap()
        ])
        .status
        .success()
    );
    let before = snapshot(&out);
    assert!(before.len() > 5);

    let mut files: Vec<_> = std::fs::read_dir("tests/bad")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut broken = 0;
    for file in files
        .iter()
        .filter(|f| f.file_name().unwrap().to_string_lossy().starts_with("TF0"))
    {
        let text = std::fs::read_to_string(file).unwrap();
        // `#! env: NAME` selects an environment, as in tests/bad.rs.
        let env = text
            .lines()
            .find_map(|l| l.strip_prefix("#! env:"))
            .map(str::trim);
        let mut args = vec![
            "synth",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        if let Some(env) = env {
            args.extend(["--env", env]);
        }
        // `#! tag: SERVICE=TAG` is a `--tag` override, as in tests/bad.rs.
        for tag in text.lines().filter_map(|l| l.strip_prefix("#! tag:")) {
            args.extend(["--tag", tag.trim()]);
        }
        let output = run(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}: {stderr}",
            file.display()
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        let located = format!("{}:", file.display());
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&located) && l.contains(": error[TF")),
            "{}: {stderr}",
            file.display()
        );
        assert_eq!(
            snapshot(&out),
            before,
            "{} changed the output directory",
            file.display()
        );
        broken += 1;
    }
    assert!(broken >= 35, "only {broken} broken specs in the corpus");
}

/// `twinform check bad.toml 2>&1 | head -1` closes stderr early: the diagnostics that no longer
/// fit are dropped, and the exit code still says "the spec has errors" — never a panic (101),
/// as `eprint!` would on a closed pipe.
#[test]
fn a_closed_stderr_is_not_a_panic() {
    for args in [
        vec!["check", "tests/bad/TF074_job_schedule.toml"],
        vec![
            "synth",
            "tests/bad/TF074_job_schedule.toml",
            "--target",
            "kubernetes",
            "--out",
            "-",
        ],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_twinform"))
            .args(&args)
            .stdout(std::process::Stdio::null())
            .stderr(writer)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(1), "{args:?}");
    }
}
