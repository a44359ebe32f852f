//! Names a CloudFormation resource refers to (`Ref`, `Fn::GetAtt`, `Fn::Sub` variables,
//! `DependsOn`): a patch may only add references to what the same template defines, because
//! the nested-stack layout passes values between templates as parameters a patch cannot add.
//! CloudFormation refuses a template with an undefined reference at submit time. Source:
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-ref.html>.

use serde_json::Value;
use std::collections::BTreeSet;

/// A name a resource refers to, and whether only a resource may answer it (`DependsOn`,
/// `Fn::GetAtt`, `${X.Attr}`) or a parameter too (`Ref`, `${X}`).
pub(super) type Named = (String, bool);

/// Every logical ID or parameter `resource` names (pseudo parameters `AWS::…` left out).
pub(super) fn named(resource: &Value) -> BTreeSet<Named> {
    let mut out = BTreeSet::new();
    match resource.get("DependsOn") {
        Some(Value::String(id)) => {
            out.insert((id.clone(), true));
        }
        Some(Value::Array(ids)) => out.extend(
            ids.iter()
                .filter_map(Value::as_str)
                .map(|id| (id.to_owned(), true)),
        ),
        _ => {}
    }
    walk(resource, &mut out);
    out.retain(|(name, _)| !name.starts_with("AWS::"));
    out
}

fn walk(value: &Value, out: &mut BTreeSet<Named>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(name)) = map.get("Ref") {
                out.insert((name.clone(), false));
            }
            match map.get("Fn::GetAtt") {
                Some(Value::Array(parts)) => {
                    out.extend(
                        parts
                            .first()
                            .and_then(Value::as_str)
                            .map(|n| (n.to_owned(), true)),
                    );
                }
                Some(Value::String(dotted)) => {
                    out.extend(dotted.split('.').next().map(|n| (n.to_owned(), true)));
                }
                _ => {}
            }
            match map.get("Fn::Sub") {
                Some(Value::String(text)) => out.extend(sub_names(text, &[])),
                Some(Value::Array(parts)) => {
                    let local: Vec<&str> = parts
                        .get(1)
                        .and_then(Value::as_object)
                        .map(|m| m.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    if let Some(text) = parts.first().and_then(Value::as_str) {
                        out.extend(sub_names(text, &local));
                    }
                }
                _ => {}
            }
            map.values().for_each(|v| walk(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
        _ => {}
    }
}

/// `${Name}` and `${Name.Attr}` of a `Fn::Sub` string, without `${!literal}` and its own
/// variables.
fn sub_names(text: &str, local: &[&str]) -> Vec<Named> {
    text.split("${")
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(inner, _)| inner))
        .filter(|inner| !inner.starts_with('!'))
        .map(|inner| match inner.split_once('.') {
            Some((name, _)) => (name.to_owned(), true),
            None => (inner.to_owned(), false),
        })
        .filter(|(name, _)| !local.contains(&name.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::named;
    use serde_json::json;

    #[test]
    fn finds_every_kind_of_reference() {
        let resource = json!({
            "DependsOn": ["A"],
            "Properties": {
                "X": {"Ref": "B"},
                "Y": {"Fn::GetAtt": ["C", "Arn"]},
                "Z": {"Fn::GetAtt": "D.Arn"},
                "S": {"Fn::Sub": "${E}-${F.Name}-${!G}-${AWS::Region}"},
                "T": {"Fn::Sub": ["${H}-${local}", {"local": {"Ref": "I"}}]},
            }
        });
        let found: Vec<(String, bool)> = named(&resource).into_iter().collect();
        let expected = [
            ("A", true),
            ("B", false),
            ("C", true),
            ("D", true),
            ("E", false),
            ("F", true),
            ("H", false),
            ("I", false),
        ];
        let expected: Vec<(String, bool)> = expected
            .iter()
            .map(|(n, r)| ((*n).to_owned(), *r))
            .collect();
        assert_eq!(found, expected);
    }
}
