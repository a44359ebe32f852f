//! [`Code::Region`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF033`; this file is how.

use crate::arn::region_ok;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(region) = cx.spec.app.as_ref().and_then(|a| a.region.as_deref()) else {
        return;
    };
    if !region_ok(region) {
        out.push(
            Diagnostic::new(Code::Region, format!("`{}` is not an AWS Region name", region.escape_debug()))
                .at(cx.value(&["app", "region"]), "expected e.g. `us-east-1`")
                .help("use the Region code, not its display name or an AZ (`eu-west-1`, not `Ireland` or `eu-west-1a`)"),
        );
    }
}
