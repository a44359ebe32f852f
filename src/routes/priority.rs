//! Listener-rule priorities, decided from the routes of one listener alone (no state).
//!
//! Every route depth has a band of numbers, deeper routes in lower bands, so a route always
//! wins over the shorter routes it extends (`/api/v2` before `/api`, and before a host-less
//! `/api`). Inside its band a rule's **home** is `hash(explicit host, path) mod width`; the
//! service's own `host` counts, not the `ingress.domain` fallback, so a domain change
//! renumbers nothing. Homes collide (the birthday bound makes that likely from a few dozen
//! routes), so the band is laid out by **ordered linear probing**: every contiguous run of taken
//! numbers holds its rules sorted by home (cyclically inside the band), each at or after its
//! home. The layout depends only on the set of routes, never on their history.
//!
//! What that gives an update (proofs in the README, "Listener rules and target groups on
//! update", and in `tests/priorities.rs`):
//! - A rule moves only when its run changes. Adding a rule shifts the rest of its run up by
//!   one, into a number that was free; each rule therefore waits (`DependsOn`) for the rule at
//!   the next number of its run ([`Placement::next`]), so the last one moves first and every
//!   rule takes a number its holder has just left.
//! - Removing (or renaming) a rule inside a run moves the rules after it down into a number
//!   that the removed rule keeps until CloudFormation's cleanup phase. No stateless scheme avoids
//!   that; [`super::update::priority_races`] reports it before the deploy.

use super::{MAX_DEPTH, depth};
use crate::names::stable_u64;
use std::collections::BTreeMap;

/// Numbers per depth band over the whole priority space (1..=50000, ten bands).
const BAND: u32 = 5_000;

/// The smallest `ingress.priority_range` that has a number for every depth band.
pub const MIN_RANGE: u32 = MAX_DEPTH as u32 + 1;

/// How a listener's priority space is cut into one band per route depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bands {
    first: u32,
    width: u32,
}

impl Bands {
    /// The whole space 1..=50000: ten bands of 5,000.
    pub const ALL: Bands = Bands {
        first: 1,
        width: BAND,
    };

    /// `[first, last]` (a shared listener's slice) cut into ten equal bands; `None` when it
    /// holds fewer numbers than bands.
    pub fn in_range(first: u32, last: u32) -> Option<Bands> {
        let width = last.checked_sub(first)?.checked_add(1)? / MIN_RANGE;
        (width > 0).then_some(Bands { first, width })
    }

    /// The bands of `ingress.priority_range`, or of the whole space without one.
    pub fn new(range: Option<(u32, u32)>) -> Option<Bands> {
        match range {
            Some((first, last)) => Bands::in_range(first, last),
            None => Some(Bands::ALL),
        }
    }

    /// Numbers per band.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// The lowest number of the band of routes of `depth` segments.
    fn start(&self, depth: usize) -> u32 {
        let band = (MAX_DEPTH - depth.min(MAX_DEPTH)) as u32;
        self.first + band * self.width
    }

    /// The number a route takes when no other route's home collides with its own.
    pub fn home_priority(&self, key: RouteKey<'_>) -> u32 {
        self.start(depth(key.path)) + key.home(self.width)
    }
}

/// What a rule's number is computed from: its service's own `host` (not `ingress.domain`) and
/// its normalized route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RouteKey<'a> {
    pub host: Option<&'a str>,
    pub path: &'a str,
}

impl RouteKey<'_> {
    fn hash(&self) -> u64 {
        stable_u64(&[self.host.unwrap_or(""), self.path])
    }

    fn home(&self, width: u32) -> u32 {
        (self.hash() % u64::from(width)) as u32
    }
}

/// Where one rule landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub priority: u32,
    /// The index (in the input) of the rule at `priority + 1` of the same run, if any: this rule
    /// must not take its number before that one has moved up.
    pub next: Option<usize>,
}

/// A depth band holding more rules than it has numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow {
    pub depth: usize,
    pub width: u32,
    /// Indexes (in the input) of the band's rules, ascending.
    pub rules: Vec<usize>,
}

