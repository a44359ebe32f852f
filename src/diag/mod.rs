//! Diagnostics: plain data (code, severity, message, labels, help) and their renderers.
//!
//! Architecture Invariant: rules build `Diagnostic` values and never format for a terminal;
//! rendering (human via annotate-snippets, JSON) lives in `render`. This module depends on
//! nothing else in the crate.

mod codes;
pub mod render;

pub use render::Source;

pub use codes::Code;

use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A span in the spec text with a short label ("first used here").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Range<usize>,
    pub message: String,
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Where the problem is; `None` for problems with no place in the text (an unknown `--env`).
    pub primary: Option<Label>,
    /// Other places worth showing ("first used here").
    pub secondary: Vec<Label>,
    pub help: Vec<String>,
    /// For a spec made with the Rust builder: the call that wrote the culprit, so the report
    /// points at the caller's code rather than at the spec text the builder rendered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_by: Option<SetBy>,
}

/// A builder call and where it was written (`#[track_caller]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SetBy {
    /// `Service::port`.
    pub method: &'static str,
    pub file: &'static str,
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for SetBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl Diagnostic {
    /// A diagnostic with the code's own severity.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: Vec::new(),
            set_by: None,
        }
    }

    /// Points the diagnostic at `span` (if known) with a short label.
    pub fn at(mut self, span: Option<Range<usize>>, label: impl Into<String>) -> Self {
        self.primary = span.map(|span| Label {
            span,
            message: label.into(),
        });
        self
    }

    pub fn also(mut self, span: Option<Range<usize>>, label: impl Into<String>) -> Self {
        if let Some(span) = span {
            self.secondary.push(Label {
                span,
                message: label.into(),
            });
        }
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (usize, Code, &str) {
        let start = self.primary.as_ref().map_or(0, |l| l.span.start);
        (start, self.code, self.message.as_str())
    }
}

/// Sorts diagnostics by position, then code, and drops exact duplicates (a value merged from an
/// overlay can be reported by both the overlay and the effective spec).
pub fn normalize(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics
        .dedup_by(|a, b| a.code == b.code && a.primary == b.primary && a.message == b.message);
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
