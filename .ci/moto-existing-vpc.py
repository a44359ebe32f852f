#!/usr/bin/env python3
"""Wrap a template that deploys into existing infrastructure for moto-deploy.

moto knows no resource it did not create, so this writes a root template that creates what the
template's parameters name, and deploys TEMPLATE as a nested stack with those parameters
pointing at them: the same template, its parameters overridden as
`aws cloudformation deploy --parameter-overrides` would.

  VpcId / PublicSubnetIds / PrivateSubnetIds   a VPC with one public and one private subnet per AZ
  ListenerArn / LoadBalancerSecurityGroupId    a shared ALB (in that VPC), its HTTP listener and SG
  ClusterName                                  an ECS cluster
  HostedZoneId                                 a Route 53 hosted zone

usage: moto-existing-vpc.py TEMPLATE.json ROOT_OUT.json  -> prints the moto-deploy arguments
"""
import json
import sys

URL = "https://s3.amazonaws.com/twinform-ci/existing-vpc-child.template.json"

template_path, root_path = sys.argv[1], sys.argv[2]
template = json.load(open(template_path))
params = template.get("Parameters", {})
azs = len(params["PrivateSubnetIds"]["Default"].split(",")) if "PrivateSubnetIds" in params else 2

resources = {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.20.0.0/16"}}}
lists = {"PublicSubnetIds": [], "PrivateSubnetIds": []}
for i in range(azs):
    for kind, offset in (("PublicSubnetIds", 0), ("PrivateSubnetIds", 16)):
        name = f"{kind[:-3]}{i}"
        resources[name] = {
            "Type": "AWS::EC2::Subnet",
            "Properties": {
                "VpcId": {"Ref": "Vpc"},
                "CidrBlock": f"10.20.{offset + i}.0/24",
                "AvailabilityZone": {"Fn::Select": [i, {"Fn::GetAZs": ""}]},
            },
        }
        lists[kind].append({"Ref": name})
values = {
    "VpcId": {"Ref": "Vpc"},
    "PublicSubnetIds": {"Fn::Join": [",", lists["PublicSubnetIds"]]},
    "PrivateSubnetIds": {"Fn::Join": [",", lists["PrivateSubnetIds"]]},
}
if "ListenerArn" in params or "LoadBalancerSecurityGroupId" in params:
    resources["SharedLoadBalancerSecurityGroup"] = {
        "Type": "AWS::EC2::SecurityGroup",
        "Properties": {"GroupDescription": "shared load balancer", "VpcId": {"Ref": "Vpc"}},
    }
    resources["SharedLoadBalancer"] = {
        "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "Properties": {
            "Subnets": lists["PublicSubnetIds"],
            "SecurityGroups": [{"Fn::GetAtt": ["SharedLoadBalancerSecurityGroup", "GroupId"]}],
        },
    }
    resources["SharedListener"] = {
        "Type": "AWS::ElasticLoadBalancingV2::Listener",
        "Properties": {
            "LoadBalancerArn": {"Ref": "SharedLoadBalancer"},
            "Port": 80,
            "Protocol": "HTTP",
            "DefaultActions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}],
        },
    }
    values["ListenerArn"] = {"Ref": "SharedListener"}
    values["LoadBalancerSecurityGroupId"] = {"Fn::GetAtt": ["SharedLoadBalancerSecurityGroup", "GroupId"]}
if "ClusterName" in params:
    resources["SharedCluster"] = {"Type": "AWS::ECS::Cluster", "Properties": {}}
    values["ClusterName"] = {"Ref": "SharedCluster"}
if "HostedZoneId" in params:
    resources["Zone"] = {"Type": "AWS::Route53::HostedZone", "Properties": {"Name": "example.com"}}
    values["HostedZoneId"] = {"Ref": "Zone"}
unknown = sorted(set(params) - set(values))
if unknown:
    sys.exit(f"moto-existing-vpc.py: no stand-in for parameters {unknown}")
resources["Existing"] = {
    "Type": "AWS::CloudFormation::Stack",
    "Properties": {
        "TemplateURL": URL,
        "Parameters": {name: values[name] for name in sorted(params)},
    },
}
json.dump({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}, open(root_path, "w"), indent=1)
print(root_path, f"{template_path}@{URL}")
