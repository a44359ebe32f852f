//! The estate's production keys of issue 16 read the same on both targets, for every
//! environment of `examples/estate`: ARM64 (`platform`), ECS Exec (`exec`), private registries
//! (`registry_credentials`) and init containers (`[[services.NAME.init]]`).

mod common;

use common::{ESTATE, estate_environments as environments, model, outputs};
use serde_json::Value;

/// `platform = "linux/arm64"`: Graviton on ECS (the task definition's `RuntimePlatform`,
/// <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RuntimePlatform.html>), and on
/// EKS on Fargate, which runs x86-64 only (aws/containers-roadmap#1629), the pods pinned to
/// `kubernetes.io/arch: amd64`; every other service keeps X86_64 and no node selector, and the
/// billed size is the same on both.
#[test]
fn arm64_runs_on_graviton_on_ecs_and_is_pinned_to_amd64_on_eks() {
    let text = std::fs::read_to_string(ESTATE).unwrap();
    for env in environments() {
        let out = outputs(&text, env.as_deref(), &[]);
        let model = model(&text, env.as_deref());
        let mut arm = 0;
        for service in &model.services {
            let task = &out.resources[&format!("{}TaskDefinition", service.logical_id)];
            let pod =
                &out.objects[&format!("Deployment/{}", service.name)]["spec"]["template"]["spec"];
            let architecture = &task["Properties"]["RuntimePlatform"]["CpuArchitecture"];
            if service.platform == twinform::model::Platform::Arm64 {
                arm += 1;
                assert_eq!(architecture, "ARM64", "{}", service.name);
                assert_eq!(pod["nodeSelector"]["kubernetes.io/arch"], "amd64");
            } else {
                assert_eq!(architecture, "X86_64", "{}", service.name);
                assert!(pod.get("nodeSelector").is_none(), "{}", service.name);
            }
            assert_eq!(task["Properties"]["Cpu"], service.cpu.to_string());
        }
        assert_eq!(
            arm, 1,
            "the estate runs image-resizer on Graviton ({env:?})"
        );
    }
    let checked = twinform::check_source("t.toml", &text, None);
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "TF127" && d.message.contains("image-resizer")),
        "the EKS side of arm64 is said"
    );
}

