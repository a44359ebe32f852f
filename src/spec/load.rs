//! Loading: text → spanned document → (overlay merge) → typed [`Spec`], with every unknown key
//! and every type error collected in one pass.
//!
//! Each top-level table, each service and each environment is deserialized on its own, and a
//! value of the wrong type is reported, set aside and the table read again without it: one run
//! reports every type error in every table, and the rules still check everything that did parse.
//! The key paths set aside are kept ([`Loaded::invalid`]) so that a rule never reports a missing
//! or defaulted value that was in fact written wrongly. Overlays are merged on the spanned
//! document (tables key by key, arrays and scalars replaced), so a value that comes from an
//! overlay keeps the overlay's span.
//!
//! Numbers and booleans in `env` tables are what people write (`PORT = 8080`): they become the
//! string of their TOML text, the same on both targets.

use super::Spec;
use super::locate::Located;
use super::suggest::{closest, expected_at, keys_at};
use crate::diag::{self, Code, Diagnostic};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// A spec larger than this is refused before parsing (a generated 1,000-service spec is ~300 KB).
pub const MAX_SPEC_BYTES: usize = 8 * 1024 * 1024;
/// Type errors reported per table before the rest of that table is given up on.
const MAX_TYPE_ERRORS_PER_TABLE: usize = 32;
/// More services than this are refused: the output would exceed every AWS quota many times over.
pub const MAX_SERVICES: usize = 5_000;

/// The outcome of loading: where things are, the effective spec when it could be typed, and
/// every problem found so far.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub located: Located,
    /// The effective spec (base with the selected overlay merged), without the values of the
    /// wrong type; `None` when the text is not valid TOML or is too large.
    pub spec: Option<Spec>,
    pub diagnostics: Vec<Diagnostic>,
    /// Key paths of the effective spec whose written value had the wrong type and was left out
    /// of `spec` (a TF002 error says so): rules treat them as unknown, not as absent.
    pub invalid: BTreeSet<Vec<String>>,
}

/// Loads `text` (displayed as `name`) and merges the overlay `env`, if given.
pub fn load(name: &str, text: &str, env: Option<&str>) -> Loaded {
    let mut diagnostics = Vec::new();
    if text.len() > MAX_SPEC_BYTES {
        diagnostics.push(Diagnostic::new(
            Code::TooLarge,
            format!(
                "the spec is {} bytes; twinform reads at most {MAX_SPEC_BYTES} bytes",
                text.len()
            ),
        ));
        return Loaded {
            located: Located::new(name, "", None, env),
            spec: None,
            diagnostics,
            invalid: BTreeSet::new(),
        };
    }
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(error) => {
            let located = Located::new(name, text, None, env);
            diagnostics.push(
                Diagnostic::new(Code::Syntax, error.message().trim_end().to_owned())
                    .at(error.span().map(|s| widen(s, text)), "here"),
            );
            return Loaded {
                located,
                spec: None,
                diagnostics,
                invalid: BTreeSet::new(),
            };
        }
    };
    let located = Located::new(name, text, Some(root.get_ref()), env);
    let mut root = root.into_inner();
    stringify_env_values(&mut root, text);

    let mut typed_ok = true;
    // The base document, environments included, so every overlay is checked on every run.
    let mut invalid = BTreeSet::new();
    let base = read_spec(&root, &[], &mut diagnostics, &mut invalid);

    let mut effective = base;
    if let Some(env) = env {
        let overlay = root
            .get("environments")
            .and_then(|e| e.get_ref().as_table())
            .and_then(|t| t.get(env));
        match overlay.and_then(|o| o.get_ref().as_table()) {
            Some(overlay) => {
                let mut merged = root.clone();
                merged.remove("environments");
                merge(&mut merged, overlay);
                // Patches append (see `patches.rs`): the overlay's are read in `environments`.
                merged.remove("patches");
                let base_patches = std::mem::take(&mut effective.patches);
                let environments = effective.environments.clone();
                // The effective spec's own set: the base's paths inside `environments` and the
                // overlay's paths under the same names are what the rules look at.
                invalid = BTreeSet::new();
                effective = read_spec(&merged, &["environments"], &mut diagnostics, &mut invalid);
                effective.environments = environments;
                effective.patches = super::patches::appended(base_patches, &effective, env);
            }
            None => {
                let known: Vec<String> = effective.environments.keys().cloned().collect();
                let mut d = Diagnostic::new(
                    Code::UnknownEnvironment,
                    format!("unknown environment `{env}`"),
                )
                .at(
                    located.raw_key(&["environments"]),
                    "environments are defined here",
                );
                d = match closest(env, known.iter().map(String::as_str)) {
                    Some(best) => d.help(format!("did you mean `{best}`?")),
                    None if known.is_empty() => {
                        d.help("the spec defines no `[environments.NAME]` tables")
                    }
                    None => d.help(format!("defined environments: {}", known.join(", "))),
                };
                diagnostics.push(d);
            }
        }
    }
    if effective.services.len() > MAX_SERVICES {
        diagnostics.push(
            Diagnostic::new(
                Code::TooLarge,
                format!(
                    "{} services; twinform handles at most {MAX_SERVICES}",
                    effective.services.len()
                ),
            )
            .at(located.raw_key(&["services"]), "services start here"),
        );
        typed_ok = false;
    }
    diag::normalize(&mut diagnostics);
    Loaded {
        located,
        spec: typed_ok.then_some(effective),
        diagnostics,
        invalid,
    }
}

