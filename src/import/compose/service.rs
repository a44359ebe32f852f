//! One Compose service → one `[services.NAME]`. Sources for each key:
//! <https://docs.docker.com/reference/compose-file/services/> and
//! <https://docs.docker.com/reference/compose-file/deploy/>.

use super::values::{self, Port};
use super::{Input, Report};
use crate::diag::Code;
use crate::import::yaml::{At, Node, Value};
use crate::spec::{Platform, Protocol, Service};
use std::collections::BTreeMap;

/// Labels a Compose file may set for twinform (documented in the README).
pub const ROUTE_LABEL: &str = "twinform.route";
pub const HOST_LABEL: &str = "twinform.host";
pub const HEALTH_PATH_LABEL: &str = "twinform.health.path";

/// Images that keep state (databases, caches, brokers): TF149, and TCP rather than HTTP.
const STATEFUL: &[&str] = &[
    "postgres",
    "postgis",
    "mysql",
    "mariadb",
    "mongo",
    "redis",
    "valkey",
    "memcached",
    "rabbitmq",
    "elasticsearch",
    "opensearch",
    "cassandra",
    "zookeeper",
    "kafka",
    "nats",
    "minio",
    "couchdb",
    "neo4j",
    "clickhouse",
];

/// Keys that map (handled below) or need no mapping (both targets do it anyway).
pub(super) const HANDLED: &[&str] = &[
    "image",
    "build",
    "ports",
    "expose",
    "environment",
    "env_file",
    "command",
    "deploy",
    "healthcheck",
    "depends_on",
    "links",
    "user",
    "labels",
    "profiles",
    "volumes",
    "secrets",
    "configs",
    "platform",
    "cpus",
    "mem_limit",
    "container_name",
    "restart",
    "networks",
    "hostname",
    "tty",
    "stdin_open",
    "read_only",
    "stop_grace_period",
    "pull_policy",
];

pub(super) fn is_stateful(image: &str) -> bool {
    let repo = image.split(['@', ':']).next().unwrap_or(image);
    let last = repo.rsplit('/').next().unwrap_or(repo);
    STATEFUL.contains(&last)
}

fn label_of(node: &Node, key: &str) -> Option<String> {
    node.get("labels")?.get(key)?.scalar()
}

/// The container ports of a service (`ports`, else `expose`) and where they are written.
fn ports(node: &Node) -> Vec<(Port, At)> {
    let from = |key: &str| match node.get(key).map(|n| &n.value) {
        Some(Value::Seq(items)) => items
            .iter()
            .filter_map(|i| values::port(i).map(|p| (p, i.at.clone())))
            .collect(),
        _ => Vec::new(),
    };
    let ports: Vec<(Port, At)> = from("ports");
    if ports.is_empty() {
        from("expose")
    } else {
        ports
    }
}

/// Maps every service; `services` is the merged `services:` mapping.
pub fn map_all(
    services: &Node,
    _root: &Node,
    input: &Input<'_>,
    report: &mut Report,
) -> BTreeMap<String, Service> {
    // Spec names first: calls name them.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for entry in services.entries() {
        let mut name = values::label(&entry.key, 32);
        let base = name.clone();
        let mut n = 2;
        while names.values().any(|v| *v == name) {
            name = format!("{}-{n}", &base[..base.len().min(29)]);
            n += 1;
        }
        names.insert(entry.key.clone(), name);
    }
    let has_port: BTreeMap<&str, bool> = services
        .entries()
        .iter()
        .map(|e| (e.key.as_str(), !ports(&e.value).is_empty()))
        .collect();
    let any_route_label = services
        .entries()
        .iter()
        .any(|e| label_of(&e.value, ROUTE_LABEL).is_some());
    let stateful = |n: &Node| {
        n.get("image")
            .and_then(Node::scalar)
            .is_some_and(|i| is_stateful(&i))
    };
    let published: Vec<&str> = services
        .entries()
        .iter()
        .filter(|e| !stateful(&e.value) && ports(&e.value).iter().any(|(p, _)| p.published))
        .map(|e| e.key.as_str())
        .collect();
    // With no label anywhere, one published non-stateful service is the app's front door.
    let guessed_root = (!any_route_label && published.len() == 1).then(|| published[0]);

    let mut out = BTreeMap::new();
    for entry in services.entries() {
        let name = names[&entry.key].clone();
        let mut cx = Mapping {
            compose_name: &entry.key,
            name: &name,
            node: &entry.value,
            key_at: &entry.key_at,
            report,
            input,
        };
        if name != entry.key {
            cx.note(
                &[],
                format!("Compose service `{}`, renamed to a DNS label", entry.key),
            );
        }
        let mut service = cx.map(guessed_root == Some(entry.key.as_str()));
        let env = service.env.clone();
        service.calls = cx.calls(&names, &has_port, &env);
        out.insert(name, service);
    }
    out
}

