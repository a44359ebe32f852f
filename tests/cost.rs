//! `twinform cost` in the library: the shop's range computed by hand, what each target counts,
//! the EKS pod size against the requests the emitter writes, the committed COST.md review
//! artifacts, the output formats, and the price table's generator.

mod common;

use common::{model, outputs};
use twinform::cost::{self, Range, Target, render};

const SHOP: &str = include_str!("../examples/shop/twinform.toml");
const ESTATE: &str = include_str!("../examples/estate/twinform.toml");

/// Nano-dollars from a decimal written as in the arithmetic below.
fn usd(text: &str) -> i64 {
    cost::parse_dollars(text).unwrap()
}

fn estimate(text: &str, env: Option<&str>) -> cost::Estimate {
    cost::estimate(&model(text, env), env).unwrap()
}

fn total(e: &cost::Estimate, target: Target) -> Range {
    e.target(target).unwrap().total
}

fn line<'e>(e: &'e cost::Estimate, target: Target, item: &str) -> Option<&'e cost::Line> {
    e.target(target)?.lines.iter().find(|l| l.item == item)
}

/// The shop without an overlay, us-east-1, prices of 2026-12-06, 730 h a month.
///
/// Per task-hour: 0.5 vCPU / 1 GB = 0.5 × $0.04048 + 1 × $0.004445 = $0.024685;
/// 0.25 vCPU / 0.5 GB = 0.25 × $0.04048 + 0.5 × $0.004445 = $0.0123425.
/// Per month (× 730): $18.02005 and $9.010025.
/// - api: 2 tasks → $36.0401; auth: 2–10 → $36.0401–$180.2005; frontend: 2 → $18.02005
/// - one ALB: $0.0225 × 730 = $16.425; one NAT gateway (`nat = "single"`): $0.045 × 730 =
///   $32.85; the log key: $1
/// - ECS: 36.0401 + 36.0401 + 18.02005 + 16.425 + 32.85 + 1 = $140.37525 at min;
///   36.0401 + 180.2005 + 18.02005 + 16.425 + 32.85 + 1 = $284.53565 at max
/// - EKS (pods at the same sizes, the ALB, no NAT or key): $106.52525–$250.68565, and the
///   cluster fee $0.10 × 730 = $73 apart
#[test]
fn the_shop_costs_what_the_hand_arithmetic_says() {
    let e = estimate(SHOP, None);
    assert_eq!(
        total(&e, Target::Ecs),
        Range {
            min: usd("140.37525"),
            max: usd("284.53565")
        }
    );
    assert_eq!(
        total(&e, Target::Eks),
        Range {
            min: usd("106.52525"),
            max: usd("250.68565")
        }
    );
    let auth = line(&e, Target::Ecs, "service `auth`").unwrap();
    assert_eq!(
        auth.monthly,
        Range {
            min: usd("36.0401"),
            max: usd("180.2005")
        }
    );
    assert_eq!(auth.basis, "2–10 × 0.5 vCPU / 1 GB, x86");
    let fee = &e.target(Target::Eks).unwrap().apart[0];
    assert_eq!(fee.monthly, Range::fixed(usd("73")));
    assert_eq!(
        render::one_line(&e),
        "ECS on Fargate $140.38–$284.54/month; EKS on Fargate $106.53–$250.69/month \
         plus $73.00 EKS cluster fee (not created by twinform)"
    );
}

/// Prod: api 3 tasks (3 × $18.02005 = $54.06015), auth 3–20 ($54.06015–$360.401), frontend 2
/// ($18.02005), the ALB ($16.425), three NAT gateways (`per-az`, 3 AZs: 3 × $32.85 = $98.55),
/// the key ($1): $242.11535–$548.4562 on ECS; less the NAT gateways and the key, $142.56535–
/// $448.9062 on EKS.
#[test]
fn the_shop_in_prod_pins_its_range() {
    let e = estimate(SHOP, Some("prod"));
    assert_eq!(
        total(&e, Target::Ecs),
        Range {
            min: usd("242.11535"),
            max: usd("548.4562")
        }
    );
    assert_eq!(
        total(&e, Target::Eks),
        Range {
            min: usd("142.56535"),
            max: usd("448.9062")
        }
    );
    assert_eq!(
        line(&e, Target::Ecs, "NAT gateways").unwrap().monthly,
        Range::fixed(usd("98.55"))
    );
}

