//! The deterministic reader of mesh-control sentences ("take crucible
//! offline for maintenance" → drain crucible). A sentence is lowercased
//! and split into words, filler is dropped and amounts are put in one form
//! (`5 dollars` → `$5`, `a day` → `daily`, `three` → `3`); then the first
//! phrase pattern that covers every word gives the operation. Patterns are
//! tried in order: the queue's own phrases come before those naming an
//! agent, so "pause the queue" never reads as an agent called `queue`.
//!
//! Pattern words: a literal, `a|b` for one of several, a trailing `?` for
//! an optional word, `{agent}`, `{task}`, `{n}` (a count), `{usd}` (an
//! amount), `{tokens}` (a number of tokens), `{caps}` (the rest, as a list
//! of capabilities) and `*` (anything after; only where trailing words
//! change nothing, as "for maintenance").

use crate::mesh_control::{BudgetScope, MeshOperation};

/// What the reader made of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// One operation, checked ([`MeshOperation::normalized`]).
    Operation(MeshOperation),
    /// A known phrasing with a value out of bounds; the reason says which.
    Invalid(String),
    /// No phrasing matches.
    Unread,
}

/// Words that are never an agent's name in a sentence.
const NOT_AGENTS: &[&str] = &[
    "queue",
    "dispatch",
    "dispatching",
    "mesh",
    "each",
    "every",
    "all",
    "agent",
    "agents",
    "per-agent",
    "per",
    "spending",
    "spend",
    "total",
    "overall",
    "everything",
    "everyone",
    "daily",
    "budget",
    "task",
    "tasks",
    "work",
    "it",
    "to",
    "at",
    ",",
];

/// Words dropped wherever they are.
const FILLER: &[&str] = &[
    "please", "the", "kindly", "just", "now", "hey", "mesh,", "ok",
];

/// Words around capabilities that are not capabilities.
const CAPS_FILLER: &[&str] = &[
    "only", "work", "tasks", "task", "duty", "duties", "jobs", "job", "just", "from", "on",
];

type Build = fn(&Captured) -> MeshOperation;

fn every_agent_tokens(c: &Captured) -> MeshOperation {
    budget(BudgetScope::EveryAgent, None, None, c.tokens)
}

