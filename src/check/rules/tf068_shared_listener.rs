//! [`Code::SharedListener`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF068`; this file is how.

use crate::arn::alb_listener_region;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

fn is_security_group(id: &str) -> bool {
    id.strip_prefix("sg-").is_some_and(|hex| {
        matches!(hex.len(), 8 | 17)
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(cluster) = cx.spec.ecs.as_ref().and_then(|e| e.cluster.as_deref()) {
        let ok = !cluster.is_empty()
            && cluster.len() <= 255
            && cluster
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            out.push(
                Diagnostic::new(
                    Code::SharedListener,
                    format!("`{}` is not an ECS cluster name", cluster.escape_debug()),
                )
                .at(
                    cx.value(&["ecs", "cluster"]),
                    "letters, digits, `-` and `_`, at most 255",
                )
                .help("write the cluster's name (not its ARN), e.g. `platform-prod`"),
            );
        }
    }
    let Some(ingress) = cx.spec.ingress.as_ref() else {
        return;
    };
    let group = ingress.load_balancer_security_group.as_deref();
    let Some(listener) = ingress.listener_arn.as_deref() else {
        if group.is_some() && !cx.invalid(&["ingress", "listener_arn"]) {
            out.push(
                Diagnostic::new(Code::SharedListener, "`load_balancer_security_group` without `listener_arn`")
                    .at(cx.key(&["ingress", "load_balancer_security_group"]), "only used with a shared listener")
                    .help("add `listener_arn` to put the rules on an existing listener, or remove the security group"),
            );
        }
        return;
    };
    let at = cx.value(&["ingress", "listener_arn"]);
    let region = cx.region();
    match alb_listener_region(listener) {
        None => out.push(
            Diagnostic::new(
                Code::SharedListener,
                "`ingress.listener_arn` is not an ALB listener ARN",
            )
            .at(
                at.clone(),
                "not `arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/app/NAME/ID/ID`",
            )
            .help("copy the listener's ARN from the EC2 console (Load balancers → Listeners)"),
        ),
        Some(r) if r != region => out.push(
            Diagnostic::new(
                Code::SharedListener,
                format!("the listener is in `{r}`, the app in `{region}`"),
            )
            .at(at.clone(), "another region")
            .help("a target group can only join a load balancer of its own region"),
        ),
        Some(_) => {}
    }
    match group {
        None => out.push(
            Diagnostic::new(Code::SharedListener, "`listener_arn` needs `load_balancer_security_group`")
                .at(at, "the routed services must admit this load balancer")
                .help("add `load_balancer_security_group = \"sg-...\"`, the shared load balancer's security group"),
        ),
        Some(id) if !is_security_group(id) => out.push(
            Diagnostic::new(Code::SharedListener, format!("`{}` is not a security group ID", id.escape_debug()))
                .at(cx.value(&["ingress", "load_balancer_security_group"]), "not `sg-` followed by 8 or 17 hex digits")
                .help("copy the ID of the load balancer's security group, e.g. `sg-0abc1234def567890`"),
        ),
        Some(_) => {}
    }
}
