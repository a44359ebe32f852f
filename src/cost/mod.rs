//! The monthly cost envelope of an environment, for both targets: every autoscaling range at
//! its `min` and at its `max` (fixed replicas otherwise), priced from the pinned table
//! ([`prices`]). Hours per month: 730, AWS's convention.
//!
//! What is counted, per target — what twinform's output creates or causes:
//! - ECS: each service's tasks at the task size (x86, ARM or Fargate Spot), ephemeral storage
//!   beyond the free 20 GiB, the ALBs twinform creates (none behind a shared listener), the NAT
//!   gateways of a VPC twinform creates, and the log key (KMS).
//! - EKS: each service's pods at the Fargate size their requests round up to (plus the 256 MiB
//!   Fargate adds), x86 on-demand (EKS on Fargate runs neither ARM nor Spot), the ALBs the AWS
//!   Load Balancer Controller creates for the Ingress groups; the cluster fee is shown apart,
//!   as twinform does not create the cluster.
//!
//! Not in the range, shown as assumptions: ALB LCUs and NAT data processing (traffic), and
//! scheduled jobs, priced per hour of run time (a schedule says when a job starts, not how
//! long it runs).
//!
//! Architecture Invariant: pure integer arithmetic on the model (nano-dollars, `i64`), so a
//! figure prints the same on every platform; no I/O.

mod prices;
pub mod render;

pub use prices::{Nanos, Rates, Table, parse_dollars};

use crate::fargate::{EKS_POD_OVERHEAD_MIB, smallest_at_least};
use crate::model::{Model, Nat, Network, Platform, Scaling, Service};
use serde::Serialize;

/// GiB of ephemeral storage every task and pod gets without charge.
pub const FREE_STORAGE_GIB: u32 = 20;

/// The two targets twinform writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Ecs,
    Eks,
}

impl Target {
    pub fn title(self) -> &'static str {
        match self {
            Target::Ecs => "ECS on Fargate",
            Target::Eks => "EKS on Fargate",
        }
    }
}

/// A monthly amount at the bottom and the top of every scaling range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Range {
    pub min: Nanos,
    pub max: Nanos,
}

impl Range {
    pub fn fixed(amount: Nanos) -> Range {
        Range {
            min: amount,
            max: amount,
        }
    }

    fn add(self, other: Range) -> Range {
        Range {
            min: self.min.saturating_add(other.min),
            max: self.max.saturating_add(other.max),
        }
    }

    /// `self − from`, end by end: what a change adds at the bottom and at the top.
    pub fn minus(self, from: Range) -> Range {
        Range {
            min: self.min.saturating_sub(from.min),
            max: self.max.saturating_sub(from.max),
        }
    }
}

/// One priced item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// What is billed (`service api`, `NAT gateways`).
    pub item: String,
    /// How it is counted (`2–10 × 0.5 vCPU / 1 GB, x86`).
    pub basis: String,
    pub monthly: Range,
}

/// One target's envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetCost {
    pub target: Target,
    /// Summed into `total`.
    pub lines: Vec<Line>,
    pub total: Range,
    /// Monthly, not in `total`: what twinform does not create (the EKS cluster fee).
    pub apart: Vec<Line>,
    /// Scheduled jobs: the cost of one hour of run time (`monthly` holds that hourly cost).
    pub jobs_per_run_hour: Vec<Line>,
}

/// The envelope of one environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub app: String,
    pub env: Option<String>,
    pub region: String,
    pub prices_date: String,
    /// Whether the Region's figures were checked by hand (see the table's `verification`).
    pub prices_verified: bool,
    pub targets: Vec<TargetCost>,
    /// Costs left out of the range, with their unit prices.
    pub assumptions: Vec<String>,
}

impl Estimate {
    pub fn target(&self, target: Target) -> Option<&TargetCost> {
        self.targets.iter().find(|t| t.target == target)
    }
}

/// The Region has no row in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoPrices {
    pub region: String,
    pub covered: Vec<String>,
    pub date: String,
}

impl std::fmt::Display for NoPrices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "twinform's price table ({}) has no prices for Region `{}`; it covers {}",
            self.date,
            self.region,
            self.covered.join(", ")
        )
    }
}

