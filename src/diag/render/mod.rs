//! Renderers: the same diagnostics for people (annotate-snippets) and for tools (JSON lines).
//!
//! Both are pure functions of the diagnostics and the located text: the CLI decides where the
//! output goes and whether it is coloured (a TTY, no `NO_COLOR`).

mod human;
mod json;

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

/// 1-based (line, column) of the start and end of a span; columns count characters and the
/// end is exclusive.
fn positions(span: &Range<usize>, located: &Located) -> ((usize, usize), (usize, usize)) {
    let span = clamp(span, &located.text);
    (located.line_col(span.start), located.line_col(span.end))
}
