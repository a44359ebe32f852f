//! How a routed service's new revision takes over: a target-neutral schedule that both emitters
//! translate (ECS `DeploymentConfiguration`, Argo Rollouts canary steps) and never default.

use super::unreadable::Lowering;
use crate::spec::{self, defaults};

/// The deployment strategy of a routed service, with every number resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Deploy {
    /// Replace tasks/pods a few at a time; no traffic shifting, no bake.
    #[default]
    Rolling,
    /// All traffic at once, then `bake` minutes with the old revision still running.
    BlueGreen { bake: u32 },
    /// `percent` of traffic for `minutes`, then all of it, then `bake`.
    Canary {
        percent: u32,
        minutes: u32,
        bake: u32,
    },
    /// `percent` more every `minutes` while below 100, then all of it, then `bake`.
    Linear {
        percent: u32,
        minutes: u32,
        bake: u32,
    },
}

/// One traffic shift: the new revision's share in whole percent and the minutes it is held.
pub type Shift = (u32, u32);

impl Deploy {
    /// The strategy's spec name (`rolling`, `blue-green`, `canary`, `linear`).
    pub fn name(self) -> &'static str {
        match self {
            Deploy::Rolling => "rolling",
            Deploy::BlueGreen { .. } => "blue-green",
            Deploy::Canary { .. } => "canary",
            Deploy::Linear { .. } => "linear",
        }
    }

    pub fn is_rolling(self) -> bool {
        matches!(self, Deploy::Rolling)
    }

    /// Target groups the route uses on its load balancer: the alternate one besides.
    pub fn target_groups(self) -> usize {
        if self.is_rolling() { 1 } else { 2 }
    }

    /// Minutes after the last shift before the old revision stops; `None` for rolling.
    pub fn bake(self) -> Option<u32> {
        match self {
            Deploy::Rolling => None,
            Deploy::BlueGreen { bake }
            | Deploy::Canary { bake, .. }
            | Deploy::Linear { bake, .. } => Some(bake),
        }
    }

    /// The shifts in order, the last one to 100 % held for the bake; empty for rolling. A
    /// linear schedule has a step at every multiple of the percent below 100, the count
    /// CloudFormation's 33-hour rule uses (100/p − 1 when p divides 100, else ⌊100/p⌋).
    pub fn schedule(self) -> Vec<Shift> {
        match self {
            Deploy::Rolling => Vec::new(),
            Deploy::BlueGreen { bake } => vec![(100, bake)],
            Deploy::Canary {
                percent,
                minutes,
                bake,
            } => vec![(percent, minutes), (100, bake)],
            Deploy::Linear {
                percent,
                minutes,
                bake,
            } => (1..)
                .map(|k| k * percent.max(1))
                .take_while(|&p| p < 100)
                .map(|p| (p, minutes))
                .chain([(100, bake)])
                .collect(),
        }
    }

    /// Minutes from the first shift to the end of the bake (what a stack update waits).
    pub fn total_minutes(self) -> u32 {
        self.schedule().iter().map(|&(_, minutes)| minutes).sum()
    }
}

/// The deploy table with its defaults; check has refused keys of another strategy (TF081).
pub(super) fn lower(lw: &mut Lowering, name: &str, deploy: Option<&spec::Deploy>) -> Deploy {
    let Some(d) = deploy else {
        return Deploy::Rolling;
    };
    let path = |k| ["services", name, "deploy", k];
    let bake = |lw: &mut Lowering| {
        lw.number(
            d.bake_minutes,
            defaults::BAKE_MINUTES,
            &path("bake_minutes"),
        )
    };
    match d.strategy() {
        spec::Strategy::Rolling => Deploy::Rolling,
        spec::Strategy::BlueGreen => Deploy::BlueGreen { bake: bake(lw) },
        spec::Strategy::Canary => Deploy::Canary {
            percent: lw.number(
                d.canary_percent,
                defaults::CANARY_PERCENT,
                &path("canary_percent"),
            ),
            minutes: lw.number(
                d.canary_minutes,
                defaults::CANARY_MINUTES,
                &path("canary_minutes"),
            ),
            bake: bake(lw),
        },
        spec::Strategy::Linear => Deploy::Linear {
            percent: lw.number(
                d.step_percent,
                defaults::STEP_PERCENT,
                &path("step_percent"),
            ),
            minutes: lw.number(
                d.step_minutes,
                defaults::STEP_MINUTES,
                &path("step_minutes"),
            ),
            bake: bake(lw),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::Deploy;

    #[test]
    fn linear_steps_match_cloudformations_count() {
        let steps = |percent| {
            Deploy::Linear {
                percent,
                minutes: 1,
                bake: 0,
            }
            .schedule()
            .len()
                - 1
        };
        // 100/p − 1 when p divides 100, else ⌊100/p⌋.
        assert_eq!(steps(10), 9);
        assert_eq!(steps(25), 3);
        assert_eq!(steps(30), 3);
        assert_eq!(steps(11), 9);
        assert_eq!(steps(3), 33);
    }

    #[test]
    fn totals_add_the_bake() {
        let canary = Deploy::Canary {
            percent: 5,
            minutes: 10,
            bake: 15,
        };
        assert_eq!(canary.schedule(), vec![(5, 10), (100, 15)]);
        assert_eq!(canary.total_minutes(), 25);
        assert_eq!(Deploy::Rolling.total_minutes(), 0);
    }
}
