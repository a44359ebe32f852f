//! `twinform import copilot DIR`: AWS Copilot service manifests (`copilot/*/manifest.yml`) → a
//! twinform spec, with each manifest's `environments:` overrides as `[environments.NAME]`
//! overlays. Sources: <https://aws.github.io/copilot-cli/docs/manifest/lb-web-service/>,
//! <https://aws.github.io/copilot-cli/docs/manifest/backend-service/>,
//! <https://aws.github.io/copilot-cli/docs/manifest/worker-service/>.
//!
//! Copilot applies an environment's overrides on top of the manifest; here each service is
//! mapped once as written and once with each environment's overrides merged in, and the
//! overlay holds what differs.

mod job;
mod service;

use crate::diag::{Code, Diagnostic};
use crate::import::compose::{FileDiagnostic, Imported, Report, render, values};
use crate::import::yaml::{self, Node, Value};
use crate::spec::{App, Overlay, Patch, Spec};
use std::collections::{BTreeMap, BTreeSet};

pub use crate::import::compose::File;

/// Everything the importer reads, as data.
pub struct Input {
    /// The name shown for the workspace (`copilot/`) in the spec's header.
    pub source: String,
    /// The service manifests (`copilot/NAME/manifest.yml`), in name order.
    pub manifests: Vec<File>,
    /// The application name (`.workspace`'s `application:`), else the directory's.
    pub app: Option<String>,
    /// The environments found under `copilot/environments/`.
    pub environments: Vec<String>,
    /// With `region`: turns SSM parameter names into ARNs.
    pub account: Option<String>,
    pub region: Option<String>,
}

pub fn import(input: &Input) -> Result<Imported, Vec<FileDiagnostic>> {
    let mut report = Report::default();
    let mut parsed: Vec<(usize, Node)> = Vec::new();
    for (index, file) in input.manifests.iter().enumerate() {
        match yaml::parse(&file.text, index) {
            Ok(node) if matches!(node.value, Value::Map(_)) => parsed.push((index, node)),
            Ok(node) => report.push(
                &node.at,
                Diagnostic::new(
                    Code::ComposeInvalid,
                    format!("a manifest is a mapping, found {}", node.kind()),
                )
                .help("a Copilot manifest starts with `name:` and `type:`"),
            ),
            Err(error) => report.push(
                &crate::import::At {
                    file: index,
                    span: error.span,
                },
                Diagnostic::new(
                    Code::ComposeInvalid,
                    format!("not valid YAML: {}", error.message),
                )
                .help("fix the YAML of the manifest"),
            ),
        }
    }
    if report.has_errors() || parsed.is_empty() {
        if parsed.is_empty() && !report.has_errors() {
            report.diagnostics.push(FileDiagnostic {
                file: 0,
                diagnostic: Diagnostic::new(Code::ComposeInvalid, "no service manifests to import")
                    .help("Copilot keeps them in copilot/NAME/manifest.yml"),
            });
        }
        return Err(report.diagnostics);
    }
    let names: BTreeMap<String, String> = parsed
        .iter()
        .map(|(i, node)| {
            let name = node
                .get("name")
                .and_then(Node::scalar)
                .unwrap_or_else(|| input.manifests[*i].name.clone());
            (name.clone(), values::label(&name, 32))
        })
        .collect();
    let context = service::Context {
        input,
        names: &names,
    };
    let mut spec = Spec {
        app: Some(App {
            name: Some(values::label(input.app.as_deref().unwrap_or("app"), 20)),
            ..App::default()
        }),
        ..Spec::default()
    };
    let mut overlays: BTreeMap<String, Overlay> = input
        .environments
        .iter()
        .map(|e| (values::label(e, 63), Overlay::default()))
        .collect();
    let mut mapped = Vec::new();
    for (_, node) in &mut parsed {
        align_counts(node);
    }
    for (_, node) in &parsed {
        if node.get("type").and_then(Node::scalar).as_deref() == Some("Scheduled Job") {
            let manifest = node.get("name").and_then(Node::scalar).unwrap_or_default();
            let name = values::label(&manifest, 32);
            let job = job::map(&name, node, &mut report, true);
            if let Some(envs) = node.get("environments").filter(|e| !e.entries().is_empty()) {
                report.warn(
                    &envs.at,
                    Code::ComposeUnmapped,
                    format!("job `{name}`: environment overrides of a job are not imported"),
                    "write them under `[environments.NAME.jobs.NAME]`",
                );
            }
            spec.jobs.insert(name, job);
            continue;
        }
        if let Some((name, base)) = service::map(&context, node, &mut report, true) {
            mapped.push((name, node, base));
        }
    }
    let callable: BTreeSet<String> = mapped
        .iter()
        .filter(|(_, _, s)| s.port.is_some())
        .map(|(n, _, _)| n.clone())
        .collect();
    for (name, node, mut base) in mapped {
        base.calls = service::calls(&base, &name, &callable);
        for env in node
            .get("environments")
            .map(Node::entries)
            .unwrap_or_default()
        {
            let mut merged = (*node).clone();
            merge_override(&mut merged, &env.value);
            // Warnings about the overridden manifest were reported for the base already.
            let mut quiet = Report::default();
            let Some((_, mut effective)) = service::map(&context, &merged, &mut quiet, false)
            else {
                continue;
            };
            effective.calls = service::calls(&effective, &name, &callable);
            report.diagnostics.extend(
                quiet
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.diagnostic.is_error()),
            );
            let env_name = values::label(&env.key, 63);
            match service::difference(&base, &effective) {
                Ok(patch) => {
                    if patch != crate::spec::Service::default() {
                        overlays.entry(env_name).or_default().services.insert(name.clone(), Patch(patch));
                    } else {
                        overlays.entry(env_name).or_default();
                    }
                }
                Err(key) => report.warn(
                    &env.key_at,
                    Code::ComposeUnmapped,
                    format!("service `{name}`: the `{}` override of `{key}` cannot be an overlay", env.key),
                    "an overlay adds and changes keys but cannot remove one (`count` as a number in the manifest, a range in the environment): write the environment's setting by hand",
                ),
            }
        }
        spec.services.insert(name, base);
    }
    spec.environments = overlays;
    if report.has_errors() {
        return Err(report.diagnostics);
    }
    let text = render::render(&spec, &report.notes, &input.source, "copilot");
    Ok(Imported {
        spec,
        text,
        diagnostics: report.diagnostics,
    })
}

