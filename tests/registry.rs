//! The code registry (`src/diag/codes.rs`) against the rules: codes are unique and well
//! formed, every code has an explanation, and every code is reported by exactly one place — a
//! rule file named after it (`src/check/rules/tfNNN_*.rs`) or, for the codes found while
//! loading, `src/spec/load.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use twinform::diag::{Code, Severity};

/// Codes that the loader reports before any rule runs.
const LOADER_CODES: [&str; 5] = ["TF000", "TF001", "TF002", "TF029", "TF039"];
/// Reported by the Compose importer (`src/import/compose/`), located in the Compose file.
const IMPORT_CODES: [&str; 13] = [
    "TF093", "TF094", "TF095", "TF140", "TF141", "TF142", "TF143", "TF144", "TF145", "TF146",
    "TF147", "TF148", "TF149",
];
/// Reported by `lib.rs` after lowering: a checked value the model cannot hold.
const LOWERING_CODES: [&str; 1] = ["TF099"];
/// Reported on the emitted documents by `src/output/patch/report.rs` (`[[patches]]`).
const PATCH_CODES: [&str; 4] = ["TF097", "TF098", "TF150", "TF151"];
/// `--strict-parity`'s code, reported from the parity table (`src/parity/mod.rs`).
const PARITY_CODES: [&str; 1] = ["TF043"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn codes_are_unique_and_well_formed() {
    let mut seen = BTreeSet::new();
    for code in Code::ALL {
        let s = code.as_str();
        assert!(seen.insert(s), "{s} is listed twice");
        assert!(
            s.len() == 5 && s.starts_with("TF") && s[2..].bytes().all(|b| b.is_ascii_digit()),
            "{s}"
        );
        // TF0xx are errors, TF1xx warnings: the number tells the severity at a glance.
        let expected = if s.starts_with("TF0") {
            Severity::Error
        } else {
            Severity::Warning
        };
        assert_eq!(code.severity(), expected, "{s}");
        assert!(!code.summary().is_empty(), "{s} has no summary");
        let explanation = code.explanation();
        assert!(
            explanation.len() > 40 && explanation.ends_with('.'),
            "{s}: explanation too thin: {explanation:?}"
        );
    }
}

#[test]
fn every_code_is_reported_by_exactly_one_rule_file() {
    let dir = root().join("src/check/rules");
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("rules directory") {
        let path = entry.expect("dir entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name == "mod.rs" {
            continue;
        }
        assert!(
            name.starts_with("tf") && name.ends_with(".rs"),
            "rule file {name} is not named tfNNN_*.rs"
        );
        files.insert(
            name,
            std::fs::read_to_string(&path).expect("readable rule file"),
        );
    }
    let loader = std::fs::read_to_string(root().join("src/spec/load.rs")).expect("load.rs");
    let registry =
        std::fs::read_to_string(root().join("src/check/rules/mod.rs")).expect("rules/mod.rs");
    for code in Code::ALL {
        let s = code.as_str();
        let variant = format!("Code::{code:?}");
        let users: Vec<&String> = files
            .iter()
            .filter(|(_, text)| uses(text, &variant))
            .map(|(name, _)| name)
            .collect();
        if IMPORT_CODES.contains(&s) {
            assert!(
                users.is_empty(),
                "{s} is the importer's but rule files use it: {users:?}"
            );
            continue;
        }
        if LOWERING_CODES.contains(&s) {
            let lib = std::fs::read_to_string(root().join("src/lib.rs")).expect("lib.rs");
            assert!(
                uses(&lib, &variant),
                "{s} ({variant}) should be reported by lib.rs"
            );
            assert!(
                users.is_empty(),
                "{s} is lib.rs's but rule files use it: {users:?}"
            );
            continue;
        }
        if PARITY_CODES.contains(&s) {
            let parity =
                std::fs::read_to_string(root().join("src/parity/mod.rs")).expect("parity/mod.rs");
            assert!(
                uses(&parity, &variant),
                "{s} ({variant}) should be reported by parity/mod.rs"
            );
            assert!(
                users.is_empty(),
                "{s} is parity's but rule files use it: {users:?}"
            );
            continue;
        }
        if PATCH_CODES.contains(&s) {
            let report = std::fs::read_to_string(root().join("src/output/patch/report.rs"))
                .expect("output/patch/report.rs");
            assert!(
                uses(&report, &variant),
                "{s} ({variant}) should be reported by output/patch/report.rs"
            );
            assert!(
                users.is_empty(),
                "{s} is output/patch's but rule files use it: {users:?}"
            );
            continue;
        }
        if LOADER_CODES.contains(&s) {
            assert!(
                uses(&loader, &variant),
                "{s} ({variant}) should be reported by spec/load.rs"
            );
            assert!(
                users.is_empty(),
                "{s} is the loader's but rule files use it: {users:?}"
            );
            continue;
        }
        let prefix = format!("tf{}_", &s[2..]);
        assert_eq!(
            users.len(),
            1,
            "{s} ({variant}) must be used by exactly one rule file, found {users:?}"
        );
        assert!(
            users[0].starts_with(&prefix),
            "{s} is reported by {}, which is not named {prefix}*.rs",
            users[0]
        );
        let module = users[0].trim_end_matches(".rs");
        assert!(
            registry.contains(&format!("{module}::check,")),
            "{module} is not in rules::ALL"
        );
    }
    // And no rule file is left over without a code.
    for name in files.keys() {
        let number = &name[2..5];
        assert!(
            Code::ALL.iter().any(|c| &c.as_str()[2..] == number),
            "{name} is named after a code that is not in the registry"
        );
    }
}

/// Whether `text` names `variant` as a whole word (`Code::Replicas` is not in
/// `Code::ReplicasWithAutoscale`).
fn uses(text: &str, variant: &str) -> bool {
    text.match_indices(variant).any(|(i, _)| {
        !text[i + variant.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Each rule's "what and why" has one home, the registry (`twinform explain` prints it): a rule
/// file's header points at its code and keeps only notes on how it is implemented, so the two
/// cannot drift apart again.
#[test]
fn rule_headers_point_at_the_registry_instead_of_restating_it() {
    let dir = root().join("src/check/rules");
    for code in Code::ALL {
        let s = code.as_str();
        if LOADER_CODES.contains(&s)
            || LOWERING_CODES.contains(&s)
            || IMPORT_CODES.contains(&s)
            || PATCH_CODES.contains(&s)
            || PARITY_CODES.contains(&s)
        {
            continue;
        }
        let prefix = format!("tf{}_", &s[2..]);
        let Some(path) = std::fs::read_dir(&dir)
            .expect("rules directory")
            .map(|entry| entry.expect("dir entry").path())
            .find(|path| {
                path.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&prefix))
            })
        else {
            panic!("{s} has no rule file");
        };
        let text = std::fs::read_to_string(&path).expect("readable rule file");
        let header: Vec<&str> = text
            .lines()
            .take_while(|line| line.starts_with("//!"))
            .map(|line| line.trim_start_matches("//!").trim())
            .collect();
        let pointer =
            format!("[`Code::{code:?}`]: what it checks and why is the registry's explanation");
        assert!(
            header
                .first()
                .is_some_and(|first| first.starts_with(&pointer)),
            "{}: the header must start with `//! {pointer}, shown by`",
            path.display()
        );
        if let Some(run) = shared_run(&header.join(" "), code.explanation(), 6) {
            panic!(
                "{}: the header restates the registry's explanation of {s} (\"{run}\"); keep the \
                 explanation in src/diag/codes.rs only",
                path.display()
            );
        }
    }
}

/// The first run of `len` consecutive words that both texts contain, ignoring case and
/// punctuation.
fn shared_run(a: &str, b: &str, len: usize) -> Option<String> {
    let words = |text: &str| -> Vec<String> {
        text.split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (a, b) = (words(a), words(b));
    let runs: BTreeSet<&[String]> = b.windows(len).collect();
    a.windows(len)
        .find(|window| runs.contains(window))
        .map(|window| window.join(" "))
}

#[test]
fn shared_run_finds_a_restated_sentence_and_nothing_else() {
    let explanation = Code::CallsWorker.explanation();
    let restated = format!("//! Notes. {explanation}");
    assert!(shared_run(&restated, explanation, 6).is_some());
    assert!(shared_run("how the rule walks the calls table", explanation, 6).is_none());
}