/// The patterns, in the order they are tried.
const PATTERNS: &[(&str, Build)] = &[
    // The queue.
    (
        "pause|hold|freeze|stop queue|dispatch|dispatching *",
        |_| MeshOperation::PauseQueue,
    ),
    ("pause|hold|freeze all? work|everything", |_| {
        MeshOperation::PauseQueue
    }),
    ("pause", |_| MeshOperation::PauseQueue),
    (
        "resume|unpause|unfreeze|restart queue|dispatch|dispatching *",
        |_| MeshOperation::ResumeQueue,
    ),
    ("start queue|dispatch|dispatching again? *", |_| {
        MeshOperation::ResumeQueue
    }),
    ("resume|unpause|unfreeze all? work|everything", |_| {
        MeshOperation::ResumeQueue
    }),
    ("resume|unpause", |_| MeshOperation::ResumeQueue),
    // Tasks.
    ("cancel|kill|abort|drop task? {task}", cancel),
    ("stop task {task}", cancel),
    // Budgets (before the agent phrases: "cap rex at $5" is not a drain).
    (
        "cap|limit each|every|per|per-agent agent|agents? at|to {tokens} daily?",
        every_agent_tokens,
    ),
    (
        "cap|limit each|every|per|per-agent agent|agents? at|to {usd} daily?",
        |c| budget(BudgetScope::EveryAgent, None, c.usd, None),
    ),
    (
        "set each|every|per|per-agent agent|agents? daily? token? budget|cap|limit to {tokens} daily?",
        every_agent_tokens,
    ),
    (
        "set each|every|per|per-agent agent|agents? daily? budget|cap|limit to {usd} daily?",
        |c| budget(BudgetScope::EveryAgent, None, c.usd, None),
    ),
    ("set daily? agent budget|cap|limit to {usd} daily?", |c| {
        budget(BudgetScope::EveryAgent, None, c.usd, None)
    }),
    (
        "set mesh|total|overall? daily? spending? budget|cap|limit to {usd} daily?",
        |c| budget(BudgetScope::Mesh, None, c.usd, None),
    ),
    (
        "cap|limit mesh|spending|spend|total|everything at|to {usd} daily?",
        |c| budget(BudgetScope::Mesh, None, c.usd, None),
    ),
    ("cap|limit agent? {agent} at|to {tokens} daily?", |c| {
        budget(BudgetScope::Agent, c.agent.clone(), None, c.tokens)
    }),
    ("cap|limit agent? {agent} at|to {usd} daily?", |c| {
        budget(BudgetScope::Agent, c.agent.clone(), c.usd, None)
    }),
    (
        "set agent? {agent} daily? token budget|cap|limit to {tokens} daily?",
        |c| budget(BudgetScope::Agent, c.agent.clone(), None, c.tokens),
    ),
    (
        "set agent? {agent} daily? budget|cap|limit to {tokens} daily?",
        |c| budget(BudgetScope::Agent, c.agent.clone(), None, c.tokens),
    ),
    (
        "set agent? {agent} daily? budget|cap|limit to {usd} daily?",
        |c| budget(BudgetScope::Agent, c.agent.clone(), c.usd, None),
    ),
    (
        "set daily? budget|cap|limit of|for agent? {agent} to {usd} daily?",
        |c| budget(BudgetScope::Agent, c.agent.clone(), c.usd, None),
    ),
    ("give agent? {agent} {usd} daily", |c| {
        budget(BudgetScope::Agent, c.agent.clone(), c.usd, None)
    }),
    // Slots.
    (
        "set agent? {agent} max? concurrent|slots|slot to|at|= {n}",
        set_slots,
    ),
    (
        "set max? concurrent|slots|slot for|of|on agent? {agent} to|at|= {n}",
        set_slots,
    ),
    (
        "give agent? {agent} {n} concurrent? slots|slot|tasks|jobs *",
        set_slots,
    ),
    (
        "let agent? {agent} run|take|do {n} tasks|jobs? at|in? once|parallel|time|concurrently *",
        set_slots,
    ),
    (
        "limit agent? {agent} to {n} concurrent? slots|slot|tasks|task|jobs|job *",
        set_slots,
    ),
    ("agent? {agent} max? concurrent|slots to|= {n}", set_slots),
    // Capabilities.
    (
        "set agent? {agent} capabilities|capability|caps to|= {caps}",
        set_caps,
    ),
    (
        "set capabilities|capability|caps of|for|on agent? {agent} to|= {caps}",
        set_caps,
    ),
    (
        "give agent? {agent} capabilities|capability|caps {caps}",
        set_caps,
    ),
    (
        "move|switch|restrict|assign|put|change agent? {agent} to|on|onto {caps}",
        set_caps,
    ),
    (
        "agent? {agent} should? can|may|will? only? do|does|handle|handles {caps}",
        set_caps,
    ),
    ("make agent? {agent} only? do|handle {caps}", set_caps),
    // Drain.
    ("drain agent? {agent} *", drain),
    ("take agent? {agent} offline|down|out|off-line *", drain),
    ("put agent? {agent} in|into|on maintenance *", drain),
    ("put agent? {agent} offline *", drain),
    (
        "stop sending|giving work|tasks|jobs to agent? {agent} *",
        drain,
    ),
    ("pause agent? {agent} *", drain),
    ("agent? {agent} offline|down *", drain),
    ("agent? {agent} is? goes|going offline|down *", drain),
    // Undrain.
    ("undrain agent? {agent} *", undrain),
    ("bring agent? {agent} back|online *", undrain),
    ("put|take agent? {agent} back *", undrain),
    ("resume|unpause agent? {agent} *", undrain),
    (
        "start|resume sending|giving work|tasks|jobs to agent? {agent} *",
        undrain,
    ),
    ("agent? {agent} is? back *", undrain),
    ("agent? {agent} is? online", undrain),
];

fn budget(
    scope: BudgetScope,
    agent: Option<String>,
    usd: Option<f64>,
    tokens: Option<i64>,
) -> MeshOperation {
    MeshOperation::SetBudget {
        scope,
        agent,
        daily_usd: usd,
        daily_tokens: tokens,
    }
}

