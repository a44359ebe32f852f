//! Generated specs of N services, for benchmarks, scale tests and fuzzing seeds.
//!
//! The shape imitates a real estate: a minority of services are routed (at most
//! [`MAX_ROUTED`], under the ALB's 100-rule quota, or a quarter over several hosts with
//! [`spec_over_hosts`]), every service calls its two successors, every
//! fifth autoscales, every seventh reads a secret, sizes vary over valid Fargate pairs.
//! [`workloads`] adds what runs beside services: queue workers, EFS mounts and scheduled jobs.

use crate::builder::{App, Autoscale, FargateSize, Health, Ingress, Job, Kubernetes, Service};
use crate::spec::Spec;

/// Routed services in a generated spec, at most.
pub const MAX_ROUTED: usize = 90;

/// The `i`-th service of a generated spec: its ECR image under `repository`, port 8080 and the
/// next of `sizes`, in turn.
fn numbered_service(repository: &str, i: usize, sizes: &[FargateSize]) -> Service {
    let name = service_name(i);
    Service::new(&name)
        .image(&format!(
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/{repository}/{name}:1.0.{i}"
        ))
        .port(8080)
        .size(sizes[i % sizes.len()])
}

/// 256/512, 512/1024, 1024/2048, 2048/4096: four tiers, memory twice the CPU units.
fn sizes() -> Vec<FargateSize> {
    FargateSize::all()
        .filter(|size| size.memory() == 2 * size.cpu())
        .take(4)
        .collect()
}

/// Name of the `i`-th generated service.
pub fn service_name(i: usize) -> String {
    format!("svc-{i:04}")
}

/// A valid spec of `n` services, at most [`MAX_ROUTED`] of them routed (one load balancer).
pub fn spec(n: usize) -> Spec {
    generate(n, (n / 4).clamp(1.min(n), MAX_ROUTED), 0)
}

/// A valid spec of `n` services of which a quarter are routed, uncapped, over `hosts` hosts
/// (`h0.bench.example.com`, …) taken in turn: past 100 routes, several load balancers.
pub fn spec_over_hosts(n: usize, hosts: usize) -> Spec {
    generate(n, (n / 4).max(1.min(n)), hosts)
}

/// Name of the `j`-th generated host.
pub fn host_name(j: usize) -> String {
    format!("h{j}.bench.example.com")
}

fn generate(n: usize, routed: usize, hosts: usize) -> Spec {
    services(n, routed, hosts, |_, service| service).build()
}

/// The app of [`generate`], each service passed through `extra` last.
fn services(
    n: usize,
    routed: usize,
    hosts: usize,
    extra: impl Fn(usize, Service) -> Service,
) -> App {
    let mut app = App::new("bench").tag("team", "platform");
    if hosts > 0 {
        // Hosts are served over HTTPS, as they would be: a default certificate and one more by
        // SNI, on every load balancer.
        let certificate = |id: &str| format!("arn:aws:acm:us-east-1:123456789012:certificate/{id}");
        app = app.ingress(
            Ingress::new()
                .certificate_arn(&certificate("0f0e0d0c-0b0a-0908-0706-050403020100"))
                .certificate_arns(&[&certificate("1f1e1d1c-1b1a-1918-1716-151413121110")]),
        );
    }
    let sizes = sizes();
    for i in 0..n {
        let name = service_name(i);
        let mut service = numbered_service("bench", i, &sizes).env("SERVICE_INDEX", &i.to_string());
        if i < routed {
            // Four depths, as an estate's routes spread over a few path prefixes.
            let prefix = ["", "/api", "/api/v1", "/api/v1/internal"][i % 4];
            let host = (hosts > 0).then(|| host_name(i % hosts));
            service = service.route(&format!("{prefix}/{name}"));
            if let Some(host) = &host {
                service = service.host(host);
            }
        }
        let callees: Vec<String> = (1..=2)
            .map(|d| (i + d) % n)
            .filter(|&j| j != i)
            .map(service_name)
            .collect();
        service = service.calls(callees.iter().map(String::as_str));
        if i % 5 == 0 {
            service = service.autoscale(Autoscale::new(2, 10).cpu(60));
        }
        if i % 7 == 0 {
            let arn =
                format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:bench/{name}-AbCdEf");
            service = service.secret("DATABASE_URL", &arn);
        }
        app = app.service(extra(i, service));
    }
    app
}

