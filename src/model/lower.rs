//! `lower`: CheckedSpec → Model. `check` has already proven every value valid; a conversion
//! that fails anyway is never papered over with a default: it is recorded by key
//! ([`Lowering`]) and no model comes out (see `unreadable.rs`).

use super::links::{link_calls, number_rules, place_routes};
use super::network::SubnetLayout;
use super::unreadable::{Lowering, Unreadable};
use super::*;
use crate::arn::{SecretArn, parse_secret};
use crate::check::CheckedSpec;
use crate::names::pascal_case;
use crate::routes;
use crate::spec::{self, defaults};
use crate::syntax::parse_cidr;
use std::collections::BTreeMap;

/// Resolves a checked spec into the model both emitters read, or the key paths of the values
/// check let through but the model cannot hold (a bug in check, reported as TF099).
pub fn lower(checked: CheckedSpec) -> Result<Model, Vec<Unreadable>> {
    let mut lw = Lowering::default();
    let model = lower_with(&mut lw, checked.spec());
    if lw.unreadable.is_empty() {
        Ok(model)
    } else {
        Err(lw.unreadable)
    }
}

fn lower_with(lw: &mut Lowering, spec: &spec::Spec) -> Model {
    let app_spec = spec.app.clone().unwrap_or_default();
    let name = lw
        .required(app_spec.name.as_deref(), &["app", "name"])
        .to_owned();
    let app = App {
        logical_id: pascal_case(&name),
        region: app_spec
            .region
            .clone()
            .unwrap_or_else(|| defaults::REGION.to_owned()),
        log_retention_days: lw.number(
            app_spec.log_retention_days,
            defaults::LOG_RETENTION_DAYS,
            &["app", "log_retention_days"],
        ),
        labels: app_spec
            .tags
            .iter()
            .filter(|(k, v)| is_label_key(k) && is_label_value(v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        tags: app_spec.tags.clone(),
        name: name.clone(),
    };
    let network = lower_network(lw, spec.network.as_ref());
    let ingress_spec = spec.ingress.clone().unwrap_or_default();
    let mut ingress = lower_ingress(lw, &ingress_spec);
    let k8s = spec.kubernetes.clone().unwrap_or_default();
    let namespace = k8s.namespace.clone().unwrap_or_else(|| name.clone());
    let oidc_provider = k8s.oidc_provider_arn.as_deref().and_then(|arn| {
        lw.parsed(
            crate::arn::parse_oidc_provider(arn),
            &["kubernetes", "oidc_provider_arn"],
            "an EKS OIDC provider ARN",
        )
    });
    let mut services: Vec<Service> = spec
        .services
        .iter()
        .map(|(name, s)| {
            let mut service = lower_service(lw, spec, name, s, &ingress);
            service.eks_role = eks_role(
                &service,
                k8s.cluster.as_deref(),
                &namespace,
                oidc_provider.as_ref(),
            );
            service
        })
        .collect();
    ingress.load_balancers = place_routes(lw, &mut services, ingress.shared_listener.is_none());
    number_rules(lw, &spec.services, &mut services, ingress.priority_range);
    link_calls(lw, &spec.services, &mut services);
    let jobs = super::job::lower_jobs(
        lw,
        spec,
        &ingress,
        (k8s.cluster.as_deref(), &namespace, oidc_provider.as_ref()),
    );
    let kubernetes = Kubernetes {
        namespace,
        secret_store: k8s
            .secret_store
            .clone()
            .unwrap_or_else(|| defaults::SECRET_STORE.to_owned()),
        parameter_store: k8s
            .parameter_store
            .clone()
            .unwrap_or_else(|| defaults::PARAMETER_STORE.to_owned()),
        vpc_cidr: k8s
            .vpc_cidr
            .clone()
            .or_else(|| network.cidr().map(str::to_owned)),
        cluster: k8s.cluster.clone().map(|name| EksCluster {
            name,
            // TF028 requires them with a cluster.
            private_subnets: lw
                .parsed(
                    k8s.private_subnets.clone(),
                    &["kubernetes", "private_subnets"],
                    "subnet IDs",
                )
                .unwrap_or_default(),
        }),
        oidc_provider,
    };
    let ecs = Ecs {
        existing_cluster: spec.ecs.as_ref().and_then(|e| e.cluster.clone()),
        volume_init_image: spec
            .ecs
            .as_ref()
            .and_then(|e| e.volume_init_image.clone())
            .unwrap_or_else(|| defaults::VOLUME_INIT_IMAGE.to_owned()),
    };
    Model {
        app,
        network,
        ingress,
        services,
        jobs,
        kubernetes,
        ecs,
        patches: super::patches::lower_patches(lw, &spec.patches),
    }
}

fn lower_ingress(lw: &mut Lowering, ingress: &spec::Ingress) -> Ingress {
    // The default certificate is `certificate_arn`, else the first of `certificate_arns`.
    let mut all: Vec<String> = ingress.certificate_arn.iter().cloned().collect();
    for arn in ingress.certificate_arns.iter().flatten() {
        if !all.contains(arn) {
            all.push(arn.clone());
        }
    }
    let mut all = all.into_iter();
    let certificate_arn = all.next();
    let range = ingress.priority_range.as_deref().and_then(|r| {
        let path = ["ingress", "priority_range"];
        match r {
            [first, last] => Some((
                lw.number(Some(*first), 0, &path),
                lw.number(Some(*last), 0, &path),
            )),
            _ => lw.parsed(None, &path, "[first, last]"),
        }
    });
    Ingress {
        public: ingress.public.unwrap_or(defaults::PUBLIC),
        certificate_arn,
        domain: ingress.domain.clone(),
        extra_certificates: all.collect(),
        hosted_zone_id: ingress.hosted_zone_id.clone(),
        waf_acl_arn: ingress.waf_acl_arn.clone(),
        shared_listener: ingress
            .listener_arn
            .clone()
            .map(|listener_arn| SharedListener {
                listener_arn,
                security_group: lw
                    .required(
                        ingress.load_balancer_security_group.as_deref(),
                        &["ingress", "load_balancer_security_group"],
                    )
                    .to_owned(),
            }),
        priority_range: range,
        deletion_protection: ingress
            .deletion_protection
            .unwrap_or(defaults::DELETION_PROTECTION),
        load_balancers: Vec::new(),
    }
}

fn lower_iam(lw: &mut Lowering, service: &str, iam: &spec::Iam) -> AppIam {
    if let Some(role) = &iam.role_arn {
        return AppIam::Role(role.clone());
    }
    AppIam::Policies {
        statements: iam
            .statements
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, s)| {
                let i = i.to_string();
                let path = ["services", service, "iam", "statements", &i];
                // TF063 requires both.
                let actions = lw.parsed(s.actions.clone(), &path, "actions");
                let resources = lw.parsed(s.resources.clone(), &path, "resources");
                IamStatement {
                    actions: actions.unwrap_or_default(),
                    resources: resources.unwrap_or_default(),
                }
            })
            .collect(),
        managed_policies: iam.managed_policies.clone().unwrap_or_default(),
    }
}

