//! The create-only table `src/review/create_only.json` is generated from the resource schemas
//! that cfn-lint ships (`.ci/create-only-properties.py`): it must cover every resource type the
//! output can hold, and come from the cfn-lint version CI validates with.

use super::harness::{cases, synthesize};
use std::collections::BTreeSet;

fn types_in(files: &twinform::FileSet, into: &mut BTreeSet<String>) {
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.starts_with("cloudformation/"))
    {
        let template: serde_json::Value =
            serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        for resource in template["Resources"].as_object().into_iter().flatten() {
            into.insert(resource.1["Type"].as_str().unwrap().to_owned());
        }
    }
}

#[test]
fn the_table_covers_every_emitted_resource_type() {
    let mut types = BTreeSet::new();
    for case in cases() {
        types_in(&case.files, &mut types);
    }
    // A nested layout adds the stack resource; several load balancers their own records.
    types_in(
        &synthesize("generated", &twinform::synthetic::spec_text(400)),
        &mut types,
    );
    types_in(
        &synthesize(
            "generated",
            &twinform::builder::to_toml(&twinform::synthetic::spec_over_hosts(600, 6)),
        ),
        &mut types,
    );
    let table = twinform::review::create_only_table();
    let missing: Vec<_> = types
        .iter()
        .filter(|t| !table.create_only.contains_key(*t))
        .collect();
    assert!(
        missing.is_empty(),
        "regenerate the table (~/.cache/iac-validators/bin/python .ci/create-only-properties.py): {missing:?}"
    );
    assert!(types.contains("AWS::CloudFormation::Stack"));
}

#[test]
fn the_table_comes_from_the_cfn_lint_version_ci_pins() {
    let shared = std::env::var_os("TWINFORM_SHARED")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain(["../shared", "../../shared"].map(std::path::PathBuf::from))
        .map(|s| s.join("tools/validate-output"))
        .find(|p| p.is_file())
        .expect("shared/tools/validate-output beside the repository (or TWINFORM_SHARED)");
    let script = std::fs::read_to_string(shared).unwrap();
    let pinned = script
        .lines()
        .find_map(|l| l.strip_prefix("CFN_LINT_VERSION="))
        .expect("CFN_LINT_VERSION in validate-output");
    assert_eq!(
        twinform::review::create_only_table().cfn_lint_version,
        pinned,
        "CI pins another cfn-lint: regenerate with .ci/create-only-properties.py"
    );
}
