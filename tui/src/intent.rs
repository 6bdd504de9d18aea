//! Keys mapped to intents: what the operator means, independent of how the
//! state changes. `help` lists the same keys for the `?` overlay.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::state::Mode;
use crate::view::View;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    Quit,
    NextView,
    PrevView,
    Goto(View),
    ToggleHelp,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Left,
    Right,
    /// Enter: open the selection (a task, a DAG node).
    Open,
    /// Esc: close the reply panel, clear a filter.
    Back,
    StartFilter,
    StartCommand,
    StartCompose,
    CycleSort,
    Refresh,
    Approve,
    Reject,
    Acknowledge,
    Resolve,
    /// Guideline amendments: apply, reject, revert the selected one.
    ApplyAmendment,
    RejectAmendment,
    RevertAmendment,
    CancelTask,
    /// Run a failed or cancelled task again.
    RetryTask,
    PriorityUp,
    PriorityDown,
    /// Show the selected task's graph (its protocol steps) in the DAG view.
    OpenGraph,
    /// Typing in an input mode.
    Char(char),
    Backspace,
    Submit,
    /// Esc in an input mode.
    Abort,
    /// `y` in Confirm mode.
    Confirm,
    /// Anything else in Confirm mode.
    Deny,
}

/// Map a key to an intent in `view` and `mode`; `None` ignores it.
pub fn map_key(view: View, mode: &Mode, key: KeyEvent) -> Option<Intent> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c')) {
        return Some(Intent::Quit);
    }
    match mode {
        Mode::Confirm { .. } => Some(match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => Intent::Confirm,
            _ => Intent::Deny,
        }),
        Mode::Filter | Mode::Command | Mode::Compose => match key.code {
            KeyCode::Enter => Some(Intent::Submit),
            KeyCode::Esc => Some(Intent::Abort),
            KeyCode::Backspace => Some(Intent::Backspace),
            KeyCode::Char(c) if !ctrl => Some(Intent::Char(c)),
            _ => None,
        },
        Mode::Normal => normal(view, key, ctrl),
    }
}

fn normal(view: View, key: KeyEvent, ctrl: bool) -> Option<Intent> {
    let global = match key.code {
        KeyCode::Char('q') => Some(Intent::Quit),
        KeyCode::Tab => Some(Intent::NextView),
        KeyCode::BackTab => Some(Intent::PrevView),
        KeyCode::Char('?') => Some(Intent::ToggleHelp),
        KeyCode::Char(':') => Some(Intent::StartCommand),
        KeyCode::Char(c @ '0'..='9') => c.to_digit(10).and_then(View::from_digit).map(Intent::Goto),
        KeyCode::Up | KeyCode::Char('k') => Some(Intent::Up),
        KeyCode::Down | KeyCode::Char('j') => Some(Intent::Down),
        KeyCode::Left | KeyCode::Char('h') => Some(Intent::Left),
        KeyCode::Right | KeyCode::Char('l') => Some(Intent::Right),
        KeyCode::PageUp => Some(Intent::PageUp),
        KeyCode::PageDown => Some(Intent::PageDown),
        KeyCode::Char('u') if ctrl => Some(Intent::PageUp),
        KeyCode::Char('d') if ctrl => Some(Intent::PageDown),
        KeyCode::Home | KeyCode::Char('g') => Some(Intent::Top),
        KeyCode::End | KeyCode::Char('G') => Some(Intent::Bottom),
        KeyCode::Enter => Some(Intent::Open),
        KeyCode::Esc => Some(Intent::Back),
        KeyCode::Char('R') => Some(Intent::Refresh),
        _ => None,
    };
    if global.is_some() {
        return global;
    }
    if ctrl {
        return None;
    }
    match (view, key.code) {
        (View::Queue | View::Log, KeyCode::Char('/')) => Some(Intent::StartFilter),
        (View::Queue, KeyCode::Char('s')) => Some(Intent::CycleSort),
        (View::Queue | View::Detail | View::Dashboard, KeyCode::Char('c')) => {
            Some(Intent::CancelTask)
        }
        (View::Queue | View::Detail, KeyCode::Char('r')) => Some(Intent::RetryTask),
        (View::Queue | View::Detail, KeyCode::Char('+') | KeyCode::Char('=')) => {
            Some(Intent::PriorityUp)
        }
        (View::Queue | View::Detail, KeyCode::Char('-')) => Some(Intent::PriorityDown),
        (View::Queue | View::Detail | View::Dag, KeyCode::Char('p')) => Some(Intent::OpenGraph),
        (View::Approvals, KeyCode::Char('a')) => Some(Intent::Approve),
        (View::Approvals, KeyCode::Char('x')) => Some(Intent::Reject),
        (View::Escalations, KeyCode::Char('a')) => Some(Intent::Acknowledge),
        (View::Escalations, KeyCode::Char('d')) => Some(Intent::Resolve),
        (View::Chat, KeyCode::Char('i')) => Some(Intent::StartCompose),
        (View::Evolve, KeyCode::Char('a')) => Some(Intent::ApplyAmendment),
        (View::Evolve, KeyCode::Char('x')) => Some(Intent::RejectAmendment),
        (View::Evolve, KeyCode::Char('v')) => Some(Intent::RevertAmendment),
        _ => None,
    }
}

/// Keys every view shares, for the help overlay.
pub const GLOBAL_KEYS: &[(&str, &str)] = &[
    ("Tab/S-Tab", "next / previous view"),
    ("1-9 0", "jump to a view"),
    ("j k ↑ ↓", "move"),
    ("PgUp PgDn g G", "page, top, bottom"),
    (":", "command line (iMessage grammar)"),
    ("R", "reload a snapshot"),
    ("Esc", "close reply / clear"),
    ("?", "this help"),
    ("q Ctrl-C", "quit"),
];

/// Keys of one view, for the help overlay.
pub fn view_keys(view: View) -> &'static [(&'static str, &'static str)] {
    match view {
        View::Dashboard => &[("Enter", "open running task"), ("c", "cancel task (y)")],
        View::Queue => &[
            ("Enter", "open task"),
            ("/", "filter"),
            ("s", "cycle sort"),
            ("c", "cancel task (y)"),
            ("r", "retry failed/cancelled (y)"),
            ("+ -", "priority up / down"),
            ("p", "task graph & protocols"),
        ],
        View::Detail => &[
            ("j k", "scroll output"),
            ("G", "follow output"),
            ("c", "cancel task (y)"),
            ("r", "retry failed/cancelled (y)"),
            ("+ -", "priority up / down"),
            ("p", "task graph & protocols"),
        ],
        View::Dag => &[
            ("h l", "previous / next pipeline"),
            ("j k", "select step"),
            ("Enter", "open step's task"),
            ("p", "graph of the selected task"),
            ("Esc", "from a graph back to pipelines"),
        ],
        View::Approvals => &[("a", "approve (y)"), ("x", "reject (y)")],
        View::Escalations => &[("a", "acknowledge (y)"), ("d", "resolve (y)")],
        View::Costs => &[],
        View::Log => &[("/", "filter by type or text")],
        View::Chat => &[("i", "write a message"), ("Enter", "send")],
        View::Evolve => &[
            ("a", "apply amendment (y)"),
            ("x", "reject amendment (y)"),
            ("v", "revert applied amendment (y)"),
        ],
    }
}
