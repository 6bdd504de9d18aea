//! The deterministic extractor (ARCHITECTURE.md, "World model"): the
//! names a task output mentions and the relations its sentences state,
//! with no model and bounded work.
//!
//! - **Names** are runs of capitalised words ("Project Apollo", "Acme
//!   Corp", "Bank of America"), known tool words and code-ish words
//!   (`serde_json`, `node.js`, `tokio::spawn`, `iPhone`). A run longer
//!   than five words is a title-case heading, not a name.
//! - **Sentence starts** are capitalised whatever the word, so the first
//!   word of a sentence (or line, or clause after a colon) starts a name
//!   only when it is not a common word: not on the stop list, not ending
//!   in -ing/-ed/-ly, and not written in lowercase elsewhere in the
//!   output. A single capitalised word at a sentence start counts only
//!   when a relation names it ("Alice works on Apollo").
//! - **Relations** are `X uses Y`, `X depends on Y`, `X is part of Y`,
//!   `X works on Y`, `X works for Y`, `X maintains Y`, `X created Y` and a
//!   few phrasings of each, between names right next to the verb (an
//!   article may stand before Y; `Y and Z` lists take every name; `X uses
//!   Y and depends on Z` keeps X).
//! - **Types** come from cues: Inc/Ltd/LLC/Corp/GmbH/Foundation/University…
//!   at the end → organisation; "Project …" or "… Project|Programme" →
//!   project; a title (Dr, Mr, Ms, Prof) before it → person; a known tool
//!   word or a code-ish word → tool. Relations add cues: who works on or
//!   for something is a person, what is worked on a project, whom one
//!   works for an organisation, what is used or depended on a tool.
//!   Everything else is a concept. People are not recognised by first
//!   names: there is no list of them here, so "Alice Smith" alone stays
//!   a concept until a sentence has her work on something.

use std::collections::{HashMap, HashSet};

use m3shd_api::EntityType;

use super::names;
use crate::store::repos::{EntitySighting, RelationSighting};

/// Entities one output yields at most.
pub const MAX_ENTITIES: usize = 50;
/// Relations one output yields at most.
pub const MAX_RELATIONS: usize = 100;
/// Bytes of an output read at most (the rest is not looked at).
pub const MAX_SCANNED_BYTES: usize = 64 * 1024;
/// Words of a name at most; a longer capitalised run is a heading.
const MAX_NAME_WORDS: usize = 5;
/// Names one relation's object list takes at most.
const MAX_LIST: usize = 5;

/// What one output names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub entities: Vec<EntitySighting>,
    pub relations: Vec<RelationSighting>,
}

/// Capitalised words that are never (the start of) a name.
#[rustfmt::skip]
const STOP: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "although", "an", "and", "another", "any",
    "are", "as", "at", "be", "because", "before", "both", "but", "by", "can", "could", "do",
    "does", "each", "either", "even", "every", "first", "for", "from", "further", "given", "had",
    "has", "have", "he", "hello", "her", "here", "hers", "hi", "his", "how", "however", "i", "if",
    "in", "into", "is", "it", "its", "just", "last", "let", "many", "may", "maybe", "me", "might",
    "more", "most", "much", "must", "my", "neither", "next", "no", "none", "nor", "not", "note",
    "now", "of", "ok", "okay", "on", "once", "one", "only", "or", "other", "our", "overall",
    "perhaps", "please", "second", "see", "she", "should", "since", "so", "some", "still", "such",
    "summary", "thanks", "that", "the", "their", "them", "then", "there", "therefore", "these",
    "they", "third", "this", "those", "though", "thus", "to", "today", "tomorrow", "too", "two",
    "under", "unless", "until", "up", "us", "was", "we", "were", "what", "when", "where",
    "whether", "which", "while", "who", "why", "will", "with", "within", "without", "would", "yes",
    "yesterday", "yet", "you", "your", "e.g", "i.e", "etc", "vs", "todo", "fixme", "done",
    "entity", "relation", "score", "vote", "verdict", "reason", "confidence", "result", "results",
    "answer", "question", "example", "step", "steps", "conclusion", "introduction", "background",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "remember", "tool_call", "tool_result",
];

