//! [`Code::SidecarSize`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF055`; this file is how.
//!
//! The floors are [`MIN_APP_CPU`] and [`MIN_APP_MEMORY_MIB`].

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::fargate::{self, EKS_POD_OVERHEAD_MIB};
use crate::spec::defaults;

pub const MIN_APP_CPU: i64 = 128;
pub const MIN_APP_MEMORY_MIB: i64 = 256;
/// ECS's smallest container memory.
const MIN_SIDECAR_MEMORY_MIB: i64 = 6;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(sidecars) = service.sidecars.as_ref().filter(|s| !s.is_empty()) else {
            continue;
        };
        let mut sizes_ok = true;
        for (i, sidecar) in sidecars.iter().enumerate() {
            let index = i.to_string();
            for (key, value, min) in [
                ("cpu", sidecar.cpu, 1),
                ("memory", sidecar.memory, MIN_SIDECAR_MEMORY_MIB),
            ] {
                if let Some(v) = value.filter(|v| *v < min) {
                    sizes_ok = false;
                    out.push(
                        Diagnostic::new(
                            Code::SidecarSize,
                            format!("service `{name}`: sidecar `{key}` = {v} is too small"),
                        )
                        .at(
                            cx.value(&["services", name, "sidecars", &index, key]),
                            format!("at least {min}"),
                        )
                        .help("give the sidecar a positive share of the service's size"),
                    );
                }
            }
        }
        let cpu = service.cpu.unwrap_or(defaults::CPU);
        let memory = service.memory.unwrap_or(defaults::MEMORY);
        // A size of the wrong type (TF002) would be summed as its default.
        let known = !cx.service_keys_invalid(name, &["cpu", "memory", "sidecars"]);
        // An invalid size is TF007's; the sums are only meaningful on a valid one.
        if !sizes_ok || !known || !fargate::is_valid(cpu, memory) {
            continue;
        }
        let sidecar_cpu: i64 = sidecars
            .iter()
            .map(|s| s.cpu.unwrap_or(defaults::SIDECAR_CPU))
            // Saturating: the values are the user's, and any i64 parses (found by proptest).
            .fold(0, i64::saturating_add);
        let sidecar_memory: i64 = sidecars
            .iter()
            .map(|s| s.memory.unwrap_or(defaults::SIDECAR_MEMORY))
            .fold(0, i64::saturating_add);
        let app_cpu = cpu.saturating_sub(sidecar_cpu);
        let app_memory = memory
            .saturating_sub(sidecar_memory)
            .saturating_sub(i64::from(EKS_POD_OVERHEAD_MIB));
        if app_cpu >= MIN_APP_CPU && app_memory >= MIN_APP_MEMORY_MIB {
            continue;
        }
        let needed_cpu = sidecar_cpu.saturating_add(MIN_APP_CPU);
        let needed_memory = sidecar_memory
            .saturating_add(MIN_APP_MEMORY_MIB)
            .saturating_add(i64::from(EKS_POD_OVERHEAD_MIB));
        let suggestion = fargate::sizes()
            .find(|&(c, m)| i64::from(c) >= needed_cpu && i64::from(m) >= needed_memory)
            .map(|(c, m)| format!("the smallest size that fits is cpu = {c}, memory = {m}"))
            .unwrap_or_else(|| "no Fargate size fits them; shrink the sidecars".to_owned());
        out.push(
            Diagnostic::new(
                Code::SidecarSize,
                format!(
                    "service `{name}`: sidecars take {sidecar_cpu} CPU units and {sidecar_memory} MiB of {cpu}/{memory}, leaving the app {app_cpu} units and {app_memory} MiB"
                ),
            )
            .at(
                cx.key(&["services", name, "sidecars"]),
                format!(
                    "the app needs at least {MIN_APP_CPU} CPU units and {MIN_APP_MEMORY_MIB} MiB after {EKS_POD_OVERHEAD_MIB} MiB of EKS overhead"
                ),
            )
            .help(format!("raise the service's `cpu`/`memory` or shrink the sidecars: {suggestion}")),
        );
    }
}
