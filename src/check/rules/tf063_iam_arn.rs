//! [`Code::IamArn`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF063`; this file is how.

use crate::arn::{is_managed_policy, parse, role_account};
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// IAM's hard limits per role (not adjustable): managed policies attached, and characters of
/// all inline policies together (whitespace not counted).
pub const MAX_MANAGED_POLICIES: usize = 20;
pub const MAX_INLINE_POLICY_CHARS: usize = 10_240;

/// The inline policy's size as IAM counts it: the minified JSON of the statements, plus the
/// document frame. An estimate from above (it counts the quotes IAM counts too).
fn inline_size(statements: &[crate::spec::IamStatement]) -> usize {
    let list = |v: &Option<Vec<String>>| -> usize {
        v.iter().flatten().map(|s| s.len() + 3).sum::<usize>() + 2
    };
    let frame = r#"{"Version":"2012-10-17","Statement":[]}"#.len();
    frame
        + statements
            .iter()
            .map(|s| {
                r#"{"Effect":"Allow","Action":,"Resource":},"#.len()
                    + list(&s.actions)
                    + list(&s.resources)
            })
            .sum::<usize>()
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (kind, section, name, iam) in cx.iam_owners() {
        let Some(iam) = iam else {
            continue;
        };
        for (i, statement) in iam.statements.iter().flatten().enumerate() {
            let index = i.to_string();
            let path = [section, name, "iam", "statements", &index];
            for (key, list) in [
                ("actions", &statement.actions),
                ("resources", &statement.resources),
            ] {
                if list.as_ref().is_none_or(Vec::is_empty) {
                    let at = cx
                        .value(&[&path[..], &[key]].concat())
                        .or_else(|| cx.value(&path));
                    out.push(
                        Diagnostic::new(Code::IamArn, format!("a statement of {kind} `{name}` has no {key}"))
                            .at(at, format!("no {key}"))
                            .help("a statement is `{ actions = [\"sqs:ReceiveMessage\"], resources = [\"arn:aws:sqs:...\"] }`"),
                    );
                }
            }
            for (j, resource) in statement.resources.iter().flatten().enumerate() {
                if resource == "*" || parse(resource).is_some() {
                    continue;
                }
                let item = j.to_string();
                out.push(
                    Diagnostic::new(Code::IamArn, format!("`{}` is not an ARN", resource.escape_debug()))
                        .at(cx.value(&[&path[..], &["resources", &item]].concat()), "not `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`")
                        .help("write the resource's full ARN, e.g. `arn:aws:sqs:us-east-1:123456789012:orders`"),
                );
            }
        }
        let managed = iam.managed_policies.as_deref().unwrap_or_default();
        if managed.len() > MAX_MANAGED_POLICIES {
            out.push(
                Diagnostic::new(
                    Code::IamArn,
                    format!(
                        "{kind} `{name}` attaches {} managed policies",
                        managed.len()
                    ),
                )
                .at(
                    cx.value(&[section, name, "iam", "managed_policies"]),
                    format!("at most {MAX_MANAGED_POLICIES} per role"),
                )
                .help("merge policies, or move permissions into `statements`"),
            );
        }
        let size = inline_size(iam.statements.as_deref().unwrap_or_default());
        if size > MAX_INLINE_POLICY_CHARS {
            out.push(
                Diagnostic::new(Code::IamArn, format!("the statements of {kind} `{name}` take about {size} characters"))
                    .at(cx.value(&[section, name, "iam", "statements"]), format!("at most {MAX_INLINE_POLICY_CHARS} per role"))
                    .help("use wildcards inside ARNs (`arn:aws:sqs:us-east-1:123456789012:orders-*`) or a customer managed policy in `managed_policies`"),
            );
        }
        for (j, policy) in managed.iter().enumerate() {
            if is_managed_policy(policy) {
                continue;
            }
            let item = j.to_string();
            out.push(
                Diagnostic::new(Code::IamArn, format!("`{}` is not an IAM policy ARN", policy.escape_debug()))
                    .at(cx.value(&[section, name, "iam", "managed_policies", &item]), "not `arn:aws:iam::aws:policy/NAME`")
                    .help("AWS managed policies are `arn:aws:iam::aws:policy/NAME`; customer ones `arn:aws:iam::ACCOUNT:policy/NAME`"),
            );
        }
        if let Some(role) = iam
            .role_arn
            .as_deref()
            .filter(|r| role_account(r).is_none())
        {
            out.push(
                Diagnostic::new(
                    Code::IamArn,
                    format!("`{}` is not an IAM role ARN", role.escape_debug()),
                )
                .at(
                    cx.value(&[section, name, "iam", "role_arn"]),
                    "not `arn:aws:iam::ACCOUNT:role/NAME`",
                )
                .help("copy the role's ARN from the IAM console"),
            );
        }
    }
}
