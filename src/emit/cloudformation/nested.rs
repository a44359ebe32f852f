//! Nested stacks, past what one template holds (400 resources, 160 outputs or ~800 KB: 80 % of
//! each quota, see `quotas::budget`).
//!
//! The root keeps the network, cluster, log key, namespace and load balancer. Every service's
//! security group lives in a security-group stack, and everything else of the service (roles,
//! log group, task definition, ingress rules into its group, target group, listener rule, ECS
//! service, scaling, its outputs) in a services stack. Services stacks receive root values and
//! group IDs as parameters; security-group stacks need only the VPC. So services in different
//! stacks may call each other without a cycle between stacks.
//!
//! Layout: service `s` goes to services stack `hash(s) mod K`, and to security-group stack
//! `(hash(s) mod K) / GROUPS_PER_SECURITY_STACK`. `K` is the service count / 20 rounded up to a
//! power of two (at least 2), doubled until every stack fits its budgets. The assignment depends
//! only on the service's own name and `K`, so adding or removing a service moves no other
//! service unless `K` changes, which happens only when the count crosses a power-of-two boundary
//! (320, 640, 1,280 services) or a stack would overflow. Name-order buckets would move every
//! service after an inserted name; a hash with a fixed `K` could not grow.

use super::ids::{Ids, ServiceResource};
use super::intrinsic::{Expr, LogicalId};
use super::layout::{base, root};
use super::load_balancer;
use super::refs::{ClusterRefs, LoadBalancerRefs, NetworkRefs};
use super::resources::cloudformation::Stack;
use super::scope::{Imports, Scope, Source, group_output};
use super::service;
use super::template::{Parameter, Resource, Template};
use crate::model::{Model, Service};
use crate::names::stable_u64;
use crate::quotas::{
    BYTES_PER_TEMPLATE, GROUPS_PER_SECURITY_STACK, MAX_STACKS, OUTPUTS_PER_TEMPLATE,
    PARAMETERS_PER_TEMPLATE, RESOURCES_PER_TEMPLATE, budget, first_stack_count,
};
use std::collections::{BTreeMap, BTreeSet};

/// Where child templates are fetched from, and how their files are named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nesting {
    /// `--template-url-prefix`: `TemplateURL` is `${TemplateUrlPrefix}<file>`, the prefix a root
    /// parameter defaulting to this. Without it, `TemplateURL` is the file name alone, which
    /// `aws cloudformation package` uploads and rewrites.
    pub url_prefix: Option<String>,
    /// File extension of the templates (`json`, `yaml`).
    pub extension: &'static str,
}

/// The CloudFormation output: the root (or only) template and its children by file stem.
#[derive(Debug, Clone, PartialEq)]
pub struct Stacks {
    pub root: Template,
    /// `services-03` → template; empty when one template fits.
    pub children: BTreeMap<String, Template>,
}

/// Bytes of a service's resources in pretty JSON, besides what the spec writes (env, command,
/// secrets, image), which appears about twice (task definition, and indentation of lists).
const BYTES_PER_RESOURCE: u64 = 1_200;

/// One service emitted for a child stack.
struct Fragment<'m> {
    service: &'m Service,
    template: Template,
    imports: Imports,
    /// A stable hash of the service name alone, which places it.
    hash: u64,
    bucket: u64,
}

impl Fragment<'_> {
    fn bytes(&self) -> u64 {
        service_bytes(self.service, self.template.resources.len())
    }
}

/// The bytes a service's `resources` (as in a child stack: without its security group) are
/// estimated to take.
fn service_bytes(s: &Service, resources: usize) -> u64 {
    let written: usize = s.image.len()
        + s.env.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>()
        + s.secrets
            .iter()
            .map(|(k, v)| k.len() + v.arn.len())
            .sum::<usize>()
        + s.command.iter().flatten().map(String::len).sum::<usize>();
    resources as u64 * BYTES_PER_RESOURCE + 2 * written as u64
}

/// The templates for `model`: one when it fits, else a root and children.
pub fn stacks(model: &Model, nesting: &Nesting) -> Stacks {
    let mut root = root(model);
    let (net, cluster, lb) = base(model, &mut root);
    if let Some(single) = single(model, &root, &net, &cluster, lb.as_ref()) {
        return Stacks {
            root: single,
            children: BTreeMap::new(),
        };
    }
    let mut fragments: Vec<Fragment<'_>> = model
        .services
        .iter()
        .map(|s| {
            let scope = Scope::child(&net, &cluster, lb.as_ref());
            let mut template = Template::new(String::new());
            service::emit(model, s, &scope, &mut template);
            Fragment {
                service: s,
                template,
                imports: scope.into_imports(),
                hash: stable_u64(&["twinform-stack", &s.name]),
                bucket: 0,
            }
        })
        .collect();
    let mut k = first_stack_count(model.services.len() as u64);
    loop {
        for f in &mut fragments {
            f.bucket = f.hash % k;
        }
        if k >= MAX_STACKS || fits(&fragments, k) {
            break;
        }
        k *= 2;
    }
    assemble(model, nesting, root, &net, fragments)
}

