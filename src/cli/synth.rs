//! `twinform synth`: synthesize, then write the output directory (atomically, with its marker),
//! compare with it (`--check`), or stream one target to stdout (`--out -`).

use super::marker::{MARKER, Marker};
use super::plan::{Out, Synth};
use super::{
    ExitStatus, compare, counts, dir_display, human_line, read_spec, report, spec_path, stderr,
    stdout, tally, warnings_suffix, write,
};
use anyhow::{Result, bail};
use std::path::{Component, Path, PathBuf};
use twinform::output::GENERATOR;
use twinform::{FileSet, Format};

pub fn run(plan: &Synth) -> Result<ExitStatus> {
    let input = &plan.input;
    let spec = spec_path(input.spec.as_deref())?;
    let (name, text) = read_spec(&spec)?;
    let cwd = std::env::current_dir()?;
    // The spec as recorded in the output: relative to the output directory, so the same output
    // has the same bytes whichever directory `synth` ran from.
    let base = match &plan.out {
        Out::Dir(dir) => absolute(&cwd, dir),
        Out::Stdout => cwd.clone(),
    };
    let mut options = plan.options.clone();
    options.source = Some(relative(&absolute(&cwd, &spec), &base));
    let shown_out = match &plan.out {
        Out::Dir(dir) => dir_display(dir),
        Out::Stdout => "stdout".to_owned(),
    };
    let checked = twinform::check_with(&name, &text, &options);
    let Some(model) = &checked.model else {
        report(&checked.diagnostics, &checked.located, input.message_format);
        let (errors, warnings) = counts(&checked.diagnostics);
        human_line(
            input,
            &format!(
                "{name}: {}; nothing written to {shown_out}",
                tally(errors, warnings)
            ),
        );
        return Ok(ExitStatus::SpecErrors);
    };
    report(&checked.diagnostics, &checked.located, input.message_format);
    let (_, warnings) = counts(&checked.diagnostics);
    let marker = Marker {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        spec: options.source.clone(),
        env: options.env.clone(),
        tags: options.tags.clone(),
        format: options.format.extension().to_owned(),
        targets: Default::default(),
        files: Default::default(),
    };
    let dir = match &plan.out {
        Out::Stdout => return to_stdout(&twinform::render(model, &options), options.format),
        Out::Dir(dir) => dir,
    };
    if plan.check_only {
        let files = twinform::render(model, &options);
        return check(plan, dir, &spec, &files, &marker, warnings);
    }
    // Each file goes to disk as soon as it is serialized: a large spec's output is never held
    // whole in memory. Emission cannot fail once checked, and the files land in a temporary
    // directory renamed into place only at the end, so an error still leaves `dir` untouched.
    let written = write::write_each(dir, options.targets, &marker, |sink| {
        twinform::render_each(model, &options, sink)
    })?;
    if let Some(old) = written.leftover {
        stderr(&format!(
            "twinform: warning: could not delete the previous output at {}\n",
            old.display()
        ));
    }
    if !written.removed.is_empty() {
        human_line(
            input,
            &format!(
                "removed from {shown_out} (no longer produced): {}",
                written.removed.join(", ")
            ),
        );
    }
    let n = written.files;
    let noun = if n == 1 { "file" } else { "files" };
    human_line(
        input,
        &format!(
            "wrote {n} {noun} to {shown_out}{}",
            warnings_suffix(warnings)
        ),
    );
    Ok(ExitStatus::Ok)
}

/// `--check`: the unified diffs on stdout, and a command that updates the directory.
fn check(
    plan: &Synth,
    dir: &Path,
    spec: &Path,
    files: &FileSet,
    marker: &Marker,
    warnings: usize,
) -> Result<ExitStatus> {
    let input = &plan.input;
    let shown = dir_display(dir);
    let diffs = compare::compare(dir, files, plan.options.targets)?;
    if diffs.is_empty() {
        human_line(
            input,
            &format!("{shown} is up to date{}", warnings_suffix(warnings)),
        );
        return Ok(ExitStatus::Ok);
    }
    let text: String = diffs.iter().map(|d| d.diff.as_str()).collect();
    stdout(text.as_bytes())?;
    let noun = if diffs.len() == 1 {
        "file differs"
    } else {
        "files differ"
    };
    human_line(
        input,
        &format!(
            "{} {noun} in {shown}; to update it, run:\n  {}",
            diffs.len(),
            update_command(plan, dir, spec)
        ),
    );
    // What the directory holds, when it says and it is not what was checked.
    let recorded = std::fs::read_to_string(dir.join(MARKER))
        .ok()
        .and_then(|text| Marker::parse(&text));
    if let Some(recorded) = recorded {
        if !recorded.same_source(marker) {
            human_line(
                input,
                &format!(
                    "note: {shown} was written from {}; this check is for {}",
                    recorded.describe(),
                    marker.describe()
                ),
            );
        }
        if recorded.version != env!("CARGO_PKG_VERSION") {
            human_line(
                input,
                &format!(
                    "note: {shown} was written by twinform {}; this is {GENERATOR}",
                    recorded.version
                ),
            );
        }
    }
    Ok(ExitStatus::Differs)
}

