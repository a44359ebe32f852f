//! `twinform import compose FILE…`: reads the Compose files, `.env`, the `env_file`s and the
//! process environment (the importer itself is pure), prints the warnings located in the
//! Compose files, and writes the spec only when the import succeeded and the spec passes check.

use super::args::MessageFormat;
use super::{ExitStatus, counts, read_spec, reason, stderr, stdout, tally, warnings_suffix};
use anyhow::Result;
use clap::{Args, Subcommand};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use twinform::diag::{self, Diagnostic};
use twinform::import::compose::{self, File, FileDiagnostic};

const COMPOSE_HELP: &str = "\
Examples:
  twinform import compose compose.yaml                          # writes ./twinform.toml
  twinform import compose compose.yaml compose.prod.yaml --out infra/twinform.toml
  twinform import compose compose.yaml --out -                  # print the spec

Labels read from the Compose services: twinform.route (path prefix on the load balancer),
twinform.host (host name of the route), twinform.health.path (HTTP health path).

Exit codes:
  0  ok (warnings allowed): the spec was written
  1  the Compose files are invalid (nothing written)
  2  usage or I/O error (unreadable file, --out exists, ...)";

const COPILOT_HELP: &str = "\
Examples:
  twinform import copilot .                                     # ./copilot/*/manifest.yml
  twinform import copilot . --account 123456789012 --region eu-west-1 --out infra/twinform.toml

SSM parameter names in `secrets` become ARNs only with --account and --region; Secrets Manager
names never do (their ARNs end in a random suffix): both are reported and left out.

Exit codes:
  0  ok (warnings allowed): the spec was written
  1  a manifest is invalid (nothing written)
  2  usage or I/O error (no copilot/ directory, --out exists, ...)";

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import Compose files (merged in order, as `docker compose -f A -f B` merges them).
    #[command(after_help = COMPOSE_HELP)]
    Compose(ComposeArgs),
    /// Import an AWS Copilot workspace (copilot/*/manifest.yml and their environments).
    #[command(after_help = COPILOT_HELP)]
    Copilot(CopilotArgs),
}

