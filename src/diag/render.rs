//! Renderers: human (annotate-snippets) and JSON.
//!
//! TEMPORARY minimal versions written on the CLI branch so the binary builds; the diagnostics
//! work replaces this file with the real renderers at merge. Only the signatures matter here.

use super::{Diagnostic, Severity};
use crate::spec::Located;

/// `path:line:col: severity[CODE]: message`, one line per diagnostic plus its help lines.
pub fn human(diagnostics: &[Diagnostic], located: &Located, color: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let place = match &d.primary {
            Some(label) => {
                let (line, col) = located.line_col(label.span.start);
                format!("{}:{line}:{col}", located.name)
            }
            None => located.name.clone(),
        };
        let severity = match (d.severity, color) {
            (Severity::Error, true) => "\x1b[1;31merror\x1b[0m",
            (Severity::Warning, true) => "\x1b[1;33mwarning\x1b[0m",
            (Severity::Error, false) => "error",
            (Severity::Warning, false) => "warning",
        };
        out.push_str(&format!("{place}: {severity}[{}]: {}\n", d.code, d.message));
        for help in &d.help {
            out.push_str(&format!("  help: {help}\n"));
        }
    }
    out
}

/// One JSON object per diagnostic, one per line.
pub fn json_lines(diagnostics: &[Diagnostic], located: &Located) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (line, column) = d.primary.as_ref().map_or((None, None), |l| {
            let (line, col) = located.line_col(l.span.start);
            (Some(line), Some(col))
        });
        let object = serde_json::json!({
            "file": located.name,
            "line": line,
            "column": column,
            "code": d.code,
            "severity": d.severity,
            "message": d.message,
            "help": d.help,
        });
        out.push_str(&object.to_string());
        out.push('\n');
    }
    out
}
