//! The diff as text (terminals, CI logs), Markdown (PR comments) and JSON (tools). All three
//! use one vocabulary: the effect (in place, new revision, rollout, REPLACES, RECREATE) and the
//! hazards (FAILS, DOWNTIME, DNS CHANGE, deletion left to the user).

use super::diff::{Change, ChangeKind, Diff, HazardKind, PropertyChange, Target};
use super::replacement::Effect;
use std::fmt::Write;

const HAZARDS: [HazardKind; 4] = [
    HazardKind::Fails,
    HazardKind::Downtime,
    HazardKind::DnsChange,
    HazardKind::LeftToUser,
];

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
    for kind in HAZARDS {
        let n = diff.with_hazard(kind).count();
        let what = match kind {
            HazardKind::Fails => "FAIL",
            HazardKind::Downtime => "cause DOWNTIME",
            HazardKind::DnsChange => "change a DNS name",
            HazardKind::LeftToUser => "leave a deletion to the user",
        };
        if n > 0 {
            let _ = write!(line, "; {n} {what}");
        }
    }
    line
}

fn value(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("(none)")
}

/// The hazard kinds of a change, each once, worst first.
fn hazard_kinds(change: &Change) -> Vec<HazardKind> {
    HAZARDS.into_iter().filter(|k| change.has(*k)).collect()
}

/// A property whose text is unchanged but which names a resource that gets a new physical ID.
fn caused(p: &PropertyChange) -> Option<String> {
    p.cause
        .as_ref()
        .map(|cause| format!("names {cause}, which gets a new physical ID"))
}

fn migrations_text(diff: &Diff, out: &mut String) {
    if diff.migrations.is_empty() {
        return;
    }
    out.push_str("migrations:\n");
    for m in &diff.migrations {
        let _ = writeln!(out, "  {}: {}", m.title(), m.advice());
    }
}

/// Plain text, one line per resource, one indented line per hazard and per property.
pub fn text(diff: &Diff) -> String {
    let mut out = format!("{}\n", headline(diff));
    if let Some(cost) = &diff.cost {
        let _ = writeln!(out, "monthly cost: {cost}");
    }
    for change in &diff.changes {
        let mut marks: Vec<&str> = Vec::new();
        if change.effect > Effect::NewRevision {
            marks.push(change.effect.label());
        }
        marks.extend(hazard_kinds(change).into_iter().map(HazardKind::label));
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!("  [{}]", marks.join(", "))
        };
        let _ = writeln!(
            out,
            "{} {} {} ({}){marks}",
            sign(change.change),
            target_name(change.target),
            change.id,
            change.kind
        );
        for h in &change.hazards {
            let _ = writeln!(out, "    ! {}: {}", h.kind.label(), h.reason);
        }
        for p in &change.properties {
            let mark = if p.effect > Effect::InPlace {
                format!("  [{}]", p.effect.label())
            } else {
                String::new()
            };
            match caused(p) {
                Some(why) => {
                    let _ = writeln!(out, "    {}: {why}{mark}", p.path);
                }
                None => {
                    let _ = writeln!(
                        out,
                        "    {}: {} -> {}{mark}",
                        p.path,
                        value(&p.old),
                        value(&p.new)
                    );
                }
            }
        }
    }
    migrations_text(diff, &mut out);
    out
}

fn escape(cell: &str) -> String {
    cell.replace('|', "\\|").replace('\n', " ")
}

fn markdown_rows(changes: &[&Change], out: &mut String) {
    out.push_str("| | Resource | Type | Effect | Properties |\n|---|---|---|---|---|\n");
    for c in changes {
        let mut effect = match (c.change, c.effect) {
            (ChangeKind::Changed, e) if e >= Effect::Replace => format!("⚠️ **{}**", e.label()),
            (ChangeKind::Changed, e) => e.label().to_owned(),
            (ChangeKind::Added, _) => "create".to_owned(),
            (ChangeKind::Removed, _) => "delete".to_owned(),
        };
        for kind in hazard_kinds(c) {
            let icon = if kind == HazardKind::Fails {
                "❌"
            } else {
                "⚠️"
            };
            let _ = write!(effect, " · {icon} **{}**", kind.label());
        }
        let mut cells: Vec<String> = c
            .hazards
            .iter()
            .map(|h| format!("{}: {}", h.kind.label(), escape(&h.reason)))
            .collect();
        cells.extend(c.properties.iter().map(|p| match caused(p) {
            Some(why) => format!("`{}`: {}", escape(&p.path), escape(&why)),
            None => format!(
                "`{}`: `{}` → `{}`",
                escape(&p.path),
                escape(value(&p.old)),
                escape(value(&p.new))
            ),
        }));
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}` | {} | {} |",
            sign(c.change),
            escape(&c.id),
            c.kind,
            effect,
            cells.join("<br>")
        );
    }
}

/// Markdown for a pull-request comment: a headline, one table per target, the migrations.
pub fn markdown(diff: &Diff) -> String {
    let mut out = format!("### Infrastructure diff\n\n{}\n", headline(diff));
    if let Some(cost) = &diff.cost {
        let _ = write!(out, "\n**Monthly cost:** {cost}\n");
    }
    for target in [Target::Cloudformation, Target::Kubernetes] {
        let changes: Vec<&Change> = diff.changes.iter().filter(|c| c.target == target).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = write!(out, "\n#### {}\n\n", target_name(target));
        markdown_rows(&changes, &mut out);
    }
    if !diff.migrations.is_empty() {
        out.push_str("\n#### Migrations\n\n");
        for m in &diff.migrations {
            let _ = writeln!(out, "- **{}**: {}", m.title(), m.advice());
        }
    }
    out
}

/// The diff as pretty JSON.
pub fn json(diff: &Diff) -> String {
    let mut out = serde_json::to_string_pretty(diff).unwrap_or_default();
    out.push('\n');
    out
}
