//! A plan offered over chat and what the sender's next message makes of
//! it: a fresh `yes` runs it, a late one is refused, `no` declines it and
//! anything else withdraws it. Pure, so the bridge and its tests share it.

use std::time::Duration;

use m3shd_api::{MeshOperation, Timestamp};
use serde::{Deserialize, Serialize};

/// How long a plan waits for its `yes`.
pub const CONFIRM_WINDOW: Duration = Duration::from_secs(5 * 60);

/// A plan waiting for its sender's `yes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub operation: MeshOperation,
    pub summary: String,
    pub asked_at: Timestamp,
}

fn word(text: &str) -> String {
    text.trim()
        .trim_end_matches(['.', '!', '?'])
        .trim()
        .to_lowercase()
}

pub fn is_yes(text: &str) -> bool {
    matches!(
        word(text).as_str(),
        "yes" | "y" | "yep" | "yes please" | "ok" | "do it"
    )
}

pub fn is_no(text: &str) -> bool {
    matches!(word(text).as_str(), "no" | "n" | "nope" | "cancel")
}

fn expired(offer: &Offer, now: Timestamp) -> bool {
    now.signed_duration_since(offer.asked_at)
        .to_std()
        .is_ok_and(|age| age > CONFIRM_WINDOW)
}

/// What a message does to the sender's offer, if it has one.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Carry it out.
    Run(Offer),
    /// A `yes` too late.
    Expired(Offer),
    /// A `no`.
    Declined(Offer),
    /// Another message: the offer is withdrawn and the message handled as
    /// usual.
    Withdrawn,
    /// The sender has no offer.
    NoOffer,
}

pub fn verdict(offer: Option<Offer>, text: &str, now: Timestamp) -> Verdict {
    let Some(offer) = offer else {
        return Verdict::NoOffer;
    };
    if is_yes(text) {
        if expired(&offer, now) {
            Verdict::Expired(offer)
        } else {
            Verdict::Run(offer)
        }
    } else if is_no(text) {
        Verdict::Declined(offer)
    } else {
        Verdict::Withdrawn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(age_secs: i64) -> (Offer, Timestamp) {
        let now = chrono::Utc::now();
        (
            Offer {
                operation: MeshOperation::PauseQueue,
                summary: "pause the queue".into(),
                asked_at: now - chrono::Duration::seconds(age_secs),
            },
            now,
        )
    }

    #[test]
    fn yes_runs_a_fresh_offer_only() {
        let (o, now) = offer(10);
        assert_eq!(
            verdict(Some(o.clone()), " Yes! ", now),
            Verdict::Run(o.clone())
        );
        assert_eq!(verdict(Some(o.clone()), "y", now), Verdict::Run(o.clone()));
        assert_eq!(
            verdict(Some(o.clone()), "no", now),
            Verdict::Declined(o.clone())
        );
        assert_eq!(verdict(Some(o.clone()), "status", now), Verdict::Withdrawn);
        assert_eq!(verdict(None, "yes", now), Verdict::NoOffer);
        let (old, now) = offer(6 * 60);
        assert_eq!(
            verdict(Some(old.clone()), "yes", now),
            Verdict::Expired(old)
        );
        assert!(!is_yes("yes drain everything"));
    }
}
