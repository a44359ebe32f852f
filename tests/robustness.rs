//! Arbitrary input never panics `check` or the renderers, and what comes out is coherent: a
//! model exactly when there is no error, every span inside the text, one JSON line per
//! diagnostic. Three generators: raw bytes, TOML-ish documents built from the spec's own keys,
//! and random edits of the shop example. A few hundred cases each, so `cargo test` stays fast;
//! `fuzz/` has a cargo-fuzz target for longer runs.

use proptest::prelude::*;
use twinform::diag::{Severity, render};

fn check_coherent(text: &str, env: Option<&str>) -> Result<(), TestCaseError> {
    let checked = twinform::check_source("fuzz.toml", text, env);
    let errors = checked
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    prop_assert_eq!(checked.model.is_some(), !errors);
    for d in &checked.diagnostics {
        for label in d.primary.iter().chain(&d.secondary) {
            prop_assert!(
                label.span.start <= label.span.end && label.span.end <= text.len(),
                "{:?}",
                d
            );
        }
    }
    let human = render::human(&checked.diagnostics, &checked.located, true);
    prop_assert_eq!(human.is_empty(), checked.diagnostics.is_empty());
    let json = render::json_lines(&checked.diagnostics, &checked.located);
    prop_assert_eq!(json.lines().count(), checked.diagnostics.len());
    Ok(())
}

fn env() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        Just(None),
        Just(Some("prod")),
        Just(Some("dev")),
        Just(Some("nope"))
    ]
}

const TABLES: &[&str] = &[
    "app",
    "network",
    "ingress",
    "kubernetes",
    "services.web",
    "services.api",
    "services.Bad_Name",
    "services.auth-v2",
    "services.authv2",
    "services.web.autoscale",
    "services.api.health",
    "services.web.env",
    "services.api.secrets",
    "environments.prod",
    "environments.prod.services.web",
    "environments.prod.services.ghost",
    "environments.dev.app",
    "environments.prod.network",
    "services",
    "environments",
    "app.tags",
];
const KEYS: &[&str] = &[
    "name",
    "region",
    "log_retention_days",
    "tags",
    "cidr",
    "azs",
    "nat",
    "vpc_id",
    "public_subnets",
    "private_subnets",
    "public",
    "certificate_arn",
    "domain",
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
    "min",
    "max",
    "requests_per_target",
    "path",
    "interval",
    "timeout",
    "healthy",
    "unhealthy",
    "grace",
    "namespace",
    "secret_store",
    "parameter_store",
    "vpc_cidr",
    "cluster",
    "services",
    "app",
    "DB_PASSWORD",
    "API_KEY",
    "\"aws:x\"",
    "nmae",
];
const STRINGS: &[&str] = &[
    "",
    "/",
    "/api",
    "/api/",
    "api",
    "web",
    "auth",
    "shop",
    "Shop",
    "single",
    "per-az",
    "none",
    "http",
    "grpc",
    "tcp",
    "us-east-1",
    "eu-west-1",
    "10.0.0.0/16",
    "10.0.1.0/24",
    "vpc-0abc",
    "subnet-0a1",
    "sg-1",
    "acme/api:1.0.0",
    "acme/api:latest",
    "acme/API",
    "shop.example.com",
    "https://x",
    "é",
    "\\u0000",
    "a\\nb",
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf",
    "arn:aws:ssm:us-east-1:123456789012:parameter/x",
    "arn:aws:acm:us-east-1:123456789012:certificate/abc",
    "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
];

fn scalar() -> BoxedStrategy<String> {
    prop_oneof![
        prop::sample::select(vec![
            0i64,
            -1,
            1,
            2,
            3,
            5,
            80,
            256,
            300,
            512,
            1024,
            4096,
            16384,
            65536,
            i64::MAX,
            i64::MIN
        ])
        .prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        prop::sample::select(STRINGS).prop_map(|s| format!("\"{s}\"")),
        any::<bool>().prop_map(|b| b.to_string()),
        Just("1.5".to_owned()),
    ]
    .boxed()
}

fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..4).prop_map(|kv| {
                let entries: Vec<String> =
                    kv.into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", entries.join(", "))
            }),
        ]
    })
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(TABLES).prop_map(|t| format!("[{t}]")),
        (prop::sample::select(KEYS), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        (
            prop::sample::select(TABLES),
            prop::sample::select(KEYS),
            value()
        )
            .prop_map(|(t, k, v)| format!("{t}.{k} = {v}")),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..40).prop_map(|lines| lines.join("\n"))
}

/// What a key's value usually is; one time in twenty it is any scalar instead.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Int,
    Str,
    Bool,
    List,
    Map,
    Word(&'static [&'static str]),
    IntIn(&'static [i64]),
    Names,
}

