//! The resolved, target-neutral model: every default applied, every name derived, every
//! reference resolved. Emitters read this and nothing else.
//!
//! Architecture Invariant: `lower` takes a [`CheckedSpec`](crate::check::CheckedSpec), which only
//! `check` can build, and never guesses: a value check let through that the model cannot hold
//! is returned as an [`Unreadable`] key path (TF099, nothing written), not replaced by a
//! default; no `Option` here means "use the default" — an `Option` means
//! the feature is absent. Collections are `Vec`s sorted by name or `BTreeMap`s, so iteration
//! order is deterministic.

mod containers;
mod deploy;
mod job;
mod links;
mod lower;
mod network;
mod patches;
mod queue;
mod scaling;
mod storage;
mod unreadable;

pub use crate::spec::Concurrency;
pub use containers::{InitContainer, Sidecar};
pub use deploy::{Deploy, Shift};
pub use job::{
    DEFAULT_RETRIES, FAILED_HISTORY, Job, STARTING_DEADLINE_SECONDS, SUCCESSFUL_HISTORY,
};
pub(crate) use lower::is_label_value;
pub use lower::lower;
pub use network::SubnetLayout;
pub use patches::{Patch, PatchTarget};
pub use queue::QueueScaling;
pub use scaling::{Autoscale, Scaling};
pub use storage::EfsMount;
pub use unreadable::Unreadable;

use std::collections::BTreeMap;

