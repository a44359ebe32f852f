//! [`Finding`]s as diagnostics (TF097, TF098, TF150, TF151), located at the `[[patches]]` entry
//! that caused them: `origins[i]` is the raw key path of the effective spec's patch `i`.

use super::Finding;
use crate::diag::{Code, Diagnostic};
use crate::model::{Model, PatchTarget};
use crate::quotas;
use crate::spec::Located;

pub fn diagnostics(
    model: &Model,
    findings: &[Finding],
    origins: &[Vec<String>],
    located: &Located,
) -> Vec<Diagnostic> {
    findings
        .iter()
        .filter_map(|finding| {
            let index = match finding {
                Finding::UnknownTarget { patch, .. }
                | Finding::OpFailed { patch, .. }
                | Finding::NoOp { patch }
                | Finding::Sensitive { patch, .. }
                | Finding::TooLarge { patch, .. }
                | Finding::Dangling { patch, .. } => *patch,
            };
            let patch = model.patches.iter().find(|p| p.index == index)?;
            let origin = origins.get(index)?;
            let at = |tail: &[&str]| {
                let full: Vec<&str> = origin.iter().map(String::as_str).chain(tail.iter().copied()).collect();
                let entry: Vec<&str> = origin.iter().map(String::as_str).collect();
                located.raw_value(&full).or_else(|| located.raw_value(&entry))
            };
            let target_key = match patch.target {
                PatchTarget::CloudFormation(_) => "cloudformation",
                PatchTarget::Kubernetes { .. } => "kubernetes",
            };
            let name = format!("`{}` ({})", origin.join("."), patch.target);
            Some(match finding {
                Finding::UnknownTarget { closest, .. } => {
                    let d = Diagnostic::new(Code::PatchTarget, format!("{name}: no such resource in the output"))
                        .at(at(&[target_key]), "not emitted for this spec and environment");
                    match closest {
                        Some(best) => d.help(format!("did you mean `{best}`?")),
                        None => d.help("`twinform synth` and look up the logical ID or `Kind/name` in the output"),
                    }
                }
                Finding::OpFailed { op, why, .. } => {
                    let i = op.to_string();
                    let (verb, path) = patch
                        .ops
                        .get(*op)
                        .map(|o| (operation_name(o), o.path().to_string()))
                        .unwrap_or_default();
                    Diagnostic::new(
                        Code::PatchFailed,
                        format!("{name}: ops[{i}] `{verb}` at `{path}`: {why}"),
                    )
                    .at(at(&["ops", &i, "path"]), "does not apply to the emitted document")
                    .help(match verb {
                        "add" => "the parent of an `add` path must exist: add the parent object first, or check the path against `twinform synth`'s output",
                        "test" => "the emitted value differs from `value`: the output changed since the patch was written; re-read it",
                        _ => "the path must exist in the emitted document: check it against `twinform synth`'s output",
                    })
                }
                Finding::NoOp { .. } => Diagnostic::new(Code::PatchNoOp, format!("{name} changes nothing"))
                    .at(at(&["ops"]), "the emitted document already reads this way")
                    .help("remove the patch"),
                Finding::Sensitive { what, .. } => {
                    Diagnostic::new(Code::PatchSensitive, format!("{name} touches {what}"))
                        .at(at(&[target_key]), "IAM or network access, unchecked by twinform")
                        .help("have a reviewer read this patch: twinform's IAM and security-group rules do not see patched values")
                }
                Finding::Dangling { file, name, .. } => Diagnostic::new(
                    Code::PatchFailed,
                    format!("{name}: refers to `{ref_name}`, which `{file}` does not define as a resource (or, for a `Ref`, a parameter)", ref_name = name, name = name_of(&origin.join("."), patch)),
                )
                .at(at(&["ops"]), "adds this reference")
                .help("a patch may refer only to resources and parameters of the template that holds its target (the nested-stack layout passes other values as parameters, which a patch cannot add)"),
                Finding::TooLarge { file, bytes, .. } => Diagnostic::new(
                    Code::PatchFailed,
                    format!(
                        "{name}: the patched `{file}` is {bytes} bytes, over the {} of {} bytes",
                        quotas::BYTES_PER_TEMPLATE.name,
                        quotas::BYTES_PER_TEMPLATE.limit
                    ),
                )
                .at(at(&[]), "this patch grows the template")
                .help(format!("shrink the patch's values; see {}", quotas::BYTES_PER_TEMPLATE.source)),
            })
        })
        .collect()
}

fn name_of(origin: &str, patch: &crate::model::Patch) -> String {
    format!("`{origin}` ({})", patch.target)
}

fn operation_name(op: &json_patch::PatchOperation) -> &'static str {
    match op {
        json_patch::PatchOperation::Add(_) => "add",
        json_patch::PatchOperation::Remove(_) => "remove",
        json_patch::PatchOperation::Replace(_) => "replace",
        json_patch::PatchOperation::Move(_) => "move",
        json_patch::PatchOperation::Copy(_) => "copy",
        json_patch::PatchOperation::Test(_) => "test",
    }
}
