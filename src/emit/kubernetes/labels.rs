//! Labels, object metadata and the Namespace.
//!
//! Every object carries the app's tags that are valid labels plus the recommended
//! `app.kubernetes.io/*` labels (ours win on a key clash). Selectors use only
//! `app.kubernetes.io/name` and `app.kubernetes.io/instance`: a Deployment's selector is
//! immutable, so it must not contain anything that changes between releases (`version`).

use crate::model::{Model, Service};
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use std::collections::BTreeMap;

pub const NAME: &str = "app.kubernetes.io/name";
pub const INSTANCE: &str = "app.kubernetes.io/instance";
pub const VERSION: &str = "app.kubernetes.io/version";
pub const PART_OF: &str = "app.kubernetes.io/part-of";
pub const MANAGED_BY: &str = "app.kubernetes.io/managed-by";
pub const MANAGER: &str = "twinform";

/// Pod Security Admission level of the namespace: the strictest built-in profile.
pub const PSS_LEVEL: &str = "restricted";
/// `enforce` is pinned so a cluster upgrade cannot start rejecting pods; `audit` and `warn` follow
/// `latest`, so a stricter future rule shows up as a warning before it is enforced.
pub const PSS_ENFORCE_VERSION: &str = "v1.30";
pub const PSS_WATCH_VERSION: &str = "latest";

pub type Labels = BTreeMap<String, String>;

/// Labels of app-wide objects (Namespace, Ingress).
pub fn app_labels(model: &Model) -> Labels {
    let mut labels = model.app.labels.clone();
    labels.insert(PART_OF.to_owned(), model.app.name.clone());
    labels.insert(MANAGED_BY.to_owned(), MANAGER.to_owned());
    labels
}

/// The immutable labels that select a service's pods.
pub fn selector_labels(model: &Model, service: &str) -> Labels {
    BTreeMap::from([
        (NAME.to_owned(), service.to_owned()),
        (INSTANCE.to_owned(), model.app.name.clone()),
    ])
}

/// Every label of a service's objects and pods.
pub fn service_labels(model: &Model, service: &Service) -> Labels {
    let mut labels = app_labels(model);
    labels.extend(selector_labels(model, &service.name));
    if let Some(version) = image_version(&service.image) {
        labels.insert(VERSION.to_owned(), version.to_owned());
    }
    labels
}

pub fn selector(model: &Model, service: &str) -> LabelSelector {
    LabelSelector {
        match_labels: Some(selector_labels(model, service)),
        ..Default::default()
    }
}

/// Metadata of a namespaced object of a service.
pub fn service_meta(model: &Model, service: &Service, name: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some(model.kubernetes.namespace.clone()),
        labels: Some(service_labels(model, service)),
        ..Default::default()
    }
}

/// The image tag, when it is a valid label value (`1.4.2`; not a digest).
fn image_version(image: &str) -> Option<&str> {
    // The one image parser (`registry:5000/repo` has a `:` that is a port, not a tag).
    let tag = crate::syntax::parse_image(image).ok()?.tag?;
    crate::model::is_label_value(tag)
        .then_some(tag)
        .filter(|t| !t.is_empty())
}

pub fn namespace(model: &Model) -> Namespace {
    let mut labels = app_labels(model);
    for (mode, version) in [
        ("enforce", PSS_ENFORCE_VERSION),
        ("audit", PSS_WATCH_VERSION),
        ("warn", PSS_WATCH_VERSION),
    ] {
        labels.insert(
            format!("pod-security.kubernetes.io/{mode}"),
            PSS_LEVEL.to_owned(),
        );
        labels.insert(
            format!("pod-security.kubernetes.io/{mode}-version"),
            version.to_owned(),
        );
    }
    // The AWS Load Balancer Controller then adds a readiness gate to routed pods, so a rollout
    // waits until the ALB target is healthy, as an ECS deployment does.
    labels.insert(
        "elbv2.k8s.aws/pod-readiness-gate-inject".to_owned(),
        "enabled".to_owned(),
    );
    Namespace {
        metadata: ObjectMeta {
            name: Some(model.kubernetes.namespace.clone()),
            labels: Some(labels),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::image_version;

    #[test]
    fn version_from_image_tag() {
        assert_eq!(
            image_version("public.ecr.aws/acme/api:3.2.0"),
            Some("3.2.0")
        );
        assert_eq!(image_version("registry:5000/acme/api"), None);
        assert_eq!(image_version("registry:5000/acme/api:v1"), Some("v1"));
        assert_eq!(
            image_version(
                "acme/api@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            ),
            None
        );
        assert_eq!(
            image_version(
                "acme/api:1.0@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            ),
            Some("1.0")
        );
        assert_eq!(image_version("acme/api:-bad-"), None);
    }
}
