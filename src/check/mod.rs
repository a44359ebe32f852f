//! Checks: every rule runs on the loaded spec and reports every problem in one run.
//!
//! Architecture Invariant: [`CheckedSpec`] can only be built here, and only when no error was
//! found, so nothing downstream ever sees an invalid spec. Rules only build `Diagnostic`s; they
//! never stop at the first problem and never depend on the order they run in.

mod images;
mod rules;
/// TF102's test of a variable name, shared with the importers (which keep such values out of
/// the spec they write).
pub use rules::tf102_secret_in_env::looks_secret;

use crate::diag::{self, Diagnostic};
use crate::spec::{Job, Loaded, Located, Service, Span, Spec};
use std::collections::{BTreeMap, BTreeSet};

/// How many did-you-mean suggestions one rule computes. Each compares a name with every
/// service (edit distance), so an adversarial spec with thousands of unknown names would
/// otherwise take minutes; past the first few, a suggestion adds little anyway.
pub const MAX_SUGGESTIONS: usize = 20;

/// How many environments besides the selected one get their own rule pass, and how many bytes
/// those passes may re-read in total. Each pass re-reads the whole spec, so this bounds the
/// work for a large spec with many overlays; the rest are still checked by the loader (unknown
/// keys, types) and by rules when selected with `--env`.
pub const MAX_ENVIRONMENT_PASSES: usize = 32;
pub const MAX_ENVIRONMENT_PASS_BYTES: usize = 1024 * 1024;

/// A spec that passed every check (warnings allowed). Only `check` can build one.
#[derive(Debug, Clone)]
pub struct CheckedSpec {
    spec: Spec,
    located: Located,
}

impl CheckedSpec {
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    pub fn located(&self) -> &Located {
        &self.located
    }

    /// A spec that skipped the rules: only for tests of what `lower` does when check and lower
    /// disagree.
    #[cfg(test)]
    pub(crate) fn unchecked(spec: Spec, located: Located) -> Self {
        CheckedSpec { spec, located }
    }
}

/// What a rule sees: the effective spec (the selected overlay merged in) and where its keys are.
pub struct Context<'a> {
    pub spec: &'a Spec,
    pub located: &'a Located,
    /// `--tag NAME=VALUE` overrides, as given (already applied to `spec` where valid).
    pub tag_overrides: &'a BTreeMap<String, String>,
    /// The services of the base spec, by name, found once: every rule walks them.
    base_services: Vec<(&'a str, &'a Service)>,
    base_jobs: Vec<(&'a str, &'a Job)>,
    /// Key paths whose written value had the wrong type (TF002) and is missing from `spec`.
    invalid: &'a BTreeSet<Vec<String>>,
}

