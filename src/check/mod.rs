//! Checks: every rule runs on the loaded spec and reports every problem in one run.
//!
//! Architecture Invariant: [`CheckedSpec`] can only be built here, and only when no error was
//! found, so nothing downstream ever sees an invalid spec. Rules only build `Diagnostic`s; they
//! never stop at the first problem and never depend on the order they run in.

mod rules;
mod syntax;

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

/// What a rule sees: the effective spec (the selected overlay merged in) and where its keys are.
pub struct Context<'a> {
    pub spec: &'a Spec,
    pub located: &'a Located,
}

impl<'a> Context<'a> {
    /// The services of the base spec, by name. A service that only an overlay names is not one
    /// of them: TF026 reports it once instead of every rule reporting its missing keys.
    pub fn services(&self) -> impl Iterator<Item = (&'a str, &'a Service)> + '_ {
        let located = self.located;
        self.spec
            .services
            .iter()
            .filter(move |(name, _)| located.raw_key(&["services", name]).is_some())
            .map(|(name, service)| (name.as_str(), service))
    }

    /// Span of the value at `path` (the overlay's when the selected overlay sets it).
    pub fn value(&self, path: &[&str]) -> Option<Span> {
        self.located.value(path)
    }

    /// Span of the key at `path` (overlay first).
    pub fn key(&self, path: &[&str]) -> Option<Span> {
        self.located.key(path)
    }

    /// The value at `path` if written, else the nearest written ancestor's key.
    pub fn best(&self, path: &[&str]) -> Option<Span> {
        self.located.best(path)
    }

    /// The `[services.NAME]` header (or inline key) in the base spec.
    pub fn service_key(&self, name: &str) -> Option<Span> {
        self.located.raw_key(&["services", name])
    }

    /// The app's region, defaulted.
    pub fn region(&self) -> &'a str {
        self.spec
            .app
            .as_ref()
            .and_then(|a| a.region.as_deref())
            .unwrap_or(crate::spec::defaults::REGION)
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
