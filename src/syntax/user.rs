//! `user = "UID:GID"`: numeric, never root.

/// A container user: the ECS `User` and the pod's `runAsUser`/`runAsGroup`/`fsGroup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct User {
    pub uid: u32,
    pub gid: u32,
}

impl User {
    /// The image-independent default: high enough to collide with no host or image account.
    pub const DEFAULT: User = User {
        uid: 10001,
        gid: 10001,
    };

    /// The lowest UID checkov's CKV_K8S_40 accepts ("run as a high UID").
    pub const HIGH_UID: u32 = 10000;
}

/// The user `text` names, or why it names none.
pub fn parse(text: &str) -> Result<User, &'static str> {
    let (uid, gid) = text
        .split_once(':')
        .ok_or("not `UID:GID`: both numbers are needed")?;
    let number = |s: &str| -> Result<u32, &'static str> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err("not a number: names such as `root` cannot be used on Kubernetes");
        }
        s.parse().map_err(|_| "out of range (at most 4294967295)")
    };
    let (uid, gid) = (number(uid)?, number(gid)?);
    if uid == 0 || gid == 0 {
        return Err("root (0)");
    }
    Ok(User { uid, gid })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_only_never_root() {
        assert_eq!(parse("101:101"), Ok(User { uid: 101, gid: 101 }));
        for bad in [
            "0:0",
            "10001:0",
            "root",
            "nginx:nginx",
            "1:",
            ":1",
            "99999999999:1",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
