//! `twinform import compose`: Compose files (the Compose Specification,
//! <https://docs.docker.com/reference/compose-file/>) → a twinform spec.
//!
//! Steps: parse each file into a located YAML tree, interpolate its string values, normalize
//! and merge the files (`merge`), then map each service (`service`) and render the spec as
//! commented TOML (`render`). Keys that do not map are warnings located in the Compose file;
//! an invalid file gives errors and no spec.

pub(crate) mod calls;
mod interpolate;
mod merge;
pub(crate) mod render;
mod service;
pub(crate) mod service_health;
mod unmapped;
pub(crate) mod values;

use crate::diag::{Code, Diagnostic};
use crate::import::yaml::{self, At, Node, Value};
use crate::spec::{App, Spec};
use std::collections::BTreeMap;

/// One Compose file: the name shown in diagnostics (the path as given) and its text.
#[derive(Debug, Clone)]
pub struct File {
    pub name: String,
    pub text: String,
}

/// Everything the importer reads, as data.
pub struct Input<'a> {
    /// The `-f` files in order; later files override earlier ones.
    pub files: Vec<File>,
    /// Interpolation variables: `.env` beside the first file, overridden by the environment.
    pub vars: BTreeMap<String, String>,
    /// The project directory's name, the app name when the files name none.
    pub project: Option<String>,
    /// Reads an `env_file` (a path as written, relative to the first file's directory).
    pub read_env_file: &'a dyn Fn(&str) -> Result<String, String>,
}

/// A diagnostic in one of the input files (`file` indexes [`Input::files`]).
#[derive(Debug, Clone)]
pub struct FileDiagnostic {
    pub file: usize,
    pub diagnostic: Diagnostic,
}

/// A successful import.
#[derive(Debug, Clone)]
pub struct Imported {
    pub spec: Spec,
    /// The spec as formatted TOML with comments on the guessed values.
    pub text: String,
    pub diagnostics: Vec<FileDiagnostic>,
}

/// Collects diagnostics and comments while importing.
#[derive(Default)]
pub(crate) struct Report {
    pub diagnostics: Vec<FileDiagnostic>,
    /// Comments for the written spec, by key path (`["services", "api", "cpu"]`).
    pub notes: Vec<(Vec<String>, String)>,
}

impl Report {
    pub fn push(&mut self, at: &At, diagnostic: Diagnostic) {
        let diagnostic = diagnostic.at(Some(at.span.clone()), String::new());
        self.diagnostics.push(FileDiagnostic {
            file: at.file,
            diagnostic,
        });
    }

    pub fn warn(&mut self, at: &At, code: Code, message: String, help: impl Into<String>) {
        self.push(at, Diagnostic::new(code, message).help(help));
    }

    pub fn note(&mut self, path: &[&str], text: impl Into<String>) {
        self.notes
            .push((path.iter().map(|s| (*s).to_owned()).collect(), text.into()));
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.diagnostic.is_error())
    }
}

/// Top-level keys of the Compose Specification.
const TOP_LEVEL: &[&str] = &[
    "version", "name", "services", "networks", "volumes", "secrets", "configs", "include", "models",
];

/// Imports Compose files; `Err` holds the errors (and any warnings) when nothing can be written.
pub fn import(input: &Input<'_>) -> Result<Imported, Vec<FileDiagnostic>> {
    let mut report = Report::default();
    let mut merged: Option<Node> = None;
    for (index, file) in input.files.iter().enumerate() {
        let Some(mut root) = parse_file(file, index, &input.vars, &mut report) else {
            continue;
        };
        merge::normalize(&mut root);
        match &mut merged {
            None => merged = Some(root),
            Some(base) => merge::merge(base, root, &[]),
        }
    }
    let root = match merged {
        Some(root) if !report.has_errors() => root,
        _ => return Err(report.diagnostics),
    };
    let Some(services) = root.get("services").filter(|s| !s.entries().is_empty()) else {
        let at = root.at.clone();
        report.push(
            &at,
            Diagnostic::new(Code::ComposeInvalid, "no services to import")
                .help("a Compose file lists its containers under `services:`"),
        );
        return Err(report.diagnostics);
    };
    let app_name = root
        .get("name")
        .and_then(Node::scalar)
        .or_else(|| input.project.clone())
        .map_or_else(|| "app".to_owned(), |n| values::label(&n, 20));
    let mut spec = Spec {
        app: Some(App {
            name: Some(app_name),
            ..App::default()
        }),
        ..Spec::default()
    };
    spec.services = service::map_all(services, &root, input, &mut report);
    if spec.services.values().any(|s| s.route.is_some()) {
        report.note(&["app"], "No certificate in Compose: the load balancer serves plain HTTP. Add [ingress] certificate_arn\n(an ACM certificate) to serve HTTPS and redirect HTTP.");
    }
    if report.has_errors() {
        return Err(report.diagnostics);
    }
    let text = render::render(&spec, &report.notes, &input.files[0].name, "compose");
    Ok(Imported {
        spec,
        text,
        diagnostics: report.diagnostics,
    })
}

