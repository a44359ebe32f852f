//! Rule: a service's EFS mounts are the same on both targets, and each side can mount them.
//! ECS: a task volume per access point with `EFSVolumeConfiguration` (`TransitEncryption:
//! ENABLED`, `AuthorizationConfig {AccessPointId, IAM: ENABLED}`, no `RootDirectory` other
//! than `/`), mounted in the app container at the same path and mode and never by
//! `volume_init` (a `chmod` there would change the shared directory); the task role allows
//! `elasticfilesystem:ClientMount` (and `ClientWrite` exactly when writable) on the file system
//! through that access point; the service's security group ID is an output (the mount targets
//! must admit it on 2049). EKS on Fargate (static provisioning only): a cluster-scoped
//! PersistentVolume (`efs.csi.aws.com`, `fs-…::fsap-…`, `ReadWriteMany`, `Retain`,
//! `storageClassName: ""`) bound to the service's claim, whose name no two services or
//! environments sharing a cluster reuse, and the pod mounts the claim at the same path and mode.
//! Sources: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html>;
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-taskdefinition-efsvolumeconfiguration.html>;
//! <https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html>;
//! <https://docs.aws.amazon.com/eks/latest/userguide/efs-csi.html>;
//! <https://github.com/kubernetes-sigs/aws-efs-csi-driver/tree/master/examples/kubernetes/access_points>.

use super::harness::{Case, all, assert_holds, cases, cluster, deployed, inline_statements};
use serde_json::Value;
use std::collections::BTreeMap;

fn resource<'a>(case: &'a Case, id: &str) -> Option<&'a Value> {
    case.resources()
        .find(|(_, i, _)| *i == id)
        .map(|(_, _, r)| r)
}

fn violations(case: &Case, objects: &[(String, Value)]) -> Vec<String> {
    let mut out = Vec::new();
    let find = |kind: &str, name: &str| {
        objects
            .iter()
            .map(|(_, o)| o)
            .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
    };
    for service in case.model.services.iter().filter(|s| !s.volumes.is_empty()) {
        let (name, id) = (&service.name, &service.logical_id);
        let mut bad = |what: String| out.push(format!("{} `{name}`: {what}", case.label()));
        let task = resource(case, &format!("{id}TaskDefinition")).map(|t| &t["Properties"]);
        let volumes = task
            .and_then(|t| t["Volumes"].as_array())
            .cloned()
            .unwrap_or_default();
        let containers = task
            .and_then(|t| t["ContainerDefinitions"].as_array())
            .cloned()
            .unwrap_or_default();
        let app = containers.iter().find(|c| c["Name"] == name.as_str());
        let role = resource(case, &format!("{id}TaskRole"));
        let statements: Vec<&Value> = role.into_iter().flat_map(inline_statements).collect();
        let deployment = find("Deployment", name);
        let pod = deployment.map(|d| &d["spec"]["template"]["spec"]);
        for mount in &service.volumes {
            let volume_name = mount.volume_name();
            let efs = volumes
                .iter()
                .find(|v| v["Name"] == volume_name.as_str())
                .map(|v| &v["EFSVolumeConfiguration"]);
            let efs_ok = efs.is_some_and(|e| {
                e["FilesystemId"] == mount.file_system_id.as_str()
                    && e["TransitEncryption"] == "ENABLED"
                    && e["AuthorizationConfig"]["AccessPointId"] == mount.access_point_id.as_str()
                    && e["AuthorizationConfig"]["IAM"] == "ENABLED"
                    && (e["RootDirectory"].is_null() || e["RootDirectory"] == "/")
            });
            if !efs_ok {
                bad(format!(
                    "no TLS + IAM EFS volume of `{}`",
                    mount.access_point_id
                ));
            }
            let ecs_mount = app
                .and_then(|c| c["MountPoints"].as_array())
                .and_then(|m| m.iter().find(|m| m["SourceVolume"] == volume_name.as_str()));
            if ecs_mount.is_none_or(|m| {
                m["ContainerPath"] != mount.path.as_str() || m["ReadOnly"] != mount.read_only
            }) {
                bad(format!(
                    "ECS does not mount `{}` at `{}`",
                    mount.access_point_id, mount.path
                ));
            }
            let touched_by_init = containers
                .iter()
                .filter(|c| c["Name"] != name.as_str())
                .any(|c| {
                    c["MountPoints"].as_array().is_some_and(|m| {
                        m.iter().any(|m| m["SourceVolume"] == volume_name.as_str())
                    })
                });
            if touched_by_init {
                bad(format!(
                    "another container mounts `{}`",
                    mount.access_point_id
                ));
            }
            let allows = |action: &str| {
                statements.iter().any(|s| {
                    s["Action"]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|a| a == action))
                        && s["Resource"]
                            .to_string()
                            .contains(&format!("file-system/{}", mount.file_system_id))
                        && s["Condition"]["StringEquals"]["elasticfilesystem:AccessPointArn"]
                            .to_string()
                            .contains(&format!("access-point/{}", mount.access_point_id))
                })
            };
            if !allows("elasticfilesystem:ClientMount") {
                bad(format!(
                    "the task role cannot mount `{}`",
                    mount.access_point_id
                ));
            }
            if allows("elasticfilesystem:ClientWrite") == mount.read_only {
                bad(format!(
                    "ClientWrite on `{}` disagrees with read_only",
                    mount.access_point_id
                ));
            }
            // EKS.
            let claim_volume = pod
                .and_then(|p| p["volumes"].as_array())
                .and_then(|v| v.iter().find(|v| v["name"] == volume_name.as_str()));
            let claim_name =
                claim_volume.and_then(|v| v["persistentVolumeClaim"]["claimName"].as_str());
            let claim = claim_name.and_then(|c| find("PersistentVolumeClaim", c));
            let pv_name = claim.and_then(|c| c["spec"]["volumeName"].as_str());
            let pv = pv_name.and_then(|p| find("PersistentVolume", p));
            let handle = format!("{}::{}", mount.file_system_id, mount.access_point_id);
            let pv_ok = pv.is_some_and(|pv| {
                let spec = &pv["spec"];
                pv["metadata"]["namespace"].is_null()
                    && spec["csi"]["driver"] == "efs.csi.aws.com"
                    && spec["csi"]["volumeHandle"] == handle.as_str()
                    && spec["storageClassName"] == ""
                    && spec["persistentVolumeReclaimPolicy"] == "Retain"
                    && spec["capacity"]["storage"].is_string()
                    && spec["accessModes"]
                        .as_array()
                        .is_some_and(|m| m.iter().any(|m| m == "ReadWriteMany"))
                    && spec["claimRef"]["name"].as_str() == claim_name
            });
            if !pv_ok || claim.is_none_or(|c| c["spec"]["storageClassName"] != "") {
                bad(format!("no static EFS volume and claim for `{handle}`"));
            }
            let k8s_mount = pod
                .and_then(|p| p["containers"][0]["volumeMounts"].as_array())
                .and_then(|m| m.iter().find(|m| m["name"] == volume_name.as_str()));
            if k8s_mount.is_none_or(|m| {
                m["mountPath"] != mount.path.as_str() || m["readOnly"] != mount.read_only
            }) {
                bad(format!(
                    "EKS does not mount `{}` at `{}`",
                    mount.access_point_id, mount.path
                ));
            }
        }
        let output = format!("{id}ServiceSecurityGroupId");
        if case
            .templates
            .values()
            .all(|t| t["Outputs"][&output].is_null())
        {
            bad("no output of the service's security group for the mount targets' rule".into());
        }
    }
    out
}

