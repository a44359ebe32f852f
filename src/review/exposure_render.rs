//! Exposure as text (terminals), Markdown (pull requests, `summary`) and JSON (tools), and the
//! sentences `diff` and `summary --diff-from` say when a service's exposure changed.

use super::exposure::{Exposure, Level, NETWORK_POLICY_NOT_ENFORCED, Reach, ServiceExposure};
use std::collections::BTreeSet;
use std::fmt::Write;

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `internet via a, b; callers x, y`, `callers x, y` or `none`; with what the objects declare
/// when the platform does not enforce them.
fn describe(reach: &Reach, code: bool) -> String {
    let list = |names: &[String]| {
        if code {
            quoted(names)
        } else {
            names.join(", ")
        }
    };
    let label = |level: Level| {
        if code {
            format!("**{}**", level.label())
        } else {
            level.label().to_owned()
        }
    };
    let mut out = label(reach.level);
    if !reach.via.is_empty() {
        let _ = write!(out, " via {}", list(&reach.via));
    }
    if reach.declared != reach.level {
        let declared = match reach.declared {
            Level::Callers => format!("callers {}", list(&reach.callers)),
            other => other.label().to_owned(),
        };
        let _ = write!(out, " (NetworkPolicy: {declared}, not enforced)");
    } else if !reach.callers.is_empty() {
        let _ = write!(
            out,
            "{} {}",
            if reach.level == Level::Callers {
                ""
            } else {
                "; callers"
            },
            list(&reach.callers)
        );
    }
    out
}

/// The notes of a reach other than the shared EKS one, which is said once.
fn own_notes(reach: &Reach) -> impl Iterator<Item = &String> {
    reach
        .notes
        .iter()
        .filter(|n| n.as_str() != NETWORK_POLICY_NOT_ENFORCED)
}

fn unenforced(exposure: &Exposure) -> bool {
    exposure
        .services
        .iter()
        .any(|s| s.eks.notes.iter().any(|n| n == NETWORK_POLICY_NOT_ENFORCED))
}

/// One block per service: its kind, then one line per target and its notes.
pub fn text(exposure: &Exposure, env: Option<&str>) -> String {
    let mut out = format!("exposure of {}", exposure.app);
    if let Some(env) = env {
        let _ = write!(out, " (environment {env})");
    }
    out.push_str(": who can connect to each service\n");
    for s in &exposure.services {
        let _ = writeln!(out, "\n{} ({})", s.name, s.kind);
        for (target, reach) in [("ECS", &s.ecs), ("EKS", &s.eks)] {
            let _ = writeln!(out, "  {target}: {}", describe(reach, false));
            for note in own_notes(reach) {
                let _ = writeln!(out, "       - {note}");
            }
        }
    }
    if unenforced(exposure) {
        let _ = writeln!(out, "\nnote: {NETWORK_POLICY_NOT_ENFORCED}.");
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The review artifact (`twinform exposure --format markdown`, `EXPOSURE.md`): a heading, then
/// the [`markdown_table`].
pub fn markdown(exposure: &Exposure, env: Option<&str>) -> String {
    let env = env.map_or_else(String::new, |env| format!(" ({env})"));
    format!(
        "## twinform exposure: `{}`{env}\n\nWho can connect to each service: `internet` (a route on an internet-facing load balancer, at the host/path listed), `vpc` (an internal load balancer, or a port open to the VPC), `callers` (only the services that call it), `none` (no port, or nothing admitted).\n\n{}",
        exposure.app,
        markdown_table(exposure)
    )
}

/// A table of services × targets, then the notes.
pub fn markdown_table(exposure: &Exposure) -> String {
    let mut out = String::from("| Service | Kind | ECS | EKS |\n|---|---|---|---|\n");
    for s in &exposure.services {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            s.name,
            s.kind,
            cell(&describe(&s.ecs, true)),
            cell(&describe(&s.eks, true))
        );
    }
    let mut notes: Vec<String> = Vec::new();
    for s in &exposure.services {
        for (target, reach) in [("ECS", &s.ecs), ("EKS", &s.eks)] {
            notes.extend(own_notes(reach).map(|n| format!("`{}` on {target}: {n}", s.name)));
        }
    }
    if unenforced(exposure) {
        notes.push(format!("{NETWORK_POLICY_NOT_ENFORCED}."));
    }
    if !notes.is_empty() {
        out.push('\n');
        for note in notes {
            let _ = writeln!(out, "- {}", cell(&note));
        }
    }
    out
}

/// The exposure as pretty JSON.
pub fn json(exposure: &Exposure) -> String {
    let mut out = serde_json::to_string_pretty(exposure).unwrap_or_default();
    out.push('\n');
    out
}

/// Where a reach lets connections in from: `the internet via shop.example.com/billing`.
fn from_where(reach: &Reach) -> String {
    let via = reach.via.join(", ");
    match reach.level {
        Level::Internet => format!("the internet via {via}"),
        Level::Vpc if !via.is_empty() => format!("the VPC via {via}"),
        Level::Vpc => "the VPC".to_owned(),
        Level::Callers => format!("its callers ({})", reach.callers.join(", ")),
        Level::None => "nothing".to_owned(),
    }
}

fn level_where(level: Level) -> &'static str {
    match level {
        Level::Internet => "the internet",
        Level::Vpc => "the VPC",
        Level::Callers => "its callers",
        Level::None => "anything",
    }
}

