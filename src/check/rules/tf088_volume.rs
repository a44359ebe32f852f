//! [`Code::Volume`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF088`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// `PREFIX` and 8 to 40 lowercase hex digits (`fs-0123abcd`, `fsap-0123456789abcdef0`).
fn id_ok(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|hex| {
        (8..=40).contains(&hex.len())
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// An absolute, normalized path below `/`: no empty, `.` or `..` segment, no whitespace.
pub fn path_ok(path: &str) -> bool {
    path.strip_prefix('/').is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .split('/')
                .all(|s| !s.is_empty() && s != "." && s != "..")
            && !rest.contains(|c: char| c.is_whitespace() || c == ':')
    })
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        for (i, volume) in service.volumes.iter().flatten().enumerate() {
            let i = i.to_string();
            let path = |key: &'static str| ["services", name, "volumes", i.as_str(), key];
            let diagnostic = |message: String| {
                Diagnostic::new(Code::Volume, format!("service `{name}`: {message}"))
            };
            let fields = [
                (
                    "file_system_id",
                    volume.file_system_id.as_deref(),
                    "fs-",
                    "the file system's ID, `fs-` and hex digits",
                ),
                (
                    "access_point_id",
                    volume.access_point_id.as_deref(),
                    "fsap-",
                    "the access point's ID, `fsap-` and hex digits",
                ),
            ];
            for (key, value, prefix, what) in fields {
                match value {
                    None if cx.invalid(&path(key)) => {}
                    None => out.push(
                        diagnostic(format!("a volume needs `{key}`"))
                            .at(
                                cx.key(&["services", name, "volumes", i.as_str()]),
                                format!("missing `{key}`"),
                            )
                            .help(format!("set `{key}`: {what}")),
                    ),
                    Some(id) if !id_ok(id, prefix) => out.push(
                        diagnostic(format!("`{id}` is not an EFS `{prefix}…` ID"))
                            .at(
                                cx.value(&path(key)),
                                format!("not {prefix} and 8-40 hex digits"),
                            )
                            .help(format!("copy {what} from `aws efs describe-access-points`")),
                    ),
                    Some(_) => {}
                }
            }
            match volume.path.as_deref() {
                None if cx.invalid(&path("path")) => {}
                None => out.push(
                    diagnostic("a volume needs `path`".to_owned())
                        .at(cx.key(&["services", name, "volumes", i.as_str()]), "missing `path`")
                        .help("set the absolute path the app reads it at, e.g. `path = \"/srv/media\"`"),
                ),
                Some(p) if !path_ok(p) => out.push(
                    diagnostic(format!("`{p}` is not an absolute container path"))
                        .at(cx.value(&path("path")), "not /DIR[/DIR…]")
                        .help("an absolute path below `/`, without `.`, `..`, empty segments or a trailing `/`"),
                ),
                Some(_) => {}
            }
        }
    }
}
