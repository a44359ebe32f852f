//! How many tasks/pods a service runs: a fixed count or an autoscaling range with its targets,
//! the same numbers on both targets.

use super::QueueScaling;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scaling {
    Fixed(u32),
    Auto(Autoscale),
}

impl Scaling {
    /// The count at creation: `replicas`, or the autoscaler's minimum.
    pub fn initial(&self) -> u32 {
        match self {
            Scaling::Fixed(n) => *n,
            Scaling::Auto(a) => a.min,
        }
    }

    /// The SQS queue the service scales on, if any.
    pub fn queue(&self) -> Option<&QueueScaling> {
        match self {
            Scaling::Fixed(_) => None,
            Scaling::Auto(a) => a.queue.as_ref(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Autoscale {
    pub min: u32,
    pub max: u32,
    /// Target average CPU utilization, percent.
    pub cpu_percent: Option<u32>,
    pub memory_percent: Option<u32>,
    /// ALB requests per target per minute (ECS only; the service is routed).
    pub requests_per_target: Option<u32>,
    /// A worker's SQS backlog per task, on both targets.
    pub queue: Option<QueueScaling>,
}
