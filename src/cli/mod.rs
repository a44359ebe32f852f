//! The command-line shell: arguments → [`Plan`] → run → [`ExitStatus`].
//!
//! Architecture Invariant: this is the only code that reads files, looks at the environment,
//! prints or writes; it belongs to the binary, not the library. Inner functions return `Result`
//! and never print errors; `main` prints a failure once, as `twinform: <message>`, and exits 2.

mod args;
mod compare;
mod plan;
mod review;
mod write;

use anyhow::{Context, Result};
use args::{LowArgs, MessageFormat};
use clap::{CommandFactory, Parser};
use plan::{Input, Plan, Synth};
use std::fs;
use std::io::{self, ErrorKind, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use twinform::diag::{self, Diagnostic, Severity};
use twinform::spec::Located;

/// The process exit status; the numbers are documented in `--help` and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Success; warnings allowed.
    Ok = 0,
    /// The spec has errors.
    SpecErrors = 1,
    /// Usage or I/O error.
    Failed = 2,
    /// `synth --check`: the output directory is not what twinform would write.
    Differs = 3,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status as u8)
    }
}

/// The starting spec `twinform init` writes.
const SHOP_SPEC: &str = include_str!("../../examples/shop/twinform.toml");

pub fn main() -> ExitCode {
    let args = match LowArgs::try_parse() {
        Ok(args) => args,
        Err(error) => {
            // clap prints help/version to stdout and usage errors to stderr.
            let _ = error.print();
            let status = if error.use_stderr() {
                ExitStatus::Failed
            } else {
                ExitStatus::Ok
            };
            return status.into();
        }
    };
    let status = match Plan::from_args(args) {
        Ok(plan) => run(plan).unwrap_or_else(|error| {
            eprintln!("twinform: {error:#}");
            ExitStatus::Failed
        }),
        Err(plan::UsageError(message)) => {
            eprintln!("twinform: {message}");
            ExitStatus::Failed
        }
    };
    status.into()
}

fn run(plan: Plan) -> Result<ExitStatus> {
    match plan {
        Plan::Synth(synth) => run_synth(&synth),
        Plan::Check(input) => run_check(&input),
        Plan::Schema => {
            stdout(twinform::spec::json_schema().as_bytes())?;
            Ok(ExitStatus::Ok)
        }
        Plan::Diff(diff) => review::run_diff(&diff),
        Plan::Summary { input, diff_from } => review::run_summary(&input, diff_from.as_deref()),
        Plan::Init { path } => run_init(&path),
        Plan::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut LowArgs::command(), "twinform", &mut script);
            stdout(&script)?;
            Ok(ExitStatus::Ok)
        }
    }
}

fn run_check(input: &Input) -> Result<ExitStatus> {
    let (name, text) = read_spec(&input.spec)?;
    let checked = twinform::check_source_with_tags(&name, &text, input.env.as_deref(), &input.tags);
    report(&checked.diagnostics, &checked.located, input.message_format);
    let (errors, warnings) = counts(&checked.diagnostics);
    if errors > 0 {
        human_line(input, &format!("{name}: {}", tally(errors, warnings)));
        return Ok(ExitStatus::SpecErrors);
    }
    human_line(input, &format!("{name}: ok{}", warnings_suffix(warnings)));
    Ok(ExitStatus::Ok)
}

fn run_synth(synth: &Synth) -> Result<ExitStatus> {
    let input = &synth.input;
    let out = dir_display(&synth.out);
    let (name, text) = read_spec(&input.spec)?;
    let synthesis = match twinform::synthesize(&name, &text, &synth.options) {
        Ok(synthesis) => synthesis,
        Err(checked) => {
            report(&checked.diagnostics, &checked.located, input.message_format);
            let (errors, warnings) = counts(&checked.diagnostics);
            human_line(
                input,
                &format!(
                    "{name}: {}; nothing written to {out}",
                    tally(errors, warnings)
                ),
            );
            return Ok(ExitStatus::SpecErrors);
        }
    };
    let checked = &synthesis.checked;
    report(&checked.diagnostics, &checked.located, input.message_format);
    let (_, warnings) = counts(&checked.diagnostics);
    let targets = synth.options.targets;

    if synth.check_only {
        let diffs = compare::compare(&synth.out, &synthesis.files, targets)?;
        if diffs.is_empty() {
            human_line(
                input,
                &format!("{out} is up to date{}", warnings_suffix(warnings)),
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
                "{} {noun} in {out}; run `twinform synth` to update it",
                diffs.len()
            ),
        );
        return Ok(ExitStatus::Differs);
    }

    let written = write::write(&synth.out, &synthesis.files, targets)?;
    if let Some(old) = written.leftover {
        eprintln!(
            "twinform: warning: could not delete the previous output at {}",
            old.display()
        );
    }
    let n = synthesis.files.len();
    let noun = if n == 1 { "file" } else { "files" };
    human_line(
        input,
        &format!("wrote {n} {noun} to {out}{}", warnings_suffix(warnings)),
    );
    Ok(ExitStatus::Ok)
}

