//! YAML 1.1 look-alikes in user values come out quoted.

use super::*;
use serde_json::Value;

/// Strings that YAML 1.1 readers (PyYAML, Go's yaml.v2, many CI tools) take for booleans,
/// numbers, null, dates or merge keys when written plain.
const YAML_TRAPS: [&str; 30] = [
    "on",
    "off",
    "yes",
    "no",
    "y",
    "n",
    "Y",
    "N",
    "true",
    "false",
    "True",
    "NO",
    "Off",
    "012",
    "0755",
    "0x1F",
    "0o17",
    "1e3",
    "1_000",
    "+12",
    "-.5",
    ".inf",
    ".NaN",
    "1:20",
    "~",
    "null",
    "Null",
    "",
    "2001-12-14",
    "<<",
];

pub fn trap_spec() -> String {
    let env: Vec<String> = YAML_TRAPS
        .iter()
        .enumerate()
        .map(|(i, v)| format!("V{i:02} = {v:?}"))
        .collect();
    format!(
        "[app]\nname = \"traps\"\ntags = {{ flag = \"yes\", build = \"012\" }}\n[services.web]\nimage = \"public.ecr.aws/acme/web:1.0.0\"\nport = 8080\nenv = {{ {} }}\n",
        env.join(", ")
    )
}

/// serde-saphyr configured as a YAML 1.1 reader: 1.1 booleans and legacy octals resolve.
fn yaml11_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.legacy_octal_numbers = true;
    options.strict_booleans = false;
    options
}

#[test]
fn yaml_11_lookalikes_stay_strings() {
    // The reader really is 1.1-minded: the same scalars, written plain, do not stay strings.
    let plain: Value =
        serde_saphyr::from_str_with_options("a: on\nb: 012\nc: ~\nd: no\n", yaml11_options())
            .expect("parse");
    assert_eq!(
        plain,
        serde_json::json!({"a": true, "b": 10, "c": null, "d": false})
    );

    let files = kubernetes_files(&trap_spec(), None);
    let text = &files["web.yaml"];
    let docs: Vec<Value> =
        serde_saphyr::from_str_multiple_with_options(text, yaml11_options()).expect("parse");
    let deployment = docs
        .iter()
        .find(|d| d["kind"] == "Deployment")
        .expect("a Deployment");
    let env = pod_spec(deployment)["containers"][0]["env"]
        .as_array()
        .expect("env")
        .clone();
    assert_eq!(env.len(), YAML_TRAPS.len());
    for (i, trap) in YAML_TRAPS.iter().enumerate() {
        let name = format!("V{i:02}");
        let var = env
            .iter()
            .find(|e| e["name"] == name.as_str())
            .expect("variable");
        assert_eq!(
            var["value"],
            Value::String((*trap).to_owned()),
            "{name} = {trap:?}"
        );
        // And in the bytes: quoted, so any reader, 1.1 or 1.2, reads a string.
        let quoted = [format!("value: \"{trap}\"\n"), format!("value: '{trap}'\n")];
        assert!(
            quoted.iter().any(|q| text.contains(q.as_str())),
            "{trap:?} is not quoted in:\n{text}"
        );
    }
    // Tags that become labels go through the same serializer.
    for doc in &docs {
        assert_eq!(doc["metadata"]["labels"]["flag"], "yes", "{}", doc["kind"]);
        assert_eq!(doc["metadata"]["labels"]["build"], "012", "{}", doc["kind"]);
    }
}