pub(super) struct Mapping<'a> {
    pub(super) compose_name: &'a str,
    pub(super) name: &'a str,
    pub(super) node: &'a Node,
    pub(super) key_at: &'a At,
    pub(super) report: &'a mut Report,
    pub(super) input: &'a Input<'a>,
}

impl Mapping<'_> {
    pub(super) fn note(&mut self, key: &[&str], text: String) {
        let mut path = vec!["services", self.name];
        path.extend_from_slice(key);
        self.report.note(&path, text);
    }

    pub(super) fn warn(&mut self, at: &At, code: Code, message: String, help: impl Into<String>) {
        let message = format!("service `{}`: {message}", self.compose_name);
        self.report.warn(at, code, message, help);
    }

    pub(super) fn get(&self, key: &str) -> Option<&Node> {
        self.node.get(key)
    }

    fn map(&mut self, guessed_root: bool) -> Service {
        let mut service = Service::default();
        self.image(&mut service);
        self.port(&mut service, guessed_root);
        self.env(&mut service);
        self.command(&mut service);
        self.size(&mut service);
        super::service_health::health(self, &mut service);
        self.user(&mut service);
        self.unmapped(&service);
        service
    }

    fn image(&mut self, service: &mut Service) {
        let image = self.get("image").and_then(Node::scalar);
        let build = self.get("build").map(|b| b.at.clone());
        match (image, build) {
            (Some(image), build) => {
                if build.is_some() {
                    self.note(
                        &["image"],
                        "Compose also builds this image: push that build here".into(),
                    );
                }
                if is_stateful(&image) {
                    let at = self.get("image").map(|n| n.at.clone()).unwrap_or_default();
                    self.warn(&at, Code::ComposeStateful, format!("`{image}` keeps state"),
                        "use a managed service (RDS, ElastiCache, Amazon MQ) and pass its endpoint in `env`");
                }
                if self
                    .get("platform")
                    .and_then(Node::scalar)
                    .is_some_and(|p| p.contains("arm64"))
                {
                    service.platform = Some(Platform::Arm64);
                }
                service.image = Some(image);
            }
            (None, Some(at)) => {
                self.warn(&at, Code::ComposeUnmapped, "`build` without `image`: twinform deploys images, it does not build them".into(),
                    "build and push the image (ECR), then set `image` with a tag; the spec holds a placeholder");
                self.note(&["image"], "PLACEHOLDER: Compose builds this image; push it and write its reference with a tag".into());
                service.image = Some(format!("{}:0.0.0-placeholder", self.name));
            }
            (None, None) => {
                self.warn(
                    self.key_at,
                    Code::ComposeUnmapped,
                    "no `image`".into(),
                    "set the image the service runs",
                );
                self.note(
                    &["image"],
                    "PLACEHOLDER: the Compose service names no image".into(),
                );
                service.image = Some(format!("{}:0.0.0-placeholder", self.name));
            }
        }
    }

    fn port(&mut self, service: &mut Service, guessed_root: bool) {
        let node = self.node;
        for key in ["ports", "expose"] {
            if let Some(Value::Seq(items)) = node.get(key).map(|n| &n.value) {
                for item in items.iter().filter(|i| values::port(i).is_none()) {
                    self.warn(
                        &item.at,
                        Code::ComposeUnmapped,
                        format!("`{key}` entry is not a port"),
                        "write `\"8080:80\"`, `\"80\"` or `{ target: 80, published: \"8080\" }`",
                    );
                }
            }
        }
        let ports = ports(self.node);
        let Some((first, _)) = ports.first().cloned() else {
            return;
        };
        if first.udp {
            let at = ports[0].1.clone();
            self.warn(
                &at,
                Code::ComposeUnmapped,
                "UDP port".into(),
                "load balancers and Services here carry TCP; the port is imported as TCP",
            );
        }
        let mut others: Vec<i64> = ports
            .iter()
            .map(|(p, _)| p.target)
            .filter(|t| *t != first.target)
            .collect();
        others.dedup();
        if !others.is_empty() {
            let at = ports[1].1.clone();
            let list = others
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            self.warn(
                &at,
                Code::ComposePorts,
                format!(
                    "several container ports; {} is used, not {list}",
                    first.target
                ),
                "split the other ports into their own services, or serve them on one port",
            );
        }
        service.port = Some(first.target);
        let image = service.image.clone().unwrap_or_default();
        if is_stateful(&image) {
            service.protocol = Some(Protocol::Tcp);
            self.note(
                &["protocol"],
                "guessed: a database/cache speaks TCP, not HTTP".into(),
            );
            return;
        }
        let route = label_of(self.node, ROUTE_LABEL);
        if let Some(host) = label_of(self.node, HOST_LABEL) {
            service.host = Some(host);
        }
        match route {
            Some(route) => service.route = Some(route),
            None if guessed_root => {
                service.route = Some("/".into());
                self.note(&["route"], "guessed: the only service publishing a port; set the `twinform.route` label to choose".into());
            }
            None if ports.iter().any(|(p, _)| p.published) => {
                let at = ports[0].1.clone();
                self.warn(&at, Code::ComposeNoRoute, "publishes a port but has no `twinform.route` label; imported as internal".into(),
                    "add `labels: { twinform.route: /PATH }` to the Compose service, or `route` to the spec");
            }
            None => {}
        }
    }

    fn env(&mut self, service: &mut Service) {
        let mut env: Vec<(String, String, At)> = Vec::new();
        if let Some(Value::Seq(files)) = self.get("env_file").map(|n| &n.value) {
            for file in files.clone() {
                let (path, required) = match file.scalar() {
                    Some(p) => (p, true),
                    None => (
                        file.get("path").and_then(Node::scalar).unwrap_or_default(),
                        file.get("required").and_then(Node::scalar).as_deref() != Some("false"),
                    ),
                };
                match (self.input.read_env_file)(&path) {
                    Ok(text) => env.extend(
                        super::parse_dotenv(&text)
                            .into_iter()
                            .map(|(k, v)| (k, v, file.at.clone())),
                    ),
                    Err(reason) if required => self.report.push(
                        &file.at,
                        crate::diag::Diagnostic::new(
                            Code::ComposeEnvFile,
                            format!(
                                "service `{}`: cannot read env_file `{path}`: {reason}",
                                self.compose_name
                            ),
                        )
                        .help("create the file, or mark it `required: false`"),
                    ),
                    Err(_) => {}
                }
            }
        }
        let node = self.node;
        for entry in node
            .get("environment")
            .map(Node::entries)
            .unwrap_or_default()
        {
            let value = match entry.value.scalar() {
                Some(v) => v,
                None if entry.value.is_null() => match self.input.vars.get(&entry.key) {
                    Some(v) => v.clone(),
                    None => {
                        self.warn(&entry.key_at, Code::ComposeUnsetVariable, format!("`{}` takes its value from the shell, where it is not set; left out", entry.key),
                            "set it in the environment when importing, or give it a value");
                        continue;
                    }
                },
                None => continue,
            };
            env.retain(|(k, _, _)| *k != entry.key);
            env.push((entry.key.clone(), value, entry.key_at.clone()));
        }
        for (key, value, at) in env {
            if crate::check::looks_secret(&key) && !value.is_empty() {
                self.warn(&at, Code::ComposeSecretValue, format!("`{key}` looks like a secret; its value is not copied"),
                    format!("store it in Secrets Manager and add `secrets = {{ {key} = \"arn:aws:secretsmanager:…\" }}` to the service"));
                self.note(
                    &[],
                    format!("{key}: a secret in Compose, not copied; add it to `secrets` by ARN"),
                );
                continue;
            }
            service.env.insert(key, value);
        }
    }

    fn command(&mut self, service: &mut Service) {
        let this = self.node;
        let Some(node) = this.get("command") else {
            return;
        };
        let at = node.at.clone();
        service.command = match &node.value {
            Value::Seq(items) => Some(items.iter().filter_map(Node::scalar).collect()),
            Value::Str(text) => match shell_words::split(text) {
                Ok(words) => Some(words),
                Err(_) => {
                    self.warn(
                        &at,
                        Code::ComposeUnmapped,
                        "`command` is not a well-quoted shell string; run through `sh -c`".into(),
                        "write `command` as a list",
                    );
                    Some(vec!["/bin/sh".into(), "-c".into(), text.clone()])
                }
            },
            _ => None,
        };
    }

    fn size(&mut self, service: &mut Service) {
        let resources = self.get("deploy").and_then(|d| d.get("resources"));
        let limits = resources.and_then(|r| r.get("limits"));
        let reservations = resources.and_then(|r| r.get("reservations"));
        let read = |key: &str, legacy: &str| {
            limits
                .and_then(|l| l.get(key))
                .or_else(|| reservations.and_then(|r| r.get(key)))
                .or_else(|| self.get(legacy))
                .and_then(Node::scalar)
        };
        let cpus = read("cpus", "cpus");
        let memory = read("memory", "mem_limit");
        let units = cpus.as_deref().and_then(values::cpu_units);
        let mib = memory.as_deref().and_then(values::mebibytes);
        if units.is_some() || mib.is_some() {
            if let Some((cpu, mem)) =
                crate::fargate::smallest_at_least(units.unwrap_or(0), mib.unwrap_or(0))
            {
                service.cpu = Some(i64::from(cpu));
                service.memory = Some(i64::from(mem));
                let asked = [
                    cpus.map(|c| format!("cpus {c}")),
                    memory.map(|m| format!("memory {m}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
                self.note(
                    &["cpu"],
                    format!(
                        "Compose {asked}: rounded up to the smallest Fargate size that holds it"
                    ),
                );
            } else if let Some(at) = limits.map(|l| l.at.clone()) {
                self.warn(
                    &at,
                    Code::ComposeUnmapped,
                    "resources larger than any Fargate size".into(),
                    "Fargate tasks have at most 16 vCPU and 120 GiB",
                );
            }
        }
        if let Some(replicas) = self
            .get("deploy")
            .and_then(|d| d.get("replicas"))
            .and_then(Node::scalar)
        {
            match replicas.parse::<i64>() {
                Ok(n) if n >= 1 => service.replicas = Some(n),
                _ => {
                    let at = self.get("deploy").map(|d| d.at.clone()).unwrap_or_default();
                    self.warn(
                        &at,
                        Code::ComposeUnmapped,
                        format!("`deploy.replicas: {replicas}` is not a count of at least 1"),
                        "twinform runs at least one task per service",
                    );
                }
            }
        }
    }

    fn user(&mut self, service: &mut Service) {
        let Some(node) = self.get("user") else {
            return;
        };
        let text = node.scalar().unwrap_or_default();
        match values::user(&text) {
            Some((user, guessed)) => {
                if guessed {
                    self.note(
                        &["user"],
                        format!("Compose user {text}: group guessed equal to the UID"),
                    );
                }
                service.user = Some(user);
            }
            None => {
                let at = node.at.clone();
                self.warn(&at, Code::ComposeUnmapped, format!("`user: {text}` is not a numeric non-root UID"),
                    "the spec needs `UID:GID` numbers (not names, not 0); the default 10001:10001 is used");
            }
        }
    }
}

impl Mapping<'_> {
    pub(super) fn node(&self) -> &Node {
        self.node
    }
    pub(super) fn note_key(&mut self, key: &[&str], text: String) {
        self.note(key, text);
    }
    pub(super) fn warn_at(&mut self, at: &At, code: Code, message: String, help: &str) {
        self.warn(at, code, message, help);
    }
    pub(super) fn label(&self, key: &str) -> Option<String> {
        label_of(self.node, key)
    }
}
