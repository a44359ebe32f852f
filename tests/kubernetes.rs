//! The Kubernetes back-end, checked on the rendered output: what `kubectl apply -k` would read.

use serde_json::Value;
use std::collections::BTreeMap;

const SHOP: &str = include_str!("../examples/shop/twinform.toml");
const ENVS: [Option<&str>; 3] = [None, Some("dev"), Some("prod")];

fn env_name(env: Option<&str>) -> &str {
    env.unwrap_or("base")
}

/// The only caller of the pipeline: the `kubernetes/` files of a spec, as text.
fn kubernetes_files(text: &str, env: Option<&str>) -> BTreeMap<String, String> {
    let options = twinform::Options {
        env: env.map(str::to_owned),
        targets: twinform::Targets {
            cloudformation: false,
            kubernetes: true,
        },
        ..Default::default()
    };
    let synthesis = match twinform::synthesize("twinform.toml", text, &options) {
        Ok(synthesis) => synthesis,
        Err(checked) => panic!("spec has errors: {:#?}", checked.diagnostics),
    };
    synthesis
        .files
        .into_iter()
        .filter_map(|(path, bytes)| {
            let name = path.strip_prefix("kubernetes/")?.to_owned();
            Some((name, String::from_utf8(bytes).expect("output is UTF-8")))
        })
        .collect()
}

/// Every document of a file, read back with serde-saphyr.
fn documents(text: &str) -> Vec<Value> {
    serde_saphyr::from_str_multiple(text).expect("output parses as YAML")
}

/// Every object of the output, by kind then name.
fn objects(files: &BTreeMap<String, String>) -> Vec<Value> {
    files.values().flat_map(|text| documents(text)).collect()
}

fn of_kind<'a>(objects: &'a [Value], kind: &str) -> Vec<&'a Value> {
    objects.iter().filter(|o| o["kind"] == kind).collect()
}

#[test]
fn output_is_byte_identical_between_runs() {
    for env in ENVS {
        let first = kubernetes_files(SHOP, env);
        let second = kubernetes_files(SHOP, env);
        assert!(first.len() > 3, "{first:?}");
        assert_eq!(first, second, "env {env:?}");
        // For the external validators: `TWINFORM_K8S_OUT=/tmp/k8s cargo test --test kubernetes`.
        if let Some(dir) = std::env::var_os("TWINFORM_K8S_OUT") {
            let dir = std::path::Path::new(&dir).join(env_name(env));
            std::fs::create_dir_all(&dir).expect("create output dir");
            for (name, text) in &first {
                std::fs::write(dir.join(name), text).expect("write output");
            }
        }
    }
}