/// The envelope of `model` (for `env`) from the pinned table.
pub fn estimate(model: &Model, env: Option<&str>) -> Result<Estimate, NoPrices> {
    let table = Table::pinned().unwrap_or_else(|_| Table {
        date: "unreadable".to_owned(),
        hours_per_month: 730,
        sources: Vec::new(),
        verification: Vec::new(),
        regions: Default::default(),
    });
    estimate_with(model, env, &table)
}

/// [`estimate`] with a given table.
pub fn estimate_with(
    model: &Model,
    env: Option<&str>,
    table: &Table,
) -> Result<Estimate, NoPrices> {
    let region = &model.app.region;
    let Some(rates) = table.regions.get(region) else {
        return Err(NoPrices {
            region: region.clone(),
            covered: table.regions.keys().cloned().collect(),
            date: table.date.clone(),
        });
    };
    let hours = table.hours_per_month;
    let targets = vec![ecs(model, rates, hours), eks(model, rates, hours)];
    let assumptions = vec![
        format!(
            "ALB LCUs are not in the range: {} per LCU-hour, {} a month per LCU used around the clock (1 LCU: 25 new connections/s, 3,000 active connections/min, 1 GB/h processed, or 1,000 rule evaluations/s, whichever is highest).",
            render::unit_price(rates.alb_lcu_hour),
            render::dollars(rates.alb_lcu_hour * hours)
        ),
        format!(
            "NAT gateway data processing is not in the range: {} per GB through each gateway, on top of data transfer out.",
            render::unit_price(rates.nat_gb)
        ),
        "Fargate Spot prices float (50–70% below on-demand); the table's Spot figures are an assumption of its date.".to_owned(),
        "The log key's automatic rotation adds $1/month after each of its first two yearly rotations (KMS pricing); the range shows the first year.".to_owned(),
        "Not counted: data transfer, CloudWatch Logs, public IPv4 addresses, Route 53, WAF, Secrets Manager, SQS, EFS.".to_owned(),
    ];
    Ok(Estimate {
        app: model.app.name.clone(),
        env: env.map(str::to_owned),
        region: region.clone(),
        prices_date: table.date.clone(),
        prices_verified: rates.verified,
        targets,
        assumptions,
    })
}

/// `amount × count / 1024`, rounded half up: a rate per vCPU or GB times CPU units or MiB.
fn per_1024(rate: Nanos, units: u32, count: i64) -> Nanos {
    let exact = i128::from(rate) * i128::from(units) * i128::from(count);
    Nanos::try_from((exact + 512).div_euclid(1024)).unwrap_or(Nanos::MAX)
}

/// The replica range of a service: `(min, max)`.
fn replicas(scaling: &Scaling) -> (u32, u32) {
    match scaling {
        Scaling::Fixed(n) => (*n, *n),
        Scaling::Auto(a) => (a.min, a.max),
    }
}

fn count_text((min, max): (u32, u32)) -> String {
    if min == max {
        min.to_string()
    } else {
        format!("{min}–{max}")
    }
}

/// `0.5 vCPU / 1 GB`.
fn size_text(cpu: u32, memory: u32) -> String {
    let decimal = |units: u32| {
        let whole = units / 1024;
        let rest = units % 1024;
        if rest == 0 {
            whole.to_string()
        } else {
            // Fargate sizes are multiples of 256 units and 512 MiB, so two places are exact.
            let text = format!("{whole}.{:02}", rest * 100 / 1024);
            text.trim_end_matches('0').to_owned()
        }
    };
    format!("{} vCPU / {} GB", decimal(cpu), decimal(memory))
}

/// A task or pod's hourly cost at `(cpu, memory)` with `vcpu`/`gb` rates, and its storage.
fn hourly(cpu: u32, memory: u32, (vcpu, gb): (Nanos, Nanos)) -> Nanos {
    per_1024(vcpu, cpu, 1).saturating_add(per_1024(gb, memory, 1))
}

fn storage_line(service: &Service, rates: &Rates, hours: i64, extra: &str) -> Option<Line> {
    let gib = service
        .ephemeral_storage_gib?
        .checked_sub(FREE_STORAGE_GIB)?;
    let (min, max) = replicas(&service.scaling);
    let per_task = rates.fargate_storage_gb_hour * i64::from(gib) * hours;
    Some(Line {
        item: format!("storage `{}`", service.name),
        basis: format!(
            "{} × {gib} GiB beyond the free {FREE_STORAGE_GIB} GiB{extra}",
            count_text((min, max))
        ),
        monthly: Range {
            min: per_task * i64::from(min),
            max: per_task * i64::from(max),
        },
    })
}

