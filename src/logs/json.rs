//! JSON events, one per line: KumoMTA log records and Amazon SES bounce and
//! delivery-delay events (as SES event publishing writes them, as SNS
//! notifications, or wrapped in an SNS envelope).

use serde_json::Value;

use crate::extract::Reply;
use crate::report::Action;
use crate::status::EnhancedStatus;

use super::fields::recipient;
use super::{LogFormat, LogRecord};

pub(super) fn read(line: &str) -> Vec<LogRecord> {
    let Ok(v) = serde_json::from_str::<Value>(line) else {
        return Vec::new();
    };
    read_value(&v, 0)
}

fn read_value(v: &Value, depth: u8) -> Vec<LogRecord> {
    // An SNS envelope carries the SES notification as a string.
    if let Some(inner) = v.get("Message").and_then(Value::as_str)
        && depth == 0
    {
        return serde_json::from_str::<Value>(inner)
            .map(|i| read_value(&i, 1))
            .unwrap_or_default();
    }
    let ses_type = v
        .get("eventType")
        .or_else(|| v.get("notificationType"))
        .and_then(Value::as_str);
    if let Some(t) = ses_type {
        return ses(v, t);
    }
    match v.get("type").and_then(Value::as_str) {
        Some(t) => kumo(v, t),
        None => Vec::new(),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A KumoMTA log record: `type`, `recipient`, `response` (`code`,
/// `enhanced_code`, `content`, `command`), `peer_address`, `id`, `timestamp`.
fn kumo(v: &Value, kind: &str) -> Vec<LogRecord> {
    let action = match kind {
        "Bounce" | "Expiration" | "AdminBounce" => Action::Failed,
        "TransientFailure" => Action::Delayed,
        _ => return Vec::new(),
    };
    let response = v.get("response").unwrap_or(&Value::Null);
    let mut base = Reply::new(str_of(response, "content").unwrap_or_default());
    if let Some(c) = response
        .get("code")
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
    {
        base = base.reply_code(c);
    }
    if let Some(e) = response.get("enhanced_code").filter(|e| e.is_object()) {
        let part = |k: &str| e.get(k).and_then(Value::as_u64);
        if let (Some(c), Some(s), Some(d)) = (part("class"), part("subject"), part("detail"))
            && let (Ok(c), Ok(s), Ok(d)) = (u8::try_from(c), u16::try_from(s), u16::try_from(d))
        {
            base = base.status(EnhancedStatus::new(c, s, d));
        }
    }
    if let Some(c) = str_of(response, "command") {
        base = base.command(c);
    }
    let peer = v.get("peer_address").unwrap_or(&Value::Null);
    if let Some(h) = str_of(peer, "name").or_else(|| str_of(peer, "addr")) {
        base = base.remote_host(h.trim_end_matches('.'));
    }
    let queue_id = str_of(v, "id").map(str::to_string);
    let time = v.get("timestamp").and_then(Value::as_i64).map(rfc3339);
    // `recipient` is one address, or a list in newer versions.
    let recipients: Vec<&str> = match v.get("recipient") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).take(100).collect(),
        _ => Vec::new(),
    };
    recipients
        .into_iter()
        .filter_map(recipient)
        .map(|rcpt| {
            let mut rec = LogRecord::new(LogFormat::KumoMta, action, base.clone().recipient(rcpt));
            rec.queue_id.clone_from(&queue_id);
            rec.time.clone_from(&time);
            rec
        })
        .collect()
}

/// An SES `Bounce` (`bounce.bouncedRecipients[]`) or `DeliveryDelay`
/// (`deliveryDelay.delayedRecipients[]`) event.
fn ses(v: &Value, kind: &str) -> Vec<LogRecord> {
    let (action, body, list) = match kind {
        "Bounce" => (Action::Failed, "bounce", "bouncedRecipients"),
        "DeliveryDelay" => (Action::Delayed, "deliveryDelay", "delayedRecipients"),
        _ => return Vec::new(),
    };
    let body = v.get(body).unwrap_or(&Value::Null);
    let queue_id = v
        .get("mail")
        .and_then(|m| str_of(m, "messageId"))
        .map(str::to_string);
    let time = str_of(body, "timestamp").map(str::to_string);
    let Some(list) = body.get(list).and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .take(1000)
        .filter_map(|r| {
            let rcpt = str_of(r, "emailAddress").and_then(recipient)?;
            // `smtp; 550 5.1.1 ...`: the type is not part of the reply.
            let diag = str_of(r, "diagnosticCode").unwrap_or_default();
            let diag = match diag.split_once(';') {
                Some((t, rest)) if !t.trim().contains(' ') => rest.trim(),
                _ => diag,
            };
            let mut reply = Reply::new(diag).recipient(rcpt);
            if let Some(s) = str_of(r, "status").and_then(|s| s.parse().ok()) {
                reply = reply.status(s);
            }
            let action = str_of(r, "action")
                .and_then(Action::parse)
                .filter(|a| matches!(a, Action::Failed | Action::Delayed))
                .unwrap_or(action);
            let mut rec = LogRecord::new(LogFormat::AmazonSes, action, reply);
            // The event names SES's own MTA, not the remote one: no host.
            rec.queue_id.clone_from(&queue_id);
            rec.time.clone_from(&time);
            Some(rec)
        })
        .collect()
}

/// Seconds since the epoch as RFC 3339 in UTC.
fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_as_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_793_613_601), "2026-11-02T10:00:01Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
    }
}
