//! TF052: every `--tag NAME=VALUE` names a service of the spec and holds a valid tag or
//! `sha256:` digest. The override comes from the command line, so the diagnostic has no
//! location in the spec.

use crate::check::{Context, MAX_SUGGESTIONS};
use crate::diag::{Code, Diagnostic};
use crate::spec::closest;
use crate::syntax::{check_digest, check_tag};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (i, (name, value)) in cx.tag_overrides.iter().enumerate() {
        if !cx.spec.services.contains_key(name) {
            let best = (i < MAX_SUGGESTIONS)
                .then(|| closest(name, cx.spec.services.keys().map(String::as_str)))
                .flatten();
            let help = match best {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "services: {}",
                    cx.spec
                        .services
                        .keys()
                        .take(MAX_SUGGESTIONS)
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            out.push(
                Diagnostic::new(
                    Code::UnknownTagOverride,
                    format!("--tag {name}={value}: `{name}` is not a service"),
                )
                .help(help),
            );
            continue;
        }
        let problem = if value.starts_with("sha256:") {
            check_digest(value).err()
        } else {
            check_tag(value).err()
        };
        if let Some(problem) = problem {
            out.push(
                Diagnostic::new(
                    Code::UnknownTagOverride,
                    format!("--tag {name}={}: not a tag or digest", value.escape_debug()),
                )
                .help(problem),
            );
        }
    }
}
