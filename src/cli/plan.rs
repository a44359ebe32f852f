//! The resolved plan (ripgrep's "HiArgs"): what to read, what to produce and where. Built once
//! from [`LowArgs`]; building it can fail only with a usage error, before any file is touched.

use super::args::{
    Command, DiffFormat, FormatArg, LowArgs, MessageFormat, ReportFormat, SpecArgs, TargetArg,
};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use twinform::{Format, Options, Targets};

/// One command, ready to run.
#[derive(Debug)]
pub enum Plan {
    Synth(Synth),
    Check(Input),
    Show(Input),
    Schema,
    Diff(Diff),
    Summary {
        input: Input,
        diff_from: Option<PathBuf>,
    },
    Parity {
        input: Input,
        format: ReportFormat,
    },
    Cost {
        input: Input,
        format: ReportFormat,
    },
    Exposure {
        input: Input,
        format: ReportFormat,
    },
    Init {
        path: PathBuf,
    },
    Explain {
        code: String,
    },
    Completions {
        shell: clap_complete::Shell,
    },
    Import(super::import::ImportCommand),
}

impl Input {
    /// What checking this input reads: its overlay and image overrides.
    pub fn options(&self) -> Options {
        Options {
            env: self.env.clone(),
            tags: self.tags.clone(),
            strict_parity: self.strict_parity,
            ..Options::default()
        }
    }
}

/// A spec to read and how to report on it.
#[derive(Debug)]
pub struct Input {
    /// As given: a file, a directory holding `twinform.toml`, or none (`./twinform.toml`).
    pub spec: Option<PathBuf>,
    pub env: Option<String>,
    /// `--tag SERVICE=TAG` overrides.
    pub tags: BTreeMap<String, String>,
    pub message_format: MessageFormat,
    /// `--strict-parity` (check, synth): parity exceptions are errors.
    pub strict_parity: bool,
}

/// `synth`: the input, the library options and where the output goes.
#[derive(Debug)]
pub struct Synth {
    pub input: Input,
    pub options: Options,
    pub out: Out,
    /// `--check`: compare with `out` instead of writing.
    pub check_only: bool,
}

/// Where `synth` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    /// A directory twinform owns.
    Dir(PathBuf),
    /// `--out -`: one target to stdout (the manifests as one multi-document YAML stream, or the
    /// template).
    Stdout,
}

/// `diff`: two sides, each a spec or an output directory.
#[derive(Debug)]
pub struct Diff {
    pub from: PathBuf,
    pub to: PathBuf,
    pub env: Option<String>,
    /// `--tag SERVICE=TAG` overrides for the `to` side.
    pub tags: BTreeMap<String, String>,
    pub format: DiffFormat,
}

/// A usage error found while resolving the arguments (exit 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl Plan {
    pub fn from_args(args: LowArgs) -> Result<Plan, UsageError> {
        Ok(match args.command {
            Command::Synth(synth) => {
                let targets = match synth.target {
                    TargetArg::All => Targets {
                        cloudformation: true,
                        kubernetes: true,
                    },
                    TargetArg::Cloudformation => Targets {
                        cloudformation: true,
                        kubernetes: false,
                    },
                    TargetArg::Kubernetes => Targets {
                        cloudformation: false,
                        kubernetes: true,
                    },
                };
                let format = match synth.format {
                    FormatArg::Yaml => Format::Yaml,
                    FormatArg::Json => Format::Json,
                };
                let mut input = input(synth.spec)?;
                input.strict_parity = synth.strict_parity;
                let out = if synth.out.as_os_str() == "-" {
                    if targets.cloudformation && targets.kubernetes {
                        return Err(UsageError(
                            "--out - writes one target to stdout: add --target kubernetes (the \
                             manifests, for `kubectl apply -f -`) or --target cloudformation"
                                .into(),
                        ));
                    }
                    if synth.check {
                        return Err(UsageError(
                            "--check compares with an output directory, not with --out -".into(),
                        ));
                    }
                    Out::Stdout
                } else {
                    check_out(&synth.out)?;
                    Out::Dir(synth.out)
                };
                Plan::Synth(Synth {
                    options: Options {
                        env: input.env.clone(),
                        targets,
                        format,
                        tags: input.tags.clone(),
                        template_url_prefix: synth.template_url_prefix,
                        // Set once the spec's path is known (relative to the output).
                        source: None,
                        strict_parity: synth.strict_parity,
                    },
                    input,
                    out,
                    check_only: synth.check,
                })
            }
            Command::Check(check) => Plan::Check(Input {
                strict_parity: check.strict_parity,
                ..input(check.spec)?
            }),
            Command::Parity(parity) => Plan::Parity {
                input: input(parity.spec)?,
                format: parity.format,
            },
            Command::Show(show) => Plan::Show(input(show.spec)?),
            Command::Schema => Plan::Schema,
            Command::Diff(d) => {
                let (from, to) = match (d.sides.as_slice(), d.from, d.to) {
                    ([a, b], None, None) => (a.clone(), b.clone()),
                    ([], Some(from), Some(to)) => (from, to),
                    _ => {
                        return Err(UsageError(
                            "diff takes two sides: `twinform diff A B`, or --from A --to B".into(),
                        ));
                    }
                };
                Plan::Diff(Diff {
                    from,
                    to,
                    env: d.env,
                    tags: tag_overrides(&d.tags)?,
                    format: d.format,
                })
            }
            Command::Summary(s) => Plan::Summary {
                input: input(s.spec)?,
                diff_from: s.diff_from,
            },
            Command::Cost(c) => Plan::Cost {
                input: input(c.spec)?,
                format: c.format,
            },
            Command::Exposure(e) => Plan::Exposure {
                input: input(e.spec)?,
                format: e.format,
            },
            Command::Init(init) => Plan::Init { path: init.path },
            Command::Explain(explain) => Plan::Explain { code: explain.code },
            Command::Completions(c) => Plan::Completions { shell: c.shell },
            Command::Import(import) => Plan::Import(import),
        })
    }
}

fn input(args: SpecArgs) -> Result<Input, UsageError> {
    Ok(Input {
        tags: tag_overrides(&args.tags)?,
        spec: args.spec,
        env: args.env,
        message_format: args.message_format,
        strict_parity: false,
    })
}

/// `--tag SERVICE=TAG`, each service at most once.
fn tag_overrides(args: &[String]) -> Result<BTreeMap<String, String>, UsageError> {
    let mut tags = BTreeMap::new();
    for arg in args {
        let Some((service, tag)) = arg.split_once('=') else {
            return Err(UsageError(format!(
                "--tag takes SERVICE=TAG (got `{arg}`); for example --tag api=sha-9f1c2e"
            )));
        };
        if tags.insert(service.to_owned(), tag.to_owned()).is_some() {
            return Err(UsageError(format!("--tag names `{service}` twice")));
        }
    }
    Ok(tags)
}

/// `--out` is replaced by renaming a sibling directory onto it, so it must end in a directory
/// name: `.`, `..` or `/` have no sibling to build beside.
fn check_out(out: &Path) -> Result<(), UsageError> {
    match out.components().next_back() {
        Some(Component::Normal(_)) => Ok(()),
        _ => Err(UsageError(format!(
            "--out must end in a directory name (got `{}`); for example --out out",
            out.display()
        ))),
    }
}
