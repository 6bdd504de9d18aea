//! The deadline sweeper (ARCHITECTURE.md, "Dispatch"): each pass raises the urgency of every
//! overdue open task one step (low → medium → high → critical) and bumps
//! its priority by one (at most 10). The clock is a parameter, so tests move
//! time without sleeping.

use m3shd_api::{Event, Urgency, limits};

use super::{DomainError, Hub};

/// The next step up, or None at the top.
pub fn raise(u: Urgency) -> Option<Urgency> {
    match u {
        Urgency::Low => Some(Urgency::Medium),
        Urgency::Medium => Some(Urgency::High),
        Urgency::High => Some(Urgency::Critical),
        Urgency::Critical => None,
    }
}

impl Hub {
    /// One pass, at the store's time; returns how many tasks it escalated.
    pub async fn deadline_pass(&self) -> Result<usize, DomainError> {
        self.write(move |cx| {
            let now = cx.tx.now();
            let mut n = 0;
            for id in cx.tx.tasks().overdue(now)? {
                let Some(mut rec) = cx.tx.tasks().get(&id)? else {
                    continue;
                };
                let Some(next) = raise(rec.task.urgency.unwrap_or(Urgency::Low)) else {
                    continue;
                };
                let from = rec.state.status();
                rec.task.urgency = Some(next);
                rec.task.priority = (rec.task.priority + 1).min(limits::MAX_PRIORITY);
                rec.task.updated_at = cx.tx.now();
                cx.tx.tasks().save(&rec)?;
                cx.tx.emit(Event::TaskUpdated {
                    task: rec.into_api(),
                    from,
                    reason: Some("overdue: urgency raised".into()),
                })?;
                n += 1;
            }
            Ok(n)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_urgency_ladder() {
        assert_eq!(raise(Urgency::Low), Some(Urgency::Medium));
        assert_eq!(raise(Urgency::Medium), Some(Urgency::High));
        assert_eq!(raise(Urgency::High), Some(Urgency::Critical));
        assert_eq!(raise(Urgency::Critical), None);
    }
}