/// The single template (what [`super::layout::template`] builds), when it stays within the budgets:
/// every service emitted once, straight into it. The budgets are counted as the services are
/// added, so a spec that needs nested stacks stops after at most a budget's worth of them
/// (and before any when its outputs, one per service, already exceed the budget).
fn single(
    model: &Model,
    root: &Template,
    net: &NetworkRefs,
    cluster: &ClusterRefs,
    lb: Option<&LoadBalancerRefs>,
) -> Option<Template> {
    let outputs = root.outputs.len() + model.services.len();
    if outputs as u64 > budget(OUTPUTS_PER_TEMPLATE) {
        return None;
    }
    let mut t = root.clone();
    let scope = Scope::single(net, cluster, lb);
    let mut bytes = 0;
    for s in &model.services {
        let before = t.resources.len();
        service::emit(model, s, &scope, &mut t);
        // A child stack holds the same resources but the security group.
        bytes += service_bytes(s, (t.resources.len() - before).saturating_sub(1));
        if t.resources.len() as u64 > budget(RESOURCES_PER_TEMPLATE)
            || bytes > budget(BYTES_PER_TEMPLATE)
        {
            return None;
        }
    }
    load_balancer::order_rules(model, &mut t);
    Some(t)
}

/// Whether every services stack and security-group stack stays within its budgets.
fn fits(fragments: &[Fragment<'_>], k: u64) -> bool {
    let mut services = vec![(0u64, 0u64, 0u64, BTreeSet::new()); k as usize];
    let mut groups = vec![0u64; k.div_ceil(GROUPS_PER_SECURITY_STACK) as usize];
    for f in fragments {
        let (resources, outputs, bytes, parameters) = &mut services[f.bucket as usize];
        *resources += f.template.resources.len() as u64;
        *outputs += f.template.outputs.len() as u64;
        *bytes += f.bytes();
        parameters.extend(f.imports.keys());
        groups[(f.bucket / GROUPS_PER_SECURITY_STACK) as usize] += 1;
    }
    let services_fit = services.iter().all(|(r, o, b, p)| {
        *r <= budget(RESOURCES_PER_TEMPLATE)
            && *o <= budget(OUTPUTS_PER_TEMPLATE)
            && *b <= budget(BYTES_PER_TEMPLATE)
            && p.len() as u64 <= budget(PARAMETERS_PER_TEMPLATE)
    });
    // A security group is one resource and one output.
    services_fit && groups.iter().all(|&g| g <= budget(OUTPUTS_PER_TEMPLATE))
}

fn stack_name(kind: &str, index: u64) -> String {
    format!("{kind}-{index:02}")
}

fn add_parameters(child: &mut Template, names: impl IntoIterator<Item = LogicalId>) {
    for name in names {
        child.parameters.insert(
            name,
            Parameter {
                kind: "String",
                default: None,
                description: "Passed by the root stack".to_owned(),
            },
        );
    }
}

/// The root's `AWS::CloudFormation::Stack` resource for the child in file `stem`.
fn stack_resource(nesting: &Nesting, stem: &str, parameters: BTreeMap<LogicalId, Expr>) -> Stack {
    let file = format!("{stem}.template.{}", nesting.extension);
    Stack {
        parameters,
        template_url: match nesting.url_prefix {
            Some(_) => Expr::Sub(format!("${{{URL_PREFIX}}}{file}")),
            None => Expr::Str(file),
        },
    }
}

const URL_PREFIX: &str = "TemplateUrlPrefix";

fn assemble(
    model: &Model,
    nesting: &Nesting,
    mut root: Template,
    net: &NetworkRefs,
    fragments: Vec<Fragment<'_>>,
) -> Stacks {
    let app = &model.app.name;
    let mut children = BTreeMap::new();
    if let Some(prefix) = &nesting.url_prefix {
        root.parameters.insert(
            LogicalId::named(URL_PREFIX),
            Parameter {
                kind: "String",
                default: Some(prefix.clone()),
                description: "Where the child templates were uploaded (an S3 URL ending in /)"
                    .to_owned(),
            },
        );
    }

    // Security-group stacks first: services stacks read their outputs.
    let mut group_stack: BTreeMap<&str, LogicalId> = BTreeMap::new();
    let mut by_group: BTreeMap<u64, Vec<&Service>> = BTreeMap::new();
    for f in &fragments {
        by_group
            .entry(f.bucket / GROUPS_PER_SECURITY_STACK)
            .or_default()
            .push(f.service);
    }
    for (index, services) in by_group {
        let stem = stack_name("security-groups", index);
        let id = LogicalId::named(&format!("SecurityGroupsStack{index:02}"));
        let mut child = Template::new(format!("twinform: {app} security groups ({stem})"));
        let vpc = LogicalId::named("VpcId");
        add_parameters(&mut child, [vpc.clone()]);
        for service in services {
            let group = Ids(service).of(ServiceResource::SecurityGroup);
            child.add(&group, service::security_group(model, service, vpc.r#ref()));
            child.output(
                group_output(service).to_string(),
                format!("Security group of {}", service.name),
                group.get_att("GroupId"),
            );
            group_stack.insert(&service.name, id.clone());
        }
        let parameters = BTreeMap::from([(vpc, net.vpc_id.clone())]);
        root.add(&id, stack_resource(nesting, &stem, parameters));
        children.insert(stem, child);
    }

    // A caller's `DependsOn` its callee's ECS service (see `service::emit`) can name a resource
    // only of its own template: across stacks it becomes the callers' stack waiting for the
    // callees' stack. Stacks can call each other both ways; the stack edge that closes a cycle
    // is dropped (`calls::order`), so those callers only lose their creation order.
    let home: BTreeMap<LogicalId, u64> = fragments
        .iter()
        .map(|f| (Ids(f.service).of(ServiceResource::Service), f.bucket))
        .collect();
    let mut stack_edges: BTreeMap<u64, BTreeSet<u64>> = BTreeMap::new();
    for f in &fragments {
        let edges = stack_edges.entry(f.bucket).or_default();
        for resource in f.template.resources.values() {
            for id in &resource.depends_on {
                match home.get(id) {
                    Some(&other) if other != f.bucket => {
                        edges.insert(other);
                    }
                    _ => {}
                }
            }
        }
    }
    let stack_order = crate::calls::order(&stack_edges).after;
    let services_stack = |index: u64| LogicalId::named(&format!("ServicesStack{index:02}"));

    let mut by_bucket: BTreeMap<u64, Vec<Fragment<'_>>> = BTreeMap::new();
    for f in fragments {
        by_bucket.entry(f.bucket).or_default().push(f);
    }
    for (index, mut fragments) in by_bucket {
        for f in &mut fragments {
            for resource in f.template.resources.values_mut() {
                resource
                    .depends_on
                    .retain(|id| home.get(id).is_none_or(|&b| b == index));
            }
        }
        let stem = stack_name("services", index);
        let id = services_stack(index);
        let mut child = Template::new(format!("twinform: {app} services ({stem})"));
        let mut imports = Imports::new();
        for f in fragments {
            child.resources.extend(f.template.resources);
            child.outputs.extend(f.template.outputs);
            imports.extend(f.imports);
        }
        load_balancer::order_rules(model, &mut child);
        add_parameters(&mut child, imports.keys().cloned());
        let parameters = imports
            .into_iter()
            .map(|(name, source)| {
                let value = match source {
                    Source::Root(expr) => expr,
                    Source::Group(service) => match group_stack.get(service.as_str()) {
                        Some(stack) => Expr::StackOutput(stack.clone(), name.to_string()),
                        // Every service has a group stack (built above from the same list).
                        None => Expr::Str(String::new()),
                    },
                };
                (name, value)
            })
            .collect();
        // The child's services start tasks in the subnets: wait for their routes (a parameter
        // orders the subnet, not its route); and for the stacks holding their callees.
        let egress = net.egress(model.network.tasks_in_public_subnets()).to_vec();
        let after = stack_order.get(&index).into_iter().flatten();
        root.add(
            &id,
            Resource::from(stack_resource(nesting, &stem, parameters))
                .depends_on(egress)
                .depends_on(after.map(|&other| services_stack(other))),
        );
        children.insert(stem, child);
    }
    Stacks { root, children }
}

#[cfg(test)]
mod tests {
    use super::super::template::ADDED;
    use super::*;

    /// Resources built by `stacks` for a generated spec of `n` services, and resources in its
    /// templates.
    fn built_and_kept(n: usize) -> (usize, usize) {
        let text = crate::builder::to_toml(&crate::synthetic::spec(n));
        let model = crate::check_source("t.toml", &text, None)
            .model
            .expect("a generated spec is valid");
        let nesting = Nesting {
            url_prefix: None,
            extension: "yaml",
        };
        ADDED.with(|a| a.set(0));
        let stacks = stacks(&model, &nesting);
        let kept = stacks.root.resources.len()
            + stacks
                .children
                .values()
                .map(|c| c.resources.len())
                .sum::<usize>();
        (ADDED.with(std::cell::Cell::get), kept)
    }

    /// A spec that fits one template is emitted once, not once per layout (issue 14 item 6).
    #[test]
    fn a_single_template_is_emitted_once() {
        for n in [1, 3, 20] {
            let (built, kept) = built_and_kept(n);
            assert_eq!(built, kept, "{n} services");
        }
    }

    /// Nested stacks build every resource once too.
    #[test]
    fn nested_stacks_are_emitted_once() {
        let (built, kept) = built_and_kept(300);
        assert_eq!(built, kept);
    }
}