/// A call chain of `n` services (each calls the next), every 20th routed, every third
/// autoscaled: the shape of issue 14's targets. Past [`MAX_ROUTED`] routes, the routes take
/// hosts in turn, as few as keep each load balancer under the rule quota.
pub fn chain(n: usize) -> Spec {
    let routed = n.div_ceil(20);
    let hosts = if routed > MAX_ROUTED {
        routed.div_ceil(MAX_ROUTED)
    } else {
        0
    };
    let mut app = App::new("chain").tag("team", "platform");
    if hosts > 0 {
        app = app.ingress(Ingress::new().certificate_arn(
            "arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-0b0a-0908-0706-050403020100",
        ));
    }
    let sizes = sizes();
    for i in 0..n {
        let name = service_name(i);
        let mut service = numbered_service("chain", i, &sizes);
        if i % 20 == 0 {
            service = service.route(&format!("/{name}"));
            if hosts > 0 {
                service = service.host(&host_name(i / 20 % hosts));
            }
        }
        if i + 1 < n {
            service = service.calls([service_name(i + 1).as_str()]);
        }
        if i % 3 == 0 {
            service = service.autoscale(Autoscale::new(2, 10).cpu(60));
        }
        app = app.service(service);
    }
    app.build()
}

/// [`spec`]`(n)` and what an estate runs beside its services: one queue worker per ten services
/// (no port, a command health check, scaling 1–10 on its own SQS queue), every tenth service
/// mounting an EFS access point (every other one read-only), and one scheduled job per ten
/// services, as many as the root stack has room for (TF080).
pub fn workloads(n: usize) -> Spec {
    let mounted = |i: usize, service: Service| {
        if i.is_multiple_of(10) {
            let access_point = format!("fsap-{i:017x}");
            service.volume(
                "fs-0a1b2c3d4e5f60718",
                &access_point,
                "/srv/shared",
                i.is_multiple_of(20),
            )
        } else {
            service
        }
    };
    // An EKS cluster with IRSA, as a queue worker needs (KEDA reads the queue as its role).
    let mut app = services(n, (n / 4).clamp(1.min(n), MAX_ROUTED), 0, mounted).kubernetes(
        Kubernetes::new()
            .cluster("bench")
            .private_subnets(&["subnet-0a1a1a1a1a1a1a1a1", "subnet-0b2b2b2b2b2b2b2b2"])
            .oidc_provider_arn(
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/9A8B7C6D5E4F3A2B1C0D9E8F7A6B5C4D",
        ),
    );
    let sizes = sizes();
    for w in 0..n / 10 {
        let name = format!("worker-{w:04}");
        let queue = format!("arn:aws:sqs:us-east-1:123456789012:bench-{name}");
        app = app.service(
            Service::new(&name)
                .image(&format!(
                    "123456789012.dkr.ecr.us-east-1.amazonaws.com/bench/{name}:1.0.{w}"
                ))
                .size(sizes[w % sizes.len()])
                .health(Health::new().command(&["/app/healthcheck"]))
                .autoscale(Autoscale::new(1, 10).queue(&queue, 20)),
        );
    }
    let room = crate::quotas::jobs_root_room(n as u64 + n as u64 / 10);
    for j in 0..(n / 10).min(usize::try_from(room).unwrap_or(usize::MAX)) {
        let name = format!("job-{j:04}");
        app = app.job(
            Job::new(
                &name,
                &format!("123456789012.dkr.ecr.us-east-1.amazonaws.com/bench/{name}:1.0.{j}"),
                &format!("{} {} * * *", j % 60, j % 24),
            )
            .timezone("Europe/Berlin")
            .spot(j.is_multiple_of(2)),
        );
    }
    app.build()
}

/// The same spec as `twinform.toml` text.
pub fn spec_text(n: usize) -> String {
    crate::builder::to_toml(&spec(n))
}
