//! Human output: `path:line:col: error[TF0xx]: message`, the source lines underlined by
//! annotate-snippets, then `= help:` lines.
//!
//! The header is written here rather than by annotate-snippets, whose own header is
//! `error[TF0xx]: message` followed by ` --> path:line:col`; the snippet below it is a title-less
//! annotate-snippets group.

use super::Source;
use crate::diag::{Diagnostic, Severity};
use annotate_snippets::renderer::{AnsiColor, Effects, Style};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet, normalize_untrusted_str};
use std::fmt::Write;

/// Every diagnostic, rendered for a terminal; `color` adds ANSI styles. Diagnostics are
/// separated by a blank line.
pub fn human(diagnostics: &[Diagnostic], source: Source<'_>, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&header(diagnostic, source, color));
        out.push('\n');
        let body = renderer.render(&[group(diagnostic, source)]);
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

fn header(diagnostic: &Diagnostic, source: Source<'_>, color: bool) -> String {
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
    if let Some(label) = &diagnostic.primary {
        let (line, col) = source.line_col(label.span.start);
        let _ = write!(location, ":{line}:{col}");
    }
    format!(
        "{}: {}: {}",
        paint(bold, &location),
        paint(level_style, &format!("{word}[{}]", diagnostic.code)),
        paint(bold, &normalize_untrusted_str(&diagnostic.message)),
    )
}

fn group<'a>(diagnostic: &'a Diagnostic, source: Source<'a>) -> Group<'a> {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_level(level);
    if let Some(primary) = &diagnostic.primary {
        let mut snippet = Snippet::source(source.text).fold(true).annotation(
            AnnotationKind::Primary
                .span(underline(source, &primary.span))
                .label(primary.message.as_str()),
        );
        for label in &diagnostic.secondary {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(underline(source, &label.span))
                    .label(label.message.as_str()),
            );
        }
        group = group.element(snippet);
    }
    for help in &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    group
}

/// The span to underline: clamped into the text, and at least one character wide so an empty
/// span (end of file) is still visible.
fn underline(source: Source<'_>, span: &std::ops::Range<usize>) -> std::ops::Range<usize> {
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
