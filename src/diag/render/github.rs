//! GitHub Actions workflow commands: one `::error …::message` line per diagnostic, which GitHub
//! shows as an annotation on the spec's line in the pull request.
//!
//! ```text
//! ::error file=twinform.toml,line=12,endLine=12,col=7,endColumn=10,title=TF007 not a Fargate size::service `auth`: …%0Ahelp: …
//! ```

use super::Lines;
use crate::diag::{Diagnostic, Severity};
use crate::spec::Located;

/// One workflow command per diagnostic, in the given order; help lines follow the message.
pub fn github(diagnostics: &[Diagnostic], located: &Located) -> String {
    let lines = Lines::new(located);
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = vec![format!("file={}", property(&located.name))];
        if let Some(label) = &d.primary {
            let ((line, col), (end_line, end_col)) = lines.span(&label.span);
            properties.push(format!(
                "line={line},endLine={end_line},col={col},endColumn={end_col}"
            ));
        }
        properties.push(format!(
            "title={}",
            property(&format!("{} {}", d.code, d.code.summary()))
        ));
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

/// Escapes a command's message (GitHub's `escapeData`).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (GitHub's `escapeProperty`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_would_misread() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
