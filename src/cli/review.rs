//! `twinform diff`, `twinform summary` and the report commands (`parity`, `cost`, `exposure`):
//! read the two sides (specs or output directories), hand them to the library, print the result.

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
use twinform::review::{self, SummaryInput, exposure_render};
use twinform::{FileSet, Format, Options, cost, parity};

/// One side of a comparison — its files, and its model when it is a spec (an output directory
/// has none) — or the exit status that ends the command (a spec with errors).
enum Side {
    Files(FileSet, Option<Box<Model>>),
    Failed(ExitStatus),
}

/// What two specs' models say beyond the resource diff: the cost change, the parity exceptions
/// added or removed, and the exposure sentences. Empty unless both sides are specs.
struct ModelChanges {
    cost: Option<String>,
    parity: Vec<String>,
    exposure: Option<Vec<String>>,
}

impl ModelChanges {
    fn between(from: Option<&Model>, to: Option<&Model>, env: Option<&str>) -> ModelChanges {
        let (Some(from), Some(to)) = (from, to) else {
            return ModelChanges {
                cost: None,
                parity: Vec::new(),
                exposure: None,
            };
        };
        let cost = match (cost::estimate(from, env), cost::estimate(to, env)) {
            (Ok(old), Ok(new)) => Some(cost::render::change_line(&old, &new)),
            _ => None,
        };
        let parity = parity::render::changes(&parity::report(from, env), &parity::report(to, env));
        let exposure = exposure_render::changes(&review::exposure(from), &review::exposure(to));
        ModelChanges {
            cost,
            parity,
            exposure: Some(exposure).filter(|s| !s.is_empty()),
        }
    }

    fn is_empty(&self) -> bool {
        self.parity.is_empty() && self.exposure.is_none()
    }

    /// The sections appended to a Markdown diff.
    fn markdown(&self) -> String {
        let mut out = exposure_markdown(self.exposure.as_deref());
        out.push_str(&parity_section(&self.parity, true));
        out
    }
}

/// The diff as JSON, with the exposure sentences and parity changes beside the changes.
#[derive(serde::Serialize)]
struct DiffJson<'a> {
    #[serde(flatten)]
    diff: &'a review::Diff,
    #[serde(skip_serializing_if = "Option::is_none")]
    exposure: Option<&'a [String]>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    parity: &'a [String],
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
    let changes = ModelChanges::between(
        from_model.as_deref(),
        to_model.as_deref(),
        plan.env.as_deref(),
    );
    let mut diff = review::diff(&from, &to)
        .map_err(|e| anyhow::anyhow!("cannot parse {}: {}", e.path, e.message))?;
    if !diff.is_empty() {
        diff.cost = changes.cost.clone();
    }
    let text = match plan.format {
        DiffFormat::Text => {
            let mut text = review::render::text(&diff);
            for sentence in changes.exposure.iter().flatten() {
                text.push_str(&format!("exposure: {sentence}\n"));
            }
            text.push_str(&parity_section(&changes.parity, false));
            text
        }
        DiffFormat::Markdown => review::render::markdown(&diff) + &changes.markdown(),
        DiffFormat::Json => {
            let json = DiffJson {
                diff: &diff,
                exposure: changes.exposure.as_deref(),
                parity: &changes.parity,
            };
            format!("{}\n", serde_json::to_string_pretty(&json)?)
        }
    };
    stdout(text.as_bytes())?;
    Ok(if diff.is_empty() && changes.is_empty() {
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

/// The parity exceptions a change adds or removes; empty when there are none.
fn parity_section(changes: &[String], markdown: bool) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let title = if markdown {
        "\n### Parity\n\n"
    } else {
        "\nParity\n"
    };
    let items: String = changes.iter().map(|c| format!("- {c}\n")).collect();
    format!("{title}{items}")
}

pub fn run_summary(input: &Input, diff_from: Option<&Path>) -> Result<ExitStatus> {
    let (name, text) = super::read_input(input)?;
    // JSON templates parse back (to count resources) several times faster than YAML; the
    // summary names no file, so the format shows nowhere.
    let options = Options {
        env: input.env.clone(),
        tags: input.tags.clone(),
        format: Format::Json,
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
                let changes =
                    ModelChanges::between(old_model.as_deref(), Some(model), input.env.as_deref());
                if !diff.is_empty() {
                    diff.cost = changes.cost.clone();
                }
                Some(review::render::markdown(&diff) + &changes.markdown())
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

/// Checks `input` for the report commands: its model, or the exit status (errors printed).
/// Warnings are printed too, as `check` prints them.
fn checked_model(input: &Input) -> Result<std::result::Result<Model, ExitStatus>> {
    let (name, text) = super::read_input(input)?;
    let checked = twinform::check_with(&name, &text, &input.options());
    report(&checked.diagnostics, &checked.located, input.message_format);
    Ok(checked.model.ok_or(ExitStatus::SpecErrors))
}

/// `twinform parity`: the spec's parity exceptions on stdout.
pub fn run_parity(input: &Input, format: ReportFormat) -> Result<ExitStatus> {
    let model = match checked_model(input)? {
        Ok(model) => model,
        Err(status) => return Ok(status),
    };
    let parity = parity::report(&model, input.env.as_deref());
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
    let model = match checked_model(input)? {
        Ok(model) => model,
        Err(status) => return Ok(status),
    };
    let estimate = cost::estimate(&model, input.env.as_deref())
        .map_err(|no_prices| anyhow::anyhow!("{no_prices}"))?;
    let out = match format {
        ReportFormat::Text => cost::render::text(&estimate),
        ReportFormat::Markdown => cost::render::markdown(&estimate),
        ReportFormat::Json => cost::render::json(&estimate),
    };
    stdout(out.as_bytes())?;
    Ok(ExitStatus::Ok)
}

/// `twinform exposure`: who can reach each service, on both targets.
pub fn run_exposure(input: &Input, format: ReportFormat) -> Result<ExitStatus> {
    let model = match checked_model(input)? {
        Ok(model) => model,
        Err(status) => return Ok(status),
    };
    let exposure = review::exposure(&model);
    let out = match format {
        ReportFormat::Text => exposure_render::text(&exposure, input.env.as_deref()),
        ReportFormat::Markdown => exposure_render::markdown(&exposure, input.env.as_deref()),
        ReportFormat::Json => exposure_render::json(&exposure),
    };
    stdout(out.as_bytes())?;
    Ok(ExitStatus::Ok)
}
