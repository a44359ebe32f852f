//! [`Code::PatchShape`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF096`; this file is how. Whether a target and path exist in the output is
//! TF097/TF098, checked on the emitted documents (`output::patch`).

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::patches::{TOML_DATETIME_KEY, has_null, origin};
use crate::spec::{OpKind, PatchOp, ResourcePatch};

/// Pointers a patch may not write: twinform's names, ownership and nested layout rely on them.
const CLOUDFORMATION_FIXED: [&str; 1] = ["/Type"];
const KUBERNETES_FIXED: [&str; 4] = [
    "/apiVersion",
    "/kind",
    "/metadata/name",
    "/metadata/namespace",
];

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (index, patch) in cx.spec.patches.iter().enumerate() {
        let base = origin(cx.spec, cx.located.env(), index);
        let path = |tail: &[&str]| -> Vec<String> {
            base.iter()
                .cloned()
                .chain(tail.iter().map(|s| (*s).to_owned()))
                .collect()
        };
        let at = |tail: &[&str]| {
            let full = path(tail);
            let full: Vec<&str> = full.iter().map(String::as_str).collect();
            cx.located.raw_value(&full).or_else(|| {
                let entry: Vec<&str> = base.iter().map(String::as_str).collect();
                cx.located.raw_value(&entry)
            })
        };
        if cx.invalid_within(&base.iter().map(String::as_str).collect::<Vec<_>>()) {
            continue;
        }
        let name = base.join(".");
        let error =
            |message: String| Diagnostic::new(Code::PatchShape, format!("`{name}`: {message}"));
        let target = shape_of_target(patch);
        // A malformed target is pointed at; a missing or doubled one at the entry.
        let target_key = match (&patch.cloudformation, &patch.kubernetes) {
            (Some(_), None) => &["cloudformation"][..],
            (None, Some(_)) => &["kubernetes"][..],
            _ => &[][..],
        };
        if let Err((message, help)) = &target {
            out.push(
                error(message.clone())
                    .at(at(target_key), "this patch")
                    .help(*help),
            );
        }
        if patch.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            out.push(
                error("`reason` is missing or empty".into())
                    .at(at(&["reason"]), "this patch")
                    .help("say why the escape hatch exists, e.g. `reason = \"ALB needs 120 s before the first health check (ticket OPS-123)\"`"),
            );
        }
        if patch.ops.is_empty() {
            out.push(
                error("no `ops`".into())
                    .at(at(&[]), "this patch")
                    .help("add RFC 6902 operations: `ops = [{ op = \"add\", path = \"/Properties/...\", value = ... }]`"),
            );
        }
        let fixed: &[&str] = match (&patch.cloudformation, &patch.kubernetes) {
            (Some(_), None) => &CLOUDFORMATION_FIXED,
            (None, Some(_)) => &KUBERNETES_FIXED,
            _ => &[],
        };
        for (i, op) in patch.ops.iter().enumerate() {
            let i = i.to_string();
            for (key, message, help) in op_problems(op, fixed) {
                out.push(
                    error(format!("ops[{i}]: {message}"))
                        .at(at(&["ops", &i, key]), "this operation")
                        .help(help),
                );
            }
        }
    }
}

/// Exactly one target, in its form.
fn shape_of_target(patch: &ResourcePatch) -> Result<(), (String, &'static str)> {
    match (&patch.cloudformation, &patch.kubernetes) {
        (Some(_), Some(_)) => Err((
            "names both `cloudformation` and `kubernetes`".into(),
            "one patch edits one document: write two `[[patches]]` entries",
        )),
        (None, None) => Err((
            "names no target".into(),
            "add `cloudformation = \"LogicalId\"` or `kubernetes = \"Kind/name\"`",
        )),
        (Some(id), None) if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) => {
            Err((
                format!("`{id}` is not a CloudFormation logical ID"),
                "a logical ID is alphanumeric, e.g. `StorefrontService` (see the synthesized template)",
            ))
        }
        (None, Some(k)) if !kube_target_ok(k) => Err((
            format!("`{k}` is not `Kind/name`"),
            "write the object's kind and name, e.g. `kubernetes = \"Deployment/storefront\"`",
        )),
        _ => Ok(()),
    }
}

fn kube_target_ok(target: &str) -> bool {
    target.split_once('/').is_some_and(|(kind, name)| {
        kind.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && kind.chars().all(|c| c.is_ascii_alphanumeric())
            && !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
    })
}

