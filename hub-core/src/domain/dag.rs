//! Cycle detection over a dependency graph (node → the nodes it depends
//! on). Pure and iterative, so a long chain cannot overflow the stack.

use std::collections::HashMap;

/// The first cycle found, as the nodes along it with the first repeated at
/// the end (`["a", "b", "a"]`: a depends on b, b depends on a). Nodes are
/// visited in the given order, so the answer is deterministic. Edges to
/// nodes not in `graph` are leaves.
pub fn find_cycle(graph: &[(String, Vec<String>)]) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let index: HashMap<&str, usize> = graph
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.as_str(), i))
        .collect();
    let mut mark = vec![Mark::New; graph.len()];
    for root in 0..graph.len() {
        if mark[root] != Mark::New {
            continue;
        }
        // (node, next edge to follow)
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let edges = &graph[node].1;
            if *next >= edges.len() {
                mark[node] = Mark::Done;
                path.pop();
                continue;
            }
            let target = &edges[*next];
            *next += 1;
            let Some(&t) = index.get(target.as_str()) else {
                continue;
            };
            match mark[t] {
                Mark::Done => {}
                Mark::New => {
                    mark[t] = Mark::OnPath;
                    path.push((t, 0));
                }
                Mark::OnPath => {
                    let from = path.iter().position(|(n, _)| *n == t).unwrap_or(0);
                    let mut cycle: Vec<String> = path[from..]
                        .iter()
                        .map(|(n, _)| graph[*n].0.clone())
                        .collect();
                    cycle.push(graph[t].0.clone());
                    return Some(cycle);
                }
            }
        }
    }
    None
}

/// "a → b → a".
pub fn describe(cycle: &[String]) -> String {
    cycle.join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(edges: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
        edges
            .iter()
            .map(|(n, ps)| (n.to_string(), ps.iter().map(|p| p.to_string()).collect()))
            .collect()
    }

    #[test]
    fn acyclic_graphs_pass() {
        assert_eq!(find_cycle(&[]), None);
        let diamond = g(&[("a", &[]), ("b", &["a"]), ("c", &["a"]), ("d", &["b", "c"])]);
        assert_eq!(find_cycle(&diamond), None);
        // Edges to unknown nodes are leaves.
        assert_eq!(find_cycle(&g(&[("a", &["zzz"])])), None);
    }

    #[test]
    fn self_loop() {
        let c = find_cycle(&g(&[("a", &["a"])])).expect("cycle");
        assert_eq!(describe(&c), "a → a");
    }

    #[test]
    fn two_node_cycle_is_named_in_order() {
        let c = find_cycle(&g(&[("a", &["b"]), ("b", &["a"])])).expect("cycle");
        assert_eq!(describe(&c), "a → b → a");
    }

    #[test]
    fn long_cycle_without_recursion() {
        let n = 20_000;
        let mut graph: Vec<(String, Vec<String>)> = (0..n)
            .map(|i| (format!("n{i}"), vec![format!("n{}", i + 1)]))
            .collect();
        assert_eq!(find_cycle(&graph), None);
        graph[n - 1].1 = vec!["n0".into()];
        let c = find_cycle(&graph).expect("cycle");
        assert_eq!(c.len(), n + 1);
        assert_eq!(c.first(), c.last());
    }

    #[test]
    fn cycle_off_the_first_root_is_found() {
        let graph = g(&[("root", &[]), ("x", &["y"]), ("y", &["z"]), ("z", &["x"])]);
        let c = find_cycle(&graph).expect("cycle");
        assert_eq!(describe(&c), "x → y → z → x");
    }
}
