//! [`Code::CertificateArn`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF024`; this file is how.

use crate::arn::is_certificate;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::Span;
use crate::syntax::partition_of;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(ingress) = cx.spec.ingress.as_ref() else {
        return;
    };
    if let Some(arn) = ingress.certificate_arn.as_deref() {
        check_one(
            cx,
            arn,
            "`ingress.certificate_arn`",
            cx.value(&["ingress", "certificate_arn"]),
            out,
        );
    }
    for (i, arn) in ingress.certificate_arns.iter().flatten().enumerate() {
        let index = i.to_string();
        let at = cx.value(&["ingress", "certificate_arns", &index]);
        check_one(cx, arn, "an `ingress.certificate_arns` entry", at, out);
    }
}

fn check_one(cx: &Context<'_>, arn: &str, what: &str, at: Option<Span>, out: &mut Vec<Diagnostic>) {
    if !is_certificate(arn) {
        out.push(
            Diagnostic::new(Code::CertificateArn, format!("{what} is not an ACM certificate ARN"))
                .at(at, "not `arn:aws:acm:REGION:ACCOUNT:certificate/ID`")
                .help("copy the ARN from the ACM console, e.g. `arn:aws:acm:us-east-1:123456789012:certificate/0f5e4c1a-...`"),
        );
        return;
    }
    let parts: Vec<&str> = arn.split(':').collect();
    let region = cx.region();
    if parts.get(3) != Some(&region) || parts.get(1) != Some(&partition_of(region)) {
        out.push(
            Diagnostic::new(Code::CertificateArn, format!("the certificate is in `{}`, the app in `{region}`", parts.get(3).unwrap_or(&"")))
                .at(at, "another region")
                .help(format!("an ALB only uses ACM certificates of its own region: request or import one in `{region}`")),
        );
    }
}
