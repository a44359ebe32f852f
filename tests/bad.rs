//! The bad-input corpus: every file in `tests/bad/` is a spec that must trigger the code its
//! name starts with. Expectations live in the file, next to the bad text:
//!
//! ```toml
//! route = "/api/"
//! #       ^^^^^^^ TF010
//! ```
//!
//! A caret line expects a diagnostic with that code whose primary span starts at the first
//! caret's column on the line above and (on one line) is exactly as long as the carets.
//! `#! expect: TFnnn` expects one with no location; `#! env: NAME` selects an environment;
//! `#! tag: SERVICE=TAG` adds a `--tag` override.
//! Every diagnostic must be expected and every expectation met, so a file cannot pass while
//! reporting something else. Each file's rendered output is also an insta snapshot
//! (`snapshots/check_bad@FILE.snap`).

use std::collections::BTreeSet;
use std::path::Path;
use twinform::diag::render::{plain, summary};
use twinform::diag::{Code, Diagnostic, Source};

/// (code, line, column, length): one expected or reported location; line 0 means none.
type Spot = (String, usize, usize, Option<usize>);

struct Case {
    env: Option<String>,
    tags: std::collections::BTreeMap<String, String>,
    expected: Vec<Spot>,
}

fn parse_case(text: &str) -> Case {
    let mut env = None;
    let mut tags = std::collections::BTreeMap::new();
    let mut expected = Vec::new();
    let mut last_code_line = 0;
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("#! env:") {
            env = Some(rest.trim().to_owned());
        } else if let Some(rest) = line.strip_prefix("#! tag:") {
            let (service, tag) = rest.trim().split_once('=').expect("#! tag: SERVICE=TAG");
            tags.insert(service.to_owned(), tag.to_owned());
        } else if let Some(rest) = line.strip_prefix("#! expect:") {
            expected.push((rest.trim().to_owned(), 0, 0, None));
        } else if let Some(caret) = line.find('^').filter(|_| {
            line.starts_with('#') && line[1..line.find('^').unwrap_or(1)].trim().is_empty()
        }) {
            let rest = &line[caret..];
            let carets = rest.chars().take_while(|&c| c == '^').count();
            let code = rest[carets..].trim().to_owned();
            assert!(
                code.starts_with("TF"),
                "caret line {} has no code: {line:?}",
                i + 1
            );
            expected.push((
                code,
                last_code_line,
                line[..caret].chars().count() + 1,
                Some(carets),
            ));
        } else {
            last_code_line = i + 1;
        }
    }
    Case {
        env,
        tags,
        expected,
    }
}

fn spot(d: &Diagnostic, source: Source<'_>) -> Spot {
    let code = d.code.to_string();
    let Some(label) = &d.primary else {
        return (code, 0, 0, None);
    };
    let (line, column) = source.line_col(label.span.start);
    let (end_line, _) = source.line_col(label.span.end);
    let text = source.text.get(label.span.clone()).unwrap_or("");
    let length = (end_line == line).then(|| text.chars().count());
    (code, line, column, length)
}

