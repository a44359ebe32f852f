//! Small syntax helpers shared by several rules (names, CIDRs, AWS IDs, partitions).

use std::net::Ipv4Addr;

/// Why `name` is not a DNS label of at most `max` characters, if it is not one.
///
/// DNS-1123 labels may start with a digit; DNS-1035 labels (`must_start_with_letter`) may not.
pub(super) fn label_problem(
    name: &str,
    max: usize,
    must_start_with_letter: bool,
) -> Option<String> {
    let len = name.chars().count();
    if len == 0 {
        return Some("it is empty".to_owned());
    }
    if len > max {
        return Some(format!(
            "it has {len} characters; at most {max} are allowed"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Some(if c.is_ascii_uppercase() {
            "it contains upper-case letters".to_owned()
        } else {
            format!(
                "`{}` is not allowed (only a-z, 0-9 and `-`)",
                c.escape_debug()
            )
        });
    }
    if must_start_with_letter && !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Some("it must start with a letter".to_owned());
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Some("it may not start or end with `-`".to_owned());
    }
    None
}

/// A DNS-1123 subdomain (lower-case labels joined by `.`, at most 253 characters).
pub(super) fn is_dns1123_subdomain(name: &str) -> bool {
    name.len() <= 253
        && name
            .split('.')
            .all(|l| label_problem(l, 63, false).is_none())
}

/// A best-effort valid label from `name` (lower-cased, other characters replaced by `-`),
/// offered as a suggestion; `None` when nothing usable remains.
pub(super) fn sanitize_label(
    name: &str,
    max: usize,
    must_start_with_letter: bool,
) -> Option<String> {
    let mut out = String::new();
    for c in name.chars() {
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
    // A leading digit is not dropped (`2fa` → `fa` would be a worse name than none).
    let mut out = out.trim_start_matches('-');
    if out.len() > max {
        out = &out[..max];
    }
    let out = out.trim_end_matches('-');
    (label_problem(out, max, must_start_with_letter).is_none() && out != name)
        .then(|| out.to_owned())
}

/// An IPv4 CIDR `a.b.c.d/p`, strictly: four decimal octets, a prefix of one or two digits.
pub(super) fn parse_cidr(cidr: &str) -> Option<(Ipv4Addr, u8)> {
    let (addr, prefix) = cidr.split_once('/')?;
    if prefix.is_empty() || prefix.len() > 2 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let prefix: u8 = prefix.parse().ok()?;
    let addr: Ipv4Addr = addr.parse().ok()?;
    (prefix <= 32).then_some((addr, prefix))
}

/// The network address of `addr/prefix` (host bits cleared).
pub(super) fn network_of(addr: Ipv4Addr, prefix: u8) -> Ipv4Addr {
    let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
    Ipv4Addr::from(u32::from(addr) & mask)
}

/// An AWS resource ID `<prefix>-<hex>` (`vpc-0abc…`, `subnet-0a1…`). Real IDs have 8 or 17
/// hex digits; any non-empty run is accepted so that shortened example IDs still pass.
pub(super) fn is_aws_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hex| {
            !hex.is_empty()
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

/// The AWS partition a Region belongs to.
pub(super) fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(label_problem("auth-v2", 32, true), None);
        assert!(label_problem("2fa", 32, true).is_some());
        assert_eq!(label_problem("2fa", 20, false), None);
        assert!(
            label_problem("Auth", 32, true)
                .unwrap()
                .contains("upper-case")
        );
        assert!(label_problem("a_b", 32, true).unwrap().contains("`_`"));
        assert!(label_problem("a-", 32, true).is_some());
        assert!(
            label_problem(&"a".repeat(33), 32, true)
                .unwrap()
                .contains("33 characters")
        );
        assert_eq!(
            sanitize_label("My_Shop", 20, false).as_deref(),
            Some("my-shop")
        );
        assert_eq!(sanitize_label("___", 20, false), None);
        assert!(is_dns1123_subdomain("aws-secrets.example") && !is_dns1123_subdomain("a..b"));
    }

    #[test]
    fn cidrs_and_ids() {
        let (addr, prefix) = parse_cidr("10.0.1.0/16").unwrap();
        assert_eq!(
            (network_of(addr, prefix), prefix),
            (Ipv4Addr::new(10, 0, 0, 0), 16)
        );
        assert_eq!(network_of(addr, 0), Ipv4Addr::new(0, 0, 0, 0));
        assert!(parse_cidr("10.0.0.0/33").is_none() && parse_cidr("10.0.0/16").is_none());
        assert!(parse_cidr("10.0.0.0/+6").is_none() && parse_cidr("10.0.0.0").is_none());
        assert!(is_aws_id("subnet-0a1", "subnet") && !is_aws_id("subnet-", "subnet"));
        assert!(!is_aws_id("sg-0a1", "subnet") && !is_aws_id("subnet-XYZ", "subnet"));
        assert_eq!(partition_of("cn-north-1"), "aws-cn");
        assert_eq!(partition_of("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_of("eu-west-1"), "aws");
    }
}
