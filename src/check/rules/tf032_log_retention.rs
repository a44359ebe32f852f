//! TF032: `app.log_retention_days` is not a value CloudWatch Logs accepts.
//!
//! **What it does.** Checks the value against CloudWatch's fixed list, and names the nearest
//! allowed values.
//!
//! **Why.** `RetentionInDays` accepts only these numbers; any other fails the deployment.
//!
//! **Example.**
//! ```toml
//! [app]
//! log_retention_days = 10   # error; help: 7 or 14
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

const ALLOWED: [i64; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(days) = cx.spec.app.as_ref().and_then(|a| a.log_retention_days) else {
        return;
    };
    if ALLOWED.contains(&days) {
        return;
    }
    let below = ALLOWED.iter().rev().find(|&&d| d < days);
    let above = ALLOWED.iter().find(|&&d| d > days);
    let nearest = match (below, above) {
        (Some(b), Some(a)) => format!("the nearest allowed values are {b} and {a}"),
        (Some(b), None) => format!("the longest allowed retention is {b} days"),
        (None, Some(a)) => format!("the shortest allowed retention is {a} day"),
        (None, None) => String::new(),
    };
    out.push(
        Diagnostic::new(
            Code::LogRetention,
            format!("app.log_retention_days = {days} is not a CloudWatch retention period"),
        )
        .at(
            cx.at(&["app", "log_retention_days"]),
            "not an allowed value",
        )
        .help(nearest),
    );
}
