//! The Rust builder's diagnostics point at the caller's code: each builder call records where it
//! was written, and `check_app`/`synthesize_app` report a problem at the call that wrote the
//! culprit, in every renderer.

use twinform::builder::{App, Autoscale, Environment, FargateSize, Health, Service, Sidecar};
use twinform::diag::{Code, Diagnostic, Source, render};
use twinform::{Checked, Options};

const FILE: &str = file!();

/// The line of this file that holds `needle` (once): where a builder call was written, found
/// in the text rather than counted, so formatting cannot move it.
fn line_of(needle: &str) -> u32 {
    let lines: Vec<usize> = include_str!("builder.rs")
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains(needle) && !line.contains("line_of("))
        .map(|(n, _)| n + 1)
        .collect();
    assert_eq!(lines.len(), 1, "{needle:?} is on lines {lines:?}");
    u32::try_from(lines[0]).expect("a short file")
}

fn diagnostic(checked: &Checked, code: Code) -> &Diagnostic {
    checked
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code}: {:#?}", checked.diagnostics))
}

fn web() -> Service {
    Service::new("web")
        .image("public.ecr.aws/acme/web:1.0.0")
        .port(8080)
        .route("/")
}

#[test]
fn a_bad_value_is_reported_at_the_setter_that_wrote_it() {
    let app = App::new("shop").service(web()).service(
        Service::new("api")
            .image("public.ecr.aws/acme/api:1.0.0")
            .port(0),
    );
    let checked = twinform::check_app(&app, &Options::default());
    let d = diagnostic(&checked, Code::Port);
    let set_by = d.set_by.expect("a builder diagnostic names its call");
    assert_eq!(set_by.method, "Service::port");
    let line = line_of(".port(0)");
    assert_eq!((set_by.file, set_by.line), (FILE, line));

    let source = Source {
        name: &checked.located.name,
        text: &checked.located.text,
    };
    let human = render::plain(std::slice::from_ref(d), source);
    let header = format!("{FILE}:{line}:{}: error[TF008]", set_by.column);
    assert!(human.starts_with(&header), "{human}");
    assert!(human.contains("written by `Service::port`"), "{human}");
    // The snippet still shows the spec text the call became.
    assert!(human.contains("port = 0"), "{human}");

    let github = render::github(std::slice::from_ref(d), source);
    assert!(
        github.starts_with(&format!("::error file={FILE},line={line},col=")),
        "{github}"
    );
    let json: serde_json::Value =
        serde_json::from_str(render::json_lines(std::slice::from_ref(d), source).trim())
            .expect("one JSON line");
    assert_eq!(json["set_by"]["method"], "Service::port");
    assert_eq!(json["set_by"]["line"], line);
}

#[test]
fn a_missing_key_is_reported_at_the_constructor_of_its_table() {
    let api = Service::new("api").port(8081);
    let app = App::new("shop").service(web()).service(api);
    let checked = twinform::check_app(&app, &Options::default());
    let d = diagnostic(&checked, Code::MissingKey);
    let set_by = d.set_by.expect("located at the service's constructor");
    assert_eq!(
        (set_by.method, set_by.line),
        ("Service::new", line_of("Service::new(\"api\").port(8081)"))
    );
}

#[test]
fn nested_tables_and_overlays_keep_their_callers() {
    let api = Service::new("api")
        .image("public.ecr.aws/acme/api:1.0.0")
        .port(8081)
        .health(Health::new().path("/healthz").interval(1))
        .sidecar(Sidecar::new("Otel", "public.ecr.aws/acme/otel:1.0.0"));
    let app = App::new("shop").service(web()).service(api).environment(
        "prod",
        Environment::new().service("web", |s| s.autoscale(Autoscale::new(5, 2).cpu(60))),
    );
    let options = Options {
        env: Some("prod".to_owned()),
        ..Options::default()
    };
    let Err(checked) = twinform::synthesize_app(&app, &options) else {
        panic!("the spec has errors");
    };
    let at = |code| {
        let set_by = diagnostic(&checked, code).set_by.expect("attributed");
        (set_by.method, set_by.line)
    };
    assert_eq!(
        at(Code::HealthBounds),
        ("Health::interval", line_of(".interval(1)"))
    );
    assert_eq!(
        at(Code::SidecarName),
        ("Sidecar::new", line_of("Sidecar::new(\"Otel\""))
    );
    assert_eq!(
        at(Code::AutoscaleRange),
        ("Autoscale::new", line_of("Autoscale::new(5, 2)"))
    );
}

#[test]
fn a_spec_from_a_file_has_no_builder_call() {
    let text = "[app]\nname = \"shop\"\n[services.api]\nimage = \"a/b:1\"\nport = 0\n";
    let checked = twinform::check_source("twinform.toml", text, None);
    assert!(diagnostic(&checked, Code::Port).set_by.is_none());
}

#[test]
fn the_fargate_size_type_refuses_what_fargate_does_not_offer() {
    let refused = FargateSize::new(256, 4096).map(|size| (size.cpu(), size.memory()));
    let Err(refused) = refused else {
        panic!("256 CPU units take at most 2 GiB");
    };
    assert_eq!(
        refused.at_least.map(|size| (size.cpu(), size.memory())),
        Some((512, 4096))
    );
    let sized = App::new("shop").service(web().size(FargateSize::new(1024, 3072).unwrap()));
    let text = sized.to_toml();
    assert!(
        text.contains("cpu = 1024") && text.contains("memory = 3072"),
        "{text}"
    );
}
