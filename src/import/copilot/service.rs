//! One Copilot service manifest → one `[services.NAME]`.

use crate::diag::Code;
use crate::import::compose::{Report, calls::addresses, service_health::test_command, values};
use crate::import::yaml::{At, Node, Value};
use crate::spec::{Autoscale, Health, Platform, Service};
use std::collections::{BTreeMap, BTreeSet};

pub struct Context<'a> {
    pub input: &'a super::Input,
    /// Manifest `name` → spec name.
    pub names: &'a BTreeMap<String, String>,
}

/// Keys handled below, or with nothing to map (Copilot's own deployment settings).
const HANDLED: &[&str] = &[
    "name",
    "type",
    "image",
    "http",
    "cpu",
    "memory",
    "count",
    "variables",
    "secrets",
    "exec",
    "platform",
    "command",
    "network",
    "environments",
    "deployment",
    "tags",
    "env_file",
];

/// Maps a manifest; `None` for a type twinform does not run (reported when `warn`).
pub fn map(
    cx: &Context<'_>,
    node: &Node,
    report: &mut Report,
    warn: bool,
) -> Option<(String, Service)> {
    let manifest_name = node.get("name").and_then(Node::scalar)?;
    let name = cx.names.get(&manifest_name)?.clone();
    let kind = node.get("type").and_then(Node::scalar).unwrap_or_default();
    let type_at = node
        .get("type")
        .map_or_else(|| node.at.clone(), |t| t.at.clone());
    let mut m = Mapping {
        name: &name,
        report,
        warn,
    };
    let web = match kind.as_str() {
        "Load Balanced Web Service" => true,
        "Request-Driven Web Service" => {
            m.warn(
                &type_at,
                format!("`{kind}` runs on App Runner; imported as a routed Fargate service"),
                "review the route and size",
            );
            true
        }
        "Backend Service" | "Worker Service" => false,
        "Static Site" => {
            m.warn(
                &type_at,
                format!("`{kind}` is not a service twinform runs; not imported"),
                "keep deploying it with Copilot, or run it elsewhere",
            );
            return None;
        }
        _ => {
            m.warn(&type_at, format!("unknown manifest type `{kind}`; not imported"), "Copilot service types are Load Balanced Web Service, Backend Service and Worker Service");
            return None;
        }
    };
    let mut service = Service::default();
    m.image(node, &mut service, kind != "Worker Service");
    if web {
        m.http(node, &mut service);
    }
    m.container_health(node, &mut service);
    m.size(node, &mut service);
    m.count(node, &mut service);
    m.env(cx, node, &mut service);
    if node.get("exec").and_then(Node::scalar).as_deref() == Some("true") {
        service.exec = Some(true);
    }
    let platform = node.get("platform").map(|p| {
        p.scalar()
            .or_else(|| p.get("architecture").and_then(Node::scalar))
            .unwrap_or_default()
    });
    if platform.is_some_and(|p| p.contains("arm64")) {
        service.platform = Some(Platform::Arm64);
    }
    service.command = match node.get("command").map(|c| &c.value) {
        Some(Value::Seq(items)) => Some(items.iter().filter_map(Node::scalar).collect()),
        Some(Value::Str(text)) => shell_words::split(text).ok(),
        _ => None,
    };
    if service.port.is_none() && service.health.as_ref().is_none_or(|h| h.command.is_none()) {
        service.health.get_or_insert_with(Health::default).command =
            Some(vec!["/bin/sh".into(), "-c".into(), "kill -0 1".into()]);
        m.note(&["health"], "GUESS: a worker needs a health command and the manifest gives none; this one only checks the main process is alive and needs /bin/sh in the image: replace it");
    }
    for entry in node
        .entries()
        .iter()
        .filter(|e| !HANDLED.contains(&e.key.as_str()))
    {
        let why = match entry.key.as_str() {
            "storage" => "volumes and EFS are set in twinform's `volumes`, not imported",
            "sidecars" => "write them as `sidecars` (name, image, cpu, memory)",
            "entrypoint" => "the spec's `command` replaces the image's CMD only",
            "subscribe" | "publish" => "SNS topics and SQS queues are not created by twinform",
            "logging" | "observability" => "logs go to CloudWatch Logs; tracing is not configured",
            _ => "no twinform equivalent",
        };
        m.warn(
            &entry.key_at,
            format!("`{}` does not map: {why}", entry.key),
            "left out of the spec",
        );
    }
    Some((name, service))
}

