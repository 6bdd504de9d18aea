//! Every status prints as the word its JSON form uses.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

use m3shd_api::*;
use std::fmt::Display;

fn assert_wire_words<T: Display + serde::Serialize>(values: &[T]) {
    for v in values {
        let wire = serde_json::to_value(v).expect("serialises");
        assert_eq!(wire, v.to_string(), "Display differs from the serde form");
    }
}

#[test]
fn statuses_display_as_their_serde_word() {
    assert_wire_words(&TaskStatus::ALL);
    assert_wire_words(&[
        AgentStatus::Online,
        AgentStatus::Busy,
        AgentStatus::Offline,
        AgentStatus::Draining,
    ]);
    assert_wire_words(&[
        CircuitState::Closed,
        CircuitState::Open,
        CircuitState::HalfOpen,
    ]);
    assert_wire_words(&[
        ApprovalStatus::Pending,
        ApprovalStatus::Approved,
        ApprovalStatus::Rejected,
        ApprovalStatus::Expired,
    ]);
    assert_wire_words(&[
        EscalationStatus::Open,
        EscalationStatus::Acknowledged,
        EscalationStatus::Resolved,
    ]);
    assert_wire_words(&[
        Urgency::Low,
        Urgency::Medium,
        Urgency::High,
        Urgency::Critical,
    ]);
}
