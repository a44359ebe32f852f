//! The load balancer's edge: the WAF association, listener certificates beyond the default,
//! Route 53 alias records for the service hosts, and the references of a shared listener.

use super::intrinsic::{Expr, LogicalId};
use super::refs::{BalancerRefs, LoadBalancerRefs, balancer_id};
use super::resources::elbv2::{Certificate, ListenerCertificate};
use super::resources::route53::{AliasTarget, RecordSet, RecordSetGroup};
use super::resources::wafv2::WebAclAssociation;
use super::template::{Parameter, Template};
use crate::model::{Model, SharedListener};
use crate::names::short_hash;

/// One listener certificate per ARN, named by the load balancer's label and a hash of the ARN so
/// that adding or removing a certificate leaves the others untouched.
fn listener_certificates<'a>(
    model: &Model,
    label: &str,
    arns: impl IntoIterator<Item = &'a str>,
    listener: &Expr,
    t: &mut Template,
) {
    for arn in arns {
        let kind = format!("ListenerCertificate{label}{}", short_hash(&[arn], 8));
        t.add(
            &LogicalId::new(&model.app.logical_id, &kind),
            ListenerCertificate {
                certificates: vec![Certificate {
                    certificate_arn: arn.to_owned(),
                }],
                listener_arn: listener.clone(),
            },
        );
    }
}

/// The edge of a load balancer this template creates: every ALB serves every certificate (a
/// host's certificate is not known from its ARN) and sits behind the same web ACL.
pub fn emit(
    model: &Model,
    label: &str,
    load_balancer: &LogicalId,
    listener: &LogicalId,
    t: &mut Template,
) {
    let ingress = &model.ingress;
    if let Some(acl) = &ingress.waf_acl_arn {
        t.add(
            &balancer_id(model, "WebAclAssociation", label),
            WebAclAssociation {
                resource_arn: load_balancer.r#ref(),
                web_acl_arn: acl.clone(),
            },
        );
    }
    listener_certificates(
        model,
        label,
        ingress.extra_certificates.iter().map(String::as_str),
        &listener.r#ref(),
        t,
    );
}

/// Every host's alias record, pointing at the load balancer its routes are on.
pub fn dns_records(model: &Model, t: &mut Template) {
    let app = &model.app;
    let Some(zone) = &model.ingress.hosted_zone_id else {
        return;
    };
    // A parameter defaulting to the spec's zone: the same template serves another account's
    // zone with `--parameter-overrides`, like an existing VPC's IDs.
    let zone_id = LogicalId::named("HostedZoneId");
    t.parameters.insert(
        zone_id.clone(),
        Parameter {
            kind: "AWS::Route53::HostedZone::Id",
            default: Some(zone.clone()),
            description: "The Route 53 hosted zone of the service hosts".to_owned(),
        },
    );
    let mut record_sets: Vec<RecordSet> = model
        .ingress
        .load_balancers
        .iter()
        .flat_map(|balancer| {
            let load_balancer = balancer_id(model, "LoadBalancer", &balancer.label);
            balancer.hosts.iter().flatten().map(move |host| RecordSet {
                alias_target: AliasTarget {
                    dns_name: load_balancer.get_att("DNSName"),
                    evaluate_target_health: true,
                    hosted_zone_id: load_balancer.get_att("CanonicalHostedZoneID"),
                },
                name: host.clone(),
                kind: "A",
            })
        })
        .collect();
    record_sets.sort_by(|a, b| a.name.cmp(&b.name));
    t.add(
        &LogicalId::new(&app.logical_id, "DnsRecords"),
        RecordSetGroup {
            comment: format!("Hosts of {} on its load balancer", app.name),
            hosted_zone_id: zone_id.r#ref(),
            record_sets,
        },
    );
}

/// A listener of a load balancer outside the template: its ARN and security group become
/// parameters defaulting to the spec's values, and every certificate is attached to it.
pub fn shared_listener(
    model: &Model,
    shared: &SharedListener,
    t: &mut Template,
) -> LoadBalancerRefs {
    let listener = LogicalId::named("ListenerArn");
    let group = LogicalId::named("LoadBalancerSecurityGroupId");
    t.parameters.insert(
        listener.clone(),
        Parameter {
            kind: "String",
            default: Some(shared.listener_arn.clone()),
            description: "The shared ALB listener that carries the service rules".to_owned(),
        },
    );
    t.parameters.insert(
        group.clone(),
        Parameter {
            kind: "AWS::EC2::SecurityGroup::Id",
            default: Some(shared.security_group.clone()),
            description: "The shared load balancer's security group".to_owned(),
        },
    );
    listener_certificates(
        model,
        "",
        model.ingress.certificates(),
        &listener.r#ref(),
        t,
    );
    // `arn:…:listener/app/NAME/ID/LISTENER` → `app/NAME/ID`, the load balancer's full name.
    let part = |i: u32| Expr::Select(i, Box::new(Expr::Split("/", Box::new(listener.r#ref()))));
    LoadBalancerRefs {
        security_group: group.r#ref(),
        balancers: vec![BalancerRefs {
            label: String::new(),
            full_name: Expr::Join("/", vec![part(1), part(2), part(3)]),
            rules_listener: listener.r#ref(),
            listener_resource: None,
        }],
    }
}