/// Imperatives that open instructions: never the start of a name either.
#[rustfmt::skip]
const IMPERATIVES: &[&str] = &[
    "add", "avoid", "build", "check", "choose", "consider", "create", "define", "deploy", "do",
    "ensure", "find", "fix", "follow", "get", "give", "go", "install", "keep", "look", "make",
    "move", "open", "pick", "read", "remove", "review", "run", "set", "start", "stop", "take",
    "test", "try", "update", "use", "write",
];

/// Lowercase words between capitalised words of one name ("Bank of America").
#[rustfmt::skip]
const CONNECTORS: &[&str] = &[
    "of", "&", "de", "van", "von", "der", "du", "la",
];

/// Words before a person's name.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "sir", "dame",
];

/// Last words of an organisation's name.
#[rustfmt::skip]
const ORGANISATION_ENDS: &[&str] = &[
    "inc", "ltd", "llc", "corp", "corporation", "gmbh", "ag", "plc", "co", "company", "foundation",
    "university", "institute", "labs", "group", "agency", "association",
];

/// Last words of a project's name (its first word may be "project").
#[rustfmt::skip]
const PROJECT_ENDS: &[&str] = &[
    "project", "programme", "program", "initiative",
];

/// Tool words recognised in any case.
#[rustfmt::skip]
const TOOLS: &[&str] = &[
    "ansible", "apache", "aws", "axum", "azure", "bash", "c++", "cargo", "clang", "claude", "cuda",
    "django", "docker", "elasticsearch", "emacs", "excel", "fastapi", "figma", "flask", "gcc",
    "git", "github", "gitlab", "golang", "grafana", "graphql", "helm", "java", "javascript",
    "jenkins", "jira", "kafka", "kotlin", "kubernetes", "k8s", "linux", "llvm", "macos", "mongodb",
    "mysql", "nginx", "node", "node.js", "nodejs", "npm", "numpy", "ollama", "pandas", "postgres",
    "postgresql", "prometheus", "python", "pytorch", "rabbitmq", "react", "redis", "ruby", "rust",
    "rustc", "slack", "sqlite", "svelte", "swift", "tensorflow", "terraform", "tokio",
    "typescript", "ubuntu", "vim", "vscode", "vue", "webpack", "windows", "zsh",
];

/// Relation phrasings (lowercase words) and the type each states, longest
/// phrasings of a verb first.
const PATTERNS: &[(&[&str], &str)] = &[
    (&["is", "built", "with"], "uses"),
    (&["is", "built", "on"], "uses"),
    (&["is", "written", "in"], "uses"),
    (&["is", "using"], "uses"),
    (&["are", "using"], "uses"),
    (&["uses"], "uses"),
    (&["use"], "uses"),
    (&["used"], "uses"),
    (&["depends", "on"], "depends_on"),
    (&["depend", "on"], "depends_on"),
    (&["depended", "on"], "depends_on"),
    (&["relies", "on"], "depends_on"),
    (&["rely", "on"], "depends_on"),
    (&["requires"], "depends_on"),
    (&["is", "a", "part", "of"], "part_of"),
    (&["is", "part", "of"], "part_of"),
    (&["are", "part", "of"], "part_of"),
    (&["was", "part", "of"], "part_of"),
    (&["belongs", "to"], "part_of"),
    (&["is", "working", "on"], "works_on"),
    (&["are", "working", "on"], "works_on"),
    (&["works", "on"], "works_on"),
    (&["work", "on"], "works_on"),
    (&["worked", "on"], "works_on"),
    (&["contributes", "to"], "works_on"),
    (&["works", "for"], "works_for"),
    (&["works", "at"], "works_for"),
    (&["worked", "for"], "works_for"),
    (&["worked", "at"], "works_for"),
    (&["is", "employed", "by"], "works_for"),
    (&["maintains"], "maintains"),
    (&["maintain"], "maintains"),
    (&["created"], "created"),
    (&["developed"], "created"),
    (&["founded"], "created"),
    (&["wrote"], "created"),
];

/// Words skipped between a verb and its object.
#[rustfmt::skip]
const ARTICLES: &[&str] = &[
    "the", "a", "an",
];

