//! `lower`: CheckedSpec → Model. Infallible: `check` has already proven every value valid, so
//! each conversion here has a fallback that cannot be reached rather than a panic.

use super::network::SubnetLayout;
use super::*;
use crate::arn::{SecretArn, parse_secret};
use crate::check::CheckedSpec;
use crate::names::pascal_case;
use crate::routes;
use crate::spec::{self, defaults};
use crate::syntax::parse_cidr;
use std::collections::BTreeMap;

fn to_u32(value: Option<i64>, default: i64) -> u32 {
    u32::try_from(value.unwrap_or(default)).unwrap_or(0)
}

/// Resolves a checked spec into the model both emitters read.
pub fn lower(checked: CheckedSpec) -> Model {
    let spec = checked.spec();
    let app_spec = spec.app.clone().unwrap_or_default();
    let name = app_spec.name.clone().unwrap_or_default();
    let app = App {
        logical_id: pascal_case(&name),
        region: app_spec
            .region
            .clone()
            .unwrap_or_else(|| defaults::REGION.to_owned()),
        log_retention_days: to_u32(app_spec.log_retention_days, defaults::LOG_RETENTION_DAYS),
        labels: app_spec
            .tags
            .iter()
            .filter(|(k, v)| is_label_key(k) && is_label_value(v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        tags: app_spec.tags.clone(),
        name: name.clone(),
    };
    let network = lower_network(spec.network.as_ref());
    let ingress_spec = spec.ingress.clone().unwrap_or_default();
    let mut ingress = lower_ingress(&ingress_spec);
    let k8s = spec.kubernetes.clone().unwrap_or_default();
    let namespace = k8s.namespace.clone().unwrap_or_else(|| name.clone());
    let oidc_provider = k8s
        .oidc_provider_arn
        .as_deref()
        .and_then(crate::arn::parse_oidc_provider);
    let mut services: Vec<Service> = spec
        .services
        .iter()
        .map(|(name, s)| {
            let mut service = lower_service(spec, name, s, &ingress);
            service.eks_role = eks_role(
                &service,
                k8s.cluster.as_deref(),
                &namespace,
                oidc_provider.as_ref(),
            );
            service
        })
        .collect();
    ingress.load_balancers = place_routes(&mut services, ingress.shared_listener.is_none());
    number_rules(&spec.services, &mut services, ingress.priority_range);
    link_calls(&spec.services, &mut services);
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
            private_subnets: k8s.private_subnets.clone().unwrap_or_default(),
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
        kubernetes,
        ecs,
    }
}

/// `calls`, `callers` and `start_after` as indices. `services` is in the order of `specs` (by
/// name), so a service's index is its position there and sorting indices sorts names.
fn link_calls(specs: &BTreeMap<String, spec::Service>, services: &mut [Service]) {
    let index: BTreeMap<&str, ServiceIndex> = specs
        .keys()
        .enumerate()
        .map(|(i, name)| (name.as_str(), ServiceIndex(i)))
        .collect();
    // Check has refused an unknown callee (TF013); there is nothing to link it to.
    let calls: Vec<Vec<ServiceIndex>> = specs
        .values()
        .map(|s| {
            let mut calls: Vec<ServiceIndex> = s
                .calls
                .iter()
                .flatten()
                .filter_map(|callee| index.get(callee.as_str()).copied())
                .collect();
            calls.sort();
            calls.dedup();
            calls
        })
        .collect();
    // Reverse edges of the call graph, built once (a per-service scan would be quadratic); a
    // caller's index grows with the loop, so each list comes out sorted.
    let mut callers: Vec<Vec<ServiceIndex>> = vec![Vec::new(); services.len()];
    for (caller, callees) in calls.iter().enumerate() {
        for callee in callees {
            if let Some(list) = callers.get_mut(callee.0) {
                list.push(ServiceIndex(caller));
            }
        }
    }
    // Callers are created after their callees; a cycle loses the call that closes it (TF120).
    let edges: BTreeMap<ServiceIndex, std::collections::BTreeSet<ServiceIndex>> = calls
        .iter()
        .enumerate()
        .map(|(i, callees)| (ServiceIndex(i), callees.iter().copied().collect()))
        .collect();
    let mut order = crate::calls::order(&edges).after;
    for (i, ((service, calls), callers)) in services.iter_mut().zip(calls).zip(callers).enumerate()
    {
        let mut after = order.remove(&ServiceIndex(i)).unwrap_or_default();
        after.sort();
        service.start_after = after;
        service.calls = calls;
        // Only a server can be called (TF053).
        if let Role::Server(server) = &mut service.role {
            server.callers = callers;
        }
    }
}

fn lower_ingress(ingress: &spec::Ingress) -> Ingress {
    // The default certificate is `certificate_arn`, else the first of `certificate_arns`.
    let mut all: Vec<String> = ingress.certificate_arn.iter().cloned().collect();
    for arn in ingress.certificate_arns.iter().flatten() {
        if !all.contains(arn) {
            all.push(arn.clone());
        }
    }
    let mut all = all.into_iter();
    let certificate_arn = all.next();
    let range = ingress.priority_range.as_deref().and_then(|r| match r {
        [first, last] => Some((u32::try_from(*first).ok()?, u32::try_from(*last).ok()?)),
        _ => None,
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
                security_group: ingress
                    .load_balancer_security_group
                    .clone()
                    .unwrap_or_default(),
            }),
        priority_range: range,
        deletion_protection: ingress
            .deletion_protection
            .unwrap_or(defaults::DELETION_PROTECTION),
        load_balancers: Vec::new(),
    }
}

