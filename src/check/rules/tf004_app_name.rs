//! [`Code::AppName`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF004`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::{is_dns1123_label, suggest_label};

pub const MAX_LEN: usize = 20;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(name) = cx.spec.app.as_ref().and_then(|a| a.name.as_deref()) else {
        return;
    };
    if is_dns1123_label(name, MAX_LEN) {
        return;
    }
    let problem = if name.chars().count() > MAX_LEN {
        format!("{} characters, at most {MAX_LEN}", name.chars().count())
    } else {
        "lowercase letters, digits and `-` only, starting and ending with a letter or digit"
            .to_owned()
    };
    let mut d = Diagnostic::new(Code::AppName, format!("`{name}` is not a valid app name"))
        .at(cx.value(&["app", "name"]), problem);
    if let Some(better) = suggest_label(name, MAX_LEN, false) {
        d = d.help(format!("try `name = \"{better}\"`"));
    }
    out.push(
        d.help("the app name prefixes AWS resource names and is the default Kubernetes namespace"),
    );
}