/// Parses, checks the top level and interpolates one file.
fn parse_file(
    file: &File,
    index: usize,
    vars: &BTreeMap<String, String>,
    report: &mut Report,
) -> Option<Node> {
    let at = |span| At { file: index, span };
    let mut root = match yaml::parse(&file.text, index) {
        Ok(root) => root,
        Err(error) => {
            report.push(
                &at(error.span),
                Diagnostic::new(
                    Code::ComposeInvalid,
                    format!("not valid YAML: {}", error.message),
                )
                .help("fix the YAML; `docker compose config` shows what Compose reads"),
            );
            return None;
        }
    };
    if !matches!(root.value, Value::Map(_)) {
        report.push(
            &root.at,
            Diagnostic::new(
                Code::ComposeInvalid,
                format!("a Compose file is a mapping, found {}", root.kind()),
            )
            .help("start with `services:`"),
        );
        return None;
    }
    for entry in root.entries() {
        if !TOP_LEVEL.contains(&entry.key.as_str()) && !entry.key.starts_with("x-") {
            report.push(
                &entry.key_at,
                Diagnostic::new(
                    Code::ComposeInvalid,
                    format!("`{}` is not a top-level key of the Compose Specification", entry.key),
                )
                .help("top-level keys are services, networks, volumes, secrets, configs, name and `x-` extensions; did you mean to indent it under a service?"),
            );
        }
    }
    if let Some(services) = root.get("services") {
        if !matches!(services.value, Value::Map(_) | Value::Null) {
            report.push(
                &services.at,
                Diagnostic::new(
                    Code::ComposeInvalid,
                    format!(
                        "`services` is a mapping of service names, found {}",
                        services.kind()
                    ),
                )
                .help("write `services:` then one indented `NAME:` per service"),
            );
        }
        for service in services.entries() {
            if !matches!(service.value.value, Value::Map(_)) {
                report.push(
                    &service.value.at,
                    Diagnostic::new(
                        Code::ComposeInvalid,
                        format!(
                            "service `{}` is {}, not a mapping",
                            service.key,
                            service.value.kind()
                        ),
                    )
                    .help("a service is a mapping with at least `image:`"),
                );
            }
        }
    }
    interpolate_tree(&mut root, vars, report, &[]);
    Some(root)
}

/// Interpolates every string value (not keys, not `x-` extensions' own use is the same).
fn interpolate_tree(
    node: &mut Node,
    vars: &BTreeMap<String, String>,
    report: &mut Report,
    unset_seen: &[String],
) {
    match &mut node.value {
        Value::Str(text) if text.contains('$') => {
            let mut unset = Vec::new();
            match interpolate::interpolate(text, vars, &mut unset) {
                Ok(value) => *text = value,
                Err(problem) => {
                    let (message, help) = match problem {
                        interpolate::Problem::Required { var, message } => (
                            format!("`{var}` is required: {message}"),
                            format!(
                                "set {var} in the environment or in .env beside the first Compose file"
                            ),
                        ),
                        interpolate::Problem::Syntax(message) => (
                            message,
                            "write `${VAR}`, `${VAR:-default}`, or `$$` for a literal `$`"
                                .to_owned(),
                        ),
                    };
                    let at = node.at.clone();
                    report.push(
                        &at,
                        Diagnostic::new(Code::ComposeInterpolation, message).help(help),
                    );
                    return;
                }
            }
            for var in unset.iter().filter(|v| !unset_seen.contains(v)) {
                report.warn(
                    &node.at,
                    Code::ComposeUnsetVariable,
                    format!("`{var}` is not set; it is replaced by an empty string"),
                    "set it in the environment or in .env beside the first Compose file, or write `${VAR:-default}`",
                );
            }
        }
        Value::Seq(items) => {
            for item in items {
                interpolate_tree(item, vars, report, unset_seen);
            }
        }
        Value::Map(entries) => {
            for entry in entries {
                interpolate_tree(&mut entry.value, vars, report, unset_seen);
            }
        }
        _ => {}
    }
}

/// Parses a `.env` / `env_file` text: `KEY=VALUE` lines, `#` comments, optional `export `,
/// single or double quotes around the value.
pub fn parse_dotenv(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let line = line.strip_prefix("export ").unwrap_or(line);
            let (key, value) = line.split_once('=')?;
            let value = value.trim();
            let unquoted = ['"', '\'']
                .iter()
                .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
                .map_or_else(
                    || {
                        value
                            .split(" #")
                            .next()
                            .unwrap_or_default()
                            .trim_end()
                            .to_owned()
                    },
                    str::to_owned,
                );
            Some((key.trim().to_owned(), unquoted))
        })
        .collect()
}
