//! The spec: serde + schemars types of `twinform.toml`, its loading and its overlays.
//!
//! Architecture Invariant: the typed spec carries no spans. A rule that needs a location asks
//! [`Located`] for the span of a key path in the (overlay-merged) spanned document, the way cargo
//! looks up manifest spans. Fields a user may omit are `Option<T>`; their defaults live in
//! [`defaults`] and are applied in `model`, never here. Numbers are `i64` so that out-of-range
//! values reach `check` and get a located diagnostic instead of a serde error.

pub mod defaults;
mod deploy;
mod job;
mod load;
mod locate;
mod patch;
pub mod patches;
mod queue;
pub mod reference;
pub mod resolve;
pub mod schema;
mod storage;
mod suggest;

pub use deploy::{Deploy, KEYS, Strategy};
pub use job::{Concurrency, Job};
pub use load::{Loaded, MAX_SERVICES, MAX_SPEC_BYTES, load};
pub use locate::{KeyPath, Located, Span};
pub use patch::Patch;
pub use patches::{OpKind, PatchOp, ResourcePatch};
pub use queue::QueueScale;
pub use schema::json_schema;
pub use storage::Volume;
pub(crate) use suggest::closest;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A twinform spec: one application made of containerized services, run on ECS and EKS Fargate.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "twinform spec")]
pub struct Spec {
    /// The application: its name prefixes AWS names and is the default Kubernetes namespace.
    #[schemars(required)]
    // No `serde(default)`: a missing Option is None anyway, and schemars would drop `required`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app: Option<App>,
    /// The VPC. Default: a new VPC 10.0.0.0/16 over 2 AZs with one NAT gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<Network>,
    /// The load balancers (ALBs on ECS, `alb` Ingresses on EKS): one up to 100 routes, more past
    /// that, spread by host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress: Option<Ingress>,
    /// The services, by name. Names are DNS-1035 labels of at most 32 characters.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub services: BTreeMap<String, Service>,
    /// Scheduled jobs, by name (DNS-1123 labels of at most 52 characters, not a service's).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub jobs: BTreeMap<String, Job>,
    /// `[[patches]]`: JSON Patch operations on emitted resources (see `patches.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patches: Vec<ResourcePatch>,
    /// EKS-only settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<Kubernetes>,
    /// ECS-only settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecs: Option<Ecs>,
    /// Environment overlays, selected with `--env NAME`. Tables merge key by key; arrays and
    /// scalars replace. An overlay may not change `app.name` nor add services.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub environments: BTreeMap<String, Overlay>,
}

/// `[app]`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct App {
    /// Required. A DNS-1123 label of at most 20 characters; it prefixes AWS names.
    #[schemars(
        required,
        regex(pattern = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"),
        length(max = 20)
    )]
    // No `serde(default)`: a missing Option is None anyway, and schemars would drop `required`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// AWS Region, used for ARN checks and log configuration.
    #[schemars(extend("default" = defaults::REGION), example = "eu-west-1")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// CloudWatch Logs retention in days (one of the values CloudWatch accepts).
    #[schemars(extend("default" = defaults::LOG_RETENTION_DAYS))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention_days: Option<i64>,
    /// Tags on every taggable AWS resource, and Kubernetes labels where the key and value are
    /// valid label syntax.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

/// NAT gateway layout.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Nat {
    /// One NAT gateway shared by every AZ (cheaper; egress depends on one AZ).
    Single,
    /// One NAT gateway per AZ (AWS's recommendation for production).
    PerAz,
    /// No NAT gateway: tasks run in public subnets with public IPs.
    None,
}

/// `[network]`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Network {
    /// The new VPC's IPv4 CIDR, a prefix between /16 and /20.
    #[schemars(extend("default" = defaults::CIDR))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<String>,
    /// Number of availability zones, 2 or 3.
    #[schemars(extend("default" = defaults::AZS), range(min = 2, max = 3))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azs: Option<i64>,
    /// NAT gateway layout.
    #[schemars(extend("default" = defaults::NAT))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat: Option<Nat>,
    /// Reuse an existing VPC instead of creating one (needs both subnet lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// With `vpc_id`: one public subnet per AZ (the load balancer's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_subnets: Option<Vec<String>>,
    /// With `vpc_id`: one private subnet per AZ (the tasks').
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_subnets: Option<Vec<String>>,
}

