//! A job's `schedule`, written once for both targets: a 5-field cron as Kubernetes reads it
//! (robfig/cron's standard parser: `*`, lists, ranges, `/` steps, `JAN`–`DEC` and `SUN`–`SAT`,
//! day of week 0–6 with Sunday 0 — robfig's bounds refuse the 7 some crons take:
//! <https://github.com/robfig/cron/blob/v3/spec.go>), the `@hourly`…`@yearly` macros, or
//! `rate(N minutes|hours|days)`. It parses into one canonical [`Schedule`] — a set of minutes,
//! hours, days of month, months and days of week — rendered twice: [`Schedule::kubernetes`]
//! (CronJob `schedule`) and [`Schedule::eventbridge`] (EventBridge Scheduler
//! `cron(min hour dom month dow year)`).
//!
//! Written here instead of taken from a crate: the cron crates (croner, cron, saffron) accept
//! grammars wider than Kubernetes' (seconds, years, `L`/`W`/`#`) and do not expose the parsed
//! fields we must re-render in EventBridge's dialect, whose day-of-week numbers differ (1–7,
//! SUN=1: <https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html>).

use std::fmt::Write as _;

/// Why a schedule is refused; `check` turns it into a located diagnostic with this help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    pub message: String,
    pub help: String,
}

fn error(message: impl Into<String>, help: impl Into<String>) -> ScheduleError {
    ScheduleError {
        message: message.into(),
        help: help.into(),
    }
}

/// One field: the values it matches, as a bit set over `min..=max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Field {
    bits: u64,
    /// Written as plain `*`: for day of month / day of week this is "unrestricted".
    pub any: bool,
}

#[derive(Debug, Clone, Copy)]
struct Spec {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const MINUTE: Spec = Spec {
    name: "minute",
    min: 0,
    max: 59,
    names: &[],
};
const HOUR: Spec = Spec {
    name: "hour",
    min: 0,
    max: 23,
    names: &[],
};
const DOM: Spec = Spec {
    name: "day of month",
    min: 1,
    max: 31,
    names: &[],
};
const MONTH: Spec = Spec {
    name: "month",
    min: 1,
    max: 12,
    names: &[
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ],
};
/// 0–6, Sunday 0, as the CronJob controller's parser bounds it.
const DOW: Spec = Spec {
    name: "day of week",
    min: 0,
    max: 6,
    names: &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
};
/// Day-of-week names, Sunday first: rendered as names on both targets, so no number means
/// different days on the two (Kubernetes MON = 1, EventBridge MON = 2).
pub const DAY_NAMES: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// The unit of a `rate(...)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateUnit {
    Minutes,
    Hours,
    Days,
}

/// A schedule in the canonical, target-neutral form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Schedule {
    pub minute: Field,
    pub hour: Field,
    pub dom: Field,
    pub month: Field,
    /// Bits 0–6, Sunday = 0.
    pub dow: Field,
}

impl Field {
    pub fn contains(&self, value: u32) -> bool {
        value < 64 && self.bits & (1 << value) != 0
    }

    fn values(&self, spec: Spec) -> Vec<u32> {
        (spec.min..=spec.max)
            .filter(|&v| self.contains(v))
            .collect()
    }
}

fn value(spec: Spec, text: &str) -> Result<u32, ScheduleError> {
    let upper = text.to_ascii_uppercase();
    if let Some(i) = spec.names.iter().position(|n| *n == upper) {
        let offset = if spec.min == 1 { 1 } else { 0 };
        return Ok(u32::try_from(i).unwrap_or(0) + offset);
    }
    let n: u32 = text.parse().map_err(|_| {
        let names = if spec.names.is_empty() {
            String::new()
        } else {
            format!(" or one of {}", spec.names.join(", "))
        };
        error(
            format!("`{text}` is not a {} value", spec.name),
            format!(
                "the {} field takes {}–{}{names}",
                spec.name, spec.min, spec.max
            ),
        )
    })?;
    if n < spec.min || n > spec.max {
        let sunday = if spec.names == DOW.names && n == 7 {
            " (Sunday is 0 or SUN: Kubernetes refuses 7)"
        } else {
            ""
        };
        return Err(error(
            format!("{} {n} is out of range", spec.name),
            format!(
                "the {} field takes {}–{}{sunday}",
                spec.name, spec.min, spec.max
            ),
        ));
    }
    Ok(n)
}