fn added_removed<'a>(old: &'a [String], new: &'a [String]) -> (Vec<&'a str>, Vec<&'a str>) {
    let old_set: BTreeSet<&str> = old.iter().map(String::as_str).collect();
    let new_set: BTreeSet<&str> = new.iter().map(String::as_str).collect();
    (
        new_set.difference(&old_set).copied().collect(),
        old_set.difference(&new_set).copied().collect(),
    )
}

/// The change of one target's reach, as a sentence about `name`; `None` when unchanged.
fn sentence(name: &str, old: &Reach, new: &Reach) -> Option<String> {
    if new.level > old.level {
        return Some(format!("{name} is now reachable from {}", from_where(new)));
    }
    if new.level < old.level {
        let now = match new.level {
            Level::None => "nothing can connect to it".to_owned(),
            _ => format!("now only from {}", from_where(new)),
        };
        return Some(format!(
            "{name} is no longer reachable from {}: {now}",
            level_where(old.level)
        ));
    }
    let mut parts = Vec::new();
    let (via_added, via_removed) = added_removed(&old.via, &new.via);
    if !via_added.is_empty() {
        parts.push(format!(
            "is now reachable from {} via {}",
            level_where(new.level),
            via_added.join(", ")
        ));
    }
    if !via_removed.is_empty() {
        parts.push(format!(
            "is no longer reachable via {}",
            via_removed.join(", ")
        ));
    }
    let (callers_added, callers_removed) = added_removed(&old.callers, &new.callers);
    if !callers_added.is_empty() {
        parts.push(format!(
            "now admits calls from {}",
            callers_added.join(", ")
        ));
    }
    if !callers_removed.is_empty() {
        parts.push(format!(
            "no longer admits calls from {}",
            callers_removed.join(", ")
        ));
    }
    (!parts.is_empty()).then(|| format!("{name} {}", parts.join(" and ")))
}

/// One sentence, or one per target when they differ.
fn both(name: &str, old: &ServiceExposure, new: &ServiceExposure) -> Vec<String> {
    let ecs = sentence(name, &old.ecs, &new.ecs);
    let eks = sentence(name, &old.eks, &new.eks);
    match (ecs, eks) {
        (Some(a), Some(b)) if a == b => vec![a],
        (a, b) => a
            .map(|a| format!("On ECS, {a}"))
            .into_iter()
            .chain(b.map(|b| format!("On EKS, {b}")))
            .collect(),
    }
}

/// A sentence per service whose exposure widened or narrowed between `old` and `new`, in the
/// new side's order, then the removed ones.
pub fn changes(old: &Exposure, new: &Exposure) -> Vec<String> {
    let mut out = Vec::new();
    for s in &new.services {
        match old.service(&s.name) {
            Some(before) => out.extend(both(&s.name, before, s)),
            None if s.widest() > Level::None => out.push(if s.ecs.level == s.eks.level {
                format!(
                    "{} is new and reachable from {}",
                    s.name,
                    from_where(&s.ecs)
                )
            } else {
                format!(
                    "{} is new and reachable from {} on ECS, from {} on EKS",
                    s.name,
                    from_where(&s.ecs),
                    from_where(&s.eks)
                )
            }),
            None => {}
        }
    }
    for s in &old.services {
        if new.service(&s.name).is_none() && s.widest() > Level::None {
            out.push(format!(
                "{} is removed: it was reachable from {}",
                s.name,
                from_where(if s.ecs.level >= s.eks.level {
                    &s.ecs
                } else {
                    &s.eks
                })
            ));
        }
    }
    out
}
