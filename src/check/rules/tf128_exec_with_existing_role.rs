//! [`Code::ExecWithExistingRole`]: what it checks and why is the registry's explanation, shown
//! by `twinform explain TF128`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::policy::ECS_EXEC_ACTIONS;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let role = service.iam.as_ref().and_then(|iam| iam.role_arn.as_deref());
        if service.exec != Some(true) || role.is_none() {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::ExecWithExistingRole,
                format!("service `{name}`: ECS Exec runs as the existing role `iam.role_arn`"),
            )
            .at(
                cx.value(&["services", name, "exec"]),
                "needs Session Manager permissions",
            )
            .also(
                cx.value(&["services", name, "iam", "role_arn"]),
                "twinform does not change this role",
            )
            .help(format!(
                "allow {} on `*` in that role",
                ECS_EXEC_ACTIONS.join(", ")
            )),
        );
    }
}
