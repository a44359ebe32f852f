//! The kinds k8s-openapi does not have, as small typed serde structs, all in this one module:
//! ExternalSecret (External Secrets Operator, `external-secrets.io/v1`), Kustomization
//! (`kustomize.config.k8s.io/v1beta1`), and KEDA's ScaledObject and TriggerAuthentication
//! (`keda.sh/v1alpha1`, built in `keda.rs`), and Argo Rollouts' Rollout (`argoproj.io/v1alpha1`,
//! built in `rollout.rs`). Only the fields twinform sets are modelled.

use super::labels;
use crate::model::{Model, PatchTarget, SecretStore, Service};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscalerBehavior;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;
use std::collections::BTreeMap;

pub const EXTERNAL_SECRET_API_VERSION: &str = "external-secrets.io/v1";
pub const KUSTOMIZATION_API_VERSION: &str = "kustomize.config.k8s.io/v1beta1";
/// How often the operator re-reads the stores: a rotated secret reaches new pods within this.
pub const REFRESH_INTERVAL: &str = "1h";
const STORE_KIND: &str = "ClusterSecretStore";

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalSecret {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: ObjectMeta,
    pub spec: ExternalSecretSpec,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalSecretSpec {
    pub refresh_interval: &'static str,
    pub secret_store_ref: SecretStoreRef,
    pub target: ExternalSecretTarget,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<ExternalSecretData>,
    /// Every key of a secret at once (`extract`), for a template that uses several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_from: Vec<ExternalSecretDataFrom>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExternalSecretDataFrom {
    pub extract: RemoteRef,
}

/// What the created Secret looks like, when not one key per entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretTemplate {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub engine_version: &'static str,
    pub data: BTreeMap<&'static str, String>,
}