#[derive(Debug, Args)]
pub struct CopilotArgs {
    /// The workspace: the directory holding `copilot/`.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// AWS account ID, for the ARNs of SSM parameters named in `secrets`.
    #[arg(long, value_name = "ID", requires = "region")]
    pub account: Option<String>,
    /// AWS Region, for the same ARNs.
    #[arg(long, value_name = "REGION", requires = "account")]
    pub region: Option<String>,
    /// Where to write the spec (never overwritten); `-` prints it to stdout.
    #[arg(long, value_name = "PATH", default_value = "twinform.toml")]
    pub out: PathBuf,
    /// How diagnostics are printed (as for `check`).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

#[derive(Debug, Args)]
pub struct ComposeArgs {
    /// The Compose files, base first; later files override earlier ones.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Where to write the spec (never overwritten); `-` prints it to stdout.
    #[arg(long, value_name = "PATH", default_value = "twinform.toml")]
    pub out: PathBuf,
    /// How diagnostics are printed (as for `check`).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

pub fn run(command: ImportCommand) -> Result<ExitStatus> {
    match command {
        ImportCommand::Compose(args) => run_compose(&args),
        ImportCommand::Copilot(args) => run_copilot(&args),
    }
}

/// Subdirectories of `dir`, sorted by name.
fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn run_copilot(args: &CopilotArgs) -> Result<ExitStatus> {
    let root = args.dir.join("copilot");
    if !root.is_dir() {
        anyhow::bail!("{} has no copilot/ directory", args.dir.display());
    }
    let mut manifests = Vec::new();
    for dir in subdirs(&root)
        .into_iter()
        .filter(|d| !d.ends_with("environments"))
    {
        let path = dir.join("manifest.yml");
        if path.is_file() {
            let (name, text) = read_spec(&path)?;
            manifests.push(File { name, text });
        }
    }
    let environments = subdirs(&root.join("environments"))
        .iter()
        .filter_map(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    // `.workspace` names the application (`application: NAME`).
    let app = fs::read_to_string(root.join(".workspace"))
        .ok()
        .and_then(|text| {
            text.lines().find_map(|l| {
                l.strip_prefix("application:")
                    .map(|v| v.trim().trim_matches(['"', '\'']).to_owned())
            })
        })
        .or_else(|| {
            fs::canonicalize(&args.dir)
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        });
    let input = twinform::import::copilot::Input {
        source: format!("{}/", root.display()),
        manifests: manifests.clone(),
        app,
        environments,
        account: args.account.clone(),
        region: args.region.clone(),
    };
    let result = twinform::import::copilot::import(&input);
    finish(result, &manifests, &args.out, args.message_format)
}

fn run_compose(args: &ComposeArgs) -> Result<ExitStatus> {
    let mut files = Vec::new();
    for path in &args.files {
        let (name, text) = read_spec(path)?;
        files.push(File { name, text });
    }
    let first = &args.files[0];
    let dir = first
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let project = fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()));
    // `.env` beside the first file, overridden by the process environment (Compose's order).
    let mut vars: BTreeMap<String, String> = match fs::read_to_string(dir.join(".env")) {
        Ok(text) => compose::parse_dotenv(&text).into_iter().collect(),
        Err(_) => BTreeMap::new(),
    };
    vars.extend(std::env::vars());
    let read_env_file = |path: &str| -> Result<String, String> {
        fs::read_to_string(dir.join(path)).map_err(|e| reason(&e))
    };
    let input = compose::Input {
        files: files.clone(),
        vars,
        project,
        read_env_file: &read_env_file,
    };
    finish(
        compose::import(&input),
        &files,
        &args.out,
        args.message_format,
    )
}

/// Reports the import's diagnostics and writes the spec when there were no errors and it passes
/// check.
fn finish(
    result: Result<compose::Imported, Vec<FileDiagnostic>>,
    files: &[File],
    out: &Path,
    format: MessageFormat,
) -> Result<ExitStatus> {
    let name = files.first().map_or("", |f| f.name.as_str());
    let imported = match result {
        Ok(imported) => imported,
        Err(diagnostics) => {
            render(&diagnostics, files, format);
            let (errors, warnings) = counts(&flat(&diagnostics));
            human_line_format(
                format,
                &format!("{name}: {}; nothing written", tally(errors, warnings)),
            );
            return Ok(ExitStatus::SpecErrors);
        }
    };
    render(&imported.diagnostics, files, format);
    // The written spec must pass check (every environment): a failure here is an importer bug,
    // and nothing is written.
    let shown = out.display().to_string();
    let envs =
        std::iter::once(None).chain(imported.spec.environments.keys().map(|e| Some(e.as_str())));
    for env in envs {
        let checked = twinform::check_source(&shown, &imported.text, env);
        if diag::has_errors(&checked.diagnostics) {
            let source = diag::render::Source {
                name: &shown,
                text: &imported.text,
            };
            stderr(&diag::render::plain(&checked.diagnostics, source));
            anyhow::bail!(
                "the imported spec does not pass check (a twinform bug; please report it with the imported files); nothing written"
            );
        }
    }
    let (_, warnings) = counts(&flat(&imported.diagnostics));
    if out.as_os_str() == "-" {
        stdout(imported.text.as_bytes())?;
        return Ok(ExitStatus::Ok);
    }
    super::write_new(
        out,
        &imported.text,
        "twinform import never overwrites a file (use --out)",
    )?;
    human_line_format(
        format,
        &format!(
            "wrote {shown}{}; next: twinform check {shown}, then twinform synth {shown}",
            warnings_suffix(warnings)
        ),
    );
    Ok(ExitStatus::Ok)
}

/// A closing line for people; machine formats carry only the diagnostics.
fn human_line_format(format: MessageFormat, line: &str) {
    if format == MessageFormat::Human {
        stderr(&format!("{line}\n"));
    }
}

fn flat(diagnostics: &[FileDiagnostic]) -> Vec<Diagnostic> {
    diagnostics.iter().map(|d| d.diagnostic.clone()).collect()
}

/// Each file's diagnostics, rendered against that file's text.
fn render(diagnostics: &[FileDiagnostic], files: &[File], format: MessageFormat) {
    for (index, file) in files.iter().enumerate() {
        let mut own: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.file == index)
            .map(|d| d.diagnostic.clone())
            .collect();
        if own.is_empty() {
            continue;
        }
        diag::normalize(&mut own);
        let source = diag::render::Source {
            name: &file.name,
            text: &file.text,
        };
        match format {
            MessageFormat::Human => stderr(&diag::render::human(&own, source, super::use_color())),
            MessageFormat::Json => stderr(&diag::render::json_lines(&own, source)),
            MessageFormat::Github => {
                let _ = stdout(diag::render::github(&own, source).as_bytes());
            }
        }
    }
}
