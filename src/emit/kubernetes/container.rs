//! What the pod's containers share, below `workload` and `sidecars`: sizes, the restricted
//! security context, and the `u32` → `i32` count conversion.

use k8s_openapi::api::core::v1::{Capabilities, ResourceRequirements, SecurityContext};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use std::collections::BTreeMap;

/// `cpu` (CPU units → millicores, rounded down so the pod never exceeds its size) and `memory`.
pub fn sized(cpu_units: u32, memory_mib: u32) -> BTreeMap<String, Quantity> {
    let cpu_millis = u64::from(cpu_units) * 1000 / 1024;
    BTreeMap::from([
        ("cpu".to_owned(), Quantity(format!("{cpu_millis}m"))),
        ("memory".to_owned(), Quantity(format!("{memory_mib}Mi"))),
    ])
}

pub fn requests_equal_limits(quantities: BTreeMap<String, Quantity>) -> ResourceRequirements {
    ResourceRequirements {
        requests: Some(quantities.clone()),
        limits: Some(quantities),
        ..Default::default()
    }
}

pub fn container_security_context() -> SecurityContext {
    SecurityContext {
        allow_privilege_escalation: Some(false),
        privileged: Some(false),
        read_only_root_filesystem: Some(true),
        run_as_non_root: Some(true),
        capabilities: Some(Capabilities {
            drop: Some(vec!["ALL".to_owned()]),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Counts in the model are `u32`; the API's are `i32`. Spec checks keep them far below the cap.
pub fn i32_of(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX) // tidy: not model data (saturates)
}
