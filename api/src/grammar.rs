//! The operator's command grammar (ARCHITECTURE.md, "Operator commands"), parsed once for every
//! surface: the iMessage bridge feeds it a text message, the CLI its
//! `m3shd text "LINE"` argument; `m3shd-client` runs the result.
//!
//! | line                     | command                                   |
//! |--------------------------|-------------------------------------------|
//! | `status`                 | agents online/offline, active task counts |
//! | `tasks`                  | the 10 most recent tasks                  |
//! | `@context`               | every shared context entry                |
//! | `@context key=value`     | set one entry (`key = value` works too)   |
//! | `@AGENT text`            | a task for that agent                     |
//! | `approve [ID]`           | approve ID, or the most recent request    |
//! | `reject [ID]`            | reject ID, or the most recent request     |
//! | `retry ID`               | run a failed or cancelled task again      |
//! | `pending`                | pending approval requests                 |
//! | `costs` / `@costs`       | today's tokens and spend per agent        |
//! | `escalations`            | open escalations                          |
//! | `do TEXT`                | a task                                    |
//! | `auto GOAL`              | plan the goal into 2–5 subtasks, run them |
//! | `summary`                | recent results                            |
//! | `help` / `?`             | these commands, one line each             |
//! | `budget`                 | the daily spending caps in force          |
//! | `budget set KEY VALUE`   | set one cap (`budget unset KEY` removes)  |
//! | `control SENTENCE`       | plan a mesh operation from a sentence     |
//! | `control! SENTENCE`      | carry that operation out                  |
//! | anything else            | chat                                      |
//!
//! Command words are case-insensitive and spacing is free (leading,
//! trailing and repeated spaces or tabs). The bare words (`status`,
//! `tasks`, `pending`, `costs`, `escalations`, `summary`, `budget`) are
//! commands only on their own: `status of the build?` is chat, and so is
//! `budget` followed by anything but `show`, `set` or `unset`. Parsing never fails: a
//! line that names a command but misuses it becomes [`Command::Usage`].
//! `tasks`, `pending`, `costs`, `escalations`, `summary`) are commands only
//! on their own: `status of the build?` is chat. Parsing never fails: a
//! line that names a command but misuses it becomes [`Command::Usage`],
//! and so does one whose arguments are out of bounds ([`check`]: ids,
//! context keys and text lengths), so nothing malformed reaches the hub.

use serde::{Deserialize, Serialize};

use crate::{ids, limits};

/// Longest agent name `@AGENT` accepts (agent ids are short).
pub const MAX_AGENT_NAME: usize = 64;
/// Longest `auto` goal, in bytes: the planning task's prompt also carries
/// the planner's instructions.
pub const MAX_GOAL_BYTES: usize = limits::MAX_PROMPT_BYTES / 2;

/// What the grammar understands, for replies to empty or misused lines.
pub const USAGE: &str = "commands: status · tasks · @context [key=value] · @AGENT text · \
approve [ID] · reject [ID] · retry ID · pending · costs · escalations · do TEXT · auto GOAL · \
summary · budget [set KEY VALUE | unset KEY] · control SENTENCE · help · anything else is chat";

/// Every command with what it does, one line each: the reply to `help`.
pub const HELP: &[(&str, &str)] = &[
    ("status", "agents with their state and load, task counts"),
    ("tasks", "the 10 most recent tasks"),
    ("@context", "every shared context entry"),
    ("@context key=value", "set a shared context entry"),
    ("@AGENT text", "a task for that agent"),
    ("do TEXT", "a task for any agent that takes general work"),
    ("auto GOAL", "plan the goal into 2–5 subtasks and run them"),
    ("approve [ID]", "approve ID, or the most recent request"),
    ("reject [ID]", "reject ID, or the most recent request"),
    ("retry ID", "run a failed or cancelled task again"),
    ("pending", "pending approval requests"),
    ("costs", "today's tokens and spend per agent"),
    ("escalations", "open escalations"),
    ("summary", "recent results"),
    ("budget", "the daily spending caps in force"),
    (
        "budget set KEY VALUE",
        "set one cap (mesh-usd, agent-usd[:AGENT], agent-tokens[:AGENT])",
    ),
    ("budget unset KEY", "remove one cap"),
    (
        "control SENTENCE",
        "plan a mesh operation (drain rex, pause the queue, …)",
    ),
    ("control! SENTENCE", "carry that operation out"),
    ("help", "this list"),
    ("anything else", "a chat with the mesh"),
];

