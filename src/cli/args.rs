//! The command line as typed (ripgrep's "LowArgs"): clap derive types that mirror the flags and
//! validate only what the user wrote. No file is touched here; `plan` resolves these.

use super::complete;
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;
use std::path::PathBuf;

/// Shown under the `--help` of the commands that read a spec: the exit codes are part of the
/// interface (CI gates rely on them). Commands that cannot find spec errors show only 0 and 2.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  ok (warnings allowed)
  1  the spec has errors
  2  usage or I/O error (missing or unreadable file, refused --out directory, ...)
  3  differs: `synth --check` or `diff` found a difference";

const SYNTH_HELP: &str = "\
Examples:
  twinform synth                                  # ./twinform.toml into ./out
  twinform synth infra/ --env prod --out infra/out
  twinform synth --env prod --tag api=1.4.3 --check   # CI: is the committed output fresh?
  twinform synth --env prod --target kubernetes --out - | kubectl apply -f -

Exit codes:
  0  ok (warnings allowed)
  1  the spec has errors (nothing written)
  2  usage or I/O error (missing or unreadable file, refused --out directory, ...)
  3  --check: the output directory is not what twinform would write";

const CHECK_HELP: &str = "\
Examples:
  twinform check                       # ./twinform.toml, no overlay
  twinform check infra/twinform.toml --env prod
  twinform check --message-format github   # annotations in a GitHub Actions run

Exit codes:
  0  ok (warnings allowed)
  1  the spec has errors
  2  usage or I/O error (missing or unreadable file, ...)";

const SHOW_HELP: &str = "\
Examples:
  twinform show                        # ./twinform.toml as both targets read it
  twinform show infra --env prod       # prod's overlay merged, defaults written out
  twinform show --env prod --tag api=3.3.0 > resolved.toml

Exit codes:
  0  ok (warnings allowed; they go to stderr)
  1  the spec has errors (nothing printed on stdout)
  2  usage or I/O error (missing or unreadable file, ...)";

const EXPLAIN_HELP: &str = "\
Examples:
  twinform explain TF007
  twinform explain tf102

Exit codes:
  0  ok
  2  no such code";

const SCHEMA_HELP: &str = "\
Examples:
  twinform schema > twinform.schema.json

Exit codes:
  0  ok
  2  I/O error";

const INIT_HELP: &str = "\
Examples:
  twinform init                 # ./twinform.toml
  twinform init infra/          # infra/twinform.toml (the directory may exist, empty or not)

Exit codes:
  0  ok
  2  the file exists, or I/O error";

const DIFF_HELP: &str = "\
Examples:
  twinform diff old.toml twinform.toml --env prod
  twinform diff --from infra/out --to infra/twinform.toml --env prod --format markdown
  twinform diff twinform.toml twinform.toml --env prod --tag api=1.4.3   # what a deploy changes

Exit codes:
  0  the two sides are equal
  1  a spec has errors
  2  usage or I/O error
  3  the two sides differ";

const SUMMARY_HELP: &str = "\
Examples:
  twinform summary --env prod > SUMMARY.md
  twinform summary infra/twinform.toml --env prod --diff-from base.toml

Exit codes:
  0  ok (warnings allowed)
  1  a spec has errors
  2  usage or I/O error";

const PARITY_HELP: &str = "\
Examples:
  twinform parity --env prod
  twinform parity --env prod --format markdown >> SUMMARY.md
  twinform check --env prod --strict-parity     # the same list, as errors (TF043)

Exit codes:
  0  the report was printed (equivalent or not; use --strict-parity to gate)
  1  the spec has errors
  2  usage or I/O error";
const COST_HELP: &str = "\
Examples:
  twinform cost --env prod
  twinform cost infra/twinform.toml --env prod --format markdown > COST.md

Prices come from the table pinned in twinform (its date is printed); nothing is fetched.

Exit codes:
  0  ok (warnings allowed)
  1  a spec has errors
  2  usage or I/O error, or no prices for the spec's Region";

const EXPOSURE_HELP: &str = "\
Examples:
  twinform exposure --env prod                    # who can reach each service, on both targets
  twinform exposure --env prod --format markdown > EXPOSURE.md

Exit codes:
  0  ok (warnings allowed)
  1  the spec has errors
  2  usage or I/O error";

const COMPLETIONS_HELP: &str = "\
The script calls twinform back as you type, so --env offers the spec's environments and --tag
its services.

Examples:
  twinform completions bash > ~/.local/share/bash-completion/completions/twinform
  echo 'source <(twinform completions zsh)' >> ~/.zshrc

Exit codes:
  0  ok
  2  I/O error";

