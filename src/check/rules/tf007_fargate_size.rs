//! [`Code::FargateSize`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF007`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::fargate;
use crate::spec::defaults;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        // A size written with the wrong type is TF002's; judging its default would blame a value
        // the user did not choose.
        if cx.invalid(&["services", name, "cpu"]) || cx.invalid(&["services", name, "memory"]) {
            continue;
        }
        let cpu = service.cpu.unwrap_or(defaults::CPU);
        let memory = service.memory.unwrap_or(defaults::MEMORY);
        if fargate::is_valid(cpu, memory) {
            continue;
        }
        let cpu_span = service
            .cpu
            .and_then(|_| cx.value(&["services", name, "cpu"]));
        let memory_span = service
            .memory
            .and_then(|_| cx.value(&["services", name, "memory"]));
        let defaulted = match (service.cpu, service.memory) {
            (None, _) => format!(" (cpu defaults to {})", defaults::CPU),
            (_, None) => format!(" (memory defaults to {})", defaults::MEMORY),
            _ => String::new(),
        };
        let mut d = Diagnostic::new(
            Code::FargateSize,
            format!(
                "service `{name}`: cpu = {cpu}, memory = {memory} is not a Fargate size{defaulted}"
            ),
        );
        // Blame the value that is wrong on its own: a CPU no tier has, else the memory (so a
        // memory set in an overlay is reported at the overlay's line).
        let cpu_is_a_tier = fargate::sizes().any(|(c, _)| i64::from(c) == cpu);
        d = match (cpu_span, memory_span) {
            (Some(c), Some(m)) if cpu_is_a_tier => d
                .at(Some(m), "not a valid pair")
                .also(Some(c), "with this cpu"),
            (Some(c), m) => d
                .at(Some(c), "not a valid pair")
                .also(m, "with this memory"),
            (None, Some(m)) => d.at(Some(m), "not a valid pair"),
            (None, None) => d.at(cx.service_key(name), "not a valid pair"),
        };
        d = match fargate::smallest_at_least(cpu, memory) {
            Some((c, m)) => {
                // i128: the requested values are any i64, so the difference may not fit one.
                let mut grow = Vec::new();
                if i64::from(c) > cpu {
                    grow.push(format!("+{} CPU units", i128::from(c) - i128::from(cpu)));
                }
                if i64::from(m) > memory {
                    grow.push(format!("+{} MiB", i128::from(m) - i128::from(memory)));
                }
                let grow = if grow.is_empty() { String::new() } else { format!("; {}", grow.join(", ")) };
                d.help(format!("smallest valid size ≥ both: cpu = {c}, memory = {m} ({}{grow})", size(c, m)))
            }
            None => d.help("no Fargate size is that large: the largest is cpu = 16384, memory = 122880 (16 vCPU, 120 GiB)"),
        };
        if let Some((c, m)) = fargate::largest_at_most(cpu, memory) {
            d = d.help(format!(
                "nearest smaller valid size: cpu = {c}, memory = {m} ({})",
                size(c, m)
            ));
        }
        out.push(d);
    }
}

/// `0.5 vCPU, 1 GiB`
fn size(cpu: u32, memory: u32) -> String {
    format!(
        "{} vCPU, {} GiB",
        f64::from(cpu) / 1024.0,
        f64::from(memory) / 1024.0
    )
}