/// The IRSA role of a service with policies, when the EKS template is emitted: named from the
/// cluster, namespace and service (the name budget), so its ARN is known to the ServiceAccount
/// without a cross-stack lookup, and one account can hold the same app in several namespaces.
pub(super) fn eks_role(
    service: &Service,
    cluster: Option<&str>,
    namespace: &str,
    oidc: Option<&crate::arn::OidcProvider>,
) -> Option<EksRole> {
    match service.iam.as_ref()? {
        AppIam::Role(arn) => Some(EksRole::Existing(arn.clone())),
        AppIam::Policies { .. } => {
            let (cluster, oidc) = (cluster?, oidc?);
            let name =
                crate::names::budget_name(&[cluster, namespace, &service.name], ROLE_NAME_MAX);
            Some(EksRole::Irsa {
                arn: format!("arn:{}:iam::{}:role/{name}", oidc.partition, oidc.account),
                name,
            })
        }
    }
}

fn lower_network(lw: &mut Lowering, network: Option<&spec::Network>) -> Network {
    let network = network.cloned().unwrap_or_default();
    if let Some(vpc_id) = network.vpc_id {
        // TF023 requires both lists with a VPC ID.
        let mut subnets = |list: Option<Vec<String>>, key| {
            lw.parsed(list, &["network", key], "subnet IDs")
                .unwrap_or_default()
        };
        return Network::Existing {
            vpc_id,
            public_subnets: subnets(network.public_subnets, "public_subnets"),
            private_subnets: subnets(network.private_subnets, "private_subnets"),
        };
    }
    let cidr = network.cidr.unwrap_or_else(|| defaults::CIDR.to_owned());
    let azs: u8 = lw.number(network.azs, defaults::AZS, &["network", "azs"]);
    let parsed = lw.parsed(parse_cidr(&cidr).ok(), &["network", "cidr"], "an IPv4 CIDR");
    let (base, prefix) = parsed.unwrap_or((std::net::Ipv4Addr::UNSPECIFIED, 0));
    Network::Managed {
        layout: SubnetLayout::new(base, prefix, azs),
        cidr,
        azs,
        nat: network.nat.unwrap_or(defaults::NAT),
    }
}

