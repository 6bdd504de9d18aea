//! Deterministic text jobs of the `builtin` executor: statistics, keywords,
//! chunking and an extractive summary. Pure functions, no I/O: the same
//! input gives byte-for-byte the same output on every machine.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// A text job refused its arguments.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TextError(pub String);

/// Keywords returned when the prompt does not say how many.
pub const DEFAULT_KEYWORDS: usize = 10;
/// Most keywords one job may ask for.
pub const MAX_KEYWORDS: usize = 1000;
/// Sentences an extractive summary keeps unless told otherwise.
pub const DEFAULT_SUMMARY_SENTENCES: usize = 3;

/// English stop-words left out of keywords and summary scoring.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.binary_search(&w).is_ok()
}

/// Words of `text`: runs of letters and digits (any script), with inner
/// apostrophes kept (`don't`), as written.
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_alnum_end = 0;
    let mut prev_apostrophe = false;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
            last_alnum_end = i + c.len_utf8();
            prev_apostrophe = false;
        } else if (c == '\'' || c == '’') && start.is_some() && !prev_apostrophe {
            prev_apostrophe = true;
        } else if let Some(s) = start.take() {
            out.push(&text[s..last_alnum_end]);
            prev_apostrophe = false;
        }
    }
    if let Some(s) = start {
        out.push(&text[s..last_alnum_end]);
    }
    out
}

/// Lowercased words that carry meaning: no stop-words, no single letters.
fn content_words(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 1 && !is_stop_word(w))
        .collect()
}

/// Sentences of `text`, trimmed, in order. A sentence ends at `.`, `!` or
/// `?` followed by whitespace (or the end), or at a line break. Pieces
/// without any letter or digit are dropped.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = if c == '\n' {
            Some(i)
        } else if matches!(c, '.' | '!' | '?' | '…') {
            // Swallow runs like `?!` or `...` and closing quotes.
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if matches!(d, '.' | '!' | '?' | '…' | '"' | '\'' | ')' | '”' | '’') {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            match chars.peek() {
                None => Some(end),
                Some(&(_, d)) if d.is_whitespace() => Some(end),
                _ => None,
            }
        } else {
            None
        };
        if let Some(end) = end {
            push_sentence(&mut out, &text[start..end]);
            start = if c == '\n' { i + 1 } else { end };
        }
    }
    push_sentence(&mut out, &text[start..]);
    out
}

fn push_sentence<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    let s = s.trim();
    if s.chars().any(char::is_alphanumeric) {
        out.push(s);
    }
}

/// What `text_stats` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextStats {
    /// Unicode scalar values.
    pub chars: usize,
    pub words: usize,
    pub lines: usize,
    /// Distinct words, case-insensitive.
    pub unique_words: usize,
    pub sentences: usize,
    /// Mean characters per word, rounded to two decimals.
    pub avg_word_len: f64,
}

pub fn text_stats(text: &str) -> TextStats {
    let ws = words(text);
    let unique: BTreeSet<String> = ws.iter().map(|w| w.to_lowercase()).collect();
    let total_len: usize = ws.iter().map(|w| w.chars().count()).sum();
    let avg = if ws.is_empty() {
        0.0
    } else {
        // Integer rounding to hundredths, so the float printed is stable.
        let hundredths = (total_len * 100 * 2 + ws.len()) / (ws.len() * 2);
        hundredths as f64 / 100.0
    };
    TextStats {
        chars: text.chars().count(),
        words: ws.len(),
        lines: text.lines().count(),
        unique_words: unique.len(),
        sentences: sentences(text).len(),
        avg_word_len: avg,
    }
}

/// One keyword and how often it occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Keyword {
    pub keyword: String,
    pub count: usize,
}

