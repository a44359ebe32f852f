//! TF021: `network.azs` is not 2 or 3.
//!
//! **What it does.** Checks the number of availability zones.
//!
//! **Why.** An ALB needs subnets in at least two AZs, and the pinned subnet layout has room for
//! three.
//!
//! **Example.**
//! ```toml
//! [network]
//! azs = 1               # error: must be 2 or 3
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(azs) = cx.spec.network.as_ref().and_then(|n| n.azs) else {
        return;
    };
    if !(2..=3).contains(&azs) {
        out.push(
            Diagnostic::new(
                Code::NetworkAzs,
                format!("network.azs = {azs} is not 2 or 3"),
            )
            .at(cx.at(&["network", "azs"]), "not 2 or 3")
            .help("an ALB needs at least two AZs; the subnet layout is pinned for up to three"),
        );
    }
}
