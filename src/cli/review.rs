//! `twinform diff`, `twinform summary` and `twinform exposure`: read the two sides (specs or
//! output directories), hand them to the library's review module, print the result.

use super::args::{DiffFormat, MessageFormat};
use super::plan::{Diff, Input};
use super::stderr;
use super::write::{self, MARKER};
use super::{ExitStatus, read_spec, report, stdout};
use anyhow::{Result, bail};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use twinform::review::{self, Exposure, SummaryInput, exposure_render};
use twinform::{FileSet, Format, Options};

/// One side of a comparison — its files and, for a spec, its exposure (an output directory has
/// no model to derive it from) — or the exit status that ends the command (a spec with errors).
enum Side {
    Files(FileSet, Option<Exposure>),
    Failed(ExitStatus),
}

/// The exposure sentences of two sides, when both are specs.
fn exposure_changes(from: Option<&Exposure>, to: Option<&Exposure>) -> Option<Vec<String>> {
    Some(exposure_render::changes(from?, to?))
}

/// The diff as JSON, with the exposure sentences beside the changes.
#[derive(serde::Serialize)]
struct DiffJson<'a> {
    #[serde(flatten)]
    diff: &'a review::Diff,
    #[serde(skip_serializing_if = "Option::is_none")]
    exposure: Option<&'a [String]>,
}

/// Reads a side: a directory of earlier output, or a spec synthesized in memory (both targets,
/// YAML), with its diagnostics printed.
fn side(path: &Path, env: Option<&str>, tags: &BTreeMap<String, String>) -> Result<Side> {
    let meta = fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {}", path.display(), super::reason(&e)))?;
    if meta.is_dir() {
        if !tags.is_empty() {
            bail!(
                "--tag applies to a spec, and {} is a directory of output",
                path.display()
            );
        }
        let mut files = FileSet::new();
        for (rel, file) in write::list_files(path)? {
            if rel == MARKER
                || !(rel.starts_with("cloudformation/") || rel.starts_with("kubernetes/"))
            {
                continue;
            }
            let bytes = fs::read(&file).map_err(|e| {
                anyhow::anyhow!("cannot read {}: {}", file.display(), super::reason(&e))
            })?;
            files.insert(rel, bytes);
        }
        if files.is_empty() {
            bail!(
                "{} holds no twinform output (no cloudformation/ or kubernetes/ files)",
                path.display()
            );
        }
        return Ok(Side::Files(files, None));
    }
    let (name, text) = read_spec(path)?;
    // JSON parses back faster than YAML; sides are matched by file stem, so an output
    // directory written as YAML still compares with it.
    let options = Options {
        env: env.map(str::to_owned),
        format: Format::Json,
        tags: tags.clone(),
        ..Default::default()
    };
    match twinform::synthesize(&name, &text, &options) {
        Ok(synthesis) => {
            let exposure = synthesis.checked.model.as_ref().map(review::exposure);
            Ok(Side::Files(synthesis.files, exposure))
        }
        Err(checked) => {
            report(&checked.diagnostics, &checked.located, MessageFormat::Human);
            stderr(&format!("{name}: the spec has errors; nothing compared\n"));
            Ok(Side::Failed(ExitStatus::SpecErrors))
        }
    }
}