/// The `synth` command that rewrites `dir` as this check expected it, ready to paste.
fn update_command(plan: &Synth, dir: &Path, spec: &Path) -> String {
    let options = &plan.options;
    let mut words = vec![
        "twinform".to_owned(),
        "synth".to_owned(),
        spec.display().to_string(),
    ];
    if let Some(env) = &options.env {
        words.extend(["--env".into(), env.clone()]);
    }
    for (service, tag) in &options.tags {
        words.extend(["--tag".into(), format!("{service}={tag}")]);
    }
    if options.format == Format::Json {
        words.extend(["--format".into(), "json".into()]);
    }
    match (options.targets.cloudformation, options.targets.kubernetes) {
        (true, false) => words.extend(["--target".into(), "cloudformation".into()]),
        (false, true) => words.extend(["--target".into(), "kubernetes".into()]),
        _ => {}
    }
    if let Some(prefix) = &options.template_url_prefix {
        words.extend(["--template-url-prefix".into(), prefix.clone()]);
    }
    words.extend(["--out".into(), dir.display().to_string()]);
    words
        .iter()
        .map(|w| shell_word(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word a POSIX shell reads back unchanged: as is when it is plain, else single-quoted.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./=:@%+-,".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// `--out -`: the one selected target on stdout. The manifests become one multi-document YAML
/// stream for `kubectl apply -f -` (the namespace first, without kustomization.yaml, which is
/// not an object); the template is printed alone, so a nested layout is refused.
fn to_stdout(files: &FileSet, format: Format) -> Result<ExitStatus> {
    let manifests: Vec<(&String, &Vec<u8>)> = files
        .iter()
        .filter(|(path, _)| path.starts_with("kubernetes/"))
        .filter(|(path, _)| path.as_str() != "kubernetes/kustomization.yaml")
        .collect();
    if !manifests.is_empty() {
        let namespace_first = |path: &str| (path != "kubernetes/namespace.yaml", path.to_owned());
        let mut manifests = manifests;
        manifests.sort_by_key(|(path, _)| namespace_first(path));
        let mut stream = Vec::new();
        for (i, (_, bytes)) in manifests.iter().enumerate() {
            if i > 0 {
                stream.extend_from_slice(b"---\n");
            }
            stream.extend_from_slice(bytes);
        }
        if let Some(eks) = files
            .keys()
            .find(|p| p.starts_with("cloudformation/eks-fargate"))
        {
            stderr(&format!(
                "twinform: note: {eks} (the EKS Fargate profile) is not part of the stream; \
                 write it with --out DIR\n"
            ));
        }
        stdout(&stream)?;
        return Ok(ExitStatus::Ok);
    }
    let templates: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("cloudformation/"))
        .collect();
    let root = format!("cloudformation/template.{}", format.extension());
    if templates.len() > 1 {
        bail!(
            "the CloudFormation output is a root and {} nested child templates; --out - prints \
             one file: write them with --out DIR",
            templates.len() - 1
        );
    }
    match files.get(&root) {
        Some(template) => stdout(template)?,
        None => bail!("internal error: no {root} was synthesized"),
    }
    Ok(ExitStatus::Ok)
}

/// `path` made absolute against `cwd` and normalized lexically (`.` dropped, `..` applied), so
/// two spellings of one path compare equal without touching the file system.
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to the directory `base`, `/`-separated (`../twinform.toml`).
fn relative(path: &Path, base: &Path) -> String {
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let up = std::iter::repeat_n("..".to_owned(), base.len() - common);
    let down = path[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    up.chain(down).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_is_recorded_relative_to_the_output_directory() {
        let cwd = Path::new("/work/repo");
        let rel = |spec: &str, out: &str| {
            relative(
                &absolute(cwd, Path::new(spec)),
                &absolute(cwd, Path::new(out)),
            )
        };
        assert_eq!(rel("twinform.toml", "out"), "../twinform.toml");
        assert_eq!(rel("infra/twinform.toml", "infra/out"), "../twinform.toml");
        assert_eq!(
            rel("./infra/../twinform.toml", "a/b/out"),
            "../../../twinform.toml"
        );
        assert_eq!(rel("/etc/spec.toml", "out"), "../../../etc/spec.toml");
        assert_eq!(rel("twinform.toml", "."), "twinform.toml");
    }

    #[test]
    fn shell_words_survive_a_paste() {
        assert_eq!(shell_word("api=1.4.3"), "api=1.4.3");
        assert_eq!(shell_word("my spec.toml"), "'my spec.toml'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }
}