/// A `kubernetes.io/dockerconfigjson` document: registry host → credentials.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct DockerConfig<'a> {
    auths: BTreeMap<&'a str, DockerAuth>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct DockerAuth {
    auth: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecretStoreRef {
    pub name: String,
    pub kind: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalSecretTarget {
    pub name: String,
    /// `Owner`: the Secret is deleted with the ExternalSecret.
    pub creation_policy: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<SecretTemplate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalSecretData {
    /// The key in the target Secret: the environment variable's name.
    pub secret_key: String,
    pub remote_ref: RemoteRef,
    /// Set when this entry's store differs from `spec.secretStoreRef`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_ref: Option<SourceRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemoteRef {
    pub key: String,
    /// The JSON key inside a Secrets Manager secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceRef {
    pub store_ref: SecretStoreRef,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Kustomization {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub namespace: String,
    pub resources: Vec<String>,
    /// `[[patches]]` with a `kubernetes` target: kustomize applies each inline JSON 6902 patch
    /// to the one object its target selects.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub patches: Vec<KustomizePatch>,
}

/// One `patches:` entry: an inline RFC 6902 patch (JSON is YAML) and the object it applies to.
/// Source: <https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/>.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KustomizePatch {
    pub patch: String,
    pub target: KustomizeTarget,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KustomizeTarget {
    pub kind: String,
    /// kustomize reads `name` as an anchored regular expression: a `.` (allowed in some
    /// object names) is escaped so that it matches itself only.
    pub name: String,
}

/// The Secret a service's ExternalSecret creates (and its pods read): `<service>-secrets`.
pub fn secret_name(service: &Service) -> String {
    format!("{}-secrets", service.name)
}

fn store_ref(model: &Model, store: SecretStore) -> SecretStoreRef {
    let name = match store {
        SecretStore::SecretsManager => &model.kubernetes.secret_store,
        SecretStore::ParameterStore => &model.kubernetes.parameter_store,
    };
    SecretStoreRef {
        name: name.clone(),
        kind: STORE_KIND,
    }
}

/// One ExternalSecret with every secret of the service, or none when it has no secrets. One
/// ClusterSecretStore serves one AWS service, so a service with both kinds of ARN names the
/// second store per entry (`sourceRef.storeRef`).
pub fn external_secret(model: &Model, service: &Service) -> Option<ExternalSecret> {
    let default_store = service.secrets.values().map(|s| s.store).min()?;
    let data = service
        .secrets
        .iter()
        .map(|(var, secret)| ExternalSecretData {
            secret_key: var.clone(),
            remote_ref: RemoteRef {
                key: secret.remote_key.clone(),
                property: secret.json_key.clone(),
            },
            source_ref: (secret.store != default_store).then(|| SourceRef {
                store_ref: store_ref(model, secret.store),
            }),
        })
        .collect();
    Some(owned_external_secret(
        model,
        service,
        secret_name(service),
        store_ref(model, default_store),
        None,
        (data, Vec::new()),
    ))
}

/// An ExternalSecret of `service` whose Secret it owns (deleted with it), refreshed hourly.
fn owned_external_secret(
    model: &Model,
    service: &Service,
    name: String,
    secret_store_ref: SecretStoreRef,
    template: Option<SecretTemplate>,
    (data, data_from): (Vec<ExternalSecretData>, Vec<ExternalSecretDataFrom>),
) -> ExternalSecret {
    ExternalSecret {
        api_version: EXTERNAL_SECRET_API_VERSION,
        kind: "ExternalSecret",
        metadata: labels::service_meta(model, service, &name),
        spec: ExternalSecretSpec {
            refresh_interval: REFRESH_INTERVAL,
            secret_store_ref,
            target: ExternalSecretTarget {
                name,
                creation_policy: "Owner",
                template,
            },
            data,
            data_from,
        },
    }
}

/// The pull secret of a private registry's image (`registry_credentials`): `<service>-registry`.
pub fn registry_secret_name(service: &Service) -> String {
    format!("{}-registry", service.name)
}

/// The image pull secret, made by External Secrets from the same Secrets Manager secret ECS
/// reads: both keys extracted, and a `dockerconfigjson` templated from them. Only `auth`
/// (base64 of `username:password`) is written, so no password character can break the JSON;
/// the Go template's string is a raw (backquoted) literal so the JSON needs no escaping.
/// <https://external-secrets.io/latest/guides/common-k8s-secret-types/> (Dockerconfigjson);
/// <https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod>.
pub fn registry_secret(model: &Model, service: &Service) -> Option<ExternalSecret> {
    let credentials = service.registry_credentials.as_ref()?;
    let config = DockerConfig {
        auths: BTreeMap::from([(
            credentials.registry.as_str(),
            DockerAuth {
                auth: "{{ printf `%s:%s` .username .password | b64enc }}".to_owned(),
            },
        )]),
    };
    let document =
        serde_json::to_string(&config).expect("a map of strings to strings always serializes");
    let template = SecretTemplate {
        kind: "kubernetes.io/dockerconfigjson",
        engine_version: "v2",
        data: BTreeMap::from([(".dockerconfigjson", document)]),
    };
    let everything = ExternalSecretDataFrom {
        extract: RemoteRef {
            key: credentials.secret.remote_key.clone(),
            property: None,
        },
    };
    Some(owned_external_secret(
        model,
        service,
        registry_secret_name(service),
        store_ref(model, SecretStore::SecretsManager),
        Some(template),
        (Vec::new(), vec![everything]),
    ))
}

/// `resources` are the other files of the directory, in file-name order.
pub fn kustomization(model: &Model, resources: Vec<String>) -> Kustomization {
    Kustomization {
        api_version: KUSTOMIZATION_API_VERSION,
        kind: "Kustomization",
        namespace: model.kubernetes.namespace.clone(),
        resources,
        patches: model
            .patches
            .iter()
            .filter_map(|patch| match &patch.target {
                PatchTarget::Kubernetes { kind, name } => Some(KustomizePatch {
                    patch: patch.json.clone(),
                    target: KustomizeTarget {
                        kind: kind.clone(),
                        name: name.replace('.', "\\."),
                    },
                }),
                PatchTarget::CloudFormation(_) => None,
            })
            .collect(),
    }
}

// --- KEDA (keda.sh/v1alpha1) ---------------------------------------------------------------

pub const KEDA_API_VERSION: &str = "keda.sh/v1alpha1";

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScaledObject {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: ObjectMeta,
    pub spec: ScaledObjectSpec,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScaledObjectSpec {
    pub scale_target_ref: ScaleTargetRef,
    pub min_replica_count: i32,
    pub max_replica_count: i32,
    /// Seconds between KEDA's polls of the queue (its default, written out).
    pub polling_interval: i32,
    pub advanced: Advanced,
    pub triggers: Vec<Trigger>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScaleTargetRef {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Advanced {
    pub horizontal_pod_autoscaler_config: HpaConfig,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HpaConfig {
    pub behavior: HorizontalPodAutoscalerBehavior,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trigger {
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `Utilization` for the cpu and memory triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_type: Option<&'static str>,
    pub metadata: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_ref: Option<AuthenticationRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuthenticationRef {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerAuthentication {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: ObjectMeta,
    pub spec: TriggerAuthenticationSpec,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerAuthenticationSpec {
    pub pod_identity: PodIdentity,
}

/// `provider: aws` with `identityOwner: workload`: KEDA reads the queue as the role of the
/// workload's ServiceAccount (its IRSA annotation); `aws-eks` is deprecated.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodIdentity {
    pub provider: &'static str,
    pub identity_owner: &'static str,
}

// --- Argo Rollouts (argoproj.io/v1alpha1) ------------------------------------------------------

pub const ROLLOUT_API_VERSION: &str = "argoproj.io/v1alpha1";
pub const ROLLOUT_KIND: &str = "Rollout";
/// The Ingress backend port that tells the AWS Load Balancer Controller to read the action
/// annotation of the backend's name instead.
pub const USE_ANNOTATION: &str = "use-annotation";

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rollout {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: ObjectMeta,
    pub spec: RolloutSpec,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutSpec {
    /// Absent when autoscaled, as on a Deployment: the HPA owns the count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    pub selector: k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector,
    pub template: k8s_openapi::api::core::v1::PodTemplateSpec,
    pub strategy: RolloutStrategy,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RolloutStrategy {
    pub canary: Canary,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Canary {
    pub stable_service: String,
    pub canary_service: String,
    pub traffic_routing: TrafficRouting,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrafficRouting {
    pub alb: AlbRouting,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlbRouting {
    pub ingress: String,
    pub service_port: i32,
    pub root_service: String,
}

/// One canary step; only the kinds twinform writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Step {
    /// The new ReplicaSet's size as a share of `replicas`.
    SetCanaryScale {
        weight: i32,
    },
    /// The new revision's share of the ALB traffic.
    SetWeight(i32),
    Pause {
        duration: String,
    },
}

/// An AWS Load Balancer Controller action (the JSON of `alb.ingress.kubernetes.io/actions.*`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlbAction {
    #[serde(rename = "Type")]
    pub kind: &'static str,
    pub forward_config: AlbForwardConfig,
}
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlbForwardConfig {
    pub target_groups: Vec<AlbTargetGroup>,
}
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlbTargetGroup {
    pub service_name: String,
    pub service_port: String,
    pub weight: u32,
}
