//! `twinform diff` on realistic changes to the shop, and the committed review summary.

mod common;

use twinform::review::{self, ChangeKind, Effect, HazardKind, Migration, Target};
use twinform::{FileSet, Options};

const SHOP: &str = include_str!("../examples/shop/twinform.toml");

fn files(text: &str, env: Option<&str>) -> FileSet {
    let options = Options {
        env: env.map(str::to_owned),
        ..Default::default()
    };
    twinform::synthesize("twinform.toml", text, &options)
        .unwrap_or_else(|c| panic!("{:#?}", c.diagnostics))
        .files
}

fn edited(find: &str, replace: &str) -> String {
    assert!(
        SHOP.contains(find),
        "the shop example no longer contains {find:?}"
    );
    SHOP.replacen(find, replace, 1)
}

/// The shop with `edit` applied to its parsed spec (overlays included).
fn with_spec(edit: impl FnOnce(&mut toml::Table)) -> String {
    let mut spec: toml::Table = SHOP.parse().unwrap();
    edit(&mut spec);
    toml::to_string(&spec).unwrap()
}

/// The `[services]` tables of the base spec and of every environment.
fn services_everywhere(spec: &mut toml::Table) -> Vec<&mut toml::Table> {
    let mut out = Vec::new();
    for (key, value) in spec.iter_mut() {
        match key.as_str() {
            "services" => out.extend(value.as_table_mut()),
            "environments" => out.extend(
                value
                    .as_table_mut()
                    .into_iter()
                    .flat_map(|envs| envs.iter_mut().map(|(_, env)| env))
                    .filter_map(|env| env.get_mut("services")?.as_table_mut()),
            ),
            _ => {}
        }
    }
    out
}

fn diff_of(text: &str) -> review::Diff {
    diff_in(None, text)
}

fn diff_in(env: Option<&str>, text: &str) -> review::Diff {
    review::diff(&files(SHOP, env), &files(text, env)).unwrap()
}

fn change<'d>(diff: &'d review::Diff, id: &str) -> &'d review::Change {
    diff.change(id)
        .unwrap_or_else(|| panic!("no change of {id}:\n{}", review::render::text(diff)))
}

/// The diff of one listed change in all three formats.
fn snapshot_formats(name: &str, diff: &review::Diff) {
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            format!("review__update__{name}.txt"),
            review::render::text(diff)
        );
        insta::assert_snapshot!(
            format!("review__update__{name}.json"),
            review::render::json(diff)
        );
        insta::assert_snapshot!(
            format!("review__update__{name}.md"),
            review::render::markdown(diff)
        );
    });
}

#[test]
fn identical_outputs_have_no_changes() {
    assert!(diff_of(SHOP).is_empty());
}

#[test]
fn a_port_change_keeps_the_target_group() {
    let diff = diff_of(&edited("port = 9000", "port = 9001"));
    // The target group's port is a constant (ECS registers each task with its container port):
    // it stays, and the service rolls out new tasks registered on the new port.
    assert!(
        !diff
            .changes
            .iter()
            .any(|c| c.id == "template/AuthTargetGroup")
    );
    let ecs = diff
        .changes
        .iter()
        .find(|c| c.id == "template/AuthService")
        .unwrap();
    assert_eq!(
        (ecs.change, ecs.effect),
        (ChangeKind::Changed, Effect::Rollout)
    );
    assert!(!ecs.has(HazardKind::Downtime), "{ecs:#?}");
    let port = ecs
        .properties
        .iter()
        .find(|p| p.path == "Properties.LoadBalancers[0].ContainerPort")
        .unwrap();
    assert_eq!(
        (port.old.as_deref(), port.new.as_deref()),
        (Some("9000"), Some("9001"))
    );
    // The task definition gets a new revision; the Kubernetes Service port changes in place.
    let task = diff
        .changes
        .iter()
        .find(|c| c.id == "template/AuthTaskDefinition")
        .unwrap();
    assert_eq!(task.effect, Effect::NewRevision);
    let service = diff
        .changes
        .iter()
        .find(|c| c.id == "Service/shop/auth")
        .unwrap();
    assert_eq!(service.effect, Effect::InPlace);
    // The target group stays (its `Port` is constant), so the rule keeps forwarding to the
    // tasks that are there: no downtime anywhere.
    assert!(
        diff.changes.iter().all(|c| !c.has(HazardKind::Downtime)),
        "{diff:#?}"
    );
    assert!(
        !diff
            .changes
            .iter()
            .any(|c| c.id == "template/AuthListenerRule")
    );
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!("review__diff__auth_port.txt", review::render::text(&diff));
        insta::assert_snapshot!("review__diff__auth_port.json", review::render::json(&diff));
        insta::assert_snapshot!(
            "review__diff__auth_port.md",
            review::render::markdown(&diff)
        );
    });
}

