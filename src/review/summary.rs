//! The Markdown summary a reviewer reads in a pull request: services, counts, warnings and a
//! Mermaid picture of the system, rendered with handlebars (strict mode, template in the crate).

use super::documents::inventory;
use crate::FileSet;
use crate::diag::Diagnostic;
use crate::model::{Model, Platform, Role, Scaling, Server};
use handlebars::Handlebars;
use serde::Serialize;

const TEMPLATE: &str = include_str!("summary.md.hbs");

/// What a summary is made from.
pub struct SummaryInput<'a> {
    pub model: &'a Model,
    pub env: Option<&'a str>,
    pub files: &'a FileSet,
    pub warnings: &'a [Diagnostic],
    /// A diff already rendered as Markdown (`--diff-from`).
    pub diff_markdown: Option<String>,
}

#[derive(Serialize)]
struct ServiceRow {
    name: String,
    image: String,
    size: String,
    replicas: String,
    route: String,
    calls: String,
    secrets: usize,
}

#[derive(Serialize)]
struct JobRow {
    name: String,
    image: String,
    /// As written, with the zone (UTC when none).
    schedule: String,
    size: String,
    /// `Fargate Spot on ECS` or `—`.
    spot: String,
    secrets: usize,
}

/// A `[[patches]]` entry: where, what and why (a reviewer must see every escape hatch).
#[derive(Serialize)]
struct PatchRow {
    target: String,
    ops: String,
    reason: String,
}

#[derive(Serialize)]
struct Data {
    app: String,
    env: Option<String>,
    services: Vec<ServiceRow>,
    jobs: Vec<JobRow>,
    /// The services ECS Exec reaches, as `` `a`, `b` ``; empty when none.
    exec: String,
    /// Each service's EFS mounts (`` `svc` fsap-… at `/path` (ro) ``); empty when none.
    volumes: String,
    cloudformation_resources: usize,
    kubernetes_objects: usize,
    files: usize,
    warnings: Vec<String>,
    patches: Vec<PatchRow>,
    /// The parity table (or the sentence saying there is nothing in it).
    parity: String,
    diagram: Vec<String>,
    /// Both targets' monthly ranges (`twinform cost` has the details), or why there are none.
    cost: String,
    /// The exposure table and its notes (Markdown).
    exposure: String,
    diff: Option<String>,
}

/// Table cells must not break the Markdown table.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Mermaid lines: internet → ALB → routed services → their callees. Node ids are positional
/// (`s0`, `s1`…), so no service name can collide with Mermaid syntax or keywords such as `end`.
fn diagram(model: &Model) -> Vec<String> {
    let id = |name: &str| {
        model
            .services
            .iter()
            .position(|s| s.name == name)
            .map(|i| format!("s{i}"))
    };
    let mut lines = Vec::new();
    let (client, label) = if model.ingress.public {
        ("internet", "Internet")
    } else {
        ("clients", "VPC clients")
    };
    // One node per load balancer: `alb`, then `alb2`, `alb7`… past 100 routes.
    let balancers = &model.ingress.load_balancers;
    if !balancers.is_empty() {
        lines.push(format!("{client}((\"{label}\"))"));
    }
    for balancer in balancers {
        let name = match balancer.label.as_str() {
            "" => "Application Load Balancer".to_owned(),
            n => format!("Application Load Balancer {n}"),
        };
        lines.push(format!("alb{}[\"{name}\"]", balancer.label));
    }
    for balancer in balancers {
        lines.push(format!("{client} --> alb{}", balancer.label));
    }
    for (i, service) in model.services.iter().enumerate() {
        lines.push(format!("s{i}[\"{}\"]", service.name));
    }
    for (i, service) in model.services.iter().enumerate() {
        if let Some(route) = service.route() {
            let balancer = balancers.get(route.load_balancer).map_or("", |b| &b.label);
            lines.push(format!("alb{balancer} -->|\"{}\"| s{i}", route.path));
        }
        for &callee in &service.calls {
            if let Some(callee) = id(&model.service(callee).name) {
                lines.push(format!("s{i} --> {callee}"));
            }
        }
    }
    lines
}

fn replicas(scaling: &Scaling) -> String {
    match scaling {
        Scaling::Fixed(n) => n.to_string(),
        Scaling::Auto(a) => match &a.queue {
            Some(q) => format!(
                "{}–{} (queue {}: {} messages per task)",
                a.min, a.max, q.name, q.messages_per_task
            ),
            None => format!("{}–{} (auto)", a.min, a.max),
        },
    }
}

