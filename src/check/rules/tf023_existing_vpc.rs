//! [`Code::ExistingVpc`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF023`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::{is_subnet_id, is_vpc_id};
use std::collections::BTreeMap;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(network) = &cx.spec.network else {
        return;
    };
    let lists = [
        ("public_subnets", &network.public_subnets),
        ("private_subnets", &network.private_subnets),
    ];
    let Some(vpc_id) = network.vpc_id.as_deref() else {
        if cx.invalid(&["network", "vpc_id"]) {
            return;
        }
        for (key, list) in lists {
            if list.is_some() {
                out.push(
                    Diagnostic::new(Code::ExistingVpc, format!("`network.{key}` without `network.vpc_id`"))
                        .at(cx.key(&["network", key]), "only used with an existing VPC")
                        .help("set `vpc_id` to reuse that VPC, or remove the subnet lists to let twinform create one"),
                );
            }
        }
        return;
    };
    if !is_vpc_id(vpc_id) {
        out.push(
            Diagnostic::new(
                Code::ExistingVpc,
                format!("`{}` is not a VPC ID", vpc_id.escape_debug()),
            )
            .at(
                cx.value(&["network", "vpc_id"]),
                "expected `vpc-` and 8 or 17 hex digits",
            )
            .help("copy the ID from the VPC console, e.g. `vpc-0abc1234def567890`"),
        );
    }
    let new_vpc_settings = [
        ("cidr", network.cidr.is_some()),
        ("nat", network.nat.is_some()),
    ];
    for (key, given) in new_vpc_settings {
        if given && !inherited(cx, key) {
            out.push(
                Diagnostic::new(
                    Code::ExistingVpc,
                    format!("`network.{key}` does not apply to an existing VPC"),
                )
                .at(cx.value(&["network", key]), "ignored with `vpc_id`")
                .also(cx.value(&["network", "vpc_id"]), "the existing VPC")
                .help(format!(
                    "remove `{key}`: an existing VPC keeps its own addressing and routing"
                )),
            );
        }
    }
    let azs = network.azs.filter(|n| (2..=3).contains(n));
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (key, list) in lists {
        let Some(list) = list else {
            out.push(
                Diagnostic::new(Code::ExistingVpc, format!("`network.vpc_id` needs `network.{key}`"))
                    .at(cx.value(&["network", "vpc_id"]), format!("`{key}` is missing"))
                    .help(format!("list one {} subnet per AZ, e.g. `{key} = [\"subnet-0a1b2c3d\", \"subnet-4e5f6a7b\"]`", &key[..key.len() - 8])),
            );
            continue;
        };
        let count = i64::try_from(list.len()).unwrap_or(i64::MAX);
        let expected = azs.map_or(2..=3, |n| n..=n);
        if !expected.contains(&count) {
            let want = azs.map_or("2 or 3 (one per AZ)".to_owned(), |n| {
                format!("{n}, one per AZ (`azs` = {n})")
            });
            out.push(
                Diagnostic::new(
                    Code::ExistingVpc,
                    format!(
                        "`network.{key}` lists {count} subnet{}; it needs {want}",
                        if count == 1 { "" } else { "s" }
                    ),
                )
                .at(cx.value(&["network", key]), "wrong number of subnets")
                .help("the load balancer and the tasks use one subnet in each AZ"),
            );
        }
        for (i, subnet) in list.iter().enumerate() {
            let index = i.to_string();
            let at = cx.value(&["network", key, &index]);
            if !is_subnet_id(subnet) {
                out.push(
                    Diagnostic::new(
                        Code::ExistingVpc,
                        format!("`{}` is not a subnet ID", subnet.escape_debug()),
                    )
                    .at(at, "expected `subnet-` and 8 or 17 hex digits")
                    .help("copy the IDs from the VPC console"),
                );
            } else if let Some(other) = seen.insert(subnet, key) {
                out.push(
                    Diagnostic::new(
                        Code::ExistingVpc,
                        format!("subnet `{subnet}` is listed twice"),
                    )
                    .at(at, format!("already in `{other}`"))
                    .help("public and private subnets are different subnets, one of each per AZ"),
                );
            }
        }
    }
}

/// Whether `network.<key>` is only inherited from the base by the selected overlay that switched
/// the base's new VPC to an existing one: the overlay sets `vpc_id`, the base does not, and the
/// overlay does not set `key`.
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