#[derive(Debug, Parser)]
#[command(
    name = "twinform",
    version,
    about = "One spec of containerized services -> CloudFormation for ECS on Fargate and \
             Kubernetes manifests for EKS on Fargate",
    long_about = "twinform reads one spec (twinform.toml) of containerized microservices, checks \
                  it, and writes a CloudFormation template for ECS on Fargate and Kubernetes \
                  manifests for EKS on Fargate.\n\n\
                  Diagnostics go to stderr; colour is used only on a terminal and never when \
                  NO_COLOR is set.",
    after_help = EXIT_CODES,
    propagate_version = true
)]
pub struct LowArgs {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a spec and write CloudFormation and Kubernetes output into --out.
    #[command(
        long_about = "Check a spec and write its output: DIR/cloudformation/template.{yaml,json} \
                      and DIR/kubernetes/*.yaml.\n\n\
                      twinform owns DIR: it writes a `.twinform` marker there and refuses a \
                      non-empty directory without one. Output is built in a temporary directory \
                      beside DIR and renamed into place only when everything succeeded, so on \
                      any error DIR is left exactly as it was.\n\n\
                      --target rewrites only that target's files and keeps the other target's \
                      files as they are. cloudformation/eks-fargate.template.* (written when \
                      [kubernetes] cluster is set) belongs to the kubernetes target.\n\n\
                      --check writes nothing: it compares DIR with what would be written and \
                      prints a unified diff per differing file (exit 3).",
        after_help = SYNTH_HELP
    )]
    Synth(SynthArgs),
    /// Check a spec and report its diagnostics; writes nothing.
    #[command(
        long_about = "Check a spec (with the overlay chosen by --env applied) and print every \
                      problem found, errors and warnings, to stderr. Writes nothing.",
        after_help = CHECK_HELP
    )]
    Check(CheckArgs),
    /// Print the resolved spec: the --env overlay merged and every default written out.
    #[command(
        long_about = "Print the spec as twinform resolves it, as TOML on stdout: the overlay \
                      chosen by --env merged, --tag overrides applied, and every default \
                      written out (region, network, sizes, replicas, health checks, namespace, \
                      ...). What `docker compose config` is to compose files. The output is a \
                      valid spec: synthesized, it gives the same output as the original with \
                      that --env and those --tags.",
        after_help = SHOW_HELP
    )]
    Show(ShowArgs),
    /// Explain a diagnostic code (what is checked and why).
    #[command(after_help = EXPLAIN_HELP)]
    Explain(ExplainArgs),
    /// Print the spec's JSON Schema (for editors: `#:schema` in Even Better TOML / taplo).
    #[command(
        long_about = "Print the spec's JSON Schema. For completion and validation in editors \
                      that use taplo (e.g. Even Better TOML), save it with \
                      `twinform schema > twinform.schema.json` and make \
                      `#:schema ./twinform.schema.json` the first line of twinform.toml.",
        after_help = SCHEMA_HELP
    )]
    Schema,
    /// Write a starting spec (the shop example); never overwrites an existing file.
    #[command(after_help = INIT_HELP)]
    Init(InitArgs),
    /// Compare two outputs resource by resource and flag replacements (exit 0 same, 3 differs).
    #[command(
        long_about = "Compare two versions of the output, each given as a spec file (synthesized \
                      in memory) or a directory of earlier `twinform synth` output. \
                      CloudFormation resources are matched by logical ID and Kubernetes objects \
                      by kind/namespace/name; every added, removed and changed one is listed with \
                      its changed properties. Changes that replace a CloudFormation resource \
                      (a target group's port, a load balancer's scheme, ...) or touch an \
                      immutable Kubernetes field (a Deployment's selector, ...) are flagged.\n\n\
                      Exit 0 when equal and 3 when different, so a CI gate can tell \"stale\" (3) \
                      from \"broken\" (1: a spec has errors; 2: usage or I/O error).",
        after_help = DIFF_HELP
    )]
    Diff(DiffArgs),
    /// Print a Markdown summary of a spec for pull requests (services, counts, diagram).
    #[command(
        long_about = "Print a Markdown report of a spec: a table of services (image, size, \
                      replicas or scaling range, route, calls, secrets), the resource and object \
                      counts per target, who can reach each service (as `twinform exposure`), \
                      the warnings, and a Mermaid diagram (internet -> ALB -> \
                      routed services -> their callees). --diff-from A appends the diff from A \
                      (a spec or an output directory) to this spec, in Markdown.",
        after_help = SUMMARY_HELP
    )]
    Summary(SummaryArgs),
    /// List where ECS and EKS run the spec's services differently (parity exceptions).
    #[command(
        long_about = "Print, per service and job, every way the spec makes ECS and EKS run it \
                      differently — sizes, scaling, health, networking, secrets, permissions, \
                      deployment, schedules — each with what ECS does, what EKS does, why they \
                      cannot be the same and the source. Nothing is listed when the two targets \
                      are equivalent. The table of exceptions is src/parity/table.rs.\n\n\
                      `check --strict-parity` and `synth --strict-parity` make every exception \
                      an error (TF043): a CI gate for teams that move services between targets.",
        after_help = PARITY_HELP
    )]
    Parity(ParityArgs),
    /// Print the monthly cost of an environment as a range, per service, for both targets.
    #[command(
        long_about = "Print the monthly cost of an environment on both targets as a range: every \
                      autoscaling range at its min and at its max, fixed replicas otherwise; per \
                      service (Fargate vCPU and memory, storage beyond 20 GiB) and for the load \
                      balancers, NAT gateways and KMS key twinform creates. The EKS cluster fee \
                      is shown apart (twinform does not create the cluster). ALB LCUs, NAT data \
                      processing and scheduled jobs' run time are listed as assumptions, with \
                      their unit prices. Prices come from a dated table pinned in twinform.",
        after_help = COST_HELP
    )]
    Cost(CostArgs),
    /// Print who can reach each service on ECS and on EKS: the internet, the VPC, its callers.
    #[command(
        long_about = "Print each service's exposure on both targets: `internet` (a route on an \
                      internet-facing load balancer, with the host/path it is reachable at), \
                      `vpc` (an internal load balancer, or a port the network objects open to \
                      the VPC), `callers` (only the services that list it in `calls`) or `none` \
                      (a worker or job). On EKS on Fargate NetworkPolicies are not enforced, \
                      which the output says. `diff` and `summary --diff-from` say in words when \
                      a service's exposure changed.",
        after_help = EXPOSURE_HELP
    )]
    Exposure(ExposureArgs),
    /// Print a shell completion script to stdout.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Write a starting spec from Compose files or a Copilot workspace.
    #[command(subcommand)]
    Import(super::import::ImportCommand),
}

