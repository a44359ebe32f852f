//! One rule per file, `tfNNN_name.rs`, named after the code it reports; `ALL` runs them in
//! registry order (the order does not matter: diagnostics are sorted afterwards).

use super::Context;
use crate::diag::Diagnostic;

mod tf003_missing_key;
mod tf004_app_name;
mod tf005_service_name;
mod tf006_identifier_collision;
mod tf007_fargate_size;
mod tf008_port;
mod tf009_route_syntax;
mod tf010_route_conflict;
mod tf011_route_on_tcp;
mod tf012_grpc_without_certificate;
mod tf013_unknown_call;
mod tf014_self_call;
mod tf015_secret_arn;
mod tf016_env_secret_clash;
mod tf017_replicas_with_autoscale;
mod tf018_autoscale_range;
mod tf019_requests_without_route;
mod tf020_health_bounds;
mod tf021_network_azs;
mod tf022_network_cidr;
mod tf023_existing_vpc;
mod tf024_certificate_arn;
mod tf025_domain;
mod tf026_overlay_adds_service;
mod tf027_overlay_changes_app_name;
mod tf028_cluster_without_subnets;
mod tf030_no_services;
mod tf031_priority_band_full;
mod tf032_log_retention;
mod tf033_region;
mod tf034_replicas;
mod tf035_kubernetes_name;
mod tf036_tag;
mod tf037_env_name;
mod tf038_image;
mod tf040_load_balancer_capacity;
mod tf041_security_group_rules;
mod tf042_service_reference;
mod tf050_ephemeral_storage;
mod tf051_image_tag;
mod tf052_tag_override;
mod tf053_calls_worker;
mod tf054_worker_health;
mod tf055_sidecar_size;
mod tf056_sidecar_name;
mod tf060_waf_acl_arn;
mod tf061_iam_action;
mod tf062_iam_wildcard_resource;
mod tf063_iam_arn;
mod tf064_iam_role_exclusive;
mod tf065_oidc_provider;
mod tf066_host;
mod tf067_hosted_zone;
mod tf068_shared_listener;
mod tf069_priority_range;
mod tf070_shared_listener_new_vpc;
pub(crate) mod tf071_user;
mod tf072_volume_init_image;
mod tf073_registry_credentials;
mod tf074_job_schedule;
mod tf075_job_timezone;
mod tf076_job_name;
mod tf077_job_calls;
mod tf078_job_size;
mod tf079_job_value;
mod tf080_jobs_in_root;
mod tf081_deploy_invalid;
mod tf082_deploy_without_route;
mod tf083_deploy_too_long;
mod tf084_canary_service_taken;
mod tf085_queue;
mod tf086_queue_on_server;
mod tf087_queue_from_zero;
mod tf088_volume;
mod tf089_volume_conflict;
mod tf096_patch_shape;
mod tf100_unpinned_image;
mod tf101_single_replica;
pub(crate) mod tf102_secret_in_env;
mod tf103_privileged_port;
mod tf104_requests_not_mapped;
mod tf105_spot_ignored_on_eks;
mod tf106_account_quotas;
mod tf107_stale_service_url;
mod tf115_iam_without_eks;
mod tf120_call_cycle;
mod tf121_health_unchecked_on_ecs;
mod tf122_low_uid;
mod tf125_secret_elsewhere;
mod tf126_shared_namespace;
mod tf127_arm64_on_eks;
mod tf128_exec_with_existing_role;
mod tf129_job_overlap_on_ecs;
mod tf130_job_timeout_on_ecs;
mod tf135_queue_with_existing_role;
mod tf136_queue_on_existing_cluster;
mod tf137_queue_without_eks_role;
mod tf138_volume_with_existing_role;
mod tf152_eks_needs_argo_rollouts;
mod tf153_deploy_waits_in_stack_update;
mod tf154_health_grace_exceeds_bake;
mod tf156_spot_on_public_path;
pub(crate) mod tf157_caller_outscales_callee;
pub(crate) mod tf158_routed_single_replica_in_production;

