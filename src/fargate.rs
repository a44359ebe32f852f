//! Fargate task sizes (domain reference §1.1): the 74 valid (CPU units, MiB) pairs, shared by
//! `check` (is this a size? what is near it?) and the emitters (EKS pod sizing).

/// (cpu units, min MiB, max MiB, step MiB). The 256 tier is an explicit list: a (512, 2048, 512)
/// triple would wrongly admit 1536.
const TIERS: [(u32, u32, u32, u32); 6] = [
    (512, 1024, 4096, 1024),
    (1024, 2048, 8192, 1024),
    (2048, 4096, 16384, 1024),
    (4096, 8192, 30720, 1024),
    (8192, 16384, 61440, 4096),
    (16384, 32768, 122880, 8192),
];
const TIER_256: [u32; 3] = [512, 1024, 2048];

/// Every valid (cpu, memory) pair, ascending by cpu then memory.
pub fn sizes() -> impl Iterator<Item = (u32, u32)> {
    TIER_256
        .iter()
        .map(|&m| (256, m))
        .chain(TIERS.iter().flat_map(|&(cpu, min, max, step)| {
            (min..=max).step_by(step as usize).map(move |m| (cpu, m))
        }))
}

/// Whether (cpu, memory) is a Fargate task size.
pub fn is_valid(cpu: i64, memory: i64) -> bool {
    sizes().any(|(c, m)| i64::from(c) == cpu && i64::from(m) == memory)
}

/// The smallest valid size with cpu >= `cpu` and memory >= `memory` (lexicographic minimum).
pub fn smallest_at_least(cpu: i64, memory: i64) -> Option<(u32, u32)> {
    sizes().find(|&(c, m)| i64::from(c) >= cpu && i64::from(m) >= memory)
}

/// The largest valid size with cpu <= `cpu` and memory <= `memory` (lexicographic maximum).
pub fn largest_at_most(cpu: i64, memory: i64) -> Option<(u32, u32)> {
    sizes()
        .filter(|&(c, m)| i64::from(c) <= cpu && i64::from(m) <= memory)
        .last()
}

/// A Fargate task size: CPU units and MiB, one of the 74 pairs [`sizes`] lists. The builder takes
/// this type, so a size that Fargate does not offer is refused where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Size {
    cpu: u32,
    memory: u32,
}

impl Size {
    /// The size (`cpu` units, `memory` MiB), or why it is not one, with the nearest sizes.
    pub fn new(cpu: u32, memory: u32) -> Result<Size, NotASize> {
        let (c, m) = (i64::from(cpu), i64::from(memory));
        if is_valid(c, m) {
            return Ok(Size { cpu, memory });
        }
        let size = |(cpu, memory)| Size { cpu, memory };
        Err(NotASize {
            cpu,
            memory,
            at_least: smallest_at_least(c, m).map(size),
            at_most: largest_at_most(c, m).map(size),
        })
    }

    /// Every size, ascending by cpu then memory.
    pub fn all() -> impl Iterator<Item = Size> {
        sizes().map(|(cpu, memory)| Size { cpu, memory })
    }

    pub fn cpu(self) -> u32 {
        self.cpu
    }

    pub fn memory(self) -> u32 {
        self.memory
    }
}

/// A (cpu, memory) pair that is not a Fargate size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotASize {
    pub cpu: u32,
    pub memory: u32,
    /// The smallest size at least as large, if any.
    pub at_least: Option<Size>,
    /// The largest size at most as large, if any.
    pub at_most: Option<Size>,
}

impl std::fmt::Display for NotASize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cpu {} with memory {} MiB is not a Fargate size",
            self.cpu, self.memory
        )?;
        let near = |size: Size| format!("cpu {} with memory {}", size.cpu, size.memory);
        match (self.at_least, self.at_most) {
            (Some(up), Some(down)) => write!(f, "; nearest: {} or {}", near(up), near(down)),
            (Some(one), None) | (None, Some(one)) => write!(f, "; nearest: {}", near(one)),
            (None, None) => Ok(()),
        }
    }
}

impl std::error::Error for NotASize {}

/// Memory Fargate on EKS adds to a pod's requests (kubelet, kube-proxy, containerd), MiB.
pub const EKS_POD_OVERHEAD_MIB: u32 = 256;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_size_is_one_of_the_pairs_and_a_refusal_names_its_neighbours() {
        let size = Size::new(512, 1024).map(|s| (s.cpu(), s.memory()));
        assert_eq!(size, Ok((512, 1024)));
        let refused = Size::new(256, 1536).map(|s| (s.cpu(), s.memory()));
        let Err(refused) = refused else {
            panic!("256/1536 is not a Fargate size");
        };
        assert_eq!(
            refused.to_string(),
            "cpu 256 with memory 1536 MiB is not a Fargate size; nearest: cpu 256 with memory 2048 or cpu 256 with memory 1024"
        );
    }

    #[test]
    fn there_are_74_sizes() {
        assert_eq!(sizes().count(), 74);
        assert!(is_valid(256, 512) && is_valid(16384, 122880) && !is_valid(256, 1536));
    }

    #[test]
    fn reference_table() {
        // Domain reference §1.3.
        let cases = [
            ((100, 300), Some((256, 512)), None),
            ((300, 700), Some((512, 1024)), Some((256, 512))),
            ((256, 3000), Some((512, 3072)), Some((256, 2048))),
            ((2048, 3000), Some((2048, 4096)), Some((1024, 2048))),
            ((1024, 9000), Some((2048, 9216)), Some((1024, 8192))),
            ((4096, 31000), Some((8192, 32768)), Some((4096, 30720))),
            ((8192, 62000), Some((16384, 65536)), Some((8192, 61440))),
            ((16384, 130000), None, Some((16384, 122880))),
        ];
        for ((cpu, mem), up, down) in cases {
            assert_eq!(smallest_at_least(cpu, mem), up, "up {cpu}/{mem}");
            assert_eq!(largest_at_most(cpu, mem), down, "down {cpu}/{mem}");
        }
    }
}
