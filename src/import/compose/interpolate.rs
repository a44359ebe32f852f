//! Compose interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
//! `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, nested in defaults, and `$$`
//! for a literal `$`. Source: <https://docs.docker.com/reference/compose-file/interpolation/>.
//!
//! The variables are data (the CLI merges `.env` and the process environment): nothing here
//! reads the environment.

use std::collections::BTreeMap;

/// What interpolating one string found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `${VAR:?message}` with VAR unset (or empty): an error, as in Compose.
    Required { var: String, message: String },
    /// A `${` without its `}` or a name that is not one.
    Syntax(String),
}

/// The string with every reference replaced; unset variables without a default are empty
/// (Compose does the same and warns) and listed in `unset`.
pub fn interpolate(
    text: &str,
    vars: &BTreeMap<String, String>,
    unset: &mut Vec<String>,
) -> Result<String, Problem> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(inner) = after.strip_prefix('{') {
            let close = matching_brace(inner).ok_or_else(|| {
                Problem::Syntax(format!("`${{` without a closing `}}` in `{text}`"))
            })?;
            out.push_str(&braced(&inner[..close], vars, unset)?);
            rest = &inner[close + 1..];
        } else {
            let len = name_len(after);
            if len == 0 {
                // A lone `$` (`cost: 5$`) stays as written.
                out.push('$');
                rest = after;
            } else {
                out.push_str(&lookup(&after[..len], vars, unset));
                rest = &after[len..];
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Index of the `}` closing a `${`, counting nested `${…}`.
fn matching_brace(inner: &str) -> Option<usize> {
    let mut depth = 0usize;
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

fn name_len(text: &str) -> usize {
    text.char_indices()
        .take_while(|&(i, c)| c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()))
        .count()
}

fn lookup(name: &str, vars: &BTreeMap<String, String>, unset: &mut Vec<String>) -> String {
    match vars.get(name) {
        Some(value) => value.clone(),
        None => {
            if !unset.iter().any(|u| u == name) {
                unset.push(name.to_owned());
            }
            String::new()
        }
    }
}

/// The inside of `${…}`: a name and an optional operator with its word.
fn braced(
    inner: &str,
    vars: &BTreeMap<String, String>,
    unset: &mut Vec<String>,
) -> Result<String, Problem> {
    let len = name_len(inner);
    let (name, op) = inner.split_at(len);
    if name.is_empty() {
        return Err(Problem::Syntax(format!(
            "`${{{inner}}}` does not start with a variable name"
        )));
    }
    let value = vars.get(name);
    let set = value.is_some();
    let non_empty = value.is_some_and(|v| !v.is_empty());
    let word = |w: &str, unset: &mut Vec<String>| interpolate(w, vars, unset);
    let own = || value.cloned().unwrap_or_default();
    Ok(match op {
        "" => lookup(name, vars, unset),
        _ if op.starts_with(":-") => {
            if non_empty {
                own()
            } else {
                word(&op[2..], unset)?
            }
        }
        _ if op.starts_with('-') => {
            if set {
                own()
            } else {
                word(&op[1..], unset)?
            }
        }
        _ if op.starts_with(":+") => {
            if non_empty {
                word(&op[2..], unset)?
            } else {
                String::new()
            }
        }
        _ if op.starts_with('+') => {
            if set {
                word(&op[1..], unset)?
            } else {
                String::new()
            }
        }
        _ if op.starts_with(":?") || op.starts_with('?') => {
            let required = if op.starts_with(':') { non_empty } else { set };
            if !required {
                let message = op.trim_start_matches(':')[1..].to_owned();
                return Err(Problem::Required {
                    var: name.to_owned(),
                    message: word(&message, unset)?,
                });
            }
            own()
        }
        _ => {
            return Err(Problem::Syntax(format!(
                "`${{{inner}}}`: unknown operator `{op}`"
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<String, Problem> {
        let vars: BTreeMap<String, String> = [("SET", "v"), ("EMPTY", "")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        interpolate(text, &vars, &mut Vec::new())
    }

    #[test]
    fn every_form_of_the_spec() {
        assert_eq!(run("${SET}-$SET").as_deref(), Ok("v-v"));
        assert_eq!(run("${EMPTY:-d}|${EMPTY-d}|${NO-d}").as_deref(), Ok("d||d"));
        assert_eq!(
            run("${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}").as_deref(),
            Ok("alt||alt")
        );
        assert_eq!(run("$$HOME costs 5$").as_deref(), Ok("$HOME costs 5$"));
        assert_eq!(run("${NO:-${SET}x}").as_deref(), Ok("vx"));
        assert_eq!(
            run("${NO:?set NO please}"),
            Err(Problem::Required {
                var: "NO".into(),
                message: "set NO please".into()
            })
        );
        assert!(matches!(run("${EMPTY:?x}"), Err(Problem::Required { .. })));
        assert_eq!(run("${EMPTY?x}").as_deref(), Ok(""));
        assert!(matches!(run("${SET"), Err(Problem::Syntax(_))));
    }

    #[test]
    fn unset_variables_are_empty_and_listed() {
        let mut unset = Vec::new();
        let out = interpolate("a${NOPE}b$NOPE", &BTreeMap::new(), &mut unset);
        assert_eq!(out.as_deref(), Ok("ab"));
        assert_eq!(unset, ["NOPE"]);
    }
}
