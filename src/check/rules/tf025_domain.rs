//! [`Code::Domain`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF025`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::is_hostname_label;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(domain) = cx.spec.ingress.as_ref().and_then(|i| i.domain.as_deref()) else {
        return;
    };
    let problem = if domain.len() > 128 {
        Some(format!("{} characters, at most 128", domain.len()))
    } else if !domain.split('.').all(is_hostname_label) {
        Some("labels of letters, digits and `-`, separated by single dots".to_owned())
    } else {
        None
    };
    if let Some(problem) = problem {
        out.push(
            Diagnostic::new(Code::Domain, format!("`ingress.domain` = `{}` is not a domain name", domain.escape_debug()))
                .at(cx.value(&["ingress", "domain"]), problem)
                .help("write the host name alone, e.g. `shop.example.com` (no scheme, port, path or trailing dot)"),
        );
    }
}
