//! The call graph's start order: a caller must start after its callees, because Service Connect
//! tasks resolve only the endpoints that existed when they started ("Existing tasks can't
//! resolve and connect to the new endpoint", ECS Service Connect docs), so CloudFormation must
//! create callees first (`DependsOn` on the caller). A call cycle has no such order; the edge
//! that closes it is dropped, found the same way every time. Shared by `check` (which reports
//! dropped edges) and `model` (which keeps the rest).

use std::collections::{BTreeMap, BTreeSet};

/// The graph split into edges kept (an acyclic order) and edges dropped (each closed a cycle).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Order<K> {
    /// Node → the nodes it starts after, sorted.
    pub after: BTreeMap<K, Vec<K>>,
    /// `(from, to)` edges that would have closed a cycle, in the order they were found.
    pub dropped: Vec<(K, K)>,
}

/// Depth-first from every node in key order, successors in order; an edge back to a node on
/// the current path closes a cycle and is dropped. Iterative, so a long chain of calls cannot
/// overflow the stack. Edges to nodes absent from `edges` are kept (they cannot close a cycle).
pub fn order<K: Ord + Clone>(edges: &BTreeMap<K, BTreeSet<K>>) -> Order<K> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        OnPath,
        Done,
    }
    let mut state: BTreeMap<&K, State> = BTreeMap::new();
    let mut result = Order {
        after: edges
            .keys()
            .map(|k| (k.clone(), Vec::new()))
            .collect::<BTreeMap<_, _>>(),
        dropped: Vec::new(),
    };
    let empty = BTreeSet::new();
    for root in edges.keys() {
        if state.contains_key(root) {
            continue;
        }
        // (node, its successors still to visit)
        let mut stack: Vec<(&K, std::collections::btree_set::Iter<'_, K>)> =
            vec![(root, edges.get(root).unwrap_or(&empty).iter())];
        state.insert(root, State::OnPath);
        while let Some((node, successors)) = stack.last_mut() {
            let node: &K = node;
            match successors.next() {
                Some(next) => match state.get(next) {
                    Some(State::OnPath) => result.dropped.push((node.clone(), next.clone())),
                    Some(State::Done) => keep(&mut result, node, next),
                    None => {
                        keep(&mut result, node, next);
                        state.insert(next, State::OnPath);
                        stack.push((next, edges.get(next).unwrap_or(&empty).iter()));
                    }
                },
                None => {
                    state.insert(node, State::Done);
                    stack.pop();
                }
            }
        }
    }
    result
}

fn keep<K: Ord + Clone>(result: &mut Order<K>, from: &K, to: &K) {
    result
        .after
        .entry(from.clone())
        .or_default()
        .push(to.clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(
        edges: &[(&'static str, &'static str)],
    ) -> BTreeMap<&'static str, BTreeSet<&'static str>> {
        let mut g: BTreeMap<_, BTreeSet<_>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(*a).or_default().insert(*b);
            g.entry(*b).or_default();
        }
        g
    }

    #[test]
    fn an_acyclic_graph_keeps_every_edge() {
        let o = order(&graph(&[("web", "api"), ("api", "db"), ("web", "db")]));
        assert!(o.dropped.is_empty());
        assert_eq!(o.after["web"], ["api", "db"]);
        assert_eq!(o.after["api"], ["db"]);
    }

    #[test]
    fn the_edge_closing_a_cycle_from_the_first_name_is_dropped() {
        let o = order(&graph(&[("api", "db"), ("db", "web"), ("web", "api")]));
        assert_eq!(o.dropped, [("web", "api")]);
        let o = order(&graph(&[("a", "b"), ("b", "a")]));
        assert_eq!(o.dropped, [("b", "a")]);
        assert_eq!(o.after["a"], ["b"]);
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let names: Vec<String> = (0..100_000).map(|i| format!("s{i:06}")).collect();
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for pair in names.windows(2) {
            g.entry(pair[0].clone())
                .or_default()
                .insert(pair[1].clone());
        }
        g.entry(names[names.len() - 1].clone())
            .or_default()
            .insert(names[0].clone());
        let o = order(&g);
        assert_eq!(o.dropped.len(), 1);
    }
}
