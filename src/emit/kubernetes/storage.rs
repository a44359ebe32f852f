//! A service's EFS access points on EKS on Fargate, which supports static provisioning only:
//! per service and mount a `PersistentVolume` (`efs.csi.aws.com`, `volumeHandle`
//! `fs-…::fsap-…`) bound to one `PersistentVolumeClaim` (`storageClassName: ""`, `volumeName`),
//! mounted into the app container. A PV binds one claim and is cluster-scoped, so its name
//! carries the namespace and service. The EFS CSI driver mounts over TLS by default
//! (`encryptInTransit`); on Fargate it does not use the pod's IRSA role for EFS IAM
//! authorization (aws/containers-roadmap#1003), so access is the access point's and the mount
//! targets' security group. Sources:
//! <https://docs.aws.amazon.com/eks/latest/userguide/efs-csi.html>;
//! <https://github.com/kubernetes-sigs/aws-efs-csi-driver/tree/master/examples/kubernetes/access_points>;
//! <https://github.com/kubernetes-sigs/aws-efs-csi-driver/tree/master/examples/kubernetes/encryption_in_transit>.

use super::labels;
use crate::model::{EfsMount, Model, Service};
use crate::names::budget_name;
use k8s_openapi::api::core::v1::{
    CSIPersistentVolumeSource, ObjectReference, PersistentVolume, PersistentVolumeClaim,
    PersistentVolumeClaimSpec, PersistentVolumeClaimVolumeSource, PersistentVolumeSpec, Volume,
    VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use std::collections::BTreeMap;

pub const EFS_CSI_DRIVER: &str = "efs.csi.aws.com";
/// Required by the API, ignored by EFS (it is elastic).
pub const EFS_CAPACITY: &str = "5Gi";
/// Length cap of the names (a DNS label, so they also fit wherever a label is asked for).
const NAME_MAX: usize = 63;

/// The claim's name in the namespace: service and access point.
pub fn claim_name(service: &Service, mount: &EfsMount) -> String {
    budget_name(&[&service.name, &mount.access_point_id], NAME_MAX)
}

/// The PersistentVolume's cluster-wide name: namespace, service and access point.
pub fn volume_name(model: &Model, service: &Service, mount: &EfsMount) -> String {
    budget_name(
        &[
            &model.kubernetes.namespace,
            &service.name,
            &mount.access_point_id,
        ],
        NAME_MAX,
    )
}

fn capacity() -> BTreeMap<String, Quantity> {
    BTreeMap::from([("storage".to_owned(), Quantity(EFS_CAPACITY.to_owned()))])
}

/// Every pod of every service mounting it, at once; read-only is the mount's.
fn access_modes() -> Vec<String> {
    vec!["ReadWriteMany".to_owned()]
}

pub fn persistent_volume(model: &Model, service: &Service, mount: &EfsMount) -> PersistentVolume {
    let mut metadata = labels::service_meta(model, service, &volume_name(model, service, mount));
    // Cluster-scoped.
    metadata.namespace = None;
    PersistentVolume {
        metadata,
        spec: Some(PersistentVolumeSpec {
            access_modes: Some(access_modes()),
            capacity: Some(capacity()),
            // Bound to this service's claim only, before any other claim can take it.
            claim_ref: Some(ObjectReference {
                name: Some(claim_name(service, mount)),
                namespace: Some(model.kubernetes.namespace.clone()),
                ..Default::default()
            }),
            csi: Some(CSIPersistentVolumeSource {
                driver: EFS_CSI_DRIVER.to_owned(),
                volume_handle: mount.volume_handle(),
                read_only: Some(mount.read_only),
                ..Default::default()
            }),
            // Deleting the claim never touches the existing file system.
            persistent_volume_reclaim_policy: Some("Retain".to_owned()),
            storage_class_name: Some(String::new()),
            volume_mode: Some("Filesystem".to_owned()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub fn persistent_volume_claim(
    model: &Model,
    service: &Service,
    mount: &EfsMount,
) -> PersistentVolumeClaim {
    PersistentVolumeClaim {
        metadata: labels::service_meta(model, service, &claim_name(service, mount)),
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: Some(access_modes()),
            resources: Some(VolumeResourceRequirements {
                requests: Some(capacity()),
                ..Default::default()
            }),
            // `""`: no dynamic provisioning, bind the named volume.
            storage_class_name: Some(String::new()),
            volume_mode: Some("Filesystem".to_owned()),
            volume_name: Some(volume_name(model, service, mount)),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The pod's volumes of the service's mounts.
pub fn pod_volumes(service: &Service) -> impl Iterator<Item = Volume> + '_ {
    service.volumes.iter().map(|mount| Volume {
        name: mount.volume_name(),
        persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
            claim_name: claim_name(service, mount),
            read_only: Some(mount.read_only),
        }),
        ..Default::default()
    })
}

/// The app container's mounts of them.
pub fn mounts(service: &Service) -> impl Iterator<Item = VolumeMount> + '_ {
    service.volumes.iter().map(|mount| VolumeMount {
        name: mount.volume_name(),
        mount_path: mount.path.clone(),
        read_only: Some(mount.read_only),
        ..Default::default()
    })
}