pub fn run_diff(plan: &Diff) -> Result<ExitStatus> {
    let (from, from_exposure) = match side(&plan.from, plan.env.as_deref(), &BTreeMap::new())? {
        Side::Files(files, exposure) => (files, exposure),
        Side::Failed(status) => return Ok(status),
    };
    let (to, to_exposure) = match side(&plan.to, plan.env.as_deref(), &plan.tags)? {
        Side::Files(files, exposure) => (files, exposure),
        Side::Failed(status) => return Ok(status),
    };
    let diff = review::diff(&from, &to)
        .map_err(|e| anyhow::anyhow!("cannot parse {}: {}", e.path, e.message))?;
    let sentences =
        exposure_changes(from_exposure.as_ref(), to_exposure.as_ref()).filter(|s| !s.is_empty());
    let text = match plan.format {
        DiffFormat::Text => {
            let mut text = review::render::text(&diff);
            for sentence in sentences.iter().flatten() {
                text.push_str(&format!("exposure: {sentence}\n"));
            }
            text
        }
        DiffFormat::Markdown => {
            let mut text = review::render::markdown(&diff);
            text.push_str(&exposure_markdown(sentences.as_deref()));
            text
        }
        DiffFormat::Json => {
            let mut text = serde_json::to_string_pretty(&DiffJson {
                diff: &diff,
                exposure: sentences.as_deref(),
            })
            .unwrap_or_default();
            text.push('\n');
            text
        }
    };
    stdout(text.as_bytes())?;
    Ok(if diff.is_empty() {
        ExitStatus::Ok
    } else {
        ExitStatus::Differs
    })
}

/// The Markdown section of exposure sentences; empty when there are none.
fn exposure_markdown(sentences: Option<&[String]>) -> String {
    match sentences {
        Some(sentences) if !sentences.is_empty() => {
            let mut out = String::from("\n#### Exposure\n\n");
            for sentence in sentences {
                out.push_str(&format!("- {sentence}\n"));
            }
            out
        }
        _ => String::new(),
    }
}

pub fn run_summary(input: &Input, diff_from: Option<&Path>) -> Result<ExitStatus> {
    let (name, text) = super::read_input(input)?;
    let options = Options {
        env: input.env.clone(),
        tags: input.tags.clone(),
        ..Default::default()
    };
    let synthesis = match twinform::synthesize(&name, &text, &options) {
        Ok(synthesis) => synthesis,
        Err(checked) => {
            report(&checked.diagnostics, &checked.located, input.message_format);
            return Ok(ExitStatus::SpecErrors);
        }
    };
    let diff_markdown = match diff_from {
        None => None,
        Some(path) => match side(path, input.env.as_deref(), &BTreeMap::new())? {
            Side::Files(old, old_exposure) => {
                let diff = review::diff(&old, &synthesis.files)
                    .map_err(|e| anyhow::anyhow!("cannot parse {}: {}", e.path, e.message))?;
                let new_exposure = synthesis.checked.model.as_ref().map(review::exposure);
                let sentences = exposure_changes(old_exposure.as_ref(), new_exposure.as_ref());
                Some(review::render::markdown(&diff) + &exposure_markdown(sentences.as_deref()))
            }
            Side::Failed(status) => return Ok(status),
        },
    };
    let model = synthesis
        .checked
        .model
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("internal: no model"))?;
    let warnings: Vec<_> = synthesis
        .checked
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .cloned()
        .collect();
    let markdown = review::summary(&SummaryInput {
        model,
        env: input.env.as_deref(),
        files: &synthesis.files,
        warnings: &warnings,
        diff_markdown,
    });
    stdout(markdown.as_bytes())?;
    Ok(ExitStatus::Ok)
}

/// `twinform exposure`: who can reach each service, on both targets; diagnostics as `check`
/// prints them.
pub fn run_exposure(input: &Input, format: DiffFormat) -> Result<ExitStatus> {
    let (name, text) = super::read_input(input)?;
    let checked = twinform::check_with(&name, &text, &input.options());
    report(&checked.diagnostics, &checked.located, input.message_format);
    let Some(model) = checked.model.as_ref() else {
        return Ok(ExitStatus::SpecErrors);
    };
    let exposure = review::exposure(model);
    let out = match format {
        DiffFormat::Text => exposure_render::text(&exposure, input.env.as_deref()),
        DiffFormat::Markdown => exposure_render::markdown(&exposure, input.env.as_deref()),
        DiffFormat::Json => exposure_render::json(&exposure),
    };
    stdout(out.as_bytes())?;
    Ok(ExitStatus::Ok)
}
