//! ServiceAccount and Deployment: the pod that runs a service, sized and secured like the ECS
//! task (same image, same billed Fargate size, same non-root user, read-only root file system).

use super::container::{container_security_context, i32_of, requests_equal_limits, sized};
use super::storage;
use super::{crds, labels, sidecars};
use crate::fargate::EKS_POD_OVERHEAD_MIB;
use crate::model::{self, Model, Platform, Role, Scaling, Service};
use k8s_openapi::api::apps::v1::{
    Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment,
};
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EmptyDirVolumeSource, EnvVar, EnvVarSource, ExecAction, GRPCAction,
    HTTPGetAction, Lifecycle, LifecycleHandler, LocalObjectReference, PodSecurityContext, PodSpec,
    PodTemplateSpec, Probe, ResourceRequirements, SeccompProfile, SecretKeySelector,
    ServiceAccount, SleepAction, TCPSocketAction, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

/// Seconds a terminating pod keeps serving before SIGTERM. Removing a pod from the ALB and from
/// kube-proxy happens asynchronously; without the pause, requests still arrive after the app
/// has begun to shut down (ECS deregisters the target before it stops the task).
pub const PRE_STOP_SLEEP_SECONDS: i64 = 15;
/// Seconds the app gets after SIGTERM: the ECS default stop timeout.
pub const STOP_TIMEOUT_SECONDS: i64 = 30;

/// The ServiceAccount annotation IRSA reads: the role the pods assume.
pub const ROLE_ARN_ANNOTATION: &str = "eks.amazonaws.com/role-arn";

pub fn service_account(model: &Model, service: &Service) -> ServiceAccount {
    let mut metadata = labels::service_meta(model, service, &service.name);
    if let Some(role) = &service.eks_role {
        metadata.annotations = Some(BTreeMap::from([(
            ROLE_ARN_ANNOTATION.to_owned(),
            role.arn().to_owned(),
        )]));
    }
    ServiceAccount {
        metadata,
        // The app does not call the Kubernetes API; IRSA does not need the mounted token.
        automount_service_account_token: Some(false),
        ..Default::default()
    }
}

/// Container requests = limits: `cpu` in millicores and `memory − 256 MiB`, so that Fargate's
/// own 256 MiB lands the pod on exactly the spec's size, the size the ECS task is billed at.
/// Sidecars' shares come out of the app container's; ephemeral storage, when set, is the app
/// container's too (Fargate sizes the pod's storage from the requests).
pub fn resources(service: &Service) -> ResourceRequirements {
    let mut quantities = sized(
        service.app_cpu(),
        service.app_memory().saturating_sub(EKS_POD_OVERHEAD_MIB),
    );
    if let Some(gib) = service.ephemeral_storage_gib {
        quantities.insert("ephemeral-storage".to_owned(), Quantity(format!("{gib}Gi")));
    }
    requests_equal_limits(quantities)
}

/// One probe with the service's health check as its handler: a command, or a server's port
/// by its protocol.
fn probe(service: &Service) -> Probe {
    let health = &service.health;
    let probe = Probe {
        period_seconds: Some(i32_of(health.interval)),
        timeout_seconds: Some(i32_of(health.timeout)),
        ..Default::default()
    };
    let exec = |command: &[String]| Probe {
        exec: Some(ExecAction {
            command: Some(command.to_vec()),
        }),
        ..probe.clone()
    };
    let server = match &service.role {
        Role::Worker(worker) => return exec(&worker.health_command),
        // Never asked: a job's container gets no probes (`container`).
        Role::Job => return exec(&[]),
        Role::Server(server) => server,
    };
    let named_port = IntOrString::String(server.port_name.clone());
    match &server.probe {
        model::Probe::Command(command) => exec(command),
        model::Probe::Http { path } => Probe {
            http_get: Some(HTTPGetAction {
                path: Some(path.clone()),
                port: named_port,
                ..Default::default()
            }),
            ..probe
        },
        // The kubelet speaks only the standard gRPC health protocol (`grpc.health.v1.Health`),
        // whatever `health.path` names for the ALB; an empty `service` checks the whole
        // server. The probe has no named-port form.
        model::Probe::Grpc => Probe {
            grpc: Some(GRPCAction {
                port: i32::from(server.port),
                service: None,
            }),
            ..probe
        },
        model::Probe::Tcp => Probe {
            tcp_socket: Some(TCPSocketAction {
                port: named_port,
                ..Default::default()
            }),
            ..probe
        },
    }
}

