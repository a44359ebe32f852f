//! The EKS Fargate-profile template: the profile that schedules the app's namespace on Fargate,
//! its pod execution role, and the services' IRSA roles.

use super::iam;
use super::ids::{Ids, ServiceResource};
use super::intrinsic::LogicalId;
use super::resources::eks::{FargateProfile, Selector};
use super::template::{Template, tags};
use crate::model::{EksCluster, EksRole, Model};

pub fn template(model: &Model, cluster: &EksCluster) -> Template {
    let app = &model.app;
    let mut t = Template::new(format!("twinform: EKS Fargate profile for {}", app.name));
    let role = LogicalId::new(&app.logical_id, "PodExecutionRole");
    t.add(
        &role,
        iam::pod_execution_role(&cluster.name, tags(&app.tags, &[])),
    );
    let profile = LogicalId::new(&app.logical_id, "FargateProfile");
    t.add(
        &profile,
        FargateProfile {
            cluster_name: cluster.name.clone(),
            pod_execution_role_arn: role.get_att("Arn"),
            selectors: vec![Selector {
                namespace: model.kubernetes.namespace.clone(),
            }],
            subnets: cluster.private_subnets.clone(),
            tags: tags(&app.tags, &[]),
        },
    );
    // One IRSA role per service or job with permissions, named so the ServiceAccount knows
    // its ARN.
    if let Some(oidc) = &model.kubernetes.oidc_provider {
        for service in model
            .services
            .iter()
            .chain(model.jobs.iter().map(|j| &j.task))
        {
            if let Some(EksRole::Irsa { name, .. }) = &service.eks_role {
                t.add(
                    &Ids(service).of(ServiceResource::IrsaRole),
                    iam::irsa_role(
                        service,
                        oidc,
                        &model.kubernetes.namespace,
                        name,
                        tags(&app.tags, &[]),
                    ),
                );
            }
        }
    }
    t.output(
        "FargateProfileName",
        "Name of the EKS Fargate profile",
        profile.r#ref(),
    );
    t.output(
        "PodExecutionRoleArn",
        "ARN of the Fargate pod execution role",
        role.get_att("Arn"),
    );
    t
}
