//! [`Code::LogRetention`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF032`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub const VALID: [i64; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(days) = cx.spec.app.as_ref().and_then(|a| a.log_retention_days) else {
        return;
    };
    if VALID.contains(&days) {
        return;
    }
    let below = VALID.iter().rev().find(|&&v| v < days);
    let above = VALID.iter().find(|&&v| v > days);
    let near: Vec<String> = below.into_iter().chain(above).map(i64::to_string).collect();
    out.push(
        Diagnostic::new(Code::LogRetention, format!("`app.log_retention_days` = {days} is not a CloudWatch retention"))
            .at(cx.value(&["app", "log_retention_days"]), "not an allowed value")
            .help(format!("the nearest allowed values are {}", near.join(" and ")))
            .help("allowed: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"),
    );
}