/// `env` values that are TOML numbers, booleans or datetimes become strings of their text as
/// written (`8080`, `true`, `1e3`), in every service and sidecar of the base and the overlays.
fn stringify_env_values(root: &mut DeTable<'_>, text: &str) {
    fn services(table: &mut DeTable<'_>, text: &str) {
        // A job's `env` reads like a service's.
        for section in ["services", "jobs"] {
            if let Some(DeValue::Table(entries)) = table.get_mut(section).map(|s| s.get_mut()) {
                section_env(entries, text);
            }
        }
    }
    fn section_env(services: &mut DeTable<'_>, text: &str) {
        for (_, service) in services.iter_mut() {
            let DeValue::Table(service) = service.get_mut() else {
                continue;
            };
            env(service, text);
            for containers in ["sidecars", "init"] {
                if let Some(DeValue::Array(list)) = service.get_mut(containers).map(|s| s.get_mut())
                {
                    for container in list.iter_mut() {
                        if let DeValue::Table(container) = container.get_mut() {
                            env(container, text);
                        }
                    }
                }
            }
        }
    }
    fn env(table: &mut DeTable<'_>, text: &str) {
        let Some(DeValue::Table(vars)) = table.get_mut("env").map(|e| e.get_mut()) else {
            return;
        };
        for (_, value) in vars.iter_mut() {
            let scalar = matches!(
                value.get_ref(),
                DeValue::Integer(_)
                    | DeValue::Float(_)
                    | DeValue::Boolean(_)
                    | DeValue::Datetime(_)
            );
            if let Some(written) = text.get(value.span()).filter(|_| scalar) {
                let span = value.span();
                *value = Spanned::new(span, DeValue::String(written.to_owned().into()));
            }
        }
    }
    services(root, text);
    if let Some(DeValue::Table(environments)) = root.get_mut("environments").map(|e| e.get_mut()) {
        for (_, overlay) in environments.iter_mut() {
            if let DeValue::Table(overlay) = overlay.get_mut() {
                services(overlay, text);
            }
        }
    }
}

/// A zero-width span (end of file) is widened to one character so it can be underlined.
fn widen(span: std::ops::Range<usize>, text: &str) -> std::ops::Range<usize> {
    if span.start < span.end || text.is_empty() {
        return span;
    }
    let start = span.start.min(text.len().saturating_sub(1));
    let start = (0..=start)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let end = (start + 1..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    start..end
}

/// Deserializes the root table into a `Spec`, section by section. `skip` names top-level keys
/// not to read (the merged document has no `environments`).
fn read_spec(
    root: &DeTable<'_>,
    skip: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
    invalid: &mut BTreeSet<Vec<String>>,
) -> Spec {
    let mut spec = Spec::default();
    let mut reader = Reader {
        diagnostics,
        invalid,
    };
    for (key, value) in root.iter() {
        let name = key.get_ref().as_ref();
        if skip.contains(&name) {
            continue;
        }
        let path = vec![name.to_owned()];
        match name {
            "app" => spec.app = reader.read(value, &path),
            "network" => spec.network = reader.read(value, &path),
            "ingress" => spec.ingress = reader.read(value, &path),
            "kubernetes" => spec.kubernetes = reader.read(value, &path),
            "ecs" => spec.ecs = reader.read(value, &path),
            "services" => spec.services = reader.read_map(value, &path),
            "jobs" => spec.jobs = reader.read_map(value, &path),
            "patches" => spec.patches = reader.read(value, &path).unwrap_or_default(),
            "environments" => spec.environments = reader.read_map(value, &path),
            _ => reader.unknown(&path, key.span()),
        }
    }
    spec
}

struct Reader<'a> {
    diagnostics: &'a mut Vec<Diagnostic>,
    invalid: &'a mut BTreeSet<Vec<String>>,
}

