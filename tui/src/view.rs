//! The views of the console, in tab order; `1`–`9` and `0` (the tenth)
//! jump to them.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum View {
    #[default]
    Dashboard,
    Queue,
    Detail,
    Dag,
    Approvals,
    Escalations,
    Costs,
    Log,
    Chat,
    /// Guideline amendments of self-evolving agents.
    Evolve,
}

impl View {
    pub const ALL: [View; 10] = [
        View::Dashboard,
        View::Queue,
        View::Detail,
        View::Dag,
        View::Approvals,
        View::Escalations,
        View::Costs,
        View::Log,
        View::Chat,
        View::Evolve,
    ];

    pub fn index(self) -> usize {
        View::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }

    /// The view for digit key `n` (1-based; `0` is the tenth).
    pub fn from_digit(n: u32) -> Option<View> {
        let n = if n == 0 { 10 } else { n as usize };
        n.checked_sub(1).and_then(|i| View::ALL.get(i).copied())
    }

    /// The digit key that jumps to it.
    pub fn digit(self) -> usize {
        (self.index() + 1) % 10
    }

    pub fn next(self) -> View {
        View::ALL[(self.index() + 1) % View::ALL.len()]
    }

    pub fn prev(self) -> View {
        View::ALL[(self.index() + View::ALL.len() - 1) % View::ALL.len()]
    }

    /// Short name for the tab bar.
    pub fn title(self) -> &'static str {
        match self {
            View::Dashboard => "Dash",
            View::Queue => "Queue",
            View::Detail => "Task",
            View::Dag => "DAG",
            View::Approvals => "Approve",
            View::Escalations => "Escal",
            View::Costs => "Costs",
            View::Log => "Log",
            View::Chat => "Chat",
            View::Evolve => "Evolve",
        }
    }
}
