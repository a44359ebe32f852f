//! `twinform diff` and `twinform summary`: read the two sides (specs or output directories),
//! hand them to the library's review module, print the result.

use super::args::{DiffFormat, MessageFormat, ReportFormat};
use super::plan::{Diff, Input};
use super::stderr;
use super::write::{self, MARKER};
use super::{ExitStatus, read_spec, report, stdout};
use anyhow::{Result, bail};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use twinform::model::Model;
use twinform::review::{self, SummaryInput};
use twinform::{FileSet, Format, Options, cost, parity};

/// One side of a comparison — its files, and its model when it is a spec — or the exit status
/// that ends the command (a spec with errors).
enum Side {
    Files(FileSet, Option<Box<Model>>),
    Failed(ExitStatus),
}

/// The change of the monthly cost range when both sides are specs whose Region the price table
/// covers; `None` otherwise (an output directory has no model to price).
fn cost_change(from: Option<&Model>, to: Option<&Model>, env: Option<&str>) -> Option<String> {
    let old = cost::estimate(from?, env).ok()?;
    let new = cost::estimate(to?, env).ok()?;
    Some(cost::render::change_line(&old, &new))
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
        Ok(synthesis) => Ok(Side::Files(
            synthesis.files,
            synthesis.checked.model.map(Box::new),
        )),
        Err(checked) => {
            report(&checked.diagnostics, &checked.located, MessageFormat::Human);
            stderr(&format!("{name}: the spec has errors; nothing compared\n"));
            Ok(Side::Failed(ExitStatus::SpecErrors))
        }
    }
}

pub fn run_diff(plan: &Diff) -> Result<ExitStatus> {
    let (from, from_model) = match side(&plan.from, plan.env.as_deref(), &BTreeMap::new())? {
        Side::Files(files, model) => (files, model),
        Side::Failed(status) => return Ok(status),
    };
    let (to, to_model) = match side(&plan.to, plan.env.as_deref(), &plan.tags)? {
        Side::Files(files, model) => (files, model),
        Side::Failed(status) => return Ok(status),
    };
    let parity = parity_changes(
        from_model.as_deref(),
        to_model.as_deref(),
        plan.env.as_deref(),
    );
    let mut diff = review::diff(&from, &to)
        .map_err(|e| anyhow::anyhow!("cannot parse {}: {}", e.path, e.message))?;
    if !diff.is_empty() {
        diff.cost = cost_change(
            from_model.as_deref(),
            to_model.as_deref(),
            plan.env.as_deref(),
        );
    }
    let mut text = match plan.format {
        DiffFormat::Text => review::render::text(&diff),
        DiffFormat::Markdown => review::render::markdown(&diff),
        DiffFormat::Json => review::render::json(&diff),
    };
    // JSON stays one document: `twinform parity --format json` on each side compares exactly.
    if !parity.is_empty() && plan.format != DiffFormat::Json {
        let markdown = plan.format == DiffFormat::Markdown;
        text.push_str(&parity_section(&parity, markdown));
    }
    stdout(text.as_bytes())?;
    Ok(if diff.is_empty() && parity.is_empty() {
        ExitStatus::Ok
    } else {
        ExitStatus::Differs
    })
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
    let model = synthesis
        .checked
        .model
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("internal: no model"))?;
    let diff_markdown = match diff_from {
        None => None,
        Some(path) => match side(path, input.env.as_deref(), &BTreeMap::new())? {
            Side::Files(old, old_model) => {
                let mut diff = review::diff(&old, &synthesis.files)
                    .map_err(|e| anyhow::anyhow!("cannot parse {}: {}", e.path, e.message))?;
                if !diff.is_empty() {
                    diff.cost =
                        cost_change(old_model.as_deref(), Some(model), input.env.as_deref());
                }
                let changes =
                    parity_changes(old_model.as_deref(), Some(model), input.env.as_deref());
                let mut markdown = review::render::markdown(&diff);
                if !changes.is_empty() {
                    markdown.push_str(&parity_section(&changes, true));
                }
                Some(markdown)
            }
            Side::Failed(status) => return Ok(status),
        },
    };
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

/// Parity exceptions a change adds or removes; none unless both sides are specs.
fn parity_changes(from: Option<&Model>, to: Option<&Model>, env: Option<&str>) -> Vec<String> {
    match (from, to) {
        (Some(from), Some(to)) => {
            parity::render::changes(&parity::report(from, env), &parity::report(to, env))
        }
        _ => Vec::new(),
    }
}

fn parity_section(changes: &[String], markdown: bool) -> String {
    let title = if markdown {
        "\n### Parity\n\n"
    } else {
        "\nParity\n"
    };
    let items: String = changes.iter().map(|c| format!("- {c}\n")).collect();
    format!("{title}{items}")
}

/// `twinform parity`: the spec's parity exceptions on stdout.
pub fn run_parity(input: &Input, format: ReportFormat) -> Result<ExitStatus> {
    let (name, text) = super::read_input(input)?;
    let checked = twinform::check_with(&name, &text, &input.options());
    let Some(model) = checked.model.as_ref() else {
        report(&checked.diagnostics, &checked.located, input.message_format);
        return Ok(ExitStatus::SpecErrors);
    };
    let parity = parity::report(model, input.env.as_deref());
    let out = match format {
        ReportFormat::Text => parity::render::text(&parity),
        ReportFormat::Markdown => parity::render::markdown(&parity),
        ReportFormat::Json => format!("{}\n", serde_json::to_string_pretty(&parity)?),
    };
    stdout(out.as_bytes())?;
    Ok(ExitStatus::Ok)
}

/// `twinform cost`: the spec checked and lowered for `--env`, its envelope printed.
pub fn run_cost(input: &Input, format: ReportFormat) -> Result<ExitStatus> {
    let (name, text) = super::read_input(input)?;
    let checked = twinform::check_with(&name, &text, &input.options());
    report(&checked.diagnostics, &checked.located, input.message_format);
    let Some(model) = &checked.model else {
        return Ok(ExitStatus::SpecErrors);
    };
    let estimate = cost::estimate(model, input.env.as_deref())
        .map_err(|no_prices| anyhow::anyhow!("{no_prices}"))?;
    let out = match format {
        ReportFormat::Text => cost::render::text(&estimate),
        ReportFormat::Markdown => cost::render::markdown(&estimate),
        ReportFormat::Json => cost::render::json(&estimate),
    };
    stdout(out.as_bytes())?;
    Ok(ExitStatus::Ok)
}
