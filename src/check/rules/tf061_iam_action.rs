//! [`Code::IamAction`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF061`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::policy::{ActionError, check_action};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (kind, section, name, iam) in cx.iam_owners() {
        let statements = iam.and_then(|i| i.statements.as_ref());
        for (i, statement) in statements.into_iter().flatten().enumerate() {
            for (j, action) in statement.actions.iter().flatten().enumerate() {
                let (index, item) = (i.to_string(), j.to_string());
                let at = cx.value(&[section, name, "iam", "statements", &index, "actions", &item]);
                let diagnostic = match check_action(action) {
                    Ok(()) => continue,
                    Err(ActionError::AllActions) => Diagnostic::new(
                        Code::IamAction,
                        format!("{kind} `{name}` grants every action with `{}`", action.escape_debug()),
                    )
                    .at(at, "all actions")
                    .help("list the actions the application calls, e.g. `sqs:ReceiveMessage`, `sqs:DeleteMessage`"),
                    Err(ActionError::Shape) => Diagnostic::new(
                        Code::IamAction,
                        format!("`{}` is not an IAM action", action.escape_debug()),
                    )
                    .at(at, "not `service:Action`")
                    .help("write the service prefix and the action, e.g. `s3:GetObject`"),
                };
                out.push(diagnostic);
            }
        }
    }
}