/// Lays the routed hosts out over load balancers and points every route at its own.
fn place_routes(services: &mut [Service], split: bool) -> Vec<LoadBalancer> {
    let mut per_host: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for route in services.iter().filter_map(Service::route) {
        *per_host.entry(route.host.as_deref()).or_default() += 1;
    }
    let layout = crate::load_balancers::layout(&per_host, split);
    let homes = crate::load_balancers::homes(&layout);
    for route in services.iter_mut().filter_map(route_mut) {
        route.load_balancer = homes.get(&route.host.as_deref()).copied().unwrap_or(0);
    }
    layout
}

fn route_mut(service: &mut Service) -> Option<&mut Route> {
    match &mut service.role {
        Role::Server(server) => server.route.as_mut(),
        Role::Worker(_) => None,
    }
}

/// Gives every route its listener-rule priority, one listener (load balancer) at a time, from
/// each service's own `host` and route (`ingress.domain` is left out, so changing it renumbers
/// nothing).
fn number_rules(
    specs: &BTreeMap<String, spec::Service>,
    services: &mut [Service],
    range: Option<(u32, u32)>,
) {
    // Check has refused a range without a number per band (TF069) and a band overflow (TF031).
    let Some(bands) = routes::Bands::new(range) else {
        return;
    };
    let mut by_listener: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, service) in services.iter().enumerate() {
        if let Some(route) = service.route() {
            by_listener.entry(route.load_balancer).or_default().push(i);
        }
    }
    for members in by_listener.values() {
        let keys: Vec<routes::RouteKey<'_>> = members
            .iter()
            .map(|&i| routes::RouteKey {
                host: specs.get(&services[i].name).and_then(|s| s.host.as_deref()),
                path: services[i].route().map_or("", |r| r.path.as_str()),
            })
            .collect();
        let Ok(placed) = routes::place(bands, &keys) else {
            continue;
        };
        let numbered: Vec<(usize, u32, Option<ServiceIndex>)> = members
            .iter()
            .zip(&placed)
            .map(|(&i, p)| (i, p.priority, p.next.map(|n| ServiceIndex(members[n]))))
            .collect();
        for (i, priority, next) in numbered {
            if let Some(route) = route_mut(&mut services[i]) {
                route.priority = priority;
                route.next = next;
            }
        }
    }
}

fn lower_iam(iam: &spec::Iam) -> AppIam {
    if let Some(role) = &iam.role_arn {
        return AppIam::Role(role.clone());
    }
    AppIam::Policies {
        statements: iam
            .statements
            .iter()
            .flatten()
            .map(|s| IamStatement {
                actions: s.actions.clone().unwrap_or_default(),
                resources: s.resources.clone().unwrap_or_default(),
            })
            .collect(),
        managed_policies: iam.managed_policies.clone().unwrap_or_default(),
    }
}

