//! Pod Security Standards `restricted`, checked in code (not only by checkov).

use super::*;
use serde_json::Value;

fn is_true(value: &Value) -> bool {
    value == &Value::Bool(true)
}

/// Pod Security Standards `restricted` (which includes `baseline`), per
/// k8s.io/pod-security-admission `policy/check_*.go`: every violation of one pod spec.
fn pss_restricted_violations(pod: &Value) -> Vec<String> {
    let mut violations = Vec::new();
    let mut fail = |what: String| violations.push(what);
    for field in ["hostNetwork", "hostPID", "hostIPC"] {
        if is_true(&pod[field]) {
            fail(format!("{field} set"));
        }
    }
    let pod_context = &pod["securityContext"];
    for volume in pod["volumes"].as_array().into_iter().flatten() {
        let allowed = [
            "configMap",
            "csi",
            "downwardAPI",
            "emptyDir",
            "ephemeral",
            "persistentVolumeClaim",
            "projected",
            "secret",
        ];
        let kinds: Vec<&String> = volume
            .as_object()
            .into_iter()
            .flat_map(|o| o.keys())
            .filter(|k| *k != "name")
            .collect();
        if kinds.len() != 1 || !allowed.contains(&kinds[0].as_str()) {
            fail(format!("volume type {kinds:?}"));
        }
    }
    if pod_context["sysctls"]
        .as_array()
        .is_some_and(|s| !s.is_empty())
    {
        fail("sysctls".into());
    }
    let containers: Vec<&Value> = ["containers", "initContainers", "ephemeralContainers"]
        .iter()
        .flat_map(|k| pod[*k].as_array().into_iter().flatten())
        .collect();
    if containers.is_empty() {
        fail("no containers".into());
    }
    let pod_non_root = is_true(&pod_context["runAsNonRoot"]);
    let pod_seccomp = pod_context["seccompProfile"]["type"].as_str();
    if pod_context["runAsNonRoot"] == false {
        fail("pod runAsNonRoot false".into());
    }
    if pod_context["runAsUser"] == 0 {
        fail("pod runAsUser 0".into());
    }
    if matches!(pod_seccomp, Some(t) if t != "RuntimeDefault" && t != "Localhost") {
        fail(format!("pod seccomp {pod_seccomp:?}"));
    }
    if pod_context["seLinuxOptions"]["user"].is_string()
        || pod_context["seLinuxOptions"]["role"].is_string()
    {
        fail("pod seLinux user/role".into());
    }
    if pod_context["windowsOptions"]["hostProcess"] == true {
        fail("pod hostProcess".into());
    }
    for container in containers {
        let c = &container["securityContext"];
        let name = container["name"].as_str().unwrap_or_default();
        let mut fail_c = |what: &str| fail(format!("{name}: {what}"));
        if is_true(&c["privileged"]) {
            fail_c("privileged");
        }
        if c["allowPrivilegeEscalation"] != false {
            fail_c("allowPrivilegeEscalation not false");
        }
        if !(pod_non_root || is_true(&c["runAsNonRoot"])) || c["runAsNonRoot"] == false {
            fail_c("runAsNonRoot not true");
        }
        if c["runAsUser"] == 0 {
            fail_c("runAsUser 0");
        }
        let seccomp = c["seccompProfile"]["type"].as_str().or(pod_seccomp);
        if !matches!(seccomp, Some("RuntimeDefault" | "Localhost")) {
            fail_c("seccomp not RuntimeDefault/Localhost");
        }
        let drop = c["capabilities"]["drop"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if !drop.iter().any(|d| d == "ALL") {
            fail_c("capabilities.drop lacks ALL");
        }
        if c["capabilities"]["add"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|a| a != "NET_BIND_SERVICE")
        {
            fail_c("capabilities.add beyond NET_BIND_SERVICE");
        }
        if c["procMount"].as_str().is_some_and(|p| p != "Default") {
            fail_c("procMount");
        }
        if c["windowsOptions"]["hostProcess"] == true {
            fail_c("hostProcess");
        }
        if c["appArmorProfile"]["type"]
            .as_str()
            .is_some_and(|t| t == "Unconfined")
        {
            fail_c("appArmor Unconfined");
        }
        for port in container["ports"].as_array().into_iter().flatten() {
            if port["hostPort"].as_i64().is_some_and(|p| p != 0) {
                fail_c("hostPort");
            }
        }
        for probe in ["startupProbe", "readinessProbe", "livenessProbe"] {
            for handler in ["httpGet", "tcpSocket"] {
                if container[probe][handler]["host"]
                    .as_str()
                    .is_some_and(|h| !h.is_empty())
                {
                    fail_c("probe host");
                }
            }
        }
        for hook in ["preStop", "postStart"] {
            for handler in ["httpGet", "tcpSocket"] {
                if container["lifecycle"][hook][handler]["host"]
                    .as_str()
                    .is_some_and(|h| !h.is_empty())
                {
                    fail_c("lifecycle host");
                }
            }
        }
    }
    violations
}

#[test]
fn pss_checker_catches_violations() {
    // The checker itself: a compliant pod passes, and each weakened field is caught.
    let files = kubernetes_files(SHOP, None);
    let objects = objects(&files);
    let good = pod_spec(find(&objects, "Deployment", "frontend")).clone();
    assert_eq!(pss_restricted_violations(&good), Vec::<String>::new());
    let weakened: [(&str, Value); 6] = [
        ("/securityContext/runAsNonRoot", Value::Bool(false)),
        (
            "/securityContext/seccompProfile/type",
            Value::from("Unconfined"),
        ),
        (
            "/containers/0/securityContext/allowPrivilegeEscalation",
            Value::Bool(true),
        ),
        (
            "/containers/0/securityContext/capabilities/drop",
            serde_json::json!(["NET_RAW"]),
        ),
        ("/hostNetwork", Value::Bool(true)),
        (
            "/volumes/0",
            serde_json::json!({"name": "tmp", "hostPath": {"path": "/"}}),
        ),
    ];
    for (pointer, value) in weakened {
        let mut pod = good.clone();
        match pod.pointer_mut(pointer) {
            Some(slot) => *slot = value,
            None => pod["hostNetwork"] = value,
        }
        assert!(
            !pss_restricted_violations(&pod).is_empty(),
            "{pointer} not caught"
        );
    }
}

#[test]
fn every_pod_template_meets_pss_restricted() {
    for (env, files) in all_outputs() {
        let objects = objects(&files);
        let deployments = of_kind(&objects, "Deployment");
        assert!(deployments.len() >= 3, "{env}");
        for deployment in deployments {
            let pod = pod_spec(deployment);
            assert_eq!(
                pss_restricted_violations(pod),
                Vec::<String>::new(),
                "{env} {}",
                name(deployment)
            );
            // Beyond PSS: the same non-root user as on ECS, read-only root with a writable /tmp,
            // no service-account token, no topology spread (unsupported on Fargate).
            let uid = i64::from(twinform::model::CONTAINER_UID);
            assert_eq!(pod["securityContext"]["runAsUser"], uid);
            assert_eq!(
                pod["securityContext"]["runAsGroup"],
                i64::from(twinform::model::CONTAINER_GID)
            );
            assert_eq!(pod["automountServiceAccountToken"], false);
            assert!(pod["topologySpreadConstraints"].is_null());
            let container = &pod["containers"][0];
            assert_eq!(container["securityContext"]["readOnlyRootFilesystem"], true);
            assert_eq!(
                container["volumeMounts"][0]["mountPath"],
                twinform::model::TMP_MOUNT
            );
            assert_eq!(
                pod["volumes"][0]["name"],
                container["volumeMounts"][0]["name"]
            );
            assert!(pod["volumes"][0]["emptyDir"].is_object());
            assert_eq!(container["imagePullPolicy"], "Always");
        }
        let namespace = &of_kind(&objects, "Namespace")[0];
        let labels = &namespace["metadata"]["labels"];
        for mode in ["enforce", "audit", "warn"] {
            assert_eq!(
                labels[format!("pod-security.kubernetes.io/{mode}")],
                "restricted",
                "{env}"
            );
            assert!(
                labels[format!("pod-security.kubernetes.io/{mode}-version")].is_string(),
                "{env}"
            );
        }
    }
}