/// Startup, readiness and liveness probes from `health`. The startup probe covers `grace`
/// (ECS ignores failed checks for that long) and is never less patient than liveness, so a
/// `grace` of 0 does not kill a container on its first failed check.
pub fn probes(service: &Service) -> (Probe, Probe, Probe) {
    let health = &service.health;
    let grace_periods = health.grace.div_ceil(health.interval.max(1));
    let startup = Probe {
        failure_threshold: Some(i32_of(grace_periods.max(health.unhealthy))),
        success_threshold: Some(1),
        ..probe(service)
    };
    let readiness = Probe {
        success_threshold: Some(i32_of(health.healthy)),
        failure_threshold: Some(i32_of(health.unhealthy)),
        ..probe(service)
    };
    let liveness = Probe {
        success_threshold: Some(1),
        failure_threshold: Some(i32_of(health.unhealthy)),
        ..probe(service)
    };
    (startup, readiness, liveness)
}

/// Plain variables and secrets, sorted by name. Secrets come from the Secret the service's
/// ExternalSecret creates, as environment variables: the way ECS injects `secrets`, so one
/// image works on both targets.
fn env(service: &Service) -> Vec<EnvVar> {
    env_with(service, &service.env)
}

/// `values` as plain variables and the service's secrets from its ExternalSecret's Secret.
pub fn env_with(service: &Service, values: &BTreeMap<String, String>) -> Vec<EnvVar> {
    let secret = crds::secret_name(service);
    let mut vars: BTreeMap<&str, EnvVar> = values
        .iter()
        .map(|(name, value)| {
            (
                name.as_str(),
                EnvVar {
                    name: name.clone(),
                    value: Some(value.clone()),
                    ..Default::default()
                },
            )
        })
        .collect();
    for name in service.secrets.keys() {
        let value_from = EnvVarSource {
            secret_key_ref: Some(SecretKeySelector {
                name: secret.clone(),
                key: name.clone(),
                optional: Some(false),
            }),
            ..Default::default()
        };
        vars.insert(
            name,
            EnvVar {
                name: name.clone(),
                value_from: Some(value_from),
                ..Default::default()
            },
        );
    }
    vars.into_values().collect()
}

