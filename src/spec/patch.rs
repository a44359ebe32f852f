//! `Patch<T>`: the overlay form of a spec table — the same keys as `T`, none of them required.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A table of type `T` in an environment overlay. It deserializes exactly like `T`; only its JSON
/// Schema differs (no `required` keys), because an overlay sets just what it changes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Patch<T>(pub T);

impl<T: JsonSchema> JsonSchema for Patch<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("{}Patch", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = T::json_schema(generator);
        if let Some(object) = schema.as_object_mut() {
            object.remove("required");
        }
        schema
    }
}
