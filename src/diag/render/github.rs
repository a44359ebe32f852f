//! GitHub Actions workflow commands: one `::error …::message` line per diagnostic, which a
//! workflow run shows as an annotation on the spec's line in the pull request (style guide E10:
//! one diagnostic model, many renderers).
//!
//! ```text
//! ::error file=twinform.toml,line=8,endLine=8,col=7,endColumn=10,title=TF007 not a Fargate size::service `api`: …%0Ahelp: …
//! ```

use super::{LineIndex, Source};
use crate::diag::{Diagnostic, Severity};

/// A failure of the tool itself (usage or I/O error) as one workflow command, not tied to a file.
pub fn github_failure(message: &str) -> String {
    format!("::error title=twinform::{}\n", data(message))
}

/// One workflow command per diagnostic, in the given order; help lines follow the message.
pub fn github(diagnostics: &[Diagnostic], source: Source<'_>) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = vec![];
        if let Some(set_by) = &d.set_by {
            // A builder-made spec: annotate the caller's code.
            properties.push(format!("file={}", property(set_by.file)));
            properties.push(format!("line={},col={}", set_by.line, set_by.column));
        } else if let Some(label) = &d.primary {
            properties.push(format!("file={}", property(source.name)));
            let span = source.clamp(&label.span);
            let (line, col) = index.line_col(span.start);
            let (end_line, end_col) = index.line_col(span.end);
            properties.push(format!(
                "line={line},endLine={end_line},col={col},endColumn={end_col}"
            ));
        } else {
            properties.push(format!("file={}", property(source.name)));
        }
        let title = format!("{} {}", d.code, d.code.summary());
        properties.push(format!("title={}", property(&title)));
        let mut message = d.message.clone();
        for help in &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            data(&message)
        ));
    }
    out
}

/// Escapes a command's message (the runner's `escapeData`).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (the runner's `escapeProperty`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn escapes_what_the_runner_would_misread() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn one_annotation_per_diagnostic() {
        let text = "[app]\nname = \"Shop\"\n";
        let source = Source {
            name: "dir,x/t.toml",
            text,
        };
        let diagnostics = [
            Diagnostic::new(Code::AppName, "app name `Shop` is not valid")
                .at(Some(13..19), "invalid")
                .help("try `shop`"),
            Diagnostic::new(Code::UnknownEnvironment, "unknown environment `x`"),
        ];
        assert_eq!(
            github(&diagnostics, source),
            "::error file=dir%2Cx/t.toml,line=2,endLine=2,col=8,endColumn=14,title=TF004 invalid app name::app name `Shop` is not valid%0Ahelp: try `shop`\n\
             ::error file=dir%2Cx/t.toml,title=TF029 unknown environment::unknown environment `x`\n"
        );
    }
}
