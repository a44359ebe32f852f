//! One rule per file, `tfNNN_name.rs`; `ALL` runs them in registry order.

use super::Context;
use crate::diag::Diagnostic;

/// A rule: reads the spec, pushes diagnostics.
pub type Rule = fn(&Context<'_>, &mut Vec<Diagnostic>);

pub const ALL: &[Rule] = &[];
