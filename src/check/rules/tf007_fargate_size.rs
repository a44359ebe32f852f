//! TF007: a service's `cpu` and `memory` are not a Fargate task size.
//!
//! **What it does.** Checks the (cpu, memory) pair, defaults included, against the 74 sizes
//! Fargate offers. The help names the smallest valid size at least as large as both values and
//! the nearest smaller one (domain reference §1.3), with their distance from the request.
//!
//! **Why.** The pair is the billed size on both targets. It is never grown silently: the user
//! chooses between the two neighbours.
//!
//! **Example.**
//! ```toml
//! [services.auth]
//! cpu = 300             # error: cpu = 300, memory = 700 is not a Fargate size
//! memory = 700          # help: cpu = 512, memory = 1024 / cpu = 256, memory = 512
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::fargate;
use crate::spec::defaults;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let cpu = service.cpu.unwrap_or(defaults::CPU);
        let memory = service.memory.unwrap_or(defaults::MEMORY);
        if fargate::is_valid(cpu, memory) {
            continue;
        }
        // Point at the value that is wrong on its own: a CPU no tier has, else the memory.
        let cpu_is_a_tier = fargate::sizes().any(|(c, _)| i64::from(c) == cpu);
        let cpu_at = cx.located.value(&["services", name, "cpu"]);
        let memory_at = cx.located.value(&["services", name, "memory"]);
        let span = if cpu_is_a_tier {
            memory_at.or(cpu_at)
        } else {
            cpu_at.or(memory_at)
        };
        let span = span.or_else(|| cx.at(&["services", name, "cpu"]));
        let mut d = Diagnostic::new(
            Code::FargateSize,
            format!("service `{name}`: cpu = {cpu}, memory = {memory} is not a Fargate size"),
        )
        .at(span, "");
        d = match fargate::smallest_at_least(cpu, memory) {
            Some((c, m)) => {
                let growth = growth(
                    i64::from(c).saturating_sub(cpu),
                    i64::from(m).saturating_sub(memory),
                );
                d.help(format!(
                    "smallest valid size ≥ both: {}",
                    describe(c, m, &growth)
                ))
            }
            None => d.help(
                "smallest valid size ≥ both: none; Fargate's largest size is 16 vCPU, 120 GiB",
            ),
        };
        if let Some((c, m)) = fargate::largest_at_most(cpu, memory) {
            d = d.help(format!(
                "nearest smaller valid size: {}",
                describe(c, m, "")
            ));
        }
        out.push(d);
    }
}

/// `cpu = 512, memory = 1024 (0.5 vCPU, 1 GiB{extra})`.
fn describe(cpu: u32, memory: u32, extra: &str) -> String {
    format!(
        "cpu = {cpu}, memory = {memory} ({} vCPU, {} GiB{extra})",
        per_1024(cpu),
        per_1024(memory)
    )
}

/// `; +212 CPU units, +324 MiB`: how much larger the suggestion is; zero growths are left out.
fn growth(cpu: i64, memory: i64) -> String {
    let parts: Vec<String> = [(cpu, "CPU units"), (memory, "MiB")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("+{n} {unit}"))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("; {}", parts.join(", "))
    }
}

/// `n / 1024` as a short decimal: 256 → `0.25`, 512 → `0.5`, 3072 → `3`.
fn per_1024(n: u32) -> String {
    let hundredths = u64::from(n) * 100 / 1024;
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_text_matches_the_domain_reference() {
        assert_eq!(
            describe(512, 1024, &growth(512 - 300, 1024 - 700)),
            "cpu = 512, memory = 1024 (0.5 vCPU, 1 GiB; +212 CPU units, +324 MiB)"
        );
        assert_eq!(
            describe(256, 512, ""),
            "cpu = 256, memory = 512 (0.25 vCPU, 0.5 GiB)"
        );
        assert_eq!(growth(0, 1096), "; +1096 MiB");
        assert_eq!(per_1024(16384), "16");
        assert_eq!(per_1024(30720), "30");
    }
}
