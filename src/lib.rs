//! twinform: one spec of containerized services → CloudFormation for ECS on Fargate and
//! Kubernetes manifests for EKS on Fargate.
//!
//! # Architecture
//!
//! One direction, each stage its own module (see ARCHITECTURE.md):
//!
//! ```text
//! TOML text ─ spec::load ─▶ Spec (+ spans, unknown keys)     builder::App ─▶ TOML text
//! Spec ─ check ─▶ CheckedSpec | Vec<Diagnostic>
//! CheckedSpec ─ model::lower ─▶ Model
//! Model ─ emit::cloudformation ─▶ Template    Model ─ emit::kubernetes ─▶ Vec<KubeObject>
//! Template, objects ─ output ─▶ FileSet (path → bytes)
//! FileSet, diagnostics ─ cli (binary only) ─▶ disk, stderr, exit code
//! ```
//!
//! Architecture Invariant: the library does no I/O — no `std::fs`, `std::env`, clocks or
//! printing outside `src/cli/`, which belongs to the binary.

// The public surface: the builder, the spec types, checking and synthesis with their options
// and results, diagnostics, the resolved model, the cost envelope, and review (diff, summary).
pub mod builder;
/// The monthly cost envelope of an environment (`twinform cost`).
pub mod cost;
pub mod diag;
pub mod model;
pub mod parity;
pub mod review;
pub mod spec;

// Internals, public for the binary, the tests and the benchmarks; not a stable API.
#[doc(hidden)]
pub mod arn;
#[doc(hidden)]
pub mod calls;
#[doc(hidden)]
pub mod check;
#[doc(hidden)]
pub mod emit;
#[doc(hidden)]
pub mod fargate;
/// Importers from other tools (`twinform import compose`).
#[doc(hidden)]
pub mod import;
#[doc(hidden)]
pub mod load_balancers;
#[doc(hidden)]
pub mod names;
#[doc(hidden)]
pub mod output;
#[doc(hidden)]
pub mod policy;
#[doc(hidden)]
pub mod quotas;
#[doc(hidden)]
pub mod routes;
#[doc(hidden)]
pub mod syntax;
#[doc(hidden)]
pub mod synthetic;

pub use output::{FileSet, Format, Provenance, Targets};

use diag::Diagnostic;
use spec::Located;
use std::collections::BTreeMap;

/// What to synthesize.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The environment overlay to apply (`--env`).
    pub env: Option<String>,
    pub targets: Targets,
    pub format: Format,
    /// Image overrides by service name (`--tag NAME=VALUE`): a `sha256:` value is a digest,
    /// anything else a tag. An unknown name is an error (TF052).
    pub tags: BTreeMap<String, String>,
    /// Where nested child templates will be uploaded (`--template-url-prefix`, an S3 URL ending
    /// in `/`): the default of the root's `TemplateUrlPrefix` parameter. Without it, a large
    /// output's `TemplateURL`s are file names for `aws cloudformation package`.
    pub template_url_prefix: Option<String>,
    /// The spec's path as recorded in every output file's provenance (a YAML comment, the
    /// templates' `Metadata`); the CLI gives it relative to the output directory. `None` leaves
    /// it out.
    pub source: Option<String>,
    /// `--strict-parity`: every parity exception ([`parity::report`]) is an error (TF043).
    pub strict_parity: bool,
}

/// The result of checking a spec: the model when it has no errors, every diagnostic either way,
/// and the located text the diagnostics point into.
#[derive(Debug, Clone)]
pub struct Checked {
    pub model: Option<model::Model>,
    pub diagnostics: Vec<Diagnostic>,
    pub located: Located,
}

/// Loads, checks and lowers a spec text named `name` (the path shown in diagnostics), with the
/// overlay `env`; [`check_with`] takes `--tag` overrides too.
pub fn check_source(name: &str, text: &str, env: Option<&str>) -> Checked {
    check_with(
        name,
        text,
        &Options {
            env: env.map(str::to_owned),
            ..Options::default()
        },
    )
}