/// One parsed line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// An empty or blank line: reply with [`USAGE`].
    Empty,
    /// A command word used wrongly (`do` without text, ...): reply with
    /// the message, run nothing.
    Usage {
        message: String,
    },
    Status,
    Tasks,
    /// `@context`: show every entry.
    ContextShow,
    /// `@context key=value`.
    ContextSet {
        key: String,
        value: String,
    },
    /// `@AGENT text`: a task assigned to that agent (name lowercased).
    Ask {
        agent: String,
        text: String,
    },
    /// `approve [ID]`; no id means the most recent pending request.
    Approve {
        id: Option<String>,
    },
    /// `reject [ID]`; no id means the most recent pending request.
    Reject {
        id: Option<String>,
    },
    /// `retry ID`: run a failed or cancelled task again from scratch.
    Retry {
        id: String,
    },
    Pending,
    Costs,
    Escalations,
    /// `do TEXT`: a task with no capability requirement.
    Do {
        text: String,
    },
    /// `auto GOAL`: decompose into 2–5 subtasks and dispatch them.
    Auto {
        goal: String,
    },
    Summary,
    /// `help` or `?`: the commands, one line each ([`HELP`]).
    Help,
    /// `budget` or `budget show`: the daily caps in force.
    BudgetShow,
    /// `budget set KEY VALUE`: one cap (see [`crate::BudgetKey`]).
    BudgetSet {
        key: String,
        value: String,
    },
    /// `budget unset KEY`: remove one cap.
    BudgetUnset {
        key: String,
    },
    /// `control SENTENCE`: the mesh operation the sentence means, as a
    /// plan (see [`crate::mesh_phrases`]); `control! SENTENCE` carries it
    /// out at once.
    Control {
        text: String,
        #[serde(default)]
        execute: bool,
    },
    /// Anything else: free-form conversation.
    Chat {
        text: String,
    },
}

impl Command {
    /// The grammar's name of the command (`status`, `context_set`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Command::Empty => "empty",
            Command::Usage { .. } => "usage",
            Command::Status => "status",
            Command::Tasks => "tasks",
            Command::ContextShow => "context_get",
            Command::ContextSet { .. } => "context_set",
            Command::Ask { .. } => "agent_message",
            Command::Approve { .. } => "approve",
            Command::Reject { .. } => "reject",
            Command::Retry { .. } => "retry",
            Command::Pending => "pending",
            Command::Costs => "costs",
            Command::Escalations => "escalations",
            Command::Do { .. } => "do",
            Command::Auto { .. } => "auto",
            Command::Summary => "summary",
            Command::Help => "help",
            Command::BudgetShow => "budget_show",
            Command::BudgetSet { .. } => "budget_set",
            Command::BudgetUnset { .. } => "budget_unset",
            Command::Control { .. } => "control",
            Command::Chat { .. } => "chat",
        }
    }
}

/// Whitespace for the grammar: Unicode whitespace and ASCII control
/// characters (a stray `\0` or `\x1b` separates words, it is not part of one).
fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// Split off the first word; the rest is trimmed but keeps its inner text.
fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim_matches(is_space);
    match s.find(is_space) {
        Some(i) => (&s[..i], s[i..].trim_matches(is_space)),
        None => (s, ""),
    }
}

