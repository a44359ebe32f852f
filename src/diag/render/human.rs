//! Human rendering with annotate-snippets (pinned to 0.12: its output is in our snapshots):
//!
//! ```text
//! twinform.toml:12:7: error[TF007]: service `auth`: cpu = 300, memory = 700 is not a Fargate size
//!    |
//! 12 | cpu = 300
//!    |       ^^^
//!    |
//!    = help: smallest valid size ≥ both: cpu = 512, memory = 1024 (0.5 vCPU, 1 GiB; +212 CPU units, +324 MiB)
//! ```

use super::{Lines, clamp};
use crate::diag::{Diagnostic, Severity};
use crate::spec::Located;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::ops::Range;

/// Every diagnostic, each followed by a blank line; ANSI colours only when `color` is set.
pub fn human(diagnostics: &[Diagnostic], located: &Located, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let lines = Lines::new(located);
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_one(&renderer, diagnostic, located, &lines));
        out.push_str("\n\n");
    }
    out
}

/// [`human`] without colours: stable text for tests and snapshots.
pub fn plain(diagnostics: &[Diagnostic], located: &Located) -> String {
    human(diagnostics, located, false)
}

fn render_one(renderer: &Renderer, d: &Diagnostic, located: &Located, lines: &Lines<'_>) -> String {
    let text = located.text.as_str();
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    // The location leads the header line (`path:line:col: error[TF007]: …`), so that editors and
    // terminals can jump to it; annotate-snippets would put it on a separate `-->` line.
    let header = match &d.primary {
        Some(label) => {
            let (line, col) = lines.line_col(label.span.start);
            format!("{}:{line}:{col}: {severity}", located.name)
        }
        None => format!("{}: {severity}", located.name),
    };
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(
        level
            .with_name(header)
            .primary_title(d.message.as_str())
            .id(d.code.as_str()),
    );
    let labels: Vec<(Range<usize>, &str, bool)> = d
        .primary
        .iter()
        .map(|l| (clamp(&l.span, text), l.message.as_str(), true))
        .chain(
            d.secondary
                .iter()
                .map(|l| (clamp(&l.span, text), l.message.as_str(), false)),
        )
        .collect();
    if let Some(snippet) = snippet(&labels, text, lines) {
        group = group.element(snippet);
    }
    for help in &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
}

/// The lines that hold the labels, annotated. Only those lines are handed over (not the whole
/// file), so rendering costs the same for a 10-line and a 100,000-line spec.
fn snippet<'a>(
    labels: &[(Range<usize>, &'a str, bool)],
    text: &'a str,
    lines: &Lines<'_>,
) -> Option<Snippet<'a, annotate_snippets::Annotation<'a>>> {
    let first = labels.iter().map(|(span, _, _)| span.start).min()?;
    let last = labels.iter().map(|(span, _, _)| span.end).max()?;
    let start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let end = text[last..].find('\n').map_or(text.len(), |i| last + i);
    let (line, _) = lines.line_col(start);
    let mut snippet = Snippet::source(&text[start..end]).line_start(line);
    for (span, message, primary) in labels {
        let kind = if *primary {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        let local = span.start - start..span.end - start;
        let message = (!message.is_empty()).then_some(*message);
        snippet = snippet.annotation(kind.span(local).label(message));
    }
    Some(snippet)
}
