//! JSON lines: one object per diagnostic, for editors and CI annotations.
//!
//! ```json
//! {"code":"TF007","severity":"error","message":"…","file":"twinform.toml","line":12,"column":7,
//!  "end_line":12,"end_column":10,"labels":[{"primary":true,"message":"","line":12,…}],"help":["…"]}
//! ```
//!
//! Lines and columns are 1-based, columns count characters, and ends are exclusive. A
//! diagnostic without a place in the text has `null` positions.

use super::Lines;
use crate::diag::{Code, Diagnostic, Label, Severity};
use crate::spec::Located;
use serde::Serialize;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: Code,
    severity: Severity,
    message: &'a str,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    labels: Vec<JsonLabel<'a>>,
    help: &'a [String],
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    primary: bool,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn label<'a>(label: &'a Label, primary: bool, lines: &Lines<'_>) -> JsonLabel<'a> {
    let ((line, column), (end_line, end_column)) = lines.span(&label.span);
    JsonLabel {
        primary,
        message: &label.message,
        line,
        column,
        end_line,
        end_column,
    }
}

/// One JSON object per line per diagnostic, in the given order.
pub fn json_lines(diagnostics: &[Diagnostic], located: &Located) -> String {
    let lines = Lines::new(located);
    let mut out = String::new();
    for d in diagnostics {
        let labels: Vec<JsonLabel<'_>> = d
            .primary
            .iter()
            .map(|l| label(l, true, &lines))
            .chain(d.secondary.iter().map(|l| label(l, false, &lines)))
            .collect();
        let primary = d.primary.as_ref().map(|l| lines.span(&l.span));
        let object = JsonDiagnostic {
            code: d.code,
            severity: d.severity,
            message: &d.message,
            file: &located.name,
            line: primary.map(|((line, _), _)| line),
            column: primary.map(|((_, column), _)| column),
            end_line: primary.map(|(_, (line, _))| line),
            end_column: primary.map(|(_, (_, column))| column),
            labels,
            help: &d.help,
        };
        // Serializing plain strings and numbers cannot fail; an empty line would still keep
        // the one-object-per-line framing intact.
        out.push_str(&serde_json::to_string(&object).unwrap_or_default());
        out.push('\n');
    }
    out
}
