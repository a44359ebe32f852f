//! The VPC (or the given one): subnets across the AZs, internet gateway, NAT per `nat`, route
//! tables, EKS subnet-discovery tags (the security-group types are in `resources/ec2.rs`).

use super::intrinsic::{Expr, LogicalId};
use super::refs::NetworkRefs;
use super::resources::ec2::{
    Eip, InternetGateway, NatGateway, Route, RouteTable, Subnet, SubnetRouteTableAssociation, Vpc,
    VpcGatewayAttachment,
};
use super::template::{Parameter, Resource, Template, tags};
use crate::model::{Model, Nat, Network};

/// Private address space, when the VPC's own CIDR is not known.
const RFC1918: [&str; 3] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

const ELB_ROLE_TAG: &str = "kubernetes.io/role/elb";
const INTERNAL_ELB_ROLE_TAG: &str = "kubernetes.io/role/internal-elb";

/// Emits the managed VPC (nothing for an existing one) and returns the references to it.
pub fn emit(model: &Model, t: &mut Template) -> NetworkRefs {
    let app = &model.app;
    let (cidr, nat, layout) = match &model.network {
        Network::Existing {
            vpc_id,
            public_subnets,
            private_subnets,
        } => {
            let cidrs: Vec<Expr> = match &model.kubernetes.vpc_cidr {
                Some(cidr) => vec![cidr.into()],
                None => RFC1918.iter().map(|&c| c.into()).collect(),
            };
            // The IDs become parameters defaulting to the spec's values: the same template
            // deploys into another account's VPC with `--parameter-overrides`.
            let vpc = LogicalId::named("VpcId");
            let public = LogicalId::named("PublicSubnetIds");
            let private = LogicalId::named("PrivateSubnetIds");
            let subnet_list = "List<AWS::EC2::Subnet::Id>";
            add_parameter(
                t,
                &vpc,
                "AWS::EC2::VPC::Id",
                vpc_id.clone(),
                "The existing VPC",
            );
            // Only an internet-facing load balancer uses the public subnets (an unused
            // parameter is cfn-lint W2001).
            let public_used = model.ingress.public
                && model.ingress.shared_listener.is_none()
                && model.services.iter().any(|s| s.route().is_some());
            if public_used {
                add_parameter(
                    t,
                    &public,
                    subnet_list,
                    public_subnets.join(","),
                    "Public subnets, one per AZ (the load balancer's)",
                );
            }
            add_parameter(
                t,
                &private,
                subnet_list,
                private_subnets.join(","),
                "Private subnets, one per AZ (the tasks')",
            );
            let select = |list: &LogicalId, n: usize| -> Vec<Expr> {
                (0..n as u32)
                    .map(|i| Expr::Select(i, Box::new(list.r#ref())))
                    .collect()
            };
            return NetworkRefs {
                vpc_id: vpc.r#ref(),
                public_subnets: if public_used {
                    select(&public, public_subnets.len())
                } else {
                    Vec::new()
                },
                private_subnets: select(&private, private_subnets.len()),
                internal_cidrs: cidrs,
                internet_attachment: None,
                public_egress: Vec::new(),
                private_egress: Vec::new(),
            };
        }
        Network::Managed {
            cidr, nat, layout, ..
        } => (cidr, *nat, layout),
    };
    let id = |kind: &str| LogicalId::new(&app.logical_id, kind);
    let tag = |extra: &[(&str, &str)]| tags(&app.tags, extra);

    let vpc = id("Vpc");
    t.add(
        &vpc,
        Vpc {
            cidr_block: cidr.clone(),
            enable_dns_hostnames: true,
            enable_dns_support: true,
            tags: tag(&[]),
        },
    );
    let igw = id("InternetGateway");
    t.add(&igw, InternetGateway { tags: tag(&[]) });
    let attachment = id("InternetGatewayAttachment");
    t.add(
        &attachment,
        VpcGatewayAttachment {
            internet_gateway_id: igw.r#ref(),
            vpc_id: vpc.r#ref(),
        },
    );

    let public_table = id("PublicRouteTable");
    t.add(
        &public_table,
        RouteTable {
            vpc_id: vpc.r#ref(),
            tags: tag(&[]),
        },
    );
    let public_route = Resource::from(Route {
        destination_cidr_block: "0.0.0.0/0",
        gateway_id: Some(igw.r#ref()),
        nat_gateway_id: None,
        route_table_id: public_table.r#ref(),
    });
    let public_default_route = id("PublicDefaultRoute");
    t.add(
        &public_default_route,
        public_route.depends_on([attachment.clone()]),
    );

    let mut refs = NetworkRefs {
        vpc_id: vpc.r#ref(),
        public_subnets: Vec::new(),
        private_subnets: Vec::new(),
        internal_cidrs: vec![vpc.get_att("CidrBlock")],
        internet_attachment: Some(attachment.clone()),
        public_egress: vec![public_default_route],
        private_egress: Vec::new(),
    };
    let nats: Vec<LogicalId> = match nat {
        Nat::None => Vec::new(),
        Nat::Single => vec![id("NatGateway1")],
        Nat::PerAz => (1..=layout.public.len())
            .map(|n| id(&format!("NatGateway{n}")))
            .collect(),
    };
    let subnets = layout.public.iter().zip(&layout.private);
    for (i, (az, (public_cidr, private_cidr))) in (0u32..).zip(subnets).enumerate() {
        let n = i + 1;
        let az = Expr::az(az);
        let public = id(&format!("PublicSubnet{n}"));
        t.add(
            &public,
            Subnet {
                availability_zone: az.clone(),
                cidr_block: public_cidr.clone(),
                map_public_ip_on_launch: false,
                vpc_id: vpc.r#ref(),
                tags: tag(&[(ELB_ROLE_TAG, "1")]),
            },
        );
        let public_association = id(&format!("PublicSubnet{n}RouteTableAssociation"));
        refs.public_egress.push(public_association.clone());
        t.add(
            &public_association,
            SubnetRouteTableAssociation {
                route_table_id: public_table.r#ref(),
                subnet_id: public.r#ref(),
            },
        );
        let private = id(&format!("PrivateSubnet{n}"));
        t.add(
            &private,
            Subnet {
                availability_zone: az,
                cidr_block: private_cidr.clone(),
                map_public_ip_on_launch: false,
                vpc_id: vpc.r#ref(),
                tags: tag(&[(INTERNAL_ELB_ROLE_TAG, "1")]),
            },
        );
        // One private table per AZ whatever `nat` is, so switching single <-> per-az only
        // re-points routes instead of re-associating subnets.
        let private_table = id(&format!("PrivateRouteTable{n}"));
        t.add(
            &private_table,
            RouteTable {
                vpc_id: vpc.r#ref(),
                tags: tag(&[]),
            },
        );
        let private_association = id(&format!("PrivateSubnet{n}RouteTableAssociation"));
        refs.private_egress.push(private_association.clone());
        t.add(
            &private_association,
            SubnetRouteTableAssociation {
                route_table_id: private_table.r#ref(),
                subnet_id: private.r#ref(),
            },
        );
        if let Some(nat_id) = nats.get(i) {
            let eip = id(&format!("NatEip{n}"));
            t.add(
                &eip,
                Resource::from(Eip {
                    domain: "vpc",
                    tags: tag(&[]),
                })
                .depends_on([attachment.clone()]),
            );
            t.add(
                nat_id,
                NatGateway {
                    allocation_id: eip.get_att("AllocationId"),
                    subnet_id: public.r#ref(),
                    tags: tag(&[]),
                },
            );
        }
        // Same-AZ NAT when there is one per AZ, else the single one.
        if let Some(nat_id) = nats.get(i).or(nats.first()) {
            let private_route = id(&format!("PrivateDefaultRoute{n}"));
            refs.private_egress.push(private_route.clone());
            t.add(
                &private_route,
                Route {
                    destination_cidr_block: "0.0.0.0/0",
                    gateway_id: None,
                    nat_gateway_id: Some(nat_id.r#ref()),
                    route_table_id: private_table.r#ref(),
                },
            );
        }
        refs.public_subnets.push(public.r#ref());
        refs.private_subnets.push(private.r#ref());
    }
    refs
}

fn add_parameter(
    t: &mut Template,
    id: &LogicalId,
    kind: &'static str,
    default: String,
    description: &str,
) {
    t.parameters.insert(
        id.clone(),
        Parameter {
            kind,
            default: Some(default),
            description: description.to_owned(),
        },
    );
}
