//! Kubernetes manifests for EKS on Fargate. This module never returns an error.
//!
//! Architecture Invariant: every built-in kind is a k8s-openapi type; the kinds k8s-openapi
//! lacks are typed serde structs: ExternalSecret and Kustomization in [`crds`], KEDA's in
//! [`keda`].
//! Every namespaced object names its namespace explicitly (a PersistentVolume is cluster-scoped) (checkov CKV_K8S_21), so the files
//! also apply correctly without kustomize.
//!
//! Files: `namespace.yaml`, one `<service>.yaml` per service (ServiceAccount, ExternalSecret,
//! Deployment (an Argo Rollout and a second, canary Service for a traffic-shifting strategy),
//! Service, HorizontalPodAutoscaler or KEDA TriggerAuthentication + ScaledObject,
//! PodDisruptionBudget, NetworkPolicy),
//! `ingress.yaml` when a service is routed, and `kustomization.yaml` listing the others.

mod container;
mod crds;
mod cronjob;
mod keda;
mod labels;
mod networking;
mod rollout;
mod scaling;
mod sidecars;
mod storage;
mod workload;

pub use crds::{
    ExternalSecret, ExternalSecretData, ExternalSecretSpec, ExternalSecretTarget, Kustomization,
    RemoteRef, SecretStoreRef, SourceRef,
};
pub use crds::{KEDA_API_VERSION, ScaledObject, TriggerAuthentication};
pub use crds::{ROLLOUT_API_VERSION, Rollout, Step};
pub use rollout::steps as rollout_steps;

use crate::model::{Model, Role};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::CronJob;
use k8s_openapi::api::core::v1::{
    Namespace, PersistentVolume, PersistentVolumeClaim, Service, ServiceAccount,
};
use k8s_openapi::api::networking::v1::{Ingress, NetworkPolicy};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use serde::Serialize;
use std::collections::BTreeMap;

/// One Kubernetes object of a kind twinform emits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum KubeObject {
    Namespace(Namespace),
    ServiceAccount(ServiceAccount),
    ExternalSecret(ExternalSecret),
    PersistentVolume(Box<PersistentVolume>),
    PersistentVolumeClaim(PersistentVolumeClaim),
    Deployment(Box<Deployment>),
    Rollout(Box<Rollout>),
    CronJob(Box<CronJob>),
    Service(Service),
    HorizontalPodAutoscaler(HorizontalPodAutoscaler),
    TriggerAuthentication(TriggerAuthentication),
    ScaledObject(ScaledObject),
    PodDisruptionBudget(PodDisruptionBudget),
    NetworkPolicy(NetworkPolicy),
    Ingress(Ingress),
    Kustomization(Kustomization),
}

/// The manifest set: file name (relative to `DIR/kubernetes/`) → its objects, in order.
/// `kustomization.yaml` is one of the files.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Manifests {
    pub files: BTreeMap<String, Vec<KubeObject>>,
}

pub const NAMESPACE_FILE: &str = "namespace.yaml";
pub const INGRESS_FILE: &str = "ingress.yaml";
pub const KUSTOMIZATION_FILE: &str = "kustomization.yaml";

/// The file of one service: `<service>.yaml`. A service named like a shared file gets
/// `<service>.service.yaml` instead; service names cannot contain `.`, so that name is free.
pub fn service_file(service: &str) -> String {
    let plain = format!("{service}.yaml");
    if [NAMESPACE_FILE, INGRESS_FILE, KUSTOMIZATION_FILE].contains(&plain.as_str()) {
        format!("{service}.service.yaml")
    } else {
        plain
    }
}

pub fn manifests(model: &Model) -> Manifests {
    let mut files = BTreeMap::new();
    each_file(model, |name, objects| {
        files.insert(name, objects);
    });
    Manifests { files }
}

