//! Rule: on a shared listener, no two cases of the book (any spec, any environment) claim the
//! same listener-rule priority: environments and apps that share a load balancer must be given
//! disjoint `ingress.priority_range`s. Priorities are unique per listener, and creating a rule
//! with a number another rule holds fails with `PriorityInUse`.
//! Source: <https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateRule.html>
//! (`Priority`: "A listener can't have multiple rules with the same priority"), `PriorityInUse`
//! in its errors.

use super::harness::{assert_holds, cases};
use std::collections::BTreeMap;

/// (case label, listener ARN, priorities of its rules on that listener).
type Claim = (String, String, Vec<u64>);

fn claims() -> Vec<Claim> {
    cases()
        .filter_map(|case| {
            let shared = case.model.ingress.shared_listener.as_ref()?;
            let priorities = case
                .resources_of("AWS::ElasticLoadBalancingV2::ListenerRule")
                .filter_map(|(_, _, rule)| rule["Properties"]["Priority"].as_u64())
                .collect();
            Some((case.label(), shared.listener_arn.clone(), priorities))
        })
        .collect()
}

fn violations(claims: &[Claim]) -> Vec<String> {
    let mut owner: BTreeMap<(&str, u64), &str> = BTreeMap::new();
    let mut out = Vec::new();
    for (label, listener, priorities) in claims {
        for &priority in priorities {
            match owner.insert((listener.as_str(), priority), label.as_str()) {
                Some(other) if other != label => out.push(format!(
                    "{label} and {other} both put a rule at priority {priority} on {listener}"
                )),
                _ => {}
            }
        }
    }
    out
}

#[test]
fn cases_sharing_a_listener_claim_distinct_priorities() {
    let claims = claims();
    assert!(
        claims.len() >= 2,
        "fewer than two cases share a listener: the rule checks nothing"
    );
    assert_holds(
        "distinct priorities on a shared listener",
        violations(&claims),
    );
}

#[test]
fn two_cases_at_one_number_are_reported() {
    let mut claims = claims();
    let (label, listener, priorities) = claims[0].clone();
    claims.push((format!("{label}-copy"), listener, priorities[..1].to_vec()));
    assert_eq!(violations(&claims).len(), 1);
}
