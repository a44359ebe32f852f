//! The typed Rust builder: the same spec as `twinform.toml`, written in Rust.
//!
//! It builds the very same [`Spec`] value that loading the TOML file gives, and
//! [`App::to_toml`] renders it as spec text, so a builder-made spec goes through exactly the same
//! load → check → model → emit pipeline (one implementation of overlays, one set of checks).
//! Values are typed (a `u16` port, a [`FargateSize`]), so much that the file format can only
//! check at `check` time cannot be written at all. Every call records where it was written:
//! [`crate::check_app`] and [`crate::synthesize_app`] report a diagnostic at the caller's file
//! and line (`Diagnostic::set_by`), with the rendered spec text as the snippet.
//!
//! ```
//! use twinform::builder::{App, Autoscale, FargateSize, Service};
//! let spec = App::new("shop")
//!     .service(Service::new("web").image("public.ecr.aws/acme/web:1.0.0").port(8080).route("/"))
//!     .service(
//!         Service::new("auth")
//!             .image("public.ecr.aws/acme/auth:2.0.1")
//!             .port(9000)
//!             .size(FargateSize::new(512, 1024)?)
//!             .route("/auth")
//!             .autoscale(Autoscale::new(2, 10).cpu(60)),
//!     )
//!     .build();
//! assert_eq!(spec.services.len(), 2);
//! # Ok::<(), twinform::builder::NotASize>(())
//! ```

mod job;
mod origin;
mod parts;
mod patches;

pub use crate::fargate::{NotASize, Size as FargateSize};
pub use crate::spec::Concurrency;
pub use job::Job;
pub use parts::{Autoscale, Ecs, Health, Iam, Ingress, Init, Kubernetes, Network, Sidecar};
pub use patches::ResourcePatch;

use crate::diag::Diagnostic;
use crate::spec::{self, Located, Overlay, Patch, Platform, Protocol, Spec};
use origin::Origins;

/// An application: `[app]` plus everything under it.
#[derive(Debug, Clone, Default)]
pub struct App {
    spec: Spec,
    origins: Origins,
}

impl App {
    #[track_caller]
    pub fn new(name: &str) -> Self {
        let app = spec::App {
            name: Some(name.to_owned()),
            ..Default::default()
        };
        let mut origins = Origins::default();
        origins.record(&["app"], "App::new");
        origins.record(&["app", "name"], "App::new");
        App {
            spec: Spec {
                app: Some(app),
                ..Default::default()
            },
            origins,
        }
    }

    fn app(&mut self) -> &mut spec::App {
        self.spec.app.get_or_insert_with(Default::default)
    }

    #[track_caller]
    pub fn region(mut self, region: &str) -> Self {
        self.app().region = Some(region.to_owned());
        self.origins.record(&["app", "region"], "App::region");
        self
    }

    #[track_caller]
    pub fn log_retention_days(mut self, days: u32) -> Self {
        self.app().log_retention_days = Some(days.into());
        self.origins
            .record(&["app", "log_retention_days"], "App::log_retention_days");
        self
    }

    #[track_caller]
    pub fn tag(mut self, key: &str, value: &str) -> Self {
        self.app().tags.insert(key.to_owned(), value.to_owned());
        self.origins.record(&["app", "tags", key], "App::tag");
        self
    }

    pub fn service(mut self, service: Service) -> Self {
        self.origins
            .nest(&["services", &service.name], service.origins);
        self.spec.services.insert(service.name, service.spec);
        self
    }

    /// An environment overlay, selected with `--env NAME` / `Options::env`.
    #[track_caller]
    pub fn environment(mut self, name: &str, environment: Environment) -> Self {
        self.origins
            .record(&["environments", name], "App::environment");
        self.origins
            .nest(&["environments", name], environment.origins);
        self.spec
            .environments
            .insert(name.to_owned(), environment.overlay);
        self
    }

    pub fn build(self) -> Spec {
        self.spec
    }

    /// The spec as built so far.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The spec as `twinform.toml` text.
    pub fn to_toml(&self) -> String {
        to_toml(&self.spec)
    }

    /// Marks each diagnostic about this app's rendered text with the builder call that wrote its
    /// culprit (see [`crate::check_app`]).
    #[doc(hidden)]
    pub fn attribute(&self, diagnostics: &mut [Diagnostic], located: &Located) {
        self.origins.attribute(diagnostics, located);
    }
}