/// Calls: the services this one's variables address (`http://api:8080`), among those with a
/// port. Service Connect lets a connect service reach every other; twinform opens only these.
pub fn calls(service: &Service, name: &str, callable: &BTreeSet<String>) -> Option<Vec<String>> {
    let calls: Vec<String> = callable
        .iter()
        .filter(|c| {
            *c != name
                && service
                    .env
                    .values()
                    .any(|v| addresses(v, c) || v.contains(&format!("{c}.")))
        })
        .cloned()
        .collect();
    (!calls.is_empty()).then_some(calls)
}

/// The keys of `effective` that differ from `base`, as an overlay; `Err(key)` when `effective`
/// drops a key of `base` (an overlay cannot remove one).
pub fn difference(base: &Service, effective: &Service) -> Result<Service, String> {
    let table = |s: &Service| match toml::Value::try_from(s) {
        Ok(toml::Value::Table(t)) => t,
        _ => toml::Table::new(),
    };
    let diff = diff_tables(&table(base), &table(effective))?;
    toml::Value::Table(diff)
        .try_into()
        .map_err(|_| "?".to_owned())
}

fn diff_tables(base: &toml::Table, effective: &toml::Table) -> Result<toml::Table, String> {
    if let Some(key) = base.keys().find(|k| !effective.contains_key(*k)) {
        return Err(key.clone());
    }
    let mut out = toml::Table::new();
    for (key, value) in effective {
        match (base.get(key), value) {
            (Some(b), v) if b == v => {}
            (Some(toml::Value::Table(b)), toml::Value::Table(e)) => {
                let d = diff_tables(b, e).map_err(|k| format!("{key}.{k}"))?;
                out.insert(key.clone(), toml::Value::Table(d));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(out)
}

struct Mapping<'a> {
    name: &'a str,
    report: &'a mut Report,
    warn: bool,
}

impl Mapping<'_> {
    fn warn(&mut self, at: &At, message: String, help: &str) {
        if self.warn {
            self.report.warn(
                at,
                Code::ComposeUnmapped,
                format!("service `{}`: {message}", self.name),
                help,
            );
        }
    }

    fn note(&mut self, key: &[&str], text: impl Into<String>) {
        if self.warn {
            let mut path = vec!["services", self.name];
            path.extend_from_slice(key);
            self.report.note(&path, text);
        }
    }

    fn image(&mut self, node: &Node, service: &mut Service, with_port: bool) {
        let image = node.get("image");
        match image.and_then(|i| i.get("location")).and_then(Node::scalar) {
            Some(location) => service.image = Some(location),
            None => {
                let at = image.map_or_else(|| node.at.clone(), |i| i.at.clone());
                self.warn(&at, "`image.build` without `image.location`: twinform deploys images, it does not build them".into(), "push the image (ECR) and set `image` with a tag; the spec holds a placeholder");
                self.note(&["image"], "PLACEHOLDER: Copilot builds this image; push it and write its reference with a tag");
                service.image = Some(format!("{}:0.0.0-placeholder", self.name));
            }
        }
        if with_port {
            service.port = image
                .and_then(|i| i.get("port"))
                .and_then(Node::scalar)
                .and_then(|p| p.parse().ok());
        }
    }

    fn http(&mut self, node: &Node, service: &mut Service) {
        let Some(http) = node
            .get("http")
            .filter(|h| h.scalar().as_deref() != Some("false"))
        else {
            return;
        };
        if let Some(path) = http.get("path").and_then(Node::scalar) {
            service.route = Some(if path.starts_with('/') {
                path
            } else {
                format!("/{path}")
            });
        }
        match http.get("alias").map(|a| &a.value) {
            Some(Value::Str(host)) => service.host = Some(host.clone()),
            Some(_) => {
                let at = http.get("alias").map(|a| a.at.clone()).unwrap_or_default();
                self.warn(
                    &at,
                    "several `http.alias` names: the first is used as `host`".into(),
                    "a twinform service has one host",
                );
                service.host = http.get("alias").and_then(|a| match &a.value {
                    Value::Seq(items) => items
                        .first()
                        .and_then(|i| i.scalar().or_else(|| i.get("name").and_then(Node::scalar))),
                    _ => None,
                });
            }
            None => {}
        }
        let Some(check) = http.get("healthcheck") else {
            return;
        };
        let mut health = Health {
            path: check
                .scalar()
                .or_else(|| check.get("path").and_then(Node::scalar)),
            ..Health::default()
        };
        let num = |k: &str| {
            check
                .get(k)
                .and_then(Node::scalar)
                .and_then(|v| v.parse::<i64>().ok())
        };
        let secs = |k: &str| {
            check
                .get(k)
                .and_then(Node::scalar)
                .and_then(|v| values::seconds(&v))
        };
        health.healthy = num("healthy_threshold").map(|v| v.clamp(2, 10));
        health.unhealthy = num("unhealthy_threshold").map(|v| v.clamp(2, 10));
        health.interval = secs("interval").map(|v| v.clamp(5, 300));
        health.timeout = secs("timeout").map(|v| v.clamp(2, 120));
        health.grace = secs("grace_period").map(|v| v.clamp(0, 3600));
        fit_timeout(&mut health);
        service.health = Some(health);
    }

    fn container_health(&mut self, node: &Node, service: &mut Service) {
        if service.health.as_ref().is_some_and(|h| h.path.is_some()) {
            return;
        }
        let Some(check) = node.get("image").and_then(|i| i.get("healthcheck")) else {
            return;
        };
        let Some(command) = check.get("command").and_then(test_command) else {
            return;
        };
        let secs = |k: &str| {
            check
                .get(k)
                .and_then(Node::scalar)
                .and_then(|v| values::seconds(&v))
        };
        let mut health = Health {
            command: Some(command),
            interval: secs("interval").map(|v| v.clamp(5, 300)),
            timeout: secs("timeout").map(|v| v.clamp(2, 60)),
            grace: secs("start_period").map(|v| v.clamp(0, 300)),
            unhealthy: check
                .get("retries")
                .and_then(Node::scalar)
                .and_then(|v| v.parse::<i64>().ok())
                .map(|v| v.clamp(2, 10)),
            ..Health::default()
        };
        fit_timeout(&mut health);
        service.health = Some(health);
    }

    fn size(&mut self, node: &Node, service: &mut Service) {
        let num = |k: &str| {
            node.get(k)
                .and_then(Node::scalar)
                .and_then(|v| v.parse::<i64>().ok())
        };
        let (cpu, memory) = (num("cpu"), num("memory"));
        if cpu.is_none() && memory.is_none() {
            return;
        }
        if let Some((c, m)) =
            crate::fargate::smallest_at_least(cpu.unwrap_or(0), memory.unwrap_or(0))
        {
            let (c, m) = (i64::from(c), i64::from(m));
            if Some(c) != cpu || Some(m) != memory {
                let shown = |v: Option<i64>| v.map_or_else(|| "-".to_owned(), |v| v.to_string());
                self.note(
                    &["cpu"],
                    format!(
                        "manifest cpu {}, memory {}: rounded up to a Fargate size",
                        shown(cpu),
                        shown(memory)
                    ),
                );
            }
            service.cpu = Some(c);
            service.memory = Some(m);
        }
    }

    fn count(&mut self, node: &Node, service: &mut Service) {
        let Some(count) = node.get("count") else {
            return;
        };
        if let Some(n) = count.scalar().and_then(|c| c.parse::<i64>().ok()) {
            service.replicas = Some(n.max(1));
            return;
        }
        let range = count.get("range");
        let (min, max) = match range.and_then(Node::scalar) {
            Some(text) => match text.split_once('-') {
                Some((a, b)) => (a.trim().parse().ok(), b.trim().parse().ok()),
                None => (None, None),
            },
            None => {
                let n = |k: &str| {
                    range
                        .and_then(|r| r.get(k))
                        .and_then(Node::scalar)
                        .and_then(|v| v.parse::<i64>().ok())
                };
                (n("min"), n("max"))
            }
        };
        let pct = |k: &str| {
            count
                .get(k)
                .and_then(Node::scalar)
                .and_then(|v| v.parse::<i64>().ok())
        };
        let mut autoscale = Autoscale {
            min: min.map(|m: i64| m.max(1)),
            max,
            cpu: pct("cpu_percentage"),
            memory: pct("memory_percentage"),
            ..Autoscale::default()
        };
        if service.route.is_some() {
            autoscale.requests_per_target = pct("requests");
        }
        if autoscale.cpu.is_none()
            && autoscale.memory.is_none()
            && autoscale.requests_per_target.is_none()
        {
            autoscale.cpu = Some(70);
            self.note(
                &["autoscale"],
                "GUESS: the manifest scales on no metric twinform reads; CPU 70% assumed",
            );
        }
        if let Some(at) = count.get("response_time").map(|r| r.at.clone()) {
            self.warn(
                &at,
                "`count.response_time` does not map: twinform scales on CPU, memory and requests"
                    .into(),
                "left out",
            );
        }
        service.autoscale = Some(autoscale);
    }

    fn env(&mut self, cx: &Context<'_>, node: &Node, service: &mut Service) {
        for entry in node.get("variables").map(Node::entries).unwrap_or_default() {
            match entry.value.scalar() {
                Some(value) => {
                    service.env.insert(entry.key.clone(), value);
                }
                None => self.warn(
                    &entry.key_at,
                    format!("variable `{}` is not a plain value (`from_cfn`)", entry.key),
                    "write its value",
                ),
            }
        }
        let input = cx.input;
        for entry in node.get("secrets").map(Node::entries).unwrap_or_default() {
            let arn = match (
                entry.value.scalar(),
                entry.value.get("secretsmanager").and_then(Node::scalar),
            ) {
                (Some(v), _) if v.starts_with("arn:") => Some(v),
                (Some(parameter), _) => match (&input.region, &input.account) {
                    (Some(region), Some(account)) => Some(format!(
                        "arn:aws:ssm:{region}:{account}:parameter/{}",
                        parameter.trim_start_matches('/')
                    )),
                    _ => {
                        self.warn(&entry.key_at, format!("secret `{}` names SSM parameter `{parameter}`; its ARN needs --account and --region", entry.key), "run again with --account ID --region REGION, or add it to `secrets` by ARN");
                        None
                    }
                },
                (None, Some(v)) if v.starts_with("arn:") => Some(v),
                (None, Some(name)) => {
                    self.warn(&entry.key_at, format!("secret `{}` names Secrets Manager secret `{name}`; its complete ARN (with the random suffix) is not in the manifest", entry.key), "add it to `secrets` with the ARN `aws secretsmanager describe-secret` prints");
                    None
                }
                (None, None) => None,
            };
            if let Some(arn) = arn {
                service.secrets.insert(entry.key.clone(), arn);
            }
        }
    }
}

/// The timeout must be shorter than the interval (TF020).
fn fit_timeout(health: &mut Health) {
    let interval = health
        .interval
        .unwrap_or(crate::spec::defaults::HEALTH_INTERVAL);
    if health
        .timeout
        .unwrap_or(crate::spec::defaults::HEALTH_TIMEOUT)
        >= interval
    {
        health.timeout = Some((interval - 1).max(2));
        if interval <= 2 {
            health.interval = Some(5);
        }
    }
}