/// [`check_source`] with everything of [`Options`] that checking reads: the overlay and the
/// image overrides (see [`Options::tags`]).
pub fn check_with(name: &str, text: &str, options: &Options) -> Checked {
    let (mut checked, others) = check_selected(name, text, options);
    // A patch may apply in one environment and not another (a resource only prod has): the
    // other environments' patch errors are reported too, as `check` does for its rules.
    if checked.diagnostics.iter().all(|d| !d.is_error()) {
        let mut found = Vec::new();
        for env in others.iter().take(check::MAX_ENVIRONMENT_PASSES) {
            let options = Options {
                env: Some(env.clone()),
                ..options.clone()
            };
            let (other, _) = check_selected(name, text, &options);
            for mut d in other.diagnostics {
                let patch_error =
                    matches!(d.code, diag::Code::PatchTarget | diag::Code::PatchFailed);
                if patch_error && d.is_error() {
                    d.message = format!("{} (in environment `{env}`)", d.message);
                    found.push(d);
                }
            }
        }
        if !found.is_empty() {
            checked.diagnostics.extend(found);
            diag::normalize(&mut checked.diagnostics);
            checked.model = None;
        }
    }
    checked
}

/// [`check_with`] for the selected environment alone; and the other environments whose output
/// has patches to verify (none when the spec has no `[[patches]]`).
fn check_selected(name: &str, text: &str, options: &Options) -> (Checked, Vec<String>) {
    let loaded = spec::load(name, text, options.env.as_deref());
    let located = loaded.located.clone();
    let (checked, mut diagnostics) = check::check_with_tags(loaded, &options.tags);
    let origins = checked
        .as_ref()
        .map(|c| spec::patches::origins(c.spec(), located.env()))
        .unwrap_or_default();
    let others: Vec<String> = checked
        .as_ref()
        .filter(|c| {
            !c.spec().patches.is_empty()
                || c.spec()
                    .environments
                    .values()
                    .any(|o| !o.patches.is_empty())
        })
        .map(|c| {
            c.spec()
                .environments
                .keys()
                .filter(|e| Some(e.as_str()) != located.env())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let mut model = match checked.map(model::lower) {
        Some(Ok(model)) => Some(model),
        Some(Err(unreadable)) => {
            diagnostics.extend(unreadable.iter().map(|u| unmodelled(u, &located)));
            diag::normalize(&mut diagnostics);
            None
        }
        None => None,
    };
    // `[[patches]]` are checked on the emitted documents: a target or path that is not there
    // is an error here, before anything is written.
    if let Some(m) = model.as_ref().filter(|m| !m.patches.is_empty()) {
        let nesting = emit::cloudformation::Nesting {
            url_prefix: options.template_url_prefix.clone(),
            extension: options.format.extension(),
        };
        let findings = output::patch::verify(m, &nesting);
        diagnostics.extend(output::patch::diagnostics(m, &findings, &origins, &located));
        diag::normalize(&mut diagnostics);
        if diag::has_errors(&diagnostics) {
            model = None;
        }
    }
    if let Some(m) = model.as_ref().filter(|_| options.strict_parity) {
        let report = parity::report(m, located.env());
        if !report.equivalent {
            diagnostics.extend(parity::strict_diagnostics(&report, &located, &origins));
            diag::normalize(&mut diagnostics);
            model = None;
        }
    }
    let checked = Checked {
        model,
        diagnostics,
        located,
    };
    (checked, others)
}

/// TF099: a value check accepted that the model cannot hold — a disagreement between check and
/// lower, reported where the value is rather than emitted as a guess.
fn unmodelled(unreadable: &model::Unreadable, located: &spec::Located) -> Diagnostic {
    let path: Vec<&str> = unreadable.path.iter().map(String::as_str).collect();
    Diagnostic::new(
        diag::Code::Unmodelled,
        format!(
            "`{}` passed check but the model cannot hold it",
            unreadable.path.join(".")
        ),
    )
    .at(
        located.best(&path),
        format!("expected {}", unreadable.expected),
    )
    .help("this is a twinform bug: nothing was written; please report it with this spec")
}

/// A spec resolved for one environment (`twinform show`): the overlay merged, the defaults
/// written out, as spec text; and the warnings.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub spec: spec::Spec,
    /// `spec` as TOML (a valid spec: it synthesizes to the same output).
    pub text: String,
    pub checked: Checked,
}

/// Loads and checks a spec text, and resolves it for `env` (see [`Resolved`]); a spec with
/// errors comes back as from [`check_source`].
#[allow(clippy::result_large_err)]
pub fn resolve_source(name: &str, text: &str, options: &Options) -> Result<Resolved, Checked> {
    let loaded = spec::load(name, text, options.env.as_deref());
    let located = loaded.located.clone();
    let (checked, diagnostics) = check::check_with_tags(loaded, &options.tags);
    let checked_spec = checked.map(|c| spec::resolve::with_defaults(c.spec().clone()));
    let checked = Checked {
        model: None,
        diagnostics,
        located,
    };
    match checked_spec {
        Some(spec) => Ok(Resolved {
            text: builder::to_toml(&spec),
            spec,
            checked,
        }),
        None => Err(checked),
    }
}

/// A successful synthesis: every output file, and the warnings.
#[derive(Debug, Clone)]
pub struct Synthesis {
    pub files: FileSet,
    pub checked: Checked,
}

/// Synthesizes every output file of a spec text, or returns the checked spec with its errors.
// The error side is the ordinary "spec has errors" outcome, returned once per run; boxing it
// would only make callers' pattern matches noisier.
#[allow(clippy::result_large_err)]
pub fn synthesize(name: &str, text: &str, options: &Options) -> Result<Synthesis, Checked> {
    let checked = check_with(name, text, options);
    match &checked.model {
        Some(model) => {
            let files = render(model, options);
            Ok(Synthesis { files, checked })
        }
        None => Err(checked),
    }
}

/// The output files of a checked `model` (see [`check_with`]): what [`synthesize`] returns.
pub fn render(model: &model::Model, options: &Options) -> FileSet {
    output::render(
        model,
        options.targets,
        options.format,
        options.template_url_prefix.as_deref(),
        &provenance(options),
    )
}

/// The output files of a checked `model` (see [`check_with`]), handed to `sink` one at a time
/// as each is serialized (in no set order, from two threads for a large spec), so that the
/// binary writes them to disk without holding the whole output: the same files and bytes as
/// [`synthesize`]'s `FileSet`.
pub fn render_each(
    model: &model::Model,
    options: &Options,
    sink: &(dyn Fn(String, Vec<u8>) + Sync),
) {
    output::render_each(
        model,
        options.targets,
        options.format,
        options.template_url_prefix.as_deref(),
        &provenance(options),
        sink,
    );
}

fn provenance(options: &Options) -> Provenance {
    Provenance {
        spec: options.source.clone(),
        env: options.env.clone(),
        tags: options.tags.clone(),
    }
}

/// Synthesizes a spec built in Rust (see [`builder`]): it is rendered to spec text and goes
/// through the same pipeline as a file, so both forms give byte-identical output.
/// [`synthesize_app`] also reports each diagnostic at the builder call that caused it.
#[allow(clippy::result_large_err)]
pub fn synthesize_spec(spec: &spec::Spec, options: &Options) -> Result<Synthesis, Checked> {
    synthesize(&builder_name(spec), &builder::to_toml(spec), options)
}

/// The name diagnostics give the text a builder rendered: `<builder:APP>`.
fn builder_name(spec: &spec::Spec) -> String {
    let app = spec
        .app
        .as_ref()
        .and_then(|a| a.name.as_deref())
        .unwrap_or("app");
    format!("<builder:{app}>")
}

/// Checks an app made with the [`builder`]: as [`check_with`], and every diagnostic carries the
/// builder call that wrote its culprit (`Diagnostic::set_by`), which the renderers show as
/// the location.
pub fn check_app(app: &builder::App, options: &Options) -> Checked {
    let mut checked = check_with(&builder_name(app.spec()), &app.to_toml(), options);
    app.attribute(&mut checked.diagnostics, &checked.located);
    checked
}

/// Synthesizes an app made with the [`builder`], its diagnostics located as in [`check_app`].
#[allow(clippy::result_large_err)]
pub fn synthesize_app(app: &builder::App, options: &Options) -> Result<Synthesis, Checked> {
    let mut result = synthesize(&builder_name(app.spec()), &app.to_toml(), options);
    let checked = match &mut result {
        Ok(synthesis) => &mut synthesis.checked,
        Err(checked) => checked,
    };
    app.attribute(&mut checked.diagnostics, &checked.located);
    result
}

#[cfg(test)]
mod tests {
    /// TF099 names the key and points at it, so a check/lower disagreement is reported where
    /// the value is written, as an error (nothing is written).
    #[test]
    fn an_unmodelled_value_is_a_located_error() {
        let text = "[app]\nname = \"shop\"\n\n[services.api]\nimage = \"a/b:1\"\nport = 70000\n";
        let loaded = crate::spec::load("t.toml", text, None);
        let unreadable = crate::model::Unreadable {
            path: vec!["services".into(), "api".into(), "port".into()],
            expected: "a number in the range check allows",
        };
        let d = super::unmodelled(&unreadable, &loaded.located);
        assert_eq!(d.code.as_str(), "TF099");
        assert!(d.is_error());
        let span = d.primary.expect("located").span;
        assert_eq!(&text[span], "70000");
    }
}
