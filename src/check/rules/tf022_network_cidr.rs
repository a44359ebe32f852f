//! TF022: an invalid VPC CIDR.
//!
//! **What it does.** Checks `network.cidr` (for a new VPC): IPv4 `a.b.c.d/p` syntax, a prefix
//! between /16 and /20, and no host bits set.
//!
//! **Why.** The subnet layout is derived from the CIDR and pinned (domain reference §6.1,
//! scaled to the prefix); a /21 or smaller has no room for it, and a CIDR with host bits is
//! rejected by EC2. Changing the CIDR later replaces every subnet, so it is checked up front.
//!
//! **Example.**
//! ```toml
//! [network]
//! cidr = "10.0.1.0/16"  # error: host bits set; help: `10.0.0.0/16`
//! ```

use super::common::{network_of, parse_cidr};
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(network) = &cx.spec.network else {
        return;
    };
    // With `vpc_id` the CIDR is not ours to use; TF023 reports it instead.
    let (Some(cidr), None) = (network.cidr.as_deref(), &network.vpc_id) else {
        return;
    };
    let at = cx.at(&["network", "cidr"]);
    let error = |message: String| Diagnostic::new(Code::NetworkCidr, message);
    let Some((addr, prefix)) = parse_cidr(cidr) else {
        out.push(
            error(format!(
                "network.cidr `{}` is not an IPv4 CIDR",
                cidr.escape_debug()
            ))
            .at(at, "not a.b.c.d/prefix")
            .help("write it like `10.0.0.0/16`"),
        );
        return;
    };
    if !(16..=20).contains(&prefix) {
        out.push(
            error(format!(
                "network.cidr `{cidr}` has prefix /{prefix}; it must be between /16 and /20"
            ))
            .at(at, "prefix out of range")
            .help("a VPC is at most a /16, and the pinned subnet layout needs at least a /20"),
        );
        return;
    }
    let network_addr = network_of(addr, prefix);
    if network_addr != addr {
        out.push(
            error(format!("network.cidr `{cidr}` has host bits set"))
                .at(at, "not a network address")
                .help(format!("did you mean `{network_addr}/{prefix}`?")),
        );
    }
}
