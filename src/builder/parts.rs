//! The tables a service or the app is made of (`[network]`, `health = {...}`, sidecars, ...):
//! typed setters over the spec types, each recording where it was called.

use super::origin::Origins;
use crate::spec::{self, Nat};

/// A table the builder assembles: its spec value and where each key was written.
pub(super) trait Part {
    type Spec;
    fn into_parts(self) -> (Self::Spec, Origins);
}

/// `part`'s spec value, its origins taken under `prefix`.
pub(super) fn into_spec<P: Part>(part: P, prefix: &[&str], origins: &mut Origins) -> P::Spec {
    let (spec, own) = part.into_parts();
    origins.nest(prefix, own);
    spec
}

macro_rules! part {
    ($(#[$doc:meta])* $ty:ident($spec:ty) { $( $field:ident : $arg:ty => $conv:expr ),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default)]
        pub struct $ty($spec, Origins);

        impl Part for $ty {
            type Spec = $spec;
            fn into_parts(self) -> ($spec, Origins) {
                (self.0, self.1)
            }
        }

        impl $ty {
            $(
                #[track_caller]
                pub fn $field(mut self, value: $arg) -> Self {
                    let convert: fn($arg) -> _ = $conv;
                    self.0.$field = Some(convert(value));
                    self.1.record(
                        &[stringify!($field)],
                        concat!(stringify!($ty), "::", stringify!($field)),
                    );
                    self
                }
            )*
        }
    };
}

/// A named container beside or before the app (a sidecar, an init container): made from a
/// name and an image, with its own `env`.
macro_rules! containers {
    ($ty:ident($spec:ident)) => {
        impl $ty {
            #[track_caller]
            pub fn new(name: &str, image: &str) -> Self {
                let method = concat!(stringify!($ty), "::new");
                let mut origins = Origins::default();
                origins.record(&[], method);
                // An element of an array of tables has no span of its own in the document.
                origins.record(&["name"], method);
                origins.record(&["image"], method);
                let spec = spec::$spec {
                    name: Some(name.to_owned()),
                    image: Some(image.to_owned()),
                    ..Default::default()
                };
                $ty(spec, origins)
            }

            #[track_caller]
            pub fn env(mut self, name: &str, value: &str) -> Self {
                self.0.env.insert(name.to_owned(), value.to_owned());
                self.1
                    .record(&["env", name], concat!(stringify!($ty), "::env"));
                self
            }
        }
    };
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| (*s).to_owned()).collect()
}

part!(
    /// `[network]`.
    Network(spec::Network) {
        cidr: &str => str::to_owned,
        azs: u8 => i64::from,
        nat: Nat => |v| v,
        vpc_id: &str => str::to_owned,
        public_subnets: &[&str] => strings,
        private_subnets: &[&str] => strings,
    }
);

impl Network {
    pub fn new() -> Self {
        Self::default()
    }
}

part!(
    /// `[ingress]`.
    Ingress(spec::Ingress) {
        public: bool => |v| v,
        certificate_arn: &str => str::to_owned,
        domain: &str => str::to_owned,
        certificate_arns: &[&str] => strings,
        hosted_zone_id: &str => str::to_owned,
        waf_acl_arn: &str => str::to_owned,
        listener_arn: &str => str::to_owned,
        load_balancer_security_group: &str => str::to_owned,
        priority_range: [u32; 2] => |v| v.iter().copied().map(i64::from).collect(),
        deletion_protection: bool => |v| v,
    }
);

impl Ingress {
    pub fn new() -> Self {
        Self::default()
    }
}

part!(
    /// `health = { ... }`: seconds and counts.
    Health(spec::Health) {
        path: &str => str::to_owned,
        interval: u32 => i64::from,
        timeout: u32 => i64::from,
        healthy: u32 => i64::from,
        unhealthy: u32 => i64::from,
        grace: u32 => i64::from,
        command: &[&str] => strings,
    }
);

impl Health {
    pub fn new() -> Self {
        Self::default()
    }
}

part!(
    /// `[[services.NAME.sidecars]]`: `cpu` units and `memory` MiB out of the service's size.
    Sidecar(spec::Sidecar) {
        tag: &str => str::to_owned,
        digest: &str => str::to_owned,
        cpu: u32 => i64::from,
        memory: u32 => i64::from,
        essential: bool => |v| v,
        command: &[&str] => strings,
    }
);

containers!(Sidecar(Sidecar));

part!(
    /// `[[services.NAME.init]]`: run to completion before the app.
    Init(spec::InitContainer) {
        tag: &str => str::to_owned,
        digest: &str => str::to_owned,
        command: &[&str] => strings,
    }
);

containers!(Init(InitContainer));

part!(
    /// `[services.NAME.autoscale]`: target percentages and requests per target.
    Autoscale(spec::Autoscale) {
        cpu: u32 => i64::from,
        memory: u32 => i64::from,
        requests_per_target: u32 => i64::from,
    }
);

impl Autoscale {
    /// Between `min` and `max` replicas.
    #[track_caller]
    pub fn new(min: u32, max: u32) -> Self {
        let mut origins = Origins::default();
        origins.record(&["min"], "Autoscale::new");
        origins.record(&["max"], "Autoscale::new");
        Autoscale(
            spec::Autoscale {
                min: Some(min.into()),
                max: Some(max.into()),
                ..Default::default()
            },
            origins,
        )
    }

    /// Scale a worker on an SQS queue's backlog: `messages_per_task` visible messages per task
    /// (ECS metric math) and per pod (KEDA on EKS).
    #[track_caller]
    pub fn queue(mut self, arn: &str, messages_per_task: u32) -> Self {
        self.0.queue = Some(spec::QueueScale {
            arn: Some(arn.to_owned()),
            messages_per_task: Some(messages_per_task.into()),
        });
        self.1.record(&["queue"], "Autoscale::queue");
        self
    }
}

part!(
    /// `[kubernetes]`.
    Kubernetes(spec::Kubernetes) {
        namespace: &str => str::to_owned,
        secret_store: &str => str::to_owned,
        parameter_store: &str => str::to_owned,
        vpc_cidr: &str => str::to_owned,
        cluster: &str => str::to_owned,
        private_subnets: &[&str] => strings,
        oidc_provider_arn: &str => str::to_owned,
    }
);

impl Kubernetes {
    pub fn new() -> Self {
        Self::default()
    }
}

part!(
    /// `[services.NAME.iam]`.
    Iam(spec::Iam) {
        managed_policies: &[&str] => strings,
        role_arn: &str => str::to_owned,
    }
);

impl Iam {
    pub fn new() -> Self {
        Self::default()
    }

    /// One `Allow` statement: `actions` on `resources`.
    #[track_caller]
    pub fn statement(mut self, actions: &[&str], resources: &[&str]) -> Self {
        let statements = self.0.statements.get_or_insert_with(Vec::new);
        let index = statements.len().to_string();
        statements.push(spec::IamStatement {
            actions: Some(strings(actions)),
            resources: Some(strings(resources)),
        });
        self.1.record(&["statements", &index], "Iam::statement");
        self
    }
}

part!(
    /// `[ecs]`.
    Ecs(spec::Ecs) {
        cluster: &str => str::to_owned,
        volume_init_image: &str => str::to_owned,
    }
);

impl Ecs {
    pub fn new() -> Self {
        Self::default()
    }
}
