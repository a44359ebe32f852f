//! Routes: normalization, ALB path patterns, listener-rule priorities ([`priority`]) and what
//! an update does to them ([`update`]).

pub mod priority;
pub mod update;

pub use priority::{Bands, MIN_RANGE, Placement, RouteKey, place};

/// At most this many segments (`/a/b/c` has 3): one priority band per depth.
pub const MAX_DEPTH: usize = 9;
/// At most this many characters (ALB path patterns allow 128, and `/*` is appended).
pub const MAX_LEN: usize = 100;

/// Why a route is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    MissingSlash,
    BadChar(char),
    EmptySegment,
    TooDeep(usize),
    TooLong(usize),
}

impl std::fmt::Display for RouteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RouteError::MissingSlash => write!(f, "a route must start with `/`"),
            RouteError::BadChar(c) => write!(
                f,
                "`{}` is not allowed in a route (allowed: A-Z a-z 0-9 . _ ~ / -)",
                c.escape_debug()
            ),
            RouteError::EmptySegment => {
                write!(f, "a route may not contain an empty segment (`//`)")
            }
            RouteError::TooDeep(n) => write!(
                f,
                "a route may have at most {MAX_DEPTH} segments; this one has {n}"
            ),
            RouteError::TooLong(n) => write!(
                f,
                "a route may have at most {MAX_LEN} characters; this one has {n}"
            ),
        }
    }
}

/// Normalizes a route: removes one trailing `/` (except for `/` itself) and validates it.
pub fn normalize(route: &str) -> Result<String, RouteError> {
    if !route.starts_with('/') {
        return Err(RouteError::MissingSlash);
    }
    if let Some(c) = route
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "._~/-".contains(*c)))
    {
        return Err(RouteError::BadChar(c));
    }
    let trimmed = if route.len() > 1 {
        route.strip_suffix('/').unwrap_or(route)
    } else {
        route
    };
    if trimmed.len() > 1 && trimmed[1..].split('/').any(str::is_empty) {
        return Err(RouteError::EmptySegment);
    }
    let depth = depth(trimmed);
    if depth > MAX_DEPTH {
        return Err(RouteError::TooDeep(depth));
    }
    if trimmed.len() > MAX_LEN {
        return Err(RouteError::TooLong(trimmed.len()));
    }
    Ok(trimmed.to_owned())
}

/// Number of segments of a normalized route; `/` has 0.
pub fn depth(normalized: &str) -> usize {
    if normalized == "/" {
        0
    } else {
        normalized.matches('/').count()
    }
}

/// ALB `path-pattern` values of a normalized route: `/api` → `/api`, `/api/*`; `/` → `/*`.
pub fn path_patterns(normalized: &str) -> Vec<String> {
    if normalized == "/" {
        vec!["/*".to_owned()]
    } else {
        vec![normalized.to_owned(), format!("{normalized}/*")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes() {
        assert_eq!(normalize("/api/").as_deref(), Ok("/api"));
        assert_eq!(normalize("/").as_deref(), Ok("/"));
        assert_eq!(normalize("api"), Err(RouteError::MissingSlash));
        assert_eq!(normalize("/a//b"), Err(RouteError::EmptySegment));
        assert_eq!(normalize("/a b"), Err(RouteError::BadChar(' ')));
        assert_eq!(
            normalize("/a/b/c/d/e/f/g/h/i/j"),
            Err(RouteError::TooDeep(10))
        );
    }
}
