//! TF024: `ingress.certificate_arn` is not an ACM certificate ARN in the app's region.
//!
//! **What it does.** Checks the shape `arn:aws:acm:REGION:ACCOUNT:certificate/ID`
//! (`arn::is_certificate`) and that REGION is `app.region`.
//!
//! **Why.** The ALB's HTTPS listener takes an ACM certificate from its own region only; any
//! other value fails the stack deployment after the VPC and cluster were already created.
//!
//! **Example.**
//! ```toml
//! [ingress]
//! certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"   # error: not us-east-1
//! ```

use crate::arn;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::defaults;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(cert) = cx
        .spec
        .ingress
        .as_ref()
        .and_then(|i| i.certificate_arn.as_deref())
    else {
        return;
    };
    let at = cx.at(&["ingress", "certificate_arn"]);
    if !arn::is_certificate(cert) {
        out.push(
            Diagnostic::new(
                Code::CertificateArn,
                "ingress.certificate_arn is not an ACM certificate ARN",
            )
            .at(at, "not `arn:aws:acm:REGION:ACCOUNT:certificate/ID`")
            .help("copy the certificate's ARN from the ACM console or `aws acm list-certificates`"),
        );
        return;
    }
    let region = cx
        .spec
        .app
        .as_ref()
        .and_then(|a| a.region.as_deref())
        .unwrap_or(defaults::REGION);
    let cert_region = cert.split(':').nth(3).unwrap_or_default();
    if cert_region != region {
        out.push(
            Diagnostic::new(
                Code::CertificateArn,
                format!("the certificate is in `{cert_region}`, but the app deploys to `{region}`"),
            )
            .at(at, "another region")
            .also(cx.located.value(&["app", "region"]), "the app's region")
            .help(format!(
                "an ALB uses certificates from its own region: request or import one in `{region}`"
            )),
        );
    }
}