fn parse_field(spec: Spec, text: &str) -> Result<Field, ScheduleError> {
    let mut bits = 0u64;
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((range, step)) => {
                let step: u32 = step.parse().ok().filter(|&s| s > 0).ok_or_else(|| {
                    error(
                        format!("`{step}` is not a step of the {} field", spec.name),
                        "a step is a positive number, as in `*/15`",
                    )
                })?;
                (range, step)
            }
            None => (part, 1),
        };
        let (low, high) = if range == "*" || range == "?" {
            (spec.min, spec.max)
        } else if let Some((a, b)) = range.split_once('-') {
            let (a, b) = (value(spec, a)?, value(spec, b)?);
            if a > b {
                return Err(error(
                    format!("range `{range}` of the {} field runs backwards", spec.name),
                    "write the smaller value first, or a list such as `FRI,SAT,SUN`",
                ));
            }
            (a, b)
        } else {
            let a = value(spec, range)?;
            // robfig/cron: `N/step` means `N-max/step`.
            (a, if step > 1 { spec.max } else { a })
        };
        let mut v = low;
        while v <= high {
            bits |= 1 << v;
            v += step;
        }
    }
    Ok(Field {
        bits,
        any: text == "*" || text == "?",
    })
}

impl Schedule {
    /// `0 0 * * *`.
    pub const MIDNIGHT: Schedule = Schedule {
        minute: Field {
            bits: 1,
            any: false,
        },
        hour: Field {
            bits: 1,
            any: false,
        },
        dom: Field {
            bits: 0xFFFF_FFFE,
            any: true,
        },
        month: Field {
            bits: 0x1FFE,
            any: true,
        },
        dow: Field {
            bits: 0x7F,
            any: true,
        },
    };

    /// Parses what a user writes in `schedule`.
    pub fn parse(text: &str) -> Result<Schedule, ScheduleError> {
        let text = text.trim();
        if let Some(inner) = text.strip_prefix("rate(").and_then(|t| t.strip_suffix(')')) {
            return Self::parse_rate(inner);
        }
        let expanded = match text {
            "@hourly" => "0 * * * *",
            "@daily" | "@midnight" => "0 0 * * *",
            "@weekly" => "0 0 * * 0",
            "@monthly" => "0 0 1 * *",
            "@yearly" | "@annually" => "0 0 1 1 *",
            t if t.starts_with('@') => {
                return Err(error(
                    format!("`{t}` is not a schedule macro"),
                    "macros are @hourly, @daily, @weekly, @monthly and @yearly",
                ));
            }
            t => t,
        };
        let fields: Vec<&str> = expanded.split_whitespace().collect();
        let [minute, hour, dom, month, dow] = fields[..] else {
            return Err(error(
                format!(
                    "a cron schedule has 5 fields, this one has {}",
                    fields.len()
                ),
                "write `minute hour day-of-month month day-of-week`, e.g. \"0 3 * * *\" (no seconds, no year)",
            ));
        };
        let schedule = Schedule {
            minute: parse_field(MINUTE, minute)?,
            hour: parse_field(HOUR, hour)?,
            dom: parse_field(DOM, dom)?,
            month: parse_field(MONTH, month)?,
            dow: parse_field(DOW, dow)?,
        };
        // Standard cron runs when EITHER restricted day field matches; EventBridge needs one
        // of them to be `?` and has no "either".
        if !schedule.dom.any && !schedule.dow.any {
            return Err(error(
                "both day of month and day of week are restricted",
                "cron then runs on either day, which EventBridge Scheduler cannot express; keep one of them `*` (use two jobs for both)",
            ));
        }
        Ok(schedule)
    }

    fn parse_rate(inner: &str) -> Result<Schedule, ScheduleError> {
        let bad = || {
            error(
                format!("`rate({inner})` is not a rate"),
                "write `rate(N minutes)`, `rate(N hours)` or `rate(N days)`, N ≥ 1",
            )
        };
        let (n, unit) = inner.trim().split_once(' ').ok_or_else(bad)?;
        let n: u32 = n.parse().ok().filter(|&n| n > 0).ok_or_else(bad)?;
        let unit = match unit.trim() {
            "minute" | "minutes" => RateUnit::Minutes,
            "hour" | "hours" => RateUnit::Hours,
            "day" | "days" => RateUnit::Days,
            _ => return Err(bad()),
        };
        Self::from_rate(n, unit)
    }

