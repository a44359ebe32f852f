//! `healthcheck` → `health`. Source:
//! <https://docs.docker.com/reference/compose-file/services/#healthcheck>: `test` is
//! `["CMD", args…]`, `["CMD-SHELL", "cmd"]`, a string (run by the shell) or `["NONE"]`;
//! `interval`, `timeout`, `start_period` are durations; `retries` a count.

use super::service::{HEALTH_PATH_LABEL, Mapping as ServiceMapping};
use super::values;
use crate::diag::Code;
use crate::import::yaml::{Node, Value};
use crate::spec::{Health, Service, defaults};

/// ECS container health-check limits on a command check (TF054), and the spec's ranges.
const COMMAND_MAX_TIMEOUT: i64 = 60;
const COMMAND_MAX_GRACE: i64 = 300;

/// The command a `test` runs, or `None` for `NONE`/no test.
pub(crate) fn test_command(test: &Node) -> Option<Vec<String>> {
    match &test.value {
        Value::Seq(items) => {
            let words: Vec<String> = items.iter().filter_map(Node::scalar).collect();
            match words.split_first() {
                Some((first, rest)) if first == "CMD" => Some(rest.to_vec()),
                Some((first, rest)) if first == "CMD-SHELL" => {
                    Some(vec!["/bin/sh".into(), "-c".into(), rest.join(" ")])
                }
                Some((first, _)) if first == "NONE" => None,
                // A list without CMD is run as is.
                Some(_) => Some(words),
                None => None,
            }
        }
        Value::Str(text) if !text.trim().is_empty() => {
            Some(vec!["/bin/sh".into(), "-c".into(), text.clone()])
        }
        _ => None,
    }
}

/// `/health` when the command is a curl or wget of `localhost:PORT/health` (or 127.0.0.1).
fn http_path(command: &[String], port: i64) -> Option<String> {
    let text = command.join(" ");
    if !(text.contains("curl") || text.contains("wget")) {
        return None;
    }
    for host in ["localhost", "127.0.0.1", "0.0.0.0"] {
        let needle = format!("{host}:{port}");
        if let Some(i) = text.find(&needle) {
            let rest = &text[i + needle.len()..];
            let path: String = rest
                .chars()
                .take_while(|c| {
                    !c.is_whitespace() && !matches!(c, '"' | '\'' | '|' | ';' | '&' | ')')
                })
                .collect();
            return Some(if path.starts_with('/') {
                path
            } else {
                "/".to_owned()
            });
        }
    }
    None
}

pub(super) fn health(cx: &mut ServiceMapping<'_>, service: &mut Service) {
    let node = cx.node().get("healthcheck").cloned();
    let disabled = node
        .as_ref()
        .and_then(|h| h.get("disable"))
        .and_then(Node::scalar)
        .as_deref()
        == Some("true");
    let command = node
        .as_ref()
        .filter(|_| !disabled)
        .and_then(|h| h.get("test"))
        .and_then(test_command);
    let label_path = cx.label(HEALTH_PATH_LABEL);
    let mut health = Health::default();
    let worker = service.port.is_none();
    match (&command, service.port) {
        _ if label_path.is_some() && !worker => health.path = label_path,
        (Some(command), Some(port)) if service.route.is_some() => match http_path(command, port) {
            Some(path) => {
                cx.note_key(
                    &["health"],
                    format!(
                        "path guessed from the Compose healthcheck `{}`",
                        command.join(" ")
                    ),
                );
                health.path = Some(path);
            }
            None => health.command = Some(command.to_vec()),
        },
        (Some(command), _) => health.command = Some(command.clone()),
        (None, None) => {
            health.command = Some(vec!["/bin/sh".into(), "-c".into(), "kill -0 1".into()]);
            cx.note_key(&["health"], "GUESS: a worker needs a health command and Compose gives none; this one only checks the main process is alive and needs /bin/sh in the image: replace it".into());
        }
        (None, Some(_)) => {}
    }
    if let Some(node) = node.filter(|_| !disabled) {
        timings(cx, &node, &mut health);
    }
    if health != Health::default() {
        service.health = Some(health);
    }
}