/// One word of the output, stripped of the punctuation around it.
#[derive(Debug)]
struct Token<'a> {
    text: &'a str,
    lower: String,
    /// The first word of a sentence, a line or a clause after a colon.
    sentence_start: bool,
    /// Punctuation before it separates it from the word before.
    break_before: bool,
    /// Punctuation after it separates it from the word after.
    break_after: bool,
    sentence: usize,
}

fn is_lead_punct(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '"' | '\'' | '`' | '*' | '_' | '#' | '>' | '<' | '«' | '“' | '‘'
    )
}

fn is_trail_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '"'
            | '\''
            | '`'
            | '*'
            | '_'
            | '»'
            | '”'
            | '’'
            | '<'
            | '>'
    )
}

/// The words of `text`, with sentence starts and breaks marked.
fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token<'_>> = Vec::new();
    let mut sentence_start = true;
    let mut pending_break = true;
    let mut sentence = 0usize;
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        if rest[..rest.len() - trimmed.len()].contains('\n') {
            sentence_start = true;
            pending_break = true;
        }
        rest = trimmed;
        if rest.is_empty() {
            break;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let raw = &rest[..end];
        rest = &rest[end..];
        let after_lead = raw.trim_start_matches(is_lead_punct);
        let lead = raw.len() - after_lead.len();
        let mut core = after_lead.trim_end_matches(is_trail_punct);
        let mut trail = &after_lead[core.len()..];
        // A possessive ends the name it follows.
        for s in ["'s", "’s"] {
            if let Some(c) = core.strip_suffix(s) {
                core = c;
                trail = s;
            }
        }
        if !core.chars().any(char::is_alphanumeric) {
            // A bullet, a dash, a stray symbol: it separates words.
            pending_break = true;
            if raw.contains(['.', '!', '?', ':']) && !raw.starts_with(['-', '*', '•']) {
                sentence_start = true;
            }
            continue;
        }
        if sentence_start {
            sentence += 1;
        }
        let lower = core.to_lowercase();
        let title = TITLES.contains(&lower.as_str()) && trail == ".";
        let ends_sentence = !title && trail.contains(['.', '!', '?', ':']);
        out.push(Token {
            text: core,
            lower,
            sentence_start,
            break_before: pending_break || lead > 0,
            break_after: !title && !trail.is_empty(),
            sentence,
        });
        sentence_start = ends_sentence;
        pending_break = false;
    }
    out
}

fn is_capitalised(t: &Token<'_>) -> bool {
    t.text.chars().next().is_some_and(char::is_uppercase)
}

fn is_stop(t: &Token<'_>) -> bool {
    STOP.contains(&t.lower.as_str()) || IMPERATIVES.contains(&t.lower.as_str())
}

fn is_tool_word(lower: &str) -> bool {
    TOOLS.contains(&lower)
}

/// `serde_json`, `tokio::spawn`, `node.js`, `iPhone`: names of code.
fn is_codeish(w: &str) -> bool {
    if w.contains("://") || w.contains('@') || !w.chars().any(char::is_alphabetic) {
        return false;
    }
    let inner = |sep: &str| {
        w.split(sep).count() > 1
            && w.split(sep)
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'))
    };
    let mut chars = w.chars();
    let camel = chars.next().is_some_and(char::is_lowercase) && chars.any(char::is_uppercase);
    inner("_") || inner("::") || (w == w.to_lowercase() && inner(".")) || camel
}

/// A word that may stand alone as a name in lowercase.
fn is_lowercase_name(t: &Token<'_>) -> bool {
    !is_capitalised(t) && !is_stop(t) && (is_tool_word(&t.lower) || is_codeish(t.text))
}

/// A capitalised word at a sentence start that is likely just a word.
fn looks_common(t: &Token<'_>, lowercase_words: &HashSet<&str>) -> bool {
    let w = t.lower.as_str();
    is_stop(t)
        || (w.chars().count() > 4 && (w.ends_with("ing") || w.ends_with("ed") || w.ends_with("ly")))
        || lowercase_words.contains(w)
}

/// A run of tokens that names something.
#[derive(Debug)]
struct Phrase {
    start: usize,
    end: usize,
    normalized: String,
    display: String,
    kind: EntityType,
    /// One capitalised word at a sentence start: a name only if a
    /// relation names it.
    doubtful: bool,
}

