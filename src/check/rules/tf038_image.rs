//! TF038: `image` is not a container image reference.
//!
//! **What it does.** Parses every service's `image` with the Docker reference grammar:
//! `[host[:port]/]path[:tag][@algorithm:hex]`, where path components are lower-case
//! alphanumerics joined by `.`, `_`, `__` or `-` runs, a tag is at most 128 word characters,
//! `.` and `-`, and a `sha256` digest has 64 hex digits. The parsed tag and digest are also
//! what TF100 looks at.
//!
//! **Why.** ECS accepts any string and fails only when a task tries to pull it, and a
//! Kubernetes pod sits in `InvalidImageName`; both long after the deploy "succeeded".
//!
//! **Example.**
//! ```toml
//! [services.api]
//! image = "Acme/API:1.0"   # error: repository names are lower case
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// The parts of an image reference that other rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ImageRef<'a> {
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(image) = service.image.as_deref() else {
            continue;
        };
        if let Err(problem) = parse(image) {
            out.push(
                Diagnostic::new(
                    Code::Image,
                    format!("service `{name}`: `{}` is not an image reference: {problem}", image.escape_debug()),
                )
                .at(cx.at(&["services", name, "image"]), "invalid image reference")
                .help("an image looks like `public.ecr.aws/acme/api:1.4.2` or `name@sha256:<64 hex digits>`"),
            );
        }
    }
}

/// Parses `image`, or says what is wrong with it.
pub(super) fn parse(image: &str) -> Result<ImageRef<'_>, String> {
    if image.is_empty() {
        return Err("it is empty".to_owned());
    }
    if let Some(c) = image.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("it contains `{}`", c.escape_debug()));
    }
    let (rest, digest) = match image.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (image, None),
    };
    if let Some(digest) = digest {
        check_digest(digest)?;
    }
    // A `:` after the last `/` starts the tag; one before it is a registry port.
    let (name, tag) = match rest.rfind(':') {
        Some(i) if !rest[i..].contains('/') => (&rest[..i], Some(&rest[i + 1..])),
        _ => (rest, None),
    };
    if let Some(tag) = tag {
        check_tag(tag)?;
    }
    if name.len() > 255 {
        return Err(format!(
            "the name has {} characters; at most 255 are allowed",
            name.len()
        ));
    }
    let mut components: Vec<&str> = name.split('/').collect();
    let first = components[0];
    let has_domain = components.len() > 1
        && (first.contains(['.', ':'])
            || first == "localhost"
            || first.chars().any(|c| c.is_ascii_uppercase()));
    if has_domain {
        check_domain(first)?;
        components.remove(0);
    }
    for component in components {
        check_path_component(component)?;
    }
    Ok(ImageRef { tag, digest })
}

fn check_domain(domain: &str) -> Result<(), String> {
    let (host, port) = match domain.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (domain, None),
    };
    if let Some(port) = port
        && (port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!(
            "the registry port `{}` is not a number",
            port.escape_debug()
        ));
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if !host.split('.').all(label_ok) {
        return Err(format!(
            "the registry `{}` is not a host name",
            host.escape_debug()
        ));
    }
    Ok(())
}

/// `[a-z0-9]+` runs joined by `.`, `_`, `__` or any number of `-`.
fn check_path_component(component: &str) -> Result<(), String> {
    if component.is_empty() {
        return Err(
            "it has an empty path component (`//`, or a leading or trailing `/`)".to_owned(),
        );
    }
    if component.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(format!(
            "repository names are lower case (`{}`)",
            component.escape_debug()
        ));
    }
    let mut seen_alphanumeric = false;
    let mut separator = String::new();
    for c in component.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            let separator_ok = matches!(separator.as_str(), "" | "." | "_" | "__")
                || separator.bytes().all(|b| b == b'-');
            if !separator_ok {
                return Err(format!(
                    "`{separator}` may not separate words in `{component}`"
                ));
            }
            separator.clear();
            seen_alphanumeric = true;
        } else if matches!(c, '.' | '_' | '-') {
            if !seen_alphanumeric {
                return Err(format!("`{component}` must start with a letter or digit"));
            }
            separator.push(c);
        } else {
            return Err(format!(
                "`{}` is not allowed in a repository name",
                c.escape_debug()
            ));
        }
    }
    if !separator.is_empty() {
        return Err(format!("`{component}` must end with a letter or digit"));
    }
    Ok(())
}

fn check_tag(tag: &str) -> Result<(), String> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let ok = tag.len() <= 128
        && tag.starts_with(word)
        && tag.chars().all(|c| word(c) || c == '.' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!("`{}` is not a valid tag", tag.escape_debug()))
    }
}

fn check_digest(digest: &str) -> Result<(), String> {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return Err("the digest has no algorithm (`@sha256:…`)".to_owned());
    };
    let hex_ok = hex
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let ok = match algorithm {
        "sha256" => hex.len() == 64 && hex_ok,
        "sha512" => hex.len() == 128 && hex_ok,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a sha256 or sha512 digest",
            digest.escape_debug()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_references() {
        let sha = "a".repeat(64);
        let cases = [
            ("nginx", None, None),
            ("nginx:1.27", Some("1.27"), None),
            ("public.ecr.aws/acme/frontend:1.4.2", Some("1.4.2"), None),
            ("localhost:5000/app", None, None),
            ("localhost:5000/my_app__x/a-b--c.d:v1_0", Some("v1_0"), None),
            (
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:3.2.0",
                Some("3.2.0"),
                None,
            ),
        ];
        for (image, tag, digest) in cases {
            assert_eq!(parse(image), Ok(ImageRef { tag, digest }), "{image}");
        }
        let pinned = format!("ghcr.io/acme/api@sha256:{sha}");
        assert_eq!(
            parse(&pinned).unwrap().digest,
            Some(format!("sha256:{sha}").as_str())
        );
    }

    #[test]
    fn invalid_references() {
        for image in [
            "",
            "acme/API",
            "acme/api:",
            "acme/api:-x",
            "acme//api",
            "acme/api/",
            "a b",
            "acme/-api",
            "acme/api-",
            "acme/a...b",
            "acme/api@sha256:abc",
            "acme/api@md5:0123",
            "host:x/api",
            "-host.io/api",
            "acme/ápi",
        ] {
            assert!(parse(image).is_err(), "{image:?} should be rejected");
        }
    }
}
