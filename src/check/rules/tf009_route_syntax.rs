//! [`Code::RouteSyntax`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF009`; this file is how.
//!
//! The syntax is `routes::normalize`'s.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::routes::{self, RouteError};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(route) = service.route.as_deref() else {
            continue;
        };
        let Err(error) = routes::normalize(route) else {
            continue;
        };
        let mut d = Diagnostic::new(
            Code::RouteSyntax,
            format!("service `{name}`: invalid route `{}`", route.escape_debug()),
        )
        .at(cx.value(&["services", name, "route"]), error.to_string());
        d = match error {
            RouteError::MissingSlash => d.help(format!(
                "did you mean `route = \"/{}\"`?",
                route.escape_debug()
            )),
            RouteError::EmptySegment => d.help("remove the doubled `/`"),
            RouteError::BadChar(_) => {
                d.help("a route is a literal path prefix: no wildcards, queries or spaces")
            }
            RouteError::TooDeep(_) | RouteError::TooLong(_) => {
                d.help("use a shorter prefix; everything below it is routed too")
            }
        };
        out.push(d);
    }
}
