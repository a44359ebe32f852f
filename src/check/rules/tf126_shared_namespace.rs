//! [`Code::SharedNamespace`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF126`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use std::collections::BTreeMap;

/// A string the base spec writes at `path` (not the selected overlay's). Checked names
/// (TF035) are DNS labels, so the quotes are all there is to strip.
fn base_string(cx: &Context<'_>, path: &[&str]) -> Option<String> {
    let span = cx.located.raw_value(path)?;
    let text = cx.located.text.get(span)?;
    Some(text.trim().trim_matches(['"', '\'']).to_owned())
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let environments = &cx.spec.environments;
    if environments.len() < 2 {
        return;
    }
    let app = cx
        .spec
        .app
        .as_ref()
        .and_then(|a| a.name.clone())
        .unwrap_or_default();
    let base_cluster = base_string(cx, &["kubernetes", "cluster"]);
    let base_namespace = base_string(cx, &["kubernetes", "namespace"]).unwrap_or(app);
    let base_oidc = base_string(cx, &["kubernetes", "oidc_provider_arn"]);
    // (cluster, namespace, OIDC provider if named) → the first environment there.
    let mut first: BTreeMap<(String, String), (&str, Option<String>)> = BTreeMap::new();
    for (env, overlay) in environments {
        let own = overlay.kubernetes.as_ref();
        let Some(cluster) = own
            .and_then(|k| k.cluster.clone())
            .or_else(|| base_cluster.clone())
        else {
            continue;
        };
        let namespace = own
            .and_then(|k| k.namespace.clone())
            .unwrap_or_else(|| base_namespace.clone());
        let oidc = own
            .and_then(|k| k.oidc_provider_arn.clone())
            .or_else(|| base_oidc.clone());
        let Some((other, other_oidc)) = first.get(&(cluster.clone(), namespace.clone())) else {
            first.insert((cluster, namespace), (env, oidc));
            continue;
        };
        if let (Some(a), Some(b)) = (&oidc, other_oidc)
            && a != b
        {
            continue;
        }
        let at = cx
            .located
            .raw_value(&["environments", env, "kubernetes", "namespace"])
            .or_else(|| cx.located.raw_key(&["environments", env]));
        out.push(
            Diagnostic::new(
                Code::SharedNamespace,
                format!(
                    "environments `{other}` and `{env}` both deploy into namespace `{namespace}` of cluster `{cluster}`"
                ),
            )
            .at(at, format!("`{env}` resolves to `{namespace}`, as `{other}` does"))
            .help(format!(
                "if they share the cluster, give one of them its own namespace, e.g. `[environments.{env}.kubernetes]` `namespace = \"{namespace}-{env}\"`"
            )),
        );
    }
}