impl Reader<'_> {
    /// Deserializes `value` (at `path`); each value of the wrong type is reported, removed and
    /// the rest read again, so every type error of the table is reported and the remaining keys
    /// still reach the rules. `None` only when `value` itself has the wrong type.
    fn read<T: DeserializeOwned>(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        path: &[String],
    ) -> Option<T> {
        let mut current = value.clone();
        // Each round removes one key, so this ends; unknown keys are those of the last round.
        // Every round re-reads the table, so past a few dozen errors in one table the rest of
        // it is given up on rather than read quadratically often.
        for _ in 0..MAX_TYPE_ERRORS_PER_TABLE {
            let mut ignored = Vec::new();
            let result: Result<T, _> =
                serde_ignored::deserialize(ValueDeserializer::from(current.clone()), |p| {
                    ignored.push(ignored_path(&p))
                });
            let error = match result {
                Ok(v) => {
                    self.unknown_keys(&current, path, ignored);
                    return Some(v);
                }
                Err(error) => error,
            };
            let span = error.span().unwrap_or_else(|| current.span());
            let tail = path_of_span(&current, &span).unwrap_or_default();
            let written = string_at(&current, &tail);
            self.type_error(path, &tail, span, error.message(), written.as_deref());
            let removable = removable_prefix(&current, &tail);
            let mut full = path.to_vec();
            full.extend(removable.iter().cloned());
            self.invalid.insert(full);
            if removable.is_empty() || !remove_at(&mut current, &removable) {
                self.unknown_keys(&current, path, ignored);
                return None;
            }
        }
        self.invalid.insert(path.to_vec());
        None
    }

    fn unknown_keys(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        path: &[String],
        ignored: Vec<Vec<String>>,
    ) {
        for tail in ignored {
            let mut full = path.to_vec();
            full.extend(tail);
            // serde_ignored gives the path, not the span: find the key in the value's subtree.
            let span = key_span(value, &full[path.len()..]);
            self.unknown(&full, span.unwrap_or_else(|| value.span()));
        }
    }

    fn type_error(
        &mut self,
        path: &[String],
        tail: &[String],
        span: std::ops::Range<usize>,
        message: &str,
        written: Option<&str>,
    ) {
        // A value merged from an overlay is read twice (in the overlay and in the effective
        // spec); the first report, at the overlay's own path, is enough.
        let reported = |d: &Diagnostic| {
            d.code == Code::InvalidValue && d.primary.as_ref().is_some_and(|l| l.span == span)
        };
        if self.diagnostics.iter().any(reported) {
            return;
        }
        // Name the bad value's own key path, not only the section it is in.
        let mut full = path.to_vec();
        full.extend(tail.iter().cloned());
        let message = message
            .trim_end()
            .replace("expected i64", "expected an integer");
        let mut d = Diagnostic::new(
            Code::InvalidValue,
            format!("`{}`: {message}", full.join(".")),
        )
        .at(Some(span), "this value");
        if let Some(expected) = expected_at(&full, written) {
            d = d.help(expected);
        }
        self.diagnostics.push(d);
    }

    /// A table of named entries (services, environments): each entry read on its own.
    fn read_map<T: DeserializeOwned>(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        path: &[String],
    ) -> BTreeMap<String, T> {
        let mut out = BTreeMap::new();
        let Some(table) = value.get_ref().as_table() else {
            self.invalid.insert(path.to_vec());
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`{}` must be a table", path.join(".")),
                )
                .at(
                    Some(value.span()),
                    format!("found {}", value.get_ref().type_str()),
                ),
            );
            return out;
        };
        for (key, entry) in table.iter() {
            let mut entry_path = path.to_vec();
            entry_path.push(key.get_ref().to_string());
            if let Some(v) = self.read(entry, &entry_path) {
                out.insert(key.get_ref().to_string(), v);
            }
        }
        out
    }

    fn unknown(&mut self, path: &[String], span: std::ops::Range<usize>) {
        let (parent, key) = path.split_at(path.len() - 1);
        let key = &key[0];
        let valid = keys_at(parent);
        let mut d = Diagnostic::new(
            Code::UnknownKey,
            if parent.is_empty() {
                format!("unknown key `{key}`")
            } else {
                format!("unknown key `{key}` in `{}`", parent.join("."))
            },
        )
        .at(Some(span), "not a spec key");
        if let Some(best) = closest(key, valid.iter().map(String::as_str)) {
            d = d.help(format!("did you mean `{best}`?"));
        } else if !valid.is_empty() {
            d = d.help(format!("valid keys here: {}", valid.join(", ")));
        }
        self.diagnostics.push(d);
    }
}

