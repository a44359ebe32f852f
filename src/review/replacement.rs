//! What an update does to one live resource, as data: the CloudFormation properties whose change
//! replaces the resource (generated from the resource schemas' `createOnlyProperties`, see
//! `create_only.json`), the ECS service properties whose change starts new tasks, and the
//! Kubernetes fields that cannot change in place or that restart every pod.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// What a change does to the running system at deploy time, mildest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Created by the update.
    Add,
    /// Deleted by the update (or, on Kubernetes, left to the user: see the hazards).
    Remove,
    /// Updated in place; running tasks and pods are untouched.
    InPlace,
    /// A new immutable revision (ECS task definition); the service rolls it out.
    NewRevision,
    /// New tasks (ECS service) or new pods (a Deployment's pod template): a rolling restart.
    Rollout,
    /// CloudFormation creates a new resource, moves references to it, and deletes the old one
    /// in the cleanup phase.
    Replace,
    /// Kubernetes rejects the update; the object must be deleted and re-created.
    Recreate,
}

impl Effect {
    pub fn label(self) -> &'static str {
        match self {
            Effect::Add => "added",
            Effect::Remove => "removed",
            Effect::InPlace => "in place",
            Effect::NewRevision => "new revision",
            Effect::Rollout => "rollout",
            Effect::Replace => "REPLACES",
            Effect::Recreate => "RECREATE (immutable field)",
        }
    }
}

/// The generated table: `.ci/create-only-properties.py` writes it from the schemas cfn-lint
/// ships (the version CI pins), for every resource type `src/emit/` names.
#[derive(Deserialize)]
pub struct CreateOnlyTable {
    pub cfn_lint_version: String,
    /// Resource type → create-only property paths below `Properties` (`Foo/Bar`; `*` = any
    /// element of a list).
    pub create_only: BTreeMap<String, Vec<String>>,
}

static TABLE: LazyLock<CreateOnlyTable> = LazyLock::new(|| {
    serde_json::from_str(include_str!("create_only.json")).unwrap_or(CreateOnlyTable {
        cfn_lint_version: String::new(),
        create_only: BTreeMap::new(),
    })
});

/// The generated create-only table.
pub fn create_only_table() -> &'static CreateOnlyTable {
    &TABLE
}

/// ECS service properties whose update makes ECS start new tasks ("When you update any of these
/// parameters, Amazon ECS starts new tasks with the new configuration",
/// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html).
/// `DesiredCount`, deployment settings and tags change without new tasks.
const ECS_SERVICE_ROLLOUT: &[&str] = &[
    "TaskDefinition",
    "LoadBalancers",
    "NetworkConfiguration",
    "ServiceConnectConfiguration",
    "ServiceRegistries",
    "CapacityProviderStrategy",
    "PlatformVersion",
    "PlacementConstraints",
    "PlacementStrategies",
    "VolumeConfigurations",
    "EnableExecuteCommand",
];

/// (kind, field paths below the object that are immutable).
pub const KUBERNETES_IMMUTABLE: &[(&str, &[&str])] = &[
    ("Deployment", &["spec.selector"]),
    // An Argo Rollout's selector is treated like a Deployment's.
    ("Rollout", &["spec.selector"]),
    (
        "Service",
        &["spec.clusterIP", "spec.clusterIPs", "spec.type"],
    ),
    ("PodDisruptionBudget", &[]),
    ("Namespace", &[]),
];

