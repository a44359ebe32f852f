//! [`Code::JobTimezone`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF075`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// Whether `name` is in the IANA database (chrono-tz's copy), exactly as written: both
/// EventBridge Scheduler and Kubernetes match names case-sensitively.
pub(crate) fn is_iana_zone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, job) in &cx.spec.jobs {
        let Some(zone) = &job.timezone else { continue };
        if is_iana_zone(zone) {
            continue;
        }
        let suggestion =
            crate::spec::closest(zone, chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()));
        let mut d = Diagnostic::new(
            Code::JobTimezone,
            format!(
                "job `{name}`: `{}` is not an IANA time zone",
                zone.escape_debug()
            ),
        )
        .at(cx.value(&["jobs", name, "timezone"]), "unknown time zone");
        d = match suggestion {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help("use a name such as `Europe/Berlin`, `America/New_York` or `UTC`"),
        };
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_iana_names() {
        assert!(super::is_iana_zone("Europe/Berlin"));
        assert!(super::is_iana_zone("UTC"));
        assert!(!super::is_iana_zone("europe/berlin"));
        assert!(!super::is_iana_zone("CEST"));
        assert!(!super::is_iana_zone("Mars/Olympus"));
    }
}
