//! Arbitrary input never panics `check` (or lowering, or the renderers), and what comes out is
//! consistent: spans lie inside the text on character boundaries, and a model exists exactly
//! when there is no error. Three generators: arbitrary text, arbitrary TOML documents built
//! from spec-like keys and hostile values, and random edits of the shop example.

use proptest::prelude::*;
use twinform::diag::render::{json_lines, plain};
use twinform::diag::{Diagnostic, Source};

const SHOP: &str = include_str!("../examples/shop/twinform.toml");

fn run(text: &str, env: Option<&str>) {
    let checked = twinform::check_source("t.toml", text, env);
    let has_errors = checked.diagnostics.iter().any(Diagnostic::is_error);
    assert_eq!(
        checked.model.is_some(),
        !has_errors,
        "{:#?}",
        checked.diagnostics
    );
    for d in &checked.diagnostics {
        for label in d.primary.iter().chain(&d.secondary) {
            let span = &label.span;
            assert!(span.start <= span.end && span.end <= text.len(), "{d:?}");
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{d:?}"
            );
        }
    }
    if let Some(model) = &checked.model {
        model_is_sane(model);
    }
    let source = Source {
        name: "t.toml",
        text,
    };
    let human = plain(&checked.diagnostics, source);
    assert_eq!(human.is_empty(), checked.diagnostics.is_empty());
    assert_eq!(
        json_lines(&checked.diagnostics, source).lines().count(),
        checked.diagnostics.len()
    );
}

/// A spec that passed `check` never reaches one of `lower`'s unreachable fallbacks (a zero
/// port, an invalid size, a zero count): `check` is what makes them unreachable.
fn model_is_sane(model: &twinform::model::Model) {
    use twinform::model::Scaling;
    assert!(!model.app.name.is_empty());
    for s in &model.services {
        assert!(s.port >= 1, "{s:?}");
        assert!(
            twinform::fargate::is_valid(s.cpu.into(), s.memory.into()),
            "{s:?}"
        );
        match &s.scaling {
            Scaling::Fixed(n) => assert!((1..=1000).contains(n), "{s:?}"),
            Scaling::Auto(a) => {
                assert!(1 <= a.min && a.min <= a.max && a.max <= 1000, "{s:?}");
                assert!(
                    a.cpu_percent.is_some()
                        || a.memory_percent.is_some()
                        || a.requests_per_target.is_some()
                );
            }
        }
        let h = &s.health;
        assert!(
            h.path.starts_with('/') && h.timeout < h.interval && (2..=10).contains(&h.healthy),
            "{s:?}"
        );
        assert!(
            s.calls
                .iter()
                .all(|c| model.services.iter().any(|o| &o.name == c) && c != &s.name),
            "{s:?}"
        );
    }
}

fn env() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("prod".to_owned())),
        Just(Some("dev".to_owned())),
        "[a-z]{0,4}".prop_map(Some)
    ]
}

/// Keys of the spec (so documents get past the unknown-key check and reach the rules), plus a
/// few that are not.
fn key() -> impl Strategy<Value = String> {
    const KEYS: &[&str] = &[
        "app",
        "name",
        "region",
        "log_retention_days",
        "tags",
        "network",
        "cidr",
        "azs",
        "nat",
        "vpc_id",
        "public_subnets",
        "private_subnets",
        "ingress",
        "public",
        "certificate_arn",
        "domain",
        "services",
        "image",
        "port",
        "protocol",
        "cpu",
        "memory",
        "replicas",
        "route",
        "health",
        "path",
        "interval",
        "timeout",
        "healthy",
        "unhealthy",
        "grace",
        "env",
        "secrets",
        "calls",
        "command",
        "spot",
        "autoscale",
        "min",
        "max",
        "requests_per_target",
        "kubernetes",
        "namespace",
        "secret_store",
        "parameter_store",
        "vpc_cidr",
        "cluster",
        "environments",
        "prod",
        "dev",
        "api",
        "auth",
        "web",
        "a-b",
        "Auth",
        "",
        "é",
        "a.b",
        "aws:x",
    ];
    prop_oneof![4 => proptest::sample::select(KEYS).prop_map(str::to_owned), 1 => "\\PC{0,8}"]
}

