//! Exposure (`twinform exposure`, the summary's section, the sentences of `diff`): what each
//! service is reachable from on each target, and the committed review artifacts
//! `examples/{shop,estate}/EXPOSURE.md`, kept fresh here.

mod common;

use twinform::review::{Exposure, Level, exposure, exposure_render};

const SHOP: &str = include_str!("../examples/shop/twinform.toml");
const ESTATE: &str = include_str!("../examples/estate/twinform.toml");

fn exposure_of(text: &str, env: Option<&str>) -> Exposure {
    exposure(&common::model(text, env))
}

/// The shop with an internal `billing` service that `api` calls.
fn shop_with_billing(billing: &str) -> String {
    let shop = SHOP.replacen("calls = [\"auth\"]", "calls = [\"auth\", \"billing\"]", 1);
    assert_ne!(shop, SHOP, "the shop's api no longer calls auth alone");
    format!(
        "{shop}\n[services.billing]\nimage = \"public.ecr.aws/acme/billing:1.0.0\"\nport = 8090\nhealth = {{ command = [\"/app/healthcheck\"] }}\n{billing}"
    )
}

#[test]
fn levels_per_target() {
    let shop = exposure_of(&shop_with_billing(""), Some("prod"));
    let api = shop.service("api").unwrap();
    assert_eq!(api.ecs.level, Level::Internet);
    assert_eq!(api.ecs.via, ["shop.example.com/api"]);
    assert_eq!(api.ecs.callers, ["frontend"]);
    let billing = shop.service("billing").unwrap();
    // Only its caller's security group is admitted on ECS; on EKS Fargate the NetworkPolicy
    // that says the same is not enforced.
    assert_eq!(
        (billing.ecs.level, billing.ecs.callers.as_slice()),
        (Level::Callers, &["api".to_owned()][..])
    );
    assert_eq!(
        (billing.eks.level, billing.eks.declared),
        (Level::Vpc, Level::Callers)
    );

    let estate = exposure_of(ESTATE, Some("prod"));
    assert_eq!(
        estate.service("order-worker").unwrap().widest(),
        Level::None
    );
    assert_eq!(estate.service("nightly-report").unwrap().kind, "job");
    // Without a host the entry point names the load balancer.
    let bare = exposure_of(
        &SHOP.replace("domain = \"shop.example.com\", ", ""),
        Some("prod"),
    );
    assert_eq!(bare.service("api").unwrap().ecs.via, ["<alb>/api"]);
    // An internal load balancer: the VPC, through it.
    let internal = exposure_of(
        &SHOP.replace("public = true", "public = false"),
        Some("prod"),
    );
    let api = internal.service("api").unwrap();
    assert_eq!((api.ecs.level, api.eks.level), (Level::Vpc, Level::Vpc));
}

#[test]
fn a_widened_service_is_said_in_words() {
    let old = exposure_of(&shop_with_billing(""), Some("prod"));
    let new = exposure_of(&shop_with_billing("route = \"/billing\"\n"), Some("prod"));
    assert_eq!(
        exposure_render::changes(&old, &new),
        ["billing is now reachable from the internet via shop.example.com/billing"]
    );
    // And back: narrowed, said per target where the targets differ.
    insta::assert_snapshot!(exposure_render::changes(&new, &old).join("\n"), @r"
    On ECS, billing is no longer reachable from the internet: now only from its callers (api)
    On EKS, billing is no longer reachable from the internet: now only from the VPC
    ");
}

#[test]
fn callers_hosts_and_new_services_are_said_in_words() {
    let old = exposure_of(SHOP, Some("prod"));
    let rehosted = exposure_of(
        &SHOP.replace("shop.example.com", "www.example.com"),
        Some("prod"),
    );
    let internal = exposure_of(
        &SHOP.replace("public = true", "public = false"),
        Some("prod"),
    );
    let billing = exposure_of(&shop_with_billing(""), Some("prod"));
    let lines = [
        exposure_render::changes(&old, &rehosted),
        exposure_render::changes(&old, &internal),
        exposure_render::changes(&old, &billing),
        exposure_render::changes(&billing, &old),
        exposure_render::changes(&old, &old),
    ]
    .map(|c| c.join("\n"));
    insta::assert_snapshot!(lines.join("\n--\n"), @r"
    api is now reachable from the internet via www.example.com/api and is no longer reachable via shop.example.com/api
    auth is now reachable from the internet via www.example.com/auth and is no longer reachable via shop.example.com/auth
    frontend is now reachable from the internet via www.example.com/ and is no longer reachable via shop.example.com/
    --
    api is no longer reachable from the internet: now only from the VPC via shop.example.com/api
    auth is no longer reachable from the internet: now only from the VPC via shop.example.com/auth
    frontend is no longer reachable from the internet: now only from the VPC via shop.example.com/
    --
    billing is new and reachable from its callers (api) on ECS, from the VPC on EKS
    --
    billing is removed: it was reachable from the VPC
    --
    ");
}

#[test]
fn text_of_the_estate() {
    let estate = exposure_of(ESTATE, Some("prod"));
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            "exposure_estate_prod",
            exposure_render::text(&estate, Some("prod"))
        );
    });
}

/// `examples/{shop,estate}/EXPOSURE.md` are what `twinform exposure --env prod --format
/// markdown` prints; `TWINFORM_UPDATE_EXPOSURE=1` rewrites them.
#[test]
fn committed_exposure_artifacts_are_fresh() {
    for (name, text) in [("shop", SHOP), ("estate", ESTATE)] {
        let markdown = exposure_render::markdown(&exposure_of(text, Some("prod")), Some("prod"));
        let path = format!("examples/{name}/EXPOSURE.md");
        if std::env::var_os("TWINFORM_UPDATE_EXPOSURE").is_some() {
            std::fs::write(&path, &markdown).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            committed, markdown,
            "{path} is stale: rerun with TWINFORM_UPDATE_EXPOSURE=1"
        );
        assert!(markdown.contains("| Service | Kind | ECS | EKS |"));
    }
}

fn codes(text: &str, env: Option<&str>) -> Vec<&'static str> {
    twinform::check_source("twinform.toml", text, env)
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

/// The resilience lints fire where their problem is, and only there: Spot behind an internal
/// load balancer is off the internet's path (TF156), a single routed replica outside production
/// is TF101's (TF158), and each example is quiet about Spot and production redundancy.
#[test]
fn resilience_lints_stay_quiet_without_their_problem() {
    let spot = include_str!("bad/TF156_spot_on_public_path.toml");
    assert!(codes(spot, None).contains(&"TF156"));
    let internal = format!("{spot}\n[ingress]\npublic = false\n");
    assert!(!codes(&internal, None).contains(&"TF156"));

    let single = include_str!("bad/TF158_routed_single_replica_in_production.toml");
    assert_eq!(
        codes(single, Some("live"))
            .iter()
            .filter(|c| **c == "TF158")
            .count(),
        2
    );
    let outside = codes(single, None);
    assert!(
        !outside.contains(&"TF158") && outside.contains(&"TF101"),
        "{outside:?}"
    );
    let staging = single.replace("environments.live", "environments.staging");
    assert!(!codes(&staging, Some("staging")).contains(&"TF158"));

    for (name, text) in [("shop", SHOP), ("estate", ESTATE)] {
        for env in [None, Some("prod")] {
            let found = codes(text, env);
            assert!(
                !found.contains(&"TF156") && !found.contains(&"TF158"),
                "{name} {env:?}: {found:?}"
            );
        }
    }
}
