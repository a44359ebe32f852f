//! TF100 (warning): an image without a tag or digest, or tagged `latest`.

use crate::check::Context;
use crate::check::syntax::parse_image;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(image) = service.image.as_deref() else {
            continue;
        };
        let Ok(reference) = parse_image(image) else {
            continue;
        };
        let problem = match (reference.tag, reference.digest) {
            (_, Some(_)) => None,
            (None, None) => Some("no tag: the registry serves `latest`"),
            (Some("latest"), None) => Some("`latest` moves"),
            _ => None,
        };
        if let Some(problem) = problem {
            out.push(
                Diagnostic::new(Code::UnpinnedImage, format!("service `{name}`: image `{image}` is not pinned"))
                    .at(cx.value(&["services", name, "image"]), problem)
                    .help("pin a version tag (`:1.4.2`) or a digest (`@sha256:...`) so deploys and rollbacks are reproducible"),
            );
        }
    }
}