/// A valid `@AGENT` name, lowercased: 1–64 of `[a-z0-9-]` after
/// lowercasing (ASCII only).
pub fn agent_name(raw: &str) -> Option<String> {
    let name = raw.to_ascii_lowercase();
    let ok = !name.is_empty()
        && name.len() <= MAX_AGENT_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then_some(name)
}

fn usage(message: &str) -> Command {
    Command::Usage {
        message: message.to_string(),
    }
}

/// Parse one line. Never fails and never panics; see the module docs.
pub fn parse(line: &str) -> Command {
    check(parse_words(line))
}

/// `s` cut to `max` characters for a message.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

/// An id argument, lowercased (`AP-1F` is `ap-1f`); `what` names it.
fn id_arg(raw: &str, what: &str) -> Result<String, String> {
    let id = raw.to_ascii_lowercase();
    if ids::is_valid_id(&id) {
        Ok(id)
    } else {
        Err(format!(
            "`{}` is not {what} id ([a-z0-9-], at most 64 characters)",
            clip(raw, 24).escape_debug()
        ))
    }
}

fn text_arg(text: &str, what: &str, max: usize) -> Result<(), String> {
    if text.len() > max {
        Err(format!(
            "{what} is {} bytes; at most {max} are accepted",
            text.len()
        ))
    } else {
        Ok(())
    }
}

/// A command with its arguments normalised (ids, agent names and context
/// keys lowercased) and checked against the hub's limits; one that fails
/// becomes [`Command::Usage`] naming the argument. [`parse`] applies it;
/// surfaces that build a [`Command`] themselves apply it before running.
pub fn check(cmd: Command) -> Command {
    let checked = match cmd {
        Command::Approve { id: Some(id) } => {
            id_arg(&id, "an approval").map(|id| Command::Approve { id: Some(id) })
        }
        Command::Reject { id: Some(id) } => {
            id_arg(&id, "an approval").map(|id| Command::Reject { id: Some(id) })
        }
        Command::Retry { id } => id_arg(&id, "a task").map(|id| Command::Retry { id }),
        Command::Ask { agent, text } => match agent_name(&agent) {
            None => Err(format!(
                "`{}` is not an agent name ([a-z0-9-], at most {MAX_AGENT_NAME})",
                clip(&agent, 24).escape_debug()
            )),
            Some(agent) => text_arg(&text, "the task text", limits::MAX_PROMPT_BYTES)
                .map(|()| Command::Ask { agent, text }),
        },
        Command::Do { text } => text_arg(&text, "the task text", limits::MAX_PROMPT_BYTES)
            .map(|()| Command::Do { text }),
        Command::Auto { goal } => {
            text_arg(&goal, "the goal", MAX_GOAL_BYTES).map(|()| Command::Auto { goal })
        }
        Command::Chat { text } => text_arg(&text, "the message", limits::MAX_MESSAGE_BYTES)
            .map(|()| Command::Chat { text }),
        Command::Control { text, execute } => text_arg(
            &text,
            "the sentence",
            crate::mesh_control::MAX_MESH_CONTROL_TEXT_BYTES,
        )
        .map(|()| Command::Control { text, execute }),
        Command::ContextSet { key, value } => {
            let lower = key.to_ascii_lowercase();
            if !ids::is_valid_name(&lower) {
                Err(format!(
                    "`{}` is not a context key ([a-z0-9_.-], at most 64 characters)",
                    clip(&key, 24).escape_debug()
                ))
            } else {
                text_arg(&value, "the value", limits::MAX_CONTEXT_VALUE_BYTES)
                    .map(|()| Command::ContextSet { key: lower, value })
            }
        }
        other => Ok(other),
    };
    checked.unwrap_or_else(|message| Command::Usage { message })
}

