//! TF024: `ingress.certificate_arn` is not an ACM certificate ARN of the app's partition.
//!
//! **What it does.** Checks the shape `arn:PARTITION:acm:REGION:ACCOUNT:certificate/ID`
//! (`arn::is_certificate`) and that PARTITION is the one of `app.region` (`aws`, `aws-cn`,
//! `aws-us-gov`). The certificate's region is not compared with `app.region`, although an ALB
//! only accepts certificates from its own region: that is left to the deployment for now.
//!
//! **Why.** The ALB's HTTPS listener takes an ACM certificate; any other value fails the stack
//! deployment after the VPC and cluster were already created.
//!
//! **Example.**
//! ```toml
//! [ingress]
//! certificate_arn = "arn:aws:iam::123456789012:server-certificate/shop"   # error: not ACM
//! ```

use super::common::partition_of;
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
    let partition = partition_of(region);
    let cert_partition = cert.split(':').nth(1).unwrap_or_default();
    if cert_partition != partition {
        out.push(
            Diagnostic::new(
                Code::CertificateArn,
                format!(
                    "the certificate is in the `{cert_partition}` partition, but region `{region}` is in `{partition}`"
                ),
            )
            .at(at, "another partition")
            .also(cx.located.value(&["app", "region"]), "the app's region")
            .help(format!("use a certificate from `arn:{partition}:acm:{region}:…`")),
        );
    }
}
