//! The pinned price table (`prices.json`, written by `scripts/prices.py` from the public AWS
//! price list offer files and checked by hand; see its `verification`), parsed into
//! nano-dollars so that no float ever reaches a total.

use serde::Deserialize;
use std::collections::BTreeMap;

const TABLE: &str = include_str!("prices.json");

/// An amount in nano-dollars (10⁻⁹ USD): the table's finest figure has 8 decimals.
pub type Nanos = i64;

/// One Region's rates, in nano-dollars per unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rates {
    /// Whether a person checked these figures against a public page on the table's date.
    pub verified: bool,
    pub fargate_vcpu_hour: Nanos,
    pub fargate_gb_hour: Nanos,
    pub fargate_arm_vcpu_hour: Nanos,
    pub fargate_arm_gb_hour: Nanos,
    pub fargate_spot_vcpu_hour: Nanos,
    pub fargate_spot_gb_hour: Nanos,
    pub fargate_spot_arm_vcpu_hour: Nanos,
    pub fargate_spot_arm_gb_hour: Nanos,
    pub fargate_storage_gb_hour: Nanos,
    pub alb_hour: Nanos,
    pub alb_lcu_hour: Nanos,
    pub nat_hour: Nanos,
    pub nat_gb: Nanos,
    pub kms_key_month: Nanos,
    pub eks_cluster_hour: Nanos,
}

/// The whole table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// When the figures were taken (`YYYY-MM-DD`).
    pub date: String,
    pub hours_per_month: i64,
    pub sources: Vec<String>,
    pub verification: Vec<String>,
    pub regions: BTreeMap<String, Rates>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    date: String,
    currency: String,
    hours_per_month: i64,
    sources: Vec<String>,
    verification: Vec<String>,
    regions: BTreeMap<String, BTreeMap<String, RawValue>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawValue {
    Flag(bool),
    Price(String),
}

/// `"0.04048"` → 40_480_000 nano-dollars; `None` for anything but a plain decimal with at most
/// nine places.
pub fn parse_dollars(text: &str) -> Option<Nanos> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 9 {
        return None;
    }
    let whole: Nanos = whole.parse().ok()?;
    let padded = format!("{fraction:0<9}");
    let fraction: Nanos = padded.parse().ok()?;
    whole.checked_mul(1_000_000_000)?.checked_add(fraction)
}

impl Table {
    /// The committed table. Its shape and every figure are checked by a unit test, so the
    /// error side is for a table edited by hand into something else.
    pub fn pinned() -> Result<Table, String> {
        Table::parse(TABLE)
    }

    pub fn parse(text: &str) -> Result<Table, String> {
        let raw: RawTable = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if raw.currency != "USD" {
            return Err(format!("currency `{}`, expected USD", raw.currency));
        }
        let mut regions = BTreeMap::new();
        for (region, values) in raw.regions {
            let price = |key: &str| match values.get(key) {
                Some(RawValue::Price(p)) => parse_dollars(p)
                    .ok_or_else(|| format!("{region}.{key}: `{p}` is not a decimal price")),
                _ => Err(format!("{region}.{key}: missing price")),
            };
            let rates = Rates {
                verified: matches!(values.get("verified"), Some(RawValue::Flag(true))),
                fargate_vcpu_hour: price("fargate_vcpu_hour")?,
                fargate_gb_hour: price("fargate_gb_hour")?,
                fargate_arm_vcpu_hour: price("fargate_arm_vcpu_hour")?,
                fargate_arm_gb_hour: price("fargate_arm_gb_hour")?,
                fargate_spot_vcpu_hour: price("fargate_spot_vcpu_hour")?,
                fargate_spot_gb_hour: price("fargate_spot_gb_hour")?,
                fargate_spot_arm_vcpu_hour: price("fargate_spot_arm_vcpu_hour")?,
                fargate_spot_arm_gb_hour: price("fargate_spot_arm_gb_hour")?,
                fargate_storage_gb_hour: price("fargate_storage_gb_hour")?,
                alb_hour: price("alb_hour")?,
                alb_lcu_hour: price("alb_lcu_hour")?,
                nat_hour: price("nat_hour")?,
                nat_gb: price("nat_gb")?,
                kms_key_month: price("kms_key_month")?,
                eks_cluster_hour: price("eks_cluster_hour")?,
            };
            regions.insert(region, rates);
        }
        Ok(Table {
            date: raw.date,
            hours_per_month: raw.hours_per_month,
            sources: raw.sources,
            verification: raw.verification,
            regions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_prices_parse_exactly() {
        assert_eq!(parse_dollars("0.04048"), Some(40_480_000));
        assert_eq!(parse_dollars("0.01334053"), Some(13_340_530));
        assert_eq!(parse_dollars("1"), Some(1_000_000_000));
        assert_eq!(parse_dollars("0.0000000001"), None);
        assert_eq!(parse_dollars("-1"), None);
        assert_eq!(parse_dollars("1e3"), None);
        assert_eq!(parse_dollars(".5"), None);
    }

    #[test]
    fn the_pinned_table_parses_and_is_dated() {
        let table = Table::pinned().unwrap();
        assert_eq!(table.hours_per_month, 730);
        assert_eq!(table.date, "2026-12-06");
        let us = &table.regions["us-east-1"];
        assert!(us.verified);
        assert_eq!(us.fargate_vcpu_hour, 40_480_000);
        assert_eq!(us.eks_cluster_hour, 100_000_000);
        assert!(table.regions.contains_key("eu-west-1"));
    }
}
