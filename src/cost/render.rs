//! An [`Estimate`] as text, Markdown or JSON, and a change of range as `+$212–$1,410/month`.

use super::{Estimate, Line, Nanos, Range, Target, TargetCost};
use serde::Serialize;
use std::fmt::Write as _;

/// A unit price with every digit it has (`$0.045`, `$0.000111`, `$1.00`): rounding one to the
/// cent would misstate it.
pub fn unit_price(nanos: Nanos) -> String {
    let abs = nanos.unsigned_abs();
    let fraction = format!("{:09}", abs % 1_000_000_000);
    let mut fraction = fraction.trim_end_matches('0').to_owned();
    while fraction.len() < 2 {
        fraction.push('0');
    }
    let sign = if nanos < 0 { "−" } else { "" };
    format!("{sign}${}.{fraction}", grouped(abs / 1_000_000_000))
}

/// An hourly cost to the hundredth of a cent (`$0.0081`): a job's hour of run time.
pub fn hourly(nanos: Nanos) -> String {
    let tenths_of_cents = (nanos.unsigned_abs() + 50_000) / 100_000;
    format!(
        "${}.{:04}",
        grouped(tenths_of_cents / 10_000),
        tenths_of_cents % 10_000
    )
}

/// `$1,234.56`, rounded half up to the cent.
pub fn dollars(nanos: Nanos) -> String {
    let sign = if nanos < 0 { "−" } else { "" };
    let abs = nanos.unsigned_abs();
    let cents = (abs + 5_000_000) / 10_000_000;
    format!("{sign}${}.{:02}", grouped(cents / 100), cents % 100)
}

/// Whole dollars with thousands separators: `1,410`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `$93.22–$384.61` (one figure when both ends agree).
pub fn range(r: Range) -> String {
    if r.min == r.max {
        dollars(r.min)
    } else {
        format!("{}–{}", dollars(r.min), dollars(r.max))
    }
}

/// A change of range: `+$212.00–$1,410.00/month`; `−$5.00–$9.00/month` when both ends fall;
/// `−$5.00 to +$9.00/month` when they disagree; `no change` when neither moves.
pub fn change(delta: Range) -> String {
    let signed = |n: Nanos| {
        if n >= 0 {
            format!("+{}", dollars(n))
        } else {
            dollars(n)
        }
    };
    match (delta.min.signum(), delta.max.signum()) {
        (0, 0) => "no change".to_owned(),
        _ if delta.min == delta.max => format!("{}/month", signed(delta.min)),
        (a, b) if a >= 0 && b >= 0 => {
            format!("+{}–{}/month", dollars(delta.min), dollars(delta.max))
        }
        (a, b) if a <= 0 && b <= 0 => {
            format!("−{}–{}/month", dollars(-delta.min), dollars(-delta.max))
        }
        _ => format!("{} to {}/month", signed(delta.min), signed(delta.max)),
    }
}

