//! The `.twinform` marker at the root of every output directory: it says the directory belongs
//! to twinform, and records how it was written, as a small TOML file:
//!
//! ```toml
//! # This directory is written by twinform (`twinform synth`) and replaced on every run: edit
//! # the spec, not these files. This file records how it was written.
//! version = "0.1.0"
//! spec = "../twinform.toml"          # relative to this directory
//! env = "prod"                       # absent: no overlay
//! tags = { api = "1.4.3" }           # --tag overrides
//! format = "yaml"                    # the CloudFormation format
//! targets = ["cloudformation", "kubernetes"]
//! files = ["cloudformation/template.yaml", "kubernetes/api.yaml", …]
//! ```
//!
//! `files` is what twinform wrote, so a file someone else put there is noticed (and refused)
//! rather than deleted; `spec`, `env` and `tags` keep a later single `--target` run from mixing
//! two environments in one directory, and let `synth --check` say what the directory holds.
//! A marker of an older twinform (plain text) still marks the directory as owned.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The file name.
pub const MARKER: &str = ".twinform";

const HEADER: &str = "# This directory is written by twinform (`twinform synth`) and replaced on \
                      every run: edit\n# the spec, not these files. This file records how it \
                      was written.\n";

/// What a marker records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    pub version: String,
    /// The spec, relative to the output directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    pub format: String,
    pub targets: BTreeSet<String>,
    pub files: BTreeSet<String>,
}

impl Marker {
    /// The marker's text.
    pub fn to_text(&self) -> String {
        // A struct of strings, sets and a string map always serializes to TOML.
        let body = toml::to_string(self).expect("a marker always serializes to TOML");
        format!("{HEADER}{body}")
    }

    /// A marker's text read back; `None` for an older plain-text marker (or a damaged one),
    /// which still marks the directory as owned but records nothing.
    pub fn parse(text: &str) -> Option<Marker> {
        toml::from_str(text).ok()
    }

    /// Whether two runs describe the same deployment: same spec, environment and images.
    pub fn same_source(&self, other: &Marker) -> bool {
        (&self.spec, &self.env, &self.tags) == (&other.spec, &other.env, &other.tags)
    }

    /// `../twinform.toml --env prod --tag api=1.4.3`, for messages.
    pub fn describe(&self) -> String {
        let mut words = vec![self.spec.clone().unwrap_or_else(|| "a spec".into())];
        words.extend(self.env.iter().map(|e| format!("--env {e}")));
        words.extend(self.tags.iter().map(|(k, v)| format!("--tag {k}={v}")));
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_reads_back_and_an_old_one_is_recognized_as_nothing_recorded() {
        let marker = Marker {
            version: "0.1.0".into(),
            spec: Some("../twinform.toml".into()),
            env: Some("prod".into()),
            tags: BTreeMap::from([("api".into(), "1.4.3".into())]),
            format: "yaml".into(),
            targets: BTreeSet::from(["cloudformation".into(), "kubernetes".into()]),
            files: BTreeSet::from(["kubernetes/api.yaml".into()]),
        };
        let text = marker.to_text();
        assert!(text.starts_with("# This directory is written by twinform"));
        assert_eq!(Marker::parse(&text), Some(marker.clone()));
        assert_eq!(
            marker.describe(),
            "../twinform.toml --env prod --tag api=1.4.3"
        );
        let old = "This directory is written by twinform (`twinform synth`) and replaced on every \
                   run: edit the spec, not these files.\n";
        assert_eq!(Marker::parse(old), None);
    }
}