/// The default non-root user and group of every container, on ECS and on EKS (≥ 10000 for
/// checkov CKV_K8S_40); `user` overrides them per service.
pub const CONTAINER_UID: u32 = crate::syntax::user::User::DEFAULT.uid;
pub const CONTAINER_GID: u32 = crate::syntax::user::User::DEFAULT.gid;
/// The one writable path of a read-only root file system, on both targets.
pub const TMP_MOUNT: &str = "/tmp";
/// The app container's volume mounted at [`TMP_MOUNT`] (ECS task volume, EKS `emptyDir`);
/// each sidecar has its own ([`Sidecar::tmp_volume`]).
pub const TMP_VOLUME: &str = "tmp";
/// TLS policy of every HTTPS listener (ECS) and the Ingress (EKS).
pub const SSL_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/// Seconds the ALB waits for in-flight requests before deregistering a target; below
/// Fargate's 120 s stop-timeout cap.
pub const DEREGISTRATION_DELAY_SECONDS: u32 = 30;
/// Application Auto Scaling cooldowns.
pub const SCALE_IN_COOLDOWN_SECONDS: u32 = 300;
pub const SCALE_OUT_COOLDOWN_SECONDS: u32 = 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub app: App,
    pub network: Network,
    pub ingress: Ingress,
    /// Sorted by name.
    pub services: Vec<Service>,
    /// Scheduled jobs, sorted by name.
    pub jobs: Vec<Job>,
    pub kubernetes: Kubernetes,
    pub ecs: Ecs,
    /// `[[patches]]`, in spec order (base, then the overlay's).
    pub patches: Vec<Patch>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ecs {
    /// An existing cluster's name: no cluster resource, the services run there.
    pub existing_cluster: Option<String>,
    /// Image of the `volume_init` container that makes every task's scratch volumes writable
    /// for the non-root user (`ecs.volume_init_image`).
    pub volume_init_image: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct App {
    pub name: String,
    /// CloudFormation logical-ID stem of the app (`Shop`).
    pub logical_id: String,
    pub region: String,
    pub log_retention_days: u32,
    /// Tags for every taggable AWS resource.
    pub tags: BTreeMap<String, String>,
    /// The subset of `tags` that are valid Kubernetes label keys and values.
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Network {
    /// A VPC created by the template.
    Managed {
        cidr: String,
        /// Number of AZs (2 or 3); subnets are placed with `Fn::Select [i, Fn::GetAZs '']`.
        azs: u8,
        nat: Nat,
        /// Pinned subnet CIDRs, one public and one private per AZ.
        layout: SubnetLayout,
    },
    /// An existing VPC; one public and one private subnet per AZ.
    Existing {
        vpc_id: String,
        public_subnets: Vec<String>,
        private_subnets: Vec<String>,
    },
}

impl Network {
    /// The VPC CIDR when known (a managed VPC).
    pub fn cidr(&self) -> Option<&str> {
        match self {
            Network::Managed { cidr, .. } => Some(cidr),
            Network::Existing { .. } => None,
        }
    }

    /// Whether tasks get public IPs in public subnets (no NAT gateway).
    pub fn tasks_in_public_subnets(&self) -> bool {
        matches!(self, Network::Managed { nat: Nat::None, .. })
    }
}

pub use crate::spec::Nat;
pub use crate::spec::Platform;
pub use crate::spec::Protocol;

/// Length cap of an IAM `RoleName`.
pub const ROLE_NAME_MAX: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ingress {
    /// Internet-facing (true) or internal (false).
    pub public: bool,
    pub certificate_arn: Option<String>,
    /// Host condition on every rule.
    pub domain: Option<String>,
    /// Certificates beyond `certificate_arn` (the listener's default), in spec order, without
    /// duplicates: listener certificates on ECS.
    pub extra_certificates: Vec<String>,
    /// Route 53 zone for the service hosts' alias records.
    pub hosted_zone_id: Option<String>,
    pub waf_acl_arn: Option<String>,
    /// An existing listener: only rules and target groups are emitted on ECS.
    pub shared_listener: Option<SharedListener>,
    /// `[first, last]` of listener-rule priorities, when limited.
    pub priority_range: Option<(u32, u32)>,
    /// ALB deletion protection, the same on both targets.
    pub deletion_protection: bool,
    /// The ALBs (Ingress groups on EKS) the routed hosts are laid out on: none without routes,
    /// one up to 100 routes or with a shared listener (see [`crate::load_balancers`]).
    pub load_balancers: Vec<LoadBalancer>,
}

pub use crate::load_balancers::Bucket as LoadBalancer;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedListener {
    pub listener_arn: String,
    /// The existing load balancer's security group, admitted into routed services.
    pub security_group: String,
}

impl Ingress {
    /// The ALB scheme on both targets (the CloudFormation `Scheme`, the controller's `scheme`
    /// annotation).
    pub fn scheme(&self) -> &'static str {
        if self.public {
            "internet-facing"
        } else {
            "internal"
        }
    }

    /// The attributes every ALB gets on both targets, sorted by key: deletion protection as
    /// configured, and header fields that are not valid HTTP dropped rather than passed on.
    pub fn load_balancer_attributes(&self) -> [(&'static str, bool); 2] {
        [
            ("deletion_protection.enabled", self.deletion_protection),
            ("routing.http.drop_invalid_header_fields.enabled", true),
        ]
    }

    pub fn https(&self) -> bool {
        self.certificate_arn.is_some()
    }

    /// Every certificate: the default first, then the others.
    pub fn certificates(&self) -> Vec<&str> {
        self.certificate_arn
            .iter()
            .chain(&self.extra_certificates)
            .map(String::as_str)
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The spec name: the k8s object name, the ECS service's Service Connect name, the host in
    /// `http://<name>:<port>`.
    pub name: String,
    /// CloudFormation logical-ID stem (`AuthV2`); resource IDs are `{logical_id}{Kind}`.
    pub logical_id: String,
    /// The full reference both targets pull: `image`, `image:tag` or `image@sha256:…`.
    pub image: String,
    /// What the service is: a server on a port, or a worker.
    pub role: Role,
    /// The billed Fargate size on both targets: CPU units and MiB (a valid pair).
    pub cpu: u32,
    pub memory: u32,
    pub scaling: Scaling,
    /// How often and how patiently both targets check the service (whatever the check is).
    pub health: Health,
    /// Sorted by name.
    pub env: BTreeMap<String, String>,
    /// Sorted by variable name.
    pub secrets: BTreeMap<String, Secret>,
    /// Services this one calls, sorted by name; each has a port (TF053).
    pub calls: Vec<ServiceIndex>,
    /// The callees this service is created after (ECS `DependsOn`), sorted: `calls` less the
    /// call that closes a cycle, if any ([`crate::calls::order`]).
    pub start_after: Vec<ServiceIndex>,
    /// The non-root user and group every container of the service runs as (`user`).
    pub uid: u32,
    pub gid: u32,
    pub command: Option<Vec<String>>,
    pub spot: bool,
    /// The image's architecture on ECS; EKS on Fargate runs `Amd64` whatever this says.
    pub platform: Platform,
    /// ECS Exec into the containers (`exec`); nothing on EKS, where RBAC governs `kubectl exec`.
    pub exec: bool,
    /// The private registry's credentials the app image is pulled with (`registry_credentials`).
    pub registry_credentials: Option<RegistryCredentials>,
    /// Containers run before the app and the sidecars, in spec order.
    pub init: Vec<InitContainer>,
    /// Containers beside the app, in spec order; their sizes come out of `cpu`/`memory`.
    pub sidecars: Vec<Sidecar>,
    /// Ephemeral storage in GiB (21..=154); `None` keeps each platform's default (20 GiB).
    pub ephemeral_storage_gib: Option<u32>,
    /// EFS access points the app container mounts, in spec order.
    pub volumes: Vec<EfsMount>,
    /// The application's own AWS permissions, if any.
    pub iam: Option<AppIam>,
    /// The role the pods run as on EKS (the `eks.amazonaws.com/role-arn` annotation).
    pub eks_role: Option<EksRole>,
}

/// A service's position in [`Model::services`]. Only `lower` makes one, from the model it
/// builds, so [`Model::service`] always finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ServiceIndex(usize);

impl Model {
    /// The service at `index`.
    pub fn service(&self, index: ServiceIndex) -> &Service {
        &self.services[index.0]
    }

    /// The names of the services at `indices`, in their order.
    pub fn names(&self, indices: &[ServiceIndex]) -> Vec<&str> {
        indices
            .iter()
            .map(|&i| self.service(i).name.as_str())
            .collect()
    }
}

/// What a service is. Each target builds the same things from it: a server gets a port
/// mapping / container port, a Service Connect endpoint / ClusterIP Service, and a target
/// group / Ingress path when routed; a worker gets none of them and is checked by a command.
#[derive(Debug, Clone, PartialEq, Eq)]
// One per service, built once and read by reference: boxing the server would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Role {
    Server(Server),
    Worker(Worker),
    /// A scheduled job's container ([`Job`]): runs to completion, no port, no health check.
    Job,
}

/// A service listening on a port, reachable at `http://<name>:<port>` by its callers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub port: u16,
    /// Port name (≤ 15 chars, IANA_SVC_NAME): the ECS port mapping name (Service Connect) and
    /// the k8s container/Service port name. By protocol family (`http` for HTTP and gRPC,
    /// `tcp`), so a protocol change within a family renames nothing.
    pub port_name: String,
    pub protocol: Protocol,
    /// The path on the load balancer; a server without one is internal.
    pub route: Option<Route>,
    /// How both targets check the container (ECS container health check, EKS probes).
    pub probe: Probe,
    /// Services that call this one, sorted by name.
    pub callers: Vec<ServiceIndex>,
}

/// A service without a port: nothing routes to it or calls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    /// `health.command` (exit 0 = healthy), run in the container on both targets (TF054).
    pub health_command: Vec<String>,
}

