#!/usr/bin/env python3
"""Writes twinform's pinned price table (src/cost/prices.json) from the public AWS price list
offer files, read from local paths: twinform never fetches prices at run time.

Download the five offer files (large: AmazonEC2 is several GB) into one directory, under these
names, then run the script and review the diff of the table:

  curl -o offers/AmazonECS.json https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonECS/current/index.json
  curl -o offers/AWSELB.json    https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AWSELB/current/index.json
  curl -o offers/AmazonEC2.json https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/index.json
  curl -o offers/awskms.json    https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/awskms/current/index.json
  curl -o offers/AmazonEKS.json https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEKS/current/index.json
  python3 scripts/prices.py --offers offers --date YYYY-MM-DD --region us-east-1 --region eu-west-1 \
      --verified us-east-1 --notes-from src/cost/prices.json > src/cost/prices.json.new
  mv src/cost/prices.json.new src/cost/prices.json

`--verified REGION` marks the Regions whose figures a person checked against the public pricing
pages on that date; `--notes-from` keeps the table's `verification` notes (update them too).
Prices are copied as the decimal strings the offer files hold (trailing zeros trimmed), never
through a float. Python 3 standard library only.
"""

import argparse
import json
import os
import re
import sys

OFFERS = ["AmazonECS", "AWSELB", "AmazonEC2", "awskms", "AmazonEKS"]
SOURCE = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/{}/current/index.json"

# Table key -> (offer, product family or None for any, usage type without its Region prefix).
KEYS = [
    ("fargate_vcpu_hour", "AmazonECS", None, "Fargate-vCPU-Hours:perCPU"),
    ("fargate_gb_hour", "AmazonECS", None, "Fargate-GB-Hours"),
    ("fargate_arm_vcpu_hour", "AmazonECS", None, "Fargate-ARM-vCPU-Hours:perCPU"),
    ("fargate_arm_gb_hour", "AmazonECS", None, "Fargate-ARM-GB-Hours"),
    ("fargate_spot_vcpu_hour", "AmazonECS", None, "SpotUsage-Fargate-vCPU-Hours:perCPU"),
    ("fargate_spot_gb_hour", "AmazonECS", None, "SpotUsage-Fargate-GB-Hours"),
    ("fargate_spot_arm_vcpu_hour", "AmazonECS", None, "SpotUsage-Fargate-ARM-vCPU-Hours:perCPU"),
    ("fargate_spot_arm_gb_hour", "AmazonECS", None, "SpotUsage-Fargate-ARM-GB-Hours"),
    ("fargate_storage_gb_hour", "AmazonECS", None, "Fargate-EphemeralStorage-GB-Hours"),
    ("alb_hour", "AWSELB", "Load Balancer-Application", "LoadBalancerUsage"),
    ("alb_lcu_hour", "AWSELB", "Load Balancer-Application", "LCUUsage"),
    ("nat_hour", "AmazonEC2", "NAT Gateway", "NatGateway-Hours"),
    ("nat_gb", "AmazonEC2", "NAT Gateway", "NatGateway-Bytes"),
    ("kms_key_month", "awskms", None, "KMS-Keys"),
    ("eks_cluster_hour", "AmazonEKS", None, "AmazonEKS-Hours:perCluster"),
]

# `USE1-`, `EU-`, `EUW2-`, `APS1-`: the Region prefix of a usage type (us-east-1 often has none).
PREFIX = re.compile(r"^[A-Z]{2,4}[0-9]?-")


def usage_is(usagetype, want):
    """Whether `usagetype` is `want`, bare or behind a Region prefix (`KMS-Keys` is bare)."""
    prefix = PREFIX.match(usagetype)
    return usagetype == want or (prefix is not None and usagetype[prefix.end():] == want)


def decimal(text):
    """`0.0404800000` -> `0.04048`; refuses anything but a plain decimal of <= 9 places."""
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
        raise ValueError(f"not a decimal price: {text!r}")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if "." in text and len(text.split(".")[1]) > 9:
        raise ValueError(f"more than 9 decimal places: {text!r}")
    return text


def on_demand(offer, sku):
    """The single USD price of a SKU's on-demand term (the first tier when tiered)."""
    terms = offer.get("terms", {}).get("OnDemand", {}).get(sku, {})
    prices = []
    for term in terms.values():
        for dim in term.get("priceDimensions", {}).values():
            if dim.get("beginRange", "0") in ("0", "0.0"):
                prices.append(dim["pricePerUnit"]["USD"])
    if len(prices) != 1:
        raise ValueError(f"SKU {sku}: expected one first-tier on-demand price, found {prices}")
    return decimal(prices[0])


def rate(offers, region, offer_name, family, usagetype):
    offer = offers[offer_name]
    found = {}
    for sku, product in offer.get("products", {}).items():
        attrs = product.get("attributes", {})
        if attrs.get("regionCode") != region or not usage_is(attrs.get("usagetype", ""), usagetype):
            continue
        if family is not None and product.get("productFamily") != family:
            continue
        found[sku] = on_demand(offer, sku)
    prices = sorted(set(found.values()))
    if len(prices) != 1:
        raise ValueError(f"{offer_name} {region} {usagetype}: expected one price, found {prices or 'none'}")
    return prices[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offers", required=True, help="directory holding the five offer files")
    parser.add_argument("--date", required=True, help="the date the offer files were downloaded")
    parser.add_argument("--region", action="append", required=True)
    parser.add_argument("--verified", action="append", default=[])
    parser.add_argument("--notes-from", help="an existing table whose `verification` is kept")
    args = parser.parse_args()
    offers = {}
    for name in OFFERS:
        with open(os.path.join(args.offers, name + ".json"), encoding="utf-8") as f:
            offers[name] = json.load(f)
    notes = []
    if args.notes_from:
        with open(args.notes_from, encoding="utf-8") as f:
            notes = json.load(f).get("verification", [])
    regions = {}
    for region in sorted(set(args.region)):
        row = {"verified": region in args.verified}
        for key, offer_name, family, usagetype in KEYS:
            row[key] = rate(offers, region, offer_name, family, usagetype)
        regions[region] = row
    table = {
        "date": args.date,
        "currency": "USD",
        "hours_per_month": 730,
        "sources": [SOURCE.format(name) for name in OFFERS],
        "verification": notes,
        "regions": regions,
    }
    sys.stdout.write(json.dumps(table, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"prices.py: {e}")