/// A rule: reads the spec, pushes diagnostics.
pub type Rule = fn(&Context<'_>, &mut Vec<Diagnostic>);

pub const ALL: &[Rule] = &[
    tf003_missing_key::check,
    tf004_app_name::check,
    tf005_service_name::check,
    tf006_identifier_collision::check,
    tf007_fargate_size::check,
    tf008_port::check,
    tf009_route_syntax::check,
    tf010_route_conflict::check,
    tf011_route_on_tcp::check,
    tf012_grpc_without_certificate::check,
    tf013_unknown_call::check,
    tf014_self_call::check,
    tf015_secret_arn::check,
    tf016_env_secret_clash::check,
    tf017_replicas_with_autoscale::check,
    tf018_autoscale_range::check,
    tf019_requests_without_route::check,
    tf020_health_bounds::check,
    tf021_network_azs::check,
    tf022_network_cidr::check,
    tf023_existing_vpc::check,
    tf024_certificate_arn::check,
    tf025_domain::check,
    tf026_overlay_adds_service::check,
    tf027_overlay_changes_app_name::check,
    tf028_cluster_without_subnets::check,
    tf030_no_services::check,
    tf031_priority_band_full::check,
    tf032_log_retention::check,
    tf033_region::check,
    tf034_replicas::check,
    tf035_kubernetes_name::check,
    tf036_tag::check,
    tf037_env_name::check,
    tf038_image::check,
    tf040_load_balancer_capacity::check,
    tf041_security_group_rules::check,
    tf042_service_reference::check,
    tf050_ephemeral_storage::check,
    tf051_image_tag::check,
    tf052_tag_override::check,
    tf053_calls_worker::check,
    tf054_worker_health::check,
    tf055_sidecar_size::check,
    tf056_sidecar_name::check,
    tf060_waf_acl_arn::check,
    tf061_iam_action::check,
    tf062_iam_wildcard_resource::check,
    tf063_iam_arn::check,
    tf064_iam_role_exclusive::check,
    tf065_oidc_provider::check,
    tf066_host::check,
    tf067_hosted_zone::check,
    tf068_shared_listener::check,
    tf069_priority_range::check,
    tf070_shared_listener_new_vpc::check,
    tf071_user::check,
    tf072_volume_init_image::check,
    tf073_registry_credentials::check,
    tf074_job_schedule::check,
    tf075_job_timezone::check,
    tf076_job_name::check,
    tf077_job_calls::check,
    tf078_job_size::check,
    tf079_job_value::check,
    tf080_jobs_in_root::check,
    tf081_deploy_invalid::check,
    tf082_deploy_without_route::check,
    tf083_deploy_too_long::check,
    tf084_canary_service_taken::check,
    tf085_queue::check,
    tf086_queue_on_server::check,
    tf087_queue_from_zero::check,
    tf088_volume::check,
    tf089_volume_conflict::check,
    tf096_patch_shape::check,
    tf100_unpinned_image::check,
    tf101_single_replica::check,
    tf102_secret_in_env::check,
    tf103_privileged_port::check,
    tf104_requests_not_mapped::check,
    tf105_spot_ignored_on_eks::check,
    tf106_account_quotas::check,
    tf107_stale_service_url::check,
    tf115_iam_without_eks::check,
    tf120_call_cycle::check,
    tf121_health_unchecked_on_ecs::check,
    tf122_low_uid::check,
    tf125_secret_elsewhere::check,
    tf126_shared_namespace::check,
    tf127_arm64_on_eks::check,
    tf128_exec_with_existing_role::check,
    tf129_job_overlap_on_ecs::check,
    tf130_job_timeout_on_ecs::check,
    tf135_queue_with_existing_role::check,
    tf136_queue_on_existing_cluster::check,
    tf137_queue_without_eks_role::check,
    tf138_volume_with_existing_role::check,
    tf152_eks_needs_argo_rollouts::check,
    tf153_deploy_waits_in_stack_update::check,
    tf154_health_grace_exceeds_bake::check,
    tf156_spot_on_public_path::check,
    tf157_caller_outscales_callee::check,
    tf158_routed_single_replica_in_production::check,
];