/// An init container: run to completion before the sidecars and the app, with the app's
/// variables and secrets (its own `env` on top), secured like the app and sized like it, which
/// leaves the pod's effective request unchanged (the larger of any init container's and the
/// sum of the others'). <https://kubernetes.io/docs/concepts/workloads/pods/init-containers/>
fn init_container(service: &Service, init: &model::InitContainer) -> Container {
    let env = env_with(service, &init.env);
    Container {
        name: init.name.clone(),
        image: Some(init.image.clone()),
        image_pull_policy: Some("Always".to_owned()),
        // As for the app: ECS `Command` is the image's CMD, Kubernetes `args`.
        args: init.command.clone(),
        env: (!env.is_empty()).then_some(env),
        resources: Some(resources(service)),
        security_context: Some(container_security_context()),
        volume_mounts: Some(vec![VolumeMount {
            name: init.tmp_volume(),
            mount_path: model::TMP_MOUNT.to_owned(),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

/// Pod-level security context: Pod Security Standards `restricted`, the same user as on ECS.
pub fn pod_security_context(service: &Service) -> PodSecurityContext {
    PodSecurityContext {
        run_as_non_root: Some(true),
        run_as_user: Some(i64::from(service.uid)),
        run_as_group: Some(i64::from(service.gid)),
        // Makes the emptyDir group-owned (and group-writable) by the app's group.
        fs_group: Some(i64::from(service.gid)),
        seccomp_profile: Some(SeccompProfile {
            type_: "RuntimeDefault".to_owned(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn container(service: &Service) -> Container {
    let (startup, readiness, liveness) = probes(service);
    let job = service.role == Role::Job;
    let env = env(service);
    Container {
        name: service.name.clone(),
        image: Some(service.image.clone()),
        // ECS pulls on every task start too; a moved tag is picked up the same way.
        image_pull_policy: Some("Always".to_owned()),
        // ECS `Command` replaces the image's CMD, which is `args` in Kubernetes (`command` would
        // replace the ENTRYPOINT).
        args: service.command.clone(),
        ports: match &service.role {
            Role::Server(server) => Some(vec![ContainerPort {
                name: Some(server.port_name.clone()),
                container_port: i32::from(server.port),
                protocol: Some("TCP".to_owned()),
                ..Default::default()
            }]),
            Role::Worker(_) | Role::Job => None,
        },
        env: (!env.is_empty()).then_some(env),
        resources: Some(resources(service)),
        // A job runs to completion: no probes, and nothing routes to it to drain.
        startup_probe: (!job).then_some(startup),
        readiness_probe: (!job).then_some(readiness),
        liveness_probe: (!job).then_some(liveness),
        lifecycle: (!job).then_some(Lifecycle {
            pre_stop: Some(LifecycleHandler {
                sleep: Some(SleepAction {
                    seconds: PRE_STOP_SLEEP_SECONDS,
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
        security_context: Some(container_security_context()),
        volume_mounts: Some(
            std::iter::once(VolumeMount {
                name: model::TMP_VOLUME.to_owned(),
                mount_path: model::TMP_MOUNT.to_owned(),
                ..Default::default()
            })
            .chain(storage::mounts(service))
            .collect(),
        ),
        ..Default::default()
    }
}

pub(super) fn pod_spec(service: &Service) -> PodSpec {
    PodSpec {
        service_account_name: Some(service.name.clone()),
        automount_service_account_token: Some(false),
        // ECS injects no `<SERVICE>_PORT`-style variables; neither do we, so the environment
        // is the same on both targets.
        enable_service_links: Some(false),
        security_context: Some(pod_security_context(service)),
        termination_grace_period_seconds: Some(PRE_STOP_SLEEP_SECONDS + STOP_TIMEOUT_SECONDS),
        containers: vec![container(service)],
        image_pull_secrets: service.registry_credentials.as_ref().map(|_| {
            vec![LocalObjectReference {
                name: crds::registry_secret_name(service),
            }]
        }),
        // The init containers run to completion first, in order; then the native sidecars
        // (init containers that keep running, `restartPolicy: Always`) start, then the app.
        init_containers: (!service.init.is_empty() || !service.sidecars.is_empty()).then(|| {
            let inits = service
                .init
                .iter()
                .map(|init| init_container(service, init));
            inits
                .chain(service.sidecars.iter().map(sidecars::container))
                .collect()
        }),
        volumes: Some(
            std::iter::once(model::TMP_VOLUME.to_owned())
                .chain(service.init.iter().map(model::InitContainer::tmp_volume))
                .chain(service.sidecars.iter().map(model::Sidecar::tmp_volume))
                .map(|name| Volume {
                    name,
                    empty_dir: Some(EmptyDirVolumeSource::default()),
                    ..Default::default()
                })
                .chain(storage::pod_volumes(service))
                .collect(),
        ),
        // EKS on Fargate runs x86-64 only (aws/containers-roadmap#1629): an `arm64` service's
        // pods state the architecture their (multi-arch) image must provide here, and stay
        // off any arm64 nodes a mixed cluster has.
        node_selector: (service.platform == Platform::Arm64).then(|| {
            std::collections::BTreeMap::from([(
                "kubernetes.io/arch".to_owned(),
                "amd64".to_owned(),
            )])
        }),
        // No topologySpreadConstraints: the EKS Fargate scheduler does not support them; zone
        // spread comes from the Fargate profile's subnets.
        ..Default::default()
    }
}

pub fn deployment(model: &Model, service: &Service) -> Deployment {
    let replicas = match &service.scaling {
        Scaling::Fixed(n) => Some(i32_of(*n)),
        // The HorizontalPodAutoscaler owns the count; a `replicas` here would reset it on
        // every apply.
        Scaling::Auto(_) => None,
    };
    Deployment {
        metadata: labels::service_meta(model, service, &service.name),
        spec: Some(DeploymentSpec {
            replicas,
            selector: labels::selector(model, &service.name),
            strategy: Some(DeploymentStrategy {
                type_: Some("RollingUpdate".to_owned()),
                // Like the ECS deployment's minimum healthy 100 %: never below the desired
                // count while new pods start.
                rolling_update: Some(RollingUpdateDeployment {
                    max_unavailable: Some(IntOrString::Int(0)),
                    max_surge: Some(IntOrString::String("25%".to_owned())),
                }),
            }),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(labels::service_labels(model, service)),
                    ..Default::default()
                }),
                spec: Some(pod_spec(service)),
            },
            ..Default::default()
        }),
        ..Default::default()
    }
}
