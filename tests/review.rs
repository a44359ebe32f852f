//! `twinform diff` on realistic changes to the shop, and the committed review summary.

mod common;

use twinform::review::{self, ChangeKind, Effect, Target};
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

fn diff_of(text: &str) -> review::Diff {
    review::diff(&files(SHOP, None), &files(text, None)).unwrap()
}

#[test]
fn identical_outputs_have_no_changes() {
    assert!(diff_of(SHOP).is_empty());
}

#[test]
fn a_port_change_replaces_the_target_group() {
    let diff = diff_of(&edited("port = 9000", "port = 9001"));
    let tg = diff
        .changes
        .iter()
        .find(|c| c.id == "template/AuthTargetGroup")
        .unwrap();
    assert_eq!(
        (tg.change, tg.effect),
        (ChangeKind::Changed, Effect::Replace)
    );
    let port = tg
        .properties
        .iter()
        .find(|p| p.path == "Properties.Port")
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
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!("review__diff__auth_port.txt", review::render::text(&diff));
        insta::assert_snapshot!("review__diff__auth_port.json", review::render::json(&diff));
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
    let routed = model.services.iter().filter(|s| s.route.is_some()).count();
    let edges = mermaid
        .lines()
        .filter(|l| l.trim().starts_with("alb") && l.contains("-->"))
        .count();
    assert_eq!(edges, routed);
    assert_eq!(routed, 150);
}
