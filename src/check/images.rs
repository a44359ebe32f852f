//! Every image reference of the spec — each service's and each of its sidecars' — with where it
//! is written, so the image rules (TF038, TF051, TF100) treat both alike.

use super::Context;
use crate::spec::Spec;
use crate::syntax::{check_digest, check_tag, parse_image};
use std::collections::BTreeMap;

/// One image reference: `image` plus its optional `tag`/`digest`, and the key path of the
/// table holding them (`services.api` or `services.api.sidecars.0`).
pub struct ImageSite<'a> {
    /// "service `api`" or "service `api`, sidecar `otel`".
    pub owner: String,
    pub path: Vec<String>,
    pub image: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

impl ImageSite<'_> {
    /// The key path of `key` in this site's table.
    pub fn key_path<'k>(&'k self, key: &'k str) -> Vec<&'k str> {
        self.path
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(key))
            .collect()
    }
}

/// Every service's and sidecar's image that is written (a missing one is TF003's).
pub fn image_sites<'a>(cx: &Context<'a>) -> Vec<ImageSite<'a>> {
    let mut sites = Vec::new();
    for (name, service) in cx.services() {
        if let Some(image) = service.image.as_deref() {
            sites.push(ImageSite {
                owner: format!("service `{name}`"),
                path: vec!["services".into(), name.into()],
                image,
                tag: service.tag.as_deref(),
                digest: service.digest.as_deref(),
            });
        }
        for (i, init) in service.init.iter().flatten().enumerate() {
            let Some(image) = init.image.as_deref() else {
                continue;
            };
            sites.push(ImageSite {
                owner: format!(
                    "service `{name}`, init container `{}`",
                    init.name.as_deref().unwrap_or("?")
                ),
                path: vec!["services".into(), name.into(), "init".into(), i.to_string()],
                image,
                tag: init.tag.as_deref(),
                digest: init.digest.as_deref(),
            });
        }
        for (i, sidecar) in service.sidecars.iter().flatten().enumerate() {
            let Some(image) = sidecar.image.as_deref() else {
                continue;
            };
            sites.push(ImageSite {
                owner: format!(
                    "service `{name}`, sidecar `{}`",
                    sidecar.name.as_deref().unwrap_or("?")
                ),
                path: vec![
                    "services".into(),
                    name.into(),
                    "sidecars".into(),
                    i.to_string(),
                ],
                image,
                tag: sidecar.tag.as_deref(),
                digest: sidecar.digest.as_deref(),
            });
        }
    }
    for (name, job) in &cx.spec.jobs {
        if let Some(image) = job.image.as_deref() {
            sites.push(ImageSite {
                owner: format!("job `{name}`"),
                path: vec!["jobs".into(), name.into()],
                image,
                tag: job.tag.as_deref(),
                digest: job.digest.as_deref(),
            });
        }
    }
    sites
}

/// Applies `--tag NAME=VALUE`: a `sha256:` value becomes the service's digest, any other its
/// tag, replacing whatever the spec, its overlay or `image` itself named. Overrides that name no
/// service or hold no valid tag or digest are left to TF052.
pub fn apply_tag_overrides(spec: &mut Spec, tags: &BTreeMap<String, String>) {
    for (name, value) in tags {
        let Some(service) = spec.services.get_mut(name) else {
            continue;
        };
        let is_digest = value.starts_with("sha256:");
        let valid = if is_digest {
            check_digest(value).is_ok()
        } else {
            check_tag(value).is_ok()
        };
        if !valid {
            continue;
        }
        if let Some(image) = service.image.as_mut() {
            *image = without_version(image);
        }
        if is_digest {
            service.digest = Some(value.clone());
            service.tag = None;
        } else {
            service.tag = Some(value.clone());
            service.digest = None;
        }
    }
}

/// `image` without its own `:tag` or `@digest` (unchanged when it does not parse).
fn without_version(image: &str) -> String {
    let Ok(reference) = parse_image(image) else {
        return image.to_owned();
    };
    let mut rest = image;
    if let Some(digest) = reference.digest {
        rest = &rest[..rest.len() - digest.len() - 1];
    }
    if let Some(tag) = reference.tag {
        rest = &rest[..rest.len() - tag.len() - 1];
    }
    rest.to_owned()
}

#[cfg(test)]
mod tests {
    use super::without_version;

    #[test]
    fn strips_tag_and_digest_but_not_a_registry_port() {
        let digest = format!("sha256:{}", "a".repeat(64));
        assert_eq!(
            without_version("localhost:5000/a/b:v1"),
            "localhost:5000/a/b"
        );
        assert_eq!(without_version("localhost:5000/a/b"), "localhost:5000/a/b");
        assert_eq!(without_version(&format!("r/x:1@{digest}")), "r/x");
        assert_eq!(without_version(&format!("r/x@{digest}")), "r/x");
    }
}
