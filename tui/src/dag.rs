//! Layout of a pipeline's steps: topological order with a depth per step
//! (the longest chain of parents above it). Cycles cannot come from the hub;
//! if one did, the remaining steps are listed at depth 0 rather than lost.

use std::collections::HashMap;

use m3shd_api::Pipeline;

/// (depth, index into `pipeline.tasks`) in display order.
pub fn order(pipeline: &Pipeline) -> Vec<(usize, usize)> {
    let index: HashMap<&str, usize> = pipeline
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let n = pipeline.tasks.len();
    let mut depth: Vec<Option<usize>> = vec![None; n];
    let mut out = Vec::with_capacity(n);
    // Repeatedly place the steps whose parents are all placed (stable order).
    loop {
        let mut progressed = false;
        for i in 0..n {
            if depth[i].is_some() {
                continue;
            }
            let parents: Vec<usize> = pipeline.tasks[i]
                .depends_on
                .iter()
                .filter_map(|p| index.get(p.as_str()).copied())
                .collect();
            if parents.iter().all(|p| depth[*p].is_some()) {
                let d = parents
                    .iter()
                    .filter_map(|p| depth[*p])
                    .map(|d| d + 1)
                    .max()
                    .unwrap_or(0);
                depth[i] = Some(d);
                out.push((d, i));
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    for (i, d) in depth.iter().enumerate() {
        if d.is_none() {
            out.push((0, i));
        }
    }
    out
}
