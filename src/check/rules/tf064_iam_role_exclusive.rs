//! [`Code::IamRoleExclusive`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF064`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (kind, section, name, iam) in cx.iam_owners() {
        let Some(iam) = iam else {
            continue;
        };
        if cx.invalid_within(&[section, name, "iam"]) {
            continue;
        }
        let statements = iam.statements.as_ref().is_some_and(|v| !v.is_empty());
        let managed = iam.managed_policies.as_ref().is_some_and(|v| !v.is_empty());
        if iam.role_arn.is_some() && (statements || managed) {
            let other = if statements {
                "statements"
            } else {
                "managed_policies"
            };
            out.push(
                Diagnostic::new(Code::IamRoleExclusive, format!("{kind} `{name}` brings its own role and asks for `{other}`"))
                    .at(cx.value(&[section, name, "iam", other]), "permissions for a role twinform would create")
                    .also(cx.value(&[section, name, "iam", "role_arn"]), "an existing role")
                    .help("attach the permissions to the existing role, or drop `role_arn` and let twinform create the role"),
            );
        } else if iam.role_arn.is_none() && !statements && !managed {
            out.push(
                Diagnostic::new(
                    Code::IamRoleExclusive,
                    format!("{kind} `{name}` has an empty `iam` table"),
                )
                .at(
                    cx.key(&[section, name, "iam"]),
                    "no statements, managed policies or role",
                )
                .help("add `statements`, `managed_policies` or `role_arn`, or remove `iam`"),
            );
        }
    }
}
