//! Checks: every rule runs on the loaded spec and reports every problem in one run.
//!
//! Architecture Invariant: [`CheckedSpec`] can only be built here, and only when no error was
//! found, so nothing downstream ever sees an invalid spec. Rules only build `Diagnostic`s; they
//! never stop at the first problem, and their order never changes the output (diagnostics are
//! sorted by position, then code).

mod rules;

use crate::diag::{self, Diagnostic};
use crate::spec::{Loaded, Located, Service, Span, Spec};

/// A spec that passed every check (warnings allowed). Only `check` can build one.
#[derive(Debug, Clone)]
pub struct CheckedSpec {
    spec: Spec,
    located: Located,
}

impl CheckedSpec {
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    pub fn located(&self) -> &Located {
        &self.located
    }
}

/// What a rule sees: the effective spec and where its keys are.
pub struct Context<'a> {
    pub spec: &'a Spec,
    pub located: &'a Located,
}

impl Context<'_> {
    /// The narrowest place to report a problem with `path`: its value when written (in the
    /// selected overlay first), else the key of the nearest written ancestor.
    pub fn at(&self, path: &[&str]) -> Option<Span> {
        self.located.best(path)
    }

    /// The key at `path` when written (for problems with a name rather than a value), else
    /// the same fallback as [`Context::at`].
    pub fn key_at(&self, path: &[&str]) -> Option<Span> {
        self.located.key(path).or_else(|| self.located.best(path))
    }

    /// Where service `name` is declared: its base-spec header (not an overlay's), when written.
    pub fn service_at(&self, name: &str) -> Option<Span> {
        self.located
            .raw_key(&["services", name])
            .or_else(|| self.located.key(&["services", name]))
    }

    /// The services, in name order.
    pub fn services(&self) -> impl Iterator<Item = (&str, &Service)> {
        self.spec
            .services
            .iter()
            .map(|(name, service)| (name.as_str(), service))
    }
}

/// Runs every rule. Returns the checked spec when there is no error, and every diagnostic
/// (errors and warnings, sorted) either way.
pub fn check(loaded: Loaded) -> (Option<CheckedSpec>, Vec<Diagnostic>) {
    let Loaded {
        located,
        spec,
        mut diagnostics,
    } = loaded;
    let Some(spec) = spec else {
        diag::normalize(&mut diagnostics);
        return (None, diagnostics);
    };
    let cx = Context {
        spec: &spec,
        located: &located,
    };
    for rule in rules::ALL {
        rule(&cx, &mut diagnostics);
    }
    diag::normalize(&mut diagnostics);
    let ok = !diag::has_errors(&diagnostics);
    (ok.then_some(CheckedSpec { spec, located }), diagnostics)
}