fn service_line(
    item: String,
    basis: String,
    hourly: Nanos,
    hours: i64,
    counts: (u32, u32),
) -> Line {
    let monthly = hourly.saturating_mul(hours);
    Line {
        item,
        basis,
        monthly: Range {
            min: monthly.saturating_mul(i64::from(counts.0)),
            max: monthly.saturating_mul(i64::from(counts.1)),
        },
    }
}

/// The ALBs of a target, priced by the hour: one per layout bucket — created by twinform on
/// ECS, by the AWS Load Balancer Controller for each Ingress group on EKS. A shared listener
/// (`ingress.listener_arn`) is ECS's alone: there the rules join an ALB twinform does not
/// create, while the EKS Ingress group still gets its own. `None` when there is none.
fn load_balancer_line(model: &Model, target: Target, rates: &Rates, hours: i64) -> Option<Line> {
    let (albs, by) = match target {
        Target::Ecs if model.ingress.shared_listener.is_some() => (0, ""),
        Target::Ecs => (model.ingress.load_balancers.len(), ""),
        Target::Eks => (
            model.ingress.load_balancers.len(),
            ", created by the AWS Load Balancer Controller",
        ),
    };
    (albs > 0).then(|| Line {
        item: "load balancers".to_owned(),
        basis: format!("{albs} ALB × {hours} h{by} (LCUs apart)"),
        monthly: Range::fixed(rates.alb_hour * hours * albs as i64),
    })
}

fn ecs_rates(service: &Service, rates: &Rates) -> ((Nanos, Nanos), &'static str) {
    match (service.spot, service.platform) {
        (false, Platform::Amd64) => ((rates.fargate_vcpu_hour, rates.fargate_gb_hour), "x86"),
        (false, Platform::Arm64) => (
            (rates.fargate_arm_vcpu_hour, rates.fargate_arm_gb_hour),
            "ARM",
        ),
        (true, Platform::Amd64) => (
            (rates.fargate_spot_vcpu_hour, rates.fargate_spot_gb_hour),
            "x86, Fargate Spot",
        ),
        (true, Platform::Arm64) => (
            (
                rates.fargate_spot_arm_vcpu_hour,
                rates.fargate_spot_arm_gb_hour,
            ),
            "ARM, Fargate Spot",
        ),
    }
}

fn ecs(model: &Model, rates: &Rates, hours: i64) -> TargetCost {
    let mut lines = Vec::new();
    for service in &model.services {
        let (pair, kind) = ecs_rates(service, rates);
        let counts = replicas(&service.scaling);
        lines.push(service_line(
            format!("service `{}`", service.name),
            format!(
                "{} × {}, {kind}",
                count_text(counts),
                size_text(service.cpu, service.memory)
            ),
            hourly(service.cpu, service.memory, pair),
            hours,
            counts,
        ));
        lines.extend(storage_line(service, rates, hours, ""));
    }
    lines.extend(load_balancer_line(model, Target::Ecs, rates, hours));
    if let Network::Managed { azs, nat, .. } = &model.network {
        let gateways = match nat {
            Nat::Single => 1,
            Nat::PerAz => i64::from(*azs),
            Nat::None => 0,
        };
        if gateways > 0 {
            lines.push(Line {
                item: "NAT gateways".to_owned(),
                basis: format!("{gateways} × {hours} h (data processing apart)"),
                monthly: Range::fixed(rates.nat_hour * hours * gateways),
            });
        }
    }
    lines.push(Line {
        item: "KMS key".to_owned(),
        basis: "the log groups' key".to_owned(),
        monthly: Range::fixed(rates.kms_key_month),
    });
    let jobs = model
        .jobs
        .iter()
        .map(|job| {
            let task = &job.task;
            let (pair, kind) = ecs_rates(task, rates);
            Line {
                item: format!("job `{}`", job.name()),
                basis: format!("{}, {kind}", size_text(task.cpu, task.memory)),
                monthly: Range::fixed(hourly(task.cpu, task.memory, pair)),
            }
        })
        .collect();
    finish(Target::Ecs, lines, Vec::new(), jobs)
}

