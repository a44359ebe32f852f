//! The deploy-semantics rule book: rules of AWS and of the Kubernetes controllers that decide
//! whether twinform's output deploys, updates and runs, which no validator encodes (cfn-lint,
//! checkov, kubernetes-validate and moto check shapes, not what AWS or a controller does with
//! them).
//!
//! One rule per file, each with its source URL in the header. Every rule runs over every
//! example and test spec × environment (`harness::cases`) and, where the rule is about names
//! that two environments could both claim, across the environments of one spec — and across
//! specs for infrastructure they share (a listener). Each rule file also proves that its check
//! can fail: a planted violation must be reported.
//!
//! README: "What twinform guarantees beyond the validators" lists these rules.

mod alb_deletion_protection;
mod blue_green_target_groups_alike;
mod callers_depend_on_callees;
mod container_dependencies;
mod efs_mounts_agree;
mod exec_permissions;
mod exposure_matches_output;
mod harness;
mod health_reaches_both_targets;
mod ingress_groups;
mod job_schedules_agree;
mod kustomize_patches_select_one_object;
mod non_root_writable_mounts;
mod physical_names_across_environments;
mod platforms_agree;
mod queue_scaling_agrees;
mod rollout_ingress_backends;
mod secret_policy_resources;
mod service_connect_timeouts_explicit;
mod service_ports_name_pod_ports;
mod shared_listener_priorities;
mod target_groups_checked_alike;
mod target_groups_in_listener_vpc;
mod tasks_wait_for_egress;

/// The book reads what it claims to: every example and test spec, every environment, both
/// targets.
#[test]
fn the_rule_book_covers_every_spec_environment_and_target() {
    let specs = harness::specs();
    assert_eq!(harness::all().len(), specs.len());
    for (envs, (name, text)) in harness::all().iter().zip(&specs) {
        assert_eq!(envs.len(), harness::environments(text).len(), "{name}");
        for case in envs {
            assert!(
                case.template()["Resources"]
                    .as_object()
                    .is_some_and(|r| !r.is_empty())
            );
            assert!(
                case.workloads().next().is_some(),
                "{}: no Deployment or Rollout",
                case.label()
            );
        }
    }
}

/// The README's "What twinform guarantees beyond the validators" names every rule file.
#[test]
fn the_readme_lists_every_rule() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let section = readme
        .split("## What twinform guarantees beyond the validators")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the README section");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir("tests/deploy_semantics").expect("the rule book") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name != "main.rs" && name != "harness.rs" && !section.contains(&format!("`{name}`")) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "not in the README: {missing:?}");
}