fn kind_of(words: &[&str], after_title: bool, codeish: bool) -> EntityType {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return EntityType::Concept;
    };
    if words.len() > 1 && ORGANISATION_ENDS.contains(last) {
        EntityType::Organisation
    } else if words.len() > 1 && (*first == "project" || PROJECT_ENDS.contains(last)) {
        EntityType::Project
    } else if after_title {
        EntityType::Person
    } else if is_tool_word(&words.join(" ")) || codeish {
        EntityType::Tool
    } else {
        EntityType::Concept
    }
}

fn phrases(toks: &[Token<'_>]) -> Vec<Phrase> {
    let lowercase_words: HashSet<&str> = toks
        .iter()
        .filter(|t| !is_capitalised(t))
        .map(|t| t.text)
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let run_starts =
            i == 0 || toks[i - 1].break_after || t.break_before || !is_capitalised(&toks[i - 1]);
        if is_capitalised(t) && run_starts {
            // A title-case heading ("How To Build A Better Mesh") is
            // a run of capitalised words, stop words or not.
            let mut end = i + 1;
            while end < toks.len()
                && is_capitalised(&toks[end])
                && !toks[end - 1].break_after
                && !toks[end].break_before
            {
                end += 1;
            }
            if end - i > MAX_NAME_WORDS {
                i = end;
                continue;
            }
        }
        if is_lowercase_name(t) {
            push(&mut out, toks, i, i + 1);
            i += 1;
            continue;
        }
        let common_start = t.sentence_start && looks_common(t, &lowercase_words);
        let starts_name = is_capitalised(t)
            && !is_stop(t)
            && !TITLES.contains(&t.lower.as_str())
            && !common_start;
        if !starts_name {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < toks.len() && !toks[j - 1].break_after && !toks[j].break_before {
            let next = &toks[j];
            if is_capitalised(next) && !is_stop(next) {
                j += 1;
            } else if CONNECTORS.contains(&next.lower.as_str())
                && !next.break_after
                && toks
                    .get(j + 1)
                    .is_some_and(|n| is_capitalised(n) && !is_stop(n) && !n.break_before)
            {
                j += 2;
            } else {
                break;
            }
        }
        if j - i <= MAX_NAME_WORDS {
            push(&mut out, toks, i, j);
        }
        i = j;
    }
    out
}

fn push(out: &mut Vec<Phrase>, toks: &[Token<'_>], start: usize, end: usize) {
    let words: Vec<&str> = toks[start..end].iter().map(|t| t.lower.as_str()).collect();
    let single = end - start == 1;
    if single && toks[start].text.chars().count() < 2 {
        return;
    }
    let display = toks[start..end]
        .iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ");
    let Some(normalized) = names::normalize(&display) else {
        return;
    };
    let after_title = start > 0
        && TITLES.contains(&toks[start - 1].lower.as_str())
        && !toks[start - 1].break_after;
    let codeish = single && is_codeish(toks[start].text);
    let kind = kind_of(&words, after_title, codeish);
    let doubtful = single
        && toks[start].sentence_start
        && is_capitalised(&toks[start])
        && kind == EntityType::Concept;
    out.push(Phrase {
        start,
        end,
        normalized,
        display,
        kind,
        doubtful,
    });
}

/// The pattern whose words start at token `k`, if any.
fn pattern_at(toks: &[Token<'_>], k: usize) -> Option<(usize, &'static str)> {
    PATTERNS.iter().find_map(|(words, kind)| {
        let fits = words.iter().enumerate().all(|(n, w)| {
            toks.get(k + n).is_some_and(|t| {
                t.lower == *w
                    && (n + 1 == words.len() || !t.break_after)
                    && (n == 0 || !t.break_before)
            })
        });
        fits.then_some((words.len(), *kind))
    })
}

/// A type a relation implies for a concept at each of its ends.
fn implied(relation: &str) -> (Option<EntityType>, Option<EntityType>) {
    match relation {
        "works_on" => (Some(EntityType::Person), Some(EntityType::Project)),
        "works_for" => (Some(EntityType::Person), Some(EntityType::Organisation)),
        "uses" | "depends_on" => (None, Some(EntityType::Tool)),
        _ => (None, None),
    }
}

/// Everything `output` names, within the caps.
pub fn extract(output: &str) -> Extraction {
    let mut cut = output.len().min(MAX_SCANNED_BYTES);
    while !output.is_char_boundary(cut) {
        cut -= 1;
    }
    let toks = tokens(&output[..cut]);
    let mut found = phrases(&toks);
    let by_start: HashMap<usize, usize> = found
        .iter()
        .enumerate()
        .map(|(n, p)| (p.start, n))
        .collect();
    let by_end: HashMap<usize, usize> = found.iter().enumerate().map(|(n, p)| (p.end, n)).collect();

    // (subject, type, object) as phrase indexes.
    let mut related: Vec<(usize, &'static str, usize)> = Vec::new();
    let mut last_subject: Option<(usize, usize)> = None; // (sentence, phrase)
    let mut k = 1;
    while k < toks.len() {
        let Some((len, relation)) = pattern_at(&toks, k) else {
            k += 1;
            continue;
        };
        let before = &toks[k - 1];
        let subject = match by_end.get(&k) {
            Some(&s) if !before.break_after && !toks[k].break_before => Some(s),
            _ if matches!(before.lower.as_str(), "and" | "also") => last_subject
                .filter(|(sentence, _)| *sentence == toks[k].sentence)
                .map(|(_, s)| s),
            _ => None,
        };
        let mut at = k + len;
        if toks
            .get(at)
            .is_some_and(|t| ARTICLES.contains(&t.lower.as_str()) && !t.break_after)
        {
            at += 1;
        }
        if let Some(subject) = subject {
            last_subject = Some((toks[k].sentence, subject));
            let mut listed = 0;
            while let Some(&object) = by_start.get(&at) {
                if toks[at].sentence != toks[k].sentence || listed == MAX_LIST {
                    break;
                }
                related.push((subject, relation, object));
                listed += 1;
                let end = found[object].end;
                // `Y, Z and W`: a comma or an `and` before the next name.
                let and = toks
                    .get(end)
                    .is_some_and(|t| t.lower == "and" || t.lower == "or");
                at = if and {
                    end + 1
                } else if toks[end - 1].break_after && by_start.contains_key(&end) {
                    end
                } else {
                    break;
                };
            }
        }
        k += len;
    }

    for &(s, relation, o) in &related {
        let (subject_kind, object_kind) = implied(relation);
        for (n, kind) in [(s, subject_kind), (o, object_kind)] {
            if let Some(kind) = kind
                && found[n].kind == EntityType::Concept
            {
                found[n].kind = kind;
            }
            found[n].doubtful = false;
        }
    }

    let mut entities: Vec<EntitySighting> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for p in found.iter().filter(|p| !p.doubtful) {
        if let Some(&n) = index.get(p.normalized.as_str()) {
            // Seen again with a more telling type.
            if entities[n].kind == EntityType::Concept {
                entities[n].kind = p.kind;
            }
            continue;
        }
        if entities.len() == MAX_ENTITIES {
            continue;
        }
        let Some(s) = names::sighting(&p.display, p.kind, "") else {
            continue;
        };
        index.insert(&p.normalized, entities.len());
        entities.push(s);
    }
    let mut relations: Vec<RelationSighting> = Vec::new();
    for (s, relation, o) in related {
        let (from, to) = (&found[s].normalized, &found[o].normalized);
        if from == to || !index.contains_key(from.as_str()) || !index.contains_key(to.as_str()) {
            continue;
        }
        let r = RelationSighting {
            from: from.clone(),
            relation_type: relation.to_string(),
            to: to.clone(),
        };
        if !relations.contains(&r) {
            relations.push(r);
            if relations.len() == MAX_RELATIONS {
                break;
            }
        }
    }
    Extraction {
        entities,
        relations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(x: &Extraction) -> Vec<(String, EntityType)> {
        x.entities
            .iter()
            .map(|e| (e.name.clone(), e.kind))
            .collect()
    }

    fn relations_of(x: &Extraction) -> Vec<String> {
        x.relations
            .iter()
            .map(|r| format!("{} {} {}", r.from, r.relation_type, r.to))
            .collect()
    }

    #[test]
    fn capitalised_phrases_become_typed_entities() {
        let x = extract(
            "We met the team from Acme Corp. and Globex Inc in Springfield. \
             Dr. Grace Hopper spoke about the Bank of America outage and Project Apollo.",
        );
        assert_eq!(
            names_of(&x),
            [
                ("Acme Corp".into(), EntityType::Organisation),
                ("Globex Inc".into(), EntityType::Organisation),
                ("Springfield".into(), EntityType::Concept),
                ("Grace Hopper".into(), EntityType::Person),
                ("Bank of America".into(), EntityType::Concept),
                ("Project Apollo".into(), EntityType::Project),
            ]
        );
    }

    #[test]
    fn sentence_starts_are_not_names_unless_they_are() {
        let x = extract(
            "The results were good. Running Docker helped. However, nothing broke.\n\
             - Overall the build passed\n\
             Deploy Kubernetes tomorrow. This is fine. Alice Smith agreed. Mesh works.",
        );
        assert_eq!(
            names_of(&x),
            [
                ("Docker".into(), EntityType::Tool),
                ("Kubernetes".into(), EntityType::Tool),
                ("Alice Smith".into(), EntityType::Concept),
            ]
        );
        assert!(x.relations.is_empty());
    }

    #[test]
    fn patterns_become_typed_relations() {
        let x = extract(
            "Alice Smith works on Project Apollo. Project Apollo uses Rust, Tokio and serde_json \
             and depends on PostgreSQL. Apollo Guidance is part of the Apollo Program. \
             Bob works for Initech. Zeta relies on node.js.",
        );
        assert_eq!(
            relations_of(&x),
            [
                "alice smith works_on project apollo",
                "project apollo uses rust",
                "project apollo uses tokio",
                "project apollo uses serde_json",
                "project apollo depends_on postgresql",
                "apollo guidance part_of apollo program",
                "bob works_for initech",
                "zeta depends_on node.js",
            ]
        );
        let kind = |n: &str| {
            x.entities
                .iter()
                .find(|e| e.normalized == n)
                .map(|e| e.kind)
                .unwrap_or_else(|| panic!("{n} in {:?}", names_of(&x)))
        };
        assert_eq!(kind("alice smith"), EntityType::Person);
        assert_eq!(kind("bob"), EntityType::Person);
        assert_eq!(kind("initech"), EntityType::Organisation);
        assert_eq!(kind("project apollo"), EntityType::Project);
        assert_eq!(kind("serde_json"), EntityType::Tool);
        assert_eq!(kind("apollo program"), EntityType::Project);
        // Sentence-initial single words that a relation names count.
        assert_eq!(kind("zeta"), EntityType::Concept);
    }

    #[test]
    fn headings_and_noise_are_not_names() {
        let x = extract(
            "# How To Build A Better Mesh Today\n\
             See https://example.com/Foo or mail ops@example.com; version 1.2.3 is out.\n\
             I think X is fine.",
        );
        assert!(x.entities.is_empty(), "{:?}", names_of(&x));
    }

    #[test]
    fn work_is_bounded() {
        let many: String = (0..500)
            .map(|n| format!("We saw Vendor{n} Corp use Tool{n}. "))
            .collect();
        let x = extract(&many);
        assert_eq!(x.entities.len(), MAX_ENTITIES);
        assert!(x.relations.len() <= MAX_RELATIONS);
        // Relations only between the entities kept.
        for r in &x.relations {
            assert!(x.entities.iter().any(|e| e.normalized == r.from));
            assert!(x.entities.iter().any(|e| e.normalized == r.to));
        }
        // Past the scanned prefix nothing is read.
        let late = format!(
            "{} Zanzibar Holdings Ltd is here.",
            "word ".repeat(MAX_SCANNED_BYTES / 5)
        );
        assert!(extract(&late).entities.is_empty());
        // A cut inside a multi-byte character is moved back.
        let multi = format!("a{}", "é".repeat(MAX_SCANNED_BYTES));
        assert!(extract(&multi).entities.is_empty());
    }

    #[test]
    fn the_same_name_is_one_entity() {
        let x = extract("We use Rust. Later we used rust again, and RUST.");
        assert_eq!(x.entities.len(), 1);
        assert_eq!(x.entities[0].name, "Rust");
    }
}
