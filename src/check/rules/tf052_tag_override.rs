//! [`Code::UnknownTagOverride`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF052`; this file is how.

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