/// The IRSA role of a service with policies, when the EKS template is emitted: named from the
/// cluster, namespace and service (the name budget), so its ARN is known to the ServiceAccount
/// without a cross-stack lookup, and one account can hold the same app in several namespaces.
fn eks_role(
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

fn lower_network(network: Option<&spec::Network>) -> Network {
    let network = network.cloned().unwrap_or_default();
    if let Some(vpc_id) = network.vpc_id {
        return Network::Existing {
            vpc_id,
            public_subnets: network.public_subnets.unwrap_or_default(),
            private_subnets: network.private_subnets.unwrap_or_default(),
        };
    }
    let cidr = network.cidr.unwrap_or_else(|| defaults::CIDR.to_owned());
    let azs = u8::try_from(network.azs.unwrap_or(defaults::AZS)).unwrap_or(2);
    let (base, prefix) = parse_cidr(&cidr)
        .ok()
        .unwrap_or((std::net::Ipv4Addr::new(10, 0, 0, 0), 16));
    Network::Managed {
        layout: SubnetLayout::new(base, prefix, azs),
        cidr,
        azs,
        nat: network.nat.unwrap_or(defaults::NAT),
    }
}

fn lower_service(spec: &spec::Spec, name: &str, s: &spec::Service, ingress: &Ingress) -> Service {
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
        Some(a) => Scaling::Auto(Autoscale {
            min: to_u32(a.min, 1),
            max: to_u32(a.max, 1),
            cpu_percent: a.cpu.map(|v| to_u32(Some(v), 0)),
            memory_percent: a.memory.map(|v| to_u32(Some(v), 0)),
            requests_per_target: a.requests_per_target.map(|v| to_u32(Some(v), 0)),
        }),
        None => Scaling::Fixed(to_u32(s.replicas, defaults::REPLICAS)),
    };
    let health_path = health
        .path
        .clone()
        .unwrap_or_else(|| default_path.to_owned());
    let route = s
        .route
        .as_deref()
        .and_then(|r| routes::normalize(r).ok())
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
        });
    let role = match s.port {
        Some(port) => Role::Server(Server {
            port: u16::try_from(port).unwrap_or(0),
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
            health_command: health.command.clone().unwrap_or_default(),
        }),
    };
    let secrets = s
        .secrets
        .iter()
        .filter_map(|(var, arn)| Some((var.clone(), lower_secret(arn)?)))
        .collect();
    let user = s
        .user
        .as_deref()
        .and_then(|user| crate::syntax::user::parse(user).ok())
        .map_or((CONTAINER_UID, CONTAINER_GID), |user| (user.uid, user.gid));
    let registry_credentials = s.registry_credentials.as_deref().and_then(|arn| {
        let registry = s
            .image
            .as_deref()
            .and_then(|image| crate::syntax::parse_image(image).ok())
            .and_then(|image| image.registry)
            .unwrap_or(DOCKER_HUB)
            .to_owned();
        Some(RegistryCredentials {
            secret: lower_secret(arn)?,
            registry,
        })
    });
    Service {
        name: name.to_owned(),
        logical_id: pascal_case(name),
        image: image_reference(s.image.as_deref(), s.tag.as_deref(), s.digest.as_deref()),
        role,
        cpu: to_u32(s.cpu, defaults::CPU),
        memory: to_u32(s.memory, defaults::MEMORY),
        scaling,
        health: Health {
            interval: to_u32(health.interval, defaults::HEALTH_INTERVAL),
            timeout: to_u32(health.timeout, defaults::HEALTH_TIMEOUT),
            healthy: to_u32(health.healthy, defaults::HEALTH_HEALTHY),
            unhealthy: to_u32(health.unhealthy, defaults::HEALTH_UNHEALTHY),
            grace: to_u32(health.grace, defaults::HEALTH_GRACE),
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
        sidecars: s
            .sidecars
            .iter()
            .flatten()
            .map(|c| Sidecar {
                name: c.name.clone().unwrap_or_default(),
                image: image_reference(c.image.as_deref(), c.tag.as_deref(), c.digest.as_deref()),
                cpu: to_u32(c.cpu, defaults::SIDECAR_CPU),
                memory: to_u32(c.memory, defaults::SIDECAR_MEMORY),
                essential: c.essential.unwrap_or(defaults::SIDECAR_ESSENTIAL),
                env: env(&c.env),
                command: c.command.clone(),
            })
            .collect(),
        ephemeral_storage_gib: s.ephemeral_storage_gib.map(|g| to_u32(Some(g), 0)),
        iam: s.iam.as_ref().map(lower_iam),
        eks_role: None,
    }
}

/// `image`, `image:tag` or `image@digest` (checks allow at most one of tag and digest, and
/// neither when the image already names one).
fn image_reference(image: Option<&str>, tag: Option<&str>, digest: Option<&str>) -> String {
    let image = image.unwrap_or_default();
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
