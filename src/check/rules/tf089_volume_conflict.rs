//! [`Code::VolumeConflict`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF089`; this file is how.

use super::tf088_volume::path_ok;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// Paths twinform already mounts in the app container: its scratch `/tmp`, and ECS Exec's
/// agent directories when `exec` is on.
const TMP: &str = "/tmp";
const EXEC_PATHS: [&str; 2] = ["/var/lib/amazon", "/var/log/amazon"];

/// Whether one path is the other or inside it.
fn overlaps(a: &str, b: &str) -> bool {
    let inside = |x: &str, y: &str| x == y || x.strip_prefix(y).is_some_and(|r| r.starts_with('/'));
    inside(a, b) || inside(b, a)
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let volumes: Vec<_> = service.volumes.iter().flatten().collect();
        let mut reserved = vec![(TMP, "the app's scratch `/tmp`")];
        if service.exec == Some(true) {
            reserved.extend(EXEC_PATHS.map(|p| (p, "ECS Exec's agent directory")));
        }
        for (i, volume) in volumes.iter().enumerate() {
            let index = i.to_string();
            let at = |key| cx.value(&["services", name, "volumes", index.as_str(), key]);
            let diagnostic = |message: String| {
                Diagnostic::new(Code::VolumeConflict, format!("service `{name}`: {message}"))
            };
            if let Some(path) = volume.path.as_deref().filter(|p| path_ok(p)) {
                if let Some((taken, what)) = reserved.iter().find(|(r, _)| overlaps(path, r)) {
                    out.push(
                        diagnostic(format!("`{path}` overlaps `{taken}`"))
                            .at(at("path"), format!("{what} is mounted at `{taken}`"))
                            .help("mount the file system at a path of its own, e.g. `/srv/data`"),
                    );
                }
                let earlier = volumes[..i]
                    .iter()
                    .filter_map(|v| v.path.as_deref())
                    .find(|p| overlaps(path, p));
                if let Some(earlier) = earlier {
                    out.push(
                        diagnostic(format!("`{path}` overlaps another volume's `{earlier}`"))
                            .at(at("path"), "mounted over another volume")
                            .help("give each volume its own path, neither inside the other"),
                    );
                }
            }
            if let Some(ap) = volume.access_point_id.as_deref()
                && volumes[..i]
                    .iter()
                    .any(|v| v.access_point_id.as_deref() == Some(ap))
            {
                out.push(
                    diagnostic(format!("access point `{ap}` is mounted twice"))
                        .at(at("access_point_id"), "already mounted by this service")
                        .help("mount an access point once per service; use another access point for another directory"),
                );
            }
        }
    }
}
