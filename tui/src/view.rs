//! The views of the console, in tab order; `1`–`9` jump to them.

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
}

impl View {
    pub const ALL: [View; 9] = [
        View::Dashboard,
        View::Queue,
        View::Detail,
        View::Dag,
        View::Approvals,
        View::Escalations,
        View::Costs,
        View::Log,
        View::Chat,
    ];

    pub fn index(self) -> usize {
        View::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }

    /// The view for digit key `n` (1-based).
    pub fn from_digit(n: u32) -> Option<View> {
        (n as usize)
            .checked_sub(1)
            .and_then(|i| View::ALL.get(i).copied())
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
        }
    }
}
