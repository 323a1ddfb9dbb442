//! Exim's main log: `2026-11-02 10:00:01 1kXyZa-000123-AB ** a@b R=... T=...
//! H=mx [ip]: SMTP error from remote mail server after RCPT TO:<a@b>: 550 ...`
//! (`**` a failure, `==` a deferral).

use crate::extract::Reply;
use crate::report::Action;
use crate::text;

use super::fields::recipient;
use super::{LogFormat, LogRecord};

pub(super) fn read(line: &str) -> Vec<LogRecord> {
    read_opt(line).unwrap_or_default()
}

fn read_opt(line: &str) -> Option<Vec<LogRecord>> {
    let b = line.as_bytes();
    // `YYYY-MM-DD HH:MM:SS`, maybe `.mmm`, maybe a zone and a `[pid]`.
    let dated = b.get(..4)?.iter().all(u8::is_ascii_digit)
        && b.get(4) == Some(&b'-')
        && b.get(10) == Some(&b' ')
        && b.get(13) == Some(&b':');
    if !dated {
        return None;
    }
    let mut words = Words(line);
    let date = words.next()?;
    let clock = words.next()?;
    let mut time = format!("{date} {clock}");
    let mut word = words.next()?;
    if word.starts_with(['+', '-']) && word.len() == 5 {
        time.push(' ');
        time.push_str(word);
        word = words.next()?;
    }
    if word.starts_with('[') {
        word = words.next()?;
    }
    let queue_id = word;
    let action = match words.next()? {
        "**" => Action::Failed,
        "==" => Action::Delayed,
        _ => return Some(Vec::new()),
    };
    let address = words.next()?.trim_end_matches(':');
    let rcpt = recipient(address)?;
    let rest = words.0;

    let host = text::find(rest, " H=").and_then(|i| {
        let h = rest.get(i + 3..)?.split([' ', ':']).next()?;
        (!h.is_empty()).then(|| h.trim_matches(['[', ']']).to_string())
    });
    // Exim 4.92+ ends a delivery line with the time it took (`DT=0s`).
    let rest = match text::rsplit_once(rest, " DT=") {
        Some((before, dt)) if !dt.contains(' ') => before,
        _ => rest,
    };
    let (text, command) = smtp_error(rest).unwrap_or_else(|| {
        let text = address_tail(rest);
        (text, None)
    });
    let mut reply = Reply::new(text).recipient(rcpt);
    if let Some(h) = host {
        reply = reply.remote_host(h);
    }
    if let Some(c) = command {
        reply = reply.command(c);
    }
    let mut rec = LogRecord::new(LogFormat::Exim, action, reply);
    rec.queue_id = Some(queue_id.to_string());
    rec.time = Some(time);
    Some(vec![rec])
}

/// `SMTP error from remote mail server after RCPT TO:<a@b>: 550 ...`: the
/// reply and the command.
fn smtp_error(rest: &str) -> Option<(&str, Option<&str>)> {
    const MARKERS: [&str; 2] = [
        "SMTP error from remote mail server after ",
        "SMTP error from remote mailer after ",
    ];
    let (i, marker) = MARKERS.iter().find_map(|m| rest.find(m).map(|i| (i, *m)))?;
    let after = rest.get(i + marker.len()..)?;
    let command = after.split([':', '<']).next().map(str::trim);
    // The reply starts after the first `: ` that a reply code follows.
    let mut from = 0;
    while let Some(j) = text::find(after.get(from..)?, ": ") {
        let start = from + j + 2;
        let tail = after.get(start..)?;
        if tail.starts_with(['2', '4', '5']) {
            return Some((tail, command));
        }
        from = start;
    }
    Some((after, command))
}

/// The message after the options (`R=`, `T=`, `H=`, ...): what follows the
/// first `: `, or all of it.
fn address_tail(rest: &str) -> &str {
    match text::split_once(rest, ": ") {
        Some((_, t)) => t,
        None => rest.trim(),
    }
}

/// Space-separated words, the rest kept.
struct Words<'a>(&'a str);

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        let s = self.0.trim_start();
        if s.is_empty() {
            return None;
        }
        let (w, rest) = s.split_once(' ').unwrap_or((s, ""));
        self.0 = rest;
        Some(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_smtp_error() {
        let (t, c) = smtp_error(
            "R=dnslookup T=remote_smtp H=mx.b.example [192.0.2.1]: SMTP error from remote mail server after pipelined RCPT TO:<a@b.example>: 550 5.1.1 no",
        )
        .unwrap();
        assert_eq!(t, "550 5.1.1 no");
        assert_eq!(c, Some("pipelined RCPT TO"));
        let (t, c) =
            smtp_error("SMTP error from remote mail server after end of data: 554 5.7.1 spam")
                .unwrap();
        assert_eq!((t, c), ("554 5.7.1 spam", Some("end of data")));
        assert!(smtp_error("retry time not reached").is_none());
    }
}