/// The string at `tail` below `value`, if it is one (the word a misspelt choice was written as).
fn string_at(value: &Spanned<DeValue<'_>>, tail: &[String]) -> Option<String> {
    let mut node = value;
    for segment in tail {
        node = match node.get_ref() {
            DeValue::Table(table) => table.get(segment.as_str())?,
            DeValue::Array(array) => array.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match node.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        _ => None,
    }
}

/// The part of `tail` that can be removed without moving other values: up to the last key of a
/// table (an array element is never removed, that would renumber the ones after it; its array
/// goes instead).
fn removable_prefix(value: &Spanned<DeValue<'_>>, tail: &[String]) -> Vec<String> {
    let mut node = value;
    let mut keep = 0;
    for (i, segment) in tail.iter().enumerate() {
        node = match node.get_ref() {
            DeValue::Table(table) => {
                keep = i + 1;
                match table.get(segment.as_str()) {
                    Some(child) => child,
                    None => break,
                }
            }
            DeValue::Array(array) => match segment.parse::<usize>().ok().and_then(|n| array.get(n))
            {
                Some(child) => child,
                None => break,
            },
            _ => break,
        };
    }
    tail[..keep].to_vec()
}

/// Removes the key at `path` (whose last segment is a table key); false when it is not there.
fn remove_at(value: &mut Spanned<DeValue<'_>>, path: &[String]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut node = value;
    for segment in parents {
        node = match node.get_mut() {
            DeValue::Table(table) => match table.get_mut(segment.as_str()) {
                Some(child) => child,
                None => return false,
            },
            DeValue::Array(array) => {
                match segment.parse::<usize>().ok().and_then(|n| array.get_mut(n)) {
                    Some(child) => child,
                    None => return false,
                }
            }
            _ => return false,
        };
    }
    match node.get_mut() {
        DeValue::Table(table) => table.remove(last.as_str()).is_some(),
        _ => false,
    }
}

fn ignored_path(path: &serde_ignored::Path<'_>) -> Vec<String> {
    use serde_ignored::Path;
    let mut out = Vec::new();
    let mut cur = path;
    loop {
        match cur {
            Path::Root => break,
            Path::Seq { parent, index } => {
                out.push(index.to_string());
                cur = parent;
            }
            Path::Map { parent, key } => {
                out.push(key.clone());
                cur = parent;
            }
            Path::Some { parent }
            | Path::NewtypeStruct { parent }
            | Path::NewtypeVariant { parent } => cur = parent,
        }
    }
    out.reverse();
    out
}

/// The span of the key at `tail` below `value`.
fn key_span(value: &Spanned<DeValue<'_>>, tail: &[String]) -> Option<std::ops::Range<usize>> {
    let (first, rest) = tail.split_first()?;
    match value.get_ref() {
        DeValue::Table(table) => {
            let (k, v) = table.get_key_value(first.as_str())?;
            if rest.is_empty() {
                Some(k.span())
            } else {
                key_span(v, rest)
            }
        }
        DeValue::Array(array) => {
            let item = array.get(first.parse::<usize>().ok()?)?;
            if rest.is_empty() {
                Some(item.span())
            } else {
                key_span(item, rest)
            }
        }
        _ => None,
    }
}

/// The key path below `value` of the value whose span is `span` (empty for `value` itself).
fn path_of_span(
    value: &Spanned<DeValue<'_>>,
    span: &std::ops::Range<usize>,
) -> Option<Vec<String>> {
    if value.span() == *span {
        return Some(Vec::new());
    }
    let children: Vec<(String, &Spanned<DeValue<'_>>)> = match value.get_ref() {
        DeValue::Table(table) => table
            .iter()
            .map(|(k, v)| (k.get_ref().to_string(), v))
            .collect(),
        DeValue::Array(array) => array
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => return None,
    };
    // Not pruned by span containment: tables made implicitly by `[a.b.c]` headers have spans
    // that do not contain their children.
    children.into_iter().find_map(|(key, child)| {
        let mut tail = path_of_span(child, span)?;
        tail.insert(0, key);
        Some(tail)
    })
}

/// Merges `overlay` into `base`: tables key by key, everything else replaced.
/// Keys that say one thing two ways: an overlay setting one replaces the other too, so `prod`
/// can pin a `digest` where the base names a `tag` (and the reverse).
const ALTERNATIVES: [(&str, &str); 2] = [("tag", "digest"), ("digest", "tag")];

fn merge<'i>(base: &mut DeTable<'i>, overlay: &DeTable<'i>) {
    for (key, value) in overlay.iter() {
        let name: &str = key.get_ref().as_ref();
        for (set, other) in ALTERNATIVES {
            if name == set && !overlay.contains_key(other) {
                base.remove(other);
            }
        }
        let existing = base.get_mut(name).map(|b| b.get_mut());
        match (existing, value.get_ref()) {
            (Some(DeValue::Table(inner)), DeValue::Table(over)) => merge(inner, over),
            _ => {
                base.remove(name);
                base.insert(key.clone(), value.clone());
            }
        }
    }
}
