//! References between CloudFormation resources, across the templates of a nested layout:
//! `Ref`, `Fn::GetAtt` and `Fn::Sub` inside one template, a child's parameters back to the
//! root's `AWS::CloudFormation::Stack` resource that passes them, and `Fn::GetAtt
//! Child.Outputs.Name` into the child's output. Resources are named `template/LogicalId`.

use super::documents::Inventory;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The root template's stem, the one `cloudformation/template.*` gives.
const ROOT: &str = "template";

/// One side's templates, ready to follow references.
pub struct Graph<'a> {
    inventory: &'a Inventory,
    /// Child template stem → the root's stack resource (`template/ServicesStack03`).
    parent_of: BTreeMap<String, String>,
    /// The root's stack resource → child template stem.
    child_of: BTreeMap<String, String>,
}

/// The one key of a single-key object: how an intrinsic function is written.
fn intrinsic(value: &Value) -> Option<(&str, &Value)> {
    match value {
        Value::Object(map) if map.len() == 1 => map.iter().next().map(|(k, v)| (k.as_str(), v)),
        _ => None,
    }
}

/// A local name used by an expression: `Ref X`, `Fn::GetAtt [X, Attr]`, `${X}`/`${X.Attr}`.
struct Use {
    path: String,
    name: String,
    attribute: Option<String>,
}

fn template_of(id: &str) -> &str {
    id.rsplit_once('/').map_or(id, |(t, _)| t)
}

/// `${Name}` and `${Name.Attr}` in a `Fn::Sub` string, skipping `${!Literal}`.
fn sub_names(text: &str) -> Vec<(String, Option<String>)> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find('}') else { break };
        let inner = &rest[..end];
        if !inner.starts_with('!') {
            let (name, attribute) = match inner.split_once('.') {
                Some((n, a)) => (n.to_owned(), Some(a.to_owned())),
                None => (inner.to_owned(), None),
            };
            names.push((name, attribute));
        }
        rest = &rest[end + 1..];
    }
    names
}

