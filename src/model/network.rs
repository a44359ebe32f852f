//! The pinned subnet layout of a managed VPC (domain reference §6.1, scaled to the prefix).
//!
//! For a VPC `/p` (16 ≤ p ≤ 20): public subnet `i` is `/min(p+8, 27)` at offset `i`; private
//! subnet `i` is `/(p+4)` at offset `i + 2` (so `10.0.0.0/16` gives public `10.0.0.0/24`,
//! `10.0.1.0/24` and private `10.0.32.0/20`, `10.0.48.0/20`). Changing this layout replaces
//! subnets, so it is pinned by tests.

use std::net::Ipv4Addr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetLayout {
    pub public: Vec<String>,
    pub private: Vec<String>,
}

impl SubnetLayout {
    /// The layout for `azs` AZs in `base/prefix` (prefix 16..=20, checked before).
    pub fn new(base: Ipv4Addr, prefix: u8, azs: u8) -> Self {
        let base = u32::from(base);
        let public_prefix = (prefix + 8).min(27);
        let private_prefix = prefix + 4;
        let subnet = |index: u32, len: u8| {
            let size = 1u32 << (32 - u32::from(len));
            format!("{}/{len}", Ipv4Addr::from(base + index * size))
        };
        SubnetLayout {
            public: (0..u32::from(azs))
                .map(|i| subnet(i, public_prefix))
                .collect(),
            private: (0..u32::from(azs))
                .map(|i| subnet(i + 2, private_prefix))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(cidr: &str, azs: u8) -> SubnetLayout {
        let (addr, prefix) = crate::syntax::parse_cidr(cidr).unwrap();
        SubnetLayout::new(addr, prefix, azs)
    }

    #[test]
    fn pinned_default_layout() {
        let l = layout("10.0.0.0/16", 3);
        assert_eq!(l.public, ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]);
        assert_eq!(l.private, ["10.0.32.0/20", "10.0.48.0/20", "10.0.64.0/20"]);
    }

    #[test]
    fn pinned_small_layout() {
        let l = layout("10.1.16.0/20", 3);
        assert_eq!(l.public, ["10.1.16.0/27", "10.1.16.32/27", "10.1.16.64/27"]);
        assert_eq!(l.private, ["10.1.18.0/24", "10.1.19.0/24", "10.1.20.0/24"]);
    }
}
