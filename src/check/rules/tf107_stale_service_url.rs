//! [`Code::StaleServiceUrl`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF107`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        for (key, value) in &service.env {
            for (target, written, port) in stale(cx, value) {
                out.push(
                    Diagnostic::new(
                        Code::StaleServiceUrl,
                        format!(
                            "service `{name}`: `{key}` calls `{target}` on port {written}, but `{target}` listens on {port}"
                        ),
                    )
                    .at(cx.value(&["services", name, "env", key]), "written by hand")
                    .help(format!(
                        "write `${{services.{target}.url}}` (or `.host`/`.port`) to follow the port"
                    )),
                );
            }
        }
    }
}

/// (service, port written, its real port) for each hand-written address of a service: the
/// value itself as `host:port…`, and every `scheme://host:port…` in it. One lookup per
/// candidate host, so the rule stays linear in the spec.
fn stale<'a>(cx: &Context<'a>, value: &str) -> Vec<(&'a str, u32, i64)> {
    let mut candidates = vec![value];
    let mut from = 0;
    while let Some(at) = value[from..].find("://") {
        from += at + 3;
        candidates.push(&value[from..]);
    }
    let mut out = Vec::new();
    for text in candidates {
        let Some((host, rest)) = text.split_once(':') else {
            continue;
        };
        let Some((target, service)) = cx.spec.services.get_key_value(host) else {
            continue;
        };
        let Some(port) = service.port else { continue };
        if cx.invalid(&["services", target, "port"]) {
            continue;
        }
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        // A port followed by more of a host name (`api:80.example`) is not an address.
        let after = rest[digits.len()..].chars().next();
        if digits.is_empty() || after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.') {
            continue;
        }
        if let Ok(n) = digits.parse::<u32>()
            && i64::from(n) != port
        {
            out.push((target.as_str(), n, port));
        }
    }
    out
}
