//! Arbitrary input never panics `check` (or lowering, or the renderers), and what comes out is
//! consistent: spans lie inside the text on character boundaries, and a model exists exactly
//! when there is no error. The generators (`generators.rs`): arbitrary text and bytes, TOML
//! documents built from spec-like keys and hostile values, spec-shaped documents with mostly
//! well-typed values, mostly valid specs, and random edits of the shop example.

use proptest::prelude::*;
use twinform::diag::render::{json_lines, plain};
use twinform::diag::{Diagnostic, Source};

mod generators;

use generators::{document, edited_shop, env, good_document, spec_document};

const SHOP: &str = include_str!("../../examples/shop/twinform.toml");

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
    use twinform::model::{Probe, Role, Scaling};
    assert!(!model.app.name.is_empty());
    for s in &model.services {
        match &s.role {
            Role::Server(server) => {
                assert!(server.port >= 1, "{s:?}");
                if let Probe::Http { path } = &server.probe {
                    assert!(path.starts_with('/'), "{s:?}");
                }
                if let Some(route) = &server.route {
                    assert!(route.health_path.starts_with('/'), "{s:?}");
                }
            }
            // A worker always has a health command (it has no route by its type).
            Role::Worker(worker) => assert!(
                worker
                    .health_command
                    .first()
                    .is_some_and(|c| !c.trim().is_empty()),
                "{s:?}"
            ),
            Role::Job => panic!("a service lowered as a job: {s:?}"),
        }
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
            h.timeout < h.interval && (2..=10).contains(&h.healthy),
            "{s:?}"
        );
        assert!(
            s.calls
                .iter()
                .all(|&c| model.service(c).name != s.name && !model.service(c).is_worker()),
            "{s:?}"
        );
    }
}

/// Cases per property: 256 on every `cargo test`; `TWINFORM_ROBUST_CASES=N` for a long run
/// (the stand-in for cargo-fuzz where no nightly toolchain is available).
fn cases() -> u32 {
    std::env::var("TWINFORM_ROBUST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

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

/// Found by a long run: sidecar sizes near `i64::MAX` overflowed the sum in TF055.
#[test]
fn huge_sidecar_sizes_do_not_overflow() {
    let text = "[app]\nname = \"a\"\n[services.api]\nimage = \"public.ecr.aws/a/api:1.0\"\nport = 8080\n\
                [[services.api.sidecars]]\nname = \"one\"\nimage = \"public.ecr.aws/a/x:1.0\"\ncpu = 6392303668277807896\n\
                [[services.api.sidecars]]\nname = \"two\"\nimage = \"public.ecr.aws/a/x:1.0\"\ncpu = 6392303668277807896\n";
    let checked = twinform::check_source("t.toml", text, None);
    assert!(checked.model.is_none());
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == twinform::diag::Code::SidecarSize || d.is_error())
    );
}
