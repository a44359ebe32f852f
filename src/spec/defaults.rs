//! Every default of the spec, in one place. `model::lower` applies them; the JSON Schema shows
//! them (via `#[schemars(extend("default" = ...))]` on the fields).

use super::{Nat, Protocol};

pub const REGION: &str = "us-east-1";
pub const LOG_RETENTION_DAYS: i64 = 30;
pub const CIDR: &str = "10.0.0.0/16";
pub const AZS: i64 = 2;
pub const NAT: Nat = Nat::Single;
pub const PUBLIC: bool = true;
pub const DELETION_PROTECTION: bool = false;
pub const PROTOCOL: Protocol = Protocol::Http;
pub const CPU: i64 = 256;
pub const MEMORY: i64 = 512;
pub const REPLICAS: i64 = 2;
pub const SPOT: bool = false;
pub const EXEC: bool = false;
pub const PLATFORM: super::Platform = super::Platform::Amd64;
pub const HEALTH_PATH: &str = "/healthz";
/// The standard gRPC health method, the default `health.path` of a `grpc` service.
pub const GRPC_HEALTH_PATH: &str = "/grpc.health.v1.Health/Check";
pub const HEALTH_INTERVAL: i64 = 15;
pub const HEALTH_TIMEOUT: i64 = 5;
pub const HEALTH_HEALTHY: i64 = 2;
pub const HEALTH_UNHEALTHY: i64 = 3;
pub const HEALTH_GRACE: i64 = 60;
pub const SECRET_STORE: &str = "aws-secrets-manager";
pub const PARAMETER_STORE: &str = "aws-parameter-store";
pub const SIDECAR_CPU: i64 = 128;
pub const SIDECAR_MEMORY: i64 = 256;
pub const SIDECAR_ESSENTIAL: bool = false;
/// The non-root `UID:GID` of every container (≥ 10000 for checkov CKV_K8S_40).
pub const USER: &str = "10001:10001";
/// `volume-init`'s image: busybox, pinned, from ECR Public (no Docker Hub pull limits).
pub const VOLUME_INIT_IMAGE: &str = "public.ecr.aws/docker/library/busybox:1.37.0";
/// A job's retries (EventBridge Scheduler `MaximumRetryAttempts`, the Job's `backoffLimit`).
pub const JOB_RETRIES: i64 = 2;
pub const STRATEGY: super::Strategy = super::Strategy::Rolling;
/// ECS's own default bake for blue/green, linear and canary, written explicitly.
pub const BAKE_MINUTES: i64 = 15;
/// ECS's defaults (`CanaryConfiguration`, `LinearConfiguration`).
pub const CANARY_PERCENT: i64 = 5;
pub const CANARY_MINUTES: i64 = 10;
pub const STEP_PERCENT: i64 = 10;
pub const STEP_MINUTES: i64 = 6;