/// The Fargate size a pod of `service` is billed at, from the requests the emitter writes
/// (`emit::kubernetes::workload::resources`): the app container at (app cpu, app memory −
/// 256 MiB), each sidecar at its share, each init container at the app container's requests.
/// The pod needs the larger of the biggest init container and the sum of the others, plus
/// the 256 MiB Fargate adds, rounded up to a Fargate size.
/// <https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html>
pub fn eks_pod_size(service: &Service) -> (u32, u32) {
    let app = (
        service.app_cpu(),
        service.app_memory().saturating_sub(EKS_POD_OVERHEAD_MIB),
    );
    let sidecars = service.sidecars.iter().fold((0u32, 0u32), |(c, m), s| {
        (c.saturating_add(s.cpu), m.saturating_add(s.memory))
    });
    let running = (
        app.0.saturating_add(sidecars.0),
        app.1.saturating_add(sidecars.1),
    );
    let init = if service.init.is_empty() { (0, 0) } else { app };
    let cpu = running.0.max(init.0);
    let memory = running.1.max(init.1).saturating_add(EKS_POD_OVERHEAD_MIB);
    smallest_at_least(i64::from(cpu), i64::from(memory)).unwrap_or((cpu, memory))
}

fn eks(model: &Model, rates: &Rates, hours: i64) -> TargetCost {
    let pair = (rates.fargate_vcpu_hour, rates.fargate_gb_hour);
    let mut lines = Vec::new();
    for service in &model.services {
        let (cpu, memory) = eks_pod_size(service);
        let counts = replicas(&service.scaling);
        let mut notes = vec!["x86".to_owned()];
        if service.platform == Platform::Arm64 {
            notes.push("ARM on ECS only".to_owned());
        }
        if service.spot {
            notes.push("no Spot on EKS".to_owned());
        }
        lines.push(service_line(
            format!("service `{}`", service.name),
            format!(
                "{} × {}, {}",
                count_text(counts),
                size_text(cpu, memory),
                notes.join(", ")
            ),
            hourly(cpu, memory, pair),
            hours,
            counts,
        ));
        // Fargate on EKS provisions some storage overhead on top of the request, unbilled
        // here: the figure is the requested storage, like ECS's.
        lines.extend(storage_line(service, rates, hours, " (requested)"));
    }
    lines.extend(load_balancer_line(model, Target::Eks, rates, hours));
    let cluster = model
        .kubernetes
        .cluster
        .as_ref()
        .map_or_else(|| "the cluster".to_owned(), |c| format!("`{}`", c.name));
    let apart = vec![Line {
        item: "EKS cluster fee".to_owned(),
        basis: format!(
            "{cluster} × {hours} h, not created by twinform (shared by every app on it)"
        ),
        monthly: Range::fixed(rates.eks_cluster_hour * hours),
    }];
    let jobs = model
        .jobs
        .iter()
        .map(|job| {
            let (cpu, memory) = eks_pod_size(&job.task);
            Line {
                item: format!("job `{}`", job.name()),
                basis: format!("{}, x86", size_text(cpu, memory)),
                monthly: Range::fixed(hourly(cpu, memory, pair)),
            }
        })
        .collect();
    finish(Target::Eks, lines, apart, jobs)
}

fn finish(target: Target, lines: Vec<Line>, apart: Vec<Line>, jobs: Vec<Line>) -> TargetCost {
    let total = lines
        .iter()
        .fold(Range::default(), |sum, l| sum.add(l.monthly));
    TargetCost {
        target,
        lines,
        total,
        apart,
        jobs_per_run_hour: jobs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_times_units_round_half_up() {
        // 0.25 vCPU at $0.04048: $0.01012 exactly.
        assert_eq!(per_1024(40_480_000, 256, 1), 10_120_000);
        // 0.5 GB at $0.004445: $0.0022225.
        assert_eq!(per_1024(4_445_000, 512, 1), 2_222_500);
        assert_eq!(per_1024(1, 512, 1), 1);
        assert_eq!(per_1024(1, 511, 1), 0);
    }

    #[test]
    fn sizes_read_as_fargate_writes_them() {
        assert_eq!(size_text(256, 512), "0.25 vCPU / 0.5 GB");
        assert_eq!(size_text(1024, 3072), "1 vCPU / 3 GB");
        assert_eq!(size_text(16384, 122880), "16 vCPU / 120 GB");
    }
}
