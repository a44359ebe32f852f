//! Compose value syntaxes: ports, durations, CPU and memory quantities, users, names.
//! Sources: <https://docs.docker.com/reference/compose-file/services/> (`ports`, `healthcheck`,
//! `user`), <https://docs.docker.com/reference/compose-file/deploy/> (`resources`).

use crate::import::yaml::Node;

/// One `ports` entry: the container port, whether it is published on the host, and its protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    pub target: i64,
    pub published: bool,
    pub udp: bool,
}

/// A short (`"8080:80"`, `"80"`, `"127.0.0.1:8080:80/udp"`, `"9000-9001:9000-9001"`) or long
/// (`{target, published, protocol}`) port; a range gives its first port.
pub fn port(node: &Node) -> Option<Port> {
    if let Some(text) = node.scalar() {
        let (text, protocol) = text.split_once('/').unwrap_or((&text, "tcp"));
        // An IPv6 host IP is bracketed (`[::1]:8080:80`); the container port is the last field.
        let fields: Vec<&str> = text.rsplitn(2, ':').collect();
        let target = fields.first()?;
        let first = target.split('-').next()?.trim();
        return Some(Port {
            target: first.parse().ok()?,
            published: fields.len() > 1,
            udp: protocol == "udp",
        });
    }
    let target = node.get("target")?.scalar()?;
    Some(Port {
        target: target.split('-').next()?.trim().parse().ok()?,
        published: node.get("published").is_some_and(|p| !p.is_null()),
        udp: node.get("protocol").and_then(Node::scalar).as_deref() == Some("udp"),
    })
}

/// A Compose duration (`30s`, `1m30s`, `1h`, `500ms`, or a bare number of seconds) in whole
/// seconds, rounded up.
pub fn seconds(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<f64>() {
        return Some(n.ceil() as i64);
    }
    let mut total = 0f64;
    let mut number = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        let mut unit = c.to_string();
        while let Some(&n) = chars.peek() {
            if n.is_ascii_alphabetic() || n == 'µ' {
                unit.push(n);
                chars.next();
            } else {
                break;
            }
        }
        let value: f64 = std::mem::take(&mut number).parse().ok()?;
        total += value
            * match unit.as_str() {
                "h" => 3600.0,
                "m" => 60.0,
                "s" => 1.0,
                "ms" => 1e-3,
                "us" | "µs" => 1e-6,
                "ns" => 1e-9,
                _ => return None,
            };
    }
    if !number.is_empty() {
        return None;
    }
    Some(total.ceil() as i64)
}

/// `cpus: "0.5"` → 512 CPU units (1 vCPU is 1024), rounded up.
pub fn cpu_units(text: &str) -> Option<i64> {
    let cpus: f64 = text.trim().parse().ok()?;
    (cpus > 0.0).then(|| (cpus * 1024.0).ceil() as i64)
}

/// `memory: 512M`, `1g`, `1.5GB`, `268435456` (bytes) → MiB, rounded up.
pub fn mebibytes(text: &str) -> Option<i64> {
    let text = text.trim().to_ascii_lowercase();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let unit = unit.trim_end_matches('b').trim_end_matches('i');
    let bytes = number
        * match unit {
            "" => 1.0,
            "k" => 1024.0,
            "m" => 1024.0 * 1024.0,
            "g" => 1024.0 * 1024.0 * 1024.0,
            "t" => 1024f64.powi(4),
            _ => return None,
        };
    (bytes > 0.0).then(|| (bytes / (1024.0 * 1024.0)).ceil() as i64)
}

/// A Compose `user` as the spec's numeric `UID:GID`: `"1000:1000"` as is, `"1000"` → `1000:1000`
/// (guessed group). `None` for names (`node`) and root.
pub fn user(text: &str) -> Option<(String, bool)> {
    let (uid, gid) = match text.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (text, None),
    };
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let gid_ok = gid.is_none_or(numeric);
    if !numeric(uid)
        || !gid_ok
        || uid.parse::<u64>().ok()? == 0
        || gid.is_some_and(|g| g.trim_start_matches('0').is_empty())
    {
        return None;
    }
    Some(match gid {
        Some(g) => (format!("{uid}:{g}"), false),
        None => (format!("{uid}:{uid}"), true),
    })
}

/// A Compose name as a DNS-1035 label of at most `max` characters: lower case, `_` and `.` as
/// `-`, starting with a letter.
pub fn label(name: &str, max: usize) -> String {
    let mut out: String = name
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9') => c,
            _ => '-',
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert(0, 's');
    }
    out.truncate(max);
    while out.ends_with('-') {
        out.pop();
    }
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::yaml::parse;

    fn port_of(yaml: &str) -> Option<Port> {
        port(&parse(yaml, 0).expect("yaml"))
    }

    #[test]
    fn ports_short_and_long() {
        let p = |target, published, udp| {
            Some(Port {
                target,
                published,
                udp,
            })
        };
        assert_eq!(port_of("'8080:80'"), p(80, true, false));
        assert_eq!(port_of("'80'"), p(80, false, false));
        assert_eq!(port_of("3000"), p(3000, false, false));
        assert_eq!(port_of("'127.0.0.1:8080:80/udp'"), p(80, true, true));
        assert_eq!(port_of("'9000-9001:9000-9001'"), p(9000, true, false));
        assert_eq!(
            port_of("{target: 80, published: '8080', protocol: tcp}"),
            p(80, true, false)
        );
        assert_eq!(port_of("{target: 80}"), p(80, false, false));
        assert_eq!(port_of("'abc'"), None);
    }

    #[test]
    fn durations_sizes_users_labels() {
        assert_eq!(seconds("1m30s"), Some(90));
        assert_eq!(seconds("30s"), Some(30));
        assert_eq!(seconds("500ms"), Some(1));
        assert_eq!(seconds("10"), Some(10));
        assert_eq!(seconds("5x"), None);
        assert_eq!(cpu_units("0.5"), Some(512));
        assert_eq!(cpu_units("0.3"), Some(308));
        assert_eq!(mebibytes("512M"), Some(512));
        assert_eq!(mebibytes("1g"), Some(1024));
        assert_eq!(mebibytes("1.5GB"), Some(1536));
        assert_eq!(mebibytes("268435456"), Some(256));
        assert_eq!(user("1000"), Some(("1000:1000".into(), true)));
        assert_eq!(user("1000:2000"), Some(("1000:2000".into(), false)));
        assert_eq!(user("node"), None);
        assert_eq!(user("0:0"), None);
        assert_eq!(label("My_App.v2", 20), "my-app-v2");
        assert_eq!(label("2fa", 32), "s2fa");
    }
}
