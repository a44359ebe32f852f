//! The typed Rust builder: the same spec as `twinform.toml`, written in Rust.
//!
//! It builds the very same [`Spec`] value that loading the TOML file gives, and
//! [`App::to_toml`] renders it as spec text, so a builder-made spec goes through exactly the same
//! load → check → model → emit pipeline (one implementation of overlays, one set of checks).
//! Diagnostics then point into that rendered text, shown as `<builder:APP>`.
//!
//! ```
//! use twinform::builder::{App, Autoscale, Service};
//! let spec = App::new("shop")
//!     .service(Service::new("web").image("public.ecr.aws/acme/web:1.0.0").port(8080).route("/"))
//!     .service(
//!         Service::new("auth")
//!             .image("public.ecr.aws/acme/auth:2.0.1")
//!             .port(9000)
//!             .route("/auth")
//!             .autoscale(Autoscale::new(2, 10).cpu(60)),
//!     )
//!     .build();
//! assert_eq!(spec.services.len(), 2);
//! ```

use crate::spec::{self, Nat, Overlay, Patch, Protocol, Spec};

/// An application: `[app]` plus everything under it.
#[derive(Debug, Clone, Default)]
pub struct App {
    spec: Spec,
}

impl App {
    pub fn new(name: &str) -> Self {
        let app = spec::App {
            name: Some(name.to_owned()),
            ..Default::default()
        };
        App {
            spec: Spec {
                app: Some(app),
                ..Default::default()
            },
        }
    }

    fn app(&mut self) -> &mut spec::App {
        self.spec.app.get_or_insert_with(Default::default)
    }

    pub fn region(mut self, region: &str) -> Self {
        self.app().region = Some(region.to_owned());
        self
    }

    pub fn log_retention_days(mut self, days: i64) -> Self {
        self.app().log_retention_days = Some(days);
        self
    }

    pub fn tag(mut self, key: &str, value: &str) -> Self {
        self.app().tags.insert(key.to_owned(), value.to_owned());
        self
    }

    pub fn network(mut self, network: Network) -> Self {
        self.spec.network = Some(network.0);
        self
    }

    pub fn ingress(mut self, ingress: Ingress) -> Self {
        self.spec.ingress = Some(ingress.0);
        self
    }

    pub fn kubernetes(mut self, kubernetes: Kubernetes) -> Self {
        self.spec.kubernetes = Some(kubernetes.0);
        self
    }

    pub fn ecs(mut self, ecs: Ecs) -> Self {
        self.spec.ecs = Some(ecs.0);
        self
    }

    pub fn service(mut self, service: Service) -> Self {
        self.spec.services.insert(service.name, service.spec);
        self
    }

    /// An environment overlay, selected with `--env NAME` / `Options::env`.
    pub fn environment(mut self, name: &str, environment: Environment) -> Self {
        self.spec
            .environments
            .insert(name.to_owned(), environment.0);
        self
    }

    pub fn build(self) -> Spec {
        self.spec
    }

    /// The spec as `twinform.toml` text.
    pub fn to_toml(&self) -> String {
        to_toml(&self.spec)
    }
}

/// Renders a spec as TOML text (the form the pipeline reads).
pub fn to_toml(spec: &Spec) -> String {
    // A spec of plain strings, integers, booleans, arrays and string-keyed tables always
    // serializes; an empty text in its place would be reported as a missing `[app]`.
    toml::to_string(spec).expect("a spec of plain TOML values always serializes")
}

/// `[services.NAME]`.
#[derive(Debug, Clone)]
pub struct Service {
    name: String,
    spec: spec::Service,
}

impl Service {
    pub fn new(name: &str) -> Self {
        Service {
            name: name.to_owned(),
            spec: spec::Service::default(),
        }
    }

    pub fn image(mut self, image: &str) -> Self {
        self.spec.image = Some(image.to_owned());
        self
    }