pub(super) fn lower_service(
    lw: &mut Lowering,
    spec: &spec::Spec,
    name: &str,
    s: &spec::Service,
    ingress: &Ingress,
) -> Service {
    let key = |k: &'static str| ["services", name, k];
    // `${services.api.url}` and friends: the same resolved text on both targets.
    let env = |values: &BTreeMap<String, String>| -> BTreeMap<String, String> {
        values
            .iter()
            .map(|(k, v)| (k.clone(), spec::reference::substitute(spec, v)))
            .collect()
    };
    let host = s.host.as_deref().or(ingress.domain.as_deref());
    let protocol = s.protocol.unwrap_or(defaults::PROTOCOL);
    let health = s.health.clone().unwrap_or_default();
    let default_path = if protocol == Protocol::Grpc {
        defaults::GRPC_HEALTH_PATH
    } else {
        defaults::HEALTH_PATH
    };
    let scaling = match &s.autoscale {
        Some(a) => {
            let path = |k| ["services", name, "autoscale", k];
            // TF018 requires `min` and `max`.
            Scaling::Auto(Autoscale {
                min: lw.required_number(a.min, &path("min")),
                max: lw.required_number(a.max, &path("max")),
                cpu_percent: a.cpu.map(|v| lw.number(Some(v), 0, &path("cpu"))),
                memory_percent: a.memory.map(|v| lw.number(Some(v), 0, &path("memory"))),
                requests_per_target: a
                    .requests_per_target
                    .map(|v| lw.number(Some(v), 0, &path("requests_per_target"))),
                queue: a.queue.as_ref().map(|q| super::queue::lower(lw, name, q)),
            })
        }
        None => Scaling::Fixed(lw.number(s.replicas, defaults::REPLICAS, &key("replicas"))),
    };
    let app_iam = s.iam.as_ref().map(|iam| lower_iam(lw, name, iam));
    let iam = super::queue::with_consumer(app_iam, scaling.queue());
    let health_path = health
        .path
        .clone()
        .unwrap_or_else(|| default_path.to_owned());
    let route = s
        .route
        .as_deref()
        .and_then(|r| lw.parsed(routes::normalize(r).ok(), &key("route"), "a route (TF009)"))
        .map(|path| Route {
            patterns: routes::path_patterns(&path),
            // Numbered per listener once every route is laid out (`number_rules`).
            priority: 0,
            next: None,
            host: host.map(str::to_owned),
            path,
            load_balancer: 0,
            // Check refuses a route on TCP (TF011); HTTP is the ALB's default.
            backend: match protocol {
                Protocol::Grpc => Backend::Grpc,
                Protocol::Http | Protocol::Tcp => Backend::Http,
            },
            health_path: health_path.clone(),
            deploy: super::deploy::lower(lw, name, s.deploy.as_ref()),
        });
    let role = match s.port {
        Some(port) => Role::Server(Server {
            port: lw.number(Some(port), 0, &key("port")),
            // Named by family, not protocol: http → grpc must not rename the port a Kubernetes
            // Service targets (the endpoints controller drops every running pod that lacks the
            // new name); `appProtocol` carries the difference.
            port_name: match protocol {
                Protocol::Http | Protocol::Grpc => "http",
                Protocol::Tcp => "tcp",
            }
            .to_owned(),
            protocol,
            route,
            probe: match (&health.command, protocol) {
                (Some(command), _) => Probe::Command(command.clone()),
                (None, Protocol::Http) => Probe::Http { path: health_path },
                (None, Protocol::Grpc) => Probe::Grpc,
                (None, Protocol::Tcp) => Probe::Tcp,
            },
            // Linked once every service is lowered (`link_calls`).
            callers: Vec::new(),
        }),
        // No port and (TF003) no route: a worker, which TF054 gives a command.
        None => Role::Worker(Worker {
            health_command: lw
                .parsed(
                    health.command.clone(),
                    &["services", name, "health", "command"],
                    "a command (TF054)",
                )
                .unwrap_or_default(),
        }),
    };
    let secrets = s
        .secrets
        .iter()
        .filter_map(|(var, arn)| {
            let path = ["services", name, "secrets", var.as_str()];
            let secret = lw.parsed(lower_secret(arn), &path, "a secret ARN (TF015)")?;
            Some((var.clone(), secret))
        })
        .collect();
    let user = match s.user.as_deref() {
        None => (CONTAINER_UID, CONTAINER_GID),
        Some(user) => lw
            .parsed(
                crate::syntax::user::parse(user).ok(),
                &key("user"),
                "`UID:GID` (TF071)",
            )
            .map_or((CONTAINER_UID, CONTAINER_GID), |user| (user.uid, user.gid)),
    };
    let image = lw.required(s.image.as_deref(), &key("image"));
    let registry_credentials = s.registry_credentials.as_deref().and_then(|arn| {
        let parsed = crate::syntax::parse_image(image).ok();
        let registry = lw
            .parsed(parsed, &key("image"), "an image reference (TF038)")?
            .registry
            .unwrap_or(DOCKER_HUB)
            .to_owned();
        Some(RegistryCredentials {
            secret: lw.parsed(
                lower_secret(arn),
                &key("registry_credentials"),
                "a secret ARN (TF073)",
            )?,
            registry,
        })
    });
    Service {
        name: name.to_owned(),
        logical_id: pascal_case(name),
        image: image_reference(image, s.tag.as_deref(), s.digest.as_deref()),
        role,
        cpu: lw.number(s.cpu, defaults::CPU, &key("cpu")),
        memory: lw.number(s.memory, defaults::MEMORY, &key("memory")),
        scaling,
        health: {
            let path = |k| ["services", name, "health", k];
            Health {
                interval: lw.number(
                    health.interval,
                    defaults::HEALTH_INTERVAL,
                    &path("interval"),
                ),
                timeout: lw.number(health.timeout, defaults::HEALTH_TIMEOUT, &path("timeout")),
                healthy: lw.number(health.healthy, defaults::HEALTH_HEALTHY, &path("healthy")),
                unhealthy: lw.number(
                    health.unhealthy,
                    defaults::HEALTH_UNHEALTHY,
                    &path("unhealthy"),
                ),
                grace: lw.number(health.grace, defaults::HEALTH_GRACE, &path("grace")),
            }
        },
        env: env(&s.env),
        secrets,
        // Linked once every service is lowered (`link_calls`).
        calls: Vec::new(),
        start_after: Vec::new(),
        uid: user.0,
        gid: user.1,
        command: s.command.clone(),
        spot: s.spot.unwrap_or(defaults::SPOT),
        platform: s.platform.unwrap_or(defaults::PLATFORM),
        exec: s.exec.unwrap_or(defaults::EXEC),
        registry_credentials,
        init: s
            .init
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, c)| {
                let i = i.to_string();
                let path = |k| ["services", name, "init", i.as_str(), k];
                let mut init_env = env(&s.env);
                init_env.extend(env(&c.env));
                InitContainer {
                    name: lw.required(c.name.as_deref(), &path("name")).to_owned(),
                    image: image_reference(
                        lw.required(c.image.as_deref(), &path("image")),
                        c.tag.as_deref(),
                        c.digest.as_deref(),
                    ),
                    env: init_env,
                    command: c.command.clone(),
                }
            })
            .collect(),
        sidecars: s
            .sidecars
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, c)| {
                let i = i.to_string();
                let path = |k| ["services", name, "sidecars", i.as_str(), k];
                Sidecar {
                    name: lw.required(c.name.as_deref(), &path("name")).to_owned(),
                    image: image_reference(
                        lw.required(c.image.as_deref(), &path("image")),
                        c.tag.as_deref(),
                        c.digest.as_deref(),
                    ),
                    cpu: lw.number(c.cpu, defaults::SIDECAR_CPU, &path("cpu")),
                    memory: lw.number(c.memory, defaults::SIDECAR_MEMORY, &path("memory")),
                    essential: c.essential.unwrap_or(defaults::SIDECAR_ESSENTIAL),
                    env: env(&c.env),
                    command: c.command.clone(),
                }
            })
            .collect(),
        ephemeral_storage_gib: s
            .ephemeral_storage_gib
            .map(|g| lw.number(Some(g), 0, &key("ephemeral_storage_gib"))),
        volumes: super::storage::lower(lw, name, s.volumes.as_deref().unwrap_or_default()),
        iam,
        eks_role: None,
    }
}

