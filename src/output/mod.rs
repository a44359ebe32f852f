//! Serialization: emitted values → a `FileSet` (relative path → bytes), deterministic to the
//! byte. Pure: no file system. The YAML library sits behind `yaml.rs` alone.

mod yaml;

use crate::emit::{cloudformation, kubernetes};
use crate::model::Model;
use serde::Serialize;
use std::collections::BTreeMap;

/// Relative path (`cloudformation/template.yaml`) → file contents.
pub type FileSet = BTreeMap<String, Vec<u8>>;

/// The CloudFormation output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Yaml,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
        }
    }
}

/// Which output trees to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    pub cloudformation: bool,
    pub kubernetes: bool,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            cloudformation: true,
            kubernetes: true,
        }
    }
}

/// JSON, two-space indented, with a trailing newline.
pub fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_default();
    out.push(b'\n');
    out
}

/// One value as a YAML document.
pub fn to_yaml<T: Serialize>(value: &T) -> Vec<u8> {
    yaml::document(value)
}

fn cloudformation_bytes<T: Serialize>(value: &T, format: Format) -> Vec<u8> {
    compact(match format {
        Format::Yaml => to_yaml(value),
        Format::Json => to_json(value),
    })
}

/// Gives back the spare capacity of a grown buffer: the whole output is held until written, and
/// doubling growth can leave up to half of each file's allocation unused.
fn compact(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.shrink_to_fit();
    bytes
}

/// Services from which the two targets are rendered on two threads.
const PARALLEL_FROM: usize = 20;

/// Every output file of `model` for the chosen targets. `template_url_prefix` is where nested
/// child templates will be uploaded (`--template-url-prefix`), when the output needs them.
///
/// The two targets are built and serialized on two threads: serialization is most of a large
/// spec's synthesis time, and both halves are pure, so the bytes are the same either way.
pub fn render(
    model: &Model,
    targets: Targets,
    format: Format,
    template_url_prefix: Option<&str>,
) -> FileSet {
    let cloudformation = || {
        targets
            .cloudformation
            .then(|| cloudformation_files(model, format, template_url_prefix))
    };
    let kubernetes = || {
        if targets.kubernetes {
            kubernetes_files(model, format)
        } else {
            FileSet::new()
        }
    };
    // A thread costs more than it saves on a small spec.
    if model.services.len() < PARALLEL_FROM {
        let mut files = kubernetes();
        files.extend(cloudformation().into_iter().flatten());
        return files;
    }
    // The manifests (the larger half) on this thread, so they reuse the memory `check` freed.
    let (mut files, cloudformation) = std::thread::scope(|scope| {
        let handle = scope.spawn(cloudformation);
        let kubernetes = kubernetes();
        let cloudformation = handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (kubernetes, cloudformation)
    });
    files.extend(cloudformation.into_iter().flatten());
    files
}

fn cloudformation_files(
    model: &Model,
    format: Format,
    template_url_prefix: Option<&str>,
) -> FileSet {
    let ext = format.extension();
    let nesting = cloudformation::Nesting {
        url_prefix: template_url_prefix.map(str::to_owned),
        extension: ext,
    };
    let stacks = cloudformation::stacks(model, &nesting);
    let mut files = FileSet::new();
    files.insert(
        format!("cloudformation/template.{ext}"),
        cloudformation_bytes(&stacks.root, format),
    );
    // By value: each child is dropped once serialized, which keeps the peak memory of a large
    // spec near the size of its output rather than output plus templates.
    for (stem, child) in stacks.children {
        files.insert(
            format!("cloudformation/{stem}.template.{ext}"),
            cloudformation_bytes(&child, format),
        );
    }
    files
}

/// The manifests, and the EKS Fargate-profile template (which belongs to this target).
fn kubernetes_files(model: &Model, format: Format) -> FileSet {
    let mut files = FileSet::new();
    if let Some(eks) = cloudformation::eks_fargate_template(model) {
        files.insert(
            format!("cloudformation/eks-fargate.template.{}", format.extension()),
            cloudformation_bytes(&eks, format),
        );
    }
    // One file's objects at a time: serialized, then dropped.
    kubernetes::each_file(model, |name, objects| {
        files.insert(
            format!("kubernetes/{name}"),
            compact(yaml::documents(&objects)),
        );
    });
    files
}
