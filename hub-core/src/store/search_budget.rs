//! Which search words a memory search scores, on either backend: the
//! rarest always, then the next rarest while the entries they match
//! (summed) stay within the budget. Very common words weigh little in
//! bm25, yet scoring their every match is what makes a search slow.

/// `counted` pairs each term with how many entries hold it; returns the
/// terms kept, rarest first, and the entries they match in all.
pub(crate) fn rarest_within<T>(mut counted: Vec<(i64, T)>, budget: i64) -> (Vec<T>, i64) {
    counted.sort_by_key(|(n, _)| *n);
    let mut kept = Vec::with_capacity(counted.len());
    let mut total = 0i64;
    for (n, t) in counted {
        if !kept.is_empty() && total + n > budget {
            break;
        }
        total += n;
        kept.push(t);
    }
    (kept, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rarest_always_then_what_fits() {
        let (kept, total) = rarest_within(vec![(900, "the"), (3, "rust"), (150, "vim")], 200);
        assert_eq!(kept, ["rust", "vim"]);
        assert_eq!(total, 153);
        let (kept, _) = rarest_within(vec![(5000, "the"), (4000, "a")], 200);
        assert_eq!(kept, ["a"], "the rarest is kept even over the budget");
    }
}
