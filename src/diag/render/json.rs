//! `--message-format json`: one JSON object per diagnostic per line, for editors and CI
//! annotations. Lines and columns are 1-based (columns in characters); `span` holds byte offsets.

use super::{LineIndex, Source};
use crate::diag::{Code, Diagnostic, Label, SetBy, Severity};
use serde::Serialize;

/// The JSON form of one diagnostic (a stable, documented shape: fields are only ever added).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonDiagnostic {
    pub file: String,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The primary location; `null` for problems with no place in the text.
    pub primary: Option<JsonLabel>,
    pub secondary: Vec<JsonLabel>,
    pub help: Vec<String>,
    /// The code's one-line summary, so a consumer needs no copy of the registry.
    pub summary: &'static str,
    /// For a builder-made spec, the call that wrote the culprit (`file`, `line`, `column`,
    /// `method`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_by: Option<SetBy>,
}

/// A failure of the tool itself (a usage or I/O error, exit 2) in the diagnostic's shape, so a
/// consumer of `--message-format json` reads every line the same way: `code` and `file` are
/// `null`, there is no location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonFailure {
    pub file: Option<String>,
    pub code: Option<Code>,
    pub severity: Severity,
    pub message: String,
    pub primary: Option<JsonLabel>,
    pub secondary: Vec<JsonLabel>,
    pub help: Vec<String>,
    pub summary: &'static str,
}

impl JsonFailure {
    pub fn new(message: &str, summary: &'static str) -> Self {
        JsonFailure {
            file: None,
            code: None,
            severity: Severity::Error,
            message: message.to_owned(),
            primary: None,
            secondary: Vec::new(),
            help: Vec::new(),
            summary,
        }
    }
}

/// A located label. `line`/`column` are where the span starts; `end_line`/`end_column` are just
/// past its end (exclusive), like `end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonLabel {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Byte offsets into the file, end exclusive.
    pub start: usize,
    pub end: usize,
    pub message: String,
}

impl JsonDiagnostic {
    pub fn new(diagnostic: &Diagnostic, source: Source<'_>) -> Self {
        Self::located(diagnostic, &LineIndex::new(source))
    }

    fn located(diagnostic: &Diagnostic, index: &LineIndex<'_>) -> Self {
        let source = index.source;
        let label = |l: &Label| {
            let span = source.clamp(&l.span);
            let (line, column) = index.line_col(span.start);
            let (end_line, end_column) = index.line_col(span.end);
            JsonLabel {
                line,
                column,
                end_line,
                end_column,
                start: span.start,
                end: span.end,
                message: l.message.clone(),
            }
        };
        JsonDiagnostic {
            file: source.name.to_owned(),
            code: diagnostic.code,
            severity: diagnostic.severity,
            message: diagnostic.message.clone(),
            primary: diagnostic.primary.as_ref().map(label),
            secondary: diagnostic.secondary.iter().map(label).collect(),
            help: diagnostic.help.clone(),
            summary: diagnostic.code.summary(),
            set_by: diagnostic.set_by,
        }
    }
}

/// One JSON object per line, each line ending in `\n`.
pub fn json_lines(diagnostics: &[Diagnostic], source: Source<'_>) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for diagnostic in diagnostics {
        // Serializing plain strings and numbers cannot fail; an empty line would be the only
        // symptom if it ever did.
        out.push_str(
            &serde_json::to_string(&JsonDiagnostic::located(diagnostic, &index))
                .unwrap_or_default(),
        );
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_object_per_line_with_positions() {
        let text = "[app]\nname = \"Shop\"\n";
        let d = Diagnostic::new(Code::AppName, "bad name")
            .at(Some(13..19), "here")
            .help("lowercase");
        let w = Diagnostic::new(Code::NoServices, "no services");
        let out = json_lines(
            &[d, w],
            Source {
                name: "t.toml",
                text,
            },
        );
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["code"], "TF004");
        assert_eq!(lines[0]["severity"], "error");
        assert_eq!(lines[0]["primary"]["line"], 2);
        assert_eq!(lines[0]["primary"]["column"], 8);
        assert_eq!(lines[0]["primary"]["end_column"], 14);
        assert_eq!(lines[0]["help"][0], "lowercase");
        assert_eq!(lines[1]["primary"], serde_json::Value::Null);
    }
}
