//! The bad-input corpus: `tests/bad/*.toml`, each a broken spec named after the code it must
//! trigger, with the expectations written inside the file, next to the problem:
//!
//! ```toml
//! cpu = 300
//! #     ^^^ TF007
//! ```
//!
//! A caret comment expects each listed code at the line above it (stacked caret comments all
//! refer to the nearest non-caret line) and at the column of its first `^`; for a span on one
//! line, the number of carets is its width, so a span cannot silently widen to a whole table.
//! `# expect: TF029` expects a diagnostic without a place in the text, and a first line
//! `# env: prod` selects that environment. The expectations are exact: every diagnostic, warnings included, must be
//! expected, so a corpus file cannot pick up unnoticed problems. The rendered diagnostics of
//! each file are snapshotted (`snapshots/bad__corpus@<file>.snap`).

use std::collections::BTreeSet;
use std::path::Path;
use twinform::diag::{Diagnostic, Severity, render};

/// (line, column, code); line and column are 0 for diagnostics without a span.
type Expectation = (usize, usize, String);

struct Case {
    env: Option<String>,
    expected: BTreeSet<Expectation>,
    /// How many carets each expectation has: the width of the span it expects.
    widths: Vec<(Expectation, usize)>,
}

fn parse_case(text: &str) -> Case {
    let env = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# env:"))
        .map(|e| e.trim().to_owned());
    let mut expected = BTreeSet::new();
    let mut widths = Vec::new();
    let mut target = 0;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(codes) = trimmed.strip_prefix("# expect:") {
            expected.extend(codes.split_whitespace().map(|c| (0, 0, c.to_owned())));
            continue;
        }
        let caret = line.find('^');
        let is_caret_comment = trimmed.starts_with('#')
            && caret.is_some_and(|c| {
                line[..c]
                    .trim_start()
                    .trim_start_matches('#')
                    .trim()
                    .is_empty()
            });
        match caret {
            Some(c) if is_caret_comment => {
                let column = line[..c].chars().count() + 1;
                let rest = line[c..].trim_start_matches('^');
                let width = line.len() - c - rest.len();
                for code in rest.split_whitespace() {
                    let expectation = (target, column, code.to_owned());
                    widths.push((expectation.clone(), width));
                    expected.insert(expectation);
                }
            }
            _ => target = i + 1,
        }
    }
    Case {
        env,
        expected,
        widths,
    }
}

fn actual(diagnostics: &[Diagnostic], located: &twinform::spec::Located) -> BTreeSet<Expectation> {
    diagnostics
        .iter()
        .map(|d| {
            let (line, column) = d
                .primary
                .as_ref()
                .map_or((0, 0), |l| located.line_col(l.span.start));
            (line, column, d.code.to_string())
        })
        .collect()
}

/// Checks one corpus file and returns its rendered diagnostics, or what is wrong.
fn check_file(path: &Path) -> Result<String, String> {
    let file = path.file_name().unwrap().to_str().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let case = parse_case(&text);
    let checked = twinform::check_source(file, &text, case.env.as_deref());
    let rendered = render::plain(&checked.diagnostics, &checked.located);

    if case.expected.is_empty() {
        return Err(format!("{file}: no caret comments"));
    }
    if let Some(code) = file.split('_').next().filter(|c| c.starts_with("TF"))
        && !case.expected.iter().any(|(_, _, c)| c == code)
    {
        return Err(format!("{file}: named after {code} but never expects it"));
    }
    // Exact: nothing missing, nothing unexpected; duplicates at one place count once.
    let actual = actual(&checked.diagnostics, &checked.located);
    if actual != case.expected {
        let missing: Vec<_> = case.expected.difference(&actual).collect();
        let unexpected: Vec<_> = actual.difference(&case.expected).collect();
        return Err(format!(
            "{file}: missing {missing:?}, unexpected {unexpected:?}\n{rendered}"
        ));
    }
    // The carets also give the span's width (narrowest value, not the whole table), checked
    // for spans on one line.
    for ((line, column, code), width) in &case.widths {
        for d in &checked.diagnostics {
            let Some(label) = &d.primary else { continue };
            let at = checked.located.line_col(label.span.start);
            let shown = &text[label.span.clone()];
            if at != (*line, *column) || d.code.as_str() != code || shown.contains('\n') {
                continue;
            }
            if shown.chars().count() != *width {
                return Err(format!(
                    "{file}:{line}:{column}: {code} spans `{shown}` ({} characters), the carets {width}",
                    shown.chars().count()
                ));
            }
        }
    }
    let has_errors = checked
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    if checked.model.is_none() != has_errors {
        return Err(format!(
            "{file}: a model must exist exactly when there are no errors"
        ));
    }
    Ok(rendered)
}

fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

#[test]
fn corpus() {
    // Expectation failures are collected so that one run lists every broken file.
    let mut failures = Vec::new();
    snapshot_settings().bind(|| {
        insta::glob!("bad/*.toml", |path| match check_file(path) {
            Ok(rendered) => insta::assert_snapshot!("bad__corpus", rendered),
            Err(failure) => failures.push(failure),
        });
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn synth_writes_nothing_for_a_broken_spec() {
    // The CLI end of the corpus: every file with an error exits 1 and leaves `--out` absent;
    // a file with warnings only is synthesized (exit 0).
    let dir = tempfile::tempdir().unwrap();
    let mut paths: Vec<_> = std::fs::read_dir("tests/bad")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for (i, path) in paths.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let case = parse_case(&text);
        let errors = case
            .expected
            .iter()
            .any(|(_, _, code)| code.starts_with("TF0"));
        let out = dir.path().join(format!("out{i}"));
        let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_twinform"));
        cmd.arg("synth").arg(path).arg("--out").arg(&out);
        if let Some(env) = &case.env {
            cmd.args(["--env", env]);
        }
        let output = cmd.output().unwrap();
        let name = path.display();
        if errors {
            assert_eq!(output.status.code(), Some(1), "{name}");
            assert!(!out.exists(), "{name}: wrote {}", out.display());
        } else {
            assert_eq!(output.status.code(), Some(0), "{name}");
            assert!(out.join("cloudformation").exists(), "{name}: no output");
        }
    }
}

#[test]
fn caret_comments_are_parsed() {
    let case = parse_case(
        "# env: prod\nport = 0\n#      ^ TF008 TF103\n#      ^^ TF999\nx = 1\n# expect: TF029\n",
    );
    assert_eq!(case.env.as_deref(), Some("prod"));
    let expected: BTreeSet<Expectation> = [
        (2, 8, "TF008".to_owned()),
        (2, 8, "TF103".to_owned()),
        (2, 8, "TF999".to_owned()),
        (0, 0, "TF029".to_owned()),
    ]
    .into();
    assert_eq!(case.expected, expected);
    let widths: Vec<usize> = case.widths.iter().map(|(_, w)| *w).collect();
    assert_eq!(widths, [1, 1, 2]);
}

#[test]
fn a_spec_with_many_problems_reports_them_all_in_one_run() {
    let text = std::fs::read_to_string("tests/bad/many_errors_in_one_run.toml").unwrap();
    let checked = twinform::check_source("many.toml", &text, None);
    let codes: BTreeSet<String> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    let expected = [
        "TF001", "TF004", "TF007", "TF008", "TF009", "TF013", "TF014", "TF015", "TF017", "TF018",
        "TF021", "TF033", "TF100",
    ];
    assert_eq!(codes, expected.iter().map(|c| c.to_string()).collect());
    assert!(checked.model.is_none());
}

#[test]
fn too_many_services() {
    // TF039 needs a spec too large for a corpus file, so it is generated.
    let mut text = String::from("[app]\nname = \"shop\"\n");
    for i in 0..=twinform::spec::MAX_SERVICES {
        text.push_str(&format!(
            "[services.s{i}]\nimage = \"acme/s:1.0.0\"\nport = 8080\n"
        ));
    }
    let checked = twinform::check_source("big.toml", &text, None);
    let found: Vec<Expectation> = actual(&checked.diagnostics, &checked.located)
        .into_iter()
        .collect();
    assert_eq!(found, [(3, 2, "TF039".to_owned())]);
    assert!(checked.model.is_none());
}

#[test]
fn too_many_bytes() {
    let text = format!(
        "[app]\nname = \"shop\"\n#{}\n",
        "x".repeat(twinform::spec::MAX_SPEC_BYTES)
    );
    let checked = twinform::check_source("huge.toml", &text, None);
    let found: Vec<Expectation> = actual(&checked.diagnostics, &checked.located)
        .into_iter()
        .collect();
    assert_eq!(found, [(0, 0, "TF039".to_owned())]);
    let rendered = render::plain(&checked.diagnostics, &checked.located);
    assert!(
        rendered.starts_with("huge.toml: error[TF039]: the spec is "),
        "{rendered}"
    );
}

#[test]
fn json_lines_carry_positions_labels_and_help() {
    let text = std::fs::read_to_string("tests/bad/TF010_route_conflict.toml").unwrap();
    let checked = twinform::check_source("TF010_route_conflict.toml", &text, None);
    let out = render::json_lines(&checked.diagnostics, &checked.located);
    assert_eq!(out.lines().count(), checked.diagnostics.len());
    snapshot_settings().bind(|| insta::assert_snapshot!("bad__json_lines", out));
    for line in out.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        for key in [
            "code",
            "severity",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "labels",
            "help",
        ] {
            assert!(value.get(key).is_some(), "{key} missing in {line}");
        }
    }
}

#[test]
fn github_annotations_point_at_the_spec_lines() {
    let text = std::fs::read_to_string("tests/bad/many_errors_in_one_run.toml").unwrap();
    let checked = twinform::check_source("many_errors_in_one_run.toml", &text, None);
    let out = render::github(&checked.diagnostics, &checked.located);
    assert_eq!(out.lines().count(), checked.diagnostics.len());
    assert!(
        out.lines()
            .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file="))
    );
    snapshot_settings().bind(|| insta::assert_snapshot!("bad__github", out));
}

#[test]
fn colour_only_when_asked() {
    let text = std::fs::read_to_string("tests/bad/TF007_fargate_size.toml").unwrap();
    let checked = twinform::check_source("t.toml", &text, None);
    let plain = render::human(&checked.diagnostics, &checked.located, false);
    let coloured = render::human(&checked.diagnostics, &checked.located, true);
    assert!(!plain.contains('\u{1b}'));
    assert!(coloured.contains("\u{1b}["));
    assert_eq!(plain, render::plain(&checked.diagnostics, &checked.located));
}

#[test]
fn an_overlay_switching_to_an_existing_vpc_inherits_the_new_vpc_settings() {
    // The base's cidr, nat and azs cannot be unset by the overlay; they are not errors there.
    let text = std::fs::read_to_string("tests/bad/TF023_existing_vpc_in_overlay.toml").unwrap();
    let fixed = text.replace(", \"subnet-0b3\"]", "]");
    let checked = twinform::check_source("t.toml", &fixed, Some("existing"));
    assert_eq!(checked.diagnostics, []);
    // Without the overlay, or with those keys written in the overlay itself, they still count.
    let written = fixed.replace("vpc_id = ", "nat = \"single\"\nvpc_id = ");
    let checked = twinform::check_source("t.toml", &written, Some("existing"));
    let codes: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    assert_eq!(codes, ["TF023"]);
}

#[test]
fn the_shop_example_is_clean() {
    let text = std::fs::read_to_string("examples/shop/twinform.toml").unwrap();
    for env in [None, Some("dev"), Some("prod")] {
        let checked = twinform::check_source("shop.toml", &text, env);
        let codes: Vec<String> = checked
            .diagnostics
            .iter()
            .map(|d| d.code.to_string())
            .collect();
        // dev runs `api` and `frontend` with one replica each, which is worth a warning.
        let expected: &[&str] = if env == Some("dev") {
            &["TF101", "TF101"]
        } else {
            &[]
        };
        assert_eq!(codes, expected, "{env:?}");
        assert!(checked.model.is_some());
    }
}
