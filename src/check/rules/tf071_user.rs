//! TF071: `user` is a numeric `UID:GID` and not root. The same value is the ECS container
//! `User` and the pod's `runAsUser`/`runAsGroup`/`fsGroup`, which Kubernetes takes as numbers
//! only; UID 0 would undo the non-root posture (and `runAsNonRoot` rejects it at pod start),
//! GID 0 would give the app root's group on every file it creates.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// The `(uid, gid)` of a valid `user`, or why it is not one.
pub fn parse_user(user: &str) -> Result<(u32, u32), &'static str> {
    let (uid, gid) = user
        .split_once(':')
        .ok_or("not `UID:GID`: both numbers are needed")?;
    let number = |s: &str| -> Result<u32, &'static str> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err("not a number: names such as `root` cannot be used on Kubernetes");
        }
        s.parse().map_err(|_| "out of range (at most 4294967295)")
    };
    let (uid, gid) = (number(uid)?, number(gid)?);
    if uid == 0 || gid == 0 {
        return Err("root (0)");
    }
    Ok((uid, gid))
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(user) = &service.user else { continue };
        if let Err(problem) = parse_user(user) {
            out.push(
                Diagnostic::new(
                    Code::User,
                    format!("service `{name}`: `user = \"{}\"` is not a non-root UID:GID", user.escape_debug()),
                )
                .at(cx.value(&["services", name, "user"]), problem)
                .help("use numbers other than 0, e.g. `user = \"10001:10001\"` (the default); give the image's files to that user rather than running as root"),
            );
        }
    }
}