/// interval, timeout, retries and start_period, brought into the spec's ranges.
fn timings(cx: &mut ServiceMapping<'_>, node: &Node, health: &mut Health) {
    let command = health.command.is_some();
    let read = |key: &str| {
        node.get(key)
            .and_then(|n| n.scalar().map(|s| (s, n.at.clone())))
    };
    let mut adjusted = Vec::new();
    let mut seconds = |key: &str, min: i64, max: i64, cx: &mut ServiceMapping<'_>| -> Option<i64> {
        let (text, at) = read(key)?;
        let Some(value) = values::seconds(&text) else {
            cx.warn_at(
                &at,
                Code::ComposeUnmapped,
                format!("`healthcheck.{key}: {text}` is not a duration"),
                "write e.g. `30s` or `1m30s`",
            );
            return None;
        };
        let clamped = value.clamp(min, max);
        if clamped != value {
            adjusted.push(format!("{key} {text} → {clamped}s"));
        }
        Some(clamped)
    };
    health.interval = seconds("interval", 5, 300, cx);
    let max_timeout = if command { COMMAND_MAX_TIMEOUT } else { 120 };
    health.timeout = seconds("timeout", 2, max_timeout, cx);
    let max_grace = if command { COMMAND_MAX_GRACE } else { 3600 };
    health.grace = seconds("start_period", 0, max_grace, cx);
    if let Some(n) = read("retries").and_then(|(text, _)| text.parse::<i64>().ok()) {
        let clamped = n.clamp(2, 10);
        if clamped != n {
            adjusted.push(format!("retries {n} → {clamped}"));
        }
        health.unhealthy = Some(clamped);
    }
    // The timeout must be shorter than the interval (TF020).
    let interval = health.interval.unwrap_or(defaults::HEALTH_INTERVAL);
    let timeout = health.timeout.unwrap_or(defaults::HEALTH_TIMEOUT);
    if timeout >= interval {
        let shorter = (interval - 1).max(2);
        adjusted.push(format!(
            "timeout {timeout}s → {shorter}s (below the interval)"
        ));
        health.timeout = Some(shorter);
        if shorter >= interval {
            health.interval = Some(shorter + 1);
        }
    }
    if !adjusted.is_empty() {
        cx.note_key(
            &["health"],
            format!(
                "Compose healthcheck adjusted to the targets' limits: {}",
                adjusted.join(", ")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::yaml::parse;

    fn command(yaml: &str) -> Option<Vec<String>> {
        test_command(&parse(yaml, 0).expect("yaml"))
    }

    #[test]
    fn test_forms() {
        assert_eq!(
            command("[CMD, /bin/check, -q]"),
            Some(vec!["/bin/check".into(), "-q".into()])
        );
        assert_eq!(
            command("[CMD-SHELL, 'pg_isready || exit 1']"),
            Some(vec![
                "/bin/sh".into(),
                "-c".into(),
                "pg_isready || exit 1".into()
            ])
        );
        assert_eq!(
            command("curl -f http://localhost/"),
            Some(vec![
                "/bin/sh".into(),
                "-c".into(),
                "curl -f http://localhost/".into()
            ])
        );
        assert_eq!(command("[NONE]"), None);
    }

    #[test]
    fn http_paths() {
        let c = |s: &str| vec![s.to_owned()];
        assert_eq!(
            http_path(
                &c("curl -fsS http://localhost:8080/healthz || exit 1"),
                8080
            )
            .as_deref(),
            Some("/healthz")
        );
        assert_eq!(
            http_path(&c("wget -qO- http://127.0.0.1:3000"), 3000).as_deref(),
            Some("/")
        );
        assert_eq!(http_path(&c("curl http://localhost:9999/x"), 8080), None);
        assert_eq!(http_path(&c("/bin/check"), 8080), None);
    }
}