fn cancel(c: &Captured) -> MeshOperation {
    MeshOperation::CancelTask {
        task: c.task.clone().unwrap_or_default(),
    }
}

fn set_slots(c: &Captured) -> MeshOperation {
    MeshOperation::SetSlots {
        agent: c.agent.clone().unwrap_or_default(),
        slots: c.n.unwrap_or_default(),
    }
}

fn set_caps(c: &Captured) -> MeshOperation {
    MeshOperation::SetCapabilities {
        agent: c.agent.clone().unwrap_or_default(),
        capabilities: c.caps.clone(),
    }
}

fn drain(c: &Captured) -> MeshOperation {
    MeshOperation::Drain {
        agent: c.agent.clone().unwrap_or_default(),
    }
}

fn undrain(c: &Captured) -> MeshOperation {
    MeshOperation::Undrain {
        agent: c.agent.clone().unwrap_or_default(),
    }
}

/// Read one sentence. Never panics; see the module docs.
pub fn read(sentence: &str) -> Reading {
    let words = words(sentence);
    if words.is_empty() {
        return Reading::Unread;
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    for (pattern, build) in PATTERNS {
        let items = items(pattern);
        if let Some(c) = matches(&items, &words, Captured::default()) {
            return match build(&c).normalized() {
                Ok(op) => Reading::Operation(op),
                Err(why) => Reading::Invalid(why),
            };
        }
    }
    Reading::Unread
}

/// The sentence as the patterns see it (see the module docs).
fn words(sentence: &str) -> Vec<String> {
    let lower = sentence.to_lowercase().replace(['’', '‘'], "'");
    // Separators become words of their own; a comma between digits is a
    // thousands separator and goes.
    let mut spaced = String::with_capacity(lower.len() + 8);
    let chars: Vec<char> = lower.chars().collect();
    for (i, &ch) in chars.iter().enumerate() {
        let digit_at = |j: usize| chars.get(j).is_some_and(char::is_ascii_digit);
        match ch {
            ',' if i > 0 && digit_at(i - 1) && digit_at(i + 1) => {}
            ',' | ';' | '&' | '+' => spaced.push_str(" , "),
            '/' if chars.get(i + 1..i + 4) == Some(&['d', 'a', 'y'][..]) => {
                spaced.push_str(" per ")
            }
            '/' => spaced.push_str(" , "),
            c if c.is_whitespace() || c.is_control() => spaced.push(' '),
            c => spaced.push(c),
        }
    }
    let mut raw: Vec<String> = Vec::new();
    for w in spaced.split(' ').filter(|w| !w.is_empty()) {
        let w = w.trim_matches(|c: char| "\"'`()[]{}:!?.".contains(c));
        let w = w.strip_prefix('@').unwrap_or(w);
        let w = w.strip_suffix("'s").unwrap_or(w);
        if w.is_empty() || FILLER.contains(&w) {
            continue;
        }
        raw.push(synonym(w).to_string());
    }
    // Leading politeness: "can you", "could you", "would you", "i want to".
    while raw.len() > 2
        && matches!(raw[0].as_str(), "can" | "could" | "would" | "will")
        && raw[1] == "you"
    {
        raw.drain(..2);
    }
    merge_amounts(raw)
}

fn synonym(w: &str) -> &str {
    match w {
        "maximum" | "max." => "max",
        "max_concurrent" | "max-concurrent" => "concurrent",
        "concurrency" | "parallelism" => "concurrent",
        "zero" | "no" => "0",
        "one" => "1",
        "two" => "2",
        "three" => "3",
        "four" => "4",
        "five" => "5",
        "six" => "6",
        "seven" => "7",
        "eight" => "8",
        "nine" => "9",
        "ten" => "10",
        "twelve" => "12",
        "twenty" => "20",
        other => other,
    }
}

/// `5 dollars` → `$5`, `$ 5` → `$5`, `5$` → `$5`, `a day` / `per day` /
/// `each day` / `every day` / `per-day` → `daily`, `max concurrent` stays.
fn merge_amounts(raw: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let w = raw[i].as_str();
        let next = raw.get(i + 1).map(String::as_str);
        if w == "$" && next.is_some_and(is_number) {
            out.push(format!("${}", next.unwrap_or_default()));
            i += 2;
            continue;
        }
        if let Some(n) = w.strip_suffix('$').filter(|n| is_number(n)) {
            out.push(format!("${n}"));
            i += 1;
            continue;
        }
        if is_number(w) && matches!(next, Some("dollars" | "dollar" | "usd" | "bucks")) {
            out.push(format!("${w}"));
            i += 2;
            continue;
        }
        if matches!(w, "a" | "per" | "each" | "every") && next == Some("day") {
            out.push("daily".into());
            i += 2;
            continue;
        }
        if matches!(w, "per-day" | "a-day") {
            out.push("daily".into());
            i += 1;
            continue;
        }
        out.push(raw[i].clone());
        i += 1;
    }
    out
}