/// Places the rules of ONE listener: every priority distinct, each in its depth's band. Fails
/// only when a band has more rules than numbers (a narrow `ingress.priority_range`).
pub fn place(bands: Bands, rules: &[RouteKey<'_>]) -> Result<Vec<Placement>, Vec<Overflow>> {
    let mut by_depth: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, rule) in rules.iter().enumerate() {
        by_depth
            .entry(depth(rule.path).min(MAX_DEPTH))
            .or_default()
            .push(i);
    }
    let mut placements = vec![
        Placement {
            priority: 0,
            next: None
        };
        rules.len()
    ];
    let mut overflows = Vec::new();
    for (depth, members) in by_depth {
        if members.len() > bands.width as usize {
            overflows.push(Overflow {
                depth,
                width: bands.width,
                rules: members,
            });
            continue;
        }
        let start = bands.start(depth);
        for (index, offset, next) in lay_out_band(bands.width, rules, &members) {
            placements[index] = Placement {
                priority: start + offset,
                next,
            };
        }
    }
    if overflows.is_empty() {
        Ok(placements)
    } else {
        Err(overflows)
    }
}

/// One band: (input index, offset in the band, input index of the rule at the next offset of
/// its run). `members.len() <= width`.
fn lay_out_band(
    width: u32,
    rules: &[RouteKey<'_>],
    members: &[usize],
) -> Vec<(usize, u32, Option<usize>)> {
    let w = width as usize;
    // Sorted by home; equal homes by hash, then by the key itself: an order of the set alone.
    let mut keys: Vec<(usize, u64, usize)> = members
        .iter()
        .map(|&i| (rules[i].home(width) as usize, rules[i].hash(), i))
        .collect();
    let order = |keys: &mut Vec<(usize, u64, usize)>| {
        keys.sort_by(|a, b| (a.0, a.1, rules[a.2]).cmp(&(b.0, b.1, rules[b.2])));
    };
    order(&mut keys);
    let full = keys.len() == w;
    // The numbers that are taken do not depend on the probing order: find them with a linear
    // sweep, the rules running past the band's end wrapping to its first free numbers.
    let rotation = if full {
        0
    } else {
        // Sparse: a band is thousands of numbers wide and usually holds a few rules, so the
        // work is in the rules, not the width.
        let mut taken = Vec::with_capacity(keys.len());
        let mut cursor = 0;
        let mut wrapped = 0;
        for &(home, _, _) in &keys {
            let at = home.max(cursor);
            cursor = at + 1;
            if at < w {
                taken.push(at);
            } else {
                wrapped += 1;
            }
        }
        // Runs never cross a free number, so starting the sweep after one lays every run out
        // whole, sorted from its own start: the same layout whichever free number is chosen.
        nth_free(w, &taken, wrapped).map_or(0, |first_free| first_free + 1)
    };
    for key in &mut keys {
        key.0 = (key.0 + w - rotation) % w;
    }
    order(&mut keys);
    let mut owner: BTreeMap<usize, usize> = BTreeMap::new();
    let mut offsets = Vec::with_capacity(keys.len());
    let mut cursor = 0;
    for (i, &(home, _, index)) in keys.iter().enumerate() {
        // A full band has no free number to start from: rules take the numbers in order.
        let at = if full { i } else { home.max(cursor) };
        cursor = at + 1;
        let slot = (at + rotation) % w;
        owner.insert(slot, index);
        offsets.push((index, slot));
    }
    offsets
        .into_iter()
        .map(|(index, slot)| {
            let next = slot + 1;
            // Chains stay inside the band; a full band's chain ends at its last number, so it
            // never closes into a cycle.
            let next = match (next == w, full) {
                (true, true) => None,
                (true, false) => owner.get(&0).copied(),
                (false, _) => owner.get(&next).copied(),
            };
            (index, slot as u32, next)
        })
        .collect()
}

/// The `n`-th (from 0) number of `0..width` that is not in `taken` (ascending, distinct).
fn nth_free(width: usize, taken: &[usize], n: usize) -> Option<usize> {
    let mut free_before = 0;
    let mut next_candidate = 0;
    for &t in taken {
        let gap = t - next_candidate;
        if n < free_before + gap {
            return Some(next_candidate + (n - free_before));
        }
        free_before += gap;
        next_candidate = t + 1;
    }
    let rest = width - next_candidate;
    (n < free_before + rest).then(|| next_candidate + (n - free_before))
}

#[cfg(test)]
mod tests {
    use super::nth_free;

    #[test]
    fn nth_free_counts_the_gaps() {
        let dense =
            |w: usize, taken: &[usize], n: usize| (0..w).filter(|i| !taken.contains(i)).nth(n);
        let taken = [0, 1, 4, 5, 9];
        for n in 0..8 {
            assert_eq!(nth_free(10, &taken, n), dense(10, &taken, n), "{n}");
        }
        assert_eq!(nth_free(3, &[], 2), Some(2));
        assert_eq!(nth_free(3, &[0, 1, 2], 0), None);
    }
}

#[cfg(test)]
mod placement_tests {
    use super::*;

    fn key(path: &str) -> RouteKey<'_> {
        RouteKey { host: None, path }
    }

    /// Routes of one depth whose homes in a band of `width` are all `home`.
    fn colliding(width: u32, home: u32, count: usize) -> Vec<String> {
        (0..)
            .map(|i| format!("/r{i}"))
            .filter(|p| key(p).home(width) == home)
            .take(count)
            .collect()
    }

    #[test]
    fn colliding_homes_take_the_next_numbers_in_order() {
        let paths = colliding(BAND, 17, 3);
        let keys: Vec<RouteKey<'_>> = paths.iter().map(|p| key(p)).collect();
        let placed = place(Bands::ALL, &keys).unwrap();
        let mut priorities: Vec<u32> = placed.iter().map(|p| p.priority).collect();
        priorities.sort_unstable();
        let start = Bands::ALL.start(1);
        assert_eq!(priorities, [start + 17, start + 18, start + 19]);
        // Each waits for the one above it; the last of the run for nobody.
        let at = |priority: u32| placed.iter().position(|p| p.priority == priority);
        for p in &placed {
            assert_eq!(p.next, at(p.priority + 1));
        }
    }

    #[test]
    fn a_run_past_the_band_end_wraps_to_its_start_and_chains_across() {
        let width = 10;
        let paths = colliding(width, 9, 3);
        let keys: Vec<RouteKey<'_>> = paths.iter().map(|p| key(p)).collect();
        let bands = Bands::in_range(1000, 1099).unwrap();
        let placed = place(bands, &keys).unwrap();
        let start = bands.start(1);
        let mut offsets: Vec<u32> = placed.iter().map(|p| p.priority - start).collect();
        offsets.sort_unstable();
        assert_eq!(offsets, [0, 1, 9]);
        let at_offset = |o: u32| placed.iter().position(|p| p.priority == start + o);
        assert_eq!(placed[at_offset(9).unwrap()].next, at_offset(0));
        assert_eq!(placed[at_offset(0).unwrap()].next, at_offset(1));
        assert_eq!(placed[at_offset(1).unwrap()].next, None);
    }

    #[test]
    fn a_full_band_is_placed_and_a_fuller_one_overflows() {
        let bands = Bands::in_range(1, 20).unwrap();
        let paths: Vec<String> = (0..3).map(|i| format!("/p{i}")).collect();
        let keys: Vec<RouteKey<'_>> = paths.iter().map(|p| key(p)).collect();
        let overflow = place(bands, &keys).unwrap_err();
        assert_eq!(overflow.len(), 1);
        assert_eq!(overflow[0].rules, [0, 1, 2]);
        let placed = place(bands, &keys[..2]).unwrap();
        let mut priorities: Vec<u32> = placed.iter().map(|p| p.priority).collect();
        priorities.sort_unstable();
        let start = bands.start(1);
        assert_eq!(priorities, [start, start + 1]);
        assert!(placed.iter().any(|p| p.next.is_none()), "no cycle");
    }

    #[test]
    fn deeper_routes_get_lower_bands_and_stay_in_range() {
        let all = ["/", "/api", "/api/v2", "/a/b/c/d/e/f/g/h/i"];
        for bands in [Bands::ALL, Bands::in_range(2000, 2999).unwrap()] {
            let p: Vec<u32> = all.iter().map(|r| bands.home_priority(key(r))).collect();
            assert!(p.windows(2).all(|w| w[0] > w[1]), "{p:?}");
        }
        let ranged = Bands::in_range(2000, 2999).unwrap();
        assert!(
            all.iter()
                .all(|r| (2000..=2999).contains(&ranged.home_priority(key(r))))
        );
        assert_eq!(Bands::in_range(10, 18), None);
        assert_eq!(Bands::in_range(10, 19).map(|b| b.start(0)), Some(19));
        assert_eq!(Bands::in_range(20, 10), None);
    }

    /// Without a collision the number is what the scheme always gave (`band * 5000 + 1 +
    /// hash mod 5000`), so specs without `ingress.domain` keep their rules' numbers.
    #[test]
    fn homes_keep_the_numbers_of_earlier_versions() {
        let k = RouteKey {
            host: Some("a.example.com"),
            path: "/auth",
        };
        let hash = stable_u64(&["a.example.com", "/auth"]);
        assert_eq!(
            Bands::ALL.home_priority(k),
            8 * 5000 + 1 + (hash % 5000) as u32
        );
        assert_eq!(
            place(Bands::ALL, &[k]).unwrap()[0],
            Placement {
                priority: Bands::ALL.home_priority(k),
                next: None
            }
        );
    }
}