fn typed(kind: Kind) -> BoxedStrategy<String> {
    let string = || prop::sample::select(STRINGS).prop_map(|s| format!("\"{s}\""));
    let typed = match kind {
        Kind::Int => prop_oneof![
            prop::sample::select(vec![
                0i64, 1, 2, 3, 5, 10, 30, 60, 100, 101, 256, 512, 1024, 2048, 8080, 9000
            ])
            .prop_map(|n| n.to_string()),
            (-5i64..70000).prop_map(|n| n.to_string()),
        ]
        .boxed(),
        Kind::Str => string().boxed(),
        Kind::Bool => any::<bool>().prop_map(|b| b.to_string()).boxed(),
        Kind::List => prop::collection::vec(string(), 0..4)
            .prop_map(|v| format!("[{}]", v.join(", ")))
            .boxed(),
        Kind::Map => prop::collection::btree_map(prop::sample::select(MAP_KEYS), string(), 0..4)
            .prop_map(|m| {
                let entries: Vec<String> =
                    m.into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", entries.join(", "))
            })
            .boxed(),
        Kind::Word(words) => prop::sample::select(words)
            .prop_map(|w| format!("\"{w}\""))
            .boxed(),
        Kind::IntIn(values) => prop::sample::select(values)
            .prop_map(|n| n.to_string())
            .boxed(),
        Kind::Names => {
            prop::collection::vec(prop::sample::select(&["web", "api", "ghost"][..]), 0..3)
                .prop_map(|v| {
                    format!(
                        "[{}]",
                        v.iter()
                            .map(|n| format!("\"{n}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .boxed()
        }
    };
    prop_oneof![19 => typed, 1 => scalar()].boxed()
}

const MAP_KEYS: &[&str] = &[
    "LOG_LEVEL",
    "DB_PASSWORD",
    "API_KEY",
    "DB_URL",
    "\"BAD-NAME\"",
    "team",
    "\"aws:x\"",
];
type Keys = &'static [(&'static str, Kind)];
const APP: Keys = &[
    ("name", Kind::Word(&["shop", "Shop", "shop-prod"])),
    (
        "region",
        Kind::Word(&["us-east-1", "eu-west-1", "us-east1"]),
    ),
    ("log_retention_days", Kind::IntIn(&[7, 10, 30])),
    ("tags", Kind::Map),
];
const NETWORK: Keys = &[
    (
        "cidr",
        Kind::Word(&["10.0.0.0/16", "10.0.1.0/16", "10.0.0.0/24", "10.0.0/16"]),
    ),
    ("azs", Kind::IntIn(&[1, 2, 3])),
    ("nat", Kind::Word(&["single", "per-az", "none", "nat"])),
    ("vpc_id", Kind::Str),
    ("public_subnets", Kind::List),
    ("private_subnets", Kind::List),
];
const INGRESS: Keys = &[
    ("public", Kind::Bool),
    ("certificate_arn", Kind::Str),
    (
        "domain",
        Kind::Word(&["shop.example.com", "https://x", "a..b"]),
    ),
];
const SERVICE: Keys = &[
    (
        "image",
        Kind::Word(&[
            "acme/api:1.0.0",
            "public.ecr.aws/a/b:2",
            "acme/api:latest",
            "acme/API",
            "",
        ]),
    ),
    ("port", Kind::IntIn(&[80, 8080, 9000, 0, 70000])),
    ("protocol", Kind::Word(&["http", "grpc", "tcp"])),
    ("cpu", Kind::IntIn(&[256, 512, 300])),
    ("memory", Kind::IntIn(&[512, 1024, 700])),
    ("replicas", Kind::IntIn(&[0, 1, 2, 3])),
    (
        "route",
        Kind::Word(&["/", "/api", "/api/", "/web", "api", "/a b"]),
    ),
    ("env", Kind::Map),
    ("secrets", Kind::Map),
    ("calls", Kind::Names),
    ("command", Kind::List),
    ("spot", Kind::Bool),
];
const AUTOSCALE: Keys = &[
    ("min", Kind::IntIn(&[0, 1, 2, 5])),
    ("max", Kind::IntIn(&[2, 4, 10])),
    ("cpu", Kind::IntIn(&[50, 150])),
    ("memory", Kind::Int),
    ("requests_per_target", Kind::Int),
];
const HEALTH: Keys = &[
    ("path", Kind::Word(&["/healthz", "healthz"])),
    ("interval", Kind::IntIn(&[2, 10, 30])),
    ("timeout", Kind::IntIn(&[5, 10, 30])),
    ("healthy", Kind::IntIn(&[1, 2, 3])),
    ("unhealthy", Kind::IntIn(&[2, 3, 11])),
    ("grace", Kind::IntIn(&[0, 60, 4000])),
];
const KUBERNETES: Keys = &[
    ("namespace", Kind::Word(&["shop", "Shop"])),
    ("secret_store", Kind::Str),
    ("parameter_store", Kind::Str),
    ("vpc_cidr", Kind::Str),
    ("cluster", Kind::Str),
    ("private_subnets", Kind::List),
];
const SPEC_TABLES: &[(&str, Keys)] = &[
    ("app", APP),
    ("network", NETWORK),
    ("ingress", INGRESS),
    ("kubernetes", KUBERNETES),
    ("services.web", SERVICE),
    ("services.api", SERVICE),
    ("services.auth-v2", SERVICE),
    ("services.authv2", SERVICE),
    ("services.Bad_Name", SERVICE),
    ("services.web.autoscale", AUTOSCALE),
    ("services.api.health", HEALTH),
    ("environments.prod.app", APP),
    ("environments.prod.network", NETWORK),
    ("environments.prod.ingress", INGRESS),
    ("environments.prod.services.web", SERVICE),
    ("environments.prod.services.api.autoscale", AUTOSCALE),
    ("environments.dev.services.ghost", SERVICE),
];

fn table(name: &'static str, keys: Keys) -> impl Strategy<Value = String> {
    prop::sample::subsequence(keys.to_vec(), 0..=keys.len()).prop_flat_map(move |chosen| {
        let lines: Vec<BoxedStrategy<String>> = chosen
            .into_iter()
            .map(|(key, kind)| {
                typed(kind)
                    .prop_map(move |v| format!("{key} = {v}"))
                    .boxed()
            })
            .collect();
        lines.prop_map(move |lines| format!("[{name}]\n{}", lines.join("\n")))
    })
}

/// A document of well-formed tables with mostly well-typed values, so that most cases get
/// past the loader and into the rules.
fn structured() -> impl Strategy<Value = String> {
    prop::sample::subsequence(SPEC_TABLES.to_vec(), 1..=SPEC_TABLES.len())
        .prop_flat_map(|tables| {
            tables
                .into_iter()
                .map(|(name, keys)| table(name, keys))
                .collect::<Vec<_>>()
        })
        .prop_map(|tables| tables.join("\n"))
}

/// An edit of the shop example: replace the bytes at a relative position with a snippet.
fn edit() -> impl Strategy<Value = (f64, usize, String)> {
    (
        0.0..1.0f64,
        0usize..12,
        prop_oneof![Just(String::new()), scalar(), "[ -~]{0,6}".prop_map(|s| s)],
    )
}

const SHOP: &str = include_str!("../examples/shop/twinform.toml");

fn apply(mut text: String, (at, delete, insert): &(f64, usize, String)) -> String {
    let mut start = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + delete).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text.replace_range(start..end, insert);
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), env in env()) {
        check_coherent(&String::from_utf8_lossy(&bytes), env)?;
    }

    #[test]
    fn arbitrary_spec_shaped_documents_never_panic(doc in document(), env in env()) {
        check_coherent(&doc, env)?;
    }

    #[test]
    fn structured_documents_never_panic(doc in structured(), env in env()) {
        check_coherent(&doc, env)?;
    }

    #[test]
    fn edits_of_the_shop_example_never_panic(edits in prop::collection::vec(edit(), 1..4), env in env()) {
        let text = edits.iter().fold(SHOP.to_owned(), apply);
        check_coherent(&text, env)?;
    }
}

