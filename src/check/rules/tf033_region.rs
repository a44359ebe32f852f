//! TF033: `app.region` does not look like an AWS Region.
//!
//! **What it does.** Checks the shape `xx-name-N` (`us-east-1`, `us-gov-west-1`) with
//! `arn::region_ok`; it does not keep a list of Regions, which would go stale.
//!
//! **Why.** The region goes into ARNs, log configuration and the partition checks of secrets
//! and certificates; a typo such as `us-east1` breaks all of them.
//!
//! **Example.**
//! ```toml
//! [app]
//! region = "us-east1"   # error: not a Region name
//! ```

use crate::arn;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(region) = cx.spec.app.as_ref().and_then(|a| a.region.as_deref()) else {
        return;
    };
    if arn::region_ok(region) {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::Region,
            format!(
                "app.region `{}` is not an AWS Region name",
                region.escape_debug()
            ),
        )
        .at(cx.at(&["app", "region"]), "not a Region")
        .help("a Region name looks like `us-east-1` or `eu-central-2`"),
    );
}