/// Builds the manifest set one file at a time and hands each to `visit`, so a caller that
/// serializes and drops them holds one service's objects at a time, not every service's.
pub fn each_file(model: &Model, mut visit: impl FnMut(String, Vec<KubeObject>)) {
    let ingresses = networking::ingresses(model);
    // The kustomization lists every other file, known before any is built.
    let mut resources: Vec<String> = model
        .services
        .iter()
        .map(|s| service_file(&s.name))
        .chain(model.jobs.iter().map(|j| service_file(j.name())))
        .chain([NAMESPACE_FILE.to_owned()])
        .chain((!ingresses.is_empty()).then(|| INGRESS_FILE.to_owned()))
        .collect();
    resources.sort();
    visit(
        KUSTOMIZATION_FILE.to_owned(),
        vec![KubeObject::Kustomization(crds::kustomization(
            model, resources,
        ))],
    );
    visit(
        NAMESPACE_FILE.to_owned(),
        vec![KubeObject::Namespace(labels::namespace(model))],
    );
    if !ingresses.is_empty() {
        visit(
            INGRESS_FILE.to_owned(),
            ingresses.into_iter().map(KubeObject::Ingress).collect(),
        );
    }
    for service in &model.services {
        let mut objects = vec![KubeObject::ServiceAccount(workload::service_account(
            model, service,
        ))];
        objects.extend(crds::external_secret(model, service).map(KubeObject::ExternalSecret));
        objects.extend(crds::registry_secret(model, service).map(KubeObject::ExternalSecret));
        for mount in &service.volumes {
            objects.push(KubeObject::PersistentVolume(Box::new(
                storage::persistent_volume(model, service, mount),
            )));
            objects.push(KubeObject::PersistentVolumeClaim(
                storage::persistent_volume_claim(model, service, mount),
            ));
        }
        // A worker has no port, so no Service.
        let server = match &service.role {
            Role::Server(server) => Some(server),
            Role::Worker(_) | Role::Job => None,
        };
        let shifting = server.and_then(|server| {
            let route = server.route.as_ref().filter(|r| !r.deploy.is_rolling())?;
            Some((server, route))
        });
        objects.push(match shifting {
            Some((server, route)) => KubeObject::Rollout(Box::new(rollout::rollout(
                model,
                service,
                route,
                &networking::ingress_of(model, route),
                server.port,
            ))),
            None => KubeObject::Deployment(Box::new(workload::deployment(model, service))),
        });
        if let Some(server) = server {
            objects.push(KubeObject::Service(networking::service(
                model, service, server,
            )));
        }
        if let Some((server, _)) = shifting {
            objects.push(KubeObject::Service(networking::named_service(
                model,
                service,
                server,
                &rollout::canary_service_name(service),
            )));
        }
        objects.extend(
            scaling::horizontal_pod_autoscaler(model, service)
                .map(KubeObject::HorizontalPodAutoscaler),
        );
        objects.extend(
            keda::trigger_authentication(model, service).map(KubeObject::TriggerAuthentication),
        );
        objects.extend(keda::scaled_object(model, service).map(KubeObject::ScaledObject));
        objects.extend(
            scaling::pod_disruption_budget(model, service).map(KubeObject::PodDisruptionBudget),
        );
        objects.push(KubeObject::NetworkPolicy(networking::network_policy(
            model, service,
        )));
        visit(service_file(&service.name), objects);
    }
    // A job: its ServiceAccount, secrets, CronJob, and a NetworkPolicy admitting nothing (no
    // port), as a worker's.
    for job in &model.jobs {
        let task = &job.task;
        let mut objects = vec![KubeObject::ServiceAccount(workload::service_account(
            model, task,
        ))];
        objects.extend(crds::external_secret(model, task).map(KubeObject::ExternalSecret));
        objects.push(KubeObject::CronJob(Box::new(cronjob::cron_job(model, job))));
        objects.push(KubeObject::NetworkPolicy(networking::network_policy(
            model, task,
        )));
        visit(service_file(job.name()), objects);
    }
}
