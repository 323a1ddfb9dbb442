//! OpenSMTPD: `<session> mta delivery evpid=... to=<a@b> relay="ip (host)"
//! result="PermFail" stat="550 ..."` (6.x), and the older `delivery:
//! PermFail for <evpid>: from=<..>, to=<..>, ..., stat=550 ...`.

use crate::extract::Reply;
use crate::report::Action;
use crate::text;

use super::fields::{comma_field, key_start, recipient, relay_host, spaced_field};
use super::syslog::Syslog;
use super::{LogFormat, LogRecord};

pub(super) fn read(s: &Syslog<'_>) -> Vec<LogRecord> {
    let msg = s.message;
    let (result, queue_id, to, relay, stat) = if let Some(old) = msg.strip_prefix("delivery: ") {
        let (result, rest) = old.split_once(' ').unwrap_or((old, ""));
        let id = rest.strip_prefix("for ").and_then(|r| r.split(':').next());
        let stat = key_start(rest, "stat").and_then(|i| rest.get(i..));
        (
            result,
            id,
            comma_field(rest, "to"),
            comma_field(rest, "relay"),
            stat,
        )
    } else if msg.contains(" delivery ") {
        // The stat is the last field; its text may hold quotes.
        let stat = text::find(msg, " stat=\"")
            .and_then(|i| msg.get(i + 7..))
            .map(|t| t.strip_suffix('"').unwrap_or(t));
        (
            spaced_field(msg, "result").unwrap_or_default(),
            spaced_field(msg, "evpid"),
            spaced_field(msg, "to"),
            spaced_field(msg, "relay"),
            stat,
        )
    } else {
        return Vec::new();
    };
    let action = match result {
        "PermFail" | "Loop" => Action::Failed,
        "TempFail" => Action::Delayed,
        _ => return Vec::new(),
    };
    let Some(rcpt) = to.and_then(recipient) else {
        return Vec::new();
    };
    let mut reply = Reply::new(stat.unwrap_or_default()).recipient(rcpt);
    if let Some(h) = relay.and_then(relay_host) {
        reply = reply.remote_host(h);
    }
    let mut rec = LogRecord::new(LogFormat::OpenSmtpd, action, reply);
    rec.queue_id = queue_id.map(str::to_string);
    rec.time = Some(s.time.clone());
    vec![rec]
}
