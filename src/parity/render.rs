//! A parity report as text (terminal) or Markdown (pull requests); JSON is the report's serde
//! form, written by the CLI.

use super::{Finding, Report, Subject};
use std::fmt::Write;

fn heading(report: &Report) -> String {
    match &report.environment {
        Some(env) => format!("`{}` ({env})", report.app),
        None => format!("`{}`", report.app),
    }
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 exception".to_owned()
    } else {
        format!("{n} exceptions")
    }
}

fn spec_exceptions(report: &Report) -> impl Iterator<Item = &Finding> {
    report.exceptions.iter().filter(|f| !f.platform)
}

fn platform_differences(report: &Report) -> impl Iterator<Item = &Finding> {
    report.exceptions.iter().filter(|f| f.platform)
}

/// Subjects in report order, each with its findings.
fn grouped(report: &Report) -> Vec<(&Subject, Vec<&Finding>)> {
    let mut groups: Vec<(&Subject, Vec<&Finding>)> = Vec::new();
    for finding in spec_exceptions(report) {
        match groups.last_mut() {
            Some((subject, items)) if *subject == &finding.subject => items.push(finding),
            _ => groups.push((&finding.subject, vec![finding])),
        }
    }
    groups
}

fn text_finding(out: &mut String, f: &Finding) {
    let detail = f
        .detail
        .as_deref()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    let _ = writeln!(out, "  {} [{}]{detail}", f.aspect.as_str(), f.id);
    let _ = writeln!(out, "    ECS: {}", f.ecs);
    let _ = writeln!(out, "    EKS: {}", f.eks);
    let code = f.code.map(|c| format!("; {c}")).unwrap_or_default();
    let _ = writeln!(out, "    why: {} ({}{code})", f.reason, f.source);
}

pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let title = heading(report).replace('`', "");
    if report.equivalent {
        let _ = writeln!(
            out,
            "{title}: equivalent: nothing the spec sets runs differently on ECS and EKS"
        );
    } else {
        let _ = writeln!(out, "{title}: {}", count(spec_exceptions(report).count()));
    }
    for (subject, findings) in grouped(report) {
        let _ = writeln!(out, "\n{}", subject.to_string().replace('`', ""));
        for f in findings {
            text_finding(&mut out, f);
        }
    }
    let mut platform = platform_differences(report).peekable();
    if platform.peek().is_some() {
        let _ = writeln!(
            out,
            "\nplatform (every spec; not refused by --strict-parity)"
        );
        for f in platform {
            text_finding(&mut out, f);
        }
    }
    out
}

/// Markdown table cells: pipes and line breaks would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The table alone (for `summary`), or a sentence when the targets are equivalent.
pub fn markdown_table(report: &Report) -> String {
    let mut out = if report.equivalent {
        "Equivalent: nothing the spec sets runs differently on ECS and EKS.\n".to_owned()
    } else {
        String::new()
    };
    let mut platform = platform_differences(report).peekable();
    if platform.peek().is_some() {
        let notes: Vec<String> = platform
            .map(|f| {
                format!(
                    "{}: ECS {}; EKS {} ([source]({}))",
                    f.aspect.as_str(),
                    f.ecs,
                    f.eks,
                    f.source
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "{}Platform difference (every spec): {}\n",
            if report.equivalent { "\n" } else { "" },
            notes.join("; ")
        );
    }
    if report.equivalent {
        return out;
    }
    out.push_str("| Subject | Aspect | ECS | EKS | Why |\n|---|---|---|---|---|\n");
    for f in spec_exceptions(report) {
        let detail = f
            .detail
            .as_deref()
            .map(|d| format!(" ({})", cell(d)))
            .unwrap_or_default();
        let code = f.code.map(|c| format!(", {c}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {}{detail} | {} | {} | {} | {} ([source]({}){code}) |",
            f.subject,
            f.aspect.as_str(),
            cell(f.ecs),
            cell(f.eks),
            cell(f.reason),
            f.source,
        );
    }
    out
}

pub fn markdown(report: &Report) -> String {
    let verdict = if report.equivalent {
        "equivalent".to_owned()
    } else {
        count(spec_exceptions(report).count())
    };
    format!(
        "## twinform parity: {} — {verdict}\n\n{}",
        heading(report),
        markdown_table(report)
    )
}

/// What changed between two reports, as sentences: exceptions a change adds and removes.
pub fn changes(from: &Report, to: &Report) -> Vec<String> {
    let key = |f: &Finding| (f.subject.clone(), f.id, f.detail.clone());
    let old: std::collections::BTreeSet<_> = from.exceptions.iter().map(key).collect();
    let new: std::collections::BTreeSet<_> = to.exceptions.iter().map(key).collect();
    let describe = |(subject, id, detail): &(Subject, &str, Option<String>)| {
        let detail = detail
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        format!("{subject} `{id}`{detail}")
    };
    let added = new
        .difference(&old)
        .map(|k| format!("added: {}", describe(k)));
    let removed = old
        .difference(&new)
        .map(|k| format!("removed: {}", describe(k)));
    added.chain(removed).collect()
}