/// Flags shared by every command that reads a spec.
#[derive(Debug, Args)]
pub struct SpecArgs {
    /// The spec file, or a directory holding twinform.toml [default: ./twinform.toml].
    #[arg(value_name = "SPEC")]
    pub spec: Option<PathBuf>,
    /// Apply the overlay [environments.NAME].
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::environments))]
    pub env: Option<String>,
    /// Override a service's image tag (or digest, with a `sha256:` value); repeatable.
    #[arg(long = "tag", value_name = "SERVICE=TAG", add = ArgValueCompleter::new(complete::tags))]
    pub tags: Vec<String>,
    /// How diagnostics are printed: human text or JSON lines on stderr, or GitHub Actions
    /// annotations on stdout.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// The output directory (owned by twinform).
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// The CloudFormation file format (Kubernetes manifests are always YAML).
    #[arg(long, value_enum, default_value_t = FormatArg::Yaml)]
    pub format: FormatArg,
    /// Which output to (re)write; the other target's files are kept.
    #[arg(long, value_enum, default_value_t = TargetArg::All)]
    pub target: TargetArg,
    /// Compare DIR with what would be written instead of writing (exit 0 same, 3 differs).
    #[arg(long)]
    pub check: bool,
    /// Where nested child templates will be uploaded (an S3 URL ending in `/`); used only when
    /// the CloudFormation output is split into nested stacks.
    #[arg(long, value_name = "URL")]
    pub template_url_prefix: Option<String>,
    /// Refuse the spec (TF043, nothing written) when ECS and EKS would run anything
    /// differently; `twinform parity` lists what.
    #[arg(long)]
    pub strict_parity: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Report every parity exception as an error (TF043): ECS and EKS must run the same thing.
    #[arg(long)]
    pub strict_parity: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
}

#[derive(Debug, Args)]
pub struct ParityArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// How the report is printed on stdout.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// The format of a report command's stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Plain text for a terminal.
    Text,
    /// Markdown for a pull request.
    Markdown,
    /// One JSON document.
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old and the new side (the same as --from A --to B).
    #[arg(value_name = "SPEC_OR_DIR", num_args = 0..=2, conflicts_with_all = ["from", "to"])]
    pub sides: Vec<PathBuf>,
    /// The old side: a spec file or a directory of `twinform synth` output.
    #[arg(long, value_name = "SPEC_OR_DIR")]
    pub from: Option<PathBuf>,
    /// The new side: a spec file or a directory of `twinform synth` output.
    #[arg(long, value_name = "SPEC_OR_DIR")]
    pub to: Option<PathBuf>,
    /// Apply the overlay [environments.NAME] to each side that is a spec.
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::environments))]
    pub env: Option<String>,
    /// Override a service's image tag (or digest) on the --to side, when it is a spec:
    /// what deploying that image would change. Repeatable.
    #[arg(long = "tag", value_name = "SERVICE=TAG", add = ArgValueCompleter::new(complete::tags))]
    pub tags: Vec<String>,
    /// How the diff is printed on stdout.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Append the diff from this spec or output directory to SPEC.
    #[arg(long, value_name = "SPEC_OR_DIR")]
    pub diff_from: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CostArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// How the estimate is printed on stdout.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct ExposureArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// How the exposure is printed on stdout.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the spec: a directory to hold twinform.toml (created if missing; a path
    /// without an extension is a directory), or a file such as shop.toml.
    #[arg(value_name = "PATH", default_value = "twinform.toml")]
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A diagnostic code, e.g. TF007 (case does not matter).
    #[arg(value_name = "CODE")]
    pub code: String,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Source snippets with underlines and help lines.
    Human,
    /// One JSON object per diagnostic and line (editors, tools).
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`), shown as PR annotations.
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Yaml,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetArg {
    All,
    Cloudformation,
    Kubernetes,
}