fn check_file(path: &Path) {
    let file = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    let text = std::fs::read_to_string(path).expect("corpus files are UTF-8");
    let case = parse_case(&text);
    let name = format!("tests/bad/{file}");
    let checked = twinform::check_with(
        &name,
        &text,
        &twinform::Options {
            env: case.env.clone(),
            tags: case.tags.clone(),
            ..Default::default()
        },
    );
    let source = Source {
        name: &name,
        text: &text,
    };

    let mut reported: Vec<Spot> = checked
        .diagnostics
        .iter()
        .map(|d| spot(d, source))
        .collect();
    // A multi-line span is compared by its start only.
    for r in &mut reported {
        if r.3.is_none()
            && let Some(e) = case
                .expected
                .iter()
                .find(|e| (&e.0, e.1, e.2) == (&r.0, r.1, r.2))
        {
            r.3 = e.3;
        }
    }
    let mut expected = case.expected.clone();
    expected.sort();
    reported.sort();
    assert_eq!(
        reported,
        expected,
        "{file}: reported (left) vs expected in the file (right)\n{}",
        plain(&checked.diagnostics, source)
    );

    let code = &file[..5];
    assert!(
        reported.iter().any(|r| r.0 == code),
        "{file} must trigger {code}"
    );
    let has_errors = checked.diagnostics.iter().any(Diagnostic::is_error);
    assert_eq!(
        has_errors,
        code.starts_with("TF0"),
        "{file}: TF0xx files have errors, TF1xx only warnings"
    );
    // Errors mean no model and nothing to write; warnings still synthesize.
    assert_eq!(checked.model.is_none(), has_errors, "{file}");
    let options = twinform::Options {
        env: case.env.clone(),
        tags: case.tags.clone(),
        ..Default::default()
    };
    assert_eq!(
        twinform::synthesize(&name, &text, &options).is_err(),
        has_errors,
        "{file}"
    );

    let mut rendered = plain(&checked.diagnostics, source);
    rendered.push_str(&summary(&checked.diagnostics).unwrap_or_default());
    insta::assert_snapshot!("check_bad", rendered);
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

#[test]
fn corpus() {
    settings().bind(|| insta::glob!("bad/*.toml", check_file));
}

/// Every code has a corpus file, except TF039 (a spec over the size limit), tested below.
#[test]
fn corpus_covers_every_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let covered: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("tests/bad exists")
        .filter_map(|e| e.ok()?.file_name().to_str().map(|n| n[..5].to_owned()))
        .collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        // TF099 (check and lower disagree) cannot be written in a spec: `model::lower`'s tests.
        // The Compose importer's codes (TF093-TF095, TF140-TF149) are about Compose files, not
        // specs: `tests/import.rs` covers each of them.
        // TF043 needs `--strict-parity`: `tests/parity.rs` covers it.
        .filter(|c| !["TF039", "TF043", "TF099"].contains(c) && !covered.contains(*c))
        .filter(|c| !matches!(&c[2..], "093" | "094" | "095") && !c.starts_with("TF14"))
        .collect();
    assert!(missing.is_empty(), "no corpus file for {missing:?}");
}

/// One spec with many independent problems (an unknown key among them): every one of them is
/// reported in the same run, not one per run.
#[test]
fn a_spec_with_many_problems_reports_them_all_in_one_run() {
    let text = include_str!("bad/TF001_many_problems_in_one_run.toml");
    let checked = twinform::check_source("many.toml", text, None);
    let codes: BTreeSet<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    let expected = [
        "TF001", "TF004", "TF007", "TF008", "TF009", "TF013", "TF014", "TF015", "TF017", "TF018",
        "TF021", "TF033", "TF100",
    ];
    assert_eq!(codes, expected.into_iter().collect());
    assert!(checked.model.is_none());
}

#[test]
fn too_many_services() {
    let mut text = String::from("[app]\nname = \"big\"\n");
    for i in 0..=twinform::spec::MAX_SERVICES {
        text.push_str(&format!(
            "[services.s{i}]\nimage = \"r/s:1\"\nport = 8080\n"
        ));
    }
    let checked = twinform::check_source("big.toml", &text, None);
    assert!(checked.model.is_none());
    let codes: Vec<Code> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::TooLarge]);
}

#[test]
fn caret_lines_parse() {
    let case = parse_case("#! env: prod\na = 1\n  b = 2\n#   ^ TF001\n#! expect: TF030\n");
    assert_eq!(case.env.as_deref(), Some("prod"));
    assert_eq!(
        case.expected,
        [
            ("TF001".to_owned(), 3, 5, Some(1)),
            ("TF030".to_owned(), 0, 0, None)
        ]
    );
}

/// The `--message-format json` shape, on one corpus file with a secondary label and a help.
#[test]
fn json_lines_shape() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/TF010_route_conflict.toml");
    let text = std::fs::read_to_string(path).expect("corpus file");
    let name = "tests/bad/TF010_route_conflict.toml";
    let checked = twinform::check_source(name, &text, None);
    let json =
        twinform::diag::render::json_lines(&checked.diagnostics, Source { name, text: &text });
    settings().bind(|| insta::assert_snapshot!("check_json_TF010", json));
}