/// dev has `nat = "none"`: tasks in public subnets, no NAT gateway to pay for.
#[test]
fn no_nat_gateway_no_nat_line() {
    let e = estimate(SHOP, Some("dev"));
    assert!(line(&e, Target::Ecs, "NAT gateways").is_none());
    assert!(line(&e, Target::Ecs, "KMS key").is_some());
}

/// estate `shared`: an existing VPC (no NAT twinform pays for) and a shared listener (no ALB on
/// ECS), while the EKS Ingress group still gets an ALB of its own from the controller.
#[test]
fn a_shared_listener_and_an_existing_vpc_create_nothing_on_ecs() {
    let e = estimate(ESTATE, Some("shared"));
    assert!(line(&e, Target::Ecs, "NAT gateways").is_none());
    assert!(line(&e, Target::Ecs, "load balancers").is_none());
    let eks = line(&e, Target::Eks, "load balancers").unwrap();
    assert!(eks.basis.starts_with("1 ALB"), "{}", eks.basis);
    let out = outputs(ESTATE, Some("shared"), &[]);
    assert!(
        out.objects.contains_key("Ingress/estate"),
        "{:?}",
        out.objects.keys()
    );
}

/// ARM and Spot are ECS's: image-resizer is billed at ARM rates on ECS and x86 on EKS; the
/// Spot job per hour of run time at Spot rates on ECS only; storage beyond 20 GiB on both.
#[test]
fn arm_spot_and_storage_are_priced_per_target() {
    let e = estimate(ESTATE, Some("prod"));
    let ecs = line(&e, Target::Ecs, "service `image-resizer`").unwrap();
    let eks = line(&e, Target::Eks, "service `image-resizer`").unwrap();
    assert!(ecs.basis.ends_with(", ARM"), "{}", ecs.basis);
    // 2 vCPU / 4 GB: ARM 2 × 0.03238 + 4 × 0.00356 = $0.0790 an hour, x86 2 × 0.04048 + 4 ×
    // 0.004445 = $0.09874.
    assert_eq!(ecs.monthly.min, usd("0.0790") * 730 * 2);
    assert_eq!(eks.monthly.min, usd("0.09874") * 730 * 2);
    let job = |t: Target| e.target(t).unwrap().jobs_per_run_hour[0].monthly.max;
    // 0.5 vCPU / 1 GB on Spot: 0.5 × 0.01334053 + 0.00146489 = $0.008135155.
    assert_eq!(job(Target::Ecs), usd("0.008135155"));
    assert_eq!(job(Target::Eks), usd("0.024685"));
    assert!(line(&e, Target::Ecs, "storage `search`").is_some());
    assert!(line(&e, Target::Eks, "storage `search`").is_some());
}