    /// The cron both targets run for `rate(n unit)`: only when `n` divides the next unit up,
    /// so the runs are evenly spaced (a Kubernetes cron restarts its steps every hour/day).
    /// EventBridge gets the same cron, not `rate(...)`: a rate schedule without `StartDate`
    /// starts counting when it is created (schedule-types.html), so its runs would not fall on
    /// the CronJob's minutes.
    pub fn from_rate(n: u32, unit: RateUnit) -> Result<Schedule, ScheduleError> {
        let cron = |text: &str| Self::parse(text);
        let uneven = |unit: &str, of: u32, suggestion: String| {
            error(
                format!("rate({n} {unit}) does not divide {of} evenly, so no cron runs it"),
                format!(
                    "Kubernetes CronJobs take only cron; write a cron such as \"{suggestion}\""
                ),
            )
        };
        match unit {
            RateUnit::Minutes if n < 60 && 60u32.is_multiple_of(n) => {
                cron(&format!("*/{n} * * * *"))
            }
            RateUnit::Minutes if n.is_multiple_of(60) => Self::from_rate(n / 60, RateUnit::Hours),
            RateUnit::Minutes => Err(uneven(
                "minutes",
                60,
                format!("*/{} * * * *", largest_divisor(n, 60)),
            )),
            RateUnit::Hours if n < 24 && 24u32.is_multiple_of(n) => cron(&format!("0 */{n} * * *")),
            RateUnit::Hours if n.is_multiple_of(24) => Self::from_rate(n / 24, RateUnit::Days),
            RateUnit::Hours => Err(uneven(
                "hours",
                24,
                format!("0 */{} * * *", largest_divisor(n, 24)),
            )),
            RateUnit::Days if n == 1 => cron("0 0 * * *"),
            RateUnit::Days => Err(error(
                format!("rate({n} days) has no cron equivalent (months do not divide evenly)"),
                "Kubernetes CronJobs take only cron; write e.g. \"0 0 * * MON\" (weekly) or \"0 0 1,15 * *\"",
            )),
        }
    }

    /// The CronJob `schedule`: five fields, days of week as names.
    pub fn kubernetes(&self) -> String {
        format!(
            "{} {} {} {} {}",
            render(self.minute, MINUTE, Dialect::Kubernetes),
            render(self.hour, HOUR, Dialect::Kubernetes),
            render(self.dom, DOM, Dialect::Kubernetes),
            render(self.month, MONTH, Dialect::Kubernetes),
            render_dow(self.dow),
        )
    }

    /// The EventBridge Scheduler expression: six fields, one of the day fields `?`.
    pub fn eventbridge(&self) -> String {
        let (dom, dow) = if self.dow.any {
            (render(self.dom, DOM, Dialect::EventBridge), "?".to_owned())
        } else {
            ("?".to_owned(), render_dow(self.dow))
        };
        format!(
            "cron({} {} {dom} {} {dow} *)",
            render(self.minute, MINUTE, Dialect::EventBridge),
            render(self.hour, HOUR, Dialect::EventBridge),
            render(self.month, MONTH, Dialect::EventBridge),
        )
    }

    /// Whether a run starts at this minute (month 1–12, day of week Sunday = 0): what both
    /// renderings mean, for tests that compare them.
    pub fn fires(&self, minute: u32, hour: u32, dom: u32, month: u32, dow: u32) -> bool {
        self.minute.contains(minute)
            && self.hour.contains(hour)
            && self.month.contains(month)
            && self.dom.contains(dom)
            && self.dow.contains(dow)
    }
}

fn largest_divisor(n: u32, of: u32) -> u32 {
    (1..=n.min(of))
        .rev()
        .find(|d| of.is_multiple_of(*d))
        .unwrap_or(1)
}

#[derive(Clone, Copy)]
enum Dialect {
    Kubernetes,
    EventBridge,
}