    pub fn port(mut self, port: i64) -> Self {
        self.spec.port = Some(port);
        self
    }

    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.spec.protocol = Some(protocol);
        self
    }

    /// The billed Fargate size: CPU units and MiB.
    pub fn size(mut self, cpu: i64, memory: i64) -> Self {
        self.spec.cpu = Some(cpu);
        self.spec.memory = Some(memory);
        self
    }

    pub fn replicas(mut self, replicas: i64) -> Self {
        self.spec.replicas = Some(replicas);
        self
    }

    pub fn route(mut self, route: &str) -> Self {
        self.spec.route = Some(route.to_owned());
        self
    }

    pub fn health(mut self, health: Health) -> Self {
        self.spec.health = Some(health.0);
        self
    }

    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.spec.env.insert(name.to_owned(), value.to_owned());
        self
    }

    pub fn secret(mut self, name: &str, arn: &str) -> Self {
        self.spec.secrets.insert(name.to_owned(), arn.to_owned());
        self
    }

    pub fn calls<'a>(mut self, services: impl IntoIterator<Item = &'a str>) -> Self {
        self.spec
            .calls
            .get_or_insert_with(Vec::new)
            .extend(services.into_iter().map(str::to_owned));
        self
    }

    pub fn command<'a>(mut self, args: impl IntoIterator<Item = &'a str>) -> Self {
        self.spec.command = Some(args.into_iter().map(str::to_owned).collect());
        self
    }

    pub fn spot(mut self, spot: bool) -> Self {
        self.spec.spot = Some(spot);
        self
    }

    pub fn autoscale(mut self, autoscale: Autoscale) -> Self {
        self.spec.autoscale = Some(autoscale.0);
        self
    }

    /// The image tag, for an `image` that names none.
    pub fn tag(mut self, tag: &str) -> Self {
        self.spec.tag = Some(tag.to_owned());
        self
    }

    /// The image digest (`sha256:...`), for an `image` that names no tag.
    pub fn digest(mut self, digest: &str) -> Self {
        self.spec.digest = Some(digest.to_owned());
        self
    }

    /// Adds a sidecar container (`[[services.NAME.sidecars]]`).
    pub fn sidecar(mut self, sidecar: Sidecar) -> Self {
        self.spec
            .sidecars
            .get_or_insert_with(Vec::new)
            .push(sidecar.0);
        self
    }

    pub fn ephemeral_storage_gib(mut self, gib: i64) -> Self {
        self.spec.ephemeral_storage_gib = Some(gib);
        self
    }

    /// `user = "UID:GID"`.
    pub fn user(mut self, user: &str) -> Self {
        self.spec.user = Some(user.to_owned());
        self
    }

    pub fn host(mut self, host: &str) -> Self {
        self.spec.host = Some(host.to_owned());
        self
    }

    pub fn iam(mut self, iam: Iam) -> Self {
        self.spec.iam = Some(iam.0);
        self
    }
}

macro_rules! setters {
    ($ty:ident { $( $field:ident : $arg:ty => $conv:expr ),* $(,)? }) => {
        impl $ty {
            $(
                pub fn $field(mut self, value: $arg) -> Self {
                    let convert: fn($arg) -> _ = $conv;
                    self.0.$field = Some(convert(value));
                    self
                }
            )*
        }
    };
}

/// `[network]`.
#[derive(Debug, Clone, Default)]
pub struct Network(spec::Network);
setters!(Network {
    cidr: &str => str::to_owned,
    azs: i64 => |v| v,
    nat: Nat => |v| v,
    vpc_id: &str => str::to_owned,
    public_subnets: &[&str] => |v| v.iter().map(|s| s.to_string()).collect(),
    private_subnets: &[&str] => |v| v.iter().map(|s| s.to_string()).collect(),
});

impl Network {
    pub fn new() -> Self {
        Self::default()
    }
}

/// `[ingress]`.
#[derive(Debug, Clone, Default)]
pub struct Ingress(spec::Ingress);
setters!(Ingress {
    public: bool => |v| v,
    certificate_arn: &str => str::to_owned,
    domain: &str => str::to_owned,
    certificate_arns: &[&str] => |v| v.iter().map(|s| s.to_string()).collect(),
    hosted_zone_id: &str => str::to_owned,
    waf_acl_arn: &str => str::to_owned,
    listener_arn: &str => str::to_owned,
    load_balancer_security_group: &str => str::to_owned,
    priority_range: [i64; 2] => |v| v.to_vec(),
    deletion_protection: bool => |v| v,
});

impl Ingress {
    pub fn new() -> Self {
        Self::default()
    }
}

