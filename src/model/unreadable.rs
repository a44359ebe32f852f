//! What `lower` does with a value `check` should have refused: it never guesses. Each
//! conversion that check has proven safe goes through [`Lowering`], and one that fails anyway
//! (a disagreement between check and lower: a bug) records its key path; `lower` then returns
//! no model, and the caller reports every path as TF099 at its place in the spec. The
//! placeholder a failed conversion returns only lets lowering finish collecting: the refused
//! model is dropped, so it never reaches an emitter.

/// A value lower could not read, by its key path in the effective spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub path: Vec<String>,
    /// What lower needed there (`a port in 1..=65535`).
    pub expected: &'static str,
}

#[derive(Debug, Default)]
pub(super) struct Lowering {
    pub(super) unreadable: Vec<Unreadable>,
}

impl Lowering {
    pub(super) fn fail(&mut self, path: &[&str], expected: &'static str) {
        self.unreadable.push(Unreadable {
            path: path.iter().map(|segment| (*segment).to_owned()).collect(),
            expected,
        });
    }

    /// `value`, else the spec's `default`, as the model's integer type.
    pub(super) fn number<T: TryFrom<i64> + Default>(
        &mut self,
        value: Option<i64>,
        default: i64,
        path: &[&str],
    ) -> T {
        match T::try_from(value.unwrap_or(default)) {
            Ok(number) => number,
            Err(_) => {
                self.fail(path, "a number in the range check allows");
                T::default()
            }
        }
    }

    /// A number check requires.
    pub(super) fn required_number<T: TryFrom<i64> + Default>(
        &mut self,
        value: Option<i64>,
        path: &[&str],
    ) -> T {
        match value {
            Some(value) => self.number(Some(value), value, path),
            None => {
                self.fail(path, "a number (the key is required)");
                T::default()
            }
        }
    }

    /// A key check requires.
    pub(super) fn required<'a>(&mut self, value: Option<&'a str>, path: &[&str]) -> &'a str {
        match value {
            Some(value) => value,
            None => {
                self.fail(path, "a value (the key is required)");
                ""
            }
        }
    }

    /// A value check has parsed with the same parser.
    pub(super) fn parsed<T>(
        &mut self,
        value: Option<T>,
        path: &[&str],
        expected: &'static str,
    ) -> Option<T> {
        if value.is_none() {
            self.fail(path, expected);
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use crate::check::CheckedSpec;

    const SPEC: &str = r#"
[app]
name = "shop"

[services.api]
image = "public.ecr.aws/acme/api:1.0.0"
port = 8080
route = "/api"

[[services.api.sidecars]]
name = "otel"
image = "public.ecr.aws/acme/otel:1.0.0"
"#;

    /// What check would have refused, handed to lower anyway: no model comes out, and every
    /// value is named by its key — never a port 0, an empty image or a dropped route.
    #[test]
    fn values_check_should_have_refused_are_named_not_guessed() {
        let loaded = crate::spec::load("t.toml", SPEC, None);
        let mut spec = loaded.spec.expect("a valid spec");
        let api = spec.services.get_mut("api").expect("api");
        api.port = Some(70_000);
        api.image = None;
        api.route = Some("no-slash".to_owned());
        api.cpu = Some(-1);
        if let Some(sidecar) = api.sidecars.as_mut().and_then(|s| s.first_mut()) {
            sidecar.name = None;
        }
        let checked = CheckedSpec::unchecked(spec, loaded.located);
        let Err(unreadable) = crate::model::lower(checked) else {
            panic!("a model with guessed values");
        };
        let paths: Vec<String> = unreadable.iter().map(|u| u.path.join(".")).collect();
        for expected in [
            "services.api.port",
            "services.api.image",
            "services.api.route",
            "services.api.cpu",
            "services.api.sidecars.0.name",
        ] {
            assert!(
                paths.iter().any(|p| p == expected),
                "{expected} in {paths:?}"
            );
        }
    }

    #[test]
    fn a_checked_spec_lowers() {
        let loaded = crate::spec::load("t.toml", SPEC, None);
        let spec = loaded.spec.expect("a valid spec");
        let checked = CheckedSpec::unchecked(spec, loaded.located);
        assert!(crate::model::lower(checked).is_ok());
    }
}