impl<'a> Context<'a> {
    /// The services of the base spec, by name. A service that only an overlay names is not one
    /// of them: TF026 reports it once instead of every rule reporting its missing keys.
    pub fn services(&self) -> impl Iterator<Item = (&'a str, &'a Service)> + '_ {
        self.base_services.iter().copied()
    }

    /// The jobs of the base spec, by name; as for services, a job only an overlay names is
    /// TF026's alone.
    pub fn jobs(&self) -> impl Iterator<Item = (&'a str, &'a Job)> + '_ {
        self.base_jobs.iter().copied()
    }

    /// Whether the value at `path`, or a table or array above it, was written with the wrong
    /// type (TF002): it is missing from `spec` but not absent, so a rule that needs it must not
    /// report it missing or judge a default in its place.
    pub fn invalid(&self, path: &[&str]) -> bool {
        (1..=path.len()).any(|n| {
            self.invalid
                .contains(&path[..n].iter().map(|s| s.to_string()).collect::<Vec<_>>())
        })
    }

    /// Every `iam` table the output turns into roles: each base service's and each job's, as
    /// (`"service"` or `"job"`, its section, its name, its `iam`).
    pub fn iam_owners(
        &self,
    ) -> Vec<(
        &'static str,
        &'static str,
        &'a str,
        Option<&'a crate::spec::Iam>,
    )> {
        self.services()
            .map(|(name, s)| ("service", "services", name, s.iam.as_ref()))
            .chain(
                self.jobs()
                    .map(|(name, j)| ("job", "jobs", name, j.iam.as_ref())),
            )
            .collect()
    }

    /// Every app container's variables: each base service's and each job's, as (`"service"` or
    /// `"job"`, its section, its name, its `env`, its `secrets`).
    #[allow(clippy::type_complexity)]
    pub fn env_owners(
        &self,
    ) -> Vec<(
        &'static str,
        &'static str,
        &'a str,
        &'a BTreeMap<String, String>,
        &'a BTreeMap<String, String>,
    )> {
        self.services()
            .map(|(name, s)| ("service", "services", name, &s.env, &s.secrets))
            .chain(
                self.jobs()
                    .map(|(name, j)| ("job", "jobs", name, &j.env, &j.secrets)),
            )
            .collect()
    }

    /// Whether any value at or below `path` was written with the wrong type.
    pub fn invalid_within(&self, path: &[&str]) -> bool {
        self.invalid(path)
            || self
                .invalid
                .iter()
                .any(|p| p.len() > path.len() && p.iter().zip(path).all(|(a, b)| a == b))
    }

    /// Whether any of a service's `keys` (or anything inside them) had the wrong type (TF002).
    pub fn service_keys_invalid(&self, service: &str, keys: &[&str]) -> bool {
        keys.iter()
            .any(|key| self.invalid_within(&["services", service, key]))
    }

    /// Span of the value at `path` (the overlay's when the selected overlay sets it).
    pub fn value(&self, path: &[&str]) -> Option<Span> {
        self.located.value(path)
    }

    /// Span of the key at `path` (overlay first).
    pub fn key(&self, path: &[&str]) -> Option<Span> {
        self.located.key(path)
    }

    /// The `[services.NAME]` header (or inline key) in the base spec.
    pub fn service_key(&self, name: &str) -> Option<Span> {
        self.located.raw_key(&["services", name])
    }

    /// Every service with a valid route, in the order the routes are written (the first one
    /// written keeps a contested route or number): (position, name, host, normalized route).
    /// The host is the service's `host`, else `ingress.domain`.
    pub fn routes_in_order(&self) -> Vec<(usize, &'a str, Option<&'a str>, String)> {
        let mut routed: Vec<_> = self
            .services()
            .filter_map(|(name, s)| {
                let normalized = crate::routes::normalize(s.route.as_deref()?).ok()?;
                let at = self
                    .value(&["services", name, "route"])
                    .map_or(usize::MAX, |span| span.start);
                Some((at, name, self.host_of(s), normalized))
            })
            .collect();
        routed.sort();
        routed
    }

    /// Routed services per host (`host`, else `ingress.domain`; `None` without either), every
    /// written route counted: what the load-balancer layout is computed from.
    pub fn routes_per_host(&self) -> BTreeMap<Option<&'a str>, usize> {
        let mut counts = BTreeMap::new();
        // Weighed in target groups, the tighter of the two per-ALB quotas.
        for (_, s) in self.services().filter(|(_, s)| s.route.is_some()) {
            *counts.entry(self.host_of(s)).or_default() +=
                crate::spec::Deploy::target_groups(s.deploy.as_ref());
        }
        counts
    }

    /// Whether the rules go to a listener twinform does not own (`ingress.listener_arn`).
    pub fn shared_listener(&self) -> bool {
        self.spec
            .ingress
            .as_ref()
            .is_some_and(|i| i.listener_arn.is_some())
    }

    /// The load balancers as `model` will lay them out.
    pub fn load_balancer_layout(&self) -> Vec<crate::load_balancers::Bucket> {
        crate::load_balancers::layout(&self.routes_per_host(), !self.shared_listener())
    }

    /// A service's host: its `host`, else `ingress.domain`.
    pub fn host_of(&self, service: &'a Service) -> Option<&'a str> {
        let domain = self.spec.ingress.as_ref().and_then(|i| i.domain.as_deref());
        service.host.as_deref().or(domain)
    }

    /// The app's region, defaulted.
    pub fn region(&self) -> &'a str {
        self.spec
            .app
            .as_ref()
            .and_then(|a| a.region.as_deref())
            .unwrap_or(crate::spec::defaults::REGION)
    }
}