/// The app-wide tables (`[network]`, `[ingress]`, `[kubernetes]`, `[ecs]`), set the same way on
/// the app and on an environment overlay (`$field` is where the spec value lives).
macro_rules! tables {
    ($ty:ident . $field:ident) => {
        impl $ty {
            #[track_caller]
            pub fn network(self, network: Network) -> Self {
                self.table(
                    network,
                    "network",
                    concat!(stringify!($ty), "::network"),
                    |s, v| s.$field.network = Some(v),
                )
            }

            #[track_caller]
            pub fn ingress(self, ingress: Ingress) -> Self {
                self.table(
                    ingress,
                    "ingress",
                    concat!(stringify!($ty), "::ingress"),
                    |s, v| s.$field.ingress = Some(v),
                )
            }

            #[track_caller]
            pub fn kubernetes(self, kubernetes: Kubernetes) -> Self {
                let method = concat!(stringify!($ty), "::kubernetes");
                self.table(kubernetes, "kubernetes", method, |s, v| {
                    s.$field.kubernetes = Some(v)
                })
            }

            #[track_caller]
            pub fn ecs(self, ecs: Ecs) -> Self {
                self.table(ecs, "ecs", concat!(stringify!($ty), "::ecs"), |s, v| {
                    s.$field.ecs = Some(v)
                })
            }

            /// Sets one table from its part, its origins under `key`.
            #[track_caller]
            fn table<P: parts::Part>(
                mut self,
                part: P,
                key: &str,
                method: &'static str,
                set: impl FnOnce(&mut Self, P::Spec),
            ) -> Self {
                self.origins.record(&[key], method);
                let value = parts::into_spec(part, &[key], &mut self.origins);
                set(&mut self, value);
                self
            }
        }
    };
}

tables!(App.spec);
tables!(Environment.overlay);

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
    origins: Origins,
}

impl Service {
    #[track_caller]
    pub fn new(name: &str) -> Self {
        let mut origins = Origins::default();
        origins.record(&[], "Service::new");
        Service {
            name: name.to_owned(),
            spec: spec::Service::default(),
            origins,
        }
    }

    #[track_caller]
    fn set(
        mut self,
        key: &str,
        method: &'static str,
        set: impl FnOnce(&mut spec::Service),
    ) -> Self {
        set(&mut self.spec);
        self.origins.record(&[key], method);
        self
    }

    #[track_caller]
    pub fn image(self, image: &str) -> Self {
        self.set("image", "Service::image", |s| {
            s.image = Some(image.to_owned())
        })
    }

    #[track_caller]
    pub fn port(self, port: u16) -> Self {
        self.set("port", "Service::port", |s| s.port = Some(port.into()))
    }

    #[track_caller]
    pub fn protocol(self, protocol: Protocol) -> Self {
        self.set("protocol", "Service::protocol", |s| {
            s.protocol = Some(protocol)
        })
    }

    /// The billed Fargate size (CPU units and MiB), on both targets.
    #[track_caller]
    pub fn size(mut self, size: FargateSize) -> Self {
        self.spec.cpu = Some(size.cpu().into());
        self.spec.memory = Some(size.memory().into());
        self.origins.record(&["cpu"], "Service::size");
        self.origins.record(&["memory"], "Service::size");
        self
    }

    #[track_caller]
    pub fn replicas(self, replicas: u32) -> Self {
        self.set("replicas", "Service::replicas", |s| {
            s.replicas = Some(replicas.into())
        })
    }

    #[track_caller]
    pub fn route(self, route: &str) -> Self {
        self.set("route", "Service::route", |s| {
            s.route = Some(route.to_owned())
        })
    }

    /// `[services.NAME.deploy]`: how a new revision replaces the old (`rolling` by default).
    #[track_caller]
    pub fn deploy(mut self, deploy: crate::spec::Deploy) -> Self {
        self.origins.record(&["deploy"], "Service::deploy");
        self.spec.deploy = Some(deploy);
        self
    }

    #[track_caller]
    pub fn health(mut self, health: Health) -> Self {
        self.origins.record(&["health"], "Service::health");
        self.spec.health = Some(parts::into_spec(health, &["health"], &mut self.origins));
        self
    }

