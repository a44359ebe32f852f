//! TF009: a route that is not a valid path prefix.
//!
//! **What it does.** Runs `routes::normalize` on every service's `route`: it must start with
//! `/`, use only `A-Z a-z 0-9 . _ ~ / -`, have no empty segment, at most 9 segments and 100
//! characters (one trailing `/` is dropped).
//!
//! **Why.** The route becomes an ALB path pattern and an Ingress path; both reject other
//! characters, and the listener-rule priority is computed from its depth.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! route = "api"         # error: a route must start with `/`
//! ```

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
            format!("service `{name}`: invalid route: {error}"),
        )
        .at(cx.at(&["services", name, "route"]), "invalid route");
        if error == RouteError::MissingSlash {
            d = d.help(format!("write `route = \"/{}\"`", route.escape_debug()));
        } else if error == RouteError::EmptySegment {
            d = d.help("remove the doubled `/`");
        }
        out.push(d);
    }
}