/// A fixed `count` in one place and a `range` in another cannot be an overlay (it would have to
/// remove `replicas`), so the fixed one is written as the range `N-N`: the same task count.
fn align_counts(node: &mut Node) {
    let is_range = |n: Option<&Node>| n.is_some_and(|c| matches!(c.value, Value::Map(_)));
    let any_env_range = node.get("environments").is_some_and(|envs| {
        envs.entries()
            .iter()
            .any(|e| is_range(e.value.get("count")))
    });
    let base_range = is_range(node.get("count"));
    let Value::Map(entries) = &mut node.value else {
        return;
    };
    for entry in entries.iter_mut() {
        if entry.key == "count" && !base_range && any_env_range {
            as_range(&mut entry.value);
        }
        if entry.key == "environments"
            && base_range
            && let Value::Map(envs) = &mut entry.value.value
        {
            {
                for env in envs.iter_mut() {
                    if let Value::Map(keys) = &mut env.value.value {
                        for key in keys.iter_mut().filter(|k| k.key == "count") {
                            as_range(&mut key.value);
                        }
                    }
                }
            }
        }
    }
}

/// `count: 3` → `count: {range: 3-3}`.
fn as_range(count: &mut Node) {
    if let Some(n) = count
        .scalar()
        .filter(|_| !matches!(count.value, Value::Map(_)))
    {
        let at = count.at.clone();
        count.value = Value::Map(vec![crate::import::yaml::Entry {
            key: "range".into(),
            key_at: at.clone(),
            value: Node::new(Value::Str(format!("{n}-{n}")), at),
        }]);
    }
}

/// An environment's overrides merged onto the manifest: mappings by key, anything else replaced
/// (Copilot's override rule).
fn merge_override(base: &mut Node, over: &Node) {
    match (&mut base.value, &over.value) {
        (Value::Map(entries), Value::Map(overs)) => {
            for o in overs {
                match entries.iter_mut().find(|e| e.key == o.key) {
                    Some(entry) => merge_override(&mut entry.value, &o.value),
                    None => entries.push(o.clone()),
                }
            }
        }
        _ => *base = over.clone(),
    }
}
