//! [`Code::UnpinnedImage`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF100`; this file is how.

use crate::check::Context;
use crate::check::images::image_sites;
use crate::diag::{Code, Diagnostic};
use crate::syntax::parse_image;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for site in image_sites(cx) {
        let Ok(reference) = parse_image(site.image) else {
            continue;
        };
        let digest = reference.digest.or(site.digest);
        let tag = site.tag.or(reference.tag);
        let problem = match (tag, digest) {
            (_, Some(_)) => None,
            (None, None) => Some("no tag: the registry serves `latest`"),
            (Some("latest"), None) => Some("`latest` moves"),
            _ => None,
        };
        if let Some(problem) = problem {
            // Point at `tag` when it is what says `latest`.
            let key = if site.tag.is_some() { "tag" } else { "image" };
            out.push(
                Diagnostic::new(Code::UnpinnedImage, format!("{}: image `{}` is not pinned", site.owner, site.image))
                    .at(cx.value(&site.key_path(key)), problem)
                    .help("pin a version tag (`:1.4.2`) or a digest (`@sha256:...`) so deploys and rollbacks are reproducible"),
            );
        }
    }
}