    #[track_caller]
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.spec.env.insert(name.to_owned(), value.to_owned());
        self.origins.record(&["env", name], "Service::env");
        self
    }

    #[track_caller]
    pub fn secret(mut self, name: &str, arn: &str) -> Self {
        self.spec.secrets.insert(name.to_owned(), arn.to_owned());
        self.origins.record(&["secrets", name], "Service::secret");
        self
    }

    #[track_caller]
    pub fn calls<'a>(self, services: impl IntoIterator<Item = &'a str>) -> Self {
        self.set("calls", "Service::calls", |s| {
            s.calls
                .get_or_insert_with(Vec::new)
                .extend(services.into_iter().map(str::to_owned))
        })
    }

    #[track_caller]
    pub fn command<'a>(self, args: impl IntoIterator<Item = &'a str>) -> Self {
        self.set("command", "Service::command", |s| {
            s.command = Some(args.into_iter().map(str::to_owned).collect())
        })
    }

    #[track_caller]
    pub fn spot(self, spot: bool) -> Self {
        self.set("spot", "Service::spot", |s| s.spot = Some(spot))
    }

    /// `registry_credentials`: the Secrets Manager secret of a private registry's credentials.
    #[track_caller]
    pub fn registry_credentials(self, secret_arn: &str) -> Self {
        self.set(
            "registry_credentials",
            "Service::registry_credentials",
            |s| s.registry_credentials = Some(secret_arn.to_owned()),
        )
    }

    /// `exec = true`: ECS Exec into the service's tasks.
    #[track_caller]
    pub fn exec(self, exec: bool) -> Self {
        self.set("exec", "Service::exec", |s| s.exec = Some(exec))
    }

    /// `platform = "linux/arm64"`: Graviton on ECS; EKS on Fargate stays on amd64.
    #[track_caller]
    pub fn platform(self, platform: Platform) -> Self {
        self.set("platform", "Service::platform", |s| {
            s.platform = Some(platform)
        })
    }

    #[track_caller]
    pub fn autoscale(mut self, autoscale: Autoscale) -> Self {
        self.origins.record(&["autoscale"], "Service::autoscale");
        self.spec.autoscale = Some(parts::into_spec(
            autoscale,
            &["autoscale"],
            &mut self.origins,
        ));
        self
    }

    /// The image tag, for an `image` that names none.
    #[track_caller]
    pub fn tag(self, tag: &str) -> Self {
        self.set("tag", "Service::tag", |s| s.tag = Some(tag.to_owned()))
    }

    /// The image digest (`sha256:...`), for an `image` that names no tag.
    #[track_caller]
    pub fn digest(self, digest: &str) -> Self {
        self.set("digest", "Service::digest", |s| {
            s.digest = Some(digest.to_owned())
        })
    }

    /// Mount an existing EFS access point at `path` in the app container.
    #[track_caller]
    pub fn volume(
        mut self,
        file_system_id: &str,
        access_point_id: &str,
        path: &str,
        read_only: bool,
    ) -> Self {
        let volumes = self.spec.volumes.get_or_insert_with(Vec::new);
        let index = volumes.len().to_string();
        volumes.push(crate::spec::Volume {
            file_system_id: Some(file_system_id.to_owned()),
            access_point_id: Some(access_point_id.to_owned()),
            path: Some(path.to_owned()),
            read_only: Some(read_only),
        });
        self.origins
            .record(&["volumes", index.as_str()], "Service::volume");
        self
    }

    /// Adds a sidecar container (`[[services.NAME.sidecars]]`).
    #[track_caller]
    pub fn sidecar(mut self, sidecar: Sidecar) -> Self {
        let sidecars = self.spec.sidecars.get_or_insert_with(Vec::new);
        let index = sidecars.len().to_string();
        let path = ["sidecars", index.as_str()];
        self.origins.record(&path, "Service::sidecar");
        let sidecar = parts::into_spec(sidecar, &path, &mut self.origins);
        self.spec
            .sidecars
            .get_or_insert_with(Vec::new)
            .push(sidecar);
        self
    }

    /// Adds an init container (`[[services.NAME.init]]`), run after the ones added before it.
    #[track_caller]
    pub fn init(mut self, init: Init) -> Self {
        let inits = self.spec.init.get_or_insert_with(Vec::new);
        let index = inits.len().to_string();
        let path = ["init", index.as_str()];
        self.origins.record(&path, "Service::init");
        let init = parts::into_spec(init, &path, &mut self.origins);
        self.spec.init.get_or_insert_with(Vec::new).push(init);
        self
    }

    #[track_caller]
    pub fn ephemeral_storage_gib(self, gib: u32) -> Self {
        self.set(
            "ephemeral_storage_gib",
            "Service::ephemeral_storage_gib",
            |s| s.ephemeral_storage_gib = Some(gib.into()),
        )
    }

    /// `user = "UID:GID"`.
    #[track_caller]
    pub fn user(self, user: &str) -> Self {
        self.set("user", "Service::user", |s| s.user = Some(user.to_owned()))
    }

    #[track_caller]
    pub fn host(self, host: &str) -> Self {
        self.set("host", "Service::host", |s| s.host = Some(host.to_owned()))
    }

    #[track_caller]
    pub fn iam(mut self, iam: Iam) -> Self {
        self.origins.record(&["iam"], "Service::iam");
        self.spec.iam = Some(parts::into_spec(iam, &["iam"], &mut self.origins));
        self
    }
}

/// `[environments.NAME]`: only what changes.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    overlay: Overlay,
    origins: Origins,
}

impl Environment {
    pub fn new() -> Self {
        Self::default()
    }

    /// Changes to the base service `name`: `|s| s.replicas(3)`.
    #[track_caller]
    pub fn service(mut self, name: &str, change: impl FnOnce(Service) -> Service) -> Self {
        let patch = change(Service::new(name));
        self.origins.nest(&["services", name], patch.origins);
        self.overlay
            .services
            .insert(name.to_owned(), Patch(patch.spec));
        self
    }
}