fn scalar() -> impl Strategy<Value = toml::Value> {
    prop_oneof![
        string(),
        any::<i64>().prop_map(toml::Value::Integer),
        prop_oneof![
            Just(0i64),
            Just(1),
            Just(2),
            Just(256),
            Just(512),
            Just(1024),
            Just(-1),
            Just(65536),
            Just(i64::MIN),
            Just(i64::MAX)
        ]
        .prop_map(toml::Value::Integer),
        any::<bool>().prop_map(toml::Value::Boolean),
        any::<f64>().prop_map(toml::Value::Float),
    ]
}

fn value() -> impl Strategy<Value = toml::Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(toml::Value::Array),
            proptest::collection::btree_map(key(), inner, 0..6)
                .prop_map(|m| toml::Value::Table(m.into_iter().collect())),
        ]
    })
}

/// A document shaped like a spec: `[app]`, some services, maybe overlays, with arbitrary values.
fn document() -> impl Strategy<Value = String> {
    let table = || proptest::collection::btree_map(key(), value(), 0..6);
    (
        table(),
        proptest::collection::btree_map(key(), table(), 0..4),
        table(),
        proptest::option::of(table()),
    )
        .prop_map(|(app, services, rest, prod)| {
            let mut root = toml::Table::new();
            root.insert("app".into(), toml::Value::Table(app.into_iter().collect()));
            let services: toml::Table = services
                .into_iter()
                .map(|(k, v)| (k, toml::Value::Table(v.into_iter().collect())))
                .collect();
            root.insert("services".into(), toml::Value::Table(services.clone()));
            for (k, v) in rest {
                root.entry(k).or_insert(v);
            }
            if let Some(prod) = prod {
                let mut overlay: toml::Table = prod.into_iter().collect();
                overlay.insert("services".into(), toml::Value::Table(services));
                let mut environments = toml::Table::new();
                environments.insert("prod".into(), toml::Value::Table(overlay));
                root.insert("environments".into(), toml::Value::Table(environments));
            }
            toml::to_string(&root).unwrap_or_default()
        })
}

fn int() -> impl Strategy<Value = toml::Value> {
    prop_oneof![
        4 => proptest::sample::select(&[0i64, 1, 2, 3, 5, 10, 60, 100, 101, 256, 300, 512, 1024, 2048, 4096, 8080, 65535, 65536, -1][..]),
        1 => any::<i64>(),
    ]
    .prop_map(toml::Value::Integer)
}

const STRINGS: &[&str] = &[
    "shop",
    "/",
    "/api",
    "/api/",
    "api",
    "//",
    "tcp",
    "grpc",
    "http",
    "single",
    "per-az",
    "none",
    "10.0.0.0/16",
    "10.0.0.1/33",
    "us-east-1",
    "cn-north-1",
    "latest",
    "nginx",
    "r/x:1",
    "vpc-0abc1234",
    "subnet-0a1b2c3d",
    "arn:aws:acm:us-east-1:123456789012:certificate/abc",
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf",
    "arn:aws:ssm:us-east-1:123456789012:parameter/x",
    "arn:aws:secretsmanager:us-east-1:1:secret:",
    "shop.example.com",
    "\u{0}",
    "\u{202e}",
    "é",
    "a\nb",
];

fn string() -> impl Strategy<Value = toml::Value> {
    prop_oneof![
        4 => proptest::sample::select(STRINGS).prop_map(|s| toml::Value::String(s.to_owned())),
        1 => "\\PC{0,12}".prop_map(toml::Value::String),
    ]
}

