//! Atomic output: twinform owns `--out`, and on any error the previous output stays
//! byte-identical.
//!
//! How a run writes:
//! 1. Inspect `--out`: missing, empty, or carrying the `.twinform` marker is fine; anything else
//!    (a file, a symlink, a non-empty directory without the marker) is refused before writing.
//!    A marker that lists the files twinform wrote makes any other file there a refusal too
//!    (twinform would delete it), and a single `--target` run must describe the same spec,
//!    environment and images as the other target's files it keeps.
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

pub use super::marker::MARKER;
use super::marker::Marker;
use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tempfile::TempDir;
use twinform::Targets;

/// At most this many foreign files are named in a refusal.
const NAMED_AT_MOST: usize = 5;

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
#[derive(Debug, Clone, PartialEq, Eq)]
enum Existing {
    Missing,
    Empty,
    /// Written by twinform; the marker's record when it has one.
    Owned(Option<Marker>),
}

/// What a successful write did.
#[derive(Debug)]
pub struct Written {
    /// The previous output, when it could not be deleted after the swap.
    pub leftover: Option<PathBuf>,
    /// Files of the previous output that this run no longer produces (deleted with it).
    pub removed: Vec<String>,
    /// How many files this run wrote (besides the marker and the files it kept).
    pub files: usize,
}

/// Replaces `out` with `files` (plus the marker), rewriting only what `targets` own. `marker`
/// describes this run; its `files` and `targets` are filled in here.
#[cfg(test)]
pub fn write(
    out: &Path,
    files: &twinform::FileSet,
    targets: Targets,
    marker: &Marker,
) -> Result<Written> {
    write_each(out, targets, marker, |sink| {
        for (rel, bytes) in files {
            sink(rel.clone(), bytes.clone());
        }
    })
}

/// [`write`] for files handed over one at a time, possibly from several threads, by `produce`
/// (which calls its argument once per file): each is written into the temporary tree as it
/// comes, so the whole output is never held in memory. The directory checks run before
/// `produce`, and the swap only after it returned and every file was written.
pub fn write_each(
    out: &Path,
    targets: Targets,
    marker: &Marker,
    produce: impl FnOnce(&(dyn Fn(String, Vec<u8>) + Sync)),
) -> Result<Written> {
    let existing = inspect(out)?;
    let previous = match &existing {
        Existing::Owned(previous) => previous.clone(),
        _ => None,
    };
    let on_disk: Vec<String> = match existing {
        Existing::Owned(_) => list_files(out)?
            .into_iter()
            .map(|(rel, _)| rel)
            .filter(|rel| rel != MARKER)
            .collect(),
        _ => Vec::new(),
    };
    if let Some(previous) = &previous {
        refuse_foreign(out, &on_disk, previous)?;
        refuse_mixed(out, &on_disk, targets, previous, marker)?;
    }
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

    // The files written, and the first failure (after which the rest are skipped).
    let written: Mutex<(BTreeSet<String>, Option<anyhow::Error>)> = Mutex::default();
    produce(&|rel, bytes| {
        if written.lock().map_or(true, |w| w.1.is_some()) {
            return;
        }
        // Outside the lock, so the two threads' writes overlap (`create_dir_all` tolerates a
        // directory the other thread just made).
        let result = write_file(staging.path(), &rel, &bytes);
        drop(bytes);
        if let Ok(mut written) = written.lock() {
            match result {
                Ok(()) => {
                    written.0.insert(rel);
                }
                Err(error) => {
                    written.1.get_or_insert(error);
                }
            }
        }
    });
    let (files, error) = written.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(error) = error {
        return Err(error);
    }

    let kept: Vec<&String> = on_disk
        .iter()
        .filter(|rel| !rewritten(rel, targets))
        .collect();
    let removed = on_disk
        .iter()
        .filter(|rel| rewritten(rel, targets) && !files.contains(*rel))
        .cloned()
        .collect();
    let mut record = marker.clone();
    record.files = files.iter().chain(kept).cloned().collect();
    record.targets = record
        .files
        .iter()
        .map(|rel| target_of(rel).to_owned())
        .collect();
    let owned = !matches!(existing, Existing::Missing | Existing::Empty);
    if owned {
        keep_untouched(out, staging.path(), targets)?;
    }
    let marker_path = staging.path().join(MARKER);
    fs::write(&marker_path, record.to_text())
        .with_context(|| format!("cannot write {}", marker_path.display()))?;
    let missing = matches!(existing, Existing::Missing);
    set_root_permissions(staging.path(), out, missing)?;
    let leftover = swap(staging, out, missing)?;
    Ok(Written {
        leftover,
        removed,
        files: files.len(),
    })
}

/// Writes one output file `rel` under `root`.
fn write_file(root: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let path = join(root, rel)?;
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// `kubernetes` or `cloudformation`: which target a file belongs to.
fn target_of(rel: &str) -> &'static str {
    let kubernetes = Targets {
        cloudformation: false,
        kubernetes: true,
    };
    if rewritten(rel, kubernetes) {
        "kubernetes"
    } else {
        "cloudformation"
    }
}

