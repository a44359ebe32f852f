//! `synth --check`: compares what would be written with an existing `--out`, reading only.
//!
//! Counted as differences: a file twinform would write that is missing or has other bytes, and
//! any other file in what the selected targets rewrite (see [`write::rewritten`]), because a
//! real `synth` would delete it. The `.twinform` marker is ignored.

use super::write::{self, MARKER};
use anyhow::{Result, bail};
use similar::TextDiff;
use std::collections::BTreeMap;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use twinform::{FileSet, Targets};

/// One differing file and its unified diff (`a/` = on disk, `b/` = what twinform would write).
#[derive(Debug)]
pub struct FileDiff {
    pub path: String,
    pub diff: String,
}

/// Every difference between `out` and `files`, sorted by path. An error means `out` could not
/// be read (missing, not a directory, unreadable).
pub fn compare(out: &Path, files: &FileSet, targets: Targets) -> Result<Vec<FileDiff>> {
    let shown = out.display();
    match fs::metadata(out) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => bail!("cannot read {shown}: not a directory"),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            bail!(
                "cannot read {shown}: no such directory; run `twinform synth` without --check first"
            )
        }
        Err(e) => bail!("cannot read {shown}: {}", super::reason(&e)),
    }
    let on_disk: BTreeMap<String, PathBuf> = write::list_files(out)?
        .into_iter()
        .filter(|(rel, _)| rel != MARKER && write::rewritten(rel, targets))
        .collect();

    let mut diffs = Vec::new();
    for (rel, new) in files {
        let old = match on_disk.get(rel) {
            Some(path) => Some(read(path)?),
            None => None,
        };
        if old.as_deref() != Some(new.as_slice()) {
            diffs.push(FileDiff {
                path: rel.clone(),
                diff: unified(rel, old.as_deref(), Some(new)),
            });
        }
    }
    for (rel, path) in &on_disk {
        if !files.contains_key(rel) {
            let old = read(path)?;
            diffs.push(FileDiff {
                path: rel.clone(),
                diff: unified(rel, Some(&old), None),
            });
        }
    }
    diffs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(diffs)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {}", path.display(), super::reason(&e)))
}

/// A git-style unified diff; `None` is an absent file (`/dev/null`).
fn unified(rel: &str, old: Option<&[u8]>, new: Option<&[u8]>) -> String {
    let a = if old.is_some() {
        format!("a/{rel}")
    } else {
        "/dev/null".to_owned()
    };
    let b = if new.is_some() {
        format!("b/{rel}")
    } else {
        "/dev/null".to_owned()
    };
    let old_text = std::str::from_utf8(old.unwrap_or_default());
    let new_text = std::str::from_utf8(new.unwrap_or_default());
    match (old_text, new_text) {
        (Ok(old), Ok(new)) => TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(3)
            .header(&a, &b)
            .to_string(),
        _ => format!("Binary files {a} and {b} differ\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn diff_names_both_sides_and_shows_changed_lines() {
        let diff = unified("k/a.yaml", Some(b"x: 1\ny: 2\n"), Some(b"x: 1\ny: 3\n"));
        assert_eq!(
            diff,
            "--- a/k/a.yaml\n+++ b/k/a.yaml\n@@ -1,2 +1,2 @@\n x: 1\n-y: 2\n+y: 3\n"
        );
    }

    #[test]
    fn missing_and_extra_files_diff_against_dev_null() {
        assert!(unified("a", None, Some(b"n\n")).starts_with("--- /dev/null\n+++ b/a\n"));
        assert!(unified("a", Some(b"o\n"), None).starts_with("--- a/a\n+++ /dev/null\n"));
        assert_eq!(
            unified("a", Some(&[0xff]), Some(b"x")),
            "Binary files a/a and b/a differ\n"
        );
    }
}
