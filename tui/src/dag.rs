//! Layout of a graph of tasks, one function for pipelines and task graphs:
//! a topological order in which each node follows what it hangs from as
//! closely as it can (depth first), with a depth per node (the longest
//! chain of parents above it). Cycles cannot come from the hub; if one
//! did, the remaining nodes are listed at depth 0 rather than lost.

use std::collections::HashMap;

use m3shd_api::{Pipeline, TaskGraph};

/// (depth, node index) in display order, for nodes whose parents are
/// `parents[i]` (indices into the same list). A node is placed once all
/// its parents are; among the ready ones the newest-ready goes first, so
/// children sit right under their parent, and ties keep index order.
pub fn layout(parents: &[Vec<usize>]) -> Vec<(usize, usize)> {
    let n = parents.len();
    let parents: Vec<Vec<usize>> = parents
        .iter()
        .map(|ps| {
            let mut ps: Vec<usize> = ps.iter().copied().filter(|p| *p < n).collect();
            ps.sort_unstable();
            ps.dedup();
            ps
        })
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, ps) in parents.iter().enumerate() {
        for p in ps {
            children[*p].push(i);
        }
    }
    let mut waiting: Vec<usize> = parents.iter().map(Vec::len).collect();
    let mut depth: Vec<Option<usize>> = vec![None; n];
    let mut out = Vec::with_capacity(n);
    // A stack: the first root on top, a node's first child above its later ones.
    let mut ready: Vec<usize> = (0..n).filter(|i| waiting[*i] == 0).rev().collect();
    while let Some(i) = ready.pop() {
        let d = parents[i]
            .iter()
            .filter_map(|p| depth[*p])
            .map(|d| d + 1)
            .max()
            .unwrap_or(0);
        depth[i] = Some(d);
        out.push((d, i));
        for c in children[i].iter().rev() {
            waiting[*c] -= 1;
            if waiting[*c] == 0 {
                ready.push(*c);
            }
        }
    }
    for (i, d) in depth.iter().enumerate() {
        if d.is_none() {
            out.push((0, i));
        }
    }
    out
}

/// A pipeline's steps: (depth, index into `pipeline.tasks`) in display order.
pub fn order(pipeline: &Pipeline) -> Vec<(usize, usize)> {
    let index: HashMap<&str, usize> = pipeline
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let parents: Vec<Vec<usize>> = pipeline
        .tasks
        .iter()
        .map(|t| {
            t.depends_on
                .iter()
                .filter_map(|p| index.get(p.as_str()).copied())
                .collect()
        })
        .collect();
    layout(&parents)
}

/// A task graph's nodes: (depth, index into `graph.nodes`) in display
/// order. The task the graph is about comes first, its steps under what
/// they hang from; edges into it (its own parents) are left out of the
/// layout, so those parents follow as roots of their own.
pub fn graph_order(graph: &TaskGraph) -> Vec<(usize, usize)> {
    // Laid out in an order with the subject first (the hub lists it first;
    // this holds even if it did not), then mapped back to node indices.
    let mut perm: Vec<usize> = (0..graph.nodes.len()).collect();
    if let Some(s) = graph.nodes.iter().position(|n| n.id == graph.task_id) {
        perm.remove(s);
        perm.insert(0, s);
    }
    let index: HashMap<&str, usize> = perm
        .iter()
        .enumerate()
        .map(|(at, i)| (graph.nodes[*i].id.as_str(), at))
        .collect();
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); perm.len()];
    for e in &graph.edges {
        if e.to == graph.task_id {
            continue;
        }
        if let (Some(from), Some(to)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) {
            parents[*to].push(*from);
        }
    }
    layout(&parents)
        .into_iter()
        .map(|(d, at)| (d, perm[at]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::layout;

    #[test]
    fn children_sit_under_their_parent_and_wait_for_all_parents() {
        // 0 → 1 → 3, 0 → 2, and 4 waits for both 2 and 3.
        let parents = vec![vec![], vec![0], vec![0], vec![1], vec![2, 3]];
        assert_eq!(
            layout(&parents),
            vec![(0, 0), (1, 1), (2, 3), (1, 2), (3, 4)]
        );
    }

    #[test]
    fn cycles_and_bad_indices_lose_nothing() {
        let parents = vec![vec![1], vec![0], vec![9, 9]];
        let out = layout(&parents);
        assert_eq!(out, vec![(0, 2), (0, 0), (0, 1)]);
    }
}
