//! Postfix's delivery agents (`smtp`, `lmtp`, `local`, `virtual`, `pipe`,
//! `error`): `QUEUEID: to=<a@b>, relay=..., dsn=5.1.1, status=bounced (...)`.

use crate::extract::Reply;
use crate::report::Action;
use crate::text;

use super::fields::{comma_field, recipient, relay_host};
use super::syslog::Syslog;
use super::{LogFormat, LogRecord};

pub(super) fn read(s: &Syslog<'_>) -> Vec<LogRecord> {
    let Some((queue_id, msg)) = text::split_once(s.message, ": ") else {
        return Vec::new();
    };
    let Some(status) = text::find(msg, ", status=").map(|i| i + 9) else {
        return Vec::new();
    };
    let rest = msg.get(status..).unwrap_or_default();
    let (word, text) = rest.split_once(' ').unwrap_or((rest, ""));
    let action = match word.trim_end_matches(',') {
        "bounced" => Action::Failed,
        "deferred" => Action::Delayed,
        // sent, deliverable, undeliverable (address probes), expired (no
        // recipient: the queue manager's summary).
        _ => return Vec::new(),
    };
    let Some(rcpt) = comma_field(msg, "to").and_then(recipient) else {
        return Vec::new();
    };
    let text = text.trim();
    let text = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(text);
    let (reply, host, command) = said(text);
    let mut r = Reply::new(reply).recipient(rcpt);
    if let Some(st) = comma_field(msg, "dsn").and_then(|d| d.parse().ok()) {
        r = r.status(st);
    }
    if let Some(h) = host.or_else(|| comma_field(msg, "relay").and_then(relay_host)) {
        r = r.remote_host(h);
    }
    if let Some(c) = command {
        r = r.command(c);
    }
    let mut rec = LogRecord::new(LogFormat::Postfix, action, r);
    rec.queue_id = Some(queue_id.trim().to_string()).filter(|q| !q.contains(' '));
    rec.time = Some(s.time.clone());
    vec![rec]
}

/// The remote reply in Postfix's status text: `host X[ip] said: <reply>
/// (in reply to RCPT TO command)` or `host X[ip] refused to talk to me:
/// <reply>`. Other texts are Postfix's own words, kept whole.
fn said(text: &str) -> (&str, Option<String>, Option<&str>) {
    let Some(after_host) = text.strip_prefix("host ") else {
        // `connect to mx.example.com[192.0.2.1]:25: Connection timed out`
        let host = text
            .strip_prefix("connect to ")
            .and_then(|t| t.split(['[', ':', ' ']).next())
            .filter(|h| h.contains('.'))
            .map(str::to_string);
        return (text, host, None);
    };
    let host = after_host
        .split(['[', ' '])
        .next()
        .filter(|h| !h.is_empty())
        .map(str::to_string);
    for (marker, cmd) in [
        (" said: ", None),
        (" refused to talk to me: ", Some("CONNECT")),
    ] {
        if let Some(i) = text::find(after_host, marker) {
            let reply = after_host.get(i + marker.len()..).unwrap_or_default();
            if let Some((reply, tail)) = text::rsplit_once(reply, " (in reply to ")
                && let Some(c) = tail.strip_suffix(" command)")
            {
                return (reply, host, Some(c));
            }
            return (reply, host, cmd);
        }
    }
    (text, host, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_reply_out_of_the_status_text() {
        let (r, h, c) = said(
            "host mx.b.example[192.0.2.1] said: 550 5.1.1 <a@b.example>: no (in reply to RCPT TO command)",
        );
        assert_eq!(r, "550 5.1.1 <a@b.example>: no");
        assert_eq!(h.as_deref(), Some("mx.b.example"));
        assert_eq!(c, Some("RCPT TO"));
        let (r, h, c) = said("host mx.b.example[192.0.2.1] refused to talk to me: 554 go away");
        assert_eq!(
            (r, h.as_deref(), c),
            ("554 go away", Some("mx.b.example"), Some("CONNECT"))
        );
        let (r, h, c) = said("connect to mx.b.example[192.0.2.1]:25: Connection refused");
        assert_eq!(
            r,
            "connect to mx.b.example[192.0.2.1]:25: Connection refused"
        );
        assert_eq!((h.as_deref(), c), (Some("mx.b.example"), None));
        let (_, h, _) = said("unknown user: \"wendy\"");
        assert_eq!(h, None);
    }
}