/// (key to point at, message, help) for each problem of one operation.
fn op_problems(op: &PatchOp, fixed: &[&str]) -> Vec<(&'static str, String, String)> {
    let mut found = Vec::new();
    let Some(kind) = op.op else {
        found.push((
            "op",
            "no `op`".into(),
            "one of add, remove, replace, move, copy, test".into(),
        ));
        return found;
    };
    let verb = kind.as_str();
    match op.path.as_deref() {
        None => found.push(("path", "no `path`".into(), "a JSON Pointer, e.g. `/Properties/DesiredCount`".into())),
        Some(p) if !pointer_ok(p) => found.push((
            "path",
            format!("`{p}` is not a JSON Pointer below the root"),
            "start with `/`; escape `~` as `~0` and `/` inside a key as `~1` (RFC 6901)".into(),
        )),
        Some(p) if kind != OpKind::Test && touches(p, fixed) => found.push((
            "path",
            format!("`{verb}` at `{p}` would change `{}`", touched(p, fixed).join("`, `")),
            "twinform's names, ownership and nested-stack layout rely on these: change the spec instead".into(),
        )),
        Some(_) => {}
    }
    let needs_from = matches!(kind, OpKind::Move | OpKind::Copy);
    match (&op.from, needs_from) {
        (None, true) => found.push(("op", format!("`{verb}` needs `from`"), "the JSON Pointer to move or copy from".into())),
        (Some(_), false) => found.push(("from", format!("`{verb}` takes no `from`"), "only `move` and `copy` read `from`".into())),
        (Some(f), true) if !pointer_ok(f) => found.push((
            "from",
            format!("`{f}` is not a JSON Pointer below the root"),
            "start with `/` (RFC 6901)".into(),
        )),
        (Some(f), true) if kind == OpKind::Move && touches(f, fixed) => found.push((
            "from",
            format!("moving `{f}` would change `{}`", touched(f, fixed).join("`, `")),
            "twinform's names, ownership and nested-stack layout rely on these: change the spec instead".into(),
        )),
        _ => {}
    }
    let needs_value = matches!(kind, OpKind::Add | OpKind::Replace | OpKind::Test);
    match (&op.value, needs_value) {
        (None, true) => found.push((
            "op",
            format!("`{verb}` needs `value`"),
            "the JSON value to write or compare".into(),
        )),
        (Some(_), false) => found.push((
            "value",
            format!("`{verb}` takes no `value`"),
            "only `add`, `replace` and `test` read `value`".into(),
        )),
        (Some(v), true) if has_datetime(v) => found.push((
            "value",
            "a TOML datetime has no JSON form".into(),
            "write it as a string: `value = \"2026-01-01T00:00:00Z\"`".into(),
        )),
        (Some(v), true) if has_null(v) => found.push((
            "value",
            "NaN and infinity have no JSON form".into(),
            "write a finite number".into(),
        )),
        _ => {}
    }
    found
}

/// RFC 6901 below the root: `/`-separated, `~` only as `~0` or `~1`. The empty pointer (the
/// whole document) is refused: replacing the document replaces its `Type` or `kind` too.
pub(crate) fn pointer_ok(pointer: &str) -> bool {
    pointer.starts_with('/')
        && pointer
            .split('~')
            .skip(1)
            .all(|rest| rest.starts_with('0') || rest.starts_with('1'))
}

/// Whether writing at `pointer` writes one of `fixed` (itself or an ancestor of it).
fn touches(pointer: &str, fixed: &[&str]) -> bool {
    !touched(pointer, fixed).is_empty()
}

fn touched<'a>(pointer: &str, fixed: &[&'a str]) -> Vec<&'a str> {
    fixed
        .iter()
        .copied()
        .filter(|f| {
            *f == pointer
                || f.strip_prefix(pointer)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .collect()
}

fn has_datetime(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Object(map) => {
            map.contains_key(TOML_DATETIME_KEY) || map.values().any(has_datetime)
        }
        serde_json::Value::Array(items) => items.iter().any(has_datetime),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{pointer_ok, touches};

    #[test]
    fn pointers() {
        assert!(pointer_ok("/Properties/DesiredCount"));
        assert!(pointer_ok("/metadata/annotations/a~1b"));
        assert!(!pointer_ok(""));
        assert!(!pointer_ok("Properties"));
        assert!(!pointer_ok("/a~2"));
    }

    #[test]
    fn writing_an_ancestor_of_a_fixed_pointer_touches_it() {
        let fixed = ["/metadata/name"];
        assert!(touches("/metadata", &fixed));
        assert!(touches("/metadata/name", &fixed));
        assert!(!touches("/metadata/labels", &fixed));
        assert!(!touches("/metadata/nam", &fixed));
    }
}
