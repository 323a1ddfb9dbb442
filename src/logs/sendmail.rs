//! Sendmail: `QUEUEID: to=<a@b>,<c@d>, delay=..., mailer=esmtp, relay=mx.
//! [ip], dsn=5.1.1, stat=User unknown`.

use crate::extract::Reply;
use crate::report::Action;
use crate::status::EnhancedStatus;
use crate::text;

use super::fields::{comma_field, key_start, recipient, relay_host};
use super::syslog::Syslog;
use super::{LogFormat, LogRecord};

pub(super) fn read(s: &Syslog<'_>) -> Vec<LogRecord> {
    let Some((queue_id, msg)) = text::split_once(s.message, ": ") else {
        return Vec::new();
    };
    if !msg.starts_with("to=") {
        return Vec::new();
    }
    // stat= is the last field and may hold `, `.
    let Some(stat) = key_start(msg, "stat").and_then(|i| msg.get(i..)) else {
        return Vec::new();
    };
    let dsn: Option<EnhancedStatus> = comma_field(msg, "dsn").and_then(|d| d.parse().ok());
    let deferred = stat.starts_with("Deferred");
    let action = match dsn.map(|d| d.class) {
        Some(2) => return Vec::new(),
        _ if stat.starts_with("Sent") => return Vec::new(),
        Some(4) => Action::Delayed,
        _ if deferred => Action::Delayed,
        _ => Action::Failed,
    };
    let text = stat
        .strip_prefix("Deferred")
        .map(|t| t.trim_start_matches(':').trim())
        .unwrap_or(stat);
    // Sendmail 8.15+ logs the server's reply (`reply=550 5.1.1 ...`) before
    // `stat=`; the reply may itself hold `, `.
    let text = key_start(msg, "reply")
        .and_then(|i| {
            let rest = msg.get(i..)?;
            Some(text::find(rest, ", stat=").map_or(rest, |end| rest.get(..end).unwrap_or(rest)))
        })
        .unwrap_or(text);
    let host = comma_field(msg, "relay").and_then(relay_host);
    let to = comma_field(msg, "to").unwrap_or_default();
    to.split(',')
        .filter_map(recipient)
        .take(100)
        .map(|rcpt| {
            let mut reply = Reply::new(text).recipient(rcpt);
            if let Some(d) = dsn {
                reply = reply.status(d);
            }
            if let Some(h) = &host {
                reply = reply.remote_host(h.clone());
            }
            let mut rec = LogRecord::new(LogFormat::Sendmail, action, reply);
            rec.queue_id = Some(queue_id.trim().to_string());
            rec.time = Some(s.time.clone());
            rec
        })
        .collect()
}
