//! Input generators for the robustness properties: hostile text and values, spec-shaped
//! documents that reach the rules, mostly valid specs that lower to a model, and edits of the
//! shop example.

use crate::SHOP;
use proptest::prelude::*;

pub fn env() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("prod".to_owned())),
        Just(Some("dev".to_owned())),
        "[a-z]{0,4}".prop_map(Some)
    ]
}

/// Keys of the spec (so documents get past the unknown-key check and reach the rules), plus a
/// few that are not.
pub fn key() -> impl Strategy<Value = String> {
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
        "tag",
        "digest",
        "sidecars",
        "essential",
        "ephemeral_storage_gib",
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

pub fn scalar() -> impl Strategy<Value = toml::Value> {
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

pub fn value() -> impl Strategy<Value = toml::Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(toml::Value::Array),
            proptest::collection::btree_map(key(), inner, 0..6)
                .prop_map(|m| toml::Value::Table(m.into_iter().collect())),
        ]
    })
}

/// A document shaped like a spec: `[app]`, some services, maybe overlays, with arbitrary values.
pub fn document() -> impl Strategy<Value = String> {
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

pub fn int() -> impl Strategy<Value = toml::Value> {
    prop_oneof![
        4 => proptest::sample::select(&[0i64, 1, 2, 3, 5, 10, 60, 100, 101, 256, 300, 512, 1024, 2048, 4096, 8080, 65535, 65536, -1][..]),
        1 => any::<i64>(),
    ]
    .prop_map(toml::Value::Integer)
}

pub const STRINGS: &[&str] = &[
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

pub fn string() -> impl Strategy<Value = toml::Value> {
    prop_oneof![
        4 => proptest::sample::select(STRINGS).prop_map(|s| toml::Value::String(s.to_owned())),
        1 => "\\PC{0,12}".prop_map(toml::Value::String),
    ]
}

/// A value of the type `key` expects most of the time, anything now and then.
pub fn typed(key: &'static str) -> BoxedStrategy<toml::Value> {
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
        "port"
        | "cpu"
        | "memory"
        | "replicas"
        | "azs"
        | "log_retention_days"
        | "ephemeral_storage_gib" => int().boxed(),
        "digest" => prop_oneof![
            "sha256:[0-9a-f]{64}".prop_map(toml::Value::String),
            string()
        ]
        .boxed(),
        "sidecars" => proptest::collection::vec(
            (
                proptest::sample::select(&["otel", "api", "logs", "Bad_Name", ""][..]),
                proptest::sample::select(
                    &["public.ecr.aws/acme/agent:1.0", "agent", "Agent:x", ""][..],
                ),
                int(),
                int(),
                any::<bool>(),
            )
                .prop_map(|(name, image, cpu, memory, essential)| {
                    let mut t = toml::Table::new();
                    t.insert("name".into(), toml::Value::String(name.into()));
                    t.insert("image".into(), toml::Value::String(image.into()));
                    t.insert("cpu".into(), cpu);
                    t.insert("memory".into(), memory);
                    t.insert("essential".into(), toml::Value::Boolean(essential));
                    toml::Value::Table(t)
                }),
            0..3,
        )
        .prop_map(toml::Value::Array)
        .boxed(),
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
        .prop_flat_map(move |health| {
            // Sometimes a worker's command instead of (or beside) the path.
            (Just(health), proptest::option::of(names())).prop_map(|(mut health, command)| {
                if let (toml::Value::Table(t), Some(command)) = (&mut health, command) {
                    t.insert("command".into(), command);
                }
                health
            })
        })
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

pub fn section(keys: &'static [&'static str]) -> impl Strategy<Value = toml::Table> {
    proptest::collection::vec(proptest::sample::select(keys), 0..keys.len() + 1)
        .prop_flat_map(|chosen| {
            chosen
                .into_iter()
                .map(|k| typed(k).prop_map(move |v| (k.to_owned(), v)))
                .collect::<Vec<_>>()
        })
        .prop_map(|pairs| pairs.into_iter().collect())
}

pub const SERVICE_KEYS: &[&str] = &[
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
    "tag",
    "digest",
    "sidecars",
    "ephemeral_storage_gib",
];

/// A document with the spec's shape and mostly well-typed values, so it gets past loading and
/// reaches the rules.
pub fn spec_document() -> impl Strategy<Value = String> {
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
pub fn good_service(names: &'static [&'static str]) -> impl Strategy<Value = toml::Table> {
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
pub fn good_document() -> impl Strategy<Value = String> {
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
pub fn edited_shop() -> impl Strategy<Value = String> {
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
