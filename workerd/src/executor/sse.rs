//! A small incremental parser for `text/event-stream` bodies (the
//! WHATWG server-sent events format) as the Anthropic and OpenAI streaming
//! APIs send them: `event:` and `data:` fields, comments, CRLF or LF line
//! ends, an event dispatched on a blank line. Bytes may arrive split
//! anywhere, even inside a UTF-8 sequence.

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field (None when absent: the type is `message`).
    pub event: Option<String>,
    /// The `data:` lines joined with `\n`.
    pub data: String,
}

/// Longest line kept; a longer one is cut (a broken or hostile server).
const MAX_LINE_BYTES: usize = 4 << 20;

/// Feed bytes in, take events out.
#[derive(Debug, Default)]
pub struct SseParser {
    line: Vec<u8>,
    event: Option<String>,
    data: Option<String>,
    /// The previous chunk ended in `\r`: a `\n` right after belongs to it.
    after_cr: bool,
}

impl SseParser {
    pub fn new() -> Self {
        SseParser::default()
    }

    /// Add bytes; returns the events completed by them.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        let mut events = Vec::new();
        for &b in bytes {
            if self.after_cr {
                self.after_cr = false;
                if b == b'\n' {
                    continue;
                }
            }
            match b {
                b'\n' | b'\r' => {
                    self.after_cr = b == b'\r';
                    let line = std::mem::take(&mut self.line);
                    if let Some(ev) = self.line_done(&line) {
                        events.push(ev);
                    }
                }
                _ => {
                    if self.line.len() < MAX_LINE_BYTES {
                        self.line.push(b);
                    }
                }
            }
        }
        events
    }

    /// True when bytes of an unfinished event are buffered.
    pub fn has_pending(&self) -> bool {
        !self.line.is_empty() || self.data.is_some()
    }

    fn line_done(&mut self, line: &[u8]) -> Option<SseEvent> {
        if line.is_empty() {
            let data = self.data.take();
            let event = self.event.take();
            return data.map(|data| SseEvent { event, data });
        }
        let line = String::from_utf8_lossy(line);
        if line.starts_with(':') {
            return None; // comment / keep-alive
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line.as_ref(), ""),
        };
        match field {
            "event" => self.event = Some(value.to_string()),
            "data" => match &mut self.data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(value);
                }
                None => self.data = Some(value.to_string()),
            },
            _ => {} // id, retry, unknown fields
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_anywhere_are_reassembled() {
        let text = "event: ping\ndata: {\"type\": \"ping\"}\n\n: comment\r\nevent: x\r\ndata: a\r\ndata: b\r\n\r\ndata: é\n\n";
        let bytes = text.as_bytes();
        for split in 0..bytes.len() {
            let mut p = SseParser::new();
            let mut evs = p.push(&bytes[..split]);
            evs.extend(p.push(&bytes[split..]));
            assert_eq!(evs.len(), 3, "split at {split}");
            assert_eq!(evs[0].event.as_deref(), Some("ping"));
            assert_eq!(evs[0].data, "{\"type\": \"ping\"}");
            assert_eq!(evs[1].event.as_deref(), Some("x"));
            assert_eq!(evs[1].data, "a\nb");
            assert_eq!(evs[2].event, None);
            assert_eq!(evs[2].data, "é");
            assert!(!p.has_pending());
        }
    }

    #[test]
    fn unfinished_event_is_pending_and_garbage_is_harmless() {
        let mut p = SseParser::new();
        assert!(p.push(b"data: {\"x\":1}\n").is_empty());
        assert!(p.has_pending());
        let mut p = SseParser::new();
        assert!(p.push(&[0xff, 0xfe, b'\n', b'\n', 0]).is_empty());
        let mut p = SseParser::new();
        assert!(p.push(b"event: only\n\n").is_empty());
    }
}