/// Runs every rule. Returns the checked spec when there is no error, and every diagnostic
/// (errors and warnings, sorted) either way.
///
/// The rules run on the effective spec (the selected overlay merged in), and then once more for
/// every other environment, keeping what that overlay alone causes: a broken `prod` overlay is
/// reported by `twinform check` without `--env` too, as its unknown keys and wrong types
/// already are by the loader.
pub fn check(loaded: Loaded) -> (Option<CheckedSpec>, Vec<Diagnostic>) {
    check_with_tags(loaded, &BTreeMap::new())
}

/// [`check`] with `--tag NAME=VALUE` overrides applied to the effective spec first (TF052
/// reports the ones that name no service or are no valid tag or digest).
pub fn check_with_tags(
    loaded: Loaded,
    tags: &BTreeMap<String, String>,
) -> (Option<CheckedSpec>, Vec<Diagnostic>) {
    let Loaded {
        located,
        spec,
        mut diagnostics,
        invalid,
    } = loaded;
    let Some(mut spec) = spec else {
        diag::normalize(&mut diagnostics);
        return (None, diagnostics);
    };
    images::apply_tag_overrides(&mut spec, tags);
    let own = run_rules(&spec, &located, &invalid, tags);
    diagnostics.extend(other_environments(&spec, &located, &own, tags));
    diagnostics.extend(own);
    diag::normalize(&mut diagnostics);
    let ok = !diag::has_errors(&diagnostics);
    (ok.then_some(CheckedSpec { spec, located }), diagnostics)
}

fn run_rules(
    spec: &Spec,
    located: &Located,
    invalid: &BTreeSet<Vec<String>>,
    tag_overrides: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let cx = Context {
        spec,
        located,
        tag_overrides,
        invalid,
        base_services: spec
            .services
            .iter()
            .filter(|(name, _)| located.raw_key(&["services", name]).is_some())
            .map(|(name, service)| (name.as_str(), service))
            .collect(),
        base_jobs: spec
            .jobs
            .iter()
            .filter(|(name, _)| located.raw_key(&["jobs", name]).is_some())
            .map(|(name, job)| (name.as_str(), job))
            .collect(),
    };
    let mut out = Vec::new();
    for rule in rules::ALL {
        rule(&cx, &mut out);
    }
    out
}

/// The rule diagnostics that each environment other than the selected one adds to the base
/// spec's, marked with the environment's name (errors only; warnings show when it is selected). Only rule findings: the loader has already
/// reported every overlay's unknown keys and type errors.
fn other_environments(
    spec: &Spec,
    located: &Located,
    own: &[Diagnostic],
    tags: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let selected = located.env();
    let others: Vec<&String> = spec
        .environments
        .keys()
        .filter(|e| Some(e.as_str()) != selected)
        .take(MAX_ENVIRONMENT_PASSES.min(MAX_ENVIRONMENT_PASS_BYTES / located.text.len().max(1)))
        .collect();
    if others.is_empty() {
        return Vec::new();
    }
    let rules_of = |env: Option<&str>| {
        let loaded = crate::spec::load(&located.name, &located.text, env);
        loaded
            .spec
            .map(|mut s| {
                // The same `--tag` overrides, so that only the overlay's own findings differ.
                images::apply_tag_overrides(&mut s, tags);
                run_rules(&s, &loaded.located, &loaded.invalid, tags)
            })
            .unwrap_or_default()
    };
    let base = if selected.is_none() {
        own.to_vec()
    } else {
        rules_of(None)
    };
    // What identifies a finding across passes; a set keeps the comparison linear.
    let key = |d: &Diagnostic| {
        (
            d.code,
            d.primary.as_ref().map(|l| (l.span.start, l.span.end)),
            d.message.clone(),
        )
    };
    let base: BTreeSet<_> = base.iter().map(key).collect();
    let mut out = Vec::new();
    for env in others {
        for mut d in rules_of(Some(env)) {
            // Another environment's errors make the spec invalid; its warnings are shown when
            // that environment is selected, not on every run.
            let relevant = d.is_error();
            if relevant && !base.contains(&key(&d)) {
                d.message = format!("{} (in environment `{env}`)", d.message);
                out.push(d);
            }
        }
    }
    out
}
