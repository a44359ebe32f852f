//! A Copilot Scheduled Job → `[jobs.NAME]`. Source:
//! <https://aws.github.io/copilot-cli/docs/manifest/scheduled-job/>: `on.schedule` is a cron
//! expression, `@hourly`/`@daily`/`@weekly`/`@monthly`/`@yearly` or `@every DURATION`;
//! `timeout` a duration; `retries` 0-10.

use crate::diag::Code;
use crate::import::compose::{Report, values};
use crate::import::yaml::{At, Node, Value};
use crate::spec::Job;

/// twinform's retry range (EventBridge Scheduler's and the Job's `backoffLimit` it shares).
const MAX_RETRIES: i64 = 6;

pub fn map(name: &str, node: &Node, report: &mut Report, warn: bool) -> Job {
    let mut say = |at: &At, message: String, help: &str| {
        if warn {
            report.warn(
                at,
                Code::ComposeUnmapped,
                format!("job `{name}`: {message}"),
                help,
            );
        }
    };
    let mut job = Job::default();
    match node
        .get("image")
        .and_then(|i| i.get("location"))
        .and_then(Node::scalar)
    {
        Some(location) => job.image = Some(location),
        None => {
            say(
                &node.at,
                "`image.build` without `image.location`: twinform deploys images".into(),
                "push the image and set `image` with a tag; the spec holds a placeholder",
            );
            job.image = Some(format!("{name}:0.0.0-placeholder"));
        }
    }
    // YAML 1.1 reads the key `on` as the boolean true; Copilot (YAML 1.2) as "on".
    let schedule_node = node
        .get("on")
        .or_else(|| node.get("true"))
        .and_then(|o| o.get("schedule"));
    let schedule = schedule_node.and_then(Node::scalar).unwrap_or_default();
    job.schedule = Some(match schedule.strip_prefix("@every ").map(str::trim) {
        Some(every) => match values::seconds(every).and_then(rate) {
            Some(rate) => rate,
            None => {
                let at = schedule_node.map_or_else(|| node.at.clone(), |s| s.at.clone());
                say(
                    &at,
                    format!("`@every {every}` is not a whole number of minutes, hours or days"),
                    "write a cron expression; the spec runs it daily meanwhile",
                );
                "@daily".into()
            }
        },
        None if schedule.is_empty() => {
            say(
                &node.at,
                "no `on.schedule`".into(),
                "set the job's `schedule`; the spec runs it daily meanwhile",
            );
            "@daily".into()
        }
        None => schedule,
    });
    let num = |k: &str| {
        node.get(k)
            .and_then(Node::scalar)
            .and_then(|v| v.parse::<i64>().ok())
    };
    if let Some((c, m)) = (num("cpu").is_some() || num("memory").is_some())
        .then(|| {
            crate::fargate::smallest_at_least(num("cpu").unwrap_or(0), num("memory").unwrap_or(0))
        })
        .flatten()
    {
        job.cpu = Some(i64::from(c));
        job.memory = Some(i64::from(m));
    }
    job.timeout = node
        .get("timeout")
        .and_then(Node::scalar)
        .and_then(|t| values::seconds(&t));
    job.retries = num("retries").map(|r| r.clamp(0, MAX_RETRIES));
    for entry in node.get("variables").map(Node::entries).unwrap_or_default() {
        if let Some(value) = entry.value.scalar() {
            job.env.insert(entry.key.clone(), value);
        }
    }
    job.command = match node.get("command").map(|c| &c.value) {
        Some(Value::Seq(items)) => Some(items.iter().filter_map(Node::scalar).collect()),
        Some(Value::Str(text)) => shell_words::split(text).ok(),
        _ => None,
    };
    if let Some(secrets) = node.get("secrets") {
        say(
            &secrets.at,
            "`secrets` of a job are not imported".into(),
            "add them to the job's `secrets` by ARN",
        );
    }
    job
}

/// `rate(N minutes|hours|days)` for a whole number of the largest unit.
fn rate(seconds: i64) -> Option<String> {
    [(86_400, "days"), (3_600, "hours"), (60, "minutes")]
        .iter()
        .find(|(unit, _)| seconds >= *unit && seconds % unit == 0)
        .map(|(unit, word)| format!("rate({} {word})", seconds / unit))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_becomes_a_rate() {
        assert_eq!(super::rate(7200).as_deref(), Some("rate(2 hours)"));
        assert_eq!(super::rate(90 * 60).as_deref(), Some("rate(90 minutes)"));
        assert_eq!(super::rate(86_400).as_deref(), Some("rate(1 days)"));
        assert_eq!(super::rate(30), None);
    }
}