#[test]
fn a_new_service_only_adds() {
    let text = format!(
        "{SHOP}\n[services.search]\nimage = \"public.ecr.aws/acme/search:1.0.0\"\nport = 8090\nroute = \"/search\"\n"
    );
    let text = text.replacen(
        "[kubernetes]",
        "[services.search.health]\npath = \"/healthz\"\n\n[kubernetes]",
        0,
    );
    let diff = diff_of(&text);
    assert!(!diff.is_empty());
    for change in &diff.changes {
        // On Kubernetes the one shared Ingress gains a path and the kustomization lists one more
        // file; nothing else that exists changes, and on CloudFormation nothing at all.
        let shared = change.target == Target::Kubernetes
            && ["Ingress", "Kustomization"].contains(&change.kind.as_str());
        assert!(change.change == ChangeKind::Added || shared, "{change:#?}");
    }
    assert!(
        diff.changes
            .iter()
            .any(|c| c.target == Target::Cloudformation && c.id.ends_with("/SearchListenerRule"))
    );
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            "review__diff__new_service.md",
            review::render::markdown(&diff)
        )
    });
}

#[test]
fn removed_secret_route_change_and_autoscale_max() {
    let text = edited(
        "\nsecrets = { DB_PASSWORD = \"arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf:password::\" }",
        "",
    );
    let text = text.replacen("max = 10", "max = 12", 1).replacen(
        "route = \"/api\"",
        "route = \"/api/v1\"",
        1,
    );
    let diff = diff_of(&text);
    let scalable = diff
        .changes
        .iter()
        .find(|c| c.id.ends_with("/AuthScalableTarget"))
        .unwrap();
    assert_eq!(scalable.effect, Effect::InPlace);
    assert!(
        scalable
            .properties
            .iter()
            .any(|p| p.path == "Properties.MaxCapacity")
    );
    let hpa = diff
        .changes
        .iter()
        .find(|c| c.id == "HorizontalPodAutoscaler/shop/auth")
        .unwrap();
    assert!(
        hpa.properties
            .iter()
            .any(|p| p.path == "spec.maxReplicas" && p.new.as_deref() == Some("12"))
    );
    assert!(
        diff.changes
            .iter()
            .any(|c| c.id == "ExternalSecret/shop/api-secrets" && c.change == ChangeKind::Removed)
    );
    let rule = diff
        .changes
        .iter()
        .find(|c| c.id.ends_with("/ApiListenerRule"))
        .unwrap();
    assert!(
        rule.properties
            .iter()
            .any(|p| p.path.starts_with("Properties.Conditions"))
    );
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            "review__diff__secret_route_autoscale.txt",
            review::render::text(&diff)
        )
    });
}

