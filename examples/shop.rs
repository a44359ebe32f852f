//! The shop app of `examples/shop/twinform.toml`, written with the typed Rust builder.
//!
//! `cargo run --example shop -- [ENV]` prints the spec as TOML text, then synthesizes it and
//! lists the files it would write. `tests/examples.rs` proves the output is byte-identical to
//! the TOML file's.

use twinform::builder::{
    App, Autoscale, Environment, FargateSize, Health, Ingress, Kubernetes, Network, NotASize,
    ResourcePatch, Service,
};
use twinform::spec::Nat;

/// The shop: frontend (route `/`), auth (route `/auth`, scales on its own), api (calls auth).
pub fn shop() -> Result<App, NotASize> {
    let half_vcpu = FargateSize::new(512, 1024)?;
    Ok(App::new("shop")
        .region("us-east-1")
        .log_retention_days(30)
        .tag("team", "web")
        .tag("cost-center", "42")
        .network(Network::new().cidr("10.0.0.0/16").azs(2).nat(Nat::Single))
        .ingress(Ingress::new().public(true))
        .service(
            Service::new("frontend")
                .image("public.ecr.aws/acme/frontend:1.4.2")
                .port(8080)
                .route("/")
                .calls(["api", "auth"])
                .env("LOG_LEVEL", "info")
                .env("API_URL", "${services.api.url}")
                .env("AUTH_URL", "${services.auth.url}"),
        )
        .service(
            Service::new("auth")
                .image("public.ecr.aws/acme/auth:2.0.1")
                .port(9000)
                .route("/auth")
                .size(half_vcpu)
                .health(Health::new().path("/auth/healthz"))
                .secret("JWT_SIGNING_KEY", "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/jwt-AbCdEf")
                .autoscale(Autoscale::new(2, 10).cpu(60)),
        )
        .service(
            Service::new("api")
                .image("public.ecr.aws/acme/api:3.2.0")
                .port(8081)
                .route("/api")
                .calls(["auth"])
                .size(half_vcpu)
                .env("LOG_LEVEL", "info")
                .env("AUTH_URL", "${services.auth.url}")
                .secret(
                    "DB_PASSWORD",
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf:password::",
                ),
        )
        .kubernetes(Kubernetes::new().namespace("shop"))
        .environment(
            "dev",
            Environment::new()
                .network(Network::new().nat(Nat::None))
                .service("api", |s| s.replicas(1))
                .service("frontend", |s| s.replicas(1)),
        )
        .environment(
            "prod",
            Environment::new()
                .network(Network::new().azs(3).nat(Nat::PerAz))
                .ingress(
                    Ingress::new()
                        .certificate_arn(
                            "arn:aws:acm:us-east-1:123456789012:certificate/0f5e4c1a-7d2b-4e8f-9a3c-6b1d2e3f4a5b",
                        )
                        .domain("shop.example.com")
                        .deletion_protection(true),
                )
                .service("auth", |s| s.autoscale(Autoscale::new(3, 20)))
                .service("api", |s| s.replicas(3))
                .patch(
                    ResourcePatch::cloudformation(
                        "ApiService",
                        "ECS leaves AZ rebalancing off on services created before it existed; prod runs in 3 AZs",
                    )
                    .add("/Properties/AvailabilityZoneRebalancing", "ENABLED".into()),
                )
                .patch(
                    ResourcePatch::kubernetes(
                        "Deployment/api",
                        "keep five old ReplicaSets so `kubectl rollout undo` reaches last week's release",
                    )
                    .add("/spec/revisionHistoryLimit", 5.into()),
                ),
        ))
}

#[allow(dead_code)] // used when run as `cargo run --example shop`; tests include this file
fn main() {
    let env = std::env::args().nth(1);
    let app = match shop() {
        Ok(app) => app,
        Err(size) => {
            eprintln!("{size}");
            std::process::exit(1);
        }
    };
    println!("{}", app.to_toml());
    let options = twinform::Options {
        env,
        ..Default::default()
    };
    // Diagnostics name this file and line: the builder records where each call was written.
    match twinform::synthesize_app(&app, &options) {
        Ok(synthesis) => {
            for (path, bytes) in &synthesis.files {
                eprintln!("{path} ({} bytes)", bytes.len());
            }
        }
        Err(checked) => {
            let source = twinform::diag::Source {
                name: &checked.located.name,
                text: &checked.located.text,
            };
            eprint!(
                "{}",
                twinform::diag::render::plain(&checked.diagnostics, source)
            );
            std::process::exit(1);
        }
    }
}
