//! [`Code::WafAclArn`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF060`; this file is how.

use crate::arn::waf_acl_region;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(ingress) = cx.spec.ingress.as_ref() else {
        return;
    };
    let Some(arn) = ingress.waf_acl_arn.as_deref() else {
        return;
    };
    let at = cx.value(&["ingress", "waf_acl_arn"]);
    let region = cx.region();
    match waf_acl_region(arn) {
        None => out.push(
            Diagnostic::new(Code::WafAclArn, "`ingress.waf_acl_arn` is not a regional WAFv2 web ACL ARN")
                .at(at, "not `arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID`")
                .help("an ALB takes a web ACL with the REGIONAL scope; copy its ARN from the WAF console"),
        ),
        Some(acl_region) if acl_region != region => out.push(
            Diagnostic::new(Code::WafAclArn, format!("the web ACL is in `{acl_region}`, the app in `{region}`"))
                .at(at, "another region")
                .help(format!("an ALB only uses web ACLs of its own region: create one in `{region}`")),
        ),
        Some(_) if ingress.listener_arn.is_some() => out.push(
            Diagnostic::new(Code::WafAclArn, "a web ACL cannot be associated with a shared load balancer")
                .at(at, "the load balancer of `ingress.listener_arn` is not this app's")
                .also(cx.value(&["ingress", "listener_arn"]), "shared listener")
                .help("the owner of the shared load balancer associates its web ACL; remove `waf_acl_arn`"),
        ),
        Some(_) => {}
    }
}
