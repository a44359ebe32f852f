//! TF035: an invalid name or CIDR in `[kubernetes]`.
//!
//! **What it does.** `namespace` must be a DNS-1123 label (at most 63 characters);
//! `secret_store` and `parameter_store` DNS-1123 subdomains; `vpc_cidr` an IPv4 CIDR without
//! host bits; `cluster` an EKS cluster name (a letter or digit, then letters, digits, `-`, `_`;
//! at most 100 characters).
//!
//! **Why.** They become object names and references in the manifests; the API server rejects
//! invalid names only when the manifests are applied.
//!
//! **Example.**
//! ```toml
//! [kubernetes]
//! namespace = "Shop"    # error: upper-case letters; help: `shop`
//! ```

use super::common::{is_dns1123_subdomain, label_problem, network_of, parse_cidr, sanitize_label};
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k8s) = &cx.spec.kubernetes else {
        return;
    };
    let error = |key: &str, message: String, label: &str| {
        Diagnostic::new(Code::KubernetesName, message).at(cx.at(&["kubernetes", key]), label)
    };
    if let Some(ns) = k8s.namespace.as_deref()
        && let Some(problem) = label_problem(ns, 63, false)
    {
        let mut d = error(
            "namespace",
            format!(
                "kubernetes.namespace `{}` is not a DNS-1123 label: {problem}",
                ns.escape_debug()
            ),
            "invalid namespace",
        );
        if let Some(fixed) = sanitize_label(ns, 63, false) {
            d = d.help(format!("try `namespace = \"{fixed}\"`"));
        }
        out.push(d);
    }
    for (key, value) in [
        ("secret_store", &k8s.secret_store),
        ("parameter_store", &k8s.parameter_store),
    ] {
        let Some(value) = value.as_deref() else {
            continue;
        };
        if !is_dns1123_subdomain(value) {
            out.push(
                error(
                    key,
                    format!(
                        "kubernetes.{key} `{}` is not a valid object name",
                        value.escape_debug()
                    ),
                    "invalid name",
                )
                .help("a ClusterSecretStore name is lower-case letters, digits, `-` and `.`"),
            );
        }
    }
    if let Some(cidr) = k8s.vpc_cidr.as_deref() {
        match parse_cidr(cidr) {
            None => out.push(
                error(
                    "vpc_cidr",
                    format!(
                        "kubernetes.vpc_cidr `{}` is not an IPv4 CIDR",
                        cidr.escape_debug()
                    ),
                    "not a.b.c.d/prefix",
                )
                .help("write the cluster VPC's CIDR, like `10.1.0.0/16`"),
            ),
            Some((addr, prefix)) if network_of(addr, prefix) != addr => out.push(
                error(
                    "vpc_cidr",
                    format!("kubernetes.vpc_cidr `{cidr}` has host bits set"),
                    "not a network address",
                )
                .help(format!(
                    "did you mean `{}/{prefix}`?",
                    network_of(addr, prefix)
                )),
            ),
            Some(_) => {}
        }
    }
    if let Some(cluster) = k8s.cluster.as_deref() {
        let ok = cluster.len() <= 100
            && cluster.starts_with(|c: char| c.is_ascii_alphanumeric())
            && cluster
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            out.push(
                error("cluster", format!("kubernetes.cluster `{}` is not an EKS cluster name", cluster.escape_debug()), "invalid name")
                    .help("an EKS cluster name starts with a letter or digit, then letters, digits, `-` and `_` (at most 100)"),
            );
        }
    }
}
