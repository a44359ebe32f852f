//! Atomic output: twinform owns `--out`, and on any error the previous output stays
//! byte-identical.
//!
//! How a run writes:
//! 1. Inspect `--out`: missing, empty, or carrying the `.twinform` marker is fine; anything else
//!    (a file, a symlink, a non-empty directory without the marker) is refused before writing.
//! 2. Build the complete new tree in a temporary directory *beside* `--out` (same parent, so the
//!    final rename stays on one file system): every file of the `FileSet`, the marker, and, for
//!    a single `--target`, a copy of every old file that target does not own.
//! 3. Swap with renames: old `--out` → `<tmp>.old`, temporary tree → `--out`, then delete the old
//!    one. If the second rename fails the first is undone. Until step 3 nothing outside the
//!    temporary directory changes, and the temporary directory is deleted on every error path.
//!
//! We rebuild the whole directory rather than swapping one subtree because
//! `cloudformation/eks-fargate.template.*` belongs to the kubernetes target while living in the
//! cloudformation subtree; copying the untouched files keeps one rule for both targets.

use anyhow::{Context, Result, bail};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use twinform::{FileSet, Targets};

/// The marker file at the root of every output directory twinform writes.
pub const MARKER: &str = ".twinform";
const MARKER_TEXT: &str = "This directory is written by twinform (`twinform synth`) and replaced \
                           on every run: edit the spec, not these files.\n";

/// Whether `path` (relative, `/`-separated) is rewritten by a run for `targets`.
///
/// With every target selected twinform rewrites the whole directory. With one target it rewrites
/// only that target's files: `kubernetes/**` and `cloudformation/eks-fargate.template.*` (the
/// EKS Fargate profile, produced because the kubernetes target is on) for kubernetes, the rest
/// of `cloudformation/**` for cloudformation. Everything else is kept as it is.
pub fn rewritten(path: &str, targets: Targets) -> bool {
    let kubernetes =
        path.starts_with("kubernetes/") || path.starts_with("cloudformation/eks-fargate.template.");
    let cloudformation = !kubernetes && path.starts_with("cloudformation/");
    match (targets.cloudformation, targets.kubernetes) {
        (true, true) => true,
        (true, false) => cloudformation,
        (false, true) => kubernetes,
        (false, false) => false,
    }
}

/// What is at `--out` before a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Existing {
    Missing,
    Empty,
    Owned,
}

/// What a successful write did.
#[derive(Debug)]
pub struct Written {
    /// The previous output, when it could not be deleted after the swap.
    pub leftover: Option<PathBuf>,
}

/// Replaces `out` with `files` (plus the marker), rewriting only what `targets` own.
pub fn write(out: &Path, files: &FileSet, targets: Targets) -> Result<Written> {
    let existing = inspect(out)?;
    let Some(name) = out.file_name() else {
        bail!(
            "--out must end in a directory name (got `{}`)",
            out.display()
        );
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = staging_builder()
        .prefix(&format!(".{}.twinform-", name.to_string_lossy()))
        .tempdir_in(parent)
        .with_context(|| {
            format!(
                "cannot create a temporary directory in {}",
                parent.display()
            )
        })?;

    for (rel, bytes) in files {
        let path = join(staging.path(), rel)?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if existing == Existing::Owned {
        keep_untouched(out, staging.path(), targets)?;
    }
    let marker = staging.path().join(MARKER);
    fs::write(&marker, MARKER_TEXT)
        .with_context(|| format!("cannot write {}", marker.display()))?;
    set_root_permissions(staging.path(), out, existing)?;
    swap(staging, out, existing)
}

/// Refuses anything twinform did not create; see the module doc.
fn inspect(out: &Path) -> Result<Existing> {
    let shown = out.display();
    let meta = match fs::symlink_metadata(out) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Existing::Missing),
        Err(e) => bail!("cannot read {shown}: {}", super::reason(&e)),
    };
    if meta.file_type().is_symlink() {
        bail!(
            "{shown} is a symlink; twinform replaces --out by renaming, so pass the real directory"
        );
    }
    if !meta.is_dir() {
        bail!("{shown} exists and is not a directory; choose another --out");
    }
    let mut entries = fs::read_dir(out).with_context(|| format!("cannot read {shown}"))?;
    if entries.next().is_none() {
        return Ok(Existing::Empty);
    }
    if out.join(MARKER).is_file() {
        return Ok(Existing::Owned);
    }
    bail!(
        "refusing to write to {shown}/: it is not empty and has no {MARKER} marker, so twinform did \
         not create it (twinform replaces the whole directory). Choose another --out, or move its \
         contents away"
    )
}

/// Copies every old file that this run does not rewrite into the new tree (single `--target`).
fn keep_untouched(out: &Path, staging: &Path, targets: Targets) -> Result<()> {
    for (rel, from) in list_files(out)? {
        if rel == MARKER || rewritten(&rel, targets) {
            continue;
        }
        let to = staging.join(from.strip_prefix(out).unwrap_or(&from));
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::copy(&from, &to).with_context(|| format!("cannot copy {}", from.display()))?;
    }
    Ok(())
}

