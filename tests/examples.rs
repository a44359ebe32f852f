//! Every example × environment × target: snapshots of every generated file, determinism, and
//! the builder form of the shop giving byte-identical output.

#[path = "../examples/shop.rs"]
mod shop_builder;

mod common;

use std::path::PathBuf;
use twinform::{Format, Options};

struct Example {
    name: String,
    text: String,
    envs: Vec<Option<String>>,
}

/// Every `examples/*/twinform.toml` and every extra spec under `tests/specs/` (variants the
/// examples do not cover), each with all its environments.
fn examples() -> Vec<Example> {
    let mut specs: Vec<(String, PathBuf)> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path().join("twinform.toml"))
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.parent()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                p,
            )
        })
        .collect();
    specs.extend(
        std::fs::read_dir("tests/specs")
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p)),
    );
    specs.sort();
    assert!(
        specs.len() >= 3,
        "expected the shop and marketplace examples and the test specs"
    );
    specs
        .into_iter()
        .map(|(name, path)| {
            let text = std::fs::read_to_string(&path).unwrap();
            let spec = twinform::spec::load("twinform.toml", &text, None)
                .spec
                .unwrap();
            let envs = std::iter::once(None)
                .chain(spec.environments.keys().cloned().map(Some))
                .collect();
            Example { name, text, envs }
        })
        .collect()
}

fn synth(example: &Example, env: &Option<String>, format: Format) -> twinform::FileSet {
    let options = Options {
        env: env.clone(),
        format,
        ..Default::default()
    };
    match twinform::synthesize("twinform.toml", &example.text, &options) {
        Ok(s) => s.files,
        Err(checked) => panic!("{} {:?}: {:#?}", example.name, env, checked.diagnostics),
    }
}

#[test]
fn every_generated_file_is_snapshotted() {
    common::snapshot_settings().bind(|| {
        for example in examples() {
            for env in &example.envs {
                let env_name = env.as_deref().unwrap_or("base");
                for (path, bytes) in synth(&example, env, Format::Yaml) {
                    let name = format!(
                        "{}__{}__{}",
                        example.name,
                        env_name,
                        path.replace('/', "__")
                    );
                    insta::assert_snapshot!(name, String::from_utf8(bytes).unwrap());
                }
            }
        }
    });
}

#[test]
fn output_is_deterministic() {
    for example in examples() {
        for env in &example.envs {
            for format in [Format::Yaml, Format::Json] {
                assert_eq!(
                    synth(&example, env, format),
                    synth(&example, env, format),
                    "{} {env:?}",
                    example.name
                );
            }
        }
    }
}

#[test]
fn builder_and_toml_give_byte_identical_output() {
    let app = shop_builder::shop().unwrap();
    let spec = app.spec().clone();
    let text = std::fs::read_to_string("examples/shop/twinform.toml").unwrap();
    for env in [None, Some("dev"), Some("prod")] {
        for format in [Format::Yaml, Format::Json] {
            let options = Options {
                env: env.map(str::to_owned),
                format,
                ..Default::default()
            };
            let from_toml = twinform::synthesize("twinform.toml", &text, &options)
                .unwrap()
                .files;
            let from_builder = twinform::synthesize_spec(&spec, &options).unwrap().files;
            assert!(!from_toml.is_empty());
            assert_eq!(from_toml, from_builder, "env {env:?}");
            let from_app = twinform::synthesize_app(&app, &options).unwrap().files;
            assert_eq!(from_toml, from_app, "env {env:?}");
        }
    }
    // The same spec value, not only the same output.
    let loaded = twinform::spec::load("twinform.toml", &text, None)
        .spec
        .unwrap();
    assert_eq!(loaded, spec);
}
