//! Renderers: the same diagnostics for people (annotate-snippets) and for tools (JSON lines,
//! GitHub Actions annotations).
//!
//! Both are pure functions of the diagnostics and the located text: the CLI decides where the
//! output goes and whether it is coloured (a TTY, no `NO_COLOR`).

mod github;
mod human;
mod json;

pub use github::github;
pub use human::{human, plain};
pub use json::json_lines;

use crate::spec::Located;
use std::ops::Range;

/// A span clamped to the text and to character boundaries, so that a stale or synthetic span
/// can never make a renderer slice inside a character or past the end.
fn clamp(span: &Range<usize>, text: &str) -> Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(span.start);
    let end = floor(span.end).max(start);
    // A span holding just a line break (an error at the end of a line) is drawn as a caret
    // after the line's last character, not as an underline reaching into the next line.
    if matches!(&text[start..end], "\n" | "\r\n") {
        start..start
    } else {
        start..end
    }
}

/// Where each line starts, so that a position costs a binary search instead of a scan from
/// the top (`Located::line_col` scans: fine for one lookup, quadratic for thousands of
/// diagnostics in a large spec). Same results as `Located::line_col`.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(located: &'a Located) -> Self {
        let text = located.text.as_str();
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = clamp(&(offset..offset), self.text).start;
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        (line, self.text[line_start..offset].chars().count() + 1)
    }

    /// 1-based (line, column) of the start and end of a span; the end is exclusive.
    fn span(&self, span: &Range<usize>) -> ((usize, usize), (usize, usize)) {
        let span = clamp(span, self.text);
        (self.line_col(span.start), self.line_col(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_located() {
        let text = "a = \"é\"\r\n\n写真 = 1\nlast";
        let located = Located::new("t.toml", text, None, None);
        let lines = Lines::new(&located);
        for offset in 0..text.len() + 3 {
            assert_eq!(
                lines.line_col(offset),
                located.line_col(offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn clamping_keeps_spans_inside_the_text() {
        let text = "é\n"; // `é` is two bytes
        assert_eq!(clamp(&(1..9), text), 0..3);
        // A reversed span (never built by the loader, but cheap to survive).
        assert_eq!(clamp(&Range { start: 5, end: 2 }, text), 3..3);
        // A lone line break becomes an empty span at the end of the line.
        assert_eq!(clamp(&(2..3), text), 2..2);
    }
}
