//! IAM actions of the spec's `[services.NAME.iam]` statements: their shape, and whether an
//! action only reads (the one case where a `*` resource is accepted). A leaf module shared by
//! `check` and tests.

/// Action-name prefixes that only read, by AWS's naming convention: `Get*`, `List*`,
/// `Describe*` and the query forms. Anything else counts as a write.
pub const READ_PREFIXES: &[&str] = &[
    "Get", "List", "Describe", "BatchGet", "Query", "Scan", "Select", "Search", "Lookup", "View",
    "Head",
];

/// What ECS Exec's agent needs of Session Manager: the channels it opens. These actions have no
/// resource type, so `*` is the only resource they take.
/// <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html> ("IAM permissions
/// required for ECS Exec").
pub const ECS_EXEC_ACTIONS: [&str; 4] = [
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
];

/// What a queue consumer needs, the same on the ECS task role and the EKS IRSA role; KEDA reads
/// the backlog with `sqs:GetQueueAttributes` as that same role (`identityOwner: workload`).
pub const SQS_CONSUMER_ACTIONS: [&str; 4] = [
    "sqs:ChangeMessageVisibility",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:ReceiveMessage",
];

/// The service account of KEDA's operator as its Helm chart installs it (namespace `keda`): the
/// IRSA role of a queue worker also trusts it, because KEDA's `identityOwner: workload` reads
/// the queue by assuming the worker's role with the operator's own web identity.
pub const KEDA_OPERATOR_SUBJECT: &str = "system:serviceaccount:keda:keda-operator";

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionError {
    /// Not `service:Action`.
    Shape,
    /// `*` or `service:*`: every action.
    AllActions,
}

/// Checks `service:Action` (`[a-z0-9-]+` : letters, digits and the IAM wildcards `*` `?`).
pub fn check_action(action: &str) -> Result<(), ActionError> {
    if action == "*" {
        return Err(ActionError::AllActions);
    }
    let Some((service, name)) = action.split_once(':') else {
        return Err(ActionError::Shape);
    };
    let service_ok = !service.is_empty()
        && service
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"*?".contains(&b));
    if !service_ok || !name_ok {
        return Err(ActionError::Shape);
    }
    if name.bytes().all(|b| b == b'*') {
        return Err(ActionError::AllActions);
    }
    Ok(())
}

/// Whether an action only reads: its name starts with a read prefix (IAM matches action names
/// case-insensitively) and no wildcard reaches into the prefix itself (`s3:*Object` may write).
pub fn is_read_only(action: &str) -> bool {
    let Some((_, name)) = action.split_once(':') else {
        return false;
    };
    READ_PREFIXES.iter().any(|prefix| {
        name.len() >= prefix.len()
            && name.is_char_boundary(prefix.len())
            && name[..prefix.len()].eq_ignore_ascii_case(prefix)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions() {
        assert_eq!(check_action("sqs:ReceiveMessage"), Ok(()));
        assert_eq!(check_action("s3:Get*"), Ok(()));
        assert_eq!(check_action("*"), Err(ActionError::AllActions));
        assert_eq!(check_action("s3:*"), Err(ActionError::AllActions));
        assert_eq!(check_action("ReceiveMessage"), Err(ActionError::Shape));
        assert_eq!(check_action("sqs:Receive Message"), Err(ActionError::Shape));
        assert!(is_read_only("s3:GetObject"));
        assert!(is_read_only("dynamodb:query"));
        assert!(is_read_only("ec2:Describe*"));
        assert!(!is_read_only("s3:PutObject"));
        assert!(!is_read_only("s3:*Object"));
        assert!(!is_read_only("sqs:DeleteMessage"));
    }
}
