//! The Compose keys of a service that do not map, each reported with its reason (TF140), and
//! volumes, secrets, configs and profiles (TF141, TF146, TF145). Source of what Fargate cannot
//! run: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-defs.html>.

use super::service::{HANDLED, Mapping, is_stateful};
use crate::diag::Code;
use crate::import::yaml::{Node, Value};
use crate::spec::Service;

/// Why a key has no equivalent; keys not listed here get a generic reason.
fn unmapped_reason(key: &str) -> &'static str {
    match key {
        "privileged" => "Fargate does not run privileged containers",
        "network_mode" => {
            "Fargate tasks use awsvpc networking only (no host or container network mode)"
        }
        "pid" | "ipc" => "Fargate does not share the host's PID or IPC namespace",
        "devices" | "device_cgroup_rules" | "gpus" => "Fargate gives containers no host devices",
        "cap_add" => "twinform drops all capabilities; Fargate allows only SYS_PTRACE to be added",
        "entrypoint" => {
            "the spec's `command` replaces the image's CMD only; bake the entrypoint into the image"
        }
        "extra_hosts" | "dns" | "dns_search" | "dns_opt" => {
            "name resolution comes from the VPC and the cluster DNS"
        }
        "logging" => "logs go to CloudWatch Logs on ECS and to the Fargate log router on EKS",
        "working_dir" => "set WORKDIR in the image",
        "sysctls" | "ulimits" | "security_opt" | "cap_drop" | "userns_mode" | "cgroup_parent" => {
            "twinform sets the container security context itself"
        }
        "tmpfs" | "shm_size" => {
            "twinform gives every container a writable /tmp; other scratch paths need an image change"
        }
        "init" => "add an init (tini) to the image",
        _ => "no twinform equivalent on ECS or EKS Fargate",
    }
}

impl Mapping<'_> {
    /// Every key that does not map, and the volumes, secrets and profiles.
    pub(super) fn unmapped(&mut self, service: &Service) {
        for entry in self.node.entries() {
            let key = entry.key.as_str();
            if key.starts_with("x-") {
                continue;
            }
            match key {
                "volumes" => self.volumes(&entry.value, service),
                "secrets" | "configs" => self.warn(&entry.key_at, Code::ComposeSecrets, format!("`{key}` are files mounted in the container"),
                    "store each in Secrets Manager and add `secrets = { NAME = \"arn:…\" }`; the app reads them from the environment"),
                "profiles" => self.warn(&entry.key_at, Code::ComposeProfiles, "`profiles` do not map; the service is in the base spec".into(),
                    "an environment overlay cannot add or remove services; remove the service if it is optional"),
                "privileged" | "read_only" | "init" if entry.value.scalar().as_deref() == Some("false") => {}
                _ if HANDLED.contains(&key) => {}
                _ => self.warn(&entry.key_at, Code::ComposeUnmapped, format!("`{key}` does not map: {}", unmapped_reason(key)),
                    "left out of the spec"),
            }
        }
    }

    fn volumes(&mut self, node: &Node, service: &Service) {
        let stateful = service.image.as_deref().is_some_and(is_stateful);
        for volume in match &node.value {
            Value::Seq(items) => items.as_slice(),
            _ => &[],
        } {
            let (kind, source) = match volume.scalar() {
                Some(text) => match text.split_once(':') {
                    Some((source, _)) if source.starts_with(['/', '.', '~', '$']) => {
                        ("bind", source.to_owned())
                    }
                    Some((source, _)) => ("volume", source.to_owned()),
                    None => ("volume", String::new()),
                },
                None => (
                    match volume.get("type").and_then(Node::scalar).as_deref() {
                        Some("bind") => "bind",
                        Some("tmpfs") => "tmpfs",
                        _ => "volume",
                    },
                    volume
                        .get("source")
                        .and_then(Node::scalar)
                        .unwrap_or_default(),
                ),
            };
            let (message, help) = match kind {
                "tmpfs" => continue,
                "bind" => (
                    format!("bind mount of `{source}` from the host"),
                    "Fargate has no host files: copy them into the image, or use EFS",
                ),
                _ if stateful => (
                    format!(
                        "named volume `{source}` on a stateful image: its data would be lost when the task is replaced"
                    ),
                    "use a managed database (RDS, ElastiCache) or an EFS volume",
                ),
                _ => (
                    format!("volume `{source}` is not persistent here"),
                    "keep state in EFS or S3; twinform gives each container a writable /tmp",
                ),
            };
            self.warn(&volume.at.clone(), Code::ComposeVolume, message, help);
        }
    }
}
