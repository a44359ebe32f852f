//! The real binary, one test per user story, each in its own temporary project directory.
//!
//! The emitters may still change what is written, so these tests compare the output directory
//! with what the library's `synthesize` returns rather than with template text, and snapshot
//! only what the CLI itself prints.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const SHOP: &str = include_str!("../examples/shop/twinform.toml");

/// The shop spec with an unknown key at line 6, column 1 (TF001, found by the loader).
const BAD: &str = "[app]\nname = \"shop\"\n[services.api]\nimage = \"public.ecr.aws/acme/api:1.0.0\"\n\
                   port = 8080\nrepicas = 2\n";

/// The shop spec with an EKS cluster, so the kubernetes target also writes
/// `cloudformation/eks-fargate.template.yaml`.
fn shop_with_cluster() -> String {
    SHOP.replace(
        "namespace = \"shop\"\n",
        "namespace = \"shop\"\ncluster = \"prod-eks\"\n\
         private_subnets = [\"subnet-0a1b2c3d4e5f60718\", \"subnet-0b2c3d4e5f6071829\"]\n",
    )
}

struct Project {
    dir: TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Project {
    /// A temporary directory holding the shop spec as `twinform.toml`.
    fn new() -> Project {
        let project = Project {
            dir: tempfile::tempdir().expect("create a temp dir"),
        };
        project.write("twinform.toml", SHOP);
        project
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dirs");
        }
        std::fs::write(path, contents).expect("write a file");
    }

    fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    fn run(&self, args: &[&str]) -> Run {
        let output = assert_cmd::Command::new(env!("CARGO_BIN_EXE_twinform"))
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("NO_COLOR")
            .env("COLUMNS", "100")
            .output()
            .expect("run twinform");
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "twinform panicked:\n{}",
            run.stderr
        );
        run
    }

    /// Every file below `rel` (relative path → bytes); empty when it does not exist.
    fn tree(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries {
                let path = entry.expect("dir entry").path();
                if path.is_dir() {
                    walk(root, &path, out);
                } else {
                    let rel = path.strip_prefix(root).expect("below root");
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    out.insert(rel, std::fs::read(&path).expect("read"));
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.path(rel), &self.path(rel), &mut out);
        out
    }

    /// Names in the project directory: temp directories left beside `out` would show here.
    fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .expect("read project dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// What the library would write for the spec at `rel`, plus the marker.
    fn expected(&self, rel: &str, targets: twinform::Targets) -> BTreeMap<String, Vec<u8>> {
        let text = String::from_utf8(self.read(rel)).expect("utf-8 spec");
        let options = twinform::Options {
            targets,
            // The CLI records the spec relative to the output directory.
            source: Some(format!("../{rel}")),
            ..Default::default()
        };
        let synthesis = twinform::synthesize(rel, &text, &options)
            .unwrap_or_else(|c| panic!("{:?}", c.diagnostics));
        let mut files = synthesis.files;
        files.insert(".twinform".into(), self.read("out/.twinform"));
        files
    }
}

const ALL: twinform::Targets = twinform::Targets {
    cloudformation: true,
    kubernetes: true,
};

fn snapshot(name: &str, project: &Project, run: &Run) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    let tmp = project.dir.path().to_string_lossy().into_owned();
    settings.add_filter(&regex_escape(&tmp), "[TMP]");
    settings.add_filter(&regex_escape(env!("CARGO_PKG_VERSION")), "[VERSION]");
    let text = format!(
        "status: {}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    );
    settings.bind(|| insta::assert_snapshot!(name, text));
}

fn regex_escape(text: &str) -> String {
    text.chars().fold(String::new(), |mut out, c| {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
        out
    })
}

#[test]
fn synth_writes_the_output_and_the_marker() {
    let p = Project::new();
    let run = p.run(&["synth", "twinform.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = p.tree("out");
    assert_eq!(written, p.expected("twinform.toml", ALL));
    assert!(written.contains_key("cloudformation/template.yaml"));
    assert!(String::from_utf8_lossy(&written[".twinform"]).contains("twinform"));
    let files = written.len() - 1;
    let noun = if files == 1 { "file" } else { "files" };
    assert!(
        run.stderr
            .starts_with(&format!("wrote {files} {noun} to out/")),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    assert_eq!(
        p.entries(),
        ["out", "twinform.toml"],
        "no temporary directory left behind"
    );

    // A second run replaces the directory it owns, and JSON goes where YAML was.
    let run = p.run(&["synth", "twinform.toml", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = p.tree("out");
    assert!(written.contains_key("cloudformation/template.json"));
    assert!(
        !written.contains_key("cloudformation/template.yaml"),
        "stale file removed"
    );
    assert_eq!(p.entries(), ["out", "twinform.toml"]);
}

#[test]
fn synth_with_errors_writes_nothing() {
    let p = Project::new();
    p.write("bad.toml", BAD);
    let run = p.run(&["synth", "bad.toml"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("bad.toml:6:1"), "{}", run.stderr);
    assert!(run.stderr.contains("TF001"), "{}", run.stderr);
    assert!(
        !run.stderr.contains('\x1b'),
        "no colour when stderr is not a terminal"
    );
    assert!(
        run.stderr.contains("nothing written to out/"),
        "{}",
        run.stderr
    );
    assert_eq!(p.entries(), ["bad.toml", "twinform.toml"]);

    // An earlier good output stays byte-identical.
    assert_eq!(p.run(&["synth", "twinform.toml"]).code, 0);
    let before = p.tree("out");
    let run = p.run(&["synth", "bad.toml"]);
    assert_eq!(run.code, 1);
    assert_eq!(p.tree("out"), before);
    assert_eq!(p.entries(), ["bad.toml", "out", "twinform.toml"]);
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let p = Project::new();
    let run = p.run(&["synth", "twinform.toml", "--outt", "x"]);
    assert_eq!(run.code, 2);
    snapshot("cli__unknown_flag", &p, &run);
    assert_eq!(p.run(&["synth", "twinform.toml", "--out", "."]).code, 2);
    assert_eq!(p.entries(), ["twinform.toml"]);
}

#[test]
fn unreadable_specs_fail_with_one_line() {
    let p = Project::new();
    std::fs::create_dir(p.path("a-directory")).expect("mkdir");
    p.write("latin1.toml", b"[app]\nname = \"caf\xe9\"\n");
    let mut lines = String::new();
    for (args, code) in [
        (vec!["check", "missing.toml"], 2),
        (vec!["check", "a-directory"], 2),
        (vec!["synth", "latin1.toml"], 2),
        (vec!["synth", "missing.toml", "--check"], 2),
    ] {
        let run = p.run(&args);
        assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        lines.push_str(&format!("{}: {}", args.join(" "), run.stderr));
    }
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("cli__unreadable_specs", lines);
    });
    assert_eq!(p.entries(), ["a-directory", "latin1.toml", "twinform.toml"]);
}

/// Permissions do not stop root, so this only asserts when the file really is unreadable.
#[cfg(unix)]
#[test]
fn unreadable_file_fails_with_one_line() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new();
    std::fs::set_permissions(
        p.path("twinform.toml"),
        std::fs::Permissions::from_mode(0o000),
    )
    .expect("chmod");
    let readable = std::fs::read(p.path("twinform.toml")).is_ok();
    let run = p.run(&["check", "twinform.toml"]);
    if readable {
        assert_eq!(run.code, 0, "running as root: the file is readable");
    } else {
        assert_eq!(run.code, 2);
        assert_eq!(
            run.stderr,
            "twinform: cannot read twinform.toml: permission denied\n"
        );
    }
}

#[test]
fn a_foreign_out_directory_is_refused() {
    let p = Project::new();
    p.write("out/notes.txt", "mine\n");
    let run = p.run(&["synth", "twinform.toml"]);
    assert_eq!(run.code, 2);
    snapshot("cli__foreign_out_refused", &p, &run);
    assert_eq!(p.tree("out").keys().collect::<Vec<_>>(), ["notes.txt"]);
    assert_eq!(p.entries(), ["out", "twinform.toml"]);

    p.write("file-out", "x");
    let run = p.run(&["synth", "twinform.toml", "--out", "file-out"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a directory"), "{}", run.stderr);

    // An empty directory is fine: nothing in it can be lost.
    std::fs::create_dir(p.path("empty")).expect("mkdir");
    assert_eq!(p.run(&["synth", "twinform.toml", "--out", "empty"]).code, 0);
    assert!(p.path("empty/.twinform").is_file());
}

#[test]
fn a_single_target_rewrites_only_its_own_files() {
    let p = Project::new();
    p.write("twinform.toml", shop_with_cluster());
    assert_eq!(p.run(&["synth", "twinform.toml"]).code, 0);
    let fresh = p.tree("out");
    assert!(
        fresh.contains_key("cloudformation/eks-fargate.template.yaml"),
        "{:?}",
        fresh.keys()
    );

    // Hand edits in both trees (files twinform wrote; a file it did not write is refused, see
    // tests/cli_output.rs).
    p.write("out/cloudformation/template.yaml", "edited: cfn\n");
    p.write(
        "out/cloudformation/eks-fargate.template.yaml",
        "edited: eks\n",
    );
    p.write("out/kubernetes/api.yaml", "kind: Edited\n");

    let run = p.run(&["synth", "twinform.toml", "--target", "kubernetes"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = p.tree("out");
    assert_eq!(
        after["cloudformation/template.yaml"], b"edited: cfn\n",
        "cloudformation untouched"
    );
    assert_eq!(
        after["cloudformation/eks-fargate.template.yaml"],
        fresh["cloudformation/eks-fargate.template.yaml"]
    );
    assert_eq!(
        after["kubernetes/api.yaml"], fresh["kubernetes/api.yaml"],
        "kubernetes rewritten"
    );

    p.write(
        "out/cloudformation/eks-fargate.template.yaml",
        "edited: eks\n",
    );
    p.write("out/kubernetes/api.yaml", "kind: Edited\n");
    let run = p.run(&["synth", "twinform.toml", "--target", "cloudformation"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = p.tree("out");
    assert_eq!(
        after["cloudformation/template.yaml"],
        fresh["cloudformation/template.yaml"]
    );
    assert_eq!(
        after["cloudformation/eks-fargate.template.yaml"], b"edited: eks\n",
        "belongs to kubernetes"
    );
    assert_eq!(
        after["kubernetes/api.yaml"], b"kind: Edited\n",
        "kubernetes untouched"
    );
    assert_eq!(p.entries(), ["out", "twinform.toml"]);
}

#[test]
fn synth_check_is_a_ci_gate() {
    let p = Project::new();
    let run = p.run(&["synth", "twinform.toml", "--check"]);
    assert_eq!(run.code, 2, "missing directory: {}", run.stderr);
    assert_eq!(p.entries(), ["twinform.toml"], "--check writes nothing");

    assert_eq!(p.run(&["synth", "twinform.toml"]).code, 0);
    let run = p.run(&["synth", "twinform.toml", "--check"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    assert_eq!(run.stderr, "out/ is up to date\n");

    // A hand edit and a stray file in a rewritten subtree are both differences.
    let mut template = p.read("out/cloudformation/template.yaml");
    template.extend_from_slice(b"# hand edit\n");
    p.write("out/cloudformation/template.yaml", &template);
    p.write("out/kubernetes/stray.yaml", "kind: Stray\n");
    let before = p.tree("out");
    let run = p.run(&["synth", "twinform.toml", "--check"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("--- a/cloudformation/template.yaml\n+++ b/cloudformation/template.yaml\n")
    );
    assert!(run.stdout.contains("\n-# hand edit\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("--- a/kubernetes/stray.yaml\n+++ /dev/null\n@@ -1 +0,0 @@\n-kind: Stray\n")
    );
    assert_eq!(
        run.stderr,
        "2 files differ in out/; to update it, run:\n  twinform synth twinform.toml --out out\n"
    );
    assert_eq!(p.tree("out"), before, "--check writes nothing");
    assert_eq!(p.entries(), ["out", "twinform.toml"]);

    // Only the selected target counts: the stray kubernetes file is not cloudformation's.
    let run = p.run(&[
        "synth",
        "twinform.toml",
        "--check",
        "--target",
        "kubernetes",
    ]);
    assert_eq!(run.code, 3);
    assert!(!run.stdout.contains("template.yaml"), "{}", run.stdout);

    // A deleted file is a difference too; the marker is not.
    std::fs::remove_file(p.path("out/kubernetes/stray.yaml")).expect("rm stray");
    assert_eq!(p.run(&["synth", "twinform.toml"]).code, 0);
    std::fs::remove_file(p.path("out/.twinform")).expect("rm marker");
    assert_eq!(p.run(&["synth", "twinform.toml", "--check"]).code, 0);
    std::fs::remove_file(p.path("out/cloudformation/template.yaml")).expect("rm");
    let run = p.run(&["synth", "twinform.toml", "--check"]);
    assert_eq!(run.code, 3);
    assert!(
        run.stdout
            .starts_with("--- /dev/null\n+++ b/cloudformation/template.yaml\n"),
        "{}",
        run.stdout
    );

    p.write("bad.toml", BAD);
    assert_eq!(p.run(&["synth", "bad.toml", "--check"]).code, 1);
}

#[test]
fn init_writes_a_spec_that_checks_and_never_overwrites() {
    let p = Project::new();
    std::fs::remove_file(p.path("twinform.toml")).expect("rm");
    let run = p.run(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = String::from_utf8(p.read("twinform.toml")).expect("utf-8");
    assert!(
        written.starts_with("# Editor support: run `twinform schema"),
        "{written}"
    );
    assert!(
        !written.contains("#:schema ../../"),
        "no path into twinform's own repository"
    );
    assert!(written.contains("[services.auth.autoscale]"));
    let check = p.run(&["check", "twinform.toml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);

    p.write("other.toml", "keep me\n");
    let run = p.run(&["init", "other.toml"]);
    assert_eq!(run.code, 2);
    snapshot("cli__init_refuses_to_overwrite", &p, &run);
    assert_eq!(p.read("other.toml"), b"keep me\n");
    assert_eq!(p.run(&["init"]).code, 2);
    assert_eq!(p.read("twinform.toml"), written.as_bytes());
}

#[test]
fn schema_prints_the_committed_json_schema() {
    let p = Project::new();
    let run = p.run(&["schema"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(schema["title"], "twinform spec");
    let committed =
        std::fs::read_to_string("schemas/twinform.schema.json").expect("committed schema");
    assert_eq!(run.stdout, committed);
}

#[test]
fn completions_for_bash() {
    let p = Project::new();
    let run = p.run(&["completions", "bash"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The script registers a function that calls twinform back (tests/cli_teach.rs checks the
    // answers).
    assert!(
        run.stdout.contains("_clap_complete_twinform()"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("COMPLETE=\"bash\""), "{}", run.stdout);
    assert_eq!(p.run(&["completions", "tcsh"]).code, 2);
}

#[test]
fn message_format_json_prints_one_object_per_line() {
    let p = Project::new();
    p.write("bad.toml", BAD);
    let run = p.run(&["check", "bad.toml", "--message-format", "json"]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.is_empty());
    for line in run.stderr.lines() {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(value.is_object(), "{line}");
    }
    assert!(run.stderr.contains("TF001"), "{}", run.stderr);

    let run = p.run(&["synth", "twinform.toml", "--message-format", "json"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, ""),
        "no human summary line in JSON mode"
    );
}

#[test]
fn check_reports_and_writes_nothing() {
    let p = Project::new();
    let run = p.run(&["check", "twinform.toml", "--env", "prod"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("twinform.toml: ok"),
        "{}",
        run.stderr
    );
    p.write("bad.toml", BAD);
    let run = p.run(&["check", "bad.toml"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("bad.toml:6:1"), "{}", run.stderr);
    let summary = run.stderr.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("bad.toml: ") && summary.contains("error"),
        "{}",
        run.stderr
    );
    assert_eq!(p.entries(), ["bad.toml", "twinform.toml"]);
}

#[test]
fn help_documents_the_exit_codes() {
    let p = Project::new();
    let run = p.run(&["--help"]);
    assert_eq!(run.code, 0);
    snapshot("cli__help", &p, &run);
    let run = p.run(&["synth", "--help"]);
    assert_eq!(run.code, 0);
    snapshot("cli__synth_help", &p, &run);
    // Every command ends with examples and the exit codes it can return, no others.
    for (command, codes) in [
        ("synth", &["0", "1", "2", "3"][..]),
        ("check", &["0", "1", "2"]),
        ("explain", &["0", "2"]),
        ("schema", &["0", "2"]),
        ("init", &["0", "2"]),
        ("diff", &["0", "1", "2", "3"]),
        ("summary", &["0", "1", "2"]),
        ("completions", &["0", "2"]),
    ] {
        let run = p.run(&[command, "--help"]);
        let help = &run.stdout;
        let examples = help.find("Examples:\n  twinform ");
        let footer = help.find("Exit codes:\n");
        assert!(
            examples.is_some() && footer > examples,
            "{command} --help:\n{help}"
        );
        let listed: Vec<&str> = help[footer.unwrap_or_default()..]
            .lines()
            .skip(1)
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert_eq!(listed, codes, "{command} --help:\n{help}");
    }
}

/// A new `--out` gets the permissions any new directory gets (not the private 0700 of a temp
/// directory); an existing one keeps its own.
#[cfg(unix)]
#[test]
fn output_directory_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Project, rel: &str| {
        std::fs::metadata(p.path(rel))
            .expect("stat")
            .permissions()
            .mode()
            & 0o777
    };
    let p = Project::new();
    std::fs::create_dir(p.path("plain")).expect("mkdir");
    assert_eq!(p.run(&["synth", "twinform.toml"]).code, 0);
    assert_eq!(mode(&p, "out"), mode(&p, "plain"));

    std::fs::set_permissions(p.path("out"), std::fs::Permissions::from_mode(0o750)).expect("chmod");
    assert_eq!(p.run(&["synth", "twinform.toml"]).code, 0);
    assert_eq!(mode(&p, "out"), 0o750);
}
