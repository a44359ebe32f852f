//! Rule: the execution role of every service may read the secrets it names, as IAM sees them.
//! IAM evaluates a Secrets Manager request against the secret's complete ARN, which ends in the
//! name, `-` and six random characters (`…:secret:shop/db-AbCdEf`). A policy naming the partial
//! ARN `…:secret:shop/db` matches nothing: the task fails to start with AccessDenied
//! (ResourceInitializationError). A partial ARN needs the pattern `…:secret:shop/db-??????`.
//! Sources: <https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resources.html>
//! (policy resources: "use `-??????` to match the six random characters");
//! <https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen>
//! (a name ending in a hyphen and six characters is read as a complete ARN);
//! <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html>.
//! The same holds for a private registry's credentials (`RepositoryCredentials`), which the
//! execution role reads before the image is pulled:
//! <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html>.

use super::harness::{Case, assert_holds, cases, inline_statements};
use serde_json::Value;
use twinform::model::SecretStore;

/// IAM's wildcard match: `*` any run of characters, `?` exactly one.
fn iam_matches(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.first(), text.first()) {
        (None, None) => true,
        (Some(b'*'), _) => {
            iam_matches(&pattern[1..], text)
                || (!text.is_empty() && iam_matches(pattern, &text[1..]))
        }
        (Some(b'?'), Some(_)) => iam_matches(&pattern[1..], &text[1..]),
        (Some(p), Some(t)) if p == t => iam_matches(&pattern[1..], &text[1..]),
        _ => false,
    }
}

/// Whether a secret ARN (without a JSON-key suffix) already ends in `-` and six characters.
fn is_complete(arn: &str) -> bool {
    let name = arn.rsplit(":secret:").next().unwrap_or_default();
    name.rsplit_once('-').is_some_and(|(head, suffix)| {
        !head.is_empty() && suffix.len() == 6 && suffix.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// The ARN IAM evaluates for a secret written as `arn`.
fn real_arn(arn: &str) -> String {
    if is_complete(arn) {
        arn.to_owned()
    } else {
        format!("{arn}-Xy12Zw")
    }
}

/// Every `secretsmanager:GetSecretValue` resource of every role of the templates.
fn granted(templates: &std::collections::BTreeMap<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for template in templates.values() {
        for role in template["Resources"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, r)| r)
        {
            if role["Type"] != "AWS::IAM::Role" {
                continue;
            }
            for statement in inline_statements(role) {
                let reads = |a: &Value| a == "secretsmanager:GetSecretValue";
                let action = &statement["Action"];
                if reads(action) || action.as_array().is_some_and(|a| a.iter().any(reads)) {
                    let resources = &statement["Resource"];
                    out.extend(
                        resources
                            .as_array()
                            .map(|r| r.iter().collect())
                            .unwrap_or_else(|| vec![resources])
                            .into_iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned),
                    );
                }
            }
        }
    }
    out
}

fn violations(case: &Case, templates: &std::collections::BTreeMap<String, Value>) -> Vec<String> {
    let granted = granted(templates);
    let mut out = Vec::new();
    for service in &case.model.services {
        let registry = service
            .registry_credentials
            .as_ref()
            .map(|c| ("registry_credentials", &c.secret));
        let named = service.secrets.iter().map(|(var, s)| (var.as_str(), s));
        for (var, secret) in named.chain(registry) {
            if secret.store != SecretStore::SecretsManager {
                continue;
            }
            let real = real_arn(&secret.remote_key);
            if !granted
                .iter()
                .any(|g| iam_matches(g.as_bytes(), real.as_bytes()))
            {
                out.push(format!(
                    "{}: `{}` secret `{var}`: no execution-role resource matches the real ARN {real} (granted: {granted:?})",
                    case.label(),
                    service.name
                ));
            }
        }
    }
    out
}

#[test]
fn execution_roles_read_the_real_secret_arns() {
    assert_holds(
        "secret policy resources match real ARNs",
        cases().flat_map(|c| violations(c, &c.templates)),
    );
    let partial = cases()
        .flat_map(|c| &c.model.services)
        .flat_map(|s| s.secrets.values());
    assert!(
        partial
            .filter(|s| s.store == SecretStore::SecretsManager)
            .any(|s| !is_complete(&s.remote_key)),
        "no case names a secret by its partial ARN: the rule checks only the easy half"
    );
}

#[test]
fn a_policy_naming_the_partial_arn_is_reported() {
    assert!(iam_matches(
        b"arn:s:secret:db-??????",
        b"arn:s:secret:db-AbCdEf"
    ));
    assert!(!iam_matches(b"arn:s:secret:db", b"arn:s:secret:db-AbCdEf"));
    assert!(is_complete(
        "arn:aws:secretsmanager:us-east-1:1:secret:shop/db-AbCdEf"
    ));
    assert!(!is_complete(
        "arn:aws:secretsmanager:us-east-1:1:secret:shop/db"
    ));
    let case = cases()
        .find(|c| {
            c.model
                .services
                .iter()
                .flat_map(|s| s.secrets.values())
                .any(|s| s.store == SecretStore::SecretsManager && !is_complete(&s.remote_key))
        })
        .expect("a case naming a partial secret ARN");
    let mut templates = case.templates.clone();
    for template in templates.values_mut() {
        let resources = template["Resources"].as_object_mut().into_iter().flatten();
        for (_, role) in resources {
            for policy in role["Properties"]["Policies"]
                .as_array_mut()
                .into_iter()
                .flatten()
            {
                let statements = policy["PolicyDocument"]["Statement"].as_array_mut();
                for s in statements.into_iter().flatten() {
                    // What the emitter wrote before: the ARN as given, partial or not.
                    let planted: Vec<Value> = s["Resource"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(|r| Value::from(r.trim_end_matches("-??????")))
                        .collect();
                    if !planted.is_empty() {
                        s["Resource"] = Value::from(planted);
                    }
                }
            }
        }
    }
    assert!(!violations(case, &templates).is_empty());
}
