//! The containers beside the app: sidecars (running with it) and init containers (run to
//! completion before it), each with its own scratch volume.

use super::TMP_VOLUME;
use std::collections::BTreeMap;

/// A container beside the app in the same task/pod, secured like the app container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sidecar {
    pub name: String,
    /// The full reference, as for [`Service::image`](super::Service::image).
    pub image: String,
    /// CPU units and MiB reserved for it out of the service's size.
    pub cpu: u32,
    pub memory: u32,
    pub essential: bool,
    pub env: BTreeMap<String, String>,
    pub command: Option<Vec<String>>,
}

impl Sidecar {
    /// The sidecar's own volume at [`TMP_MOUNT`](super::TMP_MOUNT), so it never shares scratch
    /// files with the app: the same name on both targets.
    pub fn tmp_volume(&self) -> String {
        format!("{TMP_VOLUME}-{}", self.name)
    }
}

/// A container run to completion, in spec order, before the app and the sidecars start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitContainer {
    pub name: String,
    /// The full reference, as for [`Service::image`](super::Service::image).
    pub image: String,
    /// The app's `env` with the init container's own on top; the app's `secrets` come too.
    pub env: BTreeMap<String, String>,
    pub command: Option<Vec<String>>,
}

impl InitContainer {
    /// Its own volume at [`TMP_MOUNT`](super::TMP_MOUNT) (container names are unique in a
    /// service, so this is).
    pub fn tmp_volume(&self) -> String {
        format!("{TMP_VOLUME}-{}", self.name)
    }
}
