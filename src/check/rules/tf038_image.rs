//! TF038: `image` is a container image reference (`registry/name:tag` or `name@sha256:...`).

use crate::check::Context;
use crate::check::syntax::parse_image;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(image) = service.image.as_deref() else {
            continue;
        };
        if let Err(problem) = parse_image(image) {
            out.push(
                Diagnostic::new(Code::Image, format!("service `{name}`: `{}` is not an image reference", image.escape_debug()))
                    .at(cx.value(&["services", name, "image"]), problem)
                    .help("e.g. `public.ecr.aws/acme/api:1.2.3` or `ACCOUNT.dkr.ecr.REGION.amazonaws.com/api@sha256:...`"),
            );
        }
    }
}