/// `exec = true` (staging's checkout): the ECS service's `EnableExecuteCommand`, the four
/// Session Manager channel actions on its task role only (not on the IRSA role: `kubectl exec`
/// is RBAC's), and the agent's directories as volumes in the read-only app container, made
/// writable by `volume_init` like `/tmp`. Every other service and environment says `false`, so
/// turning it off is written, not left to the live value.
/// <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html>
#[test]
fn exec_opens_ecs_exec_on_ecs_only_and_keeps_the_root_file_system_read_only() {
    let text = std::fs::read_to_string(ESTATE).unwrap();
    for env in environments() {
        let out = outputs(&text, env.as_deref(), &[]);
        let model = model(&text, env.as_deref());
        for service in &model.services {
            let id = |kind: &str| format!("{}{kind}", service.logical_id);
            let ecs = &out.resources[&id("Service")]["Properties"];
            assert_eq!(
                ecs["EnableExecuteCommand"], service.exec,
                "{}",
                service.name
            );
            let task = &out.resources[&id("TaskDefinition")]["Properties"];
            let app = task["ContainerDefinitions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["Name"] == service.name.as_str())
                .unwrap();
            assert_eq!(app["ReadonlyRootFilesystem"], true);
            // EFS volumes (`efs_mounts_agree.rs`) aside: the writable scratch mounts.
            let mounts: Vec<&str> = app["MountPoints"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| !m["SourceVolume"].as_str().unwrap().starts_with("efs-"))
                .map(|m| m["ContainerPath"].as_str().unwrap())
                .collect();
            let init = task["ContainerDefinitions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["Name"] == "volume_init")
                .unwrap();
            let role = out.resources.get(&id("TaskRole"));
            let exec_policy = role.and_then(|r| {
                r["Properties"]["Policies"]
                    .as_array()?
                    .iter()
                    .find(|p| p["PolicyName"] == "ecs-exec")
            });
            if service.exec {
                assert_eq!(mounts, ["/tmp", "/var/lib/amazon", "/var/log/amazon"]);
                // Every app volume is one `volume_init` makes writable.
                assert!(
                    init["Command"]
                        .to_string()
                        .contains("/volumes/ecs-exec-log")
                );
                let actions = &exec_policy.expect("the task role allows the channels")["PolicyDocument"]
                    ["Statement"][0]["Action"];
                assert_eq!(actions.as_array().unwrap().len(), 4);
            } else {
                assert_eq!(mounts, ["/tmp"], "{}", service.name);
                assert!(exec_policy.is_none(), "{}", service.name);
            }
            // Nothing of it reaches EKS.
            if let Some(irsa) = out.eks_resources.get(&id("IrsaRole")) {
                assert!(!irsa.to_string().contains("ssmmessages"));
            }
        }
        let execs = model.services.iter().filter(|s| s.exec).count();
        assert_eq!(
            execs,
            usize::from(env.as_deref() == Some("staging")),
            "{env:?}"
        );
    }
}

/// `registry_credentials` (the estate's inventory, from a vendor's ghcr.io): ECS reads the
/// whole secret as the app container's `RepositoryCredentials`, its execution role may read
/// exactly that secret (partial ARN → `-??????`); on EKS an ExternalSecret extracts the same
/// secret into a `kubernetes.io/dockerconfigjson` for the image's registry, and the pods pull
/// with it. <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html>;
/// <https://external-secrets.io/latest/guides/common-k8s-secret-types/>.
#[test]
fn registry_credentials_pull_the_same_image_with_the_same_secret_on_both_targets() {
    let text = std::fs::read_to_string(ESTATE).unwrap();
    for env in environments() {
        let out = outputs(&text, env.as_deref(), &[]);
        let model = model(&text, env.as_deref());
        let mut private = 0;
        for service in &model.services {
            let task = &out.resources[&format!("{}TaskDefinition", service.logical_id)];
            let app = task["Properties"]["ContainerDefinitions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["Name"] == service.name.as_str())
                .unwrap();
            let pod =
                &out.objects[&format!("Deployment/{}", service.name)]["spec"]["template"]["spec"];
            let pull_secret = out
                .objects
                .get(&format!("ExternalSecret/{}-registry", service.name));
            let Some(credentials) = &service.registry_credentials else {
                assert!(app.get("RepositoryCredentials").is_none());
                assert!(pod.get("imagePullSecrets").is_none());
                assert!(pull_secret.is_none());
                continue;
            };
            private += 1;
            let arn = &credentials.secret.arn;
            assert_eq!(
                app["RepositoryCredentials"]["CredentialsParameter"],
                arn.as_str()
            );
            let execution =
                out.resources[&format!("{}ExecutionRole", service.logical_id)].to_string();
            assert!(
                execution.contains(&format!("{arn}-??????")) || execution.contains(arn.as_str()),
                "the execution role reads the credentials: {execution}"
            );
            assert_eq!(credentials.registry, "ghcr.io");
            assert_eq!(
                pod["imagePullSecrets"][0]["name"],
                format!("{}-registry", service.name)
            );
            let spec = &pull_secret.expect("a pull secret")["spec"];
            assert_eq!(spec["dataFrom"][0]["extract"]["key"], arn.as_str());
            let template = &spec["target"]["template"];
            assert_eq!(template["type"], "kubernetes.io/dockerconfigjson");
            let config: Value =
                serde_json::from_str(template["data"][".dockerconfigjson"].as_str().unwrap())
                    .expect("the template is JSON before and after templating");
            assert!(
                config["auths"]["ghcr.io"]["auth"]
                    .as_str()
                    .unwrap()
                    .contains("b64enc")
            );
            // The image both targets pull is the same reference.
            let container = &pod["containers"][0];
            assert_eq!(container["image"], app["Image"]);
        }
        assert_eq!(private, 1, "{env:?}");
    }
}

/// `[[services.NAME.init]]` (the estate's checkout migrates first): on ECS a non-essential
/// container that the app and every sidecar wait on with `SUCCESS`, after `volume_init`; on EKS
/// an init container ahead of the native sidecars. Both run the same image and command with the
/// app's variables and secrets, as the app's user, read-only, with their own `/tmp`.
/// <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html>;
/// <https://kubernetes.io/docs/concepts/workloads/pods/init-containers/>.
#[test]
fn init_containers_run_first_with_the_apps_environment_on_both_targets() {
    let text = std::fs::read_to_string(ESTATE).unwrap();
    for env in environments() {
        let out = outputs(&text, env.as_deref(), &[]);
        let model = model(&text, env.as_deref());
        let checkout = model
            .services
            .iter()
            .find(|s| s.name == "checkout")
            .unwrap();
        assert_eq!(checkout.init.len(), 1, "{env:?}");
        let init = &checkout.init[0];
        let task = &out.resources["CheckoutTaskDefinition"]["Properties"];
        let containers = task["ContainerDefinitions"].as_array().unwrap();
        let by_name = |name: &str| containers.iter().find(|c| c["Name"] == name).unwrap();
        let ecs_init = by_name(&init.name);
        assert_eq!(ecs_init["Essential"], false);
        assert_eq!(ecs_init["ReadonlyRootFilesystem"], true);
        assert_eq!(ecs_init["User"], by_name("checkout")["User"]);
        for waiter in ["checkout", "otel"] {
            let waits = by_name(waiter)["DependsOn"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["ContainerName"] == init.name.as_str() && d["Condition"] == "SUCCESS");
            assert!(waits, "{waiter} waits for {} ({env:?})", init.name);
        }
        let pod = &out.objects["Deployment/checkout"]["spec"]["template"]["spec"];
        let inits = pod["initContainers"].as_array().unwrap();
        // The init container first, then the native sidecar.
        assert_eq!(inits[0]["name"], init.name.as_str());
        assert!(inits[0].get("restartPolicy").is_none());
        assert_eq!(inits[1]["restartPolicy"], "Always");
        assert_eq!(inits[0]["image"], ecs_init["Image"]);
        assert_eq!(inits[0]["args"], ecs_init["Command"]);
        assert_eq!(inits[0]["securityContext"]["readOnlyRootFilesystem"], true);
        // The app's variables reach the init container on both targets.
        let ecs_vars: Vec<&str> = ecs_init["Environment"]
            .as_array()
            .map(|vars| vars.iter().map(|v| v["Name"].as_str().unwrap()).collect())
            .unwrap_or_default();
        let eks_vars: Vec<&str> = inits[0]["env"]
            .as_array()
            .map(|vars| vars.iter().map(|v| v["name"].as_str().unwrap()).collect())
            .unwrap_or_default();
        let app_vars: Vec<&str> = checkout.env.keys().map(String::as_str).collect();
        assert_eq!(ecs_vars, app_vars);
        assert!(app_vars.iter().all(|v| eks_vars.contains(v)));
        // The pod's request does not grow: the init container is sized like the app.
        let app = &pod["containers"][0]["resources"];
        assert_eq!(&inits[0]["resources"], app);
    }
}
