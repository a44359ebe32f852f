//! `[services.NAME.deploy]`: how a new revision of a routed service replaces the old one.

use super::defaults;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A deployment strategy. Every strategy but `rolling` shifts load-balancer traffic between two
/// revisions running side by side (ECS native deployments, an Argo Rollouts canary on EKS).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Replace tasks/pods a few at a time (the default; no traffic shifting, no bake).
    Rolling,
    /// Start the new revision at full size, shift all traffic at once, bake, then stop the old.
    BlueGreen,
    /// Shift `canary_percent`, wait `canary_minutes`, shift the rest, bake.
    Canary,
    /// Shift `step_percent` more every `step_minutes`, then the rest, bake.
    Linear,
}

impl Strategy {
    /// The spelling in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Rolling => "rolling",
            Strategy::BlueGreen => "blue-green",
            Strategy::Canary => "canary",
            Strategy::Linear => "linear",
        }
    }
}

/// `deploy = { strategy = "canary", ... }`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Deploy {
    /// The strategy; every one but `rolling` needs a `route`.
    #[schemars(extend("default" = defaults::STRATEGY))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<Strategy>,
    /// Minutes both revisions keep running after all traffic is on the new one (rollback
    /// window), 0..=1440; not with `rolling`.
    #[schemars(extend("default" = defaults::BAKE_MINUTES), range(min = 0, max = 1440))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bake_minutes: Option<i64>,
    /// `canary`: whole percent of traffic shifted first, 1..=99.
    #[schemars(extend("default" = defaults::CANARY_PERCENT), range(min = 1, max = 99))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary_percent: Option<i64>,
    /// `canary`: minutes on the canary share before the rest shifts, 0..=1440.
    #[schemars(extend("default" = defaults::CANARY_MINUTES), range(min = 0, max = 1440))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary_minutes: Option<i64>,
    /// `linear`: whole percent of traffic added per step, 3..=99.
    #[schemars(extend("default" = defaults::STEP_PERCENT), range(min = 3, max = 99))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_percent: Option<i64>,
    /// `linear`: minutes between steps, 0..=1440.
    #[schemars(extend("default" = defaults::STEP_MINUTES), range(min = 0, max = 1440))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_minutes: Option<i64>,
}

/// (key, minimum, maximum, the strategies that take it): TF081's table.
pub const KEYS: &[(&str, i64, i64, &[Strategy])] = &[
    (
        "bake_minutes",
        0,
        1440,
        &[Strategy::BlueGreen, Strategy::Canary, Strategy::Linear],
    ),
    ("canary_percent", 1, 99, &[Strategy::Canary]),
    ("canary_minutes", 0, 1440, &[Strategy::Canary]),
    ("step_percent", 3, 99, &[Strategy::Linear]),
    ("step_minutes", 0, 1440, &[Strategy::Linear]),
];

impl Deploy {
    pub fn strategy(&self) -> Strategy {
        self.strategy.unwrap_or(defaults::STRATEGY)
    }

    /// Target groups a routed service with this table uses on one load balancer: a
    /// traffic-shifting strategy adds the alternate group.
    pub fn target_groups(deploy: Option<&Deploy>) -> usize {
        match deploy.map(Deploy::strategy) {
            None | Some(Strategy::Rolling) => 1,
            Some(_) => 2,
        }
    }

    /// The written values in [`KEYS`] order.
    pub fn values(&self) -> [Option<i64>; 5] {
        [
            self.bake_minutes,
            self.canary_percent,
            self.canary_minutes,
            self.step_percent,
            self.step_minutes,
        ]
    }

    /// Whether every written key belongs to the strategy and is in range (else TF081 reports
    /// it, and the rules that compute with the values stay quiet).
    pub fn is_valid(&self) -> bool {
        let strategy = self.strategy();
        KEYS.iter()
            .zip(self.values())
            .all(|(&(_, min, max, takes), value)| {
                value.is_none_or(|v| takes.contains(&strategy) && (min..=max).contains(&v))
            })
    }
}