/// A value of the type `key` expects most of the time, anything now and then.
fn typed(key: &'static str) -> BoxedStrategy<toml::Value> {
    let names = || {
        proptest::collection::vec(
            proptest::sample::select(&["api", "auth", "web", "db", "API"][..]),
            0..4,
        )
        .prop_map(|v| {
            toml::Value::Array(
                v.into_iter()
                    .map(|s| toml::Value::String(s.to_owned()))
                    .collect(),
            )
        })
    };
    let table = |keys: &'static [&'static str], value: BoxedStrategy<toml::Value>| {
        proptest::collection::btree_map(
            proptest::sample::select(keys).prop_map(str::to_owned),
            value,
            0..keys.len() + 1,
        )
        .prop_map(|m| toml::Value::Table(m.into_iter().collect()))
    };
    let expected: BoxedStrategy<toml::Value> = match key {
        "port" | "cpu" | "memory" | "replicas" | "azs" | "log_retention_days" => int().boxed(),
        "protocol" => proptest::sample::select(&["http", "grpc", "tcp"][..])
            .prop_map(|s| toml::Value::String(s.into()))
            .boxed(),
        "nat" => proptest::sample::select(&["single", "per-az", "none"][..])
            .prop_map(|s| toml::Value::String(s.into()))
            .boxed(),
        "spot" | "public" => any::<bool>().prop_map(toml::Value::Boolean).boxed(),
        "calls" | "command" | "public_subnets" | "private_subnets" => names().boxed(),
        "health" => table(
            &[
                "path",
                "interval",
                "timeout",
                "healthy",
                "unhealthy",
                "grace",
            ],
            int().boxed(),
        )
        .boxed(),
        "autoscale" => table(
            &["min", "max", "cpu", "memory", "requests_per_target"],
            int().boxed(),
        )
        .boxed(),
        "env" | "secrets" | "tags" => table(
            &["DB_PASSWORD", "LOG_LEVEL", "A-B", "aws:x", "TOKEN"],
            string().boxed(),
        )
        .boxed(),
        _ => string().boxed(),
    };
    prop_oneof![30 => expected, 1 => value()].boxed()
}

fn section(keys: &'static [&'static str]) -> impl Strategy<Value = toml::Table> {
    proptest::collection::vec(proptest::sample::select(keys), 0..keys.len() + 1)
        .prop_flat_map(|chosen| {
            chosen
                .into_iter()
                .map(|k| typed(k).prop_map(move |v| (k.to_owned(), v)))
                .collect::<Vec<_>>()
        })
        .prop_map(|pairs| pairs.into_iter().collect())
}

const SERVICE_KEYS: &[&str] = &[
    "image",
    "port",
    "protocol",
    "cpu",
    "memory",
    "replicas",
    "route",
    "health",
    "env",
    "secrets",
    "calls",
    "command",
    "spot",
    "autoscale",
];

/// A document with the spec's shape and mostly well-typed values, so it gets past loading and
/// reaches the rules.
fn spec_document() -> impl Strategy<Value = String> {
    (
        section(&["name", "region", "log_retention_days", "tags"]),
        section(&[
            "cidr",
            "azs",
            "nat",
            "vpc_id",
            "public_subnets",
            "private_subnets",
        ]),
        section(&["public", "certificate_arn", "domain"]),
        proptest::collection::btree_map(
            proptest::sample::select(&["api", "auth", "web", "db", "Auth", "a-b", "ab"][..]),
            section(SERVICE_KEYS),
            0..5,
        ),
        section(&[
            "namespace",
            "secret_store",
            "parameter_store",
            "vpc_cidr",
            "cluster",
            "private_subnets",
        ]),
        proptest::option::of(proptest::collection::btree_map(
            proptest::sample::select(&["api", "auth", "billing"][..]),
            section(SERVICE_KEYS),
            0..3,
        )),
    )
        .prop_map(|(app, network, ingress, services, kubernetes, prod)| {
            let mut root = toml::Table::new();
            root.insert("app".into(), toml::Value::Table(app));
            root.insert("network".into(), toml::Value::Table(network));
            root.insert("ingress".into(), toml::Value::Table(ingress));
            let services: toml::Table = services
                .into_iter()
                .map(|(k, v)| (k.to_owned(), toml::Value::Table(v)))
                .collect();
            root.insert("services".into(), toml::Value::Table(services));
            root.insert("kubernetes".into(), toml::Value::Table(kubernetes));
            if let Some(prod) = prod {
                let overlay: toml::Table = prod
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), toml::Value::Table(v)))
                    .collect();
                let mut env = toml::Table::new();
                env.insert("services".into(), toml::Value::Table(overlay));
                let mut environments = toml::Table::new();
                environments.insert("prod".into(), toml::Value::Table(env));
                root.insert("environments".into(), toml::Value::Table(environments));
            }
            toml::to_string(&root).unwrap_or_default()
        })
}

