//! The diff as text (terminals, CI logs), Markdown (PR comments) and JSON (tools).

use super::diff::{Change, ChangeKind, Diff, Target};
use super::replacement::Effect;
use std::fmt::Write;

fn sign(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Changed => "~",
    }
}

fn target_name(target: Target) -> &'static str {
    match target {
        Target::Cloudformation => "CloudFormation",
        Target::Kubernetes => "Kubernetes",
    }
}

fn headline(diff: &Diff) -> String {
    if diff.is_empty() {
        return "no changes".to_owned();
    }
    let disruptive = diff.disruptive().count();
    let mut line = format!(
        "{} added, {} removed, {} changed",
        diff.count(ChangeKind::Added),
        diff.count(ChangeKind::Removed),
        diff.count(ChangeKind::Changed)
    );
    if disruptive > 0 {
        let _ = write!(line, "; {disruptive} replace or re-create a live resource");
    }
    line
}

fn value(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("(none)")
}

/// Plain text, one line per resource and one indented line per property.
pub fn text(diff: &Diff) -> String {
    let mut out = format!("{}\n", headline(diff));
    for change in &diff.changes {
        let effect = if change.effect > Effect::NewRevision {
            format!("  [{}]", change.effect.label())
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{} {} {} ({}){effect}",
            sign(change.change),
            target_name(change.target),
            change.id,
            change.kind
        );
        for p in &change.properties {
            let mark = if p.effect > Effect::InPlace {
                format!("  [{}]", p.effect.label())
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "    {}: {} -> {}{mark}",
                p.path,
                value(&p.old),
                value(&p.new)
            );
        }
    }
    out
}

fn escape(cell: &str) -> String {
    cell.replace('|', "\\|").replace('\n', " ")
}

fn markdown_rows(changes: &[&Change], out: &mut String) {
    out.push_str("| | Resource | Type | Effect | Properties |\n|---|---|---|---|---|\n");
    for c in changes {
        let effect = match (c.change, c.effect) {
            (ChangeKind::Changed, e) if e >= Effect::Replace => format!("⚠️ **{}**", e.label()),
            (ChangeKind::Changed, e) => e.label().to_owned(),
            (ChangeKind::Added, _) => "create".to_owned(),
            (ChangeKind::Removed, _) => "delete".to_owned(),
        };
        let props: Vec<String> = c
            .properties
            .iter()
            .map(|p| {
                format!(
                    "`{}`: `{}` → `{}`",
                    escape(&p.path),
                    escape(value(&p.old)),
                    escape(value(&p.new))
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}` | {} | {} |",
            sign(c.change),
            escape(&c.id),
            c.kind,
            effect,
            props.join("<br>")
        );
    }
}

/// Markdown for a pull-request comment: a headline, then one table per target.
pub fn markdown(diff: &Diff) -> String {
    let mut out = format!("### Infrastructure diff\n\n{}\n", headline(diff));
    for target in [Target::Cloudformation, Target::Kubernetes] {
        let changes: Vec<&Change> = diff.changes.iter().filter(|c| c.target == target).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = write!(out, "\n#### {}\n\n", target_name(target));
        markdown_rows(&changes, &mut out);
    }
    out
}

/// The diff as pretty JSON.
pub fn json(diff: &Diff) -> String {
    let mut out = serde_json::to_string_pretty(diff).unwrap_or_default();
    out.push('\n');
    out
}
