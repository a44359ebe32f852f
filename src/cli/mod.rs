//! The command-line shell: arguments → [`Plan`] → run → [`ExitStatus`].
//!
//! Architecture Invariant: this is the only code that reads files, looks at the environment,
//! prints or writes; it belongs to the binary, not the library. Inner functions return `Result`
//! and never print errors; `main` prints a failure once, as `twinform: <message>`, and exits 2.

mod args;
mod compare;
mod complete;
mod import;
mod marker;
mod plan;
mod review;
mod synth;
mod write;

use anyhow::{Context, Result};
use args::{LowArgs, MessageFormat};
use clap::{CommandFactory, Parser};
use plan::{Input, Plan};
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
    // A shell asking for completions (`COMPLETE=bash twinform -- …`) is answered and exits here.
    clap_complete::CompleteEnv::with_factory(LowArgs::command)
        .var(complete::VAR)
        .complete();
    // Known before the arguments are parsed, so that even a usage error is reported in it.
    let format = requested_message_format();
    let args = match LowArgs::try_parse() {
        Ok(args) => args,
        Err(error) if !error.use_stderr() => {
            // --help and --version go to stdout.
            let _ = error.print();
            return ExitStatus::Ok.into();
        }
        Err(error) => {
            if format == MessageFormat::Human {
                let _ = error.print();
            } else {
                let rendered = error.render().to_string();
                let first = rendered.lines().next().unwrap_or_default();
                failure(format, first.trim_start_matches("error: "), "usage error");
            }
            return ExitStatus::Failed.into();
        }
    };
    let status = match Plan::from_args(args) {
        Ok(plan) => run(plan).unwrap_or_else(|error| {
            failure(format, &format!("{error:#}"), "usage or I/O error");
            ExitStatus::Failed
        }),
        Err(plan::UsageError(message)) => {
            failure(format, &message, "usage error");
            ExitStatus::Failed
        }
    };
    status.into()
}

/// `--message-format` as written on the command line, read before clap parses it.
fn requested_message_format() -> MessageFormat {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = args.iter().enumerate().find_map(|(i, arg)| {
        arg.strip_prefix("--message-format=")
            .map(str::to_owned)
            .or_else(|| {
                (arg == "--message-format")
                    .then(|| args.get(i + 1).cloned())
                    .flatten()
            })
    });
    match value.as_deref() {
        Some("json") => MessageFormat::Json,
        Some("github") => MessageFormat::Github,
        _ => MessageFormat::Human,
    }
}

/// Reports a failure of the tool itself (exit 2) once, in the chosen message format: one line
/// of text, one JSON object shaped like a diagnostic (no code, no file), or a GitHub annotation.
fn failure(format: MessageFormat, message: &str, summary: &'static str) {
    match format {
        MessageFormat::Human => stderr(&format!("twinform: {message}\n")),
        MessageFormat::Json => {
            let object = diag::render::JsonFailure::new(message, summary);
            stderr(&format!(
                "{}\n",
                serde_json::to_string(&object).unwrap_or_default()
            ));
        }
        MessageFormat::Github => {
            let _ = stdout(diag::render::github_failure(message).as_bytes());
        }
    }
}

fn run(plan: Plan) -> Result<ExitStatus> {
    match plan {
        Plan::Synth(plan) => synth::run(&plan),
        Plan::Check(input) => run_check(&input),
        Plan::Show(input) => run_show(&input),
        Plan::Schema => {
            stdout(twinform::spec::json_schema().as_bytes())?;
            Ok(ExitStatus::Ok)
        }
        Plan::Diff(diff) => review::run_diff(&diff),
        Plan::Summary { input, diff_from } => review::run_summary(&input, diff_from.as_deref()),
        Plan::Parity { input, format } => review::run_parity(&input, format),
        Plan::Cost { input, format } => review::run_cost(&input, format),
        Plan::Exposure { input, format } => review::run_exposure(&input, format),
        Plan::Init { path } => run_init(&path),
        Plan::Explain { code } => run_explain(&code),
        Plan::Import(import) => import::run(import),
        Plan::Completions { shell } => {
            let mut script = Vec::new();
            complete::registration(shell, &mut script)?;
            stdout(&script)?;
            Ok(ExitStatus::Ok)
        }
    }
}

fn run_check(input: &Input) -> Result<ExitStatus> {
    let (name, text) = read_input(input)?;
    let checked = twinform::check_with(&name, &text, &input.options());
    report(&checked.diagnostics, &checked.located, input.message_format);
    let (errors, warnings) = counts(&checked.diagnostics);
    if errors > 0 {
        human_line(input, &format!("{name}: {}", tally(errors, warnings)));
        return Ok(ExitStatus::SpecErrors);
    }
    human_line(input, &format!("{name}: ok{}", warnings_suffix(warnings)));
    Ok(ExitStatus::Ok)
}

/// `twinform show`: the resolved spec on stdout; diagnostics as `check` prints them.
fn run_show(input: &Input) -> Result<ExitStatus> {
    let (name, text) = read_input(input)?;
    match twinform::resolve_source(&name, &text, &input.options()) {
        Ok(resolved) => {
            report(
                &resolved.checked.diagnostics,
                &resolved.checked.located,
                input.message_format,
            );
            let env = input
                .env
                .as_deref()
                .map_or_else(String::new, |env| format!(" --env {env}"));
            let header = format!(
                "# twinform show {name}{env}: the overlay merged and every default written out\n"
            );
            stdout(format!("{header}{}", resolved.text).as_bytes())?;
            Ok(ExitStatus::Ok)
        }
        Err(checked) => {
            report(&checked.diagnostics, &checked.located, input.message_format);
            let (errors, warnings) = counts(&checked.diagnostics);
            human_line(input, &format!("{name}: {}", tally(errors, warnings)));
            Ok(ExitStatus::SpecErrors)
        }
    }
}

