//! Sidecars as native sidecar containers: init containers with `restartPolicy: Always`, started
//! before the app and kept running beside it (Fargate runs no DaemonSets). Secured like the app
//! container, with their own `/tmp`, and requests = limits = their share of the Fargate size.

use super::container::{container_security_context, requests_equal_limits, sized};
use crate::model::{Sidecar, TMP_MOUNT};
use k8s_openapi::api::core::v1::{Container, EnvVar, VolumeMount};

pub fn container(sidecar: &Sidecar) -> Container {
    let env: Vec<EnvVar> = sidecar
        .env
        .iter()
        .map(|(name, value)| EnvVar {
            name: name.clone(),
            value: Some(value.clone()),
            ..Default::default()
        })
        .collect();
    Container {
        name: sidecar.name.clone(),
        image: Some(sidecar.image.clone()),
        image_pull_policy: Some("Always".to_owned()),
        // As for the app: ECS `Command` is the image's CMD, Kubernetes `args`.
        args: sidecar.command.clone(),
        env: (!env.is_empty()).then_some(env),
        resources: Some(requests_equal_limits(sized(sidecar.cpu, sidecar.memory))),
        restart_policy: Some("Always".to_owned()),
        security_context: Some(container_security_context()),
        volume_mounts: Some(vec![VolumeMount {
            name: sidecar.tmp_volume(),
            mount_path: TMP_MOUNT.to_owned(),
            ..Default::default()
        }]),
        ..Default::default()
    }
}
