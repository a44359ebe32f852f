//! What every edit reads: each example × environment as one flat spec (the overlay merged, no
//! environments left), an edit applied to a copy, both sides synthesized to both targets, and
//! `twinform diff` between them.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use toml::Table;
use twinform::review::{self, Change, Diff, HazardKind};
use twinform::{FileSet, Format, Options};

/// One example × environment, flattened.
pub struct Case {
    /// `shop__prod`.
    pub label: String,
    pub spec: Table,
    pub files: FileSet,
}

/// One edit applied to one case: the diff from the old side to the new.
pub struct Outcome {
    pub diff: Diff,
}

impl Outcome {
    pub fn changes_with(&self, kind: HazardKind) -> impl Iterator<Item = &Change> {
        self.diff.with_hazard(kind)
    }

    pub fn text(&self) -> String {
        review::render::text(&self.diff)
    }
}

pub fn synthesize(label: &str, text: &str) -> FileSet {
    let options = Options {
        format: Format::Json,
        ..Default::default()
    };
    twinform::synthesize("twinform.toml", text, &options)
        .unwrap_or_else(|c| {
            panic!(
                "{label}: the edited spec has errors: {:#?}\n{text}",
                c.diagnostics
            )
        })
        .files
}

/// Every example × environment (base first), flattened and synthesized once.
pub fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let mut examples: Vec<_> = std::fs::read_dir("examples")
            .unwrap()
            .map(|e| e.unwrap().path().join("twinform.toml"))
            .filter(|p| p.is_file())
            .collect();
        examples.sort();
        assert!(examples.len() >= 4, "the examples are missing");
        let mut cases = Vec::new();
        for path in examples {
            let name = path
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let envs: Vec<Option<String>> = std::iter::once(None)
                .chain(
                    twinform::spec::load("twinform.toml", &text, None)
                        .spec
                        .unwrap()
                        .environments
                        .into_keys()
                        .map(Some),
                )
                .collect();
            for env in envs {
                let mut spec = twinform::spec::load("twinform.toml", &text, env.as_deref())
                    .spec
                    .unwrap();
                spec.environments.clear();
                let flat = twinform::builder::to_toml(&spec);
                let label = format!("{name}__{}", env.as_deref().unwrap_or("base"));
                let files = synthesize(&label, &flat);
                cases.push(Case {
                    label,
                    spec: flat.parse().unwrap(),
                    files,
                });
            }
        }
        cases
    })
}

/// Applies `edit` to every case it applies to (it returns `false` where it does not), diffs,
/// and collects what `expect` finds wrong. Panics with every finding, or when the edit applied
/// nowhere.
pub fn run(
    name: &str,
    edit: impl Fn(&mut Table) -> bool + Sync,
    expect: impl Fn(&Outcome) -> Vec<String> + Sync,
) {
    run_between(name, |_| true, edit, expect);
}

/// As [`run`], with the old side prepared too (e.g. `nat = "none"` before `"single"`).
pub fn run_between(
    name: &str,
    prepare: impl Fn(&mut Table) -> bool + Sync,
    edit: impl Fn(&mut Table) -> bool + Sync,
    expect: impl Fn(&Outcome) -> Vec<String> + Sync,
) {
    let mut findings: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut applied = 0;
    for case in cases() {
        let mut before = case.spec.clone();
        if !prepare(&mut before) {
            continue;
        }
        let mut after = before.clone();
        if !edit(&mut after) {
            continue;
        }
        applied += 1;
        let old = if before == case.spec {
            case.files.clone()
        } else {
            synthesize(&case.label, &toml::to_string(&before).unwrap())
        };
        let new = synthesize(&case.label, &toml::to_string(&after).unwrap());
        let diff = review::diff(&old, &new).unwrap();
        let outcome = Outcome { diff };
        let found = expect(&outcome);
        if !found.is_empty() {
            findings.insert(
                case.label.clone(),
                found.into_iter().chain([outcome.text()]).collect(),
            );
        }
    }
    eprintln!("{name}: {applied} example × environment cases");
    assert!(applied > 0, "{name}: the edit applies to no example");
    assert!(
        findings.is_empty(),
        "{name}: {}",
        findings
            .iter()
            .map(|(label, f)| format!("\n== {label}\n{}", f.join("\n")))
            .collect::<String>()
    );
}

/// Findings for every change with `kind` that `allowed` does not accept.
pub fn unexpected(
    outcome: &Outcome,
    kind: HazardKind,
    allowed: impl Fn(&Change) -> bool,
) -> Vec<String> {
    outcome
        .changes_with(kind)
        .filter(|c| !allowed(c))
        .map(|c| format!("unexpected {}: {} ({})", kind.label(), c.id, c.kind))
        .collect()
}

/// The weight-reset hazard of a blue/green, canary or linear service's production rule: any
/// stack update of that rule writes ECS's weights back (README: Deploy strategies), so an edit
/// that changes the rule is expected to report it.
pub fn weight_reset(c: &Change) -> bool {
    c.kind == "AWS::ElasticLoadBalancingV2::ListenerRule"
        && c.hazards
            .iter()
            .any(|h| h.reason.starts_with("ECS re-weights"))
}

/// A finding unless `condition` holds.
pub fn require(condition: bool, what: &str) -> Vec<String> {
    if condition {
        Vec::new()
    } else {
        vec![format!("expected: {what}")]
    }
}
