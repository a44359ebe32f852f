//! Checks: every rule runs on the loaded spec and reports every problem in one run.
//!
//! Architecture Invariant: [`CheckedSpec`] can only be built here, and only when no error was
//! found, so nothing downstream ever sees an invalid spec. Rules only build `Diagnostic`s.

mod rules;

use crate::diag::{self, Diagnostic};
use crate::spec::{Loaded, Located, Spec};

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
