//! [`Code::NetworkAzs`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF021`; this file is how.

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
                format!("`network.azs` = {azs}; it must be 2 or 3"),
            )
            .at(cx.value(&["network", "azs"]), "not 2 or 3")
            .help(
                "an ALB needs subnets in at least two AZs; the pinned subnet layout covers three",
            ),
        );
    }
}
