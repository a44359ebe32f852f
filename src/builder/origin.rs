//! Where each builder call was written (`#[track_caller]`), by the spec key it wrote, so a
//! diagnostic about a builder-made spec names the caller's file and line rather than the spec
//! text the builder rendered.

use crate::diag::{Diagnostic, SetBy};
use crate::spec::{Located, Span};
use std::panic::Location;

/// Key path (relative to the part being built) → the call that wrote it, in call order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origins(Vec<(Vec<String>, SetBy)>);

impl Origins {
    /// Records that `method`, called where the caller's caller wrote it, set `path`.
    #[track_caller]
    pub(crate) fn record(&mut self, path: &[&str], method: &'static str) {
        let at = Location::caller();
        self.0.push((
            path.iter().map(|segment| (*segment).to_owned()).collect(),
            SetBy {
                method,
                file: at.file(),
                line: at.line(),
                column: at.column(),
            },
        ));
    }

    /// Takes a part's origins under `prefix` (a health table set on a service, a service
    /// added to the app).
    pub(crate) fn nest(&mut self, prefix: &[&str], part: Origins) {
        for (path, set_by) in part.0 {
            let full = prefix
                .iter()
                .map(|segment| (*segment).to_owned())
                .chain(path)
                .collect();
            self.0.push((full, set_by));
        }
    }

    /// Marks each diagnostic with the call that wrote the innermost key its primary span lies
    /// in; the latest call wins where one key was written twice.
    pub(crate) fn attribute(&self, diagnostics: &mut [Diagnostic], located: &Located) {
        for diagnostic in diagnostics {
            let Some(primary) = &diagnostic.primary else {
                continue;
            };
            let at = primary.span.start;
            diagnostic.set_by = self
                .0
                .iter()
                .rev()
                .filter_map(|(path, set_by)| {
                    let path: Vec<&str> = path.iter().map(String::as_str).collect();
                    let span = written(located, &path)?;
                    span.contains(&at).then_some((span.len(), *set_by))
                })
                .min_by_key(|(len, _)| *len)
                .map(|(_, set_by)| set_by);
        }
    }
}

/// The text a key path occupies: its key through its value.
fn written(located: &Located, path: &[&str]) -> Option<Span> {
    let key = located.raw_key(path);
    let value = located.raw_value(path);
    let start = key.iter().chain(&value).map(|s| s.start).min()?;
    let end = key.iter().chain(&value).map(|s| s.end).max()?;
    Some(start..end.max(start + 1))
}
