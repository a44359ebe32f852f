//! Edits to a flat spec (`toml::Table`) and the expectations every edit shares.

use super::harness::{Outcome, unexpected};
use toml::{Table, Value};
use twinform::review::HazardKind;

pub fn services(spec: &mut Table) -> &mut Table {
    spec.entry("services")
        .or_insert_with(|| Value::Table(Table::new()))
        .as_table_mut()
        .unwrap()
}

/// The first service (in name order) that `pick` accepts.
pub fn first(spec: &mut Table, pick: impl Fn(&Table) -> bool) -> Option<String> {
    services(spec)
        .iter()
        .find(|(_, s)| s.as_table().is_some_and(&pick))
        .map(|(name, _)| name.clone())
}

pub fn service<'t>(spec: &'t mut Table, name: &str) -> &'t mut Table {
    services(spec)[name].as_table_mut().unwrap()
}

pub fn section<'t>(spec: &'t mut Table, name: &str) -> &'t mut Table {
    spec.entry(name)
        .or_insert_with(|| Value::Table(Table::new()))
        .as_table_mut()
        .unwrap()
}

pub fn called(spec: &mut Table) -> Vec<String> {
    services(spec)
        .values()
        .filter_map(|s| s.get("calls")?.as_array())
        .flatten()
        .filter_map(|c| c.as_str().map(str::to_owned))
        .collect()
}

pub fn shares_a_listener(spec: &mut Table) -> bool {
    section(spec, "ingress").contains_key("listener_arn")
}

pub fn has_certificate(spec: &mut Table) -> bool {
    section(spec, "ingress").contains_key("certificate_arn")
}

pub fn routed_http(s: &Table) -> bool {
    s.contains_key("route")
        && s.get("protocol").and_then(Value::as_str).unwrap_or("http") == "http"
        && s.get("autoscale")
            .and_then(|a| a.get("requests_per_target"))
            .is_none()
}

/// No FAILS, no DOWNTIME: the edit is safe as the generator emits it.
pub fn safe(outcome: &Outcome) -> Vec<String> {
    let mut found = unexpected(outcome, HazardKind::Fails, |_| false);
    found.extend(unexpected(outcome, HazardKind::Downtime, |_| false));
    found
}
