//! `AWS::ECS::*`: cluster, task definition (with its container definitions) and service.

use crate::emit::cloudformation::intrinsic::Expr;
use crate::emit::cloudformation::resources::Tag;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Cluster {
    pub capacity_providers: Vec<&'static str>,
    pub cluster_settings: Vec<ClusterSetting>,
    pub default_capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub service_connect_defaults: ServiceConnectDefaults,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterSetting {
    pub name: &'static str,
    pub value: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CapacityProviderStrategyItem {
    pub capacity_provider: &'static str,
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceConnectDefaults {
    pub namespace: Expr,
}

pub const FARGATE: &str = "FARGATE";
pub const FARGATE_SPOT: &str = "FARGATE_SPOT";

/// `AWS::ECS::Service` without `ServiceName`: a generated name never blocks a replacement; the
/// Service Connect name is the spec name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EcsService {
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub cluster: Expr,
    pub deployment_configuration: DeploymentConfiguration,
    pub deployment_controller: DeploymentController,
    /// Absent when autoscaled: a value here would reset the running count on every update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_count: Option<u32>,
    #[serde(rename = "EnableECSManagedTags")]
    pub enable_ecs_managed_tags: bool,
    /// Always written, as `LoadBalancers`: dropping `exec` from the spec must turn it off, not
    /// leave the live value on.
    pub enable_execute_command: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period_seconds: Option<u32>,
    /// Always written: an absent property leaves the live value, so removing a route would
    /// keep the service on a deleted target group; `[]` detaches it.
    pub load_balancers: Vec<ServiceLoadBalancer>,
    pub network_configuration: NetworkConfiguration,
    pub propagate_tags: &'static str,
    pub service_connect_configuration: ServiceConnectConfiguration,
    pub task_definition: Expr,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentConfiguration {
    /// Blue/green, canary and linear only (rolling output stays as it was).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bake_time_in_minutes: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary_configuration: Option<CanaryConfiguration>,
    pub deployment_circuit_breaker: DeploymentCircuitBreaker,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linear_configuration: Option<LinearConfiguration>,
    pub maximum_percent: u32,
    pub minimum_healthy_percent: u32,
    /// `BLUE_GREEN`, `CANARY`, `LINEAR`; absent for rolling (ECS's default `ROLLING`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CanaryConfiguration {
    pub canary_bake_time_in_minutes: u32,
    /// A number in tenths on ECS; twinform's are whole (TF081).
    pub canary_percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LinearConfiguration {
    pub step_bake_time_in_minutes: u32,
    pub step_percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentCircuitBreaker {
    pub enable: bool,
    pub rollback: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentController {
    #[serde(rename = "Type")]
    pub kind: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceLoadBalancer {
    /// The alternate target group, production rule and role of a blue/green-family service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advanced_configuration: Option<AdvancedConfiguration>,
    pub container_name: String,
    pub container_port: u16,
    pub target_group_arn: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdvancedConfiguration {
    pub alternate_target_group_arn: Expr,
    /// For an ALB, the ARN of the listener rule ECS re-weights (`Ref` of the rule).
    pub production_listener_rule: Expr,
    pub role_arn: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkConfiguration {
    pub awsvpc_configuration: AwsvpcConfiguration,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsvpcConfiguration {
    pub assign_public_ip: &'static str,
    pub security_groups: Vec<Expr>,
    pub subnets: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceConnectConfiguration {
    pub enabled: bool,
    pub namespace: Expr,
    /// Empty for a worker: a client of the namespace only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceConnectService>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceConnectService {
    pub client_aliases: Vec<ClientAlias>,
    pub discovery_name: String,
    pub port_name: String,
    pub timeout: TimeoutConfiguration,
}

/// Service Connect's proxy (on both ends of a call, and in front of the app for ALB traffic
/// too: containers-roadmap#1958) cuts a request at 15 s by default; EKS (kube-proxy) cuts
/// none. `PerRequestTimeoutSeconds: 0` disables the cut (HTTP and gRPC only: "Only
/// idleTimeout is allowed for TCP appProtocol"); idle connections last as long as kube-proxy's
/// conntrack keeps an established one (24 h) instead of 5 min (HTTP) / 1 h (TCP).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimeoutConfiguration {
    pub idle_timeout_seconds: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_request_timeout_seconds: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClientAlias {
    pub dns_name: String,
    pub port: u16,
}

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

/// A task-scoped scratch volume (no host path on Fargate), or an EFS access point.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Volume {
    #[serde(
        rename = "EFSVolumeConfiguration",
        skip_serializing_if = "Option::is_none"
    )]
    pub efs_volume_configuration: Option<EfsVolumeConfiguration>,
    pub name: String,
}

impl Volume {
    /// A scratch volume.
    pub fn scratch(name: String) -> Self {
        Volume {
            efs_volume_configuration: None,
            name,
        }
    }
}

/// An EFS access point, mounted over TLS as the task role. `RootDirectory` is left out: with
/// an access point it must be `/` or omitted, the access point's own directory being the root.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EfsVolumeConfiguration {
    pub authorization_config: EfsAuthorization,
    pub filesystem_id: String,
    pub transit_encryption: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EfsAuthorization {
    pub access_point_id: String,
    #[serde(rename = "IAM")]
    pub iam: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContainerDefinition {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
    /// Container-level CPU units, set only when sidecars share the task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<u32>,
    /// Every container waits for `volume_init` to succeed; the app also for its sidecars to
    /// start, as native sidecars start first on EKS.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<ContainerDependency>,
    /// `twinform.calls` on the app: a changed callee set changes the task definition, so the
    /// caller redeploys and its new tasks resolve the new endpoints (existing Service Connect
    /// tasks never learn them).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub docker_labels: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub environment: Vec<KeyValuePair>,
    pub essential: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check: Option<HealthCheck>,
    pub image: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linux_parameters: Option<LinuxParameters>,
    pub log_configuration: LogConfiguration,
    /// Hard MiB limit: the app's, equal to its EKS container limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<u32>,
    /// Container-level MiB reservation: each sidecar's share, `volume_init`'s few MiB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<u32>,
    pub mount_points: Vec<MountPoint>,
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub port_mappings: Vec<PortMapping>,
    pub readonly_root_filesystem: bool,
    /// A private registry's credentials (a Secrets Manager secret the execution role reads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository_credentials: Option<RepositoryCredentials>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<SecretRef>,
    pub user: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RepositoryCredentials {
    pub credentials_parameter: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LinuxParameters {
    pub capabilities: Capabilities,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Capabilities {
    pub drop: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContainerDependency {
    pub condition: &'static str,
    pub container_name: String,
}

/// A container health check: `health.command`, run as `CMD` (no shell).
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
    pub container_path: String,
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