/// `image`, `image:tag` or `image@digest` (checks allow at most one of tag and digest, and
/// neither when the image already names one).
fn image_reference(image: &str, tag: Option<&str>, digest: Option<&str>) -> String {
    match (tag, digest) {
        (_, Some(digest)) => format!("{image}@{digest}"),
        (Some(tag), None) => format!("{image}:{tag}"),
        (None, None) => image.to_owned(),
    }
}

/// The key a `dockerconfigjson` gives Docker Hub's credentials, as `docker login` writes it.
const DOCKER_HUB: &str = "https://index.docker.io/v1/";

fn lower_secret(arn: &str) -> Option<Secret> {
    Some(match parse_secret(arn)? {
        SecretArn::SecretsManager {
            secret_arn,
            json_key,
        } => Secret {
            arn: arn.to_owned(),
            resource_arn: crate::arn::secret_policy_resource(&secret_arn),
            remote_key: secret_arn,
            store: SecretStore::SecretsManager,
            json_key,
        },
        SecretArn::Parameter {
            parameter_arn,
            name,
        } => Secret {
            arn: arn.to_owned(),
            resource_arn: parameter_arn,
            store: SecretStore::ParameterStore,
            remote_key: name,
            json_key: None,
        },
    })
}

/// Kubernetes label key: optional DNS-subdomain prefix + `/` + name (≤ 63, alnum ends, `-_.`).
pub(crate) fn is_label_key(key: &str) -> bool {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    let prefix_ok =
        prefix.is_none_or(|p| !p.is_empty() && p.len() <= 253 && p.split('.').all(is_dns_label));
    prefix_ok && !name.is_empty() && is_label_value(name)
}

/// Kubernetes label value: ≤ 63, empty or alnum at both ends with `-_.` inside.
pub(crate) fn is_label_value(value: &str) -> bool {
    value.len() <= 63
        && (value.is_empty()
            || (value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
                && value
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_alphanumeric())
                && value
                    .bytes()
                    .last()
                    .is_some_and(|b| b.is_ascii_alphanumeric())))
}

fn is_dns_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}