fn is_number(w: &str) -> bool {
    !w.is_empty() && w.parse::<f64>().is_ok_and(f64::is_finite)
}

/// What the pattern's placeholders took.
#[derive(Debug, Clone, Default)]
struct Captured {
    agent: Option<String>,
    task: Option<String>,
    n: Option<i64>,
    usd: Option<f64>,
    tokens: Option<i64>,
    caps: Vec<String>,
}

#[derive(Debug)]
enum Item<'p> {
    Words {
        any_of: Vec<&'p str>,
        optional: bool,
    },
    Agent,
    Task,
    Count,
    Usd,
    Tokens,
    Caps,
    Rest,
}

fn items(pattern: &str) -> Vec<Item<'_>> {
    pattern
        .split(' ')
        .map(|p| match p {
            "{agent}" => Item::Agent,
            "{task}" => Item::Task,
            "{n}" => Item::Count,
            "{usd}" => Item::Usd,
            "{tokens}" => Item::Tokens,
            "{caps}" => Item::Caps,
            "*" => Item::Rest,
            words => {
                let (words, optional) = match words.strip_suffix('?') {
                    Some(w) => (w, true),
                    None => (words, false),
                };
                Item::Words {
                    any_of: words.split('|').collect(),
                    optional,
                }
            }
        })
        .collect()
}

