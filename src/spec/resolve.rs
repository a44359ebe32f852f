//! The resolved spec `twinform show` prints: one environment's overlay merged (by `check`) and
//! every default of `defaults.rs` written out, so a reader sees what both targets get. Fed back
//! to twinform it gives the same output as the spec it came from (a test holds every example ×
//! environment to that), which keeps these defaults and `model::lower`'s in step.

use super::defaults;
use super::{App, Health, Ingress, Kubernetes, Network, Protocol, Spec};

/// `spec` with its environments dropped (they are merged already) and the defaults filled in.
pub fn with_defaults(mut spec: Spec) -> Spec {
    spec.environments.clear();
    let app = spec.app.get_or_insert_with(App::default);
    app.region
        .get_or_insert_with(|| defaults::REGION.to_owned());
    app.log_retention_days
        .get_or_insert(defaults::LOG_RETENTION_DAYS);
    let app_name = app.name.clone().unwrap_or_default();

    let network = spec.network.get_or_insert_with(Network::default);
    // An existing VPC has its own CIDR, AZs and NAT: nothing of ours applies (a base spec's
    // values that an overlay's `vpc_id` overrides are dropped too).
    if network.vpc_id.is_some() {
        network.cidr = None;
        network.azs = None;
        network.nat = None;
    } else {
        network
            .cidr
            .get_or_insert_with(|| defaults::CIDR.to_owned());
        network.azs.get_or_insert(defaults::AZS);
        network.nat.get_or_insert(defaults::NAT);
    }
    spec.ingress
        .get_or_insert_with(Ingress::default)
        .public
        .get_or_insert(defaults::PUBLIC);

    // References resolve against the spec as written (ports are never defaulted).
    let snapshot = spec.clone();
    let resolve = |env: &mut std::collections::BTreeMap<String, String>| {
        for value in env.values_mut() {
            *value = super::reference::substitute(&snapshot, value);
        }
    };
    for service in spec.services.values_mut() {
        resolve(&mut service.env);
        for sidecar in service.sidecars.iter_mut().flatten() {
            resolve(&mut sidecar.env);
        }
        for init in service.init.iter_mut().flatten() {
            resolve(&mut init.env);
        }
        service.cpu.get_or_insert(defaults::CPU);
        service.memory.get_or_insert(defaults::MEMORY);
        service.spot.get_or_insert(defaults::SPOT);
        service.platform.get_or_insert(defaults::PLATFORM);
        service.exec.get_or_insert(defaults::EXEC);
        if service.autoscale.is_none() {
            service.replicas.get_or_insert(defaults::REPLICAS);
        }
        // A worker (no port) has no protocol and no probe to fill.
        if service.port.is_some() {
            let protocol = *service.protocol.get_or_insert(defaults::PROTOCOL);
            let health = service.health.get_or_insert_with(Health::default);
            health.path.get_or_insert_with(|| {
                match protocol {
                    Protocol::Grpc => defaults::GRPC_HEALTH_PATH,
                    Protocol::Http | Protocol::Tcp => defaults::HEALTH_PATH,
                }
                .to_owned()
            });
            health.interval.get_or_insert(defaults::HEALTH_INTERVAL);
            health.timeout.get_or_insert(defaults::HEALTH_TIMEOUT);
            health.healthy.get_or_insert(defaults::HEALTH_HEALTHY);
            health.unhealthy.get_or_insert(defaults::HEALTH_UNHEALTHY);
            health.grace.get_or_insert(defaults::HEALTH_GRACE);
        }
        for sidecar in service.sidecars.iter_mut().flatten() {
            sidecar.cpu.get_or_insert(defaults::SIDECAR_CPU);
            sidecar.memory.get_or_insert(defaults::SIDECAR_MEMORY);
            sidecar.essential.get_or_insert(defaults::SIDECAR_ESSENTIAL);
        }
    }

    for job in spec.jobs.values_mut() {
        job.cpu.get_or_insert(defaults::CPU);
        job.memory.get_or_insert(defaults::MEMORY);
        job.spot.get_or_insert(defaults::SPOT);
        job.concurrency.get_or_insert(super::Concurrency::Allow);
        job.retries.get_or_insert(defaults::JOB_RETRIES);
    }

    let kubernetes = spec.kubernetes.get_or_insert_with(Kubernetes::default);
    kubernetes.namespace.get_or_insert(app_name);
    kubernetes
        .secret_store
        .get_or_insert_with(|| defaults::SECRET_STORE.to_owned());
    kubernetes
        .parameter_store
        .get_or_insert_with(|| defaults::PARAMETER_STORE.to_owned());
    spec
}
