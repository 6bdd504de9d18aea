//! A small extractive summariser: score sentences by the frequency of
//! their content words, keep the best few in document order.

use std::collections::HashMap;

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "our", "she", "so",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we",
    "were", "which", "will", "with", "you", "your",
];

/// Sentences of `text`: split after `.`, `!`, `?` and at blank lines.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split("\n\n") {
        let mut cur = String::new();
        for c in para.chars() {
            cur.push(if c == '\n' { ' ' } else { c });
            if matches!(c, '.' | '!' | '?') {
                push_sentence(&mut out, &mut cur);
            }
        }
        push_sentence(&mut out, &mut cur);
    }
    out
}

fn push_sentence(out: &mut Vec<String>, cur: &mut String) {
    let s = cur.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().any(char::is_alphanumeric) {
        out.push(s);
    }
    cur.clear();
}

fn content_words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
}

/// The `max` best sentences of `text`, in document order.
pub fn summarise(text: &str, max: usize) -> Vec<String> {
    let all = sentences(text);
    if all.len() <= max {
        return all;
    }
    let mut freq: HashMap<String, f64> = HashMap::new();
    for s in &all {
        for w in content_words(s) {
            *freq.entry(w).or_default() += 1.0;
        }
    }
    let mut scored: Vec<(usize, f64)> = all
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let words: Vec<String> = content_words(s).collect();
            let score = if words.is_empty() {
                0.0
            } else {
                words
                    .iter()
                    .map(|w| freq.get(w).copied().unwrap_or(0.0))
                    .sum::<f64>()
                    / (words.len() as f64).sqrt()
            };
            (i, score)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut keep: Vec<usize> = scored.into_iter().take(max).map(|(i, _)| i).collect();
    keep.sort_unstable();
    keep.into_iter().map(|i| all[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_central_sentences_in_order() {
        let text = "Rust builds the hub. The hub dispatches tasks to workers.\n\
                    Lunch was nice today! Workers claim tasks from the hub under leases.\n\n\
                    A cat sat.";
        let s = summarise(text, 2);
        assert_eq!(s.len(), 2);
        assert!(s.iter().all(|x| x.contains("hub")), "{s:?}");
        assert!(
            s[0].starts_with("The hub") || s[0].starts_with("Rust"),
            "{s:?}"
        );
        assert_eq!(summarise("", 3), Vec::<String>::new());
        assert_eq!(summarise("One line only", 3), vec!["One line only"]);
    }
}