#[test]
fn committed_summary_is_fresh_and_its_diagram_is_well_formed() {
    let checked = twinform::check_source("twinform.toml", SHOP, Some("prod"));
    let model = checked.model.as_ref().unwrap();
    let files = files(SHOP, Some("prod"));
    let warnings: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .cloned()
        .collect();
    let summary = review::summary(&review::SummaryInput {
        model,
        env: Some("prod"),
        files: &files,
        warnings: &warnings,
        diff_markdown: None,
    });
    let path = "examples/shop/SUMMARY.md";
    if std::env::var_os("TWINFORM_UPDATE_SUMMARY").is_some() {
        std::fs::write(path, &summary).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(
        committed, summary,
        "{path} is stale: rerun with TWINFORM_UPDATE_SUMMARY=1"
    );

    let mermaid = assert_mermaid_shape(&summary);
    for service in ["frontend", "auth", "api"] {
        assert!(mermaid.contains(&format!("[\"{service}\"]")));
    }
    assert_eq!(mermaid.matches("alb -->").count(), 3);
}

/// The Mermaid block: a flowchart whose node ids are positional, edges only between declared
/// nodes. Returns the block.
fn assert_mermaid_shape(summary: &str) -> &str {
    let mermaid = summary
        .split("```mermaid\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .unwrap();
    let mut lines = mermaid.lines().map(str::trim).filter(|l| !l.is_empty());
    assert_eq!(lines.next(), Some("flowchart LR"));
    let mut declared = std::collections::BTreeSet::new();
    for line in lines {
        match line.split_once("-->") {
            None => {
                // A node: `id["label"]` or `id(("label"))`, with a safe id.
                let id: String = line
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(!id.is_empty() && line[id.len()..].contains('"'), "{line}");
                assert!(declared.insert(id), "node declared twice: {line}");
            }
            Some((from, to)) => {
                let to = to.trim().rsplit(' ').next().unwrap();
                for end in [from.trim(), to] {
                    assert!(
                        declared.contains(end),
                        "edge to an undeclared node {end}: {line}"
                    );
                }
            }
        }
    }
    mermaid
}

/// Past 100 routes over several hosts, the diagram shows every load balancer, each routed
/// service reached from exactly one of them.
#[test]
fn summary_shows_every_load_balancer() {
    let spec = twinform::synthetic::spec_over_hosts(600, 6);
    let text = twinform::builder::to_toml(&spec);
    let checked = twinform::check_source("bench.toml", &text, None);
    let model = checked.model.as_ref().unwrap();
    let balancers = model.ingress.load_balancers.len();
    assert!(balancers >= 2, "{balancers}");
    let files = twinform::output::render(
        model,
        Default::default(),
        Default::default(),
        None,
        &Default::default(),
    );
    let summary = review::summary(&review::SummaryInput {
        model,
        env: None,
        files: &files,
        warnings: &[],
        diff_markdown: None,
    });
    let mermaid = assert_mermaid_shape(&summary);
    let nodes = mermaid
        .lines()
        .filter(|l| l.trim().starts_with("alb") && !l.contains("-->"))
        .count();
    assert_eq!(nodes, balancers);
    let routed = model
        .services
        .iter()
        .filter(|s| s.route().is_some())
        .count();
    let edges = mermaid
        .lines()
        .filter(|l| l.trim().starts_with("alb") && l.contains("-->"))
        .count();
    assert_eq!(edges, routed);
    assert_eq!(routed, 150);
}

// Issue 13's listed changes, each with what the diff must say, snapshot in text, JSON and
// Markdown.

/// `ingress.public` replaces the load balancer (`Scheme` is create-only), and through `Ref` its
/// listeners and rules; both targets get a new DNS name.
#[test]
fn ingress_public_replaces_the_load_balancer_and_changes_dns() {
    let diff = diff_of(&edited(
        "[ingress]\npublic = true",
        "[ingress]\npublic = false",
    ));
    let lb = change(&diff, "template/ShopLoadBalancer");
    assert_eq!(lb.effect, Effect::Replace);
    assert!(lb.has(HazardKind::DnsChange));
    for id in ["template/ShopHttpListener", "template/ApiListenerRule"] {
        assert_eq!(change(&diff, id).effect, Effect::Replace, "{id}");
    }
    assert!(change(&diff, "Ingress/shop/shop").has(HazardKind::DnsChange));
    // The target groups are replaced with the load balancer (a target group serves one load
    // balancer), so the new rules never forward to a group the old load balancer still holds.
    assert!(!change(&diff, "template/ApiListenerRule").has(HazardKind::Fails));
    assert_eq!(
        change(&diff, "template/ApiInternalTargetGroup").effect,
        Effect::Add
    );
    snapshot_formats("ingress_public", &diff);
}

/// `ecs.cluster` replaces every ECS service (`Cluster` is create-only) — with Service Connect
/// that fails — and, through `ScalingTargetId`, the scaling policy.
#[test]
fn moving_to_an_existing_cluster_fails_and_names_the_migration() {
    let diff = diff_of(&format!("{SHOP}\n[ecs]\ncluster = \"shared\"\n"));
    for service in ["Api", "Auth", "Frontend"] {
        let c = change(&diff, &format!("template/{service}Service"));
        assert_eq!(c.effect, Effect::Replace);
        assert!(c.has(HazardKind::Fails), "{c:#?}");
    }
    let policy = change(&diff, "template/AuthCpuScalingPolicy");
    assert_eq!(policy.effect, Effect::Replace);
    assert_eq!(
        policy.properties[0].cause.as_deref(),
        Some("template/AuthScalableTarget")
    );
    assert_eq!(diff.migrations, [Migration::EcsCluster]);
    snapshot_formats("ecs_cluster", &diff);
}

/// Removing `route` must set `LoadBalancers: []`; a dropped property keeps the old attachment.
#[test]
fn route_removal_is_explicit() {
    let diff = diff_of(&edited("route = \"/api\"\n", ""));
    let service = change(&diff, "template/ApiService");
    assert!(!service.has(HazardKind::Fails), "{service:#?}");
    let attachment = service
        .properties
        .iter()
        .find(|p| p.path == "Properties.LoadBalancers[0]")
        .expect("the attachment is removed explicitly (`LoadBalancers: []`)");
    assert_eq!(attachment.new, None, "{attachment:#?}");
    snapshot_formats("route_removed", &diff);
}

/// EKS: `replicas` → `autoscale` drops `spec.replicas`; `kubectl apply` resets it to 1.
#[test]
fn replicas_to_autoscale_is_downtime_on_eks_with_its_hand_over() {
    let text = with_spec(|spec| {
        for services in services_everywhere(spec) {
            if let Some(api) = services.get_mut("api").and_then(|a| a.as_table_mut()) {
                api.remove("replicas");
            }
        }
        spec["services"]["api"].as_table_mut().unwrap().insert(
            "autoscale".into(),
            toml::toml! { min = 2 max = 6 cpu = 60 }.into(),
        );
    });
    let diff = diff_in(Some("prod"), &text);
    assert!(change(&diff, "Deployment/shop/api").has(HazardKind::Downtime));
    assert_eq!(diff.migrations, [Migration::ReplicasToAutoscale]);
    // On ECS the service keeps its tasks: the scalable target takes over `DesiredCount`.
    assert!(!change(&diff, "template/ApiService").has(HazardKind::Downtime));
    snapshot_formats("replicas_to_autoscale", &diff);
}

/// `app.tags` are pod labels on EKS: a tag change restarts every pod there, while ECS updates
/// tags in place.
#[test]
fn a_tag_change_rolls_out_every_pod_on_eks_only() {
    let diff = diff_of(&edited("team = \"web\"", "team = \"storefront\""));
    for service in ["api", "auth", "frontend"] {
        assert_eq!(
            change(&diff, &format!("Deployment/shop/{service}")).effect,
            Effect::Rollout
        );
    }
    for c in diff
        .changes
        .iter()
        .filter(|c| c.target == Target::Cloudformation)
    {
        assert_eq!(c.effect, Effect::InPlace, "{c:#?}");
    }
    snapshot_formats("tags", &diff);
}

/// A removed service: CloudFormation deletes it but keeps its log group (`Retain`);
/// `kubectl apply -k` deletes nothing.
#[test]
fn removing_a_service_leaves_deletions_to_the_user() {
    let text = with_spec(|spec| {
        for services in services_everywhere(spec) {
            services.remove("frontend");
        }
    });
    let diff = diff_of(&text);
    assert!(change(&diff, "template/FrontendLogGroup").has(HazardKind::LeftToUser));
    assert!(change(&diff, "Deployment/shop/frontend").has(HazardKind::LeftToUser));
    assert_eq!(diff.with_hazard(HazardKind::Fails).count(), 0);
    snapshot_formats("remove_service", &diff);
}

/// `nat` none → single moves the services into private subnets whose NAT route is created in the
/// same update.
#[test]
fn nat_none_to_single_waits_for_the_route() {
    let text = edited(
        "network = { nat = \"none\" }",
        "network = { nat = \"single\" }",
    );
    let diff = diff_in(Some("dev"), &text);
    let api = change(&diff, "template/ApiService");
    assert_eq!(api.effect, Effect::Rollout);
    // The service waits for the private subnets' NAT routes before it starts tasks there.
    assert!(!api.has(HazardKind::Downtime), "{api:#?}");
    assert!(
        api.properties
            .iter()
            .any(|p| p.path == "DependsOn[+]"
                && p.new.as_deref() == Some("ShopPrivateDefaultRoute1")),
        "{api:#?}"
    );
    snapshot_formats("nat_none_to_single", &diff);
}

/// http → grpc replaces the target group (`ProtocolVersion` is create-only); on EKS the port
/// keeps its name.
#[test]
fn protocol_change_on_both_targets() {
    let text = edited(
        "route = \"/auth\"\n",
        "route = \"/auth\"\nprotocol = \"grpc\"\n",
    );
    let diff = diff_in(Some("prod"), &text);
    assert_eq!(
        change(&diff, "template/AuthTargetGroup").effect,
        Effect::Replace
    );
    // Ports are named by family (`http` for HTTP and gRPC): the Service keeps its target port,
    // the pods stay endpoints while the rollout runs, and only `appProtocol` changes.
    // https://kubernetes.io/docs/concepts/services-networking/service/#application-protocol
    let service = change(&diff, "Service/shop/auth");
    assert!(!service.has(HazardKind::Downtime), "{service:#?}");
    assert!(
        service
            .properties
            .iter()
            .all(|p| !p.path.starts_with("spec.ports") || p.path.ends_with("appProtocol")),
        "{service:#?}"
    );
    snapshot_formats("protocol_grpc", &diff);
}

/// Adding one service to a ~40-service app splits one template into a root and children: every
/// service moves, and the moved rules and services claim priorities and discovery names the
/// old copies hold until the cleanup phase.
#[test]
fn crossing_the_nested_threshold_fails_and_names_the_migration() {
    let single = twinform::synthetic::spec_text(40);
    let nested = twinform::synthetic::spec_text(41);
    let (old, new) = (files(&single, None), files(&nested, None));
    assert_eq!(
        old.keys()
            .filter(|p| p.starts_with("cloudformation/"))
            .count(),
        1
    );
    assert!(
        new.keys()
            .filter(|p| p.starts_with("cloudformation/"))
            .count()
            > 2
    );
    let diff = review::diff(&old, &new).unwrap();
    let moved_rule = diff
        .changes
        .iter()
        .find(|c| c.id.ends_with("/Svc0000ListenerRule") && c.change == ChangeKind::Added)
        .unwrap();
    assert!(moved_rule.has(HazardKind::Fails), "{moved_rule:#?}");
    let moved_service = diff
        .changes
        .iter()
        .find(|c| c.id.ends_with("/Svc0000Service") && c.change == ChangeKind::Added)
        .unwrap();
    assert!(moved_service.has(HazardKind::Fails));
    assert_eq!(diff.migrations, [Migration::StackLayout]);
    let text = review::render::text(&diff);
    assert!(text.lines().next().unwrap().contains("FAIL"), "{text}");
}
