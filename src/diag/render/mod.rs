//! Renderers: the same diagnostics as human text (annotate-snippets), as JSON lines, or as
//! GitHub Actions annotations.
//!
//! Architecture Invariant: renderers are pure functions of the diagnostics and the source text;
//! whether to colour is decided by the caller (the CLI knows the terminal), through
//! [`use_color`], so the policy itself is tested here.

mod github;
mod human;
mod json;

pub use github::{github, github_failure};
pub use human::{human, plain};
pub use json::{JsonDiagnostic, JsonFailure, JsonLabel, json_lines};

use super::{Diagnostic, Severity};
use std::ops::Range;

/// The spec text the diagnostics point into, and the name shown for it (the path as given on
/// the command line).
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Whether human output gets ANSI colours: only on a terminal, and never when `NO_COLOR` is set
/// to a non-empty value (<https://no-color.org>).
pub fn use_color(stream_is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    stream_is_terminal && no_color.is_none_or(|value| value.is_empty())
}

/// `2 errors, 1 warning` — the closing line of a human report; `None` when there is nothing.
pub fn summary(diagnostics: &[Diagnostic]) -> Option<String> {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => None,
        (0, w) => Some(plural(w, "warning")),
        (e, 0) => Some(plural(e, "error")),
        (e, w) => Some(format!("{}, {}", plural(e, "error"), plural(w, "warning"))),
    }
}

impl Source<'_> {
    /// A span made safe to slice with: inside the text and on character boundaries. Spans come
    /// from the parser and rules, but the renderer must never panic on any input.
    fn clamp(&self, span: &Range<usize>) -> Range<usize> {
        let floor = |mut i: usize| {
            i = i.min(self.text.len());
            while !self.text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(span.start);
        start..floor(span.end).max(start)
    }

    /// 1-based line and column (counted in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(&(offset..offset)).start;
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

/// Line starts of a text, computed once per render so that locating thousands of diagnostics
/// in a large spec stays linear.
pub(crate) struct LineIndex<'a> {
    source: Source<'a>,
    /// Byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(source: Source<'a>) -> Self {
        let starts = std::iter::once(0)
            .chain(source.text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { source, starts }
    }

    /// 0-based line number of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// Byte range of 0-based `line`, including its line break.
    pub(crate) fn line_range(&self, line: usize) -> Range<usize> {
        let start = self
            .starts
            .get(line)
            .copied()
            .unwrap_or(self.source.text.len());
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.source.text.len());
        start..end
    }

    /// 1-based line and column (in characters), as [`Source::line_col`].
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.source.clamp(&(offset..offset)).start;
        let line = self.line(offset);
        let start = self.line_range(line).start.min(offset);
        (
            line + 1,
            self.source.text[start..offset].chars().count() + 1,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn line_index_agrees_with_line_col() {
        let text = "a\n\nbé c\n\nlast";
        let source = Source { name: "t", text };
        let index = LineIndex::new(source);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.line_col(offset),
                source.line_col(offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(use_color(true, None));
        assert!(!use_color(false, None));
        assert!(!use_color(true, Some(OsStr::new("1"))));
        // An empty NO_COLOR does not count (no-color.org).
        assert!(use_color(true, Some(OsStr::new(""))));
    }

    #[test]
    fn line_and_column_count_characters() {
        let source = Source {
            name: "t.toml",
            text: "a = 1\nb = \"é\" x\n",
        };
        assert_eq!(source.line_col(0), (1, 1));
        assert_eq!(source.line_col(6), (2, 1));
        // `x` is after a two-byte character: byte 15, column 9.
        assert_eq!(source.line_col(15), (2, 9));
        // Inside the two-byte character and past the end: clamped, no panic.
        assert_eq!(source.line_col(12), (2, 6));
        assert_eq!(source.line_col(999), (3, 1));
    }

    #[test]
    fn summary_counts() {
        use crate::diag::Code;
        let e = Diagnostic::new(Code::Port, "x");
        let w = Diagnostic::new(Code::PrivilegedPort, "y");
        assert_eq!(summary(&[]), None);
        assert_eq!(
            summary(std::slice::from_ref(&e)).as_deref(),
            Some("1 error")
        );
        assert_eq!(
            summary(&[e.clone(), e, w]).as_deref(),
            Some("2 errors, 1 warning")
        );
    }
}
