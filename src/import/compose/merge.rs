//! Several Compose files merged as `docker compose -f a -f b` merges them. Source:
//! <https://docs.docker.com/reference/compose-file/merge/>: mappings merge key by key, sequences
//! append, `command`, `entrypoint` and `healthcheck.test` are replaced, `ports` are unique by
//! {ip, target, published, protocol} and `volumes`, `secrets`, `configs` by target. Key=value
//! lists (`environment`, `labels`) and `depends_on` lists are turned into mappings first, so
//! that a list in one file and a mapping in the other merge by key.

use crate::import::yaml::{Entry, Node, Value};

/// Normalizes every service of a parsed file in place (see the module comment).
pub fn normalize(root: &mut Node) {
    let Value::Map(top) = &mut root.value else {
        return;
    };
    for top in top.iter_mut().filter(|e| e.key == "services") {
        let Value::Map(services) = &mut top.value.value else {
            continue;
        };
        for service in services.iter_mut() {
            let Value::Map(keys) = &mut service.value.value else {
                continue;
            };
            for entry in keys.iter_mut() {
                match entry.key.as_str() {
                    "environment" | "labels" => key_value_list_to_map(&mut entry.value),
                    "depends_on" => names_to_map(&mut entry.value),
                    "env_file" => scalar_to_list(&mut entry.value),
                    _ => {}
                }
            }
        }
    }
}

/// `["A=1", "B"]` → `{A: "1", B: null}` (a name without `=` takes its value from the shell).
fn key_value_list_to_map(node: &mut Node) {
    let Value::Seq(items) = &node.value else {
        return;
    };
    let entries = items
        .iter()
        .map(|item| {
            let text = item.scalar().unwrap_or_default();
            let (key, value) = match text.split_once('=') {
                Some((k, v)) => (k.to_owned(), Value::Str(v.to_owned())),
                None => (text.clone(), Value::Null),
            };
            Entry {
                key,
                key_at: item.at.clone(),
                value: Node::new(value, item.at.clone()),
            }
        })
        .collect();
    node.value = Value::Map(entries);
}

/// `depends_on: [db]` → `{db: {condition: service_started}}`.
fn names_to_map(node: &mut Node) {
    let Value::Seq(items) = &node.value else {
        return;
    };
    let entries = items
        .iter()
        .map(|item| Entry {
            key: item.scalar().unwrap_or_default(),
            key_at: item.at.clone(),
            value: Node::new(Value::Null, item.at.clone()),
        })
        .collect();
    node.value = Value::Map(entries);
}

fn scalar_to_list(node: &mut Node) {
    if matches!(node.value, Value::Str(_) | Value::Map(_)) {
        node.value = Value::Seq(vec![node.clone()]);
    }
}

/// Merges `over` into `base`; `path` is the key path of `base` from the document root.
pub fn merge(base: &mut Node, over: Node, path: &[&str]) {
    match (&mut base.value, over.value) {
        (Value::Map(entries), Value::Map(overs)) => {
            for over in overs {
                match entries.iter_mut().find(|e| e.key == over.key) {
                    Some(entry) => {
                        let mut child: Vec<&str> = path.to_vec();
                        child.push(&over.key);
                        if replaces(&child) {
                            entry.value = over.value;
                        } else {
                            merge(&mut entry.value, over.value, &child);
                        }
                    }
                    None => entries.push(over),
                }
            }
        }
        (Value::Seq(items), Value::Seq(overs)) => {
            let unique = unique_key(path);
            for over in overs {
                let key = unique.map(|f| f(&over));
                let existing = key.flatten().and_then(|k| {
                    items
                        .iter()
                        .position(|i| unique.and_then(|f| f(i)) == Some(k.clone()))
                });
                match existing {
                    Some(i) => items[i] = over,
                    None => items.push(over),
                }
            }
        }
        (_, value) => {
            base.value = value;
            base.at = over.at;
        }
    }
}

/// Keys whose value the later file replaces instead of merging into.
fn replaces(path: &[&str]) -> bool {
    matches!(
        path,
        ["services", _, "command" | "entrypoint"] | ["services", _, "healthcheck", "test"]
    )
}

type UniqueKey = fn(&Node) -> Option<String>;

fn unique_key(path: &[&str]) -> Option<UniqueKey> {
    match path {
        ["services", _, "ports"] => Some(port_key),
        ["services", _, "volumes" | "secrets" | "configs"] => Some(target_key),
        _ => None,
    }
}

/// {ip, target, published, protocol} of a short or long port.
fn port_key(node: &Node) -> Option<String> {
    if let Some(text) = node.scalar() {
        return Some(text);
    }
    let field = |k: &str| node.get(k).and_then(Node::scalar).unwrap_or_default();
    Some(format!(
        "{}:{}:{}/{}",
        field("host_ip"),
        field("published"),
        field("target"),
        node.get("protocol")
            .and_then(Node::scalar)
            .unwrap_or_else(|| "tcp".into())
    ))
}

/// The container path of a short (`src:/target[:mode]`) or long volume, or a secret's target.
fn target_key(node: &Node) -> Option<String> {
    if let Some(text) = node.scalar() {
        let parts: Vec<&str> = text.split(':').collect();
        return Some(match parts.as_slice() {
            [_, target, ..] => (*target).to_owned(),
            _ => text,
        });
    }
    node.get("target")
        .or_else(|| node.get("source"))
        .and_then(Node::scalar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::yaml::parse;

    fn merged(a: &str, b: &str) -> Node {
        let mut base = parse(a, 0).expect("a");
        let mut over = parse(b, 1).expect("b");
        normalize(&mut base);
        normalize(&mut over);
        merge(&mut base, over, &[]);
        base
    }

    #[test]
    fn compose_merge_rules() {
        let root = merged(
            "services:\n  web:\n    image: a:1\n    command: [a, b]\n    ports: ['80:80']\n    environment: [A=1, B=2]\n",
            "services:\n  web:\n    command: [c]\n    ports: ['80:80', '81:81']\n    environment: {B: '3'}\n",
        );
        let web = root
            .get("services")
            .and_then(|s| s.get("web"))
            .expect("web");
        let list = |key: &str| match &web.get(key).expect(key).value {
            Value::Seq(items) => items.iter().filter_map(Node::scalar).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        assert_eq!(list("command"), ["c"]);
        assert_eq!(list("ports"), ["80:80", "81:81"]);
        let env = web.get("environment").expect("env");
        assert_eq!(env.get("A").and_then(Node::scalar).as_deref(), Some("1"));
        assert_eq!(env.get("B").and_then(Node::scalar).as_deref(), Some("3"));
        // The replaced value is located in the file that set it.
        assert_eq!(env.get("B").map(|n| n.at.file), Some(1));
    }
}
