//! [`Code::ImageTag`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF051`; this file is how.

use crate::check::Context;
use crate::check::images::image_sites;
use crate::diag::{Code, Diagnostic};
use crate::syntax::{check_digest, check_tag, parse_image};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for site in image_sites(cx) {
        let mut report = |key: &str, message: String, label: String, help: &str| {
            out.push(
                Diagnostic::new(Code::ImageTag, format!("{}: {message}", site.owner))
                    .at(cx.value(&site.key_path(key)), label)
                    .help(help.to_owned()),
            );
        };
        if let Some(Err(problem)) = site.tag.map(check_tag) {
            report(
                "tag",
                "invalid image tag".to_owned(),
                problem,
                "e.g. `tag = \"1.4.2\"` or `tag = \"sha-9f1c2e\"`",
            );
        }
        if let Some(Err(problem)) = site.digest.map(check_digest) {
            report(
                "digest",
                "invalid image digest".to_owned(),
                problem,
                "the digest a registry shows for the image, e.g. `digest = \"sha256:9f86d0…\"` (64 hex digits)",
            );
        }
        if site.tag.is_some() && site.digest.is_some() {
            report(
                "digest",
                "both `tag` and `digest`".to_owned(),
                "exclusive with `tag`".to_owned(),
                "a digest pins the image; remove `tag` (or `digest` to deploy by tag)",
            );
        }
        let Ok(reference) = parse_image(site.image) else {
            continue;
        };
        if reference.tag.is_some() || reference.digest.is_some() {
            let written = if reference.digest.is_some() {
                "a digest"
            } else {
                "a tag"
            };
            for key in ["tag", "digest"] {
                let set = if key == "tag" { site.tag } else { site.digest };
                if set.is_some() {
                    report(
                        key,
                        format!("`image` already names {written}, and `{key}` is set too"),
                        format!("`image` = `{}` already has {written}", site.image),
                        "give the version once: remove it from `image`, or remove this key",
                    );
                }
            }
        }
    }
}
