//! A bare SMTP reply on a line of its own: `550 5.1.1 <a@b>: user unknown`,
//! or one that starts with its enhanced status (`5.7.1 Message refused`).

use crate::extract::Reply;
use crate::report::Action;
use crate::status::parse_at;

use super::{LogFormat, LogRecord};

/// `None` when the line does not start with a reply code; no record for a
/// 2xx or 3xx reply.
pub(super) fn read(line: &str) -> Option<Vec<LogRecord>> {
    let b = line.as_bytes();
    if let Some((status, end)) = parse_at(b, 0)
        && matches!(b.get(end), Some(b' ' | b'\t') | None)
    {
        let action = match status.class {
            4 => Action::Delayed,
            5 => Action::Failed,
            _ => return Some(Vec::new()),
        };
        let reply = Reply::new(line.trim());
        return Some(vec![LogRecord::new(LogFormat::Reply, action, reply)]);
    }
    let code = b.get(..3)?;
    let is_code = matches!(code.first(), Some(b'2'..=b'5'))
        && code.iter().all(u8::is_ascii_digit)
        && b.get(3).is_none_or(|c| matches!(c, b' ' | b'-' | b'\t'));
    if !is_code {
        return None;
    }
    let action = match code.first() {
        Some(b'4') => Action::Delayed,
        Some(b'5') => Action::Failed,
        _ => return Some(Vec::new()),
    };
    Some(vec![LogRecord::new(
        LogFormat::Reply,
        action,
        Reply::new(line.trim()),
    )])
}
