//! The progress line on stderr.

use std::io::{self, IsTerminal};
use std::time::{Duration, Instant};

/// Whether to show the progress line: as asked, or else only when stderr is
/// a terminal and stdout is not (when both are the same terminal, the line
/// would land inside the output).
pub fn wanted(asked: Option<bool>) -> bool {
    decide(
        asked,
        io::stderr().is_terminal(),
        io::stdout().is_terminal(),
    )
}

fn decide(asked: Option<bool>, stderr_tty: bool, stdout_tty: bool) -> bool {
    asked.unwrap_or(stderr_tty && !stdout_tty)
}

const EVERY: Duration = Duration::from_millis(200);

/// At most five updates a second; cleared before any other stderr line and
/// at the end.
pub struct Progress {
    on: bool,
    shown: bool,
    start: Instant,
    last: Instant,
    messages: u64,
    bytes: u64,
    total: Option<u64>,
}

impl Progress {
    pub fn new(on: bool, total: Option<u64>) -> Self {
        let now = Instant::now();
        Progress {
            on,
            shown: false,
            start: now,
            // The first update shows at once.
            last: now.checked_sub(EVERY).unwrap_or(now),
            messages: 0,
            bytes: 0,
            total: total.filter(|&t| t > 0),
        }
    }

    pub fn add(&mut self, size: u64) {
        self.messages += 1;
        self.bytes += size;
    }

    pub fn show(&mut self) {
        if !self.on || self.last.elapsed() < EVERY {
            return;
        }
        self.last = Instant::now();
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let rate = self.messages as f64 / secs;
        let left = match self.total {
            Some(t) if self.bytes > 0 && t > self.bytes => {
                let s = secs * (t - self.bytes) as f64 / self.bytes as f64;
                format!(", {} left", human_time(s))
            }
            _ => String::new(),
        };
        eprint!(
            "\r\x1b[K{} messages, {:.0}/s, {:.1} MB/s{left}",
            self.messages,
            rate,
            self.bytes as f64 / 1e6 / secs
        );
        self.shown = true;
    }

    /// Clears the line, if shown, so that another stderr line starts clean.
    pub fn clear(&mut self) {
        if std::mem::take(&mut self.shown) {
            eprint!("\r\x1b[K");
        }
    }
}

fn human_time(s: f64) -> String {
    let s = s.round() as u64;
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, s / 60 % 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_only_when_stderr_alone_is_a_terminal() {
        assert!(decide(None, true, false));
        assert!(!decide(None, true, true));
        assert!(!decide(None, false, false));
        assert!(!decide(None, false, true));
        assert!(decide(Some(true), false, true));
        assert!(!decide(Some(false), true, false));
    }

    #[test]
    fn times_read_as_people_write_them() {
        assert_eq!(human_time(59.4), "59s");
        assert_eq!(human_time(61.0), "1m01s");
        assert_eq!(human_time(3725.0), "1h02m");
    }
}
