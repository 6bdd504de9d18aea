//! Events rendered as JSON once for all the streams that send them
//! (`GET /api/stream`); the hub's state keeps one for every stream.

use std::collections::VecDeque;
use std::sync::Arc;

use m3shd_api::EventRecord;

/// The newest events as JSON. One event goes to every subscriber; it is
/// serialised once, by the first of them, instead of once per stream (at
/// thousands of streams that was most of a fan-out's cost).
#[derive(Default)]
pub struct Rendered {
    recent: std::sync::Mutex<VecDeque<(i64, Arc<str>)>>,
}

/// Events kept rendered: enough for every live stream to be served while
/// a burst of events goes out.
const RENDERED: usize = 256;

impl Rendered {
    /// `rec` as JSON: rendered by the first stream that sends it.
    pub fn json(&self, rec: &EventRecord) -> Result<Arc<str>, serde_json::Error> {
        if let Ok(recent) = self.recent.lock()
            && let Some((_, json)) = recent.iter().rev().find(|(id, _)| *id == rec.id)
        {
            return Ok(json.clone());
        }
        let json: Arc<str> = serde_json::to_string(rec)?.into();
        if let Ok(mut recent) = self.recent.lock() {
            if recent.len() >= RENDERED {
                recent.pop_front();
            }
            recent.push_back((rec.id, json.clone()));
        }
        Ok(json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_rendered_once_for_all_its_streams() {
        let rendered = Rendered::default();
        let ts = chrono::Utc::now();
        let rec = |id| EventRecord {
            id,
            ts,
            event: m3shd_api::Event::TaskOutput {
                task_id: "t1".into(),
                seq: id,
                chunk: "x".into(),
            },
        };
        let first = rendered.json(&rec(1)).expect("render");
        let again = rendered.json(&rec(1)).expect("render");
        assert!(Arc::ptr_eq(&first, &again), "served from what was rendered");
        assert_eq!(&*first, serde_json::to_string(&rec(1)).expect("json"));
        for id in 2..=i64::try_from(RENDERED + 1).expect("small") {
            rendered.json(&rec(id)).expect("render");
        }
        let evicted = rendered.json(&rec(1)).expect("render");
        assert!(!Arc::ptr_eq(&first, &evicted), "the oldest made room");
        assert_eq!(evicted, first);
    }
}
