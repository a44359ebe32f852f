//! [`Code::VolumeInitImage`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF072`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::parse_image;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(image) = cx
        .spec
        .ecs
        .as_ref()
        .and_then(|e| e.volume_init_image.as_deref())
    else {
        return;
    };
    let problem = match parse_image(image) {
        Err(problem) => problem,
        Ok(r) if r.tag.is_none_or(|t| t == "latest") && r.digest.is_none() => {
            "no tag or digest pins it".to_owned()
        }
        Ok(_) => return,
    };
    out.push(
        Diagnostic::new(
            Code::VolumeInitImage,
            format!("`ecs.volume_init_image = \"{}\"` is not a pinned image", image.escape_debug()),
        )
        .at(cx.value(&["ecs", "volume_init_image"]), problem)
        .help("name an image holding `chmod` with a tag or digest, e.g. `public.ecr.aws/docker/library/busybox:1.37.0`"),
    );
}
