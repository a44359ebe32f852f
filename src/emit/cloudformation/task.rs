//! The task definition of one service: the app container, its sidecars and their volumes, sized
//! and secured alike (non-root, read-only root file system, a writable `/tmp` each).
//!
//! Fargate creates a bind-mount volume owned by root with mode 0755 ("By default, the volume
//! permissions are set to 0755 and the owner as root", ECS bind mounts docs;
//! containers-roadmap#938), so a non-root container could not write its `/tmp`. A short-lived
//! `volume_init` container, run as root before every other container (`DependsOn` SUCCESS),
//! makes each volume `1777` (world-writable, sticky, like `/tmp`) and exits; the user's images
//! stay as they are. On EKS `emptyDir` + `fsGroup` does the same.

use super::ids::{Ids, ServiceResource};
use super::intrinsic::{Expr, Pseudo};
use super::resources::Tag;
use super::resources::ecs::{
    Capabilities, ContainerDefinition, ContainerDependency, EfsAuthorization,
    EfsVolumeConfiguration, EphemeralStorage, FARGATE, HealthCheck, KeyValuePair, LinuxParameters,
    LogConfiguration, MountPoint, PortMapping, RepositoryCredentials, RuntimePlatform, SecretRef,
    TaskDefinition, Volume,
};
use crate::fargate::EKS_POD_OVERHEAD_MIB;
use crate::model::{
    AppIam, Model, Platform, Protocol, Role, Service, Sidecar, TMP_MOUNT, TMP_VOLUME,
};
use std::collections::BTreeMap;

/// The init container's name: `_` is not allowed in a service or sidecar name (DNS-1123
/// labels), so it can never clash with one; ECS container names allow it.
pub const VOLUME_INIT: &str = "volume_init";
/// MiB reserved for `volume_init` (ECS takes at least 6 per container); `chmod` needs less.
const VOLUME_INIT_MEMORY: u32 = 6;

/// Where ECS Exec's Session Manager agent keeps its state and logs: in a read-only container
/// they must be volumes, or the agent exits at start (aws/containers-roadmap#1359; the ECS Exec
/// checker's workaround, <https://gist.github.com/toricls/3af6bd8673d7b0ebbc1860fe8e862e50>).
const EXEC_VOLUMES: [(&str, &str); 2] = [
    ("ecs-exec-lib", "/var/lib/amazon"),
    ("ecs-exec-log", "/var/log/amazon"),
];

/// The app container's writable mounts: `/tmp`, and the agent's directories with `exec`.
fn app_mounts(service: &Service) -> Vec<MountPoint> {
    let exec = EXEC_VOLUMES.iter().filter(|_| service.exec);
    std::iter::once(tmp_mount(TMP_VOLUME.to_owned()))
        .chain(exec.map(|(volume, path)| MountPoint {
            container_path: (*path).to_owned(),
            read_only: false,
            source_volume: (*volume).to_owned(),
        }))
        .collect()
}

