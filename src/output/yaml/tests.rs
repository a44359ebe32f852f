//! The fast emitter against serde-saphyr: the same bytes for every shape and string twinform
//! writes, and for arbitrary strings as keys and values.

use super::{emit, saphyr_document};
use proptest::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Both emitters' bytes for `value`; `None` when the fast one leaves it to serde-saphyr.
fn both<T: Serialize>(value: &T) -> (Option<String>, String) {
    let fast = emit::document(value).ok();
    let saphyr = String::from_utf8(saphyr_document(value)).expect("UTF-8");
    (fast, saphyr)
}

fn same<T: Serialize>(value: &T) {
    let (fast, saphyr) = both(value);
    let fast = fast.expect("handled by the fast emitter");
    assert_eq!(fast, saphyr);
}

const STRINGS: &[&str] = &[
    "",
    "plain",
    "on",
    "yes",
    "No",
    "y",
    "~",
    "null",
    "NULL",
    "true",
    "012",
    "0x1F",
    "1e3",
    "1_000",
    "1:30",
    "3.2.0",
    "2012-10-17",
    "2001-12-14t21:59:43.10-05:00",
    ".inf",
    "-.5",
    "+1",
    "-",
    "- a",
    "-a",
    "?",
    "? a",
    "?a",
    ":a",
    "a:",
    "a: b",
    "a:b",
    "a #b",
    "a#b",
    "#a",
    "&a",
    "*a",
    "!a",
    "|a",
    ">a",
    "'a",
    "\"a",
    "%a",
    "@a",
    "`a",
    ",a",
    "a,b",
    "[a]",
    "{a}",
    "a]",
    " a",
    "a ",
    "a\tb",
    "a\nb",
    "a\\b",
    "a\"b",
    "---",
    "--- a",
    "...",
    "<<",
    "=",
    "é",
    "a\u{85}",
    "\u{2028}",
    "\u{FEFF}x",
    "\u{7f}",
    "\u{1b}",
    "\0",
    "arn:aws:iam::aws:policy/x",
    "Yes",
    "ON",
    "Null",
    "NaN",
    "Inf",
    "N",
    "Off",
    "a.b/c-d_e",
    "ab1",
    "nulls",
    "yess",
    "a-",
    "a.",
    "a/",
    "Z",
    "${AWS::Region}",
    "Fn::GetAtt",
    "aws:SourceArn",
    "0.0.0.0/0",
    "-1",
    "*",
    "a: ",
    "a  #",
];

#[derive(Serialize)]
struct Nested {
    name: &'static str,
    count: u32,
    negative: i64,
    flag: bool,
    list: Vec<BTreeMap<String, Vec<String>>>,
    empty_map: BTreeMap<String, String>,
    empty_list: Vec<String>,
    maps: Vec<BTreeMap<String, String>>,
    deep: BTreeMap<String, BTreeMap<String, Vec<u8>>>,
    kind: Kind,
    skipped: Option<String>,
}

#[derive(Serialize)]
enum Kind {
    Deployment,
}

#[test]
fn every_listed_string_is_written_alike_as_key_and_value() {
    for s in STRINGS {
        same(&BTreeMap::from([(s.to_string(), s.to_string())]));
        same(&vec![s.to_string()]);
        same(&BTreeMap::from([("k", BTreeMap::from([(*s, vec![*s])]))]));
    }
}

#[test]
fn nesting_empties_and_scalars_are_written_alike() {
    let value = Nested {
        name: "api",
        count: 3,
        negative: -1,
        flag: true,
        list: vec![
            BTreeMap::from([("a".into(), vec!["x".into(), "y".into()])]),
            BTreeMap::new(),
            BTreeMap::from([("b".into(), vec![]), ("c".into(), vec!["z".into()])]),
        ],
        empty_map: BTreeMap::new(),
        empty_list: Vec::new(),
        maps: vec![BTreeMap::from([
            ("k".into(), "v".into()),
            ("l".into(), "w".into()),
        ])],
        deep: BTreeMap::from([(
            "x".into(),
            BTreeMap::from([("y".into(), vec![1, 2]), ("z".into(), vec![])]),
        )]),
        kind: Kind::Deployment,
        skipped: None,
    };
    // `None` is a null in serde-saphyr; the fast emitter leaves such a document to it.
    assert!(emit::document(&value).is_err());
    #[derive(Serialize)]
    struct Without<'a> {
        #[serde(flatten)]
        inner: &'a BTreeMap<String, Vec<String>>,
    }
    #[derive(Serialize)]
    struct Skipping<'a> {
        name: &'a str,
        count: u32,
        negative: i64,
        flag: bool,
        list: &'a [BTreeMap<String, Vec<String>>],
        empty_map: &'a BTreeMap<String, String>,
        empty_list: &'a [String],
        maps: &'a [BTreeMap<String, String>],
        deep: &'a BTreeMap<String, BTreeMap<String, Vec<u8>>>,
        kind: &'a Kind,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: &'a Option<String>,
        flattened: Without<'a>,
    }
    same(&Skipping {
        name: value.name,
        count: value.count,
        negative: value.negative,
        flag: value.flag,
        list: &value.list,
        empty_map: &value.empty_map,
        empty_list: &value.empty_list,
        maps: &value.maps,
        deep: &value.deep,
        kind: &value.kind,
        skipped: &value.skipped,
        flattened: Without {
            inner: &value.list[0],
        },
    });
    same(&Vec::<String>::new());
    same(&BTreeMap::<String, String>::new());
    same(&vec![BTreeMap::<String, String>::new()]);
}

proptest! {
    #[test]
    fn arbitrary_strings_are_written_alike(key in ".{0,12}", value in ".{0,24}", ascii in "[ -~]{0,16}") {
        let map = BTreeMap::from([(key.clone(), vec![value.clone(), ascii.clone()])]);
        let (fast, saphyr) = both(&map);
        prop_assert_eq!(fast.as_deref().unwrap_or(&saphyr), saphyr.as_str());
        let map = BTreeMap::from([(ascii.clone(), BTreeMap::from([(value.clone(), key.clone())]))]);
        let (fast, saphyr) = both(&map);
        prop_assert_eq!(fast.as_deref().unwrap_or(&saphyr), saphyr.as_str());
    }
}
