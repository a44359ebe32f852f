//! `depends_on` and `links` → `calls` (to services with a port), plus the calls an `env` value
//! reveals: Compose lets every service reach every other, twinform opens only `calls` (security
//! groups on ECS, NetworkPolicies on EKS).

use super::service::Mapping;
use crate::diag::Code;
use crate::import::yaml::{At, Node, Value};
use std::collections::BTreeMap;

impl Mapping<'_> {
    /// `depends_on` and `links` → `calls`, to services with a port.
    pub(super) fn calls(
        &mut self,
        names: &BTreeMap<String, String>,
        has_port: &BTreeMap<&str, bool>,
        env: &BTreeMap<String, String>,
    ) -> Option<Vec<String>> {
        let mut calls: Vec<String> = Vec::new();
        let mut targets: Vec<(String, At)> = self
            .get("depends_on")
            .map(Node::entries)
            .unwrap_or_default()
            .iter()
            .map(|e| (e.key.clone(), e.key_at.clone()))
            .collect();
        if let Some(Value::Seq(links)) = self.get("links").map(|l| &l.value) {
            for link in links {
                let text = link.scalar().unwrap_or_default();
                targets.push((
                    text.split(':').next().unwrap_or_default().to_owned(),
                    link.at.clone(),
                ));
            }
        }
        for (target, at) in targets {
            match (names.get(&target), has_port.get(target.as_str())) {
                (Some(name), Some(true)) => {
                    if !calls.contains(name) && name != self.name {
                        calls.push(name.clone());
                    }
                }
                (Some(_), _) => self.warn(
                    &at,
                    Code::ComposeDependency,
                    format!("depends on `{target}`, which has no port"),
                    "a call needs a port on the callee; start order is not kept on ECS or EKS",
                ),
                (None, _) => self.warn(
                    &at,
                    Code::ComposeDependency,
                    format!("depends on `{target}`, which is not a service"),
                    "check the name",
                ),
            }
        }
        // Compose lets any service reach any other; twinform opens only `calls`. A value that
        // addresses another service by host name (`http://api:8080`, `db:5432`, `@db:5432/x`)
        // is a call the Compose file did not declare.
        for (compose, name) in names {
            if name == self.name
                || calls.contains(name)
                || has_port.get(compose.as_str()) != Some(&true)
            {
                continue;
            }
            if let Some((var, _)) = env.iter().find(|(_, v)| addresses(v, compose)) {
                self.note(
                    &["calls"],
                    format!("`{name}` guessed from env `{var}`, which addresses it"),
                );
                calls.push(name.clone());
            }
        }
        calls.sort();
        (!calls.is_empty()).then_some(calls)
    }
}

/// Whether an env value addresses service `host`: as a URL host (`//host:`, `//host/`, `@host:`),
/// as `host:PORT`, or as the whole value.
pub(crate) fn addresses(value: &str, host: &str) -> bool {
    if value == host {
        return true;
    }
    value.match_indices(host).any(|(i, _)| {
        let before = value[..i].chars().next_back();
        let after = &value[i + host.len()..];
        let starts = before.is_none_or(|c| matches!(c, '/' | '@' | ',' | '=' | ' '));
        let port = after
            .strip_prefix(':')
            .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_digit()));
        starts && (port || (before == Some('/') && (after.is_empty() || after.starts_with('/'))))
    })
}

#[cfg(test)]
mod tests {
    use super::addresses;

    #[test]
    fn env_values_that_address_a_service() {
        assert!(addresses("http://backend:8080", "backend"));
        assert!(addresses("postgres://u@db:5432/shop", "db"));
        assert!(addresses("db:5432", "db"));
        assert!(addresses("http://api/v1", "api"));
        assert!(addresses("db", "db"));
        assert!(!addresses("http://mydb:5432", "db"));
        assert!(!addresses("dbname", "db"));
        assert!(!addresses("https://api.example.com", "api"));
    }
}
