//! Reading generated files back for comparison: CloudFormation resources by logical ID and
//! Kubernetes objects by kind/namespace/name.
//!
//! Outputs are compared as parsed documents (`serde_json::Value`), because a diff must read any
//! earlier output — even one written by another twinform version — not only what the current
//! model can express. Nothing here feeds an emitter.

use crate::FileSet;
use serde_json::Value;
use std::collections::BTreeMap;

/// Every resource and object found in a file set, keyed for matching.
#[derive(Debug, Default)]
pub struct Inventory {
    /// `template/LogicalId` (the file stem under `cloudformation/`) → (resource type, resource document).
    pub cloudformation: BTreeMap<String, (String, Value)>,
    /// `Kind/namespace/name` → (kind, object document).
    pub kubernetes: BTreeMap<String, (String, Value)>,
    /// `template/OutputName` → the output's `Value` expression (nested stacks pass values
    /// through outputs).
    pub outputs: BTreeMap<String, Value>,
}

/// A file that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub path: String,
    pub message: String,
}

fn parse_documents(path: &str, bytes: &[u8]) -> Result<Vec<Value>, ParseError> {
    let error = |message: String| ParseError {
        path: path.to_owned(),
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| error(format!("not UTF-8: {e}")))?;
    if path.ends_with(".json") {
        serde_json::from_str(text)
            .map(|v| vec![v])
            .map_err(|e| error(e.to_string()))
    } else {
        serde_saphyr::from_multiple::<Value>(text).map_err(|e| error(e.to_string()))
    }
}

/// `cloudformation/template.yaml` → `cloudformation/template`: JSON and YAML forms match.
fn stem(path: &str) -> &str {
    path.rsplit_once('.').map_or(path, |(stem, _)| stem)
}

/// Reads every file of a set into an inventory.
pub fn inventory(files: &FileSet) -> Result<Inventory, ParseError> {
    let mut out = Inventory::default();
    for (path, bytes) in files {
        let documents = parse_documents(path, bytes)?;
        if path.starts_with("cloudformation/") {
            for document in documents {
                let template = stem(path).trim_start_matches("cloudformation/");
                for (name, output) in document
                    .get("Outputs")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    let value = output.get("Value").cloned().unwrap_or_default();
                    out.outputs.insert(format!("{template}/{name}"), value);
                }
                let resources = document
                    .get("Resources")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                for (id, resource) in resources {
                    let kind = resource
                        .get("Type")
                        .and_then(Value::as_str)
                        .unwrap_or("?")
                        .to_owned();
                    out.cloudformation
                        .insert(format!("{template}/{id}"), (kind, resource));
                }
            }
        } else {
            for document in documents.into_iter().filter(|d| !d.is_null()) {
                let kind = document
                    .get("kind")
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_owned();
                let meta = document.get("metadata");
                let field = |k: &str| {
                    meta.and_then(|m| m.get(k))
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                };
                // A kustomization has no metadata: its file name identifies it.
                let name = field("name")
                    .unwrap_or_else(|| path.rsplit('/').next().unwrap_or(path).to_owned());
                // `Kind/namespace/name`, or `Kind/name` for what has no namespace.
                let id = match field("namespace") {
                    Some(namespace) => format!("{kind}/{namespace}/{name}"),
                    None => format!("{kind}/{name}"),
                };
                out.kubernetes.insert(id, (kind, document));
            }
        }
    }
    Ok(out)
}
