//! Shell completion that knows the spec: `--env <TAB>` offers the spec's environments and
//! `--tag <TAB>` its services (`api=`), not file names.
//!
//! The shell runs `COMPLETE=<shell> twinform -- <words typed so far>` (clap_complete's dynamic
//! completion, registered by `twinform completions SHELL`). A completer sees only the value it
//! completes, so the spec is found the way the command would find it: among the words typed, a
//! `.toml` file or a directory holding `twinform.toml`, else `./twinform.toml`.

use clap_complete::engine::CompletionCandidate;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::SPEC_FILE;

/// The variable the shell scripts set, as clap_complete's default.
pub const VAR: &str = "COMPLETE";

/// `--env` values: the spec's environments.
pub fn environments(current: &std::ffi::OsStr) -> Vec<CompletionCandidate> {
    let Some(spec) = typed_spec() else {
        return Vec::new();
    };
    let prefix = current.to_string_lossy();
    spec.environments
        .keys()
        .filter(|name| name.starts_with(prefix.as_ref()))
        .map(|name| CompletionCandidate::new(name.as_str()).help(Some("environment".into())))
        .collect()
}

/// `--tag` values: `SERVICE=` for every service of the spec (the tag is the user's to type).
pub fn tags(current: &std::ffi::OsStr) -> Vec<CompletionCandidate> {
    let Some(spec) = typed_spec() else {
        return Vec::new();
    };
    let prefix = current.to_string_lossy();
    spec.services
        .iter()
        .map(|(name, service)| {
            let shown = service
                .image
                .as_deref()
                .map(|image| format!("image {image}"));
            (format!("{name}="), shown)
        })
        .filter(|(word, _)| word.starts_with(prefix.as_ref()))
        .map(|(word, image)| CompletionCandidate::new(word).help(image.map(Into::into)))
        .collect()
}

/// The spec the command line being completed names, loaded (without an overlay).
fn typed_spec() -> Option<twinform::spec::Spec> {
    let path = spec_among(std::env::args_os().skip(1))?;
    let text = std::fs::read_to_string(&path).ok()?;
    twinform::spec::load(&path.display().to_string(), &text, None).spec
}

fn spec_among(words: impl Iterator<Item = OsString>) -> Option<PathBuf> {
    let words: Vec<PathBuf> = words.map(PathBuf::from).collect();
    let named = words.iter().find_map(|word| {
        if word.extension().is_some_and(|e| e == "toml") && word.is_file() {
            Some(word.clone())
        } else if word.is_dir() && word.join(SPEC_FILE).is_file() {
            Some(word.join(SPEC_FILE))
        } else {
            None
        }
    });
    named.or_else(|| Some(Path::new(SPEC_FILE).to_path_buf()).filter(|p| p.is_file()))
}

/// `twinform completions SHELL`: the registration script that makes the shell call back.
pub fn registration(shell: clap_complete::Shell, out: &mut dyn Write) -> std::io::Result<()> {
    use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
    let completer: &dyn EnvCompleter = match shell {
        clap_complete::Shell::Bash => &Bash,
        clap_complete::Shell::Elvish => &Elvish,
        clap_complete::Shell::Fish => &Fish,
        clap_complete::Shell::PowerShell => &Powershell,
        // Zsh, and any shell clap adds later, as zsh: the closest in calling convention.
        _ => &Zsh,
    };
    completer.write_registration(VAR, "twinform", "twinform", "twinform", out)
}