/// A mostly valid service: values from small pools of good ones, so that many documents pass
/// `check` and the model they lower to can be inspected.
fn good_service(names: &'static [&'static str]) -> impl Strategy<Value = toml::Table> {
    let sizes = &[
        (256i64, 512i64),
        (512, 1024),
        (1024, 3072),
        (4096, 30720),
        (300, 512),
    ][..];
    (
        proptest::sample::select(&["r/a:1", "public.ecr.aws/acme/x:1.0", "nginx"][..]),
        proptest::sample::select(&[8080i64, 9000, 80][..]),
        proptest::option::of(proptest::sample::select(sizes)),
        proptest::option::of(proptest::sample::select(
            &["/", "/api", "/api/v2", "/auth", "/api/"][..],
        )),
        proptest::option::of(proptest::sample::select(&["http", "grpc"][..])),
        proptest::option::of((
            1i64..4,
            3i64..12,
            proptest::option::weighted(0.9, 1i64..101),
        )),
        proptest::option::of(1i64..4),
        proptest::sample::subsequence(names, 0..3),
        proptest::option::of((5i64..40, 2i64..8)),
    )
        .prop_map(
            |(image, port, size, route, protocol, autoscale, replicas, calls, health)| {
                let mut t = toml::Table::new();
                let int = toml::Value::Integer;
                let string = |s: &str| toml::Value::String(s.to_owned());
                t.insert("image".into(), string(image));
                t.insert("port".into(), int(port));
                if let Some((cpu, memory)) = size {
                    t.insert("cpu".into(), int(cpu));
                    t.insert("memory".into(), int(memory));
                }
                if let Some(route) = route {
                    t.insert("route".into(), string(route));
                }
                if let Some(protocol) = protocol {
                    t.insert("protocol".into(), string(protocol));
                }
                match (autoscale, replicas) {
                    (Some((min, max, cpu)), _) => {
                        let mut a = toml::Table::new();
                        a.insert("min".into(), int(min));
                        a.insert("max".into(), int(max));
                        if let Some(cpu) = cpu {
                            a.insert("cpu".into(), int(cpu));
                        }
                        t.insert("autoscale".into(), toml::Value::Table(a));
                    }
                    (None, Some(n)) => {
                        t.insert("replicas".into(), int(n));
                    }
                    (None, None) => {}
                }
                t.insert(
                    "calls".into(),
                    toml::Value::Array(calls.into_iter().map(string).collect()),
                );
                if let Some((interval, timeout)) = health {
                    let mut h = toml::Table::new();
                    h.insert("interval".into(), int(interval));
                    h.insert("timeout".into(), int(timeout));
                    t.insert("health".into(), toml::Value::Table(h));
                }
                t
            },
        )
}

/// A mostly valid spec with a `prod` overlay that may change a service.
fn good_document() -> impl Strategy<Value = String> {
    const NAMES: &[&str] = &["api", "auth", "web"];
    (
        proptest::collection::btree_map(proptest::sample::select(NAMES), good_service(NAMES), 1..4),
        proptest::option::of(good_service(NAMES)),
        any::<bool>(),
    )
        .prop_map(|(services, prod_api, certificate)| {
            let mut root: toml::Table =
                toml::from_str("[app]\nname = \"shop\"\n").unwrap_or_default();
            if certificate {
                let mut ingress = toml::Table::new();
                ingress.insert(
                    "certificate_arn".into(),
                    toml::Value::String(
                        "arn:aws:acm:us-east-1:123456789012:certificate/abc".into(),
                    ),
                );
                root.insert("ingress".into(), toml::Value::Table(ingress));
            }
            // Calls only to other services that exist, most of the time (a self-call now and
            // then keeps TF014 in play).
            let present: Vec<&str> = services.keys().copied().collect();
            let services: toml::Table = services
                .into_iter()
                .map(|(name, mut service)| {
                    if let Some(toml::Value::Array(calls)) = service.get_mut("calls") {
                        calls.retain(|c| {
                            c.as_str()
                                .is_some_and(|c| present.contains(&c) && (c != name || c == "web"))
                        });
                    }
                    (name.to_owned(), toml::Value::Table(service))
                })
                .collect();
            if let (Some(api), true) = (prod_api, services.contains_key("api")) {
                let overlay: toml::Table = toml::from_str("[services]").unwrap_or_default();
                let mut overlay = overlay;
                let mut inner = toml::Table::new();
                inner.insert("api".into(), toml::Value::Table(api));
                overlay.insert("services".into(), toml::Value::Table(inner));
                let mut environments = toml::Table::new();
                environments.insert("prod".into(), toml::Value::Table(overlay));
                root.insert("environments".into(), toml::Value::Table(environments));
            }
            root.insert("services".into(), toml::Value::Table(services));
            toml::to_string(&root).unwrap_or_default()
        })
}

