//! Rule: every `patches:` entry of a generated `kustomization.yaml` selects exactly one object
//! of the directory (its `target.kind` equal, its `target.name` — an anchored regular
//! expression — matching one name) and its inline patch is an RFC 6902 document that applies
//! to that object. kustomize applies a patch to every resource matching all target fields and
//! fails the build when an operation does not apply, so a target matching two objects would
//! patch both, and one matching none would leave the escape hatch silently unused.
//! Sources: <https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/>
//! ("name and namespace fields of the patch target selector are automatically anchored regular
//! expressions"); <https://www.rfc-editor.org/rfc/rfc6902#section-5>.

use super::harness::{Case, assert_holds, cases};
use serde_json::{Value, json};

/// kustomize's anchored name match, for the names twinform writes (DNS labels and subdomains,
/// whose only regex metacharacter is the `.` escaped as `\.`).
fn name_matches(pattern: &str, name: &str) -> bool {
    pattern.replace("\\.", ".") == name
}

fn violations(case: &Case, objects: &[(String, Value)]) -> Vec<String> {
    let mut out = Vec::new();
    let kustomizations = objects.iter().filter(|(_, o)| o["kind"] == "Kustomization");
    for (_, kustomization) in kustomizations {
        for entry in kustomization["patches"].as_array().into_iter().flatten() {
            let target = &entry["target"];
            let matching: Vec<&Value> = objects
                .iter()
                .map(|(_, o)| o)
                .filter(|o| o["kind"] != "Kustomization" && o["kind"] == target["kind"])
                .filter(|o| {
                    let pattern = target["name"].as_str().unwrap_or_default();
                    o["metadata"]["name"]
                        .as_str()
                        .is_some_and(|n| name_matches(pattern, n))
                })
                .collect();
            if matching.len() != 1 {
                out.push(format!(
                    "{}: patch target {target} selects {} objects",
                    case.label(),
                    matching.len()
                ));
                continue;
            }
            let ops = entry["patch"]
                .as_str()
                .and_then(|p| serde_json::from_str::<json_patch::Patch>(p).ok());
            let mut object = matching[0].clone();
            match ops {
                None => out.push(format!(
                    "{}: patch for {target} is not an RFC 6902 document",
                    case.label()
                )),
                Some(ops) => {
                    if let Err(e) = json_patch::patch(&mut object, &ops) {
                        out.push(format!(
                            "{}: patch for {target} does not apply: {e}",
                            case.label()
                        ));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn kustomize_patches_select_one_object_and_apply() {
    assert_holds(
        "kustomize patches select one object and apply",
        cases().flat_map(|c| violations(c, &c.objects)),
    );
    assert!(
        cases().any(|c| c.objects.iter().any(|(_, o)| o["patches"].is_array())),
        "no case has a kustomize patch: the rule checks nothing"
    );
}

#[test]
fn a_patch_selecting_no_object_or_not_applying_is_reported() {
    let case = cases()
        .find(|c| c.objects.iter().any(|(_, o)| o["patches"].is_array()))
        .expect("a case with a kustomize patch");
    let mut objects = case.objects.clone();
    let (_, kustomization) = objects
        .iter_mut()
        .find(|(_, o)| o["kind"] == "Kustomization")
        .expect("a kustomization");
    let patches = kustomization["patches"].as_array_mut().expect("patches");
    patches.push(json!({"patch": "[]", "target": {"kind": "Deployment", "name": "nope"}}));
    let mut wrong = patches[0].clone();
    wrong["patch"] = json!(r#"[{"op":"remove","path":"/spec/nope"}]"#);
    patches.push(wrong);
    let found = violations(case, &objects);
    assert_eq!(found.len(), 2, "{found:#?}");
}