/// `[ingress]`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Ingress {
    /// Internet-facing when true, internal scheme when false.
    #[schemars(extend("default" = defaults::PUBLIC))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
    /// ACM certificate ARN; adds an HTTPS:443 listener and redirects HTTP to HTTPS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<String>,
    /// Host name; adds a host condition to every rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// More ACM certificates (one per host name the services use); every one is attached to
    /// the HTTPS listener. Without `certificate_arn`, the first is the listener's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_arns: Option<Vec<String>>,
    /// Route 53 hosted zone of the service hosts: alias records (ECS), external-dns (EKS).
    #[schemars(example = &"Z0123456789ABCDEFGHIJ")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosted_zone_id: Option<String>,
    /// AWS WAF (v2, regional) web ACL ARN associated with the load balancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waf_acl_arn: Option<String>,
    /// An existing ALB listener: only listener rules and target groups are emitted (ECS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listener_arn: Option<String>,
    /// With `listener_arn`: the existing load balancer's security group (`sg-` ID), allowed
    /// into the routed services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_security_group: Option<String>,
    /// `[first, last]`: listener-rule priorities are placed only in this range (a shared
    /// listener's slice), still a pure function of host and route.
    #[schemars(length(min = 2, max = 2))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_range: Option<Vec<i64>>,
    /// ALB deletion protection, on both targets (ECS load-balancer attribute, EKS Ingress
    /// annotation). A protected ALB cannot be deleted: a stack whose first create fails cannot
    /// roll back and `delete-stack` fails, so turn it on for production only.
    #[schemars(extend("default" = defaults::DELETION_PROTECTION))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_protection: Option<bool>,
}

/// Application protocol of a service's port.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Protocol {
    Http,
    Grpc,
    Tcp,
}

/// A container platform: operating system and CPU architecture, as `docker buildx` names it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum Platform {
    /// x86-64: the default, and the only architecture of EKS on Fargate.
    #[serde(rename = "linux/amd64")]
    Amd64,
    /// Graviton on ECS Fargate.
    #[serde(rename = "linux/arm64")]
    Arm64,
}

/// `[services.NAME]`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Service {
    /// Required. Container image reference, with a tag or digest.
    #[schemars(required, example = "public.ecr.aws/acme/frontend:1.4.2")]
    // No `serde(default)`: a missing Option is None anyway, and schemars would drop `required`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The container port, 1..=65535. Without `port` and `route` the service is a worker.
    #[schemars(range(min = 1, max = 65535), example = 8080)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    /// Application protocol.
    #[schemars(extend("default" = defaults::PROTOCOL))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
    /// CPU units; with `memory`, a valid Fargate size, billed the same on both targets.
    #[schemars(extend("default" = defaults::CPU))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<i64>,
    /// Memory in MiB; with `cpu`, a valid Fargate size.
    #[schemars(extend("default" = defaults::MEMORY))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<i64>,
    /// Fixed number of tasks/pods; not allowed together with `autoscale`.
    #[schemars(extend("default" = defaults::REPLICAS))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i64>,
    /// Path prefix on the shared load balancer. Without it the service is internal only.
    #[schemars(example = "/api")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// Health check, the same on the ALB/ECS and the Kubernetes probes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<Health>,
    /// Plain environment variables. A number or boolean (`PORT = 8080`, `DEBUG = true`) is
    /// passed as its TOML text, the same string on both targets. `${services.NAME.url}`
    /// (`http://NAME:PORT`), `${services.NAME.host}` and `${services.NAME.port}` name a service
    /// this one `calls` and resolve to the same text on both targets.
    #[schemars(with = "BTreeMap<String, EnvValue>")]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// Environment variables from Secrets Manager secret ARNs or SSM parameter ARNs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secrets: BTreeMap<String, String>,
    /// The services this one calls, reached at `http://<service>:<port>` on both targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<Vec<String>>,
    /// Container command (arguments replacing the image's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
    /// Run on Fargate Spot on ECS (ignored on EKS, which has no Spot on Fargate).
    #[schemars(extend("default" = defaults::SPOT))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spot: Option<bool>,
    /// CPU architecture of the image on ECS: `linux/arm64` runs on Graviton (Spot too). EKS on
    /// Fargate runs `linux/amd64` only, so an `arm64` service's image must be multi-arch.
    #[schemars(extend("default" = defaults::PLATFORM))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// ECS Exec (`aws ecs execute-command`) into the service's containers: the service's
    /// `EnableExecuteCommand`, the Session Manager channels on its task role, and writable
    /// directories for the agent in the read-only container. On EKS `kubectl exec` needs no
    /// setting: RBAC decides who may.
    #[schemars(extend("default" = defaults::EXEC))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exec: Option<bool>,
    /// The Secrets Manager secret (`{"username": …, "password": …}`) with the credentials of
    /// the private registry the app's `image` is pulled from (not ECR, which the execution role
    /// reads): the ECS container's `RepositoryCredentials`, and on EKS an ExternalSecret of type
    /// `kubernetes.io/dockerconfigjson` in the pods' `imagePullSecrets`.
    #[schemars(
        example = "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry/acme-AbCdEf"
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_credentials: Option<String>,
    /// Target-tracking autoscaling; replaces `replicas`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoscale: Option<Autoscale>,
    /// Image tag, when `image` names none (overlays and `--tag` override it).
    #[schemars(example = "1.4.2")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Image digest `sha256:<64 hex>`, when `image` names no tag; pins the image on both targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// Containers beside the app in the same task/pod (log routers, collectors, agents); their
    /// cpu and memory come out of the service's Fargate size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sidecars: Option<Vec<Sidecar>>,
    /// Containers run to completion, in order, before the app and the sidecars start
    /// (migrations, config rendering): ECS containers the others wait on (`SUCCESS`), EKS
    /// `initContainers`. Each gets the app's `env` and `secrets` (its own `env` on top), the
    /// app's user and size limits, and its own writable `/tmp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init: Option<Vec<InitContainer>>,
    /// Task/pod ephemeral storage in GiB, 21..=154 (ECS allows up to 200; EKS Fargate provisions
    /// the request + 10% + 5 GiB, at most 175).
    #[schemars(range(min = 21, max = 154))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage_gib: Option<i64>,
    /// Host name of the route (host condition on ECS, Ingress rule host on EKS); overrides
    /// `ingress.domain` for this service.
    #[schemars(example = &"api.shop.example.com")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The application's own AWS permissions (ECS task role, EKS IRSA role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam: Option<Iam>,
    /// Existing EFS access points mounted into the app container (EKS: static PVs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Vec<Volume>>,
    /// Numeric `UID:GID` every container of the service runs as (ECS `User`, EKS
    /// `runAsUser`/`runAsGroup`/`fsGroup`); never root (UID or GID 0).
    #[schemars(extend("default" = defaults::USER), example = "10001:10001")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// How a new revision replaces the old: `rolling` (default), or traffic shifted by the load
    /// balancer (`blue-green`, `canary`, `linear`) on a routed service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deploy: Option<Deploy>,
}

