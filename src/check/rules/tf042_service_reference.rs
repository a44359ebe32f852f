//! [`Code::ServiceReference`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF042`; this file is how.
//!
//! The syntax is `spec::reference`'s.

use crate::check::{Context, MAX_SUGGESTIONS};
use crate::diag::{Code, Diagnostic};
use crate::spec::reference::{Attribute, Reference, references};
use crate::spec::{Protocol, Service, closest, defaults};
use std::collections::BTreeMap;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut suggestions = 0;
    for (name, service) in cx.services() {
        for (path, value) in env_values(name, service) {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            if cx.invalid(&path) {
                continue;
            }
            for reference in references(value) {
                if let Some(d) = problem(cx, name, service, &reference, &mut suggestions) {
                    out.push(d.at(cx.value(&path), "in this value"));
                }
            }
        }
    }
}

/// (key path, value) of every env value of a service and its sidecars.
fn env_values<'s>(name: &str, service: &'s Service) -> Vec<(Vec<String>, &'s str)> {
    let path = |prefix: &[String], key: &str| {
        let mut p = vec!["services".to_owned(), name.to_owned()];
        p.extend(prefix.iter().cloned());
        p.extend(["env".to_owned(), key.to_owned()]);
        p
    };
    let of = |prefix: Vec<String>, env: &'s BTreeMap<String, String>| {
        env.iter()
            .map(move |(k, v)| (path(&prefix, k), v.as_str()))
            .collect::<Vec<_>>()
    };
    let mut out = of(Vec::new(), &service.env);
    for (i, sidecar) in service.sidecars.iter().flatten().enumerate() {
        out.extend(of(vec!["sidecars".to_owned(), i.to_string()], &sidecar.env));
    }
    for (i, init) in service.init.iter().flatten().enumerate() {
        out.extend(of(vec!["init".to_owned(), i.to_string()], &init.env));
    }
    out
}

fn problem(
    cx: &Context<'_>,
    caller: &str,
    service: &Service,
    reference: &Reference<'_>,
    suggestions: &mut usize,
) -> Option<Diagnostic> {
    let error = |message: String| Some(Diagnostic::new(Code::ServiceReference, message));
    let (target, attribute) = match reference {
        Reference::Malformed { text, .. } => {
            return error(format!(
                "service `{caller}`: `{text}` is not a service reference"
            ))?
            .help(format!(
                "write `${{services.NAME.ATTRIBUTE}}` with ATTRIBUTE {}",
                Attribute::NAMES
            ))
            .into();
        }
        Reference::Service {
            service, attribute, ..
        } => (*service, *attribute),
    };
    // A service written with the wrong type (TF002) still exists; its port is not known.
    if cx.invalid(&["services", target]) || cx.invalid(&["services", target, "port"]) {
        return None;
    }
    let Some(callee) = cx.spec.services.get(target) else {
        let mut d = error(format!(
            "service `{caller}` refers to `{target}`, which is not a service"
        ))?;
        *suggestions += 1;
        let best = (*suggestions <= MAX_SUGGESTIONS)
            .then(|| closest(target, cx.spec.services.keys().map(String::as_str)))
            .flatten();
        if let Some(best) = best {
            d = d.help(format!("did you mean `{best}`?"));
        }
        return Some(d);
    };
    if callee.port.is_none() {
        return error(format!(
            "service `{caller}` refers to `{target}`, a worker: it has no port to call"
        ))?
        .help(format!("give `{target}` a `port`, or drop the reference"))
        .into();
    }
    let calls = service.calls.iter().flatten().any(|c| c == target);
    if target != caller && !calls {
        return error(format!(
            "service `{caller}` refers to `{target}` but does not list it in `calls`"
        ))?
        .help(format!(
            "add \"{target}\" to `calls`: it opens the security group and NetworkPolicy, and orders the deploy"
        ))
        .into();
    }
    let protocol = callee.protocol.unwrap_or(defaults::PROTOCOL);
    if attribute == Attribute::Url && protocol == Protocol::Tcp {
        return error(format!(
            "service `{caller}` asks for the URL of `{target}`, a TCP service"
        ))?
        .help(format!(
            "a TCP service has no URL scheme: write `${{services.{target}.host}}:${{services.{target}.port}}`"
        ))
        .into();
    }
    None
}
