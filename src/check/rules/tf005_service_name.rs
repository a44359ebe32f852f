//! [`Code::ServiceName`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF005`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::{is_dns1035_label, suggest_label};

pub const MAX_LEN: usize = 32;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _) in cx.services() {
        if is_dns1035_label(name, MAX_LEN) {
            continue;
        }
        let problem = if name.chars().count() > MAX_LEN {
            format!("{} characters, at most {MAX_LEN}", name.chars().count())
        } else {
            "lowercase letters, digits and `-`, starting with a letter".to_owned()
        };
        let mut d = Diagnostic::new(
            Code::ServiceName,
            format!("`{name}` is not a valid service name"),
        )
        .at(cx.service_key(name), problem);
        if let Some(better) = suggest_label(name, MAX_LEN, true) {
            d = d.help(format!("try `[services.{better}]`"));
        }
        out.push(d.help(
            "the name is the Kubernetes Service name and the host in `http://<service>:<port>`",
        ));
    }
}