/// `*`, an evenly stepped run to the end (`*/15`; EventBridge `0/15`), or a list of values and
/// ranges.
fn render(field: Field, spec: Spec, dialect: Dialect) -> String {
    let values = field.values(spec);
    if values.len() == (spec.max - spec.min + 1) as usize {
        return "*".to_owned();
    }
    if let [first, second, ..] = values[..] {
        let step = second - first;
        let stepped = (first..=spec.max)
            .step_by(step as usize)
            .collect::<Vec<_>>();
        if step > 1 && stepped == values && values.len() > 2 {
            return match dialect {
                Dialect::Kubernetes if first == spec.min => format!("*/{step}"),
                Dialect::Kubernetes => format!("{first}-{}/{step}", spec.max),
                Dialect::EventBridge => format!("{first}/{step}"),
            };
        }
    }
    list(&values, |v| v.to_string())
}

fn render_dow(field: Field) -> String {
    if field.values(Spec { max: 6, ..DOW }).len() == 7 {
        return "*".to_owned();
    }
    list(&field.values(Spec { max: 6, ..DOW }), |v| {
        DAY_NAMES[v as usize].to_owned()
    })
}

/// Values in order, runs of three or more as `a-b`.
fn list(values: &[u32], show: impl Fn(u32) -> String) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < values.len() {
        let mut j = i;
        while j + 1 < values.len() && values[j + 1] == values[j] + 1 {
            j += 1;
        }
        if !out.is_empty() {
            out.push(',');
        }
        if j >= i + 2 {
            let _ = write!(out, "{}-{}", show(values[i]), show(values[j]));
            i = j + 1;
        } else {
            out.push_str(&show(values[i]));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (String, String) {
        let s = Schedule::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        (s.kubernetes(), s.eventbridge())
    }

    #[test]
    fn monday_is_monday_on_both_targets() {
        // Kubernetes day 1 is Monday; EventBridge day 1 would be Sunday: names on both.
        assert_eq!(
            both("0 3 * * 1"),
            ("0 3 * * MON".into(), "cron(0 3 ? * MON *)".into())
        );
        assert_eq!(both("0 3 * * 0").1, "cron(0 3 ? * SUN *)");
        let seven = Schedule::parse("0 3 * * 7").unwrap_err();
        assert!(seven.help.contains("Kubernetes refuses 7"), "{seven:?}");
        assert_eq!(both("30 2 * * mon-fri").1, "cron(30 2 ? * MON-FRI *)");
        assert_eq!(both("0 0 * * FRI,SAT,SUN").0, "0 0 * * SUN,FRI,SAT");
    }

    #[test]
    fn day_fields_and_steps() {
        assert_eq!(
            both("0 3 * * *"),
            ("0 3 * * *".into(), "cron(0 3 * * ? *)".into())
        );
        assert_eq!(both("0 4 1 * *").1, "cron(0 4 1 * ? *)");
        assert_eq!(
            both("5/20 * * * *"),
            ("5-59/20 * * * *".into(), "cron(5/20 * * * ? *)".into())
        );
        assert_eq!(both("0 9 * JAN,jul *").0, "0 9 * 1,7 *");
        assert_eq!(both("@weekly").1, "cron(0 0 ? * SUN *)");
        assert!(Schedule::parse("0 3 1 * MON").is_err());
        assert!(Schedule::parse("0 3 * *").is_err());
        assert!(Schedule::parse("61 3 * * *").is_err());
        assert!(Schedule::parse("0 3 * * 8").is_err());
        assert!(Schedule::parse("0 5-3 * * *").is_err());
    }

    #[test]
    fn midnight_is_what_it_says() {
        assert_eq!(Schedule::parse("0 0 * * *"), Ok(Schedule::MIDNIGHT));
    }

    #[test]
    fn rates_become_the_same_cron() {
        assert_eq!(both("rate(15 minutes)").0, "*/15 * * * *");
        assert_eq!(both("rate(1 minute)").0, "* * * * *");
        assert_eq!(
            both("rate(6 hours)"),
            ("0 */6 * * *".into(), "cron(0 0/6 * * ? *)".into())
        );
        assert_eq!(both("rate(1 day)").0, "0 0 * * *");
        assert_eq!(both("rate(120 minutes)").0, "0 */2 * * *");
        let e = Schedule::parse("rate(7 minutes)").unwrap_err();
        assert!(e.help.contains("*/6 * * * *"), "{e:?}");
        assert!(Schedule::parse("rate(2 days)").is_err());
        assert!(Schedule::parse("rate(0 hours)").is_err());
        assert!(Schedule::parse("rate(5 weeks)").is_err());
    }
}
