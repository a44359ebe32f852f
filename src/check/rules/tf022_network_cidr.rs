//! [`Code::NetworkCidr`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF022`; this file is how.
//!
//! The layout is `model::SubnetLayout`'s.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::{CidrError, parse_cidr};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(cidr) = cx.spec.network.as_ref().and_then(|n| n.cidr.as_deref()) else {
        return;
    };
    let at = cx.value(&["network", "cidr"]);
    let d = Diagnostic::new(
        Code::NetworkCidr,
        format!(
            "`network.cidr` = `{}` is not a usable VPC CIDR",
            cidr.escape_debug()
        ),
    );
    match parse_cidr(cidr) {
        Err(CidrError::Syntax) => out.push(d.at(at, "not an IPv4 CIDR").help("write it as `10.0.0.0/16`")),
        Err(CidrError::HostBits(network)) => {
            out.push(d.at(at, "host bits are set").help(format!("did you mean `{network}`?")));
        }
        Ok((_, prefix)) if !(16..=20).contains(&prefix) => out.push(
            d.at(at, format!("prefix /{prefix} is not between /16 and /20"))
                .help("the pinned subnet layout gives each AZ a private /(prefix+4): a /16 leaves about 4,000 task IPs per AZ, a /20 (the smallest) about 250"),
        ),
        Ok(_) => {}
    }
}
