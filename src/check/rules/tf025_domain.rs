//! TF025: `ingress.domain` is not a DNS name.
//!
//! **What it does.** Checks the host name: dot-separated labels of letters, digits and `-`
//! (1..=63 characters each, not starting or ending with `-`), at most 128 characters.
//!
//! **Why.** It becomes an ALB host-header condition (at most 128 characters) and an Ingress
//! host; both reject anything else.
//!
//! **Example.**
//! ```toml
//! [ingress]
//! domain = "https://shop.example.com"   # error: a host name, not a URL
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

const MAX: usize = 128;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(domain) = cx.spec.ingress.as_ref().and_then(|i| i.domain.as_deref()) else {
        return;
    };
    let Some(problem) = problem(domain) else {
        return;
    };
    let mut d = Diagnostic::new(
        Code::Domain,
        format!(
            "ingress.domain `{}` is not a DNS name: {problem}",
            domain.escape_debug()
        ),
    )
    .at(cx.at(&["ingress", "domain"]), "invalid domain");
    if let Some(host) = domain
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', ':']).next().unwrap_or_default())
    {
        d = d.help(format!(
            "write the host name only: `domain = \"{}\"`",
            host.escape_debug()
        ));
    }
    out.push(d);
}

fn problem(domain: &str) -> Option<String> {
    if domain.is_empty() {
        return Some("it is empty".to_owned());
    }
    if domain.len() > MAX {
        return Some(format!(
            "it has {} characters; at most {MAX} are allowed",
            domain.len()
        ));
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Some("it has an empty label (`..`, or a leading or trailing `.`)".to_owned());
        }
        if label.len() > 63 {
            return Some(format!("the label `{label}` is longer than 63 characters"));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Some(format!(
                "`{}` is not allowed (only letters, digits, `-` and `.`)",
                c.escape_debug()
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!("the label `{label}` starts or ends with `-`"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn domains() {
        assert_eq!(problem("shop.example.com"), None);
        assert_eq!(problem("xn--bcher-kva.example"), None);
        assert!(problem("shop..example").is_some());
        assert!(problem("shop.example.").is_some());
        assert!(problem("*.example.com").is_some());
        assert!(problem(&format!("{}.com", "a".repeat(64))).is_some());
    }
}