/// The size `cost` bills a pod at is the size Fargate gives the requests the emitter writes:
/// the larger of the biggest init container and the sum of the others, plus 256 MiB, rounded
/// up to a Fargate size.
/// <https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html>
#[test]
fn eks_pods_are_billed_at_the_size_their_requests_round_up_to() {
    let quantity = |v: &serde_json::Value| -> u32 {
        let text = v.as_str().unwrap();
        if let Some(milli) = text.strip_suffix('m') {
            milli.parse::<u32>().unwrap() * 1024 / 1000
        } else if let Some(mi) = text.strip_suffix("Mi") {
            mi.parse().unwrap()
        } else {
            text.parse::<u32>().unwrap() * 1024
        }
    };
    for env in common::estate_environments() {
        let env = env.as_deref();
        let m = model(ESTATE, env);
        let out = outputs(ESTATE, env, &[]);
        for service in &m.services {
            let pod =
                &out.objects[&format!("Deployment/{}", service.name)]["spec"]["template"]["spec"];
            let requests = |list: &serde_json::Value| -> Vec<(u32, u32, bool)> {
                list.as_array().map_or_else(Vec::new, |cs| {
                    cs.iter()
                        .map(|c| {
                            let r = &c["resources"]["requests"];
                            // A native sidecar (restartPolicy Always) runs beside the app.
                            let running = c["restartPolicy"] == "Always";
                            (quantity(&r["cpu"]), quantity(&r["memory"]), running)
                        })
                        .collect()
                })
            };
            let mut all = requests(&pod["containers"]);
            all.extend(requests(&pod["initContainers"]));
            let running: Vec<_> = all.iter().filter(|c| c.2).collect();
            let init = requests(&pod["initContainers"]);
            let sum = requests(&pod["containers"])
                .iter()
                .chain(running)
                .fold((0, 0), |(c, m), r| (c + r.0, m + r.1));
            let init_max = init
                .iter()
                .filter(|c| !c.2)
                .fold((0, 0), |(c, m), r| (c.max(r.0), m.max(r.1)));
            let needed = (sum.0.max(init_max.0), sum.1.max(init_max.1) + 256);
            let size = twinform::fargate::smallest_at_least(needed.0.into(), needed.1.into());
            assert_eq!(
                Some(cost::eks_pod_size(service)),
                size,
                "{} in {env:?}: requests {all:?}",
                service.name
            );
        }
    }
}

#[test]
fn a_region_without_prices_is_named_with_the_ones_covered() {
    let text = SHOP.replacen("region = \"us-east-1\"", "region = \"ap-south-1\"", 1);
    let text = text.replace("us-east-1", "ap-south-1");
    let err = cost::estimate(&model(&text, None), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "twinform's price table (2026-12-06) has no prices for Region `ap-south-1`; it covers eu-west-1, us-east-1"
    );
}

/// COST.md beside SUMMARY.md: what reviewers read, kept fresh like SUMMARY.md
/// (`TWINFORM_UPDATE_COST=1 cargo test --test cost` rewrites them).
#[test]
fn committed_cost_reports_are_fresh() {
    for (path, text) in [
        ("examples/shop/COST.md", SHOP),
        ("examples/estate/COST.md", ESTATE),
    ] {
        let report = render::markdown(&estimate(text, Some("prod")));
        if std::env::var_os("TWINFORM_UPDATE_COST").is_some() {
            std::fs::write(path, &report).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            committed, report,
            "{path} is stale: rerun with TWINFORM_UPDATE_COST=1"
        );
    }
}

#[test]
fn the_three_formats_of_the_shop_in_prod() {
    let e = estimate(SHOP, Some("prod"));
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!("cost__shop_prod.txt", render::text(&e));
        insta::assert_snapshot!("cost__shop_prod.md", render::markdown(&e));
        insta::assert_snapshot!("cost__shop_prod.json", render::json(&e));
    });
    let json: serde_json::Value = serde_json::from_str(&render::json(&e)).unwrap();
    assert_eq!(json["targets"][0]["total"]["min"], usd("242.11535"));
}

/// The generator reads the offer files' layout: the Region's row of each usage type (behind a
/// Region prefix or bare), the ALB's and not the NLB's hour, on-demand prices as decimal text.
/// CI has python3 (`.ci/run` uses it).
#[test]
fn the_price_generator_reads_offer_files() {
    let output = std::process::Command::new("python3")
        .args([
            "scripts/prices.py",
            "--offers",
            "tests/cost/offers",
            "--date",
            "2026-12-06",
            "--region",
            "us-east-1",
            "--verified",
            "us-east-1",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = String::from_utf8(output.stdout).unwrap();
    let expected = std::fs::read_to_string("tests/cost/prices.expected.json").unwrap();
    assert_eq!(written, expected);
    // Its us-east-1 row is the committed table's: same rates, same format.
    let generated = cost::Table::parse(&written).unwrap();
    let pinned = cost::Table::pinned().unwrap();
    assert_eq!(generated.regions["us-east-1"], pinned.regions["us-east-1"]);
    // A Region the offer files lack is an error, not a guess.
    let output = std::process::Command::new("python3")
        .args([
            "scripts/prices.py",
            "--offers",
            "tests/cost/offers",
            "--date",
            "x",
            "--region",
            "eu-west-1",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("eu-west-1"));
}