/// `[[services.NAME.sidecars]]`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Sidecar {
    /// Required. Container name: a DNS-1123 label, unique in the service, not the service's name.
    #[schemars(required)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Required. Container image, with a tag or digest (or given by `tag`/`digest`).
    #[schemars(required)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Image tag, when `image` names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Image digest `sha256:<64 hex>`, when `image` names no tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// CPU units reserved for the sidecar, taken from the service's `cpu`.
    #[schemars(extend("default" = defaults::SIDECAR_CPU), range(min = 1))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<i64>,
    /// MiB reserved for the sidecar, taken from the service's `memory`.
    #[schemars(extend("default" = defaults::SIDECAR_MEMORY), range(min = 6))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<i64>,
    /// Whether the task stops when this container stops (ECS); EKS restarts it either way.
    #[schemars(extend("default" = defaults::SIDECAR_ESSENTIAL))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub essential: Option<bool>,
    /// Plain environment variables. A number or boolean (`PORT = 8080`, `DEBUG = true`) is
    /// passed as its TOML text, the same string on both targets. `${services.NAME.url}`
    /// (`http://NAME:PORT`), `${services.NAME.host}` and `${services.NAME.port}` name a service
    /// this one `calls` and resolve to the same text on both targets.
    #[schemars(with = "BTreeMap<String, EnvValue>")]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// Container command (arguments replacing the image's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
}

/// `[[services.NAME.init]]`: a container run to completion before the app.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct InitContainer {
    /// Required. Container name: a DNS-1123 label, unique in the service, not the service's name.
    #[schemars(required)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Required. Container image, with a tag or digest (or given by `tag`/`digest`).
    #[schemars(required)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Image tag, when `image` names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Image digest `sha256:<64 hex>`, when `image` names no tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// Environment variables on top of the app's (same rules as the app's `env`).
    #[schemars(with = "BTreeMap<String, EnvValue>")]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// Container command (arguments replacing the image's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
}

/// `[services.NAME.iam]`: statements and managed policies, or an existing role.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Iam {
    /// `Allow` statements of the role's inline policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statements: Option<Vec<IamStatement>>,
    /// Managed policy ARNs attached to the role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_policies: Option<Vec<String>>,
    /// An existing role the service runs as (exclusive with `statements` and
    /// `managed_policies`); on EKS it must trust the cluster's OIDC provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
}

