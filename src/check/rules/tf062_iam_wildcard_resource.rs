//! [`Code::IamWildcardResource`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF062`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::policy::{check_action, is_read_only};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (kind, section, name, iam) in cx.iam_owners() {
        let statements = iam.and_then(|i| i.statements.as_ref());
        for (i, statement) in statements.into_iter().flatten().enumerate() {
            let resources = statement.resources.as_deref().unwrap_or_default();
            let Some(star) = resources.iter().position(|r| r == "*") else {
                continue;
            };
            // A malformed action is TF061's; report only well-formed writes here.
            let writes: Vec<&str> = statement
                .actions
                .iter()
                .flatten()
                .filter(|a| check_action(a).is_ok() && !is_read_only(a))
                .map(String::as_str)
                .collect();
            if writes.is_empty() {
                continue;
            }
            let (index, item) = (i.to_string(), star.to_string());
            out.push(
                Diagnostic::new(
                    Code::IamWildcardResource,
                    format!("{kind} `{name}` may `{}` on every resource", writes.join("`, `")),
                )
                .at(cx.value(&[section, name, "iam", "statements", &index, "resources", &item]), "every resource")
                .also(cx.value(&[section, name, "iam", "statements", &index, "actions"]), "write actions")
                .help("name the ARNs the application writes to, e.g. `arn:aws:sqs:us-east-1:123456789012:orders`; `*` is only for read actions (`Get*`, `List*`, `Describe*`)"),
            );
        }
    }
}
