//! The model says what each service is (`Role`): a server with its port, protocol, optional
//! route and probe, or a worker with its health command; calls, callers, creation order and
//! rule order are indices that resolve to the services the spec names.

use twinform::model::{Backend, Model, Probe, Protocol, Role, Server, Service};

const SPEC: &str = r#"
[app]
name = "roles"

[ingress]
certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"

[services.web]
image = "public.ecr.aws/acme/web:1.0.0"
port = 8080
route = "/"
calls = ["api", "db"]

[services.api]
image = "public.ecr.aws/acme/api:1.0.0"
port = 9000
route = "/api"
health = { command = ["/app/healthcheck"] }

[services.rpc]
image = "public.ecr.aws/acme/rpc:1.0.0"
port = 50051
protocol = "grpc"
route = "/rpc.v1"
health = { path = "/rpc.v1.Health/Check" }
calls = ["db"]

[services.db]
image = "public.ecr.aws/acme/db:1.0.0"
port = 5432
protocol = "tcp"
health = { command = ["pg_isready"] }

[services.jobs]
image = "public.ecr.aws/acme/jobs:1.0.0"
health = { command = ["/app/alive", "--quick"] }
calls = ["api", "web"]
"#;

fn model() -> Model {
    let checked = twinform::check_source("roles.toml", SPEC, None);
    checked.model.expect("the spec is valid")
}

fn service<'m>(model: &'m Model, name: &str) -> &'m Service {
    model
        .services
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no service {name}"))
}

fn server<'m>(model: &'m Model, name: &str) -> &'m Server {
    match &service(model, name).role {
        Role::Server(server) => server,
        Role::Worker(_) => panic!("{name} is a worker"),
        Role::Job => panic!("{name} is a job"),
    }
}

#[test]
fn a_port_makes_a_server_probed_by_its_protocol_or_its_command() {
    let model = model();
    let web = server(&model, "web");
    assert_eq!((web.port, web.port_name.as_str()), (8080, "http"));
    assert_eq!(
        web.probe,
        Probe::Http {
            path: "/healthz".to_owned()
        }
    );
    let rpc = server(&model, "rpc");
    assert_eq!(
        (rpc.protocol, rpc.port_name.as_str()),
        (Protocol::Grpc, "http")
    );
    // The kubelet's gRPC probe has no method to name; the ALB checks the one given.
    assert_eq!(rpc.probe, Probe::Grpc);
    let db = server(&model, "db");
    assert_eq!((db.port_name.as_str(), db.route.as_ref()), ("tcp", None));
    assert_eq!(db.probe, Probe::Command(vec!["pg_isready".to_owned()]));
    assert_eq!(
        server(&model, "api").probe,
        Probe::Command(vec!["/app/healthcheck".to_owned()])
    );
}

#[test]
fn a_route_carries_its_target_group_check() {
    let model = model();
    let web = server(&model, "web").route.as_ref().expect("routed");
    assert_eq!(
        (web.backend, web.health_path.as_str()),
        (Backend::Http, "/healthz")
    );
    assert_eq!(web.backend.success_codes(), "200-399");
    assert_eq!(web.backend.protocol_version(), None);
    let rpc = server(&model, "rpc").route.as_ref().expect("routed");
    assert_eq!(rpc.health_path, "/rpc.v1.Health/Check");
    assert_eq!(
        (rpc.backend.success_codes(), rpc.backend.protocol_version()),
        ("0", Some("GRPC"))
    );
    // Checked by a command in the container, but the ALB still checks a path over the port.
    let api = server(&model, "api").route.as_ref().expect("routed");
    assert_eq!(api.health_path, "/healthz");
}

#[test]
fn no_port_makes_a_worker_with_its_health_command() {
    let model = model();
    let jobs = service(&model, "jobs");
    assert!(jobs.is_worker());
    assert_eq!(jobs.server(), None);
    assert_eq!(jobs.route(), None);
    assert_eq!(jobs.url(), None);
    assert_eq!(
        jobs.health_command(),
        Some(&["/app/alive".to_owned(), "--quick".to_owned()][..])
    );
    assert_eq!(service(&model, "web").health_command(), None);
    assert_eq!(
        service(&model, "web").url().as_deref(),
        Some("http://web:8080")
    );
}

#[test]
fn calls_and_callers_are_indices_of_the_named_services() {
    let model = model();
    let names = |name: &str| {
        let s = service(&model, name);
        (
            model.names(&s.calls),
            s.server()
                .map(|s| model.names(&s.callers))
                .unwrap_or_default(),
            model.names(&s.start_after),
        )
    };
    assert_eq!(
        names("web"),
        (vec!["api", "db"], vec!["jobs"], vec!["api", "db"])
    );
    assert_eq!(names("api"), (vec![], vec!["jobs", "web"], vec![]));
    assert_eq!(names("db"), (vec![], vec!["rpc", "web"], vec![]));
    assert_eq!(
        names("jobs"),
        (vec!["api", "web"], vec![], vec!["api", "web"])
    );
    for s in &model.services {
        for &callee in &s.calls {
            assert!(
                !model.service(callee).is_worker(),
                "{} calls a worker",
                s.name
            );
        }
    }
}

/// The examples' models, and a generated one of 300 services (75 routes): the next-rule
/// links need a run of adjacent priorities.
fn models_with_routes() -> Vec<(String, Model)> {
    let mut models = Vec::new();
    for name in ["shop", "marketplace", "estate", "platform"] {
        let path = format!("examples/{name}/twinform.toml");
        let text = std::fs::read_to_string(&path).expect("example");
        let checked = twinform::check_source(&path, &text, None);
        models.push((name.to_owned(), checked.model.expect("valid")));
    }
    let text = twinform::synthetic::spec_text(300);
    let checked = twinform::check_source("generated.toml", &text, None);
    models.push(("generated".to_owned(), checked.model.expect("valid")));
    models
}

#[test]
fn a_rule_waits_for_the_service_holding_the_next_priority() {
    let mut links = 0;
    for (label, model) in models_with_routes() {
        for s in &model.services {
            let Some(route) = s.route() else { continue };
            let Some(next) = route.next else { continue };
            links += 1;
            // The next rule is a routed service on the same listener, one priority up.
            let next = model.service(next);
            let there = next.route().expect("the next rule is a route");
            assert_eq!(
                (there.priority, there.load_balancer),
                (route.priority + 1, route.load_balancer),
                "{label}: {} → {}",
                s.name,
                next.name
            );
        }
    }
    assert!(links > 0, "no run of rules: the test checks nothing");
}