/// One edit of a text: delete, insert or replace a range.
fn edited_shop() -> impl Strategy<Value = String> {
    proptest::collection::vec((0..SHOP.len(), 0usize..8, "\\PC{0,6}"), 1..6).prop_map(|edits| {
        let mut text = SHOP.to_owned();
        for (at, len, insert) in edits {
            let mut start = at.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(start..end, &insert);
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(text in "\\PC*", env in env()) {
        run(&text, env.as_deref());
    }

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        // The CLI refuses non-UTF-8 files; the library sees text, so feed it the lossy form.
        run(&String::from_utf8_lossy(&bytes), None);
    }

    #[test]
    fn arbitrary_toml(text in document(), env in env()) {
        run(&text, env.as_deref());
    }

    #[test]
    fn spec_shaped_toml(text in spec_document(), env in env()) {
        run(&text, env.as_deref());
    }

    #[test]
    fn mostly_valid_specs(text in good_document(), env in env()) {
        run(&text, env.as_deref());
    }

    #[test]
    fn edited_example(text in edited_shop(), env in env()) {
        run(&text, env.as_deref());
    }
}

#[test]
fn the_shop_example_is_clean_in_every_environment() {
    for env in [None, Some("dev"), Some("prod")] {
        let checked = twinform::check_source("shop.toml", SHOP, env);
        let errors: Vec<&Diagnostic> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(
            errors.is_empty() && checked.model.is_some(),
            "{env:?}: {errors:#?}"
        );
    }
}

/// Found by `arbitrary_toml`: the Fargate help subtracted the request from the suggestion in
/// i64 and overflowed on `cpu = i64::MIN`.
#[test]
fn extreme_numbers_do_not_overflow() {
    for (cpu, memory) in [
        (i64::MIN, i64::MIN),
        (i64::MAX, i64::MAX),
        (i64::MIN, 512),
        (256, i64::MIN),
    ] {
        let text = format!(
            "[app]\nname = \"x\"\n[services.a]\nimage = \"r/a:1\"\nport = 8080\ncpu = {cpu}\nmemory = {memory}\n"
        );
        run(&text, None);
        let checked = twinform::check_source("t.toml", &text, None);
        assert!(
            checked
                .diagnostics
                .iter()
                .any(|d| d.code == twinform::diag::Code::FargateSize),
            "{cpu} {memory}"
        );
    }
}

/// Work stays bounded on adversarial sizes. Thousands of unknown `calls` once took minutes (a
/// did-you-mean each, against every service), and every overlay costs a pass over the whole
/// spec; both are capped, which is asserted here by counting rather than by timing.
#[test]
fn adversarial_sizes_are_bounded() {
    use twinform::check::{MAX_ENVIRONMENT_PASSES, MAX_SUGGESTIONS};
    let mut text = String::from("[app]\nname = \"big\"\n");
    for i in 0..100 {
        text.push_str(&format!(
            "[services.service-number-{i}]\nimage = \"r/s:1\"\nport = 8080\n"
        ));
    }
    text.push_str("[services.x]\nimage = \"r/s:1\"\nport = 8080\ncalls = [");
    for i in 0..100 {
        text.push_str(&format!("\"servise-number-{i}\","));
    }
    text.push_str("]\n");
    // Every overlay breaks the port, so every pass that runs reports once.
    for i in 0..100 {
        text.push_str(&format!("[environments.e{i}.services.x]\nport = 0\n"));
    }
    let checked = twinform::check_source("big.toml", &text, None);
    let unknown: Vec<&Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == twinform::diag::Code::UnknownCall)
        .collect();
    assert_eq!(unknown.len(), 100);
    let suggested = unknown.iter().filter(|d| !d.help.is_empty()).count();
    assert_eq!(suggested, MAX_SUGGESTIONS);
    let passes = checked
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("(in environment `"))
        .count();
    assert!((1..=MAX_ENVIRONMENT_PASSES).contains(&passes), "{passes}");
}