/// Renders the summary. Errors are impossible with the embedded template; an error string is
/// returned rather than a panic if that ever changes.
pub fn summary(input: &SummaryInput<'_>) -> String {
    let model = input.model;
    let (cloudformation_resources, kubernetes_objects) = inventory(input.files)
        .map(|i| (i.cloudformation.len(), i.kubernetes.len()))
        .unwrap_or((0, 0));
    let exec: Vec<String> = model
        .services
        .iter()
        .filter(|s| s.exec)
        .map(|s| format!("`{}`", s.name))
        .collect();
    let volumes: Vec<String> = model
        .services
        .iter()
        .flat_map(|s| {
            s.volumes.iter().map(move |m| {
                let mode = if m.read_only { "ro" } else { "rw" };
                format!(
                    "`{}` {} at `{}` ({mode})",
                    s.name, m.access_point_id, m.path
                )
            })
        })
        .collect();
    let data = Data {
        volumes: volumes.join(", "),
        app: model.app.name.clone(),
        env: input.env.map(str::to_owned),
        exec: exec.join(", "),
        services: model
            .services
            .iter()
            .map(|s| ServiceRow {
                name: s.name.clone(),
                image: cell(&s.image),
                size: match s.platform {
                    Platform::Amd64 => format!("{} / {} MiB", s.cpu, s.memory),
                    // The one target-dependent size fact: the architecture it is billed on.
                    Platform::Arm64 => {
                        format!("{} / {} MiB (arm64 on ECS, amd64 on EKS)", s.cpu, s.memory)
                    }
                },
                replicas: replicas(&s.scaling),
                route: match &s.role {
                    Role::Server(Server { route: Some(r), .. }) => format!("`{}`", r.path),
                    Role::Server(_) => "—".to_owned(),
                    // No port: nothing routes to it, and nothing calls it.
                    Role::Worker(_) => "— (worker)".to_owned(),
                    Role::Job => "— (job)".to_owned(),
                },
                calls: if s.calls.is_empty() {
                    "—".to_owned()
                } else {
                    model.names(&s.calls).join(", ")
                },
                secrets: s.secrets.len(),
            })
            .collect(),
        jobs: model
            .jobs
            .iter()
            .map(|j| JobRow {
                name: j.name().to_owned(),
                image: cell(&j.task.image),
                schedule: cell(&format!(
                    "`{}` ({})",
                    j.schedule_text,
                    j.timezone.as_deref().unwrap_or("UTC")
                )),
                size: format!("{} / {} MiB", j.task.cpu, j.task.memory),
                spot: if j.task.spot {
                    "Fargate Spot on ECS"
                } else {
                    "—"
                }
                .to_owned(),
                secrets: j.task.secrets.len(),
            })
            .collect(),
        cloudformation_resources,
        kubernetes_objects,
        files: input.files.len(),
        warnings: input
            .warnings
            .iter()
            .map(|d| cell(&format!("{}: {}", d.code, d.message)))
            .collect(),
        patches: model
            .patches
            .iter()
            .map(|p| PatchRow {
                target: cell(&p.target.to_string()),
                ops: cell(
                    &p.ops
                        .iter()
                        .map(|op| format!("`{op}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                reason: cell(&p.reason),
            })
            .collect(),
        parity: crate::parity::render::markdown_table(&crate::parity::report(model, input.env)),
        diagram: diagram(model),
        cost: match crate::cost::estimate(model, input.env) {
            Ok(estimate) => format!(
                "{}. Prices of {} for {}{}; `twinform cost` itemizes them",
                crate::cost::render::one_line(&estimate),
                estimate.prices_date,
                estimate.region,
                if estimate.prices_verified {
                    ""
                } else {
                    " (not checked by hand)"
                }
            ),
            Err(no_prices) => no_prices.to_string(),
        },
        exposure: super::exposure_render::markdown_table(&super::exposure::exposure(model)),
        diff: input.diff_markdown.clone(),
    };
    let mut handlebars = Handlebars::new();
    handlebars.set_strict_mode(true);
    handlebars.register_escape_fn(handlebars::no_escape);
    handlebars
        .render_template(TEMPLATE, &data)
        .unwrap_or_else(|e| format!("summary template error: {e}\n"))
}
