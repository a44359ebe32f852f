//! DNS names: DNS-1123 and DNS-1035 labels, host name labels, subdomains, and a repair
//! suggestion for a near miss.

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?` of at most `max` characters (DNS-1123 label).
pub fn is_dns1123_label(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// A DNS-1123 label that starts with a letter (DNS-1035 label).
pub fn is_dns1035_label(s: &str, max: usize) -> bool {
    is_dns1123_label(s, max) && s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
}

/// One label of a DNS host name: 1..=63 letters, digits and `-`, not at either end (case is
/// free: ALB host conditions are case-insensitive).
pub fn is_hostname_label(l: &str) -> bool {
    !l.is_empty()
        && l.len() <= 63
        && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !l.starts_with('-')
        && !l.ends_with('-')
}

/// Dot-separated DNS-1123 labels, at most 253 characters (DNS-1123 subdomain).
pub fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(|label| is_dns1123_label(label, 63))
}

/// A best-effort valid label from `s` (lowercased, other characters mapped to `-`, trimmed), to
/// suggest in a help line; `None` when nothing usable is left.
pub fn suggest_label(s: &str, max: usize, must_start_with_letter: bool) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        let c = c.to_ascii_lowercase();
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let mut out = out.trim_matches('-').to_owned();
    // Dropping leading digits would change the name's meaning (`2fa` is not `fa`): no
    // suggestion then; the label already says a name starts with a letter.
    if must_start_with_letter && !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    out.truncate(max);
    let out = out.trim_end_matches('-').to_owned();
    let ok = if must_start_with_letter {
        is_dns1035_label(&out, max)
    } else {
        is_dns1123_label(&out, max)
    };
    (ok && out != s).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert!(is_dns1123_label("2fa", 63) && !is_dns1035_label("2fa", 63));
        assert!(is_dns1035_label("auth-v2", 32));
        assert!(!is_dns1035_label("auth-", 32) && !is_dns1035_label("Auth", 32));
        assert!(!is_dns1035_label(&"a".repeat(33), 32));
        assert!(is_dns1123_subdomain("aws-secrets-manager") && is_dns1123_subdomain("a.b-c"));
        assert!(!is_dns1123_subdomain("a..b") && !is_dns1123_subdomain(""));
        assert_eq!(
            suggest_label("Auth_Service", 32, true).as_deref(),
            Some("auth-service")
        );
        assert_eq!(suggest_label("2fa", 32, true), None);
        assert_eq!(suggest_label("---", 32, true), None);
    }
}
