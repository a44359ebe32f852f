//! Human output: `path:line:col: error[TF0xx]: message`, the source lines underlined by
//! annotate-snippets, then `= help:` lines.
//!
//! The header is written here rather than by annotate-snippets, whose own header is
//! `error[TF0xx]: message` followed by ` --> path:line:col`; the snippet below it is a title-less
//! annotate-snippets group.

use super::{LineIndex, Source};
use crate::diag::{Diagnostic, Severity};
use annotate_snippets::renderer::{AnsiColor, Effects, Style};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet, normalize_untrusted_str};
use std::fmt::Write;
use std::ops::Range;

/// Every diagnostic, rendered for a terminal; `color` adds ANSI styles. Diagnostics are
/// separated by a blank line.
pub fn human(diagnostics: &[Diagnostic], source: Source<'_>, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let index = LineIndex::new(source);
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&header(diagnostic, &index, color));
        out.push('\n');
        let body = renderer.render(&[group(diagnostic, &index)]);
        if !body.is_empty() {
            out.push_str(&body);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// [`human`] without colours: what tests and snapshots use.
pub fn plain(diagnostics: &[Diagnostic], source: Source<'_>) -> String {
    human(diagnostics, source, false)
}

fn header(diagnostic: &Diagnostic, index: &LineIndex<'_>, color: bool) -> String {
    let source = index.source;
    let (word, level_style) = match diagnostic.severity {
        Severity::Error => (
            "error",
            AnsiColor::BrightRed.on_default().effects(Effects::BOLD),
        ),
        Severity::Warning => (
            "warning",
            AnsiColor::Yellow.on_default().effects(Effects::BOLD),
        ),
    };
    let bold = Style::new().effects(Effects::BOLD);
    let paint = |style: Style, text: &str| {
        if color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_owned()
        }
    };
    let mut location = normalize_untrusted_str(source.name);
    if let Some(set_by) = &diagnostic.set_by {
        // A builder-made spec: the caller's code is where the fix goes.
        location = normalize_untrusted_str(&set_by.to_string());
    } else if let Some(label) = &diagnostic.primary {
        let (line, col) = index.line_col(label.span.start);
        let _ = write!(location, ":{line}:{col}");
    }
    format!(
        "{}: {}: {}",
        paint(bold, &location),
        paint(level_style, &format!("{word}[{}]", diagnostic.code)),
        paint(bold, &normalize_untrusted_str(&diagnostic.message)),
    )
}

/// Labels more than this many lines apart get snippets of their own, so a "first used here"
/// far above does not pull every line in between into the window annotate-snippets works on.
const CLUSTER_GAP: usize = 8;

/// One underlined span: where, its label, and whether it is the primary one.
type Underline<'a> = (Range<usize>, &'a str, bool);

fn group<'a>(diagnostic: &'a Diagnostic, index: &LineIndex<'a>) -> Group<'a> {
    let source = index.source;
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_level(level);
    if let Some(primary) = &diagnostic.primary {
        let mut labels: Vec<Underline<'a>> = std::iter::once((
            underline(source, &primary.span),
            primary.message.as_str(),
            true,
        ))
        .chain(
            diagnostic
                .secondary
                .iter()
                .map(|l| (underline(source, &l.span), l.message.as_str(), false)),
        )
        .collect();
        labels.sort_by_key(|(span, _, _)| (span.start, span.end));
        let mut clusters: Vec<Vec<Underline<'a>>> = Vec::new();
        for label in labels {
            match clusters.last_mut() {
                Some(cluster)
                    if index.line(label.0.start) <= last_line(index, cluster) + CLUSTER_GAP =>
                {
                    cluster.push(label)
                }
                _ => clusters.push(vec![label]),
            }
        }
        for (n, cluster) in clusters.into_iter().enumerate() {
            // Each snippet sees only its own lines: rendering stays proportional to what is shown.
            let first = index.line(cluster[0].0.start);
            let window =
                index.line_range(first).start..index.line_range(last_line(index, &cluster)).end;
            let mut snippet = Snippet::source(&source.text[window.clone()])
                .line_start(first + 1)
                .fold(true);
            if n > 0 {
                // Later snippets name the file again (`::: path:line:col`), as rustc does.
                snippet = snippet.path(source.name);
            }
            for (span, message, is_primary) in cluster {
                let kind = if is_primary {
                    AnnotationKind::Primary
                } else {
                    AnnotationKind::Context
                };
                snippet = snippet.annotation(
                    kind.span(span.start - window.start..span.end - window.start)
                        .label(message),
                );
            }
            group = group.element(snippet);
        }
    }
    for help in &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    if let Some(set_by) = &diagnostic.set_by {
        group = group.element(Level::NOTE.message(format!(
            "written by `{}` at {set_by}; the snippet is the spec text the builder rendered",
            set_by.method
        )));
    }
    group
}

