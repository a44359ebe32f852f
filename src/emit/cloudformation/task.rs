//! The task definition of one service: the app container, its sidecars and their volumes, sized
//! and secured alike (non-root, read-only root file system, a writable `/tmp` each).

use super::cluster::FARGATE;
use super::intrinsic::{Expr, Pseudo};
use super::service::Ids;
use super::template::Tag;
use crate::model::{AppIam, CONTAINER_GID, CONTAINER_UID, Protocol, Service, Sidecar, TMP_MOUNT};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaskDefinition {
    pub container_definitions: Vec<ContainerDefinition>,
    /// CPU units and MiB as strings: the spec's Fargate size, exactly.
    pub cpu: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage: Option<EphemeralStorage>,
    pub execution_role_arn: Expr,
    pub memory: String,
    pub network_mode: &'static str,
    pub requires_compatibilities: Vec<&'static str>,
    pub runtime_platform: RuntimePlatform,
    pub task_role_arn: Expr,
    pub volumes: Vec<Volume>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuntimePlatform {
    pub cpu_architecture: &'static str,
    pub operating_system_family: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EphemeralStorage {
    #[serde(rename = "SizeInGiB")]
    pub size_in_gib: u32,
}

/// A task-scoped scratch volume (no host path on Fargate).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Volume {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContainerDefinition {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
    /// Container-level CPU units, set only when sidecars share the task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<u32>,
    /// The app waits for its sidecars to start, as native sidecars start first on EKS.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<ContainerDependency>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub environment: Vec<KeyValuePair>,
    pub essential: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check: Option<HealthCheck>,
    pub image: String,
    pub log_configuration: LogConfiguration,
    /// Container-level MiB reservation, set only when sidecars share the task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<u32>,
    pub mount_points: Vec<MountPoint>,
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub port_mappings: Vec<PortMapping>,
    pub readonly_root_filesystem: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<SecretRef>,
    pub user: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContainerDependency {
    pub condition: &'static str,
    pub container_name: String,
}

/// A container health check: a worker's `health.command`, run as `CMD` (no shell).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheck {
    pub command: Vec<String>,
    pub interval: u32,
    pub retries: u32,
    pub start_period: u32,
    pub timeout: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyValuePair {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecretRef {
    pub name: String,
    pub value_from: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogConfiguration {
    pub log_driver: &'static str,
    pub options: BTreeMap<&'static str, Expr>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MountPoint {
    pub container_path: &'static str,
    pub read_only: bool,
    pub source_volume: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortMapping {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<&'static str>,
    pub container_port: u16,
    pub name: String,
    pub protocol: &'static str,
}

const TMP_VOLUME: &str = "tmp";

/// A sidecar's own `/tmp` volume, so it never shares scratch files with the app.
fn sidecar_volume(sidecar: &Sidecar) -> String {
    format!("{TMP_VOLUME}-{}", sidecar.name)
}

fn log_configuration(ids: &Ids<'_>, stream_prefix: &str) -> LogConfiguration {
    LogConfiguration {
        log_driver: "awslogs",
        options: BTreeMap::from([
            ("awslogs-group", ids.of("LogGroup").r#ref()),
            ("awslogs-region", Expr::Pseudo(Pseudo::Region)),
            ("awslogs-stream-prefix", Expr::from(stream_prefix)),
        ]),
    }
}

fn environment(env: &BTreeMap<String, String>) -> Vec<KeyValuePair> {
    env.iter()
        .map(|(name, value)| KeyValuePair {
            name: name.clone(),
            value: value.clone(),
        })
        .collect()
}

fn user() -> String {
    format!("{CONTAINER_UID}:{CONTAINER_GID}")
}

fn app_container(service: &Service, ids: &Ids<'_>) -> ContainerDefinition {
    let sized = !service.sidecars.is_empty();
    let health = &service.health;
    ContainerDefinition {
        command: service.command.clone(),
        cpu: sized.then(|| service.app_cpu()),
        depends_on: service
            .sidecars
            .iter()
            .map(|sidecar| ContainerDependency {
                condition: "START",
                container_name: sidecar.name.clone(),
            })
            .collect(),
        environment: environment(&service.env),
        essential: true,
        health_check: health.command.as_ref().map(|command| HealthCheck {
            command: std::iter::once("CMD".to_owned())
                .chain(command.iter().cloned())
                .collect(),
            interval: health.interval,
            retries: health.unhealthy,
            start_period: health.grace,
            timeout: health.timeout,
        }),
        image: service.image.clone(),
        log_configuration: log_configuration(ids, &service.name),
        memory_reservation: sized.then(|| service.app_memory()),
        mount_points: vec![MountPoint {
            container_path: TMP_MOUNT,
            read_only: false,
            source_volume: TMP_VOLUME.to_owned(),
        }],
        name: service.name.clone(),
        port_mappings: service
            .port
            .map(|port| PortMapping {
                // Service Connect speaks the app protocol; plain TCP when unset.
                app_protocol: match service.protocol {
                    Protocol::Http => Some("http"),
                    Protocol::Grpc => Some("grpc"),
                    Protocol::Tcp => None,
                },
                container_port: port,
                name: service.port_name.clone(),
                protocol: "tcp",
            })
            .into_iter()
            .collect(),
        readonly_root_filesystem: true,
        secrets: service
            .secrets
            .iter()
            .map(|(name, secret)| SecretRef {
                name: name.clone(),
                value_from: secret.arn.clone(),
            })
            .collect(),
        user: user(),
    }
}

fn sidecar_container(sidecar: &Sidecar, ids: &Ids<'_>) -> ContainerDefinition {
    ContainerDefinition {
        command: sidecar.command.clone(),
        cpu: Some(sidecar.cpu),
        depends_on: Vec::new(),
        environment: environment(&sidecar.env),
        essential: sidecar.essential,
        health_check: None,
        image: sidecar.image.clone(),
        log_configuration: log_configuration(ids, &sidecar.name),
        memory_reservation: Some(sidecar.memory),
        mount_points: vec![MountPoint {
            container_path: TMP_MOUNT,
            read_only: false,
            source_volume: sidecar_volume(sidecar),
        }],
        name: sidecar.name.clone(),
        port_mappings: Vec::new(),
        readonly_root_filesystem: true,
        secrets: Vec::new(),
        user: user(),
    }
}

pub fn task_definition(service: &Service, ids: &Ids<'_>, tags: Vec<Tag>) -> TaskDefinition {
    let mut containers = vec![app_container(service, ids)];
    let mut volumes = vec![Volume {
        name: TMP_VOLUME.to_owned(),
    }];
    for sidecar in &service.sidecars {
        containers.push(sidecar_container(sidecar, ids));
        volumes.push(Volume {
            name: sidecar_volume(sidecar),
        });
    }
    TaskDefinition {
        container_definitions: containers,
        cpu: service.cpu.to_string(),
        ephemeral_storage: service
            .ephemeral_storage_gib
            .map(|size_in_gib| EphemeralStorage { size_in_gib }),
        execution_role_arn: ids.of("ExecutionRole").get_att("Arn"),
        memory: service.memory.to_string(),
        network_mode: "awsvpc",
        requires_compatibilities: vec![FARGATE],
        runtime_platform: RuntimePlatform {
            cpu_architecture: "X86_64",
            operating_system_family: "LINUX",
        },
        // `iam.role_arn` brings its own role; otherwise the task role emitted beside this.
        task_role_arn: match &service.iam {
            Some(AppIam::Role(arn)) => Expr::from(arn),
            _ => ids.of("TaskRole").get_att("Arn"),
        },
        volumes,
        tags,
    }
}