/// Whether `items` cover every word of `words`; the captures if so.
fn matches(items: &[Item<'_>], words: &[&str], mut c: Captured) -> Option<Captured> {
    let Some((item, rest)) = items.split_first() else {
        return words.is_empty().then_some(c);
    };
    match item {
        Item::Rest => Some(c),
        Item::Caps => {
            c.caps = capabilities(words)?;
            Some(c)
        }
        Item::Words { any_of, optional } => {
            if let Some((w, after)) = words.split_first()
                && any_of.contains(w)
                && let Some(done) = matches(rest, after, c.clone())
            {
                return Some(done);
            }
            if *optional {
                matches(rest, words, c)
            } else {
                None
            }
        }
        one => {
            let (w, after) = words.split_first()?;
            match one {
                Item::Agent => {
                    if NOT_AGENTS.contains(w) || !crate::ids::is_valid_id(w) {
                        return None;
                    }
                    c.agent = Some((*w).to_string());
                }
                Item::Task => {
                    if NOT_AGENTS.contains(w) || !crate::ids::is_valid_id(w) {
                        return None;
                    }
                    c.task = Some((*w).to_string());
                }
                Item::Count => c.n = Some(w.parse().ok()?),
                Item::Usd => {
                    let n = w.strip_prefix('$').unwrap_or(w);
                    c.usd = Some(n.parse::<f64>().ok().filter(|x| x.is_finite())?);
                }
                Item::Tokens => {
                    // "20000 tokens", "20k tokens": the word after must say tokens.
                    let (unit, after_unit) = after.split_first()?;
                    if !matches!(*unit, "tokens" | "token") {
                        return None;
                    }
                    c.tokens = Some(token_count(w)?);
                    return matches(rest, after_unit, c);
                }
                _ => return None,
            }
            matches(rest, after, c)
        }
    }
}

fn token_count(w: &str) -> Option<i64> {
    let (digits, times) = match w.strip_suffix('k') {
        Some(d) => (d, 1_000),
        None => match w.strip_suffix('m') {
            Some(d) => (d, 1_000_000),
            None => (w, 1),
        },
    };
    digits.parse::<i64>().ok()?.checked_mul(times)
}

/// The words after a "move rex to" as capabilities: lists split at `,`,
/// `and` and `or`; the words of one item joined with `-` ("code review" →
/// `code-review`); "only", "work" and the like dropped.
fn capabilities(words: &[&str]) -> Option<Vec<String>> {
    let mut caps = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for w in words.iter().copied().chain(std::iter::once(",")) {
        if matches!(w, "," | "and" | "or") {
            if !current.is_empty() {
                caps.push(current.join("-"));
                current.clear();
            }
        } else if !CAPS_FILLER.contains(&w) {
            current.push(w);
        }
    }
    let ok = !caps.is_empty() && caps.iter().all(|c| crate::ids::is_valid_name(c));
    ok.then_some(caps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(s: &str) -> MeshOperation {
        match read(s) {
            Reading::Operation(op) => op,
            other => panic!("{s:?} → {other:?}"),
        }
    }

    fn drain(a: &str) -> MeshOperation {
        MeshOperation::Drain { agent: a.into() }
    }

    fn undrain(a: &str) -> MeshOperation {
        MeshOperation::Undrain { agent: a.into() }
    }

    fn slots(a: &str, n: i64) -> MeshOperation {
        MeshOperation::SetSlots {
            agent: a.into(),
            slots: n,
        }
    }

    fn caps(a: &str, c: &[&str]) -> MeshOperation {
        MeshOperation::SetCapabilities {
            agent: a.into(),
            capabilities: c.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn usd(scope: BudgetScope, agent: Option<&str>, x: f64) -> MeshOperation {
        MeshOperation::SetBudget {
            scope,
            agent: agent.map(Into::into),
            daily_usd: Some(x),
            daily_tokens: None,
        }
    }

    fn tokens(scope: BudgetScope, agent: Option<&str>, n: i64) -> MeshOperation {
        MeshOperation::SetBudget {
            scope,
            agent: agent.map(Into::into),
            daily_usd: None,
            daily_tokens: Some(n),
        }
    }

    #[test]
    fn drain_phrasings() {
        for s in [
            "take crucible offline for maintenance",
            "drain crucible",
            "Drain agent Crucible.",
            "please take the crucible offline",
            "put crucible into maintenance",
            "put crucible in maintenance mode",
            "stop sending work to crucible",
            "pause agent crucible",
            "crucible is going offline for a reboot",
            "crucible goes down",
            "can you drain @crucible?",
            "take crucible down",
        ] {
            assert_eq!(op(s), drain("crucible"), "{s}");
        }
    }

    #[test]
    fn undrain_phrasings() {
        for s in [
            "bring crucible back",
            "undrain crucible",
            "bring crucible back online",
            "Bring Crucible online!",
            "put crucible back in rotation",
            "resume crucible",
            "crucible is back",
            "start sending work to crucible again",
        ] {
            assert_eq!(op(s), undrain("crucible"), "{s}");
        }
    }

    #[test]
    fn slot_phrasings() {
        for s in [
            "set archon max concurrent to 3",
            "give archon 3 slots",
            "set archon's max_concurrent to 3",
            "set the maximum concurrency of archon to three",
            "set slots for archon to 3",
            "let archon run 3 tasks at once",
            "limit archon to 3 concurrent tasks",
            "archon max concurrent = 3",
            "give agent archon three slots",
        ] {
            assert_eq!(op(s), slots("archon", 3), "{s}");
        }
        assert_eq!(op("give archon 1 slot"), slots("archon", 1));
        assert_eq!(op("give archon 0 slots"), slots("archon", 0));
    }

    #[test]
    fn capability_phrasings() {
        for s in [
            "move rex to code-review only",
            "move rex to code review only",
            "set rex capabilities to code-review",
            "rex can only do code-review",
            "switch rex to code-review work",
        ] {
            assert_eq!(op(s), caps("rex", &["code-review"]), "{s}");
        }
        for s in [
            "rex can do code-review and summarize",
            "rex can do summarize, code-review",
            "set capabilities of rex to code-review & summarize",
            "give rex capabilities code-review, summarize",
            "make rex do summarize or code-review",
        ] {
            assert_eq!(op(s), caps("rex", &["code-review", "summarize"]), "{s}");
        }
        assert_eq!(
            op("rex handles research, code_review and qa"),
            caps("rex", &["code_review", "qa", "research"])
        );
    }

    #[test]
    fn queue_phrasings() {
        for s in [
            "pause the queue",
            "Pause queue",
            "pause dispatching",
            "hold all work",
            "stop the queue for now",
            "pause",
        ] {
            assert_eq!(op(s), MeshOperation::PauseQueue, "{s}");
        }
        for s in [
            "resume the queue",
            "unpause the queue",
            "resume dispatch",
            "start the queue again",
            "resume",
            "resume all work",
        ] {
            assert_eq!(op(s), MeshOperation::ResumeQueue, "{s}");
        }
    }

    #[test]
    fn cancel_phrasings() {
        for s in [
            "cancel task 0a1b2c3d",
            "cancel 0a1b2c3d",
            "kill task 0A1B2C3D",
            "abort task: 0a1b2c3d",
            "stop task 0a1b2c3d",
            "please cancel the task 0a1b2c3d.",
        ] {
            assert_eq!(
                op(s),
                MeshOperation::CancelTask {
                    task: "0a1b2c3d".into()
                },
                "{s}"
            );
        }
    }

    #[test]
    fn budget_phrasings() {
        for s in [
            "set the daily budget to $20",
            "set daily budget to 20 dollars",
            "set the mesh budget to $20 a day",
            "cap spending at $20 per day",
            "set the budget to 20$ daily",
            "cap the mesh at $20/day",
        ] {
            assert_eq!(op(s), usd(BudgetScope::Mesh, None, 20.0), "{s}");
        }
        for s in [
            "cap rex at $5 a day",
            "limit rex to 5 dollars per day",
            "set rex's daily budget to $5",
            "give rex $5 a day",
            "set the daily budget for rex to $5",
            "cap agent rex at $5",
        ] {
            assert_eq!(op(s), usd(BudgetScope::Agent, Some("rex"), 5.0), "{s}");
        }
        assert_eq!(
            op("cap rex at 20,000 tokens a day"),
            tokens(BudgetScope::Agent, Some("rex"), 20_000)
        );
        assert_eq!(
            op("set rex token budget to 20k tokens"),
            tokens(BudgetScope::Agent, Some("rex"), 20_000)
        );
        for s in [
            "cap each agent at $2.50 a day",
            "set the per-agent budget to $2.50",
            "set every agent's daily cap to $2.50",
            "set the agent budget to $2.50",
        ] {
            assert_eq!(op(s), usd(BudgetScope::EveryAgent, None, 2.5), "{s}");
        }
        assert_eq!(
            op("cap every agent at 100000 tokens per day"),
            tokens(BudgetScope::EveryAgent, None, 100_000)
        );
    }

    #[test]
    fn unknown_sentences_are_unread() {
        for s in [
            "",
            "   ",
            "what is the weather",
            "write me a poem about crucible",
            "drain",
            "set archon to three",
            "give archon many slots",
            "cap rex",
            "move rex to",
            "🚀🚀",
            "cancel",
            "take the queue",
            "rex takes a break",
            "crucible needs a rest, keep work off it",
        ] {
            assert_eq!(read(s), Reading::Unread, "{s:?}");
        }
    }

    #[test]
    fn known_phrasings_with_bad_values_say_why() {
        let Reading::Invalid(why) = read("give archon 100000 slots") else {
            panic!("not invalid");
        };
        assert!(why.contains("slots"), "{why}");
        // An agent name too long for an id is no name at all.
        let long = format!("drain {}", "a".repeat(65));
        assert_eq!(read(&long), Reading::Unread);
    }

    #[test]
    fn garbage_never_panics() {
        let tricky = "  Take\u{3000}Crucible’s  offline,, $ $$ 5$ 1,2,3 /day — 🚀 \u{0}";
        for (i, _) in tricky.char_indices() {
            let _ = read(&tricky[..i]);
            let _ = read(&tricky[i..]);
        }
        let _ = read(&"drain ".repeat(10_000));
    }
}