fn collect_uses(value: &Value, path: &str, out: &mut Vec<Use>) {
    let at = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (intrinsic(value), value) {
        (Some((key, inner)), _) => match (key, inner) {
            ("Ref", Value::String(name)) => out.push(Use {
                path: path.to_owned(),
                name: name.clone(),
                attribute: None,
            }),
            ("Fn::GetAtt", Value::Array(parts)) => {
                if let Some(name) = parts.first().and_then(Value::as_str) {
                    out.push(Use {
                        path: path.to_owned(),
                        name: name.to_owned(),
                        attribute: parts.get(1).and_then(Value::as_str).map(str::to_owned),
                    });
                }
            }
            ("Fn::GetAtt", Value::String(dotted)) => {
                let (name, attribute) = dotted.split_once('.').unwrap_or((dotted, ""));
                out.push(Use {
                    path: path.to_owned(),
                    name: name.to_owned(),
                    attribute: Some(attribute.to_owned()).filter(|a| !a.is_empty()),
                });
            }
            ("Fn::Sub", sub) => {
                let (text, variables) = match sub {
                    Value::String(text) => (text.as_str(), None),
                    Value::Array(parts) => (
                        parts.first().and_then(Value::as_str).unwrap_or(""),
                        parts.get(1).and_then(Value::as_object),
                    ),
                    _ => ("", None),
                };
                for (name, attribute) in sub_names(text) {
                    if variables.is_some_and(|v| v.contains_key(&name)) {
                        continue;
                    }
                    out.push(Use {
                        path: path.to_owned(),
                        name,
                        attribute,
                    });
                }
                for (name, v) in variables.into_iter().flatten() {
                    collect_uses(v, &at(name), out);
                }
            }
            _ => collect_uses(inner, &at(key), out),
        },
        (None, Value::Object(map)) => {
            for (key, v) in map {
                collect_uses(v, &at(key), out);
            }
        }
        (None, Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                collect_uses(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

impl<'a> Graph<'a> {
    pub fn new(inventory: &'a Inventory) -> Self {
        let templates: BTreeSet<&str> = inventory
            .cloudformation
            .keys()
            .map(|id| template_of(id))
            .filter(|t| *t != ROOT)
            .collect();
        let mut parent_of = BTreeMap::new();
        let mut child_of = BTreeMap::new();
        let prefix = format!("{ROOT}/");
        for (id, (kind, resource)) in &inventory.cloudformation {
            if kind != "AWS::CloudFormation::Stack" || !id.starts_with(&prefix) {
                continue;
            }
            let url = resource
                .pointer("/Properties/TemplateURL")
                .map(Value::to_string)
                .unwrap_or_default();
            // `services-03.template.json`, bare or after `${TemplateUrlPrefix}`.
            if let Some(child) = templates
                .iter()
                .find(|t| url.contains(&format!("{t}.json")) || url.contains(&format!("{t}.yaml")))
            {
                parent_of.insert((*child).to_owned(), id.clone());
                child_of.insert(id.clone(), (*child).to_owned());
            }
        }
        Graph {
            inventory,
            parent_of,
            child_of,
        }
    }

    pub fn resource(&self, id: &str) -> Option<&'a (String, Value)> {
        self.inventory.cloudformation.get(id)
    }

    /// What a local name in `template` stands for, as resources (`template/LogicalId`) and, for
    /// a value that leaves the set (a root parameter, a pseudo parameter), as nothing.
    fn resolve(&self, template: &str, name: &str, attribute: Option<&str>) -> Vec<String> {
        let id = format!("{template}/{name}");
        if self.inventory.cloudformation.contains_key(&id) {
            if let (Some(child), Some(output)) = (
                self.child_of.get(&id),
                attribute.and_then(|a| a.strip_prefix("Outputs.")),
            ) && let Some(value) = self.inventory.outputs.get(&format!("{child}/{output}"))
            {
                return self.targets(child, value);
            }
            return vec![id];
        }
        match self.parameter(template, name) {
            Some((root, value)) => self.targets(root, value),
            None => Vec::new(),
        }
    }

    /// The expression the root passes to a child's parameter.
    fn parameter(&self, template: &str, name: &str) -> Option<(&str, &'a Value)> {
        let stack = self.parent_of.get(template)?;
        let (_, resource) = self.inventory.cloudformation.get(stack)?;
        let value = resource.pointer(&format!("/Properties/Parameters/{name}"))?;
        Some((template_of(stack), value))
    }

    /// Every resource an expression in `template` names, across stacks.
    pub fn targets(&self, template: &str, value: &Value) -> Vec<String> {
        let mut uses = Vec::new();
        collect_uses(value, "", &mut uses);
        let mut out: Vec<String> = uses
            .iter()
            .flat_map(|u| self.resolve(template, &u.name, u.attribute.as_deref()))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Each property of a resource that names other resources: (diff path such as
    /// `Properties.ListenerArn`, the resources it names).
    pub fn references(&self, id: &str) -> Vec<(String, Vec<String>)> {
        let Some((_, resource)) = self.resource(id) else {
            return Vec::new();
        };
        let Some(properties) = resource.get("Properties") else {
            return Vec::new();
        };
        let mut uses = Vec::new();
        collect_uses(properties, "Properties", &mut uses);
        let template = template_of(id);
        let mut by_path: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for u in uses {
            let targets = self.resolve(template, &u.name, u.attribute.as_deref());
            if !targets.is_empty() {
                by_path.entry(u.path).or_default().extend(targets);
            }
        }
        by_path.into_iter().collect()
    }

    /// An expression rewritten so that equal values compare equal across templates: every
    /// resource named by `mark(template/LogicalId)`, child parameters replaced by what the root
    /// passes, child outputs by their value.
    pub fn canonical(&self, template: &str, value: &Value, mark: &dyn Fn(&str) -> String) -> Value {
        let name = |n: &str, attribute: Option<&str>| -> Value {
            let targets = self.resolve(template, n, attribute);
            let local = format!("{template}/{n}");
            match targets.as_slice() {
                [one] if *one == local => match attribute {
                    Some(a) => Value::String(format!("{}.{a}", mark(one))),
                    None => Value::String(mark(one)),
                },
                _ => match self.parameter(template, n) {
                    Some((root, v)) => self.canonical(root, v, mark),
                    None => match (self.child_of.get(&local), attribute) {
                        (Some(child), Some(a)) => a
                            .strip_prefix("Outputs.")
                            .and_then(|o| self.inventory.outputs.get(&format!("{child}/{o}")))
                            .map_or(Value::Null, |v| self.canonical(child, v, mark)),
                        // A root parameter or a pseudo parameter: the same on both sides.
                        _ => Value::String(format!("{{{n}}}")),
                    },
                },
            }
        };
        match (intrinsic(value), value) {
            (Some((key, inner)), _) => match (key, inner) {
                ("Ref", Value::String(n)) => name(n, None),
                ("Fn::GetAtt", Value::Array(parts)) => name(
                    parts.first().and_then(Value::as_str).unwrap_or(""),
                    parts.get(1).and_then(Value::as_str),
                ),
                ("Fn::Sub", Value::String(text)) => {
                    let mut out = text.clone();
                    for (n, a) in sub_names(text) {
                        let whole = match &a {
                            Some(a) => format!("${{{n}.{a}}}"),
                            None => format!("${{{n}}}"),
                        };
                        let resolved = match name(&n, a.as_deref()) {
                            Value::String(s) => s,
                            other => other.to_string(),
                        };
                        out = out.replace(&whole, &format!("<{resolved}>"));
                    }
                    Value::String(out)
                }
                _ => {
                    let mut m = Map::new();
                    m.insert(key.to_owned(), self.canonical(template, inner, mark));
                    Value::Object(m)
                }
            },
            (None, Value::Object(map)) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.canonical(template, v, mark)))
                    .collect(),
            ),
            (None, Value::Array(items)) => Value::Array(
                items
                    .iter()
                    .map(|v| self.canonical(template, v, mark))
                    .collect(),
            ),
            (None, other) => other.clone(),
        }
    }

    /// Whether CloudFormation must finish `to` before it starts `from`: a `DependsOn` or a
    /// reference chain inside one template, or through the stack resources of a nested layout.
    pub fn depends_on(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            for next in self.direct_dependencies(&id) {
                if next == to {
                    return true;
                }
                stack.push(next);
            }
        }
        false
    }

    fn direct_dependencies(&self, id: &str) -> Vec<String> {
        let Some((_, resource)) = self.resource(id) else {
            return Vec::new();
        };
        let template = template_of(id);
        let mut out: Vec<String> = match resource.get("DependsOn") {
            Some(Value::String(one)) => vec![format!("{template}/{one}")],
            Some(Value::Array(many)) => many
                .iter()
                .filter_map(Value::as_str)
                .map(|d| format!("{template}/{d}"))
                .collect(),
            _ => Vec::new(),
        };
        out.extend(self.references(id).into_iter().flat_map(|(_, t)| t));
        // A child's resources wait for whatever its stack resource waits for.
        if let Some(stack) = self.parent_of.get(template) {
            out.push(stack.clone());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_names_skip_literals_and_split_attributes() {
        assert_eq!(
            sub_names("service/${Cluster}/${Svc.Name}-${!Literal}"),
            vec![
                ("Cluster".to_owned(), None),
                ("Svc".to_owned(), Some("Name".to_owned()))
            ]
        );
    }
}