/// The `limit` most frequent content words of `text` (lowercased,
/// stop-words removed), most frequent first, ties alphabetical.
pub fn keywords(text: &str, limit: usize) -> Result<Vec<Keyword>, TextError> {
    if limit == 0 {
        return Err(TextError("keyword limit must be at least 1".into()));
    }
    if limit > MAX_KEYWORDS {
        return Err(TextError(format!(
            "keyword limit must be at most {MAX_KEYWORDS}"
        )));
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for w in content_words(text) {
        *counts.entry(w).or_default() += 1;
    }
    let mut list: Vec<Keyword> = counts
        .into_iter()
        .map(|(keyword, count)| Keyword { keyword, count })
        .collect();
    // BTreeMap order is alphabetical; a stable sort by count keeps it for ties.
    list.sort_by_key(|k| std::cmp::Reverse(k.count));
    list.truncate(limit);
    Ok(list)
}

/// Split `text` into chunks of at most `max_chars` characters. Words are
/// kept whole where they fit (joined by one space); a word longer than
/// `max_chars` is cut at the limit. Order is preserved.
pub fn chunk(text: &str, max_chars: usize) -> Result<Vec<String>, TextError> {
    if max_chars == 0 {
        return Err(TextError("chunk size must be at least 1".into()));
    }
    let mut chunks = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    for word in text.split_whitespace() {
        let wlen = word.chars().count();
        let sep = usize::from(cur_len > 0);
        if cur_len + sep + wlen <= max_chars {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(word);
            cur_len += sep + wlen;
            continue;
        }
        if cur_len > 0 {
            chunks.push(std::mem::take(&mut cur));
            cur_len = 0;
        }
        if wlen <= max_chars {
            cur.push_str(word);
            cur_len = wlen;
            continue;
        }
        // A run longer than a chunk: cut it at the limit; the last piece
        // may be joined by the words that follow.
        let chars: Vec<char> = word.chars().collect();
        let mut pieces = chars.chunks(max_chars).peekable();
        while let Some(piece) = pieces.next() {
            let s: String = piece.iter().collect();
            if pieces.peek().is_some() {
                chunks.push(s);
            } else {
                cur_len = piece.len();
                cur = s;
            }
        }
    }
    if cur_len > 0 {
        chunks.push(cur);
    }
    Ok(chunks)
}

/// An extractive summary: the `k` sentences whose content words are most
/// frequent in the whole text (mean frequency per content word), in their
/// original order, joined by a space. Ties go to the earlier sentence.
/// The text without separator lines (`---`, `--- output of … ---`): they
/// frame content (the hub delimits parent outputs with them) and are not
/// sentences of their own.
fn without_rules(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let t = l.trim();
            !(t.starts_with("---") && t.ends_with("---"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn summarize(text: &str, k: usize) -> String {
    let text = &without_rules(text);
    let sents = sentences(text);
    if k == 0 || sents.is_empty() {
        return String::new();
    }
    if sents.len() <= k {
        return sents.join(" ");
    }
    let mut freq: BTreeMap<String, u64> = BTreeMap::new();
    for w in content_words(text) {
        *freq.entry(w).or_default() += 1;
    }
    // Score as an exact fraction (sum, count) so ordering never depends on
    // float rounding.
    let scores: Vec<(u64, u64)> = sents
        .iter()
        .map(|s| {
            let ws = content_words(s);
            let sum: u64 = ws.iter().map(|w| freq.get(w).copied().unwrap_or(0)).sum();
            (sum, ws.len().max(1) as u64)
        })
        .collect();
    let mut order: Vec<usize> = (0..sents.len()).collect();
    order.sort_by(|&a, &b| {
        let (sa, na) = scores[a];
        let (sb, nb) = scores[b];
        match (sb * na).cmp(&(sa * nb)) {
            Ordering::Equal => a.cmp(&b),
            o => o,
        }
    });
    let mut keep: Vec<usize> = order.into_iter().take(k).collect();
    keep.sort_unstable();
    keep.iter().map(|&i| sents[i]).collect::<Vec<_>>().join(" ")
}

/// Fewest and most subtasks `plan` produces.
pub const PLAN_MIN_STEPS: usize = 2;
pub const PLAN_MAX_STEPS: usize = 5;

/// Deterministic decomposition of a goal into 2–5 subtasks (the builtin
/// stand-in for an AI planner): the goal splits on sentence ends, commas,
/// semicolons and the words `and` / `then`; a goal of a single clause is
/// padded into research, draft and review steps; more than five clauses
/// are folded into the fifth.
pub fn plan(goal: &str) -> Result<Vec<String>, TextError> {
    let mut clauses: Vec<String> = Vec::new();
    for sentence in sentences(goal) {
        let mut current: Vec<&str> = Vec::new();
        let mut close = |current: &mut Vec<&str>| {
            let piece = current.join(" ");
            let piece = piece.trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, '.' | '!' | '?' | '…' | ',' | ';' | ':')
            });
            if piece.chars().any(char::is_alphanumeric) {
                clauses.push(piece.to_string());
            }
            current.clear();
        };
        for word in sentence.split_whitespace() {
            let bare = word
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if bare == "and" || bare == "then" {
                close(&mut current);
                continue;
            }
            if let Some(w) = word.strip_suffix([',', ';']) {
                current.push(w);
                close(&mut current);
            } else {
                current.push(word);
            }
        }
        close(&mut current);
    }
    match clauses.len() {
        0 => Err(TextError("plan needs a goal".into())),
        1 => {
            let c = &clauses[0];
            Ok(vec![
                format!("Research: {c}"),
                format!("Draft: {c}"),
                format!("Review the draft: {c}"),
            ])
        }
        n if n > PLAN_MAX_STEPS => {
            let tail = clauses.split_off(PLAN_MAX_STEPS - 1).join("; ");
            clauses.push(tail);
            Ok(clauses)
        }
        _ => Ok(clauses),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn summaries_skip_separator_lines() {
        let text = "Intro line here.\n\n--- output of \"a\" (task 1) ---\nThe hub keeps the truth.\n--- end of output ---";
        let s = summarize(text, 5);
        assert!(!s.contains("---"), "{s}");
        assert!(s.contains("The hub keeps the truth."));
    }
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
        assert!(is_stop_word("the"));
        assert!(!is_stop_word("mesh"));
    }

    #[test]
    fn words_split_on_punctuation_and_keep_apostrophes() {
        assert_eq!(
            words("Hello, world! don't stop—ok? 'quoted'"),
            ["Hello", "world", "don't", "stop", "ok", "quoted"]
        );
        assert_eq!(words("Über straße 42"), ["Über", "straße", "42"]);
        assert!(words("").is_empty());
        assert!(words(" ... !!! ").is_empty());
    }

    #[test]
    fn sentences_split_at_terminators_and_lines() {
        assert_eq!(
            sentences("One. Two! Three?! Four\nFive... six"),
            ["One.", "Two!", "Three?!", "Four", "Five...", "six"]
        );
        // A dot inside a token does not end a sentence.
        assert_eq!(sentences("Version 1.5 is out."), ["Version 1.5 is out."]);
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\n ... ").is_empty());
    }

    #[test]
    fn text_stats_of_seed_example() {
        let s = text_stats("hello mesh\nhello node");
        assert_eq!(
            s,
            TextStats {
                chars: 21,
                words: 4,
                lines: 2,
                unique_words: 3,
                sentences: 2,
                avg_word_len: 4.5,
            }
        );
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"chars":21,"words":4,"lines":2,"unique_words":3,"sentences":2,"avg_word_len":4.5}"#
        );
    }

    #[test]
    fn text_stats_empty_and_unicode() {
        let s = text_stats("");
        assert_eq!(
            (s.chars, s.words, s.lines, s.unique_words, s.sentences),
            (0, 0, 0, 0, 0)
        );
        assert_eq!(s.avg_word_len, 0.0);
        // Chars count scalar values, not bytes.
        let s = text_stats("Grüße, Jürgen! Ünïcödé.");
        assert_eq!(s.chars, 23);
        assert_eq!(s.words, 3);
        assert_eq!(s.sentences, 2);
        // (5 + 6 + 7) / 3 = 6.0
        assert_eq!(s.avg_word_len, 6.0);
        // Rounded to hundredths: (1 + 2 + 2) / 3 = 1.666… → 1.67
        assert_eq!(text_stats("a bb cc").avg_word_len, 1.67);
        // Case-insensitive uniqueness.
        assert_eq!(text_stats("Mesh mesh MESH").unique_words, 1);
    }

    #[test]
    fn keywords_by_frequency_ties_alphabetical() {
        let k = keywords(
            "The mesh routes work. The mesh never sleeps; nodes route work to the mesh.",
            3,
        )
        .unwrap();
        let got: Vec<(&str, usize)> = k.iter().map(|k| (k.keyword.as_str(), k.count)).collect();
        assert_eq!(got, [("mesh", 3), ("work", 2), ("never", 1)]);
        // Deterministic across calls.
        assert_eq!(
            keywords("b a c b a", 10).unwrap(),
            keywords("b a c b a", 10).unwrap()
        );
        // Single letters and stop-words are not keywords.
        let got: Vec<String> = keywords("a b c the of zebra yak yak", 10)
            .unwrap()
            .into_iter()
            .map(|k| k.keyword)
            .collect();
        assert_eq!(got, ["yak", "zebra"]);
    }

    #[test]
    fn keywords_edge_cases() {
        assert!(keywords("anything", 0).is_err());
        assert!(keywords("anything", MAX_KEYWORDS + 1).is_err());
        assert!(keywords("", 5).unwrap().is_empty());
        let k = keywords("Ünïcödé ünïcödé ÜNÏCÖDÉ mesh", 5).unwrap();
        assert_eq!(k[0].keyword, "ünïcödé");
        assert_eq!(k[0].count, 3);
    }

    #[test]
    fn chunk_prefers_whitespace_and_splits_long_runs() {
        let c = chunk(
            "AetherMesh prepares local text chunks for future AI processing.",
            24,
        )
        .unwrap();
        assert_eq!(
            c,
            [
                "AetherMesh prepares",
                "local text chunks for",
                "future AI processing."
            ]
        );
        assert!(c.iter().all(|s| s.chars().count() <= 24));
        assert_eq!(chunk("abcdefghi xy", 4).unwrap(), ["abcd", "efgh", "i xy"]);
        assert_eq!(chunk("a b c", 1).unwrap(), ["a", "b", "c"]);
    }

    #[test]
    fn chunk_edge_cases() {
        assert!(chunk("text", 0).is_err());
        assert!(chunk("", 10).unwrap().is_empty());
        assert!(chunk("   \n  ", 10).unwrap().is_empty());
        // Limits count characters, not bytes.
        let c = chunk("ééééé üü", 5).unwrap();
        assert_eq!(c, ["ééééé", "üü"]);
        let c = chunk("日本語のテキスト", 3).unwrap();
        assert_eq!(c, ["日本語", "のテキ", "スト"]);
        // Order and every non-space character are preserved.
        let text = "one two three four five six seven eight nine ten";
        let joined: String = chunk(text, 9).unwrap().join(" ");
        assert_eq!(joined, text);
    }

    #[test]
    fn summarize_keeps_top_sentences_in_order() {
        let text = "The mesh coordinates agents. Cats sleep all day. \
                    Agents in the mesh claim work from the mesh hub. \
                    Bananas are yellow. The hub tracks agents and work.";
        let s = summarize(text, 2);
        assert_eq!(
            s,
            "The mesh coordinates agents. Agents in the mesh claim work from the mesh hub."
        );
        assert_eq!(s, summarize(text, 2));
        // Short texts come back whole; empty stays empty.
        assert_eq!(summarize("Only one.", 3), "Only one.");
        assert_eq!(summarize("", 3), "");
        assert_eq!(summarize("Some text.", 0), "");
    }

    #[test]
    fn plan_splits_goals_into_two_to_five_steps() {
        assert_eq!(
            plan("Collect the logs, find the error and then write a fix.").unwrap(),
            ["Collect the logs", "find the error", "write a fix"]
        );
        assert_eq!(
            plan("Ship v2. Tell the team").unwrap(),
            ["Ship v2", "Tell the team"]
        );
        assert_eq!(
            plan("a launch plan").unwrap(),
            [
                "Research: a launch plan",
                "Draft: a launch plan",
                "Review the draft: a launch plan"
            ]
        );
        let many = plan("a, b, c, d, e, f and g").unwrap();
        assert_eq!(many, ["a", "b", "c", "d", "e; f; g"]);
        assert!(plan("").is_err());
        assert!(plan(" and , then . ").is_err());
        for goal in ["x", "x and y", "🚀 then 🌍", "a,,,,b", "AND and THEN then"] {
            if let Ok(steps) = plan(goal) {
                assert!(
                    (PLAN_MIN_STEPS..=PLAN_MAX_STEPS).contains(&steps.len()),
                    "{goal}"
                );
            }
        }
        assert_eq!(plan("one then two").unwrap(), plan("one then two").unwrap());
    }
}
