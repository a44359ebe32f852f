//! EFS volumes (`[[services.NAME.volumes]]`) are the same mounts on both targets: the same
//! file system, access point, path and mode in the ECS task and the pod; write access on ECS
//! exactly for writable mounts; the builder writes the key as the TOML does. Sources in
//! `tests/deploy_semantics/efs_mounts_agree.rs`.

mod common;

use common::{assert_builder_writes, outputs};
use serde_json::{Value, json};

const SPEC: &str = r#"[app]
name = "media"

[services.writer]
image = "public.ecr.aws/acme/writer:1.0.0"
health = { command = ["/app/healthcheck"] }
volumes = [{ file_system_id = "fs-0a1b2c3d", access_point_id = "fsap-0123456789abcdef0", path = "/srv/media" }]

[services.reader]
image = "public.ecr.aws/acme/reader:1.0.0"
port = 8080
volumes = [{ file_system_id = "fs-0a1b2c3d", access_point_id = "fsap-0123456789abcdef0", path = "/data", read_only = true }]
"#;

fn actions(role: &Value) -> Vec<Value> {
    let policies = role["Properties"]["Policies"].as_array().unwrap();
    let efs = policies
        .iter()
        .find(|p| p["PolicyName"] == "efs-mounts")
        .unwrap();
    efs["PolicyDocument"]["Statement"][0]["Action"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn the_same_mounts_on_both_targets_and_write_access_only_where_writable() {
    let out = outputs(SPEC, None, &[]);
    for (service, id, path, read_only) in [
        ("writer", "Writer", "/srv/media", false),
        ("reader", "Reader", "/data", true),
    ] {
        let task = &out.resources[&format!("{id}TaskDefinition")]["Properties"];
        let app = &task["ContainerDefinitions"][0];
        let ecs_mount = app["MountPoints"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["ContainerPath"] == path)
            .unwrap();
        assert_eq!(ecs_mount["ReadOnly"], json!(read_only));
        let pod = &out.objects[&format!("Deployment/{service}")]["spec"]["template"]["spec"];
        let k8s_mount = pod["containers"][0]["volumeMounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["mountPath"] == path)
            .unwrap();
        assert_eq!(k8s_mount["readOnly"], json!(read_only));
        assert_eq!(k8s_mount["name"], ecs_mount["SourceVolume"]);
        let pv = &out.objects[&format!("PersistentVolume/media-{service}-fsap-0123456789abcdef0")];
        assert_eq!(
            pv["spec"]["csi"]["volumeHandle"],
            json!("fs-0a1b2c3d::fsap-0123456789abcdef0")
        );
        assert!(pv["metadata"]["namespace"].is_null());
        let write = json!("elasticfilesystem:ClientWrite");
        assert_eq!(
            actions(&out.resources[&format!("{id}TaskRole")]).contains(&write),
            !read_only,
            "{service}"
        );
    }
    // One PV per service and mount: a PV binds one claim, so the shared access point has two.
    let pvs = out
        .objects
        .keys()
        .filter(|k| k.starts_with("PersistentVolume/"))
        .count();
    assert_eq!(pvs, 2);
}

#[test]
fn the_builder_writes_volumes_as_the_toml_does() {
    use twinform::builder::{App, Health, Service};
    let built = App::new("media")
        .service(
            Service::new("writer")
                .image("public.ecr.aws/acme/writer:1.0.0")
                .health(Health::new().command(&["/app/healthcheck"]))
                .volume("fs-0a1b2c3d", "fsap-0123456789abcdef0", "/srv/media", false),
        )
        .build();
    let text = r#"[app]
name = "media"

[services.writer]
image = "public.ecr.aws/acme/writer:1.0.0"
health = { command = ["/app/healthcheck"] }
volumes = [{ file_system_id = "fs-0a1b2c3d", access_point_id = "fsap-0123456789abcdef0", path = "/srv/media", read_only = false }]
"#;
    assert_builder_writes(&built, text);
}
