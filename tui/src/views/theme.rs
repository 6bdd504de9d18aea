//! Symbols and colours. Every state has a symbol, so nothing depends on
//! colour; with NO_COLOR the styles keep only bold / reversed.

use m3shd_api::{
    AgentStatus, AmendmentStatus, ApprovalStatus, CircuitState, EscalationStatus, ProtocolState,
    TaskStatus,
};
use ratatui::style::{Color, Modifier, Style};

use crate::state::AppState;

pub fn task_symbol(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Blocked => "⋯",
        TaskStatus::Queued => "○",
        TaskStatus::Assigned => "◐",
        TaskStatus::Running => "▶",
        TaskStatus::Done => "✓",
        TaskStatus::Failed => "✗",
        TaskStatus::Cancelled => "⊘",
        TaskStatus::Suspended => "‖",
    }
}

pub fn agent_symbol(s: AgentStatus) -> &'static str {
    match s {
        AgentStatus::Online => "●",
        AgentStatus::Busy => "◉",
        AgentStatus::Offline => "○",
        AgentStatus::Draining => "◌",
    }
}

pub fn circuit_text(c: CircuitState) -> &'static str {
    match c {
        CircuitState::Closed => "closed",
        CircuitState::Open => "OPEN",
        CircuitState::HalfOpen => "half",
    }
}

pub fn approval_symbol(s: ApprovalStatus) -> &'static str {
    match s {
        ApprovalStatus::Pending => "?",
        ApprovalStatus::Approved => "✓",
        ApprovalStatus::Rejected => "✗",
        ApprovalStatus::Expired => "~",
    }
}

/// Where a subject's quality protocols stand: `⚖` while a step still runs.
pub fn protocol_symbol(s: ProtocolState) -> &'static str {
    match s {
        ProtocolState::Running => "⚖",
        ProtocolState::Accepted => "✓",
        ProtocolState::Rejected => "✗",
        ProtocolState::Escalated => "!",
        ProtocolState::Stopped => "⊘",
    }
}

/// The compact badge of a protocol state: `⚖ running`, `✓ accepted`, ...
pub fn protocol_badge(s: ProtocolState) -> String {
    format!("{} {}", protocol_symbol(s), s.as_str())
}

/// Where a guideline amendment stands: `?` awaiting the operator.
pub fn amendment_symbol(s: AmendmentStatus) -> &'static str {
    match s {
        AmendmentStatus::Proposed => "?",
        AmendmentStatus::Applied => "✓",
        AmendmentStatus::Rejected => "✗",
        AmendmentStatus::Reverted => "↶",
    }
}

pub fn escalation_symbol(s: EscalationStatus) -> &'static str {
    match s {
        EscalationStatus::Open => "!",
        EscalationStatus::Acknowledged => "◐",
        EscalationStatus::Resolved => "✓",
    }
}

/// Styles for one frame.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn of(state: &AppState) -> Theme {
        Theme { color: state.color }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    pub fn task(self, s: TaskStatus) -> Style {
        self.fg(match s {
            TaskStatus::Running | TaskStatus::Assigned => Color::Yellow,
            TaskStatus::Done => Color::Green,
            TaskStatus::Failed => Color::Red,
            TaskStatus::Queued => Color::Cyan,
            TaskStatus::Blocked | TaskStatus::Suspended => Color::Magenta,
            TaskStatus::Cancelled => Color::DarkGray,
        })
    }

    pub fn agent(self, s: AgentStatus) -> Style {
        self.fg(match s {
            AgentStatus::Online => Color::Green,
            AgentStatus::Busy => Color::Yellow,
            AgentStatus::Offline => Color::DarkGray,
            AgentStatus::Draining => Color::Magenta,
        })
    }

    pub fn approval(self, s: ApprovalStatus) -> Style {
        match s {
            ApprovalStatus::Pending => self.warn(),
            ApprovalStatus::Approved => self.good(),
            ApprovalStatus::Rejected => self.bad(),
            ApprovalStatus::Expired => self.dim(),
        }
    }

    pub fn amendment(self, s: AmendmentStatus) -> Style {
        match s {
            AmendmentStatus::Proposed => self.warn(),
            AmendmentStatus::Applied => self.good(),
            AmendmentStatus::Rejected | AmendmentStatus::Reverted => self.dim(),
        }
    }

    pub fn escalation(self, s: EscalationStatus) -> Style {
        match s {
            EscalationStatus::Open => self.bad(),
            EscalationStatus::Acknowledged => self.warn(),
            EscalationStatus::Resolved => self.dim(),
        }
    }

    pub fn protocol(self, s: ProtocolState) -> Style {
        match s {
            ProtocolState::Running => self.warn(),
            ProtocolState::Accepted => self.good(),
            ProtocolState::Rejected | ProtocolState::Escalated => self.bad(),
            ProtocolState::Stopped => self.dim(),
        }
    }

    pub fn bad(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn warn(self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }

    pub fn header(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}
