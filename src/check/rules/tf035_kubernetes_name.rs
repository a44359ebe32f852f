//! [`Code::KubernetesName`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF035`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::{CidrError, is_dns1123_label, is_dns1123_subdomain, is_subnet_id, parse_cidr};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k8s) = &cx.spec.kubernetes else {
        return;
    };
    let mut report = |path: &[&str], value: &str, label: String, help: &str| {
        out.push(
            Diagnostic::new(
                Code::KubernetesName,
                format!(
                    "`kubernetes.{}` = `{}` is not valid",
                    path[1..].join("."),
                    value.escape_debug()
                ),
            )
            .at(cx.value(path), label)
            .help(help),
        );
    };
    if let Some(ns) = k8s
        .namespace
        .as_deref()
        .filter(|ns| !is_dns1123_label(ns, 63))
    {
        report(
            &["kubernetes", "namespace"],
            ns,
            "not a DNS-1123 label".into(),
            "lowercase letters, digits and `-`, at most 63 characters",
        );
    }
    for key in ["secret_store", "parameter_store"] {
        let value = if key == "secret_store" {
            &k8s.secret_store
        } else {
            &k8s.parameter_store
        };
        if let Some(v) = value.as_deref().filter(|v| !is_dns1123_subdomain(v)) {
            report(
                &["kubernetes", key],
                v,
                "not a DNS-1123 subdomain".into(),
                "the name of a ClusterSecretStore: lowercase letters, digits, `-` and `.`",
            );
        }
    }
    if let Some(cidr) = k8s.vpc_cidr.as_deref() {
        match parse_cidr(cidr) {
            Ok(_) => {}
            Err(CidrError::Syntax) => report(
                &["kubernetes", "vpc_cidr"],
                cidr,
                "not an IPv4 CIDR".into(),
                "write it as `10.1.0.0/16`",
            ),
            Err(CidrError::HostBits(n)) => report(
                &["kubernetes", "vpc_cidr"],
                cidr,
                "host bits are set".into(),
                &format!("did you mean `{n}`?"),
            ),
        }
    }
    if let Some(cluster) = k8s.cluster.as_deref() {
        let ok = cluster.len() <= 100
            && cluster
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric())
            && cluster
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            report(
                &["kubernetes", "cluster"],
                cluster,
                "not an EKS cluster name".into(),
                "letters, digits, `-` and `_`, starting with a letter or digit, at most 100 characters",
            );
        }
    }
    for (i, subnet) in k8s.private_subnets.iter().flatten().enumerate() {
        if !is_subnet_id(subnet) {
            let index = i.to_string();
            report(
                &["kubernetes", "private_subnets", &index],
                subnet,
                "not a subnet ID".into(),
                "expected `subnet-` and 8 or 17 hex digits",
            );
        }
    }
}