/// Every file below `root`: (relative `/`-separated display path, full path), sorted.
pub fn list_files(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), root.to_path_buf())];
    while let Some((prefix, dir)) = stack.pop() {
        let entries =
            fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry
                .file_type()
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            if kind.is_dir() {
                stack.push((format!("{rel}/"), entry.path()));
            } else {
                out.push((rel, entry.path()));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `root/rel` for a `FileSet` key. The library only produces plain relative paths; this guard
/// keeps a bug there from writing outside the temporary directory.
fn join(root: &Path, rel: &str) -> Result<PathBuf> {
    let plain = !rel.is_empty()
        && !rel.starts_with('/')
        && rel
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains('\\'));
    if !plain || rel == MARKER {
        bail!("internal error: refusing output path `{rel}`");
    }
    Ok(root.join(rel))
}

/// The output keeps the old directory's permissions; a new one gets the process's usual
/// directory permissions (see [`staging_builder`]).
fn set_root_permissions(staging: &Path, out: &Path, existing: Existing) -> Result<()> {
    if existing == Existing::Missing {
        return Ok(());
    }
    let permissions = fs::metadata(out)
        .with_context(|| format!("cannot read {}", out.display()))?
        .permissions();
    fs::set_permissions(staging, permissions)
        .with_context(|| format!("cannot set permissions on {}", staging.display()))
}

/// A temporary directory is private (0700) by default; asking for 0777 instead lets `mkdir`
/// apply the umask, so a new `--out` gets the same permissions as any directory the user makes.
fn staging_builder<'a>() -> tempfile::Builder<'a, 'a> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o777));
    }
    builder
}

fn swap(staging: TempDir, out: &Path, existing: Existing) -> Result<Written> {
    if existing == Existing::Missing {
        fs::rename(staging.path(), out)
            .with_context(|| format!("cannot move the new output into {}", out.display()))?;
        // Renamed away: nothing left for the guard to delete.
        let _ = staging.keep();
        return Ok(Written { leftover: None });
    }
    let mut old = staging.path().as_os_str().to_owned();
    old.push(".old");
    let old = PathBuf::from(old);
    fs::rename(out, &old)
        .with_context(|| format!("cannot move the previous output {} aside", out.display()))?;
    if let Err(error) = fs::rename(staging.path(), out) {
        return Err(match fs::rename(&old, out) {
            Ok(()) => anyhow::Error::new(error)
                .context(format!("cannot move the new output into {}", out.display())),
            Err(_) => anyhow::Error::new(error).context(format!(
                "cannot move the new output into {}; the previous output is in {}",
                out.display(),
                old.display()
            )),
        });
    }
    let _ = staging.keep();
    let leftover = fs::remove_dir_all(&old).err().map(|_| old);
    Ok(Written { leftover })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: Targets = Targets {
        cloudformation: true,
        kubernetes: true,
    };
    const CFN: Targets = Targets {
        cloudformation: true,
        kubernetes: false,
    };
    const K8S: Targets = Targets {
        cloudformation: false,
        kubernetes: true,
    };

    #[test]
    fn eks_fargate_template_belongs_to_kubernetes() {
        assert!(rewritten("cloudformation/eks-fargate.template.yaml", K8S));
        assert!(!rewritten("cloudformation/eks-fargate.template.json", CFN));
        assert!(rewritten("cloudformation/template.yaml", CFN));
        assert!(!rewritten("cloudformation/template.yaml", K8S));
        assert!(rewritten("kubernetes/api.yaml", K8S));
        assert!(!rewritten("kubernetes/api.yaml", CFN));
    }

    #[test]
    fn a_full_run_owns_everything_and_a_single_target_only_its_subtree() {
        assert!(rewritten("notes.txt", BOTH));
        assert!(!rewritten("notes.txt", CFN));
        assert!(!rewritten("notes.txt", K8S));
    }

    #[test]
    fn join_refuses_paths_that_escape() {
        let root = Path::new("/r");
        for bad in ["", "/etc/x", "../x", "a/../b", "a//b", "./a", MARKER] {
            assert!(join(root, bad).is_err(), "{bad}");
        }
        assert_eq!(
            join(root, "kubernetes/a.yaml").ok(),
            Some(PathBuf::from("/r/kubernetes/a.yaml"))
        );
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn files(entries: &[(&str, &str)]) -> FileSet {
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect()
    }

    /// An I/O error while building the new tree (here a file where a directory must go) leaves
    /// the previous output byte-identical and no temporary directory behind.
    #[test]
    fn a_failed_write_changes_nothing() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("out");
        write(
            &out,
            &files(&[("cloudformation/template.yaml", "old\n")]),
            BOTH,
        )
        .expect("first write");
        let before = list_files(&out).expect("list");
        let broken = files(&[("kubernetes/a", "x\n"), ("kubernetes/a/b.yaml", "y\n")]);
        assert!(write(&out, &broken, BOTH).is_err());
        assert!(write(&out, &files(&[("../escape", "x")]), BOTH).is_err());
        assert_eq!(list_files(&out).expect("list"), before);
        assert_eq!(
            fs::read(out.join("cloudformation/template.yaml")).expect("read"),
            b"old\n"
        );
        assert_eq!(names(root.path()), ["out"]);
    }

    #[test]
    fn a_successful_write_leaves_only_the_output() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("out");
        write(&out, &files(&[("kubernetes/a.yaml", "a\n")]), BOTH).expect("write");
        write(&out, &files(&[("kubernetes/b.yaml", "b\n")]), BOTH).expect("rewrite");
        assert_eq!(names(root.path()), ["out"]);
        let listed: Vec<String> = list_files(&out)
            .expect("list")
            .into_iter()
            .map(|(rel, _)| rel)
            .collect();
        assert_eq!(listed, [MARKER, "kubernetes/b.yaml"]);
    }
}