/// `health = { ... }`.
#[derive(Debug, Clone, Default)]
pub struct Health(spec::Health);
setters!(Health {
    path: &str => str::to_owned,
    interval: i64 => |v| v,
    timeout: i64 => |v| v,
    healthy: i64 => |v| v,
    unhealthy: i64 => |v| v,
    grace: i64 => |v| v,
    command: &[&str] => |v| v.iter().map(|s| s.to_string()).collect(),
});

impl Health {
    pub fn new() -> Self {
        Self::default()
    }
}

/// `[[services.NAME.sidecars]]`.
#[derive(Debug, Clone)]
pub struct Sidecar(spec::Sidecar);
setters!(Sidecar {
    tag: &str => str::to_owned,
    digest: &str => str::to_owned,
    cpu: i64 => |v| v,
    memory: i64 => |v| v,
    essential: bool => |v| v,
    command: &[&str] => |v| v.iter().map(|s| s.to_string()).collect(),
});

impl Sidecar {
    pub fn new(name: &str, image: &str) -> Self {
        Sidecar(spec::Sidecar {
            name: Some(name.to_owned()),
            image: Some(image.to_owned()),
            ..Default::default()
        })
    }

    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.0.env.insert(name.to_owned(), value.to_owned());
        self
    }
}

/// `[services.NAME.autoscale]`.
#[derive(Debug, Clone, Default)]
pub struct Autoscale(spec::Autoscale);
setters!(Autoscale {
    cpu: i64 => |v| v,
    memory: i64 => |v| v,
    requests_per_target: i64 => |v| v,
});

impl Autoscale {
    pub fn new(min: i64, max: i64) -> Self {
        Autoscale(spec::Autoscale {
            min: Some(min),
            max: Some(max),
            ..Default::default()
        })
    }
}

/// `[kubernetes]`.
#[derive(Debug, Clone, Default)]
pub struct Kubernetes(spec::Kubernetes);
setters!(Kubernetes {
    namespace: &str => str::to_owned,
    secret_store: &str => str::to_owned,
    parameter_store: &str => str::to_owned,
    vpc_cidr: &str => str::to_owned,
    cluster: &str => str::to_owned,
    private_subnets: &[&str] => |v| v.iter().map(|s| s.to_string()).collect(),
    oidc_provider_arn: &str => str::to_owned,
});

impl Kubernetes {
    pub fn new() -> Self {
        Self::default()
    }
}

/// `[environments.NAME]`: only what changes.
#[derive(Debug, Clone, Default)]
pub struct Environment(Overlay);

impl Environment {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn network(mut self, network: Network) -> Self {
        self.0.network = Some(network.0);
        self
    }

    pub fn ingress(mut self, ingress: Ingress) -> Self {
        self.0.ingress = Some(ingress.0);
        self
    }

    pub fn kubernetes(mut self, kubernetes: Kubernetes) -> Self {
        self.0.kubernetes = Some(kubernetes.0);
        self
    }

    pub fn ecs(mut self, ecs: Ecs) -> Self {
        self.0.ecs = Some(ecs.0);
        self
    }

    /// Changes to the base service `name`: `|s| s.replicas(3)`.
    pub fn service(mut self, name: &str, change: impl FnOnce(Service) -> Service) -> Self {
        let patch = change(Service::new(name));
        self.0.services.insert(name.to_owned(), Patch(patch.spec));
        self
    }
}

/// `[services.NAME.iam]`.
#[derive(Debug, Clone, Default)]
pub struct Iam(spec::Iam);
setters!(Iam {
    managed_policies: &[&str] => |v| v.iter().map(|s| s.to_string()).collect(),
    role_arn: &str => str::to_owned,
});

impl Iam {
    pub fn new() -> Self {
        Self::default()
    }

    /// One `Allow` statement: `actions` on `resources`.
    pub fn statement(mut self, actions: &[&str], resources: &[&str]) -> Self {
        let owned = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect());
        self.0
            .statements
            .get_or_insert_with(Vec::new)
            .push(spec::IamStatement {
                actions: owned(actions),
                resources: owned(resources),
            });
        self
    }
}

/// `[ecs]`.
#[derive(Debug, Clone, Default)]
pub struct Ecs(spec::Ecs);
setters!(Ecs {
    cluster: &str => str::to_owned,
    volume_init_image: &str => str::to_owned,
});

impl Ecs {
    pub fn new() -> Self {
        Self::default()
    }
}