fn log_configuration(ids: &Ids<'_>, stream_prefix: &str) -> LogConfiguration {
    LogConfiguration {
        log_driver: "awslogs",
        options: BTreeMap::from([
            ("awslogs-group", ids.of(ServiceResource::LogGroup).r#ref()),
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

fn user(service: &Service) -> String {
    format!("{}:{}", service.uid, service.gid)
}

/// Waits for `volume_init` to have made the volumes writable (it must exit 0).
fn after_volume_init() -> ContainerDependency {
    ContainerDependency {
        condition: "SUCCESS",
        container_name: VOLUME_INIT.to_owned(),
    }
}

/// Waits for every init container to have exited 0: what Kubernetes does before it starts
/// the sidecars and the app.
fn after_inits(service: &Service) -> impl Iterator<Item = ContainerDependency> + '_ {
    service.init.iter().map(|init| ContainerDependency {
        condition: "SUCCESS",
        container_name: init.name.clone(),
    })
}

/// The app's secrets, as ECS `Secrets`: the app container's and every init container's.
fn secrets(service: &Service) -> Vec<SecretRef> {
    service
        .secrets
        .iter()
        .map(|(name, secret)| SecretRef {
            name: name.clone(),
            value_from: secret.arn.clone(),
        })
        .collect()
}

/// An init container: non-essential (it exits; `SUCCESS` needs that), after the volumes are
/// writable and after the init containers before it, as Kubernetes runs them one at a time;
/// secured and sized like the app (no limit of its own: it runs before the others start).
fn init_container(service: &Service, index: usize, ids: &Ids<'_>) -> ContainerDefinition {
    let init = &service.init[index];
    ContainerDefinition {
        command: init.command.clone(),
        cpu: None,
        depends_on: std::iter::once(after_volume_init())
            .chain(after_inits(service).take(index))
            .collect(),
        docker_labels: BTreeMap::new(),
        environment: environment(&init.env),
        essential: false,
        health_check: None,
        image: init.image.clone(),
        linux_parameters: None,
        log_configuration: log_configuration(ids, &init.name),
        memory: None,
        memory_reservation: None,
        mount_points: vec![tmp_mount(init.tmp_volume())],
        name: init.name.clone(),
        port_mappings: Vec::new(),
        readonly_root_filesystem: true,
        repository_credentials: None,
        secrets: secrets(service),
        user: user(service),
    }
}

fn tmp_mount(volume: String) -> MountPoint {
    MountPoint {
        container_path: TMP_MOUNT.to_owned(),
        read_only: false,
        source_volume: volume,
    }
}

/// Runs as root, the volumes' owner, so `chmod` needs no capability ("the effective UID of the
/// calling process must match the owner of the file, or the process must be privileged",
/// chmod(2)): every one is dropped.
/// Non-essential (it exits; SUCCESS needs that), read-only root file system; each volume
/// mounted under `/volumes`.
fn volume_init(ids: &Ids<'_>, image: &str, volumes: &[Volume]) -> ContainerDefinition {
    let paths: Vec<String> = volumes
        .iter()
        .map(|v| format!("/volumes/{}", v.name))
        .collect();
    ContainerDefinition {
        command: Some(
            ["chmod".to_owned(), "1777".to_owned()]
                .into_iter()
                .chain(paths.iter().cloned())
                .collect(),
        ),
        cpu: None,
        depends_on: Vec::new(),
        docker_labels: BTreeMap::new(),
        environment: Vec::new(),
        essential: false,
        health_check: None,
        image: image.to_owned(),
        linux_parameters: Some(LinuxParameters {
            capabilities: Capabilities { drop: vec!["ALL"] },
        }),
        log_configuration: log_configuration(ids, VOLUME_INIT),
        memory: None,
        memory_reservation: Some(VOLUME_INIT_MEMORY),
        mount_points: volumes
            .iter()
            .zip(paths)
            .map(|(v, container_path)| MountPoint {
                container_path,
                read_only: false,
                source_volume: v.name.clone(),
            })
            .collect(),
        name: VOLUME_INIT.to_owned(),
        port_mappings: Vec::new(),
        readonly_root_filesystem: true,
        repository_credentials: None,
        secrets: Vec::new(),
        // Root only here, for one `chmod` of volumes root owns.
        user: "0".to_owned(),
    }
}

fn app_container(model: &Model, service: &Service, ids: &Ids<'_>) -> ContainerDefinition {
    let sized = !service.sidecars.is_empty();
    let health = &service.health;
    ContainerDefinition {
        command: service.command.clone(),
        cpu: sized.then(|| service.app_cpu()),
        depends_on: std::iter::once(after_volume_init())
            .chain(after_inits(service))
            .chain(service.sidecars.iter().map(|sidecar| ContainerDependency {
                condition: "START",
                container_name: sidecar.name.clone(),
            }))
            .collect(),
        docker_labels: if service.calls.is_empty() {
            BTreeMap::new()
        } else {
            BTreeMap::from([("twinform.calls", model.names(&service.calls).join(","))])
        },
        environment: environment(&service.env),
        essential: true,
        // A server checked over its port is checked by its target group, if routed.
        health_check: service.health_command().map(|command| HealthCheck {
            command: std::iter::once("CMD".to_owned())
                .chain(command.iter().cloned())
                .collect(),
            interval: health.interval,
            retries: health.unhealthy,
            start_period: health.grace,
            timeout: health.timeout,
        }),
        image: service.image.clone(),
        linux_parameters: None,
        log_configuration: log_configuration(ids, &service.name),
        // The EKS container limit: the app gets what the spec gives it on EKS, and the task's
        // remaining 256 MiB (Fargate's pod overhead on EKS) holds the Service Connect proxy
        // (AWS recommends at least 64 MiB for it) and `volume_init`.
        memory: Some(service.app_memory().saturating_sub(EKS_POD_OVERHEAD_MIB)),
        memory_reservation: None,
        mount_points: app_mounts(service),
        name: service.name.clone(),
        port_mappings: match &service.role {
            Role::Server(server) => vec![PortMapping {
                // Service Connect speaks the app protocol; plain TCP when unset.
                app_protocol: match server.protocol {
                    Protocol::Http => Some("http"),
                    Protocol::Grpc => Some("grpc"),
                    Protocol::Tcp => None,
                },
                container_port: server.port,
                name: server.port_name.clone(),
                protocol: "tcp",
            }],
            Role::Worker(_) | Role::Job => Vec::new(),
        },
        readonly_root_filesystem: true,
        // The whole secret, as written: ECS reads `username` and `password` from it.
        repository_credentials: service.registry_credentials.as_ref().map(|credentials| {
            RepositoryCredentials {
                credentials_parameter: credentials.secret.arn.clone(),
            }
        }),
        secrets: secrets(service),
        user: user(service),
    }
}

fn sidecar_container(service: &Service, sidecar: &Sidecar, ids: &Ids<'_>) -> ContainerDefinition {
    ContainerDefinition {
        command: sidecar.command.clone(),
        cpu: Some(sidecar.cpu),
        depends_on: std::iter::once(after_volume_init())
            .chain(after_inits(service))
            .collect(),
        docker_labels: BTreeMap::new(),
        environment: environment(&sidecar.env),
        essential: sidecar.essential,
        health_check: None,
        image: sidecar.image.clone(),
        linux_parameters: None,
        log_configuration: log_configuration(ids, &sidecar.name),
        memory: None,
        memory_reservation: Some(sidecar.memory),
        mount_points: vec![tmp_mount(sidecar.tmp_volume())],
        name: sidecar.name.clone(),
        port_mappings: Vec::new(),
        readonly_root_filesystem: true,
        repository_credentials: None,
        secrets: Vec::new(),
        user: user(service),
    }
}

/// The service's EFS access points: task volumes over TLS with IAM authorization, mounted in
/// the app container (<https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html>).
fn efs_mounts(service: &Service, app: &mut ContainerDefinition, volumes: &mut Vec<Volume>) {
    for mount in &service.volumes {
        app.mount_points.push(MountPoint {
            container_path: mount.path.clone(),
            read_only: mount.read_only,
            source_volume: mount.volume_name(),
        });
        volumes.push(Volume {
            efs_volume_configuration: Some(EfsVolumeConfiguration {
                authorization_config: EfsAuthorization {
                    access_point_id: mount.access_point_id.clone(),
                    iam: "ENABLED",
                },
                filesystem_id: mount.file_system_id.clone(),
                transit_encryption: "ENABLED",
            }),
            name: mount.volume_name(),
        });
    }
}

pub fn task_definition(
    model: &Model,
    service: &Service,
    ids: &Ids<'_>,
    tags: Vec<Tag>,
) -> TaskDefinition {
    let mut containers = vec![app_container(model, service, ids)];
    let mut volumes: Vec<Volume> = app_mounts(service)
        .into_iter()
        .map(|mount| Volume::scratch(mount.source_volume))
        .collect();
    for (index, init) in service.init.iter().enumerate() {
        containers.push(init_container(service, index, ids));
        volumes.push(Volume::scratch(init.tmp_volume()));
    }
    for sidecar in &service.sidecars {
        containers.push(sidecar_container(service, sidecar, ids));
        volumes.push(Volume::scratch(sidecar.tmp_volume()));
    }
    containers.push(volume_init(ids, &model.ecs.volume_init_image, &volumes));
    // After `volume_init`, which must not chmod a shared file system: the access point sets
    // its directory's owner and mode.
    efs_mounts(service, &mut containers[0], &mut volumes);
    TaskDefinition {
        container_definitions: containers,
        cpu: service.cpu.to_string(),
        ephemeral_storage: service
            .ephemeral_storage_gib
            .map(|size_in_gib| EphemeralStorage { size_in_gib }),
        execution_role_arn: ids.of(ServiceResource::ExecutionRole).get_att("Arn"),
        memory: service.memory.to_string(),
        network_mode: "awsvpc",
        requires_compatibilities: vec![FARGATE],
        runtime_platform: RuntimePlatform {
            cpu_architecture: match service.platform {
                Platform::Amd64 => "X86_64",
                Platform::Arm64 => "ARM64",
            },
            operating_system_family: "LINUX",
        },
        // `iam.role_arn` brings its own role; otherwise the task role emitted beside this.
        task_role_arn: match &service.iam {
            Some(AppIam::Role(arn)) => Expr::from(arn),
            _ => ids.of(ServiceResource::TaskRole).get_att("Arn"),
        },
        volumes,
        tags,
    }
}
