//! [`Code::JobSize`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF078`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::fargate;
use crate::spec::defaults;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, job) in &cx.spec.jobs {
        if cx.invalid(&["jobs", name, "cpu"]) || cx.invalid(&["jobs", name, "memory"]) {
            continue;
        }
        let cpu = job.cpu.unwrap_or(defaults::CPU);
        let memory = job.memory.unwrap_or(defaults::MEMORY);
        if fargate::is_valid(cpu, memory) {
            continue;
        }
        let at = job
            .memory
            .and_then(|_| cx.value(&["jobs", name, "memory"]))
            .or_else(|| job.cpu.and_then(|_| cx.value(&["jobs", name, "cpu"])))
            .or_else(|| cx.located.raw_key(&["jobs", name]));
        let d = Diagnostic::new(
            Code::JobSize,
            format!("job `{name}`: cpu = {cpu}, memory = {memory} is not a Fargate size"),
        )
        .at(at, "not a valid pair");
        out.push(match fargate::smallest_at_least(cpu, memory) {
            Some((c, m)) => d.help(format!(
                "smallest valid size ≥ both: cpu = {c}, memory = {m}"
            )),
            None => d.help("the largest Fargate size is cpu = 16384, memory = 122880"),
        });
    }
}
