//! Logical IDs and intrinsic functions, serialized in long form (`{"Ref": ..}`,
//! `{"Fn::GetAtt": [..]}`): valid in JSON and YAML alike, and never a nested short-form tag.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use std::fmt;

/// A CloudFormation logical ID (`[A-Za-z0-9]+`), built from spec names and a fixed kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct LogicalId(String);

impl LogicalId {
    /// `{stem}{kind}`: `Auth` + `TaskDefinition`.
    /// `{stem}{kind}`: a resource of a service or of the app (`ApiService`, `ShopVpc`).
    pub fn new(stem: &str, kind: &str) -> Self {
        LogicalId::named(&format!("{stem}{kind}"))
    }

    /// An ID that belongs to no service or app (a parameter such as `VpcId`, a child stack).
    pub fn named(name: &str) -> Self {
        // CloudFormation takes `[A-Za-z0-9]+`; every caller builds it from PascalCase parts
        // and numbers, so anything else is a bug in the emitter, not in the spec.
        debug_assert!(
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric()),
            "logical ID `{name}`"
        );
        LogicalId(name.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `Ref` of this resource.
    pub fn r#ref(&self) -> Expr {
        Expr::Ref(self.clone())
    }

    /// `Fn::GetAtt` of one attribute of this resource.
    pub fn get_att(&self, attribute: &'static str) -> Expr {
        Expr::GetAtt(self.clone(), attribute)
    }
}

impl fmt::Display for LogicalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Pseudo parameters we reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pseudo {
    AccountId,
    Partition,
    Region,
    StackName,
}

impl Pseudo {
    fn name(self) -> &'static str {
        match self {
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::Region => "AWS::Region",
            Pseudo::StackName => "AWS::StackName",
        }
    }
}

/// A property value: a literal string or an intrinsic function.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Str(String),
    Ref(LogicalId),
    Pseudo(Pseudo),
    GetAtt(LogicalId, &'static str),
    /// `Fn::GetAtt [Stack, "Outputs.Name"]`: an output of a nested stack.
    StackOutput(LogicalId, String),
    /// `Fn::Sub` over `${Resource}`, `${Resource.Attr}` and pseudo parameters.
    Sub(String),
    Join(&'static str, Vec<Expr>),
    Select(u32, Box<Expr>),
    /// `Fn::GetAZs ""`: the AZs of the stack's Region.
    GetAzs,
    /// `Fn::Cidr [block, count, bits]`.
    Cidr(Box<Expr>, u32, u32),
    /// `Fn::Split [delimiter, value]`: a list.
    Split(&'static str, Box<Expr>),
}

impl Expr {
    /// The `index`-th AZ of the stack's Region.
    pub fn az(index: u32) -> Expr {
        Expr::Select(index, Box::new(Expr::GetAzs))
    }

    /// `arn:${AWS::Partition}:...` built with `Fn::Sub`, so the template works in every partition.
    pub fn arn(rest: &str) -> Expr {
        Expr::Sub(format!("arn:${{AWS::Partition}}:{rest}"))
    }
}

impl From<&str> for Expr {
    fn from(s: &str) -> Self {
        Expr::Str(s.to_owned())
    }
}

impl From<String> for Expr {
    fn from(s: String) -> Self {
        Expr::Str(s)
    }
}

impl From<&String> for Expr {
    fn from(s: &String) -> Self {
        Expr::Str(s.clone())
    }
}

/// A two-element list of mixed types (`[index, list]`, `[logicalId, attribute]`).
struct Pair<'a, A, B>(&'a A, &'a B);

impl<A: Serialize, B: Serialize> Serialize for Pair<'_, A, B> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(2))?;
        seq.serialize_element(self.0)?;
        seq.serialize_element(self.1)?;
        seq.end()
    }
}

struct Triple<'a>(&'a Expr, u32, u32);

impl Serialize for Triple<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(3))?;
        seq.serialize_element(self.0)?;
        seq.serialize_element(&self.1)?;
        seq.serialize_element(&self.2)?;
        seq.end()
    }
}

impl Serialize for Expr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn single<S: Serializer, V: Serialize + ?Sized>(
            s: S,
            key: &str,
            value: &V,
        ) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(key, value)?;
            map.end()
        }
        match self {
            Expr::Str(s) => serializer.serialize_str(s),
            Expr::Ref(id) => single(serializer, "Ref", id),
            Expr::Pseudo(p) => single(serializer, "Ref", p.name()),
            Expr::GetAtt(id, attribute) => single(serializer, "Fn::GetAtt", &Pair(id, attribute)),
            Expr::StackOutput(stack, output) => single(
                serializer,
                "Fn::GetAtt",
                &Pair(stack, &format!("Outputs.{output}")),
            ),
            Expr::Sub(template) => single(serializer, "Fn::Sub", template),
            Expr::Join(delimiter, parts) => single(serializer, "Fn::Join", &Pair(delimiter, parts)),
            Expr::Select(index, list) => {
                single(serializer, "Fn::Select", &Pair(index, list.as_ref()))
            }
            Expr::GetAzs => single(serializer, "Fn::GetAZs", ""),
            Expr::Cidr(block, count, bits) => {
                single(serializer, "Fn::Cidr", &Triple(block, *count, *bits))
            }
            Expr::Split(delimiter, value) => {
                single(serializer, "Fn::Split", &Pair(delimiter, value.as_ref()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(e: &Expr) -> String {
        serde_json::to_string(e).unwrap_or_default()
    }

    #[test]
    fn long_form() {
        let vpc = LogicalId::new("Shop", "Vpc");
        assert_eq!(json(&vpc.r#ref()), r#"{"Ref":"ShopVpc"}"#);
        assert_eq!(
            json(&vpc.get_att("CidrBlock")),
            r#"{"Fn::GetAtt":["ShopVpc","CidrBlock"]}"#
        );
        assert_eq!(
            json(&Expr::az(1)),
            r#"{"Fn::Select":[1,{"Fn::GetAZs":""}]}"#
        );
        assert_eq!(
            json(&Expr::Pseudo(Pseudo::Region)),
            r#"{"Ref":"AWS::Region"}"#
        );
        assert_eq!(
            json(&Expr::Join("/", vec!["a".into(), vpc.r#ref()])),
            r#"{"Fn::Join":["/",["a",{"Ref":"ShopVpc"}]]}"#
        );
        assert_eq!(
            json(&Expr::Cidr(Box::new(vpc.get_att("CidrBlock")), 4, 8)),
            r#"{"Fn::Cidr":[{"Fn::GetAtt":["ShopVpc","CidrBlock"]},4,8]}"#
        );
        assert_eq!(
            json(&Expr::arn("iam::aws:policy/X")),
            r#"{"Fn::Sub":"arn:${AWS::Partition}:iam::aws:policy/X"}"#
        );
    }
}