/// The 0-based line a cluster of underlines ends on (an end offset is exclusive).
fn last_line(index: &LineIndex<'_>, cluster: &[Underline<'_>]) -> usize {
    cluster
        .iter()
        .map(|(span, _, _)| index.line(span.end.saturating_sub(1).max(span.start)))
        .max()
        .unwrap_or(0)
}

/// The span to underline: clamped into the text, and at least one character wide so an empty
/// span (end of file) is still visible.
fn underline(source: Source<'_>, span: &Range<usize>) -> Range<usize> {
    let span = source.clamp(span);
    // A span on a line break (the parser's "expected `\"`" at the end of a line) underlines the
    // line's last character rather than running into the next line.
    let text = &source.text[span.clone()];
    if !text.is_empty() && text.trim_end_matches(['\n', '\r']).is_empty() {
        let before = &source.text[..span.start];
        if let Some(c) = before.chars().next_back().filter(|c| *c != '\n') {
            return span.start - c.len_utf8()..span.start;
        }
    }
    if span.start < span.end {
        return span;
    }
    match source.text[span.start..].chars().next() {
        Some(c) => span.start..span.start + c.len_utf8(),
        None => span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    const TEXT: &str = "[services.api]\nport = 0\nroute = \"/api\"\n";

    fn source() -> Source<'static> {
        Source {
            name: "t.toml",
            text: TEXT,
        }
    }

    #[test]
    fn header_names_path_line_column_and_code() {
        let d = Diagnostic::new(Code::Port, "service `api`: port 0 is out of range")
            .at(Some(22..23), "not in 1..=65535")
            .help("use a port between 1 and 65535");
        let out = plain(&[d], source());
        let mut lines = out.lines();
        assert_eq!(
            lines.next(),
            Some("t.toml:2:8: error[TF008]: service `api`: port 0 is out of range")
        );
        assert!(out.contains("2 | port = 0"), "{out}");
        assert!(out.contains("|        ^ not in 1..=65535"), "{out}");
        assert!(
            out.contains("= help: use a port between 1 and 65535"),
            "{out}"
        );
        assert!(!out.contains('\u{1b}'), "plain output has no escapes");
    }

    #[test]
    fn colour_adds_escapes() {
        let d = Diagnostic::new(Code::PrivilegedPort, "low port").at(Some(22..23), "here");
        let out = human(&[d], source(), true);
        assert!(out.contains('\u{1b}'));
        assert!(out.contains("warning[TF103]"));
    }

    #[test]
    fn no_span_means_no_snippet() {
        let d = Diagnostic::new(Code::NoServices, "the spec defines no services").help("add one");
        let out = plain(&[d], source());
        assert!(
            out.starts_with("t.toml: error[TF030]: the spec defines no services\n"),
            "{out}"
        );
        assert!(!out.contains(" | "), "{out}");
    }

    #[test]
    fn far_apart_labels_get_their_own_snippets() {
        let text: String = (1..=30).map(|i| format!("line{i} = {i}\n")).collect();
        let at = |line: usize| {
            let start = text
                .match_indices(&format!("line{line} "))
                .next()
                .map_or(0, |(i, _)| i);
            start..start + 4
        };
        let d = Diagnostic::new(Code::RouteConflict, "far")
            .at(Some(at(25)), "here")
            .also(Some(at(2)), "first");
        let out = plain(
            &[d],
            Source {
                name: "t.toml",
                text: &text,
            },
        );
        assert!(out.contains("::: t.toml:25:1"), "{out}");
        assert!(
            out.contains("2 | line2") && out.contains("25 | line25"),
            "{out}"
        );
        assert!(
            !out.contains("line12"),
            "lines between the clusters are not shown: {out}"
        );
    }

    #[test]
    fn hostile_spans_and_text_do_not_panic() {
        let text = "a = \"é\u{1b}[31m\"";
        let d = Diagnostic::new(Code::Syntax, "bad \u{1b}[2J")
            .at(Some(5..6), "inside a character")
            .also(Some(900..1000), "past the end");
        let out = plain(
            &[d],
            Source {
                name: "x\u{7}.toml",
                text,
            },
        );
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    }
}