/// A server's container check: the ECS container health check when it is a command, and the
/// handler of every EKS probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// `health.command`, run in the container; exclusive with `health.path` (TF054).
    Command(Vec<String>),
    /// An HTTP GET of the path on the port.
    Http { path: String },
    /// The standard gRPC health protocol on the port (the kubelet speaks no other).
    Grpc,
    /// A TCP connect to the port.
    Tcp,
}

impl Service {
    /// The server's part, `None` for a worker.
    pub fn server(&self) -> Option<&Server> {
        match &self.role {
            Role::Server(server) => Some(server),
            Role::Worker(_) | Role::Job => None,
        }
    }

    /// The route, if the service is a routed server.
    pub fn route(&self) -> Option<&Route> {
        self.server().and_then(|s| s.route.as_ref())
    }

    /// The service's deployment strategy: a route's, else rolling (TF082).
    pub fn deploy(&self) -> Deploy {
        self.route().map(|r| r.deploy).unwrap_or_default()
    }

    /// `http://<name>:<port>`: the same URL on both targets; `None` for a worker.
    pub fn url(&self) -> Option<String> {
        self.server()
            .map(|s| format!("http://{}:{}", self.name, s.port))
    }

    /// A worker: no port, so no load balancer, Service or Service Connect entry.
    pub fn is_worker(&self) -> bool {
        matches!(self.role, Role::Worker(_))
    }

    /// The command both targets run in the container to check it: a worker's, or a server's
    /// checked by command; `None` when a server is checked over its port.
    pub fn health_command(&self) -> Option<&[String]> {
        match &self.role {
            Role::Worker(worker) => Some(&worker.health_command),
            Role::Server(Server {
                probe: Probe::Command(command),
                ..
            }) => Some(command),
            Role::Server(_) | Role::Job => None,
        }
    }
}

/// `[services.NAME.iam]`, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppIam {
    /// Permissions for the role twinform creates (the ECS task role, the EKS IRSA role).
    Policies {
        statements: Vec<IamStatement>,
        managed_policies: Vec<String>,
    },
    /// An existing role on both targets.
    Role(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IamStatement {
    pub actions: Vec<String>,
    pub resources: Vec<String>,
}

/// The pods' role on EKS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EksRole {
    /// Created by the EKS template under a fixed `name`, so its `arn` is known at synth time.
    Irsa { name: String, arn: String },
    /// `iam.role_arn`.
    Existing(String),
}