/// One `Allow` statement: actions on resources.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct IamStatement {
    /// `service:Action` names (wildcards inside a name, such as `s3:Get*`, are allowed).
    #[schemars(required, example = ["sqs:ReceiveMessage"])]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<String>>,
    /// Resource ARNs; `*` only for read-only actions.
    #[schemars(required)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
}

/// `[ecs]`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Ecs {
    /// An existing ECS cluster's name: the services run there and no cluster is emitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// Image of the `volume-init` container that makes each task's scratch volumes writable for
    /// the non-root user before the app starts (ECS creates them root-owned 0755); it must hold
    /// `chmod`. Override it to pull from a private registry.
    #[schemars(extend("default" = defaults::VOLUME_INIT_IMAGE))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_init_image: Option<String>,
}

/// `health = { ... }`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Health {
    /// HTTP path; for gRPC the health method (default `/grpc.health.v1.Health/Check`).
    #[schemars(extend("default" = defaults::HEALTH_PATH))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Seconds between checks, 5..=300.
    #[schemars(extend("default" = defaults::HEALTH_INTERVAL), range(min = 5, max = 300))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<i64>,
    /// Seconds before a check fails, 2..=120 and less than `interval`.
    #[schemars(extend("default" = defaults::HEALTH_TIMEOUT), range(min = 2, max = 120))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    /// Consecutive successes to become healthy, 2..=10.
    #[schemars(extend("default" = defaults::HEALTH_HEALTHY), range(min = 2, max = 10))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy: Option<i64>,
    /// Consecutive failures to become unhealthy, 2..=10.
    #[schemars(extend("default" = defaults::HEALTH_UNHEALTHY), range(min = 2, max = 10))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unhealthy: Option<i64>,
    /// Seconds after start before failed checks count.
    #[schemars(extend("default" = defaults::HEALTH_GRACE), range(min = 0, max = 3600))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace: Option<i64>,
    /// A command run in the container, healthy when it exits 0; exclusive with `path`.
    /// Required for a worker; on an internal service (a port, no route) it is the only check ECS
    /// can run (a container health check runs a command inside the image).
    #[schemars(example = ["/app/healthcheck"])]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
}

/// `[services.NAME.autoscale]`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Autoscale {
    /// Minimum count (required, at least 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// Maximum count (required, at least `min`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Target average CPU utilization, percent.
    #[schemars(range(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<i64>,
    /// Target average memory utilization, percent.
    #[schemars(range(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<i64>,
    /// ALB requests per target per minute (ECS only; needs `route`).
    #[schemars(range(min = 1))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_per_target: Option<i64>,
    /// A worker's SQS backlog per task (ECS metric math, EKS KEDA `ScaledObject`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<QueueScale>,
}

/// `[kubernetes]`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Kubernetes {
    /// Namespace of every object. Default: `app.name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// ClusterSecretStore (External Secrets Operator) for Secrets Manager ARNs.
    #[schemars(extend("default" = defaults::SECRET_STORE))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_store: Option<String>,
    /// ClusterSecretStore for SSM parameter ARNs.
    #[schemars(extend("default" = defaults::PARAMETER_STORE))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_store: Option<String>,
    /// The cluster VPC's CIDR, allowed to reach routed pods (the ALB). Default: `network.cidr`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_cidr: Option<String>,
    /// EKS cluster name; when set, also emit a CloudFormation template with the Fargate profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// The cluster's private subnets (required with `cluster`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_subnets: Option<Vec<String>>,
    /// The cluster's IAM OIDC provider ARN: IRSA roles trust it (required when a service has
    /// `iam` and `cluster` is set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_provider_arn: Option<String>,
}

/// What an `env` value may be written as; the loader turns numbers and booleans into the string
/// of their TOML text before the spec is typed, so only the schema sees this.
#[derive(JsonSchema)]
#[allow(dead_code)]
#[serde(untagged)]
enum EnvValue {
    String(String),
    Integer(i64),
    Float(f64),
    Boolean(bool),
}

/// `[environments.NAME]`: the same keys as the base spec, none required.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Overlay {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<Patch<App>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<Network>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress: Option<Ingress>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub services: BTreeMap<String, Patch<Service>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub jobs: BTreeMap<String, Patch<Job>>,
    /// Appended to the base's `[[patches]]`, not replacing them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patches: Vec<ResourcePatch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<Kubernetes>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecs: Option<Ecs>,
}
