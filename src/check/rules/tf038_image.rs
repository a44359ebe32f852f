//! [`Code::Image`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF038`; this file is how.

use crate::check::Context;
use crate::check::images::image_sites;
use crate::diag::{Code, Diagnostic};
use crate::syntax::parse_image;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for site in image_sites(cx) {
        if let Err(problem) = parse_image(site.image) {
            out.push(
                Diagnostic::new(Code::Image, format!("{}: `{}` is not an image reference", site.owner, site.image.escape_debug()))
                    .at(cx.value(&site.key_path("image")), problem)
                    .help("e.g. `public.ecr.aws/acme/api:1.2.3` or `ACCOUNT.dkr.ecr.REGION.amazonaws.com/api@sha256:...`"),
            );
        }
    }
}
