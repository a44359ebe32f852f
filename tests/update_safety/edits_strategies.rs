//! Switching a routed service between rolling and a traffic-shifting strategy: on EKS the
//! Deployment and the Argo Rollout that replaces it are different objects, so the switch is a
//! delete and a create, and the order of the two decides whether pods serve in between.
//! "When migrating a Deployment which is already serving live production traffic, a Rollout
//! should run next to the Deployment before deleting the Deployment or scaling down the
//! Deployment. Not following this approach might result in downtime."
//! (https://argoproj.github.io/argo-rollouts/migrating/)

use super::harness::{require, run, unexpected, weight_reset};
use super::spec_edit::{first, service};
use twinform::review::{HazardKind, Migration};

#[test]
fn rolling_to_canary_and_back() {
    run(
        "rolling → canary",
        |spec| {
            // A patch of `Deployment/NAME` would no longer find its target (TF097, rightly).
            let text = toml::to_string(spec).unwrap_or_default();
            let Some(name) = first(spec, |s| {
                s.contains_key("route") && !s.contains_key("deploy")
            })
            .filter(|name| !text.contains(&format!("Deployment/{name}"))) else {
                return false;
            };
            service(spec, &name)
                .insert("deploy".into(), toml::toml! { strategy = "canary" }.into());
            true
        },
        |o| {
            let mut found = unexpected(o, HazardKind::Fails, |_| false);
            found.extend(unexpected(o, HazardKind::Downtime, |c| {
                c.kind == "Rollout" || weight_reset(c)
            }));
            found.extend(require(
                o.diff
                    .changes
                    .iter()
                    .any(|c| c.kind == "Rollout" && c.has(HazardKind::Downtime)),
                "the Rollout that replaces a Deployment says DOWNTIME unless the Deployment is deleted after it is healthy",
            ));
            found.extend(require(
                o.diff.migrations.contains(&Migration::DeploymentToRollout),
                "the Deployment → Rollout hand-over",
            ));
            found
        },
    );
    run(
        "canary → rolling",
        |spec| {
            let Some(name) = first(spec, |s| s.contains_key("deploy")) else {
                return false;
            };
            service(spec, &name).remove("deploy");
            true
        },
        |o| {
            let mut found = unexpected(o, HazardKind::Fails, |_| false);
            found.extend(unexpected(o, HazardKind::Downtime, |c| {
                c.kind == "Deployment" || weight_reset(c)
            }));
            found.extend(require(
                o.diff.migrations.contains(&Migration::RolloutToDeployment),
                "the Rollout → Deployment hand-over",
            ));
            found
        },
    );
}
