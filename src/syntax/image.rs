//! Container image references, tags and digests.

/// A container image reference, understood enough to check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// The registry host (`ghcr.io`, `registry.example.com:5000`); `None` for Docker Hub.
    pub registry: Option<&'a str>,
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
    let mut registry = None;
    // The first component is a registry host when it has a `.` or `:` or is `localhost`.
    if components.len() > 1 && (components[0].contains(['.', ':']) || components[0] == "localhost")
    {
        let host = components.remove(0);
        registry = Some(host);
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
    Ok(ImageRef {
        registry,
        tag,
        digest,
    })
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
