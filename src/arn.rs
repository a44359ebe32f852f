//! ARN shapes the spec accepts: secrets (Secrets Manager, SSM parameters) and ACM certificates.
//! A leaf module shared by `check` (is it valid?) and `model` (what does it resolve to?).

/// A `secrets` value, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretArn {
    SecretsManager {
        /// The secret's own ARN (what IAM policies name).
        secret_arn: String,
        json_key: Option<String>,
    },
    Parameter {
        parameter_arn: String,
        /// The parameter name (`/shop/db` for `...:parameter/shop/db`).
        name: String,
    },
}

fn partition_ok(p: &str) -> bool {
    matches!(p, "aws" | "aws-cn" | "aws-us-gov")
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`.
pub fn region_ok(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

fn account_ok(a: &str) -> bool {
    a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit())
}

fn name_ok(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_+=.@-".contains(&b))
}

/// Parses a secret reference; `None` when it is not a Secrets Manager or SSM parameter ARN.
pub fn parse_secret(arn: &str) -> Option<SecretArn> {
    let parts: Vec<&str> = arn.split(':').collect();
    if parts.len() < 6
        || parts[0] != "arn"
        || !partition_ok(parts[1])
        || !region_ok(parts[3])
        || !account_ok(parts[4])
    {
        return None;
    }
    match parts[2] {
        "secretsmanager"
            if (parts.len() == 7 || parts.len() == 10)
                && parts[5] == "secret"
                && name_ok(parts[6]) =>
        {
            let json_key = parts
                .get(7)
                .filter(|k| !k.is_empty())
                .map(|k| k.to_string());
            Some(SecretArn::SecretsManager {
                secret_arn: parts[..7].join(":"),
                json_key,
            })
        }
        "ssm" if parts.len() == 6 => {
            let rest = parts[5].strip_prefix("parameter/")?;
            if !name_ok(rest) || rest.contains("//") || rest.ends_with('/') {
                return None;
            }
            let name = if rest.contains('/') {
                format!("/{rest}")
            } else {
                rest.to_owned()
            };
            Some(SecretArn::Parameter {
                parameter_arn: arn.to_owned(),
                name,
            })
        }
        _ => None,
    }
}

/// Whether `arn` is an ACM certificate ARN.
pub fn is_certificate(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && partition_ok(parts[1])
        && parts[2] == "acm"
        && region_ok(parts[3])
        && account_ok(parts[4])
        && parts[5].strip_prefix("certificate/").is_some_and(|id| {
            !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets() {
        assert_eq!(
            parse_secret(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf:password::"
            ),
            Some(SecretArn::SecretsManager {
                secret_arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf"
                    .into(),
                json_key: Some("password".into())
            })
        );
        assert_eq!(
            parse_secret("arn:aws:ssm:us-east-1:123456789012:parameter/shop/api-key"),
            Some(SecretArn::Parameter {
                parameter_arn: "arn:aws:ssm:us-east-1:123456789012:parameter/shop/api-key".into(),
                name: "/shop/api-key".into()
            })
        );
        assert_eq!(parse_secret("hunter2"), None);
        assert_eq!(parse_secret("arn:aws:s3:::bucket"), None);
        assert!(is_certificate(
            "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"
        ));
        assert!(!is_certificate("arn:aws:acm:us-east-1:123:certificate/abc"));
    }
}