fn parse_words(line: &str) -> Command {
    let text = line.trim_matches(is_space);
    if text.is_empty() {
        return Command::Empty;
    }
    let (word, rest) = split_word(text);
    let lower = word.to_lowercase();
    let chat = || Command::Chat {
        text: text.to_string(),
    };
    match lower.as_str() {
        "status" if rest.is_empty() => Command::Status,
        "tasks" if rest.is_empty() => Command::Tasks,
        "pending" if rest.is_empty() => Command::Pending,
        "costs" | "@costs" if rest.is_empty() => Command::Costs,
        "escalations" if rest.is_empty() => Command::Escalations,
        "summary" if rest.is_empty() => Command::Summary,
        "help" | "?" if rest.is_empty() => Command::Help,
        "retry" => match split_word(rest) {
            ("", _) => usage("usage: retry ID (a failed or cancelled task)"),
            (id, "") => Command::Retry { id: id.to_string() },
            _ => usage("usage: retry ID (a failed or cancelled task)"),
        },
        "approve" | "reject" => {
            let id = match split_word(rest) {
                ("", _) => None,
                (id, "") => Some(id.to_string()),
                _ => return usage(&format!("usage: {lower} [ID]")),
            };
            if lower == "approve" {
                Command::Approve { id }
            } else {
                Command::Reject { id }
            }
        }
        "do" if rest.is_empty() => usage("usage: do TEXT (what to do)"),
        "do" => Command::Do {
            text: rest.to_string(),
        },
        "auto" if rest.is_empty() => usage("usage: auto GOAL (a goal to plan into subtasks)"),
        "auto" => Command::Auto {
            goal: rest.to_string(),
        },
        "@context" => parse_context(rest),
        "control" | "control!" if rest.is_empty() => usage(&format!(
            "usage: {lower} SENTENCE (drain rex, give archon 3 slots, pause the queue, …)"
        )),
        "control" | "control!" => Command::Control {
            text: rest.to_string(),
            execute: lower == "control!",
        },
        "budget" => parse_budget(rest).unwrap_or_else(chat),
        _ => match lower.strip_prefix('@').and_then(agent_name) {
            Some(agent) if rest.is_empty() => usage(&format!("usage: @{agent} TEXT")),
            Some(agent) => Command::Ask {
                agent,
                text: rest.to_string(),
            },
            None => chat(),
        },
    }
}

/// `budget [show | set KEY VALUE | unset KEY]`; `None` when the line is
/// not about the caps at all (then it is chat).
fn parse_budget(rest: &str) -> Option<Command> {
    const SET: &str = "usage: budget set KEY VALUE (KEY: mesh-usd, agent-usd, agent-tokens, \
                       agent-usd:AGENT, agent-tokens:AGENT)";
    const UNSET: &str = "usage: budget unset KEY (KEY: mesh-usd, agent-usd, agent-tokens, \
                         agent-usd:AGENT, agent-tokens:AGENT)";
    let (verb, args) = split_word(rest);
    let checked = |key: &str, value: Option<&str>, usage_line: &str| match key
        .parse::<crate::BudgetKey>()
        .and_then(|k| k.change(value))
    {
        Ok(_) => None,
        Err(e) => Some(usage(&format!("{e}\n{usage_line}"))),
    };
    Some(match verb.to_lowercase().as_str() {
        "" | "show" if args.is_empty() => Command::BudgetShow,
        "show" => usage("usage: budget [show]"),
        "set" => match split_word(args) {
            (key, value) if !key.is_empty() && !value.is_empty() && !value.contains(is_space) => {
                if let Some(bad) = checked(key, Some(value), SET) {
                    return Some(bad);
                }
                Command::BudgetSet {
                    key: key.to_ascii_lowercase(),
                    value: value.to_string(),
                }
            }
            _ => usage(SET),
        },
        "unset" => match split_word(args) {
            (key, "") if !key.is_empty() => {
                if let Some(bad) = checked(key, None, UNSET) {
                    return Some(bad);
                }
                Command::BudgetUnset {
                    key: key.to_ascii_lowercase(),
                }
            }
            _ => usage(UNSET),
        },
        _ => return None,
    })
}