/// A file twinform did not write would be deleted by the swap: refuse instead, naming it.
fn refuse_foreign(out: &Path, on_disk: &[String], previous: &Marker) -> Result<()> {
    let foreign: Vec<&String> = on_disk
        .iter()
        .filter(|rel| !previous.files.contains(*rel))
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    let mut named: Vec<String> = foreign
        .iter()
        .take(NAMED_AT_MOST)
        .map(|rel| out.join(rel).display().to_string())
        .collect();
    if foreign.len() > NAMED_AT_MOST {
        named.push(format!("and {} more", foreign.len() - NAMED_AT_MOST));
    }
    bail!(
        "refusing to write to {}: it holds files twinform did not write ({}), and twinform \
         replaces the whole directory. Move them out of it, or choose another --out",
        out.display(),
        named.join(", ")
    )
}

/// A single `--target` run keeps the other target's files: refuse when they came from another
/// spec, environment or images, so one directory never holds two deployments' halves.
fn refuse_mixed(
    out: &Path,
    on_disk: &[String],
    targets: Targets,
    previous: &Marker,
    marker: &Marker,
) -> Result<()> {
    let Some(other) = on_disk.iter().find(|rel| !rewritten(rel, targets)) else {
        return Ok(());
    };
    if previous.same_source(marker) {
        return Ok(());
    }
    bail!(
        "refusing to write to {}: its {} output came from {}, and this run writes {} from {}; \
         the two halves would describe different deployments. Write both targets (no --target), \
         or choose another --out",
        out.display(),
        target_of(other),
        previous.describe(),
        if targets.kubernetes {
            "kubernetes"
        } else {
            "cloudformation"
        },
        marker.describe()
    )
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
    let marker = out.join(MARKER);
    if marker.is_file() {
        let text = fs::read_to_string(&marker).unwrap_or_default();
        return Ok(Existing::Owned(Marker::parse(&text)));
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
fn set_root_permissions(staging: &Path, out: &Path, missing: bool) -> Result<()> {
    if missing {
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

/// Moves the new tree into place; the previous output's path when it could not be deleted.
fn swap(staging: TempDir, out: &Path, missing: bool) -> Result<Option<PathBuf>> {
    if missing {
        fs::rename(staging.path(), out)
            .with_context(|| format!("cannot move the new output into {}", out.display()))?;
        // Renamed away: nothing left for the guard to delete.
        let _ = staging.keep();
        return Ok(None);
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
    Ok(fs::remove_dir_all(&old).err().map(|_| old))
}

#[cfg(test)]
mod tests {
    use super::*;
    use twinform::FileSet;

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

    fn marker() -> Marker {
        Marker {
            version: "0.1.0".into(),
            spec: Some("../twinform.toml".into()),
            env: None,
            tags: Default::default(),
            format: "yaml".into(),
            targets: Default::default(),
            files: Default::default(),
        }
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
            &marker(),
        )
        .expect("first write");
        let before = list_files(&out).expect("list");
        let broken = files(&[("kubernetes/a", "x\n"), ("kubernetes/a/b.yaml", "y\n")]);
        assert!(write(&out, &broken, BOTH, &marker()).is_err());
        assert!(write(&out, &files(&[("../escape", "x")]), BOTH, &marker()).is_err());
        assert_eq!(list_files(&out).expect("list"), before);
        assert_eq!(
            fs::read(out.join("cloudformation/template.yaml")).expect("read"),
            b"old\n"
        );
        assert_eq!(names(root.path()), ["out"]);
    }

    #[test]
    fn files_handed_over_from_two_threads_are_all_written_and_recorded() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("out");
        let written = write_each(&out, BOTH, &marker(), |sink| {
            std::thread::scope(|scope| {
                scope.spawn(|| sink("cloudformation/template.yaml".to_owned(), b"a\n".to_vec()));
                sink("kubernetes/x.yaml".to_owned(), b"b\n".to_vec());
            });
        })
        .expect("write");
        assert_eq!(written.files, 2);
        let mut on_disk: Vec<String> = list_files(&out)
            .expect("list")
            .into_iter()
            .map(|(rel, _)| rel)
            .collect();
        on_disk.sort();
        assert_eq!(
            on_disk,
            [MARKER, "cloudformation/template.yaml", "kubernetes/x.yaml"]
        );
        let record = fs::read_to_string(out.join(MARKER)).expect("marker");
        assert!(record.contains("cloudformation/template.yaml"), "{record}");
        assert!(record.contains("kubernetes/x.yaml"), "{record}");
        assert_eq!(
            fs::read(out.join("kubernetes/x.yaml")).expect("read"),
            b"b\n"
        );
    }

    #[test]
    fn a_successful_write_leaves_only_the_output() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("out");
        write(
            &out,
            &files(&[("kubernetes/a.yaml", "a\n")]),
            BOTH,
            &marker(),
        )
        .expect("write");
        write(
            &out,
            &files(&[("kubernetes/b.yaml", "b\n")]),
            BOTH,
            &marker(),
        )
        .expect("rewrite");
        assert_eq!(names(root.path()), ["out"]);
        let listed: Vec<String> = list_files(&out)
            .expect("list")
            .into_iter()
            .map(|(rel, _)| rel)
            .collect();
        assert_eq!(listed, [MARKER, "kubernetes/b.yaml"]);
    }
}