/// The segments of a diff path below `Properties`, list positions dropped:
/// `Properties.LoadBalancers[0].TargetGroupArn` → `["LoadBalancers", "TargetGroupArn"]`.
pub fn property_segments(path: &str) -> Option<Vec<&str>> {
    if path == "Properties" {
        return Some(Vec::new());
    }
    let rest = path.strip_prefix("Properties.")?;
    Some(
        rest.split('.')
            .map(|s| s.split('[').next().unwrap_or(s))
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

/// Whether a value has something at `segments` (lists searched element-wise).
fn has_at(value: &Value, segments: &[&str]) -> bool {
    match segments.split_first() {
        None => true,
        Some((head, rest)) => match value {
            Value::Array(items) => items.iter().any(|v| has_at(v, segments)),
            Value::Object(map) if *head == "*" => map.values().any(|v| has_at(v, rest)),
            Value::Object(map) => map.get(*head).is_some_and(|v| has_at(v, rest)),
            _ => false,
        },
    }
}

/// Whether changing the property at `path` (a diff path) of a resource of `resource_type`
/// replaces it.
pub fn replaces(resource_type: &str, path: &str, old: Option<&Value>, new: Option<&Value>) -> bool {
    if path == "Type" {
        return true;
    }
    TABLE
        .create_only
        .get(resource_type)
        .is_some_and(|create_only| touches_create_only(create_only, path, old, new))
}

/// A change at or below a create-only path touches it; so does adding or removing a parent
/// object (`old`/`new` are the parent's values) that holds a create-only value.
fn touches_create_only(
    create_only: &[String],
    path: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> bool {
    let Some(segments) = property_segments(path) else {
        return false;
    };
    create_only.iter().any(|p| {
        let wanted: Vec<&str> = p.split('/').filter(|s| *s != "*").collect();
        if segments.len() >= wanted.len() {
            segments[..wanted.len()] == wanted[..]
        } else {
            segments[..] == wanted[..segments.len()]
                && [old, new]
                    .into_iter()
                    .flatten()
                    .any(|v| has_at(v, &wanted[segments.len()..]))
        }
    })
}

/// The effect of changing the property at `path` of a CloudFormation resource.
pub fn cloudformation_effect(
    resource_type: &str,
    path: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Effect {
    let replaced = replaces(resource_type, path, old, new);
    let top = property_segments(path).and_then(|s| s.first().copied());
    match resource_type {
        // A task definition is immutable: "replacing" it registers a new revision.
        "AWS::ECS::TaskDefinition" if replaced => Effect::NewRevision,
        _ if replaced => Effect::Replace,
        "AWS::ECS::Service" if top.is_some_and(|t| ECS_SERVICE_ROLLOUT.contains(&t)) => {
            Effect::Rollout
        }
        _ => Effect::InPlace,
    }
}

/// The effect of changing the field at dotted `path` of a Kubernetes object of `kind`.
pub fn kubernetes_effect(kind: &str, path: &str) -> Effect {
    let immutable = KUBERNETES_IMMUTABLE
        .iter()
        .find(|(k, _)| *k == kind)
        .is_some_and(|(_, fields)| {
            fields
                .iter()
                .any(|f| path == *f || path.starts_with(&format!("{f}.")))
        });
    let pod_template = matches!(
        kind,
        "Deployment" | "Rollout" | "StatefulSet" | "DaemonSet" | "Job"
    ) && (path == "spec.template" || path.starts_with("spec.template."));
    if immutable {
        Effect::Recreate
    } else if pod_template {
        // Any change to the pod template, labels included, makes the controller replace every
        // pod (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#updating-a-deployment).
        Effect::Rollout
    } else {
        Effect::InPlace
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // The corrections issue 13 names, straight from the schemas.
    #[test]
    fn generated_table_matches_the_schemas_on_known_cases() {
        let effect = |t, p| cloudformation_effect(t, p, None, None);
        assert_eq!(
            effect("AWS::Logs::LogGroup", "Properties.KmsKeyId"),
            Effect::InPlace
        );
        assert_eq!(
            effect("AWS::ECS::Service", "Properties.DeploymentController.Type"),
            Effect::InPlace
        );
        assert_eq!(
            effect(
                "AWS::ApplicationAutoScaling::ScalingPolicy",
                "Properties.ScalingTargetId"
            ),
            Effect::Replace
        );
        assert_eq!(
            effect("AWS::ECS::Service", "Properties.Cluster.Ref"),
            Effect::Replace
        );
        assert_eq!(
            effect("AWS::ECS::Service", "Properties.TaskDefinition"),
            Effect::Rollout
        );
        assert_eq!(
            effect("AWS::ECS::Service", "Properties.DesiredCount"),
            Effect::InPlace
        );
        assert_eq!(
            effect(
                "AWS::ECS::TaskDefinition",
                "Properties.ContainerDefinitions[Name=api].Image"
            ),
            Effect::NewRevision
        );
        assert_eq!(
            effect("AWS::ECS::TaskDefinition", "Properties.Tags[0]"),
            Effect::InPlace
        );
    }

    #[test]
    fn nested_create_only_paths() {
        let table = ["Outer/*/Inner".to_owned()];
        let touches = |path: &str, old: Option<Value>, new: Option<Value>| {
            touches_create_only(&table, path, old.as_ref(), new.as_ref())
        };
        // Below it, at it, and beside it.
        assert!(touches("Properties.Outer[0].Inner.Deep", None, None));
        assert!(touches("Properties.Outer[Name=a].Inner", None, None));
        assert!(!touches("Properties.Outer[0].Other", None, None));
        // A parent added or removed whole: only when it carries the create-only value.
        assert!(touches(
            "Properties.Outer",
            None,
            Some(json!([{"Inner": 1}]))
        ));
        assert!(touches(
            "Properties.Outer[0]",
            Some(json!({"Inner": 1})),
            None
        ));
        assert!(!touches(
            "Properties.Outer",
            None,
            Some(json!([{"Other": 1}]))
        ));
    }
}