fn parse_context(rest: &str) -> Command {
    if rest.is_empty() {
        return Command::ContextShow;
    }
    let Some((key, value)) = rest.split_once('=') else {
        return usage("usage: @context (show all) or @context key=value (set)");
    };
    let key = key.trim_matches(is_space);
    if key.is_empty() || key.contains(is_space) {
        return usage("usage: @context key=value (the key is one word)");
    }
    Command::ContextSet {
        key: key.to_string(),
        value: value.trim_matches(is_space).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(s: &str) -> Command {
        Command::Chat { text: s.into() }
    }
    fn is_usage(c: &Command) -> bool {
        matches!(c, Command::Usage { .. })
    }

    #[test]
    fn every_form_parses() {
        let table: Vec<(&str, Command)> = vec![
            ("status", Command::Status),
            ("tasks", Command::Tasks),
            ("@context", Command::ContextShow),
            (
                "@context repo=m3shd",
                Command::ContextSet {
                    key: "repo".into(),
                    value: "m3shd".into(),
                },
            ),
            (
                "@context repo = m3shd main",
                Command::ContextSet {
                    key: "repo".into(),
                    value: "m3shd main".into(),
                },
            ),
            (
                "@context url=http://x/?a=b",
                Command::ContextSet {
                    key: "url".into(),
                    value: "http://x/?a=b".into(),
                },
            ),
            (
                "@context empty=",
                Command::ContextSet {
                    key: "empty".into(),
                    value: "".into(),
                },
            ),
            (
                "@rex fix the build",
                Command::Ask {
                    agent: "rex".into(),
                    text: "fix the build".into(),
                },
            ),
            (
                "@worker-2 run it",
                Command::Ask {
                    agent: "worker-2".into(),
                    text: "run it".into(),
                },
            ),
            ("approve", Command::Approve { id: None }),
            (
                "approve abc123",
                Command::Approve {
                    id: Some("abc123".into()),
                },
            ),
            ("reject", Command::Reject { id: None }),
            (
                "reject abc123",
                Command::Reject {
                    id: Some("abc123".into()),
                },
            ),
            (
                "retry 0123456789abcdef",
                Command::Retry {
                    id: "0123456789abcdef".into(),
                },
            ),
            ("pending", Command::Pending),
            ("costs", Command::Costs),
            ("@costs", Command::Costs),
            ("escalations", Command::Escalations),
            (
                "do write the release notes",
                Command::Do {
                    text: "write the release notes".into(),
                },
            ),
            (
                "auto ship v2 and tell the team",
                Command::Auto {
                    goal: "ship v2 and tell the team".into(),
                },
            ),
            ("summary", Command::Summary),
            ("help", Command::Help),
            ("  HELP ", Command::Help),
            ("?", Command::Help),
            ("budget", Command::BudgetShow),
            ("budget show", Command::BudgetShow),
            (
                "budget set mesh-usd 5",
                Command::BudgetSet {
                    key: "mesh-usd".into(),
                    value: "5".into(),
                },
            ),
            (
                "Budget SET Agent-Tokens:rex 20000",
                Command::BudgetSet {
                    key: "agent-tokens:rex".into(),
                    value: "20000".into(),
                },
            ),
            (
                "budget unset agent-usd",
                Command::BudgetUnset {
                    key: "agent-usd".into(),
                },
            ),
            (
                "control take crucible offline",
                Command::Control {
                    text: "take crucible offline".into(),
                    execute: false,
                },
            ),
            (
                "CONTROL  pause the queue ",
                Command::Control {
                    text: "pause the queue".into(),
                    execute: false,
                },
            ),
            (
                "control! pause the queue",
                Command::Control {
                    text: "pause the queue".into(),
                    execute: true,
                },
            ),
            ("how are you?", chat("how are you?")),
        ];
        for (line, want) in table {
            assert_eq!(parse(line), want, "line {line:?}");
        }
    }

    #[test]
    fn case_and_spacing_are_free() {
        let table: Vec<(&str, Command)> = vec![
            ("STATUS", Command::Status),
            ("  Status  ", Command::Status),
            ("\tTasks\t", Command::Tasks),
            ("@CONTEXT", Command::ContextShow),
            (
                "  @Context\tKey  =   some value  ",
                Command::ContextSet {
                    key: "key".into(),
                    value: "some value".into(),
                },
            ),
            (
                "@Rex   Fix   it ",
                Command::Ask {
                    agent: "rex".into(),
                    text: "Fix   it".into(),
                },
            ),
            ("APPROVE", Command::Approve { id: None }),
            (
                " reject \t ID-9 ",
                Command::Reject {
                    id: Some("id-9".into()),
                },
            ),
            (
                "Retry  FFFF0000AAAA1111",
                Command::Retry {
                    id: "ffff0000aaaa1111".into(),
                },
            ),
            ("Pending\n", Command::Pending),
            ("@COSTS", Command::Costs),
            ("CoStS", Command::Costs),
            ("Escalations ", Command::Escalations),
            (
                "DO  echo hi",
                Command::Do {
                    text: "echo hi".into(),
                },
            ),
            (
                "do\techo\thi",
                Command::Do {
                    text: "echo\thi".into(),
                },
            ),
            (
                "Auto  launch",
                Command::Auto {
                    goal: "launch".into(),
                },
            ),
            ("SUMMARY", Command::Summary),
            ("  hello   there ", chat("hello   there")),
        ];
        for (line, want) in table {
            assert_eq!(parse(line), want, "line {line:?}");
        }
    }

    #[test]
    fn bare_words_with_more_text_are_chat() {
        for line in [
            "status of the build?",
            "tasks for tomorrow",
            "pending what",
            "costs too much",
            "summary please",
            "escalations? any?",
            "help me write a poem",
            "? what is this",
            "budget is tight this month",
        ] {
            assert_eq!(parse(line), chat(line), "line {line:?}");
        }
    }

    #[test]
    fn empty_and_misused_lines_get_usage() {
        for line in ["", " ", "\t\t", "\n", "\r\n", "\u{1b}"] {
            assert_eq!(parse(line), Command::Empty, "line {line:?}");
        }
        for line in [
            "do",
            "DO   ",
            "auto",
            "auto \t",
            "@rex",
            "@Rex  ",
            "approve a b",
            "reject one two three",
            "@context justakey",
            "@context =value",
            "@context two words=x",
            "budget set",
            "budget set mesh-usd",
            "budget set mesh-usd five",
            "budget set mesh-usd 5 6",
            "budget set tokens 5",
            "budget unset",
            "budget unset mesh-usd now",
            "budget unset agent-tokens:R!",
            "budget show all",
            "retry",
            "retry a b",
            "control",
            "control  ",
            "control!",
        ] {
            assert!(is_usage(&parse(line)), "line {line:?} → {:?}", parse(line));
        }
    }

    #[test]
    fn garbage_never_panics_and_falls_to_chat() {
        assert_eq!(parse("@"), chat("@"));
        assert_eq!(parse("@@x"), chat("@@x"));
        assert_eq!(parse("@@x hi"), chat("@@x hi"));
        assert_eq!(parse("@ rex hi"), chat("@ rex hi"));
        assert_eq!(parse("@ré hi"), chat("@ré hi"));
        assert_eq!(parse("@rex! hi"), chat("@rex! hi"));
        assert_eq!(parse("héllo wörld 🌍"), chat("héllo wörld 🌍"));
        assert_eq!(parse("🚀"), chat("🚀"));
        assert_eq!(parse("ＳＴＡＴＵＳ"), chat("ＳＴＡＴＵＳ"));
        // Control characters separate words and are trimmed.
        assert_eq!(parse("\u{0}status\u{7}"), Command::Status);
        assert_eq!(
            parse("do\u{0}echo"),
            Command::Do {
                text: "echo".into()
            }
        );
        // Agent names are bounded.
        let long_agent = format!("@{} hi", "a".repeat(MAX_AGENT_NAME + 1));
        assert_eq!(parse(&long_agent), chat(&long_agent));
        let ok_agent = format!("@{} hi", "a".repeat(MAX_AGENT_NAME));
        assert!(matches!(parse(&ok_agent), Command::Ask { .. }));
        // Very long lines are refused before anything is sent; lines
        // within the limits are kept whole.
        let long = "x".repeat(200_000);
        assert!(is_usage(&parse(&long)));
        assert!(is_usage(&parse(&format!("do {long}"))));
        let max = "x".repeat(limits::MAX_PROMPT_BYTES);
        assert_eq!(
            parse(&format!("do {max}")),
            Command::Do { text: max.clone() }
        );
        // Turkish dotted I and other case-mapping oddities do not panic.
        for line in [
            "İSTATUS",
            "ǅo x",
            "\u{130}",
            "@\u{130} x",
            "ß",
            "\u{feff}status",
        ] {
            let _ = parse(line);
        }
        // Every prefix of a multi-byte line parses (no slicing on a byte).
        let tricky = "  @Rex\t\u{3000}héllo = wörld 🌍 \u{0}";
        for (i, _) in tricky.char_indices() {
            let _ = parse(&tricky[..i]);
            let _ = parse(&tricky[i..]);
        }
    }

    #[test]
    fn arguments_out_of_bounds_are_usage_naming_the_argument() {
        let long = "a".repeat(100_000);
        for (line, names) in [
            (format!("approve {long}"), "approval id"),
            (format!("reject {long}"), "approval id"),
            (format!("retry {long}"), "task id"),
            ("approve a/b".to_string(), "approval id"),
            ("retry ../x".to_string(), "task id"),
            (format!("@context {long}=1"), "context key"),
            ("@context a/b=1".to_string(), "context key"),
            (format!("@context k={long}"), "the value"),
            (format!("@rex {long}"), "the task text"),
            (format!("do {long}"), "the task text"),
            (
                format!("auto {}", "g".repeat(MAX_GOAL_BYTES + 1)),
                "the goal",
            ),
            (format!("{long} {long}"), "the message"),
            (format!("control {long}"), "the sentence"),
        ] {
            let Command::Usage { message } = parse(&line) else {
                panic!("`{}…` was not refused", &line[..20]);
            };
            assert!(message.contains(names), "{message}");
            // The message stays short enough for a phone.
            assert!(message.len() < 200, "{message}");
        }
        // Commands built elsewhere (CLI subcommands) get the same check.
        assert!(is_usage(&check(Command::Retry { id: long.clone() })));
        assert!(is_usage(&check(Command::Ask {
            agent: "no body".into(),
            text: "hi".into()
        })));
        assert_eq!(
            check(Command::Approve {
                id: Some("AP-1".into())
            }),
            Command::Approve {
                id: Some("ap-1".into())
            }
        );
        assert_eq!(check(Command::Status), Command::Status);
    }

    #[test]
    fn agent_names() {
        assert_eq!(agent_name("Rex").as_deref(), Some("rex"));
        assert_eq!(agent_name("w-1").as_deref(), Some("w-1"));
        assert_eq!(agent_name(""), None);
        assert_eq!(agent_name("a_b"), None);
        assert_eq!(agent_name("@x"), None);
    }

    #[test]
    fn commands_serialise_with_their_name() {
        let v = serde_json::to_value(Command::Approve { id: None }).unwrap();
        assert_eq!(v["command"], "approve");
        assert_eq!(Command::Costs.name(), "costs");
    }
}
