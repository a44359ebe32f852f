//! Small syntax checks shared by several rules: DNS names, CIDRs, AWS IDs, image references.

use std::net::Ipv4Addr;

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

/// Why a CIDR is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CidrError {
    Syntax,
    /// Host bits are set; carries the network address it probably means.
    HostBits(String),
}

/// Parses an IPv4 CIDR `a.b.c.d/p` (no leading zeros in the prefix, host bits clear). Accepts
/// exactly what `model`'s parser accepts, and more strictly (host bits).
pub fn parse_cidr(cidr: &str) -> Result<(Ipv4Addr, u8), CidrError> {
    let (addr, prefix) = cidr.split_once('/').ok_or(CidrError::Syntax)?;
    if prefix.is_empty() || prefix.len() > 2 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CidrError::Syntax);
    }
    let prefix: u8 = prefix.parse().map_err(|_| CidrError::Syntax)?;
    let addr: Ipv4Addr = addr.parse().map_err(|_| CidrError::Syntax)?;
    if prefix > 32 {
        return Err(CidrError::Syntax);
    }
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    };
    let network = u32::from(addr) & mask;
    if network != u32::from(addr) {
        return Err(CidrError::HostBits(format!(
            "{}/{prefix}",
            Ipv4Addr::from(network)
        )));
    }
    Ok((addr, prefix))
}

fn is_aws_id(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix).is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17)
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// `subnet-` followed by 8 or 17 lowercase hex digits.
pub fn is_subnet_id(s: &str) -> bool {
    is_aws_id(s, "subnet-")
}

/// `vpc-` followed by 8 or 17 lowercase hex digits.
pub fn is_vpc_id(s: &str) -> bool {
    is_aws_id(s, "vpc-")
}

/// `[A-Za-z_][A-Za-z0-9_]*`
pub fn is_c_identifier(s: &str) -> bool {
    s.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The AWS partition of a Region name.
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// A container image reference, understood enough to check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef<'a> {
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

/// Parses `[registry[:port]/]path[:tag][@algo:hex]` (the Docker reference grammar, simplified):
/// path components are lowercase `[a-z0-9]` separated by `.`, `_`, `__` or `-`.
/// An image digest: `sha256:` and 64 lowercase hex digits.
pub fn check_digest(digest: &str) -> Result<(), String> {
    let ok = digest.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    });
    if ok {
        Ok(())
    } else {
        Err("a digest is `sha256:<64 lowercase hex digits>`".into())
    }
}

/// An image tag: up to 128 of `A-Z a-z 0-9 _ . -`, not starting with `.` or `-`.
pub fn check_tag(tag: &str) -> Result<(), String> {
    let ok = !tag.is_empty()
        && tag.len() <= 128
        && tag
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a valid tag (up to 128 of `A-Z a-z 0-9 _ . -`)",
            tag.escape_debug()
        ))
    }
}

pub fn parse_image(image: &str) -> Result<ImageRef<'_>, String> {
    if image.is_empty() {
        return Err("the image reference is empty".into());
    }
    if let Some(c) = image.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{}` is not allowed in an image reference",
            c.escape_debug()
        ));
    }
    let (rest, digest) = match image.split_once('@') {
        Some((rest, digest)) => {
            check_digest(digest)?;
            (rest, Some(digest))
        }
        None => (image, None),
    };
    // A `:` after the last `/` starts the tag; one before it belongs to a registry port.
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    if let Some(tag) = tag {
        check_tag(tag)?;
    }
    let mut components: Vec<&str> = name.split('/').collect();
    // The first component is a registry host when it has a `.` or `:` or is `localhost`.
    if components.len() > 1 && (components[0].contains(['.', ':']) || components[0] == "localhost")
    {
        let host = components.remove(0);
        let ok = host.split(':').next().is_some_and(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b))
        }) && host
            .split_once(':')
            .is_none_or(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return Err(format!("`{host}` is not a valid registry host"));
        }
    }
    for component in &components {
        if !is_path_component(component) {
            return Err(format!(
                "`{component}` is not a valid repository name component (lowercase letters and digits, separated by `.`, `_`, `__` or `-`)"
            ));
        }
    }
    Ok(ImageRef { tag, digest })
}

fn is_path_component(s: &str) -> bool {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let bytes = s.as_bytes();
    if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    // Separators: one `.`, one or two `_`, or any run of `-`; never two different ones in a row.
    let mut run = String::new();
    for &b in bytes {
        if alnum(b) {
            if !(run.is_empty()
                || run == "."
                || run == "_"
                || run == "__"
                || run.bytes().all(|c| c == b'-'))
            {
                return false;
            }
            run.clear();
        } else if b"._-".contains(&b) {
            run.push(b as char);
        } else {
            return false;
        }
    }
    true
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

    #[test]
    fn cidrs() {
        assert_eq!(
            parse_cidr("10.0.0.0/16"),
            Ok((Ipv4Addr::new(10, 0, 0, 0), 16))
        );
        assert_eq!(
            parse_cidr("10.0.0.1/16"),
            Err(CidrError::HostBits("10.0.0.0/16".into()))
        );
        assert_eq!(parse_cidr("0.0.0.0/0"), Ok((Ipv4Addr::new(0, 0, 0, 0), 0)));
        for bad in [
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0/16",
            "10.0.0.0/+1",
            "10.0.0.0/016",
            "x/1",
        ] {
            assert_eq!(parse_cidr(bad), Err(CidrError::Syntax), "{bad}");
        }
    }

    #[test]
    fn ids() {
        assert!(is_subnet_id("subnet-0a1b2c3d") && is_subnet_id("subnet-0123456789abcdef0"));
        assert!(
            !is_subnet_id("subnet-0a1")
                && !is_subnet_id("subnet-0A1B2C3D")
                && !is_subnet_id("sg-0a1b2c3d")
        );
        assert!(is_vpc_id("vpc-0abc1234") && !is_vpc_id("vpc-"));
        assert!(
            is_c_identifier("DB_PASSWORD")
                && is_c_identifier("_x1")
                && !is_c_identifier("1X")
                && !is_c_identifier("A-B")
        );
        assert_eq!(partition_of("cn-north-1"), "aws-cn");
        assert_eq!(partition_of("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_of("eu-west-1"), "aws");
    }

    #[test]
    fn images() {
        let ok = |s| parse_image(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(ok("public.ecr.aws/acme/frontend:1.4.2").tag, Some("1.4.2"));
        assert_eq!(ok("nginx").tag, None);
        assert_eq!(ok("localhost:5000/a/b").tag, None);
        assert_eq!(ok("localhost:5000/a/b:v1").tag, Some("v1"));
        let digest = format!("sha256:{}", "a".repeat(64));
        let pinned = format!("repo/x@{digest}");
        assert_eq!(ok(&pinned).digest, Some(digest.as_str()));
        assert_eq!(
            ok("123456789012.dkr.ecr.us-east-1.amazonaws.com/my_app__x:latest").tag,
            Some("latest")
        );
        for bad in [
            "",
            "Acme/app:1",
            "app:",
            "app: 1",
            "a//b",
            "app@sha256:zz",
            "app:-x",
            "-app",
            "a_-b",
        ] {
            assert!(parse_image(bad).is_err(), "{bad:?}");
        }
    }
}
