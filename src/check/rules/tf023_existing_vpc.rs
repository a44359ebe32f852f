//! TF023: an incomplete or inconsistent existing VPC.
//!
//! **What it does.** With `network.vpc_id` (a `vpc-…` ID): both `public_subnets` and
//! `private_subnets` are required, each with exactly `azs` distinct `subnet-…` IDs, and
//! `cidr`/`nat` (settings of a new VPC) may not be given. Without `vpc_id`, neither subnet list
//! may be given. An overlay cannot unset a base key, so when the selected environment switches
//! a base VPC to an existing one, the base's `cidr`, `nat` and `azs` are inherited, not written
//! for it: they are not held against it, and the AZ count is then the subnet lists' (equal
//! lengths, 2 or 3).
//!
//! **Why.** The load balancer goes into the public subnets and the tasks into the private ones,
//! one per AZ; settings that only a new VPC uses would otherwise be silently ignored.
//!
//! **Example.**
//! ```toml
//! [network]
//! vpc_id = "vpc-0abc1234"
//! public_subnets = ["subnet-0a1", "subnet-0b2"]   # error: no `private_subnets`
//! ```

use super::common::is_aws_id;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::defaults;
use std::collections::BTreeMap;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(network) = &cx.spec.network else {
        return;
    };
    let error = |message: String| Diagnostic::new(Code::ExistingVpc, message);
    let lists = [
        ("public_subnets", "public", &network.public_subnets),
        ("private_subnets", "private", &network.private_subnets),
    ];
    let Some(vpc_id) = network.vpc_id.as_deref() else {
        for (key, _, list) in lists {
            if list.is_some() {
                out.push(
                    error(format!("network.{key} is given without network.vpc_id"))
                        .at(cx.at(&["network", key]), "only used with an existing VPC")
                        .help("set `vpc_id` to reuse an existing VPC, or remove the subnet lists to create one"),
                );
            }
        }
        return;
    };
    if !is_aws_id(vpc_id, "vpc") {
        out.push(
            error(format!(
                "network.vpc_id `{}` is not a VPC ID",
                vpc_id.escape_debug()
            ))
            .at(cx.at(&["network", "vpc_id"]), "not `vpc-…`")
            .help("a VPC ID looks like `vpc-0123456789abcdef0`"),
        );
    }
    for key in ["cidr", "nat"] {
        let given = if key == "cidr" {
            network.cidr.is_some()
        } else {
            network.nat.is_some()
        };
        if given && !inherited(cx, key) {
            out.push(
                error(format!("network.{key} does not apply to an existing VPC"))
                    .at(cx.at(&["network", key]), "ignored with `vpc_id`")
                    .also(cx.located.value(&["network", "vpc_id"]), "existing VPC")
                    .help(format!(
                        "remove `{key}`: the existing VPC keeps its own addressing and routing"
                    )),
            );
        }
    }
    // With `azs` inherited, the public list decides the AZ count; the private one must agree.
    let (azs, why) = match (inherited(cx, "azs"), &network.public_subnets) {
        (true, Some(public)) if (2..=3).contains(&public.len()) => (
            public.len() as i64,
            format!("network.public_subnets lists {}", public.len()),
        ),
        (true, _) => (2, "an existing VPC spans 2 or 3 AZs".to_owned()),
        (false, _) => {
            let azs = network.azs.unwrap_or(defaults::AZS);
            (azs, format!("network.azs is {azs}"))
        }
    };
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for (key, kind, list) in lists {
        let Some(list) = list else {
            out.push(
                error(format!("network.vpc_id needs network.{key}"))
                    .at(cx.at(&["network", "vpc_id"]), format!("no `{key}`"))
                    .help(format!("list one {kind} subnet per AZ ({azs})")),
            );
            continue;
        };
        if i64::try_from(list.len()).ok() != Some(azs) {
            out.push(
                error(format!("network.{key} lists {} subnets; {why}", list.len()))
                    .at(cx.at(&["network", key]), format!("expected {azs}"))
                    .help("list exactly one subnet per AZ"),
            );
        }
        for (i, subnet) in list.iter().enumerate() {
            let index = i.to_string();
            let at = cx.at(&["network", key, &index]);
            if !is_aws_id(subnet, "subnet") {
                out.push(
                    error(format!(
                        "`{}` in network.{key} is not a subnet ID",
                        subnet.escape_debug()
                    ))
                    .at(at, "not `subnet-…`")
                    .help("a subnet ID looks like `subnet-0123456789abcdef0`"),
                );
            } else if let Some(first) = seen.get(subnet.as_str()) {
                out.push(
                    error(format!("subnet `{subnet}` is listed twice"))
                        .at(at, format!("already in network.{first}"))
                        .help("every subnet appears once, in one list"),
                );
            } else {
                seen.insert(subnet, key.to_owned());
            }
        }
    }
}

/// Whether `network.<key>` is only inherited from the base by an overlay that switched the base's
/// new VPC to an existing one (the overlay sets `vpc_id`, the base does not, and the overlay
/// does not set `key`).
fn inherited(cx: &Context<'_>, key: &str) -> bool {
    let Some(env) = cx.located.env() else {
        return false;
    };
    cx.located
        .raw_value(&["environments", env, "network", "vpc_id"])
        .is_some()
        && cx.located.raw_value(&["network", "vpc_id"]).is_none()
        && cx
            .located
            .raw_value(&["environments", env, "network", key])
            .is_none()
}
