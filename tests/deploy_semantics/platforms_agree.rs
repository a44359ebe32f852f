//! Rule: a service's CPU architecture is what both targets can run. On ECS the task definition's
//! `RuntimePlatform` says X86_64 or ARM64 (ARM64 on Fargate Spot too, which needs platform version
//! 1.4.0 or later: twinform sets none, so LATEST, 1.4.0). EKS on Fargate runs x86-64 only, so a
//! Deployment whose ECS twin is ARM64 is pinned to `kubernetes.io/arch: amd64` (its image must be
//! multi-arch, TF127), and no Deployment ever asks for arm64, which Fargate would never schedule.
//! Sources: <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RuntimePlatform.html>;
//! <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html>
//! (FARGATE_SPOT "supports Linux tasks with the ARM64 architecture on platform version 1.4.0 or
//! later"); <https://github.com/aws/containers-roadmap/issues/1629> (EKS Fargate: x86-64 only).

use super::harness::{Case, assert_holds, cases};
use serde_json::Value;

fn pair_violations(
    label: &str,
    name: &str,
    ecs: &Value,
    service: Option<&Value>,
    pod: &Value,
) -> Vec<String> {
    let mut out = Vec::new();
    let arch = &ecs["Properties"]["RuntimePlatform"]["CpuArchitecture"];
    let pinned = &pod["nodeSelector"]["kubernetes.io/arch"];
    match arch.as_str() {
        Some("ARM64") => {
            if pinned != "amd64" {
                out.push(format!(
                    "{label} {name}: ARM64 on ECS, pod not pinned to amd64"
                ));
            }
            if let Some(version) = service.and_then(|s| s["Properties"]["PlatformVersion"].as_str())
                && version != "LATEST"
                && version < "1.4.0"
            {
                out.push(format!(
                    "{label} {name}: ARM64 needs Fargate platform 1.4.0+, not {version}"
                ));
            }
        }
        Some("X86_64") if !pinned.is_null() && pinned != "amd64" => {
            out.push(format!("{label} {name}: pod pinned to {pinned}"));
        }
        Some("X86_64") => {}
        other => out.push(format!("{label} {name}: RuntimePlatform {other:?}")),
    }
    out
}

fn violations(case: &Case) -> Vec<String> {
    let resource = |id: String| {
        case.resources()
            .find(|(_, i, _)| *i == id)
            .map(|(_, _, r)| r)
    };
    let mut out = Vec::new();
    for s in &case.model.services {
        let (Some(task), Some(deployment)) = (
            resource(format!("{}TaskDefinition", s.logical_id)),
            case.workloads()
                .find(|d| d["metadata"]["name"] == s.name.as_str()),
        ) else {
            continue;
        };
        let service = resource(format!("{}Service", s.logical_id));
        let pod = &deployment["spec"]["template"]["spec"];
        out.extend(pair_violations(&case.label(), &s.name, task, service, pod));
    }
    out
}

#[test]
fn both_targets_run_an_architecture_they_have() {
    assert_holds("architectures agree", cases().flat_map(violations));
    assert!(
        cases().any(|c| c
            .model
            .services
            .iter()
            .any(|s| s.platform == twinform::model::Platform::Arm64)),
        "no case runs ARM64: the rule checks only the default"
    );
}

#[test]
fn an_arm64_pod_left_unpinned_is_reported() {
    let task = serde_json::json!({"Properties": {"RuntimePlatform": {"CpuArchitecture": "ARM64"}}});
    assert_eq!(
        pair_violations("planted", "x", &task, None, &serde_json::json!({})).len(),
        1
    );
    let pinned = serde_json::json!({"nodeSelector": {"kubernetes.io/arch": "arm64"}});
    let x86 = serde_json::json!({"Properties": {"RuntimePlatform": {"CpuArchitecture": "X86_64"}}});
    assert_eq!(
        pair_violations("planted", "x", &x86, None, &pinned).len(),
        1
    );
}