#[test]
fn strings_that_render_awkwardly() {
    // Tabs, CRLF, wide and combining characters, control characters and an unterminated
    // last line all go through annotate-snippets.
    for text in [
        "[app]\r\nname = \"Shop\"\r\n[services.web]\r\nimage = \"x:latest\"\r\nport = 0\r\n",
        "[app]\n\tname = \"写真\"\n[services.\"é\"]\nport = 80\nimage = \"a\u{301}\"",
        "[app]\nname = \"a\u{7}b\"\n[services.web]\nport = 99999\nimage = \"a:1\"\ncalls = [\"\u{1F600}\"]",
        "\u{feff}[app]\nname = 1",
        "[services.web]\ncalls = [\n  \"a\",\n  \"b\",\n]\nport = 8080\nimage = \"a:1\"",
    ] {
        for env in [None, Some("prod")] {
            check_coherent(text, env).unwrap();
        }
    }
}

#[test]
fn the_generators_reach_the_rules_and_the_model() {
    // Guards the generators themselves: if they stopped producing loadable specs, the
    // properties above would pass while testing only the loader.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut codes = std::collections::BTreeSet::new();
    let mut models = 0;
    for _ in 0..300 {
        let doc = structured().new_tree(&mut runner).unwrap().current();
        let checked = twinform::check_source("x.toml", &doc, Some("prod"));
        codes.extend(checked.diagnostics.iter().map(|d| d.code));
    }
    assert!(
        codes.len() >= 25,
        "only {} codes reached: {codes:?}",
        codes.len()
    );
    // Edits of a valid spec stay valid often enough for `model::lower` to run on them.
    for _ in 0..300 {
        let edits = prop::collection::vec(edit(), 1..4)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let checked = twinform::check_source(
            "x.toml",
            &edits.iter().fold(SHOP.to_owned(), apply),
            Some("prod"),
        );
        models += usize::from(checked.model.is_some());
    }
    assert!(models >= 10, "only {models} edited specs were valid");
}