/// PersistentVolumes are cluster-scoped: one name, one claim, across the environments that
/// share a cluster.
fn shared_names(spec: &[&Case]) -> Vec<String> {
    let mut seen: BTreeMap<(Option<&str>, String), (String, Value)> = BTreeMap::new();
    let mut out = Vec::new();
    for case in spec {
        for pv in case.objects_of("PersistentVolume") {
            let name = pv["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let claim = pv["spec"]["claimRef"].clone();
            match seen.get(&(cluster(case), name.clone())) {
                Some((other, theirs)) if theirs != &claim => out.push(format!(
                    "{} and {other}: PersistentVolume `{name}` bound to two claims",
                    case.label()
                )),
                _ => {
                    seen.insert((cluster(case), name), (case.label(), claim));
                }
            }
        }
    }
    out
}

#[test]
fn efs_mounts_are_the_same_on_both_targets() {
    assert_holds(
        "EFS mounts agree",
        cases().flat_map(|c| violations(c, &c.objects)),
    );
    assert_holds(
        "PersistentVolume names per cluster",
        all().iter().flat_map(|spec| shared_names(&deployed(spec))),
    );
    assert!(
        cases().any(|c| c
            .model
            .services
            .iter()
            .any(|s| s.volumes.iter().any(|m| m.read_only))
            && c.model
                .services
                .iter()
                .any(|s| s.volumes.iter().any(|m| !m.read_only))),
        "no case mounts both a read-only and a writable volume: the rule checks little"
    );
}

#[test]
fn a_wrong_handle_or_mode_is_reported() {
    let case = cases()
        .find(|c| c.model.services.iter().any(|s| !s.volumes.is_empty()))
        .expect("a case with volumes");
    let mut objects = case.objects.clone();
    for (_, o) in objects.iter_mut() {
        if o["kind"] == "PersistentVolume" {
            o["spec"]["csi"]["volumeHandle"] = Value::from("fs-00000000");
        }
    }
    let found = violations(case, &objects);
    let mounts: usize = case.model.services.iter().map(|s| s.volumes.len()).sum();
    assert_eq!(found.len(), mounts, "{found:#?}");
}
