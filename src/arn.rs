//! ARN shapes the spec accepts: secrets (Secrets Manager, SSM parameters), ACM certificates,
//! IAM (policies, roles, OIDC providers), WAF web ACLs and ALB listeners.
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

/// Whether a Secrets Manager secret ARN (without a JSON-key suffix) is complete: its name ends
/// in the `-` and six random characters Secrets Manager appends. Secrets Manager itself reads
/// any ARN ending so as complete (a secret *named* `db-abcdef` must be given by its complete
/// ARN), and so does twinform.
pub fn secret_is_complete(secret_arn: &str) -> bool {
    let name = secret_arn.rsplit(":secret:").next().unwrap_or_default();
    name.rsplit_once('-').is_some_and(|(head, suffix)| {
        !head.is_empty() && suffix.len() == 6 && suffix.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// The IAM policy resource of a Secrets Manager secret ARN. IAM evaluates requests against the
/// complete ARN, so a partial ARN (`…:secret:shop/db`) matches only as `…:secret:shop/db-??????`
/// (`?` is one character); a complete ARN stays exact.
pub fn secret_policy_resource(secret_arn: &str) -> String {
    if secret_is_complete(secret_arn) {
        secret_arn.to_owned()
    } else {
        format!("{secret_arn}-??????")
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

/// The parts of any ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` (the resource may
/// itself contain `:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

/// Splits an ARN, checking only its frame: a known partition, a service of `[a-z0-9-]`, and a
/// non-empty resource. Region and account may be empty or `*` (IAM resource ARNs allow both).
pub fn parse(arn: &str) -> Option<Arn<'_>> {
    let mut parts = arn.splitn(6, ':');
    let (prefix, partition, service, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let service_ok = !service.is_empty()
        && service
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let region_field_ok = region.is_empty() || region == "*" || region_ok(region);
    // `aws` is the account of AWS managed policies.
    let account_field_ok =
        account.is_empty() || account == "*" || account == "aws" || account_ok(account);
    (prefix == "arn"
        && partition_ok(partition)
        && service_ok
        && region_field_ok
        && account_field_ok
        && !resource.is_empty()
        && !resource.contains(char::is_whitespace))
    .then_some(Arn {
        partition,
        service,
        region,
        account,
        resource,
    })
}

/// The account of an ARN, when it names one (12 digits; not `aws` or empty).
pub fn account_of(arn: &str) -> Option<&str> {
    let account = parse(arn)?.account;
    (account.len() == 12).then_some(account)
}

/// Where a secret lives, when not beside the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elsewhere<'a> {
    Region(&'a str),
    Account(&'a str),
}

/// A Secrets Manager or SSM secret ARN of the app's `partition` that names another Region than
/// `region`, or (same Region) another account than `account`, when the app's account is known.
/// One External Secrets store reads one Region and account (TF125, the parity table).
pub fn secret_elsewhere<'a>(
    arn: &'a str,
    partition: &str,
    region: &str,
    account: Option<&str>,
) -> Option<Elsewhere<'a>> {
    let a = parse(arn).filter(|_| parse_secret(arn).is_some())?;
    if a.partition != partition {
        return None;
    }
    if a.region != region {
        return Some(Elsewhere::Region(a.region));
    }
    account
        .filter(|own| *own != a.account)
        .map(|_| Elsewhere::Account(a.account))
}

/// The parts of an SQS queue ARN (`arn:PARTITION:sqs:REGION:ACCOUNT:NAME`), when it is one.
pub fn parse_queue(arn: &str) -> Option<Arn<'_>> {
    let a = parse(arn)?;
    let name_ok = !a.resource.is_empty()
        && a.resource.len() <= 80
        && a.resource
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    let dot_only_fifo = !a.resource.contains('.') || a.resource.ends_with(".fifo");
    (a.service == "sqs"
        && region_ok(a.region)
        && a.account.len() == 12
        && a.account.bytes().all(|b| b.is_ascii_digit())
        && name_ok
        && dot_only_fifo
        && a.resource.find('.') == a.resource.rfind('.'))
    .then_some(a)
}

/// An IAM managed policy: `arn:aws:iam::aws:policy/NAME` or a customer policy of an account.
pub fn is_managed_policy(arn: &str) -> bool {
    parse(arn).is_some_and(|a| {
        a.service == "iam"
            && a.region.is_empty()
            && (a.account == "aws" || account_ok(a.account))
            && a.resource.strip_prefix("policy/").is_some_and(name_ok)
    })
}

/// An IAM role ARN; returns its account.
pub fn role_account(arn: &str) -> Option<&str> {
    let a = parse(arn)?;
    (a.service == "iam"
        && a.region.is_empty()
        && account_ok(a.account)
        && a.resource.strip_prefix("role/").is_some_and(name_ok))
    .then_some(a.account)
}

/// An EKS cluster's IAM OIDC provider, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcProvider {
    pub arn: String,
    pub partition: String,
    pub account: String,
    /// The cluster's region.
    pub region: String,
    /// `oidc.eks.REGION.amazonaws.com/id/ID`: the prefix of the trust policy's condition keys.
    pub issuer: String,
}

/// `arn:aws:iam::ACCOUNT:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID`.
pub fn parse_oidc_provider(arn: &str) -> Option<OidcProvider> {
    let a = parse(arn)?;
    let issuer = a.resource.strip_prefix("oidc-provider/")?;
    let (host, id) = issuer.split_once("/id/")?;
    let region = host
        .strip_prefix("oidc.eks.")?
        .strip_suffix(".amazonaws.com")
        .or_else(|| {
            host.strip_prefix("oidc.eks.")?
                .strip_suffix(".amazonaws.com.cn")
        })?;
    let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric());
    (a.service == "iam"
        && a.region.is_empty()
        && account_ok(a.account)
        && region_ok(region)
        && id_ok)
        .then(|| OidcProvider {
            arn: arn.to_owned(),
            partition: a.partition.to_owned(),
            account: a.account.to_owned(),
            region: region.to_owned(),
            issuer: issuer.to_owned(),
        })
}

/// A regional WAFv2 web ACL: `arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID`; returns
/// its region.
pub fn waf_acl_region(arn: &str) -> Option<&str> {
    let a = parse(arn)?;
    let rest = a.resource.strip_prefix("regional/webacl/")?;
    let (name, id) = rest.split_once('/')?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    (a.service == "wafv2" && region_ok(a.region) && account_ok(a.account) && ok(name) && ok(id))
        .then_some(a.region)
}

/// An ALB listener: `arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/app/NAME/ID/ID`;
/// returns its region.
pub fn alb_listener_region(arn: &str) -> Option<&str> {
    let a = parse(arn)?;
    let parts: Vec<&str> = a.resource.split('/').collect();
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    (a.service == "elasticloadbalancing"
        && region_ok(a.region)
        && account_ok(a.account)
        && parts.len() == 5
        && parts[0] == "listener"
        && parts[1] == "app"
        && !parts[2].is_empty()
        && hex(parts[3])
        && hex(parts[4]))
    .then_some(a.region)
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
        let partial = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db";
        assert_eq!(secret_policy_resource(partial), format!("{partial}-??????"));
        let complete = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf";
        assert_eq!(secret_policy_resource(complete), complete);
        // Six characters after the last hyphen read as the random suffix, as Secrets Manager does.
        assert!(secret_is_complete(
            "arn:aws:secretsmanager:us-east-1:1:secret:api-key123"
        ));
        assert!(!secret_is_complete(
            "arn:aws:secretsmanager:us-east-1:1:secret:api-key12"
        ));
        assert!(!secret_is_complete(
            "arn:aws:secretsmanager:us-east-1:1:secret:-AbCdEf"
        ));
        assert_eq!(parse_secret("arn:aws:s3:::bucket"), None);
        assert!(is_certificate(
            "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"
        ));
        assert!(!is_certificate("arn:aws:acm:us-east-1:123:certificate/abc"));
    }

    #[test]
    fn iam_and_shared_infrastructure() {
        assert!(is_managed_policy(
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
        ));
        assert!(is_managed_policy(
            "arn:aws:iam::123456789012:policy/team/orders-read"
        ));
        assert!(!is_managed_policy("AmazonS3ReadOnlyAccess"));
        assert_eq!(
            role_account("arn:aws:iam::123456789012:role/app"),
            Some("123456789012")
        );
        assert_eq!(role_account("arn:aws:iam::123456789012:user/app"), None);
        let oidc = parse_oidc_provider(
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
        );
        assert_eq!(
            oidc.map(|o| o.issuer),
            Some("oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE".into())
        );
        assert_eq!(
            waf_acl_region(
                "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
            ),
            Some("us-east-1")
        );
        assert_eq!(
            waf_acl_region("arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop/a1b2"),
            None
        );
        assert_eq!(
            alb_listener_region(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2"
            ),
            Some("us-east-1")
        );
        assert_eq!(
            alb_listener_region(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/shared/50dc/f2f7"
            ),
            None
        );
        assert!(parse("arn:aws:s3:::orders-bucket/*").is_some());
        assert!(parse("arn:aws:sqs:us-east-1:123456789012:orders").is_some());
        assert!(parse("orders").is_none());
    }
}