/// The ranges of both targets in one line, for `summary`:
/// `ECS on Fargate $93.22–$384.61/month; EKS on Fargate $…/month plus $73.00 EKS cluster fee (not
/// created by twinform)`.
pub fn one_line(estimate: &Estimate) -> String {
    estimate
        .targets
        .iter()
        .map(|t| {
            let apart: Vec<String> = t
                .apart
                .iter()
                .map(|l| {
                    format!(
                        " plus {} {} (not created by twinform)",
                        range(l.monthly),
                        l.item
                    )
                })
                .collect();
            format!(
                "{} {}/month{}",
                t.target.title(),
                range(t.total),
                apart.concat()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The change between two estimates per target, for `diff` and `summary --diff-from`:
/// `ECS on Fargate +$212.00–$1,410.00/month; EKS on Fargate …`.
pub fn change_line(from: &Estimate, to: &Estimate) -> String {
    [Target::Ecs, Target::Eks]
        .iter()
        .filter_map(|&target| {
            let (old, new) = (from.target(target)?, to.target(target)?);
            Some(format!(
                "{} {}",
                target.title(),
                change(new.total.minus(old.total))
            ))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn heading(estimate: &Estimate) -> String {
    let env = estimate
        .env
        .as_deref()
        .map_or_else(String::new, |e| format!(" ({e})"));
    format!("`{}`{env}, {}", estimate.app, estimate.region)
}

fn prices_note(estimate: &Estimate) -> String {
    let checked = if estimate.prices_verified {
        "checked by hand"
    } else {
        "NOT checked by hand: regenerate with scripts/prices.py"
    };
    format!(
        "Prices of {} for {} ({checked}), 730 hours a month; at the min and at the max of every scaling range.",
        estimate.prices_date, estimate.region
    )
}

pub fn text(estimate: &Estimate) -> String {
    let mut out = format!(
        "twinform cost: {}\n{}\n",
        heading(estimate),
        prices_note(estimate)
    );
    for t in &estimate.targets {
        let _ = writeln!(out, "\n{}: {}/month", t.target.title(), range(t.total));
        let width = t
            .lines
            .iter()
            .chain(&t.apart)
            .map(|l| l.item.chars().count())
            .max()
            .unwrap_or(0);
        let row = |out: &mut String, l: &Line, price: String| {
            let pad = width.saturating_sub(l.item.chars().count());
            let _ = writeln!(out, "  {}{}  {price}  {}", l.item, " ".repeat(pad), l.basis);
        };
        for l in &t.lines {
            row(&mut out, l, range(l.monthly));
        }
        for l in &t.apart {
            row(
                &mut out,
                l,
                format!("{} (not in the total)", range(l.monthly)),
            );
        }
        for l in &t.jobs_per_run_hour {
            let _ = writeln!(
                out,
                "  {}: {} per hour of run time (not in the total), {}",
                l.item,
                hourly(l.monthly.max),
                l.basis
            );
        }
    }
    out.push_str("\nAssumptions:\n");
    for a in &estimate.assumptions {
        let _ = writeln!(out, "- {a}");
    }
    out
}

fn markdown_target(out: &mut String, t: &TargetCost) {
    let _ = write!(
        out,
        "\n### {}: {}/month\n\n",
        t.target.title(),
        range(t.total)
    );
    out.push_str("| Item | Monthly | Basis |\n|---|---|---|\n");
    for l in &t.lines {
        let _ = writeln!(out, "| {} | {} | {} |", l.item, range(l.monthly), l.basis);
    }
    for l in &t.apart {
        let _ = writeln!(
            out,
            "| {} | {} (not in the total) | {} |",
            l.item,
            range(l.monthly),
            l.basis
        );
    }
    if !t.jobs_per_run_hour.is_empty() {
        out.push_str("\nScheduled jobs, per hour of run time (not in the total):\n\n");
        for l in &t.jobs_per_run_hour {
            let _ = writeln!(out, "- {}: {} ({})", l.item, hourly(l.monthly.max), l.basis);
        }
    }
}

pub fn markdown(estimate: &Estimate) -> String {
    let mut out = format!(
        "## twinform cost: {}\n\n{}\n\n**Total:** {}.\n",
        heading(estimate),
        prices_note(estimate),
        one_line(estimate)
    );
    for t in &estimate.targets {
        markdown_target(&mut out, t);
    }
    out.push_str("\n**Assumptions:**\n\n");
    for a in &estimate.assumptions {
        let _ = writeln!(out, "- {a}");
    }
    out
}

/// JSON: every amount in nano-dollars (exact integers) and as text.
pub fn json(estimate: &Estimate) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        #[serde(flatten)]
        estimate: &'a Estimate,
        totals: Vec<(Target, String)>,
    }
    let out = Out {
        estimate,
        totals: estimate
            .targets
            .iter()
            .map(|t| (t.target, format!("{}/month", range(t.total))))
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_round_to_the_cent_and_group_thousands() {
        assert_eq!(dollars(1_410_004_999_999), "$1,410.00");
        assert_eq!(dollars(1_410_005_000_000), "$1,410.01");
        assert_eq!(dollars(4_999_999), "$0.00");
        assert_eq!(unit_price(111_000), "$0.000111");
        assert_eq!(unit_price(45_000_000), "$0.045");
        assert_eq!(unit_price(1_000_000_000), "$1.00");
        assert_eq!(hourly(8_135_155), "$0.0081");
        assert_eq!(dollars(0), "$0.00");
        assert_eq!(dollars(-5_000_000_000), "−$5.00");
    }

    #[test]
    fn a_change_reads_as_the_issue_writes_it() {
        let r = |min: i64, max: i64| Range {
            min: min * 1_000_000_000,
            max: max * 1_000_000_000,
        };
        assert_eq!(change(r(212, 1410)), "+$212.00–$1,410.00/month");
        assert_eq!(change(r(-5, -9)), "−$5.00–$9.00/month");
        assert_eq!(change(r(-5, 9)), "−$5.00 to +$9.00/month");
        assert_eq!(change(r(7, 7)), "+$7.00/month");
        assert_eq!(change(r(0, 0)), "no change");
    }
}
