//! Routes: normalization, ALB path patterns and listener-rule priorities.
//!
//! A rule's priority is a pure function of its own route (and host), never of its rank among the
//! other routes: CloudFormation updates listener rules one at a time, and renumbering a rule asks
//! for a priority another rule still holds (`PriorityInUse`). The ordering a prefix needs is
//! kept inside the function: a route with more segments gets a smaller number, so `/api/v2`
//! wins over `/api`. Routes of equal depth never overlap unless identical, so within a depth band
//! the number comes from a hash; two routes landing on one number are a check error (TF031).

use crate::names::stable_u64;

/// At most this many segments (`/a/b/c` has 3): one priority band of 5,000 numbers per depth.
pub const MAX_DEPTH: usize = 9;
/// At most this many characters (ALB path patterns allow 128, and `/*` is appended).
pub const MAX_LEN: usize = 100;
const BAND: u32 = 5_000;

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

/// Listener-rule priority (1..=50000) of a normalized route under an optional host.
pub fn priority(host: Option<&str>, normalized: &str) -> u32 {
    let band = (MAX_DEPTH - depth(normalized).min(MAX_DEPTH)) as u32;
    let offset = (stable_u64(&[host.unwrap_or(""), normalized]) % u64::from(BAND)) as u32;
    band * BAND + 1 + offset
}

/// Priority of a normalized route under an optional host, placed inside `[first, last]` (a
/// shared listener's slice). The same scheme as [`priority`], scaled: one band per depth, a
/// hash inside the band; `None` when the range holds fewer numbers than there are bands.
pub fn priority_in_range(
    host: Option<&str>,
    normalized: &str,
    first: u32,
    last: u32,
) -> Option<u32> {
    let bands = MAX_DEPTH as u32 + 1;
    let band_width = last.checked_sub(first)?.checked_add(1)? / bands;
    if band_width == 0 {
        return None;
    }
    let band = (MAX_DEPTH - depth(normalized).min(MAX_DEPTH)) as u32;
    let offset = (stable_u64(&[host.unwrap_or(""), normalized]) % u64::from(band_width)) as u32;
    Some(first + band * band_width + offset)
}

/// The smallest range [`priority_in_range`] accepts: one number per depth band.
pub const MIN_RANGE: u32 = MAX_DEPTH as u32 + 1;

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

    #[test]
    fn deeper_routes_win_and_priorities_are_in_range() {
        let all = ["/", "/api", "/api/v2", "/a/b/c/d/e/f/g/h/i"];
        let p: Vec<u32> = all.iter().map(|r| priority(None, r)).collect();
        assert!(p.windows(2).all(|w| w[0] > w[1]), "{p:?}");
        assert!(p.iter().all(|&x| (1..=50_000).contains(&x)));
    }

    #[test]
    fn ranged_priorities_stay_in_range_and_keep_the_order() {
        let all = ["/", "/api", "/api/v2", "/a/b/c/d/e/f/g/h/i"];
        let p: Vec<u32> = all
            .iter()
            .filter_map(|r| priority_in_range(Some("h.example.com"), r, 2000, 2999))
            .collect();
        assert_eq!(p.len(), all.len());
        assert!(p.windows(2).all(|w| w[0] > w[1]), "{p:?}");
        assert!(p.iter().all(|&x| (2000..=2999).contains(&x)), "{p:?}");
        assert_eq!(priority_in_range(None, "/", 10, 18), None);
        assert_eq!(priority_in_range(None, "/", 10, 19), Some(10 + 9));
        assert_eq!(priority_in_range(None, "/", 20, 10), None);
    }

    #[test]
    fn priority_is_a_pure_function_of_the_route() {
        assert_eq!(priority(None, "/auth"), priority(None, "/auth"));
        assert_ne!(
            priority(Some("a.example.com"), "/auth"),
            priority(None, "/auth")
        );
    }
}
