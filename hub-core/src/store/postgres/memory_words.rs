//! The words of agent memories as PostgreSQL's full-text search sees them.
//! Text is split and folded here, not by a text-search configuration, so
//! that an entry matches the same words as under SQLite's `unicode61`
//! tokenizer: runs of letters and digits, lower-cased, accents removed
//! (PostgreSQL's parser would keep `1.95` or `a-b` whole and depends on the
//! server's locale). The results are handed over as `tsvector`/`tsquery`
//! literals, which PostgreSQL takes word for word.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest word a `tsvector` holds (bytes); longer runs are left out of the
/// index (no search word is ever that long).
const MAX_WORD_BYTES: usize = 2046;
/// Highest word position a `tsvector` records.
const MAX_POSITION: usize = 16_383;
/// Most positions a `tsvector` keeps for one word.
const MAX_POSITIONS: usize = 256;

/// The words of `text`, in order, folded.
pub(super) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
        .filter(|w| !w.is_empty() && w.len() <= MAX_WORD_BYTES)
        .collect()
}

fn fold(word: &str) -> String {
    word.to_lowercase()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect()
}

/// One entry's index row.
pub(super) struct Indexed {
    /// `tsvector` literal: key words weighted `A` (they count double in the
    /// ranking, as SQLite's bm25 weights), value words unweighted.
    pub vector: String,
    /// Its distinct words.
    pub distinct: Vec<String>,
    /// How many words it has (bm25's document length).
    pub tokens: i64,
}

/// A key as the index sees it: split into words at `_`, `-` and `.` too.
pub(super) fn index(key: &str, value: &str) -> Indexed {
    let key_words = words(&key.replace(['_', '-', '.'], " "));
    let value_words = words(value);
    let tokens = m3shd_common::num::to_i64(key_words.len() + value_words.len());
    let mut at: BTreeMap<String, Vec<(usize, bool)>> = BTreeMap::new();
    let all = key_words
        .into_iter()
        .map(|w| (w, true))
        .chain(value_words.into_iter().map(|w| (w, false)));
    for (i, (w, in_key)) in all.enumerate() {
        let seen = at.entry(w).or_default();
        let pos = (i + 1).min(MAX_POSITION);
        if seen.len() < MAX_POSITIONS && seen.last().is_none_or(|(p, _)| *p < pos) {
            seen.push((pos, in_key));
        }
    }
    let vector = at
        .iter()
        .map(|(w, seen)| {
            let positions: Vec<String> = seen
                .iter()
                .map(|(p, in_key)| format!("{p}{}", if *in_key { "A" } else { "" }))
                .collect();
            format!("{}:{}", quote(w), positions.join(","))
        })
        .collect::<Vec<_>>()
        .join(" ");
    Indexed {
        vector,
        distinct: at.into_keys().collect(),
        tokens,
    }
}

/// A word as a literal of `tsvector`/`tsquery` input.
fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\\', "\\\\").replace('\'', "''"))
}

/// A search word as the index knows it: one word, or a phrase when it holds
/// several (as SQLite reads a quoted term); `None` when it holds none.
pub(super) fn term(word: &str) -> Option<Vec<String>> {
    let w = words(word);
    (!w.is_empty()).then_some(w)
}

/// The `tsquery` literal for "any of these terms": each a word or a phrase
/// of quoted words, so nothing in them is read as an operator.
pub(super) fn any_of(terms: &[Vec<String>]) -> Option<String> {
    let parts: Vec<String> = terms
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| {
            let phrase: Vec<String> = t.iter().map(|w| quote(w)).collect();
            format!("({})", phrase.join(" <-> "))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" | "))
}

/// bm25's weight of a word held by `docs` of `total` entries (as SQLite's
/// FTS5 computes it: never zero or below, so a common word still counts).
pub(super) fn idf(total: i64, docs: i64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let (n, d) = (total as f64, docs as f64);
    let idf = ((n - d + 0.5) / (d + 0.5)).ln();
    if idf <= 0.0 { 1e-6 } else { idf }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_and_fold_as_unicode61() {
        assert_eq!(
            words("Rust 1.95, a-b Café ÜBER_x"),
            ["rust", "1", "95", "a", "b", "cafe", "uber", "x"]
        );
        assert!(words("\" * ( ^ :").is_empty());
    }

    #[test]
    fn the_index_weights_key_words_and_counts_every_word() {
        let i = index("rust_version", "rust it's \\ 1.95 rust");
        assert_eq!(i.tokens, 2 + 6);
        assert_eq!(i.distinct, ["1", "95", "it", "rust", "s", "version"]);
        assert_eq!(
            i.vector,
            "'1':6 '95':7 'it':4 'rust':1A,3,8 's':5 'version':2A"
        );
    }

    #[test]
    fn queries_quote_every_word() {
        let terms: Vec<Vec<String>> = ["a'b", "c", "*", "o\\r"]
            .iter()
            .filter_map(|w| term(w))
            .collect();
        assert_eq!(
            any_of(&terms).as_deref(),
            Some("('a' <-> 'b') | ('c') | ('o' <-> 'r')")
        );
        assert_eq!(any_of(&[]), None);
        assert!(term("'\"").is_none());
    }
}
