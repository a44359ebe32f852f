#!/usr/bin/env python3
"""Wrap a template that deploys into an existing VPC for moto-deploy.

moto knows no VPC it did not create, so this writes a root template that creates a VPC with one
public and one private subnet per AZ, and deploys TEMPLATE as a nested stack whose VpcId /
PublicSubnetIds / PrivateSubnetIds parameters point at them: the same template, its parameters
overridden as `aws cloudformation deploy --parameter-overrides` would.

usage: moto-existing-vpc.py TEMPLATE.json ROOT_OUT.json  -> prints the moto-deploy arguments
"""
import json
import sys

URL = "https://s3.amazonaws.com/twinform-ci/existing-vpc-child.template.json"

template_path, root_path = sys.argv[1], sys.argv[2]
template = json.load(open(template_path))
params = template.get("Parameters", {})
azs = len(params["PrivateSubnetIds"]["Default"].split(","))

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
resources["Existing"] = {
    "Type": "AWS::CloudFormation::Stack",
    "Properties": {
        "TemplateURL": URL,
        "Parameters": {
            name: ({"Ref": "Vpc"} if name == "VpcId" else {"Fn::Join": [",", lists[name]]})
            for name in ("VpcId", "PublicSubnetIds", "PrivateSubnetIds")
            if name in params
        },
    },
}
json.dump({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}, open(root_path, "w"), indent=1)
print(root_path, f"{template_path}@{URL}")