impl EksRole {
    pub fn arn(&self) -> &str {
        match self {
            EksRole::Irsa { arn, .. } | EksRole::Existing(arn) => arn,
        }
    }
}

impl Service {
    /// CPU units left for the app container once the sidecars have theirs.
    pub fn app_cpu(&self) -> u32 {
        let sidecars = self
            .sidecars
            .iter()
            .map(|s| s.cpu)
            .fold(0, u32::saturating_add);
        self.cpu.saturating_sub(sidecars)
    }

    /// MiB left for the app container once the sidecars have theirs (before any EKS overhead).
    pub fn app_memory(&self) -> u32 {
        let sidecars = self
            .sidecars
            .iter()
            .map(|s| s.memory)
            .fold(0, u32::saturating_add);
        self.memory.saturating_sub(sidecars)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Normalized path prefix (`/`, `/api`).
    pub path: String,
    /// ALB path-pattern values, in order (`/api`, `/api/*`).
    pub patterns: Vec<String>,
    /// Host condition (`ingress.domain`), if any.
    pub host: Option<String>,
    /// Listener-rule priority (1..=50000), decided from the routes of its listener alone
    /// ([`crate::routes::priority`]).
    pub priority: u32,
    /// The service whose rule holds `priority + 1` in the same run of its listener: this rule
    /// moves only after that one has (an added rule shifts the rest of its run up by one).
    pub next: Option<ServiceIndex>,
    /// Index of its load balancer in [`Ingress::load_balancers`].
    pub load_balancer: usize,
    /// What the load balancer speaks to the targets and how it checks them.
    pub backend: Backend,
    /// The target group's health-check path: `health.path`, or the default of the protocol
    /// (also when the containers are checked by `health.command`).
    pub health_path: String,
    /// How a new revision takes over; only a routed server can shift traffic. The parity
    /// table reads [`Deploy::name`] and [`Deploy::schedule`]; TF152 lists what differs.
    pub deploy: Deploy,
}

/// The target group's protocol behind a route (a TCP server has no route: TF011).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Http,
    Grpc,
}

impl Backend {
    /// The health-check answers that count as healthy, the same on both targets: any
    /// non-error HTTP status (as a Kubernetes httpGet probe), or gRPC status 0 (OK).
    pub fn success_codes(self) -> &'static str {
        match self {
            Backend::Http => "200-399",
            Backend::Grpc => "0",
        }
    }

    /// The target group's protocol version: `GRPC` for gRPC, the default (HTTP/1.1) else.
    pub fn protocol_version(self) -> Option<&'static str> {
        match self {
            Backend::Http => None,
            Backend::Grpc => Some("GRPC"),
        }
    }
}

/// The timing of every check of a service, whatever checks it: the target group, the ECS
/// container health check and the EKS probes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub interval: u32,
    pub timeout: u32,
    pub healthy: u32,
    pub unhealthy: u32,
    /// Seconds after start before failed checks count.
    pub grace: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    /// The ARN as written (ECS `ValueFrom`; may carry a Secrets Manager JSON-key suffix).
    pub arn: String,
    /// What IAM policies name: the ARN without the JSON-key suffix; a partial Secrets Manager
    /// ARN as the pattern `…-??????` (IAM matches the complete ARN, see `arn::secret_policy_resource`).
    pub resource_arn: String,
    pub store: SecretStore,
    /// The key External Secrets looks up: the secret ARN, or the parameter name.
    pub remote_key: String,
    /// JSON key inside a Secrets Manager secret, if the ARN names one.
    pub json_key: Option<String>,
}

/// `registry_credentials`, resolved: the secret and the registry host it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryCredentials {
    /// A whole Secrets Manager secret (`username`, `password`).
    pub secret: Secret,
    /// The image's registry host, the `auths` key of the EKS pull secret
    /// (`https://index.docker.io/v1/` for Docker Hub).
    pub registry: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SecretStore {
    SecretsManager,
    ParameterStore,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kubernetes {
    pub namespace: String,
    /// ClusterSecretStore names.
    pub secret_store: String,
    pub parameter_store: String,
    /// CIDR allowed to reach routed pods (the ALB's subnets), if known.
    pub vpc_cidr: Option<String>,
    /// EKS cluster for the Fargate-profile template.
    pub cluster: Option<EksCluster>,
    /// The cluster's OIDC provider, which IRSA roles trust.
    pub oidc_provider: Option<crate::arn::OidcProvider>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EksCluster {
    pub name: String,
    pub private_subnets: Vec<String>,
}