/// `twinform explain CODE`: the registry's explanation of one code.
fn run_explain(code: &str) -> Result<ExitStatus> {
    let wanted = code.trim().to_ascii_uppercase();
    let Some(found) = diag::Code::ALL.iter().find(|c| c.as_str() == wanted) else {
        anyhow::bail!(
            "no diagnostic code `{code}`; codes are TF000-TF099 (errors) and TF100-TF199 (warnings), \
             each listed in README.md"
        );
    };
    let severity = match found.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let text = format!(
        "{found} ({severity}): {}\n\n{}\n",
        found.summary(),
        found.explanation()
    );
    stdout(text.as_bytes())?;
    Ok(ExitStatus::Ok)
}

/// Writes the shop example as a starting spec; `create_new` makes "never overwrite" atomic. A
/// directory (an existing one, or a path ending in `/`) gets `twinform.toml` inside it.
fn run_init(path: &Path) -> Result<ExitStatus> {
    // `init myapp` makes a project directory (as `cargo new` does); `init x.toml` a file.
    let names_dir = path.as_os_str().to_string_lossy().ends_with('/')
        || (!path.exists() && path.extension().is_none());
    let owned;
    let path = if path.is_dir() || names_dir {
        fs::create_dir_all(path)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {}", path.display(), reason(&e)))?;
        owned = path.join(SPEC_FILE);
        owned.as_path()
    } else {
        path
    };
    write_new(path, &init_text(), "twinform init never overwrites a file")?;
    let shown = path.display();
    stderr(&format!(
        "wrote {shown}; next: twinform check {shown}, then twinform synth {shown}\n"
    ));
    Ok(ExitStatus::Ok)
}

/// Creates `path` and writes `text`, never overwriting an existing file (`refusal` says so and
/// how to avoid it); a failed write removes the partial file.
pub(crate) fn write_new(path: &Path, text: &str, refusal: &str) -> Result<()> {
    let shown = path.display();
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            anyhow::bail!("{shown} already exists; {refusal}")
        }
        Err(e) => anyhow::bail!("cannot create {shown}: {}", reason(&e)),
    };
    if let Err(e) = file.write_all(text.as_bytes()) {
        drop(file);
        let _ = fs::remove_file(path);
        anyhow::bail!("cannot write {shown}: {}", reason(&e));
    }
    Ok(())
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

/// The spec file name looked for in a directory and in the current directory.
pub(crate) const SPEC_FILE: &str = "twinform.toml";

/// The spec of a command: the file given, `DIR/twinform.toml` for a directory, or
/// `./twinform.toml` when none is given (as cargo finds `Cargo.toml`).
pub(crate) fn spec_path(given: Option<&Path>) -> Result<std::path::PathBuf> {
    match given {
        None => {
            let here = Path::new(SPEC_FILE);
            if !here.exists() {
                anyhow::bail!(
                    "no {SPEC_FILE} in the current directory; pass SPEC (a file or a directory \
                     holding {SPEC_FILE}), or run `twinform init`"
                );
            }
            Ok(here.to_path_buf())
        }
        Some(dir) if dir.is_dir() => {
            let inside = dir.join(SPEC_FILE);
            if !inside.is_file() {
                anyhow::bail!("{} is a directory without a {SPEC_FILE}", dir.display());
            }
            Ok(inside)
        }
        Some(file) => Ok(file.to_path_buf()),
    }
}

/// Reads the spec of a command (see [`spec_path`]).
pub(crate) fn read_input(input: &Input) -> Result<(String, String)> {
    read_spec(&spec_path(input.spec.as_deref())?)
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
        MessageFormat::Human => {
            let mut text = diag::render::human(diagnostics, source, use_color());
            // rustc's pointer to `--explain`: the first error's code, else the first warning's.
            let first = diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
                .or(diagnostics.first());
            if let Some(first) = first {
                text.push_str(&format!(
                    "For more information about a code, try `twinform explain {}`.\n",
                    first.code
                ));
            }
            text
        }
        MessageFormat::Json => diag::render::json_lines(diagnostics, source),
        MessageFormat::Github => {
            // The Actions runner reads workflow commands from stdout.
            let _ = stdout(diag::render::github(diagnostics, source).as_bytes());
            return;
        }
    };
    stderr(&text);
}

/// A summary line on stderr, only with human output: JSON output stays one object per line.
pub(crate) fn human_line(input: &Input, line: &str) {
    if input.message_format == MessageFormat::Human {
        stderr(&format!("{line}\n"));
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

pub(crate) fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diagnostics.len() - errors)
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub(crate) fn tally(errors: usize, warnings: usize) -> String {
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

pub(crate) fn warnings_suffix(warnings: usize) -> String {
    if warnings == 0 {
        String::new()
    } else {
        format!(" ({})", plural(warnings, "warning"))
    }
}

/// `out/`: a trailing slash says "directory" in the summary lines.
pub(crate) fn dir_display(path: &Path) -> String {
    let shown = path.display().to_string();
    if shown.ends_with('/') {
        shown
    } else {
        format!("{shown}/")
    }
}

/// Writes to stdout; a closed pipe (`twinform schema | head`) is not an error.
/// Writes to stderr. A closed stderr (`twinform check 2>&1 | head -1`) drops the rest of the
/// text; unlike `eprint!`, it never panics, so the exit code still says what happened.
pub(crate) fn stderr(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

pub(crate) fn stdout(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to stdout"),
    }
}