/// Writes the shop example as a starting spec; `create_new` makes "never overwrite" atomic.
fn run_init(path: &Path) -> Result<ExitStatus> {
    let shown = path.display();
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            anyhow::bail!("{shown} already exists; twinform init never overwrites a file")
        }
        Err(e) => anyhow::bail!("cannot create {shown}: {}", reason(&e)),
    };
    if let Err(e) = file.write_all(init_text().as_bytes()) {
        drop(file);
        let _ = fs::remove_file(path);
        anyhow::bail!("cannot write {shown}: {}", reason(&e));
    }
    eprintln!("wrote {shown}; next: twinform synth {shown}");
    Ok(ExitStatus::Ok)
}

/// The example's `#:schema` line points into this repository; a new project gets instructions
/// instead.
fn init_text() -> String {
    let body = SHOP_SPEC
        .strip_prefix("#:schema ")
        .map_or(SHOP_SPEC, |rest| {
            rest.split_once('\n').map_or("", |(_, after)| after)
        });
    format!(
        "# Editor support: run `twinform schema > twinform.schema.json` and make\n\
         # `#:schema ./twinform.schema.json` the first line of this file.\n{body}"
    )
}

/// Reads the spec as UTF-8. Returns the name shown in diagnostics (the path as typed) and the
/// text. Reads at most one byte past the library's limit, so `/dev/zero` cannot exhaust memory;
/// an oversized spec is then reported by the library as a diagnostic.
pub(crate) fn read_spec(path: &Path) -> Result<(String, String)> {
    let name = path.display().to_string();
    let fail = |reason: String| anyhow::anyhow!("cannot read {name}: {reason}");
    let meta = fs::metadata(path).map_err(|e| fail(reason(&e)))?;
    if meta.is_dir() {
        return Err(fail("it is a directory".into()));
    }
    let limit = twinform::spec::MAX_SPEC_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let file = fs::File::open(path).map_err(|e| fail(reason(&e)))?;
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(reason(&e)))?;
    if bytes.len() > twinform::spec::MAX_SPEC_BYTES {
        return Ok((name, String::from_utf8_lossy(&bytes).into_owned()));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((name, text)),
        Err(e) => Err(fail(format!(
            "not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        ))),
    }
}

/// A short, lower-case reason for an I/O error, without the `(os error N)` suffix.
pub(crate) fn reason(error: &io::Error) -> String {
    match error.kind() {
        ErrorKind::NotFound => "no such file or directory".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::IsADirectory => "it is a directory".into(),
        ErrorKind::InvalidData => "not valid UTF-8".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text,
            }
        }
    }
}

/// Prints diagnostics to stderr in the chosen format.
pub(crate) fn report(diagnostics: &[Diagnostic], located: &Located, format: MessageFormat) {
    if diagnostics.is_empty() {
        return;
    }
    let source = diag::render::Source {
        name: &located.name,
        text: &located.text,
    };
    let text = match format {
        MessageFormat::Human => diag::render::human(diagnostics, source, use_color()),
        MessageFormat::Json => diag::render::json_lines(diagnostics, source),
        MessageFormat::Github => {
            // The Actions runner reads workflow commands from stdout.
            let _ = stdout(diag::render::github(diagnostics, source).as_bytes());
            return;
        }
    };
    eprint!("{text}");
}

/// A summary line on stderr, only with human output: JSON output stays one object per line.
fn human_line(input: &Input, line: &str) {
    if input.message_format == MessageFormat::Human {
        eprintln!("{line}");
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set to a non-empty value
/// (no-color.org).
fn use_color() -> bool {
    diag::render::use_color(
        io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    )
}

fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diagnostics.len() - errors)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn tally(errors: usize, warnings: usize) -> String {
    if warnings == 0 {
        plural(errors, "error")
    } else {
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}

fn warnings_suffix(warnings: usize) -> String {
    if warnings == 0 {
        String::new()
    } else {
        format!(" ({})", plural(warnings, "warning"))
    }
}

/// `out/`: a trailing slash says "directory" in the summary lines.
fn dir_display(path: &Path) -> String {
    let shown = path.display().to_string();
    if shown.ends_with('/') {
        shown
    } else {
        format!("{shown}/")
    }
}

/// Writes to stdout; a closed pipe (`twinform schema | head`) is not an error.
pub(crate) fn stdout(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to stdout"),
    }
}
