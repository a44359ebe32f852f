//! Typed references between services in `env` values: `${services.api.url}` is
//! `http://api:8081` on both targets (the in-cluster URL Service Connect and the Kubernetes
//! Service both answer), `${services.api.host}` is `api`, `${services.api.port}` is `8081`. The
//! one parser of the syntax: `check` (TF042) reports what does not resolve, `model::lower` and
//! `show` substitute what does. Only `${services.` is ours; any other `${…}` stays literal for
//! the app (e.g. its own shell expansion).

use super::{Protocol, Spec};
use std::ops::Range;

const OPEN: &str = "${services.";

/// What a reference asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribute {
    Url,
    Host,
    Port,
}

impl Attribute {
    pub const NAMES: &'static str = "`url`, `host` or `port`";

    fn parse(text: &str) -> Option<Attribute> {
        match text {
            "url" => Some(Attribute::Url),
            "host" => Some(Attribute::Host),
            "port" => Some(Attribute::Port),
            _ => None,
        }
    }
}

/// One `${services.…}` in a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference<'a> {
    /// `${services.NAME.ATTRIBUTE}`.
    Service {
        service: &'a str,
        attribute: Attribute,
        /// Byte range of the whole `${…}` in the value.
        range: Range<usize>,
    },
    /// Not of that shape: unterminated, no attribute, or an unknown one.
    Malformed { text: &'a str, range: Range<usize> },
}

impl Reference<'_> {
    pub fn range(&self) -> Range<usize> {
        match self {
            Reference::Service { range, .. } | Reference::Malformed { range, .. } => range.clone(),
        }
    }
}

/// Every `${services.…}` in `value`, in order.
pub fn references(value: &str) -> Vec<Reference<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(offset) = value[from..].find(OPEN) {
        let start = from + offset;
        let body_start = start + OPEN.len();
        let Some(close) = value[body_start..].find('}') else {
            out.push(Reference::Malformed {
                text: &value[start..],
                range: start..value.len(),
            });
            break;
        };
        let end = body_start + close + 1;
        let body = &value[body_start..body_start + close];
        let parsed = body
            .split_once('.')
            .filter(|(service, _)| !service.is_empty())
            .and_then(|(service, attribute)| Some((service, Attribute::parse(attribute)?)));
        out.push(match parsed {
            Some((service, attribute)) => Reference::Service {
                service,
                attribute,
                range: start..end,
            },
            None => Reference::Malformed {
                text: &value[start..end],
                range: start..end,
            },
        });
        from = end;
    }
    out
}

/// `value` with every reference to a service with a port replaced by its value; anything that
/// does not resolve (check reports it, TF042) stays as written.
pub fn substitute(spec: &Spec, value: &str) -> String {
    let found = references(value);
    if found.is_empty() {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    let mut from = 0;
    for reference in found {
        let range = reference.range();
        out.push_str(&value[from..range.start]);
        match resolve(spec, &reference) {
            Some(text) => out.push_str(&text),
            None => out.push_str(&value[range.clone()]),
        }
        from = range.end;
    }
    out.push_str(&value[from..]);
    out
}

/// The text a reference stands for: `None` when it names no service with a port, or asks a TCP
/// service for a URL.
pub fn resolve(spec: &Spec, reference: &Reference<'_>) -> Option<String> {
    let Reference::Service {
        service, attribute, ..
    } = reference
    else {
        return None;
    };
    let target = spec.services.get(*service)?;
    let port = target.port?;
    match attribute {
        Attribute::Host => Some((*service).to_owned()),
        Attribute::Port => Some(port.to_string()),
        Attribute::Url => match target.protocol.unwrap_or(super::defaults::PROTOCOL) {
            // gRPC clients take the same in-cluster address (h2c behind the `http` scheme).
            Protocol::Http | Protocol::Grpc => Some(format!("http://{service}:{port}")),
            Protocol::Tcp => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references_and_leaves_other_dollars_alone() {
        let found = references("x ${HOME} ${services.api.url}/v1 ${services.db.port}");
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0],
            Reference::Service {
                service: "api",
                attribute: Attribute::Url,
                range: 10..29
            }
        );
        assert!(matches!(
            found[1],
            Reference::Service {
                service: "db",
                attribute: Attribute::Port,
                ..
            }
        ));
    }

    #[test]
    fn malformed_references_are_reported_not_guessed() {
        for bad in [
            "${services.api}",
            "${services.api.uri}",
            "${services..url}",
            "${services.api.url",
        ] {
            assert!(
                matches!(references(bad).as_slice(), [Reference::Malformed { .. }]),
                "{bad}"
            );
        }
    }

    #[test]
    fn substitutes_on_the_spec() {
        let spec: Spec = toml::from_str(
            "[services.api]\nport = 8081\n[services.db]\nport = 5432\nprotocol = \"tcp\"\n",
        )
        .unwrap();
        assert_eq!(
            substitute(
                &spec,
                "${services.api.url}/v1 ${services.db.host}:${services.db.port}"
            ),
            "http://api:8081/v1 db:5432"
        );
        // A TCP service has no URL; an unknown service stays as written (check refuses both).
        assert_eq!(
            substitute(&spec, "${services.db.url} ${services.nope.host}"),
            "${services.db.url} ${services.nope.host}"
        );
    }
}
