//! The registry of diagnostic codes: one line each, a stable code, a severity and a
//! one-paragraph explanation. Codes are never reused or renumbered. The explanation is the one
//! home of what a rule checks and why (with its sources); rule files point here
//! (`tests/registry.rs` keeps them from restating it).

use super::Severity;
use serde::{Serialize, Serializer};

macro_rules! codes {
    ($( $variant:ident = $code:literal, $severity:ident, $summary:literal, $explanation:literal; )*) => {
        /// A stable diagnostic code (`TF001`...).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// `TF0xx`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// A few words naming the problem.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }

            /// One paragraph: what is checked and why.
            pub fn explanation(self) -> &'static str {
                match self { $( Code::$variant => $explanation, )* }
            }
        }
    };
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

codes! {
    Syntax = "TF000", Error, "TOML syntax error",
        "The file is not valid TOML, so nothing else can be checked. The span points at the first place the parser could not continue.";
    UnknownKey = "TF001", Error, "unknown key",
        "A key that the spec format does not define. A typo in a deployment spec silently drops a setting, so every unknown key is an error, reported with the closest valid key.";
    InvalidValue = "TF002", Error, "wrong type or invalid value",
        "A value has the wrong TOML type (a string where a number is expected) or is not one of the allowed words (`nat = \"singel\"`).";
    MissingKey = "TF003", Error, "missing required key",
        "A required key is absent: `app.name`, `image` for every service, `port` for a service with a `route`, and `name` and `image` for every sidecar and init container. A service without `port` and `route` is not incomplete: it is a worker.";
    AppName = "TF004", Error, "invalid app name",
        "`app.name` must be a DNS-1123 label (lowercase letters, digits and `-`, starting and ending with a letter or digit) of at most 20 characters: it prefixes AWS names and is the default Kubernetes namespace.";
    ServiceName = "TF005", Error, "invalid service name",
        "A service name must be a DNS-1035 label of at most 32 characters (`^[a-z]([-a-z0-9]*[a-z0-9])?$`): it becomes a Kubernetes Service name and the host name in `http://<service>:<port>` on both targets.";
    IdentifierCollision = "TF006", Error, "derived identifiers collide",
        "Two service names that differ only in `-` (for example `auth-v2` and `authv2`) derive the same CloudFormation logical ID prefix, so their resources would overwrite each other. The same holds for a service whose resources would take the ID of an app-level resource (`shop-load-balancer` would give `ShopLoadBalancerSecurityGroup`, the shop ALB's security group).";
    FargateSize = "TF007", Error, "not a Fargate size",
        "`cpu` and `memory` must be one of the 74 task sizes Fargate offers. They are the billed size on both targets and are never grown silently; the help names the smallest valid size at least as large and the nearest smaller one.";
    Port = "TF008", Error, "port out of range",
        "A container port must be between 1 and 65535.";
    RouteSyntax = "TF009", Error, "invalid route",
        "A route is a path prefix: it starts with `/`, uses only `A-Z a-z 0-9 . _ ~ / -`, has no empty segment, at most 9 segments and 100 characters. A trailing `/` is removed when normalizing.";
    RouteConflict = "TF010", Error, "routes conflict",
        "Two services have the same route after normalization (`/api` and `/api/`), so the load balancer cannot tell them apart. Nested routes (`/api` and `/api/v2`) are fine: the longer one wins. Routes are unique per host (the service's `host`, else `ingress.domain`), not across hosts.";
    RouteOnTcp = "TF011", Error, "route on a tcp service",
        "An Application Load Balancer routes HTTP and gRPC only; a `tcp` service cannot have a `route`.";
    GrpcWithoutCertificate = "TF012", Error, "routed gRPC service without a certificate",
        "An ALB serves gRPC only over an HTTPS listener, so a routed `grpc` service needs `ingress.certificate_arn`.";
    UnknownCall = "TF013", Error, "call to an unknown service",
        "Every name in `calls` must be a service of the spec: calls open security groups and network policies and wire Service Connect.";
    SelfCall = "TF014", Error, "service calls itself",
        "A service does not need to list itself in `calls`; it reaches itself locally.";
    SecretArn = "TF015", Error, "not a secret ARN",
        "A `secrets` value must be a Secrets Manager secret ARN (`arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME`) or an SSM parameter ARN (`arn:aws:ssm:REGION:ACCOUNT:parameter/NAME`), in the app's partition. A partial Secrets Manager ARN (the name without the `-` and six random characters) is accepted: the execution role then names `…:secret:NAME-??????`, which the complete ARN IAM evaluates matches. A name ending in `-` and six letters or digits reads as complete, as in Secrets Manager itself.";
    EnvSecretClash = "TF016", Error, "variable in both env and secrets",
        "The same variable name appears in `env` and in `secrets`; the container would get one of them silently.";
    ReplicasWithAutoscale = "TF017", Error, "replicas together with autoscale",
        "With `autoscale` the count is owned by the scaler; a fixed `replicas` would reset it on every deploy. Use `autoscale.min` instead.";
    AutoscaleRange = "TF018", Error, "invalid autoscale range",
        "`autoscale` needs `min` and `max` with 1 <= min <= max <= 1000, at least one target (`cpu`, `memory` or `requests_per_target`), `cpu` and `memory` targets between 1 and 100 percent, and `requests_per_target` between 1 and 1,000,000.";
    RequestsWithoutRoute = "TF019", Error, "requests_per_target without a route",
        "`requests_per_target` scales on the ALB's request count per target, which only a routed service has.";
    HealthBounds = "TF020", Error, "health check out of bounds",
        "Health settings must fit the ALB: interval 5..=300 s, timeout 2..=120 s and below the interval, healthy/unhealthy thresholds 2..=10, grace 0..=3600 s, and a path starting with `/` (at most 1024 printable ASCII characters, no spaces).";
    NetworkAzs = "TF021", Error, "invalid number of AZs",
        "`network.azs` must be 2 or 3: an ALB needs two AZs, and the subnet layout is pinned for up to three.";
    NetworkCidr = "TF022", Error, "invalid VPC CIDR",
        "`network.cidr` must be an IPv4 CIDR with a prefix between /16 and /20 and no host bits set; the subnet layout is derived from it and pinned (changing it later replaces subnets).";
    ExistingVpc = "TF023", Error, "incomplete existing VPC",
        "With `network.vpc_id` (a `vpc-` ID) the spec must list `public_subnets` and `private_subnets`, one subnet per AZ (2 or 3, or exactly `azs` when given), as distinct `subnet-` IDs, and may not set `cidr` or `nat` (settings of a new VPC; an overlay that switches to an existing VPC inherits the base's without error); without `vpc_id` neither list may be given.";
    CertificateArn = "TF024", Error, "not an ACM certificate ARN",
        "`ingress.certificate_arn` and every `ingress.certificate_arns` entry must look like `arn:aws:acm:REGION:ACCOUNT:certificate/ID`, in the app's partition and region: an ALB can only use ACM certificates from its own region.";
    Domain = "TF025", Error, "invalid domain",
        "`ingress.domain` must be a DNS name (labels of letters, digits and `-`, separated by dots), at most 128 characters, as an ALB host condition allows.";
    OverlayAddsService = "TF026", Error, "overlay names an unknown service or job",
        "An environment overlay may change services and jobs but not add them: every `[environments.X.services.NAME]` must name a service of the base spec, and every `[environments.X.jobs.NAME]` a job of it, so a misspelt name is an error rather than a new workload in one environment. Every overlay is checked, whichever `--env` is selected.";
    OverlayChangesAppName = "TF027", Error, "overlay changes app.name",
        "`app.name` prefixes every AWS name and is the namespace; an overlay may not change it. Every overlay is checked, whichever `--env` is selected; one that repeats the base name changes nothing and is accepted.";
    ClusterWithoutSubnets = "TF028", Error, "kubernetes.cluster without private_subnets",
        "The EKS Fargate profile emitted for `kubernetes.cluster` runs pods in the cluster's private subnets, so a non-empty `kubernetes.private_subnets` is required with it; without `cluster` the subnets would be unused, so they are an error too.";
    UnknownEnvironment = "TF029", Error, "unknown environment",
        "`--env` names an environment that the spec does not define under `[environments]`.";
    NoServices = "TF030", Error, "no services",
        "A spec needs at least one `[services.NAME]` table.";
    PriorityBandFull = "TF031", Error, "no listener-rule priority left in a band of the range",
        "Listener-rule priorities are decided per listener from the routes alone: each route depth has a tenth of the priority space (of `ingress.priority_range` when given), a route's number is a hash of its own `host` and route inside that band, and routes whose hashes collide take the next free number of the band. A route is refused only when its band has no number left, which a narrow `priority_range` can cause; widen it. Without a range every band has 5,000 numbers, far more than the 100 rules a load balancer takes.";
    LogRetention = "TF032", Error, "invalid log retention",
        "`app.log_retention_days` must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).";
    Region = "TF033", Error, "invalid region",
        "`app.region` must look like an AWS Region name (`us-east-1`).";
    Replicas = "TF034", Error, "invalid replicas",
        "`replicas` must be between 1 and 1000: zero would leave a service that never runs (remove the service instead), and an ALB holds at most 1,000 targets by default.";
    KubernetesName = "TF035", Error, "invalid Kubernetes setting",
        "`kubernetes.namespace` must be a DNS-1123 label (at most 63 characters); `secret_store` and `parameter_store` must be DNS-1123 subdomains; `vpc_cidr` an IPv4 CIDR without host bits; `cluster` an EKS cluster name (letters, digits, `-`, `_`, at most 100); `private_subnets` `subnet-` IDs.";
    Tag = "TF036", Error, "invalid tag",
        "AWS tag keys are 1..=128 characters and values at most 256, from letters, digits, spaces and `_ . : / = + - @`; keys may not start with `aws:`. At most 40 tags: AWS allows 50 per resource and twinform adds its own (such as `Name`). A key may not contain `=`: the AWS Load Balancer Controller's `tags` annotation splits each pair at its first `=` (<https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/main/pkg/annotations/parser.go>), so the EKS load balancer would get another tag than the ECS one.";
    EnvName = "TF037", Error, "invalid variable name",
        "Environment and secret variable names must be C identifiers (`[A-Za-z_][A-Za-z0-9_]*`), as both ECS and Kubernetes expect.";
    Image = "TF038", Error, "invalid image reference",
        "`image` must be a container image reference (`registry/name:tag` or `name@sha256:...`), without spaces or upper-case repository names. Every service and every sidecar is checked.";
    TooLarge = "TF039", Error, "spec too large",
        "The spec exceeds twinform's input limits (8 MiB of text, 5,000 services); no real estate needs that and the output could not be deployed.";
    LoadBalancerCapacity = "TF040", Error, "too many routed services for one load balancer",
        "Every routed service is one listener rule and one target group on an Application Load Balancer (two target groups with a `blue-green`, `canary` or `linear` `deploy`: the alternate), which takes at most 100 rules (adjustable) and 100 target groups (not adjustable). Past 100 routes, distinct hosts are spread over several load balancers; path routing under one host cannot span two of them, so more than 100 routes on one host, on host-less routes, or on a shared `listener_arn` are refused. Services reached only by other services need no `route`.";
    SecurityGroupRules = "TF041", Error, "too many inbound security-group rules",
        "A service's security group gets one inbound rule per caller and one for the load balancer when routed; a security group takes 60 inbound rules by default. Splitting over several groups would only move the limit (a task has at most 5 groups), so the spec is refused; the quota can be raised in Service Quotas.";
    ServiceReference = "TF042", Error, "unresolvable service reference",
        "An `env` value (of a service or a sidecar) may name another service as `${services.NAME.url}` (`http://NAME:PORT`), `${services.NAME.host}` or `${services.NAME.port}`; both targets get the resolved text. The service must exist, have a port (a worker has none), be listed in the caller's `calls` (so the security group and NetworkPolicy let the call through, and the caller redeploys when it changes) and, for `url`, speak HTTP or gRPC (a TCP service has host and port only). Any other `${...}` is left to the app.";
    StrictParity = "TF043", Error, "parity exception under --strict-parity",
        "With `--strict-parity` (on `check` and `synth`), every parity exception is an error: a place where the spec makes ECS and EKS run a service differently (Spot, ARM64, request-count scaling, an internal service ECS cannot health-check, permissions or secrets only one target can use, job overlap, timeout and retries, NetworkPolicies Fargate does not enforce, a shared listener, a patch of one target). The gate is for teams that must be able to move a service between targets. `twinform parity` lists the exceptions with the reason and source of each; the table is `src/parity/table.rs`.";
    EphemeralStorage = "TF050", Error, "ephemeral storage out of bounds",
        "`ephemeral_storage_gib` must be 21..=154: ECS Fargate accepts 21..=200 GiB; EKS Fargate provisions the pod's requests plus 10% plus 5 GiB and at most 175 GiB, so 154 GiB is the largest request that fits (1.1 × 154 + 5 = 174.4), and the same spec deploys to both (leave it out for the 20 GiB default). Sources: <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html>; <https://aws.amazon.com/blogs/containers/amazon-eks-fargate-adds-support-for-larger-ephemeral-volumes/>.";
    ImageTag = "TF051", Error, "invalid image tag or digest",
        "`tag` and `digest` complete an `image` that names neither: they are exclusive, a tag is up to 128 of `A-Z a-z 0-9 _ . -` (not starting with `.` or `-`), a digest is `sha256:` and 64 lowercase hex digits.";
    UnknownTagOverride = "TF052", Error, "--tag names an unknown service",
        "`--tag NAME=VALUE` overrides the image tag (or digest) of the service NAME; NAME must be a service of the spec, and VALUE a valid tag or digest, or a CD pipeline would deploy something else than it asked for. The override comes from the command line, so the diagnostic has no location in the spec.";
    CallsWorker = "TF053", Error, "call to a worker",
        "A worker (a service without `port`) has no Service, Service Connect endpoint or target group, so nothing can call it; give it a `port` or remove it from `calls`.";
    WorkerHealth = "TF054", Error, "invalid command health check",
        "A worker (no `port`) is health-checked by `health.command` run in its container, so it needs one. Wherever `command` is written (a worker, or a service with a port, where it becomes the ECS container health check and the EKS exec probe) it is exclusive with `path`, not empty, and within the container health check limits (`timeout` ≤ 60 s, `grace` ≤ 300 s).";
    SidecarSize = "TF055", Error, "sidecars do not fit the service size",
        "Sidecar cpu and memory come out of the service's Fargate size; the app container must keep at least 128 CPU units and 256 MiB once the sidecars and the 256 MiB EKS Fargate overhead are taken out (ECS also needs at least 6 MiB per container). On ECS the app keeps 256 MiB more, as ECS has no pod overhead.";
    SidecarName = "TF056", Error, "invalid sidecar name",
        "A sidecar's or init container's name is the container name on both targets: a DNS-1123 label of at most 63 characters, unique among the service's containers and different from the service's own name (the app container's).";
    WafAclArn = "TF060", Error, "not a regional WAF web ACL ARN",
        "`ingress.waf_acl_arn` must be a WAFv2 web ACL with the `REGIONAL` scope in the app's region (`arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID`): an ALB can only be associated with a regional web ACL of its own region. With `ingress.listener_arn` the shared load balancer belongs to someone else, who associates its web ACL.";
    IamAction = "TF061", Error, "invalid IAM action",
        "Each action of `iam.statements` must be `service:Action` (wildcards inside the name, such as `s3:Get*`, are allowed), and never `*` or `service:*`: granting every action of a service is how an application credential becomes an account takeover.";
    IamWildcardResource = "TF062", Error, "write action on every resource",
        "A statement whose `resources` contain `*` may only hold read actions (names starting with `Get`, `List`, `Describe`, `BatchGet`, `Query`, `Scan`, `Select`, `Search`, `Lookup`, `View` or `Head`): a write action must name the ARNs it writes to.";
    IamArn = "TF063", Error, "invalid IAM ARN",
        "`iam.statements[].resources` must be ARNs (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`) or `*`; `managed_policies` IAM policy ARNs (`arn:aws:iam::aws:policy/NAME` or a customer policy); `role_arn` an IAM role ARN (`arn:aws:iam::ACCOUNT:role/NAME`). Every statement needs at least one action and one resource, and a role stays within IAM's hard limits: 20 managed policies and 10,240 characters of inline policy.";
    IamRoleExclusive = "TF064", Error, "iam.role_arn with permissions",
        "`iam.role_arn` brings an existing role, whose permissions are managed elsewhere, so it cannot be combined with `statements` or `managed_policies`; an `iam` table needs one of the three.";
    OidcProvider = "TF065", Error, "IRSA needs the cluster's OIDC provider",
        "With `kubernetes.cluster` set, the EKS template creates an IRSA role for every service with `iam.statements` or `iam.managed_policies`; the role trusts the cluster's IAM OIDC provider, so `kubernetes.oidc_provider_arn` is required and must look like `arn:aws:iam::ACCOUNT:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID`, with the app's region.";
    Host = "TF066", Error, "invalid service host",
        "`services.NAME.host` must be a DNS name of at most 128 characters (an ALB host condition and an Ingress rule host) and needs a `route` to put the host on.";
    HostedZone = "TF067", Error, "invalid hosted zone",
        "`ingress.hosted_zone_id` must be a Route 53 hosted zone ID (`Z` followed by upper-case letters and digits), and needs host names (`ingress.domain` or a service `host`) to create records for. With `ingress.listener_arn` the load balancer is not in the template, so records cannot point at it.";
    SharedListener = "TF068", Error, "invalid shared infrastructure",
        "`ingress.listener_arn` must be an ALB listener ARN (`arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/app/NAME/ID/ID`) in the app's region and needs `ingress.load_balancer_security_group` (an `sg-` ID), the security group the routed services admit; the security group alone is an error. `ecs.cluster` must be an ECS cluster name (letters, digits, `-` and `_`, at most 255).";
    PriorityRange = "TF069", Error, "invalid priority range",
        "`ingress.priority_range` is `[first, last]` with 1 <= first and last <= 50000, holding at least 10 numbers (one band per route depth). Listener-rule priorities are placed inside it, one band per depth (TF031).";
    SharedListenerNewVpc = "TF070", Error, "shared listener with a new VPC",
        "With `ingress.listener_arn` the rules join a load balancer in an existing VPC, and a target group must be in its load balancer's VPC, so `network.vpc_id` (with `public_subnets` and `private_subnets`) must name that VPC: a new VPC would hold target groups the shared load balancer cannot use, and security-group rules cannot reference its group across VPCs. Sources: <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html>; aws-load-balancer-controller#2188.";
    User = "TF071", Error, "invalid or root user",
        "`user` is the numeric `UID:GID` every container of the service runs as: the ECS container `User` and the pod's `runAsUser`, `runAsGroup` and `fsGroup`, which Kubernetes accepts as numbers only. Neither may be 0: the containers run non-root on both targets and `runAsNonRoot` refuses UID 0 at pod start, and GID 0 would give the app root's group on every file it creates.";
    VolumeInitImage = "TF072", Error, "invalid volume_init_image",
        "`ecs.volume_init_image` runs as root in every ECS task, before the app, to make the task's scratch volumes writable for the non-root user (ECS creates bind mounts root-owned 0755). It must be an image reference holding `chmod`, pinned by a tag (not `latest`) or a digest.";
    RegistryCredentials = "TF073", Error, "invalid registry_credentials",
        "`registry_credentials` names the Secrets Manager secret holding a private registry's `username` and `password`: a secret ARN in the app's partition without a JSON key (ECS reads the whole secret; External Secrets extracts both keys), for an `image` from a registry other than ECR, which the execution role already reads. Sources: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html>; <https://external-secrets.io/latest/guides/common-k8s-secret-types/>.";
    JobSchedule = "TF074", Error, "invalid job schedule",
        "A job's `schedule` is written once for both targets: five cron fields as Kubernetes reads them (`minute hour day-of-month month day-of-week`; `*`, lists, ranges, `/` steps, `JAN`–`DEC`, `SUN`–`SAT`, day of week 0–6 with Sunday 0, as robfig/cron bounds it), a macro (`@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`) or `rate(N minutes|hours|days)`. Both day fields restricted means \"either day\" in cron, which EventBridge Scheduler cannot express (one of them must be `?`); a rate must divide the next unit evenly to have a cron equivalent on Kubernetes. Sources: <https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax>; <https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html>.";
    JobTimezone = "TF075", Error, "unknown job timezone",
        "`timezone` is an IANA time-zone name (`Europe/Berlin`, `America/New_York`, `UTC`), given to EventBridge Scheduler as `ScheduleExpressionTimezone` and to the CronJob as `spec.timeZone`; both reject unknown names at deploy time. Names are checked against the IANA database shipped in the chrono-tz crate.";
    JobName = "TF076", Error, "invalid job name",
        "A job name is a DNS-1123 label of at most 52 characters (the Job controller appends 11 characters to a CronJob's name to name its Jobs, and a name is at most 63) and is not a service's name (the job's ServiceAccount, Secret and AWS logical IDs would clash with the service's).";
    JobCalls = "TF077", Error, "a job cannot call services",
        "On ECS a scheduled job is a standalone task (RunTask), and standalone tasks are outside Service Connect (aws/containers-roadmap#2610): `http://<service>:<port>` would not resolve, while it would on Kubernetes. Rather than emit a job that works on one target only, `calls` is refused on jobs; have the job reach services through a load-balanced route or queue.";
    JobSize = "TF078", Error, "job cpu/memory is not a Fargate size",
        "A job's `cpu` and `memory` are a valid Fargate pair (the table of TF007), billed the same on both targets.";
    JobValue = "TF079", Error, "invalid job value",
        "A job's keys: `image` (required, with a tag or digest, or given by `tag`/`digest`), `timeout` 1..=86400 seconds, `retries` 0..=6 (EventBridge Scheduler's `MaximumRetryAttempts` allows 0..=185, the Job's `backoffLimit` is kept small), `user` a non-root `UID:GID`, `secrets` Secrets Manager or SSM parameter ARNs.";
    DeployInvalid = "TF081", Error, "invalid deploy table",
        "`[services.NAME.deploy]` takes `strategy` (`rolling`, `blue-green`, `canary`, `linear`) and only the keys of that strategy: `bake_minutes` (0..=1440) with every strategy but `rolling` (a Kubernetes Deployment cannot bake: only an Argo Rollout can), `canary_percent` (1..=99) and `canary_minutes` (0..=1440) with `canary`, `step_percent` (3..=99) and `step_minutes` (0..=1440) with `linear`. Percentages are whole numbers: ECS takes tenths but an Argo Rollouts `setWeight` is an integer share of 100, so only whole percents give both targets the same split. Sources: <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html>; <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html>; <https://argoproj.github.io/argo-rollouts/features/canary/>.";
    DeployWithoutRoute = "TF082", Error, "traffic-shifting strategy without a route",
        "`blue-green`, `canary` and `linear` shift load-balancer traffic between two revisions; a service without a `route` (a worker, an internal server) has no listener rule to shift. ECS would deploy it without traffic shifting and Argo Rollouts without traffic routing would shift by pod count: not the same thing on the two targets. Use `rolling`, or give the service a route. Source: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html>.";
    DeployTooLong = "TF083", Error, "deployment longer than CloudFormation waits",
        "CloudFormation refuses an ECS service whose canary (`bake_minutes + canary_minutes`) or linear deployment (`bake_minutes + step_minutes × steps`, steps = 100/`step_percent` − 1 when it divides 100, else ⌊100/`step_percent`⌋) lasts more than 33 hours (1980 minutes): its handler must finish within its timeout. Shorten the waits or take bigger steps. Source: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-service-linearconfiguration.html>.";
    CanaryServiceTaken = "TF084", Error, "canary Service name taken",
        "On EKS a `blue-green`, `canary` or `linear` service NAME gets a second Kubernetes Service `NAME-canary` that Argo Rollouts points at the new revision's pods. Another service named `NAME-canary` would emit a Service of the same name in the same namespace, and the later `kubectl apply` would overwrite the first. Rename one of the two. Source: <https://argoproj.github.io/argo-rollouts/features/traffic-management/alb/>.";
    QueueScale = "TF085", Error, "invalid autoscale.queue",
        "`autoscale.queue` needs `arn`, an SQS queue ARN (`arn:PARTITION:sqs:REGION:ACCOUNT:NAME`) in `app.region`, and `messages_per_task` in 1..=100000. ECS's target-tracking policy divides the queue's `ApproximateNumberOfMessagesVisible` (AWS/SQS, dimension `QueueName`) by the service's running tasks, and CloudWatch metrics stay in their Region; KEDA's `aws-sqs-queue` trigger polls the queue URL built from the same ARN with `queueLength` = `messages_per_task`. Sources: <https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html>; <https://keda.sh/docs/latest/scalers/aws-sqs/>.";
    QueueOnServer = "TF086", Error, "queue scaling on a server",
        "Only a worker (no `port`, no `route`) may scale on a queue's backlog: a server's load arrives through the load balancer or its callers, not a queue, and its scaling would fight its traffic. Scale servers on `cpu`, `memory` or `requests_per_target`.";
    QueueFromZero = "TF087", Error, "queue scaling from zero tasks",
        "With `autoscale.queue`, `min` must be at least 1. ECS tracks visible messages ÷ `RunningTaskCount`; at 0 running tasks the division has no data point, the alarm goes to INSUFFICIENT_DATA, and Application Auto Scaling does not scale on missing data, so the service would never start consuming. KEDA's `minReplicaCount: 0` would scale from zero, but both targets keep the same bounds. Sources: <https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html> (missing data points); <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html>.";
    Volume = "TF088", Error, "invalid volume",
        "Each `[[services.NAME.volumes]]` names an existing EFS file system (`file_system_id`, `fs-` and hex digits) and one of its access points (`access_point_id`, `fsap-…`), and the absolute `path` the app container mounts it at. The IDs are required because the Kubernetes side is a static PersistentVolume whose `volumeHandle` is `fs-…::fsap-…` (EKS on Fargate has no dynamic EFS provisioning). Sources: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html>; <https://github.com/kubernetes-sigs/aws-efs-csi-driver/tree/master/examples/kubernetes/access_points>.";
    VolumeConflict = "TF089", Error, "volume path conflict",
        "A volume's `path` may not be or contain, nor lie inside, another mount of the app container: its scratch `/tmp`, ECS Exec's `/var/lib/amazon` and `/var/log/amazon` (with `exec`), or another volume's path; and a service mounts an access point once (the access point names its task and pod volume). A mount over another hides it, or fails the container's start.";
    JobsInRoot = "TF080", Error, "too many jobs for the root stack",
        "A job's resources (log group, execution, task and scheduler roles, task definition, security group, schedule: 7) always go in the root CloudFormation stack, beside the network, cluster and load balancers and, for a large app, one stack resource per child stack. A template holds at most 500 resources (twinform keeps 20% headroom, 400), so the number of jobs is bounded by what the root has left: about 45 beside a small app, fewer beside hundreds of services. Split the jobs into a second app (its own spec and stacks, on the same cluster via `ecs.cluster`). Source: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html>.";
    ComposeInvalid = "TF093", Error, "invalid Compose file or Copilot manifest",
        "`twinform import compose` reads a file that is not a Compose file it can import (or `twinform import copilot` a manifest that is not YAML or not a mapping): not YAML, not a mapping, a top-level key the Compose Specification does not define, `services` missing or not a mapping of services, or a service that is not a mapping. Nothing is written. Source: <https://docs.docker.com/reference/compose-file/>.";
    ComposeInterpolation = "TF094", Error, "Compose interpolation failed",
        "A `${VAR:?message}` (or `${VAR?message}`) names a variable that is unset (or empty), or a `${` has no closing brace or no variable name. Compose refuses the file for the same reason, so the import writes nothing. Source: <https://docs.docker.com/reference/compose-file/interpolation/>.";
    ComposeEnvFile = "TF095", Error, "unreadable env_file",
        "A service's `env_file` cannot be read (missing, not UTF-8) while it is not marked `required: false`. Its variables would be missing from the imported spec, so nothing is written. Source: <https://docs.docker.com/reference/compose-file/services/#env_file>.";
    PatchShape = "TF096", Error, "invalid patch",
        "A `[[patches]]` entry names exactly one target — `cloudformation = \"LogicalId\"` or `kubernetes = \"Kind/name\"` — gives a non-empty `reason` (a reviewer must see why the escape hatch exists; `twinform summary` lists it) and at least one RFC 6902 operation: `op` is `add`, `remove`, `replace`, `move`, `copy` or `test`; `path` (and `from`, required by `move` and `copy`) is a JSON Pointer (RFC 6901) below the document root; `add`, `replace` and `test` need a `value`, which may not be a TOML datetime (JSON has none). A patch may not change a resource's `Type` nor an object's `apiVersion`, `kind`, `metadata.name` or `metadata.namespace`: names, ownership and the nested-stack layout rely on them. Sources: <https://www.rfc-editor.org/rfc/rfc6902>; <https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/>.";
    PatchTarget = "TF097", Error, "patch target not in the output",
        "A patch's `cloudformation` logical ID is not a resource of any emitted template (root or nested stack), or its `kubernetes` `Kind/name` is not an emitted object. `twinform check` synthesizes the output when the spec has patches, to look the target up; the help names the closest existing one.";
    PatchFailed = "TF098", Error, "patch does not apply",
        "A patch operation was applied to the emitted resource or object (at check time, for both targets) and failed: its `path` (or `from`) does not exist — for `add`, the parent must exist — or a `test` value did not match. Kubernetes patches are written into `kustomization.yaml` and applied by kustomize, which would fail the same way at `kubectl apply -k`. A patched template must also stay within CloudFormation's template size quota, and a patch may not add a reference (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `DependsOn`) to a name its template does not define: CloudFormation refuses an undefined reference at submit time, and in a nested layout values of other templates arrive as parameters, which a patch cannot add. Source: <https://www.rfc-editor.org/rfc/rfc6902#section-5>.";
    Unmodelled = "TF099", Error, "internal: a checked value the model cannot hold",
        "`check` accepted a value that `model::lower` cannot convert (a number out of its type's range, a key check requires but is absent, a reference that does not parse). Check and lower read every value with the same parsers, so this is a twinform bug; rather than emit a guessed default (port 0, an empty image, a dropped route), nothing is written and the value is reported where it is written.";
    UnpinnedImage = "TF100", Warning, "image not pinned",
        "An image (a service's or a sidecar's) without a tag or digest — in `image` or through `tag`/`digest` — or tagged `latest`, changes under you: deploys are not reproducible and rollbacks do not roll back.";
    SingleReplica = "TF101", Warning, "single replica",
        "A service with one replica and no autoscale goes down during every deployment failure, Fargate patching eviction or AZ outage.";
    SecretInEnv = "TF102", Warning, "secret-looking plain variable",
        "A plain `env` variable whose name looks like a secret (a word PASSWORD, TOKEN, SECRET, KEY and the like, in `DB_PASSWORD` or `apiKey`; not a name that only describes one, such as `TOKEN_TTL` or `JWT_PUBLIC_KEY`) ends up in the task definition and Deployment in clear text; use `secrets`.";
    PrivilegedPort = "TF103", Warning, "port below 1024",
        "The container runs as a non-root user on both targets, which cannot bind ports below 1024 unless the image grants the capability.";
    RequestsNotMapped = "TF104", Warning, "requests_per_target has no Kubernetes mapping",
        "`autoscale.requests_per_target` scales ECS on ALB request counts; the Kubernetes HPA has no such metric without an adapter, so the HPA uses the CPU and memory targets only.";
    SpotIgnoredOnEks = "TF105", Warning, "spot is ignored on EKS",
        "EKS on Fargate has no Spot capacity; `spot = true` applies to ECS only.";
    AccountQuota = "TF106", Warning, "account-level quota approached",
        "Some quotas are per account or Region and shared with other stacks, so twinform cannot see how much is left: IAM roles per account (1,000 by default; two per service) and resources in concurrent stack operations (2,500 in AWS's example; every resource of a first deploy counts). The output's own share is reported past half of the default.";
    StaleServiceUrl = "TF107", Warning, "literal service URL with the wrong port",
        "An `env` value spells another service's address by hand (`http://api:8080`, `api:8080`) with a port that is not the service's: the call would fail on both targets. Write `${services.api.url}` (or `.host`/`.port`) instead, so the value follows the port.";
    IamWithoutEks = "TF115", Warning, "IAM permissions without an EKS role",
        "A service has `iam.statements` or `iam.managed_policies`, but without `kubernetes.cluster` no EKS template is emitted, so there is no IRSA role and the pods run without these permissions. Set `kubernetes.cluster` and `kubernetes.oidc_provider_arn`, or use `iam.role_arn`.";
    CallCycle = "TF120", Warning, "call cycle",
        "On ECS a caller's service is created after its callees (`DependsOn`), because Service Connect tasks resolve only the endpoints that existed when they started. Services that call each other in a cycle have no such order: the call that closes the cycle (found in name order) gets no `DependsOn`, so on a first deploy (traffic is not affected: the calls still open security groups and network policies) that caller may start before the callee's endpoint exists and not reach it until redeployed.";
    HealthUncheckedOnEcs = "TF121", Warning, "health not checked on ECS",
        "An internal service (a `port`, no `route`) has no load balancer to check it on ECS; the only check ECS can run is a command inside the container (`health.command`). Without one, the `health` settings drive the EKS probes alone and ECS never replaces a hung task.";
    LowUid = "TF122", Warning, "user below UID 10000",
        "`user` sets a UID or GID below 10000. It works on both targets (on Fargate every task and pod has its own VM, so no host account can share it), but checkov's CKV_K8S_40 (\"containers should run as a high UID to avoid host conflict\") and similar policies flag it. Keep it when the image owns its files under that user (nginx-unprivileged is 101), and accept the finding for that Deployment in your policy tool. Source: <https://www.checkov.io/5.Policy%20Index/kubernetes.html>.";
    SecretElsewhere = "TF125", Warning, "secret in another Region or account",
        "A Secrets Manager or SSM secret whose ARN names another Region than `app.region`, or another account than the app's (known from `kubernetes.oidc_provider_arn` or `ingress.certificate_arn`). ECS can read it with the full ARN (another account also needs a resource policy and a customer managed KMS key), but on EKS one ClusterSecretStore reads one Region with the cluster's credentials, so the ExternalSecret would not sync. Sources: <https://external-secrets.io/latest/provider/aws-secrets-manager/> (the store's `region`); <https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html>.";
    SharedNamespace = "TF126", Warning, "two environments may share a namespace",
        "Two environments that name the same `kubernetes.cluster` and resolve to the same `kubernetes.namespace` write the same objects (Deployments, Services, the Ingress and its IngressGroup, IRSA role names): applying one replaces the other. Give each environment of a shared cluster its own namespace. A warning, not an error: a cluster name is unique per account and Region only, so two environments in two accounts may name the same cluster; environments whose `kubernetes.oidc_provider_arn`s differ are in different clusters and are not compared, nor are environments that name no cluster (the kubectl context decides). Source: <https://kubernetes.io/docs/concepts/overview/working-with-objects/names/> (a name is unique per kind within a namespace).";
    Arm64OnEks = "TF127", Warning, "arm64 runs on ECS only",
        "`platform = \"linux/arm64\"` runs the service on Graviton on ECS (the task definition's `RuntimePlatform`; Fargate Spot too, on platform version 1.4.0 or later). EKS on Fargate runs x86-64 only, so the Kubernetes output pins the pods to `kubernetes.io/arch: amd64`, and the image (and every sidecar's) must be a multi-arch manifest list with both architectures, or the pods fail to start with `exec format error`. Sources: <https://github.com/aws/containers-roadmap/issues/1629>; <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html>.";
    ExecWithExistingRole = "TF128", Warning, "exec needs the existing role's permissions",
        "`exec = true` adds the Session Manager channel actions ECS Exec's agent needs (`ssmmessages:CreateControlChannel`, `CreateDataChannel`, `OpenControlChannel`, `OpenDataChannel`) to the task role twinform creates. With `iam.role_arn` the task runs as that existing role, which twinform does not change: unless it holds those actions, `aws ecs execute-command` fails with `TargetNotConnectedException`. Source: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html>.";
    JobOverlapOnEcs = "TF129", Warning, "concurrency = \"forbid\" is not enforced on ECS",
        "Kubernetes skips a run while the previous one is still running (`concurrencyPolicy: Forbid`); EventBridge Scheduler starts a task at every run whatever is running, and ECS has no overlap guard. On ECS the job itself must tolerate or refuse overlap (a lock). Source: <https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html>.";
    JobTimeoutOnEcs = "TF130", Warning, "timeout is not enforced on ECS",
        "Kubernetes stops a run after `timeout` seconds (`activeDeadlineSeconds`); an ECS task started by EventBridge Scheduler has no deadline and runs until its container exits. On ECS the job must stop itself. Source: <https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup>.";
    QueueWithExistingRole = "TF135", Warning, "queue scaling needs the existing role's permissions",
        "`autoscale.queue` adds the consumer's `sqs:ChangeMessageVisibility`, `sqs:DeleteMessage`, `sqs:GetQueueAttributes` and `sqs:ReceiveMessage` on the queue to the task role and the IRSA role twinform creates, and lets the IRSA role trust KEDA's operator (`system:serviceaccount:keda:keda-operator`), which reads the queue as the workload's role (`identityOwner: workload`). With `iam.role_arn` that existing role is used unchanged on both targets: it must hold those actions and that trust itself. Source: <https://keda.sh/docs/2.16/authentication-providers/aws/>.";
    QueueOnExistingCluster = "TF136", Warning, "existing cluster must have Container Insights",
        "A queue worker's ECS policy divides the backlog by `RunningTaskCount` from the `ECS/ContainerInsights` namespace, which exists only when Container Insights is on for the cluster. twinform's own cluster has it; an existing `ecs.cluster` must have it turned on, or the metric has no data and the service never scales. Source: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cloudwatch-container-insights.html>.";
    QueueWithoutEksRole = "TF137", Warning, "queue scaling without an EKS role",
        "KEDA's TriggerAuthentication (`podIdentity.provider: aws`, `identityOwner: workload`) reads the queue as the role in the worker's ServiceAccount annotation. Without `kubernetes.cluster` and `kubernetes.oidc_provider_arn` twinform emits no IRSA role, so the ServiceAccount has none and neither KEDA nor the pods can read the queue. Set both, or use `iam.role_arn`. Source: <https://keda.sh/docs/2.16/authentication-providers/aws/>.";
    VolumeWithExistingRole = "TF138", Warning, "EFS mounts need the existing role's permissions",
        "An ECS task mounts its `volumes` with EFS IAM authorization as the task role, which twinform allows `elasticfilesystem:ClientMount` (and `ClientWrite` unless `read_only`) on each file system through its access point. With `iam.role_arn` the task runs as that existing role, which twinform does not change: unless it holds those actions (or the file system policy grants them), the task fails to start with an access-denied mount error. Source: <https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html>.";
    ComposeUnmapped = "TF140", Warning, "imported key does not map",
        "A service key of the Compose file (or Copilot manifest: a Scheduled Job, `storage`, `sidecars`, a Secrets Manager secret by name) has no twinform equivalent on ECS and EKS Fargate (a build without an image, `privileged`, `network_mode: host`, `devices`, `cap_add`, `entrypoint`, `extra_hosts`, ...) and is left out of the imported spec; the message says why and what to do instead. Source: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-defs.html> (what Fargate task definitions cannot use).";
    ComposeVolume = "TF141", Warning, "Compose volume does not map",
        "Fargate tasks and pods have no host to bind-mount from, and twinform gives services no persistent volumes: a bind mount is lost, and a named volume on a stateful image (a database) would lose its data on every task replacement. Bake files into the image; keep state in EFS or a managed database. Source: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html>.";
    ComposeSecretValue = "TF142", Warning, "secret-looking value not copied",
        "An `environment` or `env_file` variable whose name looks like a secret (TF102's test) is not copied into the spec, which is committed to git: store the value in Secrets Manager and add it under `secrets` by ARN.";
    ComposePorts = "TF143", Warning, "several container ports",
        "A twinform service has one port (the load balancer's target and the Service's port); the Compose service declares several container ports, so the first is used and the others are not reachable.";
    ComposeDependency = "TF144", Warning, "dependency not mapped to calls",
        "`depends_on` and `links` become `calls`, which open the network path to the callee's port; a dependency on a service without a port (a worker) or on an unknown service cannot be a call and is left out. Start order is not kept: both targets start services independently.";
    ComposeProfiles = "TF145", Warning, "profiles do not map",
        "Compose `profiles` start a service only when selected. A twinform environment overlay cannot add or remove services (TF026), so profiled services are imported into the base spec, always deployed; remove the ones you do not want.";
    ComposeSecrets = "TF146", Warning, "Compose secrets and configs do not map",
        "Compose `secrets` and `configs` are files mounted into the container; twinform passes secrets as environment variables from Secrets Manager or SSM ARNs. Store each secret and add `secrets = { NAME = \"arn:...\" }` to the service.";
    ComposeUnsetVariable = "TF147", Warning, "interpolated variable not set",
        "A `${VAR}` in the Compose file names a variable set neither in the environment nor in `.env` beside the first file; as Compose does, it is replaced by an empty string. Source: <https://docs.docker.com/reference/compose-file/interpolation/>.";
    ComposeNoRoute = "TF148", Warning, "published port without a route",
        "The Compose service publishes a port on the host, but twinform cannot tell which path prefix of the shared load balancer it should serve; it is imported as an internal service. Add the `twinform.route` label (and `twinform.host` if needed) to the Compose service, or `route` to the spec.";
    ComposeStateful = "TF149", Warning, "stateful image",
        "The image is a database, cache or broker (postgres, mysql, redis, mongo, ...). On Fargate it runs without durable storage and as `replicas` independent copies; use a managed service (RDS, ElastiCache, Amazon MQ, DocumentDB) and pass its endpoint in `env`.";
    PatchNoOp = "TF150", Warning, "patch changes nothing",
        "Applying the patch leaves the resource or object exactly as twinform emits it (the value is already there, or a later op undoes an earlier one): the escape hatch is dead weight and hides what the spec does. Remove it.";
    PatchSensitive = "TF151", Warning, "patch touches IAM or network access",
        "The patch targets an IAM resource (`AWS::IAM::*`), a security group or its rules, or an operation path names a policy document, security group or `Policies`; on Kubernetes a Role, RoleBinding, NetworkPolicy or ServiceAccount (its IRSA role annotation). twinform's IAM and network checks (TF061–TF064, TF041) do not see patched values, so a reviewer should read this patch.";
    EksNeedsArgoRollouts = "TF152", Warning, "EKS needs Argo Rollouts",
        "A `blue-green`, `canary` or `linear` service is an Argo Rollouts `Rollout` with ALB traffic routing on EKS (a Deployment can neither shift traffic nor bake), so the cluster needs the Argo Rollouts controller and the AWS Load Balancer Controller (v1.1.5 or later). Every strategy is an Argo canary there, blue-green too (Argo's `blueGreen` flips Service selectors instead of ALB weights). The schedule is the same on both targets (shares, waits, bake); what differs: ECS rolls back on its deployment circuit breaker while Argo, without an AnalysisTemplate, waits for a manual `kubectl argo rollouts abort`; ECS holds the stack update until the bake ends while Argo proceeds after `kubectl apply` returns; Argo keeps the old pods 30 s past the bake (`scaleDownDelaySeconds`); callers inside the cluster reach only the stable pods (the Service `NAME` follows Argo's stable selector) while ECS callers follow the shift through Service Connect (<https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-blue-green.html>); no test listener (ECS) nor preview (Argo) is emitted. Sources: <https://argoproj.github.io/argo-rollouts/features/traffic-management/alb/>; <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html>.";
    DeployWaitsInStackUpdate = "TF153", Warning, "stack updates wait for the deployment",
        "CloudFormation completes an ECS service update only when its deployment does: a `blue-green`, `canary` or `linear` service holds every stack update that changes its task for the whole schedule (canary or steps plus `bake_minutes`). Past an hour that blocks every other change to the stack for as long; shorten the bake, or accept the wait. Source: <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html> (`BakeTimeInMinutes`).";
    HealthGraceExceedsBake = "TF154", Warning, "health grace period longer than the bake",
        "`health.grace` is the time after a task starts during which failed load-balancer health checks do not count (ECS `HealthCheckGracePeriodSeconds`, the probes' start delay on EKS). When it is longer than the `bake_minutes` of a `blue-green`, `canary` or `linear` deployment, the bake can end, and the old revision stop, before a failing new task has been judged: the rollback window closes without having watched the health check. Make the bake at least as long as the grace period. Sources: <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html> (`healthCheckGracePeriodSeconds`); <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html> (`bakeTimeInMinutes`).";
    SpotOnPublicPath = "TF156", Warning, "Spot-only service on a public request path",
        "A service with `spot = true` runs on Fargate Spot alone on ECS (its capacity provider strategy names only `FARGATE_SPOT`), and it is routed on an internet-facing load balancer or called, directly or through a chain of `calls`, by a service that is: a request from the internet waits on it. AWS reclaims Spot capacity with a two-minute warning and does not replace it with on-demand capacity, so when Spot capacity is short every task of the service can be stopped together and not come back until capacity returns: the public route fails meanwhile. Keep Spot for workers, jobs and callees off the synchronous path, or set `spot = false`. (EKS on Fargate has no Spot, TF105.) Sources: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html>; <https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/ec2-and-fargate-spot.html>.";
    CallerOutscalesCallee = "TF157", Warning, "caller can outgrow its callee",
        "A caller whose most replicas (`autoscale.max`, else `replicas`) exceed 4 times its callee's most replicas. Every caller task or pod keeps its own connections to the callee (the Service Connect proxy on ECS, the client's pool on EKS), so a callee task carries the fan-in of callers ÷ callee connections, and the load that made the caller scale out lands on a callee that cannot follow: it saturates first and the caller's extra replicas only queue. The factor 4 is a heuristic (twinform's, not AWS's): it leaves room for callers that batch or cache, and flags ceilings set independently of each other. Raise the callee's `autoscale.max` (or `replicas`), or lower the caller's. Source (Service Connect balances only new connections across a callee's tasks, so a callee that scales later is not relieved of connections already open): <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html>.";
    RoutedSingleReplicaInProduction = "TF158", Warning, "routed service without redundancy in production",
        "In a production environment — one selected with `--env` named `prod`, `production`, `prd` or `live` (any case) — a routed service runs fewer than two replicas: `replicas = 1`, or `autoscale.min = 1`, which scales in to one task when idle. Its only task or pod is stopped by every deployment failure, Fargate maintenance eviction (ECS) or node replacement (EKS) and AZ outage, and its public route answers 503 meanwhile; with one replica the PodDisruptionBudget cannot keep anything available either. Use `replicas = 2` or more (one per AZ), or `autoscale.min = 2`. Outside production this is TF101's. Sources: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-maintenance.html>; <https://kubernetes.io/docs/tasks/run-application/configure-pdb/>.";
}
