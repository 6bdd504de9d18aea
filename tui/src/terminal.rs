//! The real terminal: raw mode and the alternate screen (restored on quit
//! and, through ratatui's panic hook, on panic), and a thread that reads
//! keys into the run loop's channel.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};
use tokio::sync::mpsc::UnboundedSender;

use crate::input::Input;

/// Raw mode + alternate screen; installs a panic hook that restores both.
pub fn enter() -> std::io::Result<DefaultTerminal> {
    ratatui::try_init()
}

/// Leave raw mode and the alternate screen.
pub fn leave() {
    ratatui::restore();
}

/// The key reader thread; `stop` ends it within one poll interval.
pub struct KeyReader {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl KeyReader {
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// Read terminal events on a thread (crossterm's read blocks) and send
/// keys and resizes to the run loop.
pub fn spawn_key_reader(tx: UnboundedSender<Input>) -> KeyReader {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let handle = std::thread::spawn(move || {
        while !flag.load(Ordering::Relaxed) {
            match event::poll(Duration::from_millis(100)) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(_) => return,
            }
            let input = match event::read() {
                Ok(Event::Key(k)) => Input::Key(k),
                Ok(Event::Resize(..)) => Input::Resize,
                Ok(_) => continue,
                Err(_) => return,
            };
            if tx.send(input).is_err() {
                return;
            }
        }
    });
    KeyReader {
        stop,
        handle: Some(handle),
    }
}
