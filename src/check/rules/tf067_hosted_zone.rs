//! [`Code::HostedZone`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF067`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(ingress) = cx.spec.ingress.as_ref() else {
        return;
    };
    let Some(zone) = ingress.hosted_zone_id.as_deref() else {
        return;
    };
    let at = cx.value(&["ingress", "hosted_zone_id"]);
    let shape_ok = zone.len() <= 32
        && zone.starts_with('Z')
        && zone.len() > 1
        && zone
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let has_hosts = ingress.domain.is_some()
        || cx
            .services()
            .any(|(_, s)| s.host.is_some() && s.route.is_some());
    let hosts_unknown = cx.invalid(&["ingress", "domain"])
        || cx.services().any(|(name, _)| {
            cx.invalid(&["services", name, "host"]) || cx.invalid(&["services", name, "route"])
        });
    let problem = if !shape_ok {
        Some((
            "not a hosted zone ID",
            "copy the ID from the Route 53 console, e.g. `Z0123456789ABCDEFGHIJ`",
        ))
    } else if !has_hosts && !hosts_unknown {
        Some((
            "no host names to create records for",
            "set `ingress.domain` or a service `host`, or remove `hosted_zone_id`",
        ))
    } else if ingress.listener_arn.is_some() {
        Some((
            "the shared load balancer is not in the template",
            "create the records where the shared load balancer is defined, or remove `hosted_zone_id`",
        ))
    } else {
        None
    };
    if let Some((label, help)) = problem {
        out.push(
            Diagnostic::new(
                Code::HostedZone,
                format!(
                    "`ingress.hosted_zone_id` = `{}`: {label}",
                    zone.escape_debug()
                ),
            )
            .at(at, label)
            .help(help),
        );
    }
}
