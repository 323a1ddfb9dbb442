//! Amazon SES notifications sent by email through Amazon SNS: a JSON
//! document (`notificationType` Bounce, Complaint or Delivery) as the body,
//! either alone or as the string `Message` of an SNS envelope, with its
//! quotes escaped. SNS folds long lines: a line that starts with a space
//! continues the one before.
//!
//! The email form of SES bounces (a DSN) is read by the delivery-status
//! decoder; this module only reads the JSON form.

use std::borrow::Cow;

use crate::address::clean_address;
use crate::extract::record::{Notice, Record};
use crate::limits::Limits;
use crate::mime::Bounce;
use crate::report::{Action, Kind, OriginalMessage};
use crate::status::EnhancedStatus;
use crate::text::contains_ci;

use crate::extract::Decoded;

/// Reads an SES notification, if the notice is one.
pub(crate) fn decode(b: &Bounce, limits: &Limits) -> Option<Decoded> {
    let text = b
        .text
        .get(..b.text.len().min(256 * 1024))
        .unwrap_or(&b.text);
    if !text.contains("notificationType") {
        return None;
    }
    let from_aws = contains_ci(&b.from, "amazonaws.com")
        || contains_ci(&b.from, "amazonses.com")
        || b.header("x-amz-sns-message-id").is_some()
        || b.header("x-ses-outgoing").is_some();
    if !from_aws {
        return None;
    }
    let json = unfold(text);
    let kind = json_str(&json, "notificationType")?;
    let reporting_mta = json_str(&json, "reportingMTA").map(|m| {
        m.split_once(';')
            .map_or(m.as_str(), |(_, h)| h)
            .trim()
            .to_string()
    });
    let mut records = Vec::new();
    match kind.as_str() {
        "Bounce" => {
            let list = json_array(&json, "bouncedRecipients")?;
            for obj in objects(list).take(limits.max_recipients) {
                let Some(recipient) = json_str(obj, "emailAddress").and_then(|a| clean_address(&a))
                else {
                    continue;
                };
                let diag = json_str(obj, "diagnosticCode").unwrap_or_default();
                let (diagnostic_type, diagnostic) = match diag.split_once(';') {
                    Some((k, t)) if !k.trim().contains(' ') => (
                        Some(Cow::Owned(k.trim().to_ascii_lowercase())),
                        t.trim().to_string(),
                    ),
                    _ => (None, diag.trim().to_string()),
                };
                records.push(Record {
                    recipient,
                    action: json_str(obj, "action").and_then(|a| Action::parse(&a)),
                    status: json_str(obj, "status").and_then(|s| s.parse::<EnhancedStatus>().ok()),
                    diagnostic,
                    diagnostic_type,
                    ..Record::default()
                });
            }
        }
        "Complaint" => {
            let list = json_array(&json, "complainedRecipients")?;
            let feedback_type =
                json_str(&json, "complaintFeedbackType").map(|t| t.to_ascii_lowercase());
            for obj in objects(list).take(limits.max_recipients) {
                let Some(recipient) = json_str(obj, "emailAddress").and_then(|a| clean_address(&a))
                else {
                    continue;
                };
                records.push(Record {
                    recipient,
                    notice: Some(Notice::SesComplaint),
                    feedback_type: feedback_type.clone().or_else(|| Some("abuse".into())),
                    ..Record::default()
                });
            }
            return (!records.is_empty()).then_some(Decoded {
                original: common_headers(&json),
                format: "amazonses",
                reporting_mta,
                kind: Some(Kind::Feedback),
                records,
            });
        }
        "Delivery" => {
            let response = json_str(&json, "smtpResponse").unwrap_or_default();
            let list = json_array(&json, "recipients")?;
            for a in strings(list).take(limits.max_recipients) {
                let Some(recipient) = clean_address(&a) else {
                    continue;
                };
                records.push(Record {
                    recipient,
                    action: Some(Action::Delivered),
                    diagnostic: response.clone(),
                    remote_mta: reporting_mta.clone(),
                    ..Record::default()
                });
            }
        }
        _ => return None,
    }
    (!records.is_empty()).then_some(Decoded {
        original: common_headers(&json),
        format: "amazonses",
        reporting_mta,
        kind: None,
        records,
    })
}

/// The `mail.commonHeaders` object SES adds: From, To, Subject and Message-ID
/// of the message that bounced.
fn common_headers(json: &str) -> Option<OriginalMessage> {
    let rest = after_key(json, "commonHeaders")?.strip_prefix('{')?;
    let obj = rest.get(..closing(rest, b'{', b'}')?)?;
    let first = |key: &str| json_array(obj, key).and_then(|l| strings(l).next());
    let to: Vec<String> = json_array(obj, "to")
        .map(|l| {
            strings(l)
                .filter_map(|a| clean_address(&a))
                .take(64)
                .collect()
        })
        .unwrap_or_default();
    let original = OriginalMessage {
        message_id: json_str(obj, "messageId")
            .map(|m| m.trim_matches(|c| c == '<' || c == '>').to_string()),
        from: first("from").map(|f| clean_address(&f).unwrap_or(f)),
        to: (!to.is_empty()).then(|| to.join(", ")),
        subject: json_str(obj, "subject"),
    };
    (original != OriginalMessage::default()).then_some(original)
}

/// Joins SNS's folded lines and removes one level of string escaping, so the
/// embedded `Message` document reads like plain JSON.
fn unfold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        match line.strip_prefix(' ') {
            Some(rest) if i > 0 => out.push_str(rest),
            _ => {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(line);
            }
        }
    }
    out.replace("\\\"", "\"")
}

/// The string value of the first `"key": "value"` in `json`.
fn json_str(json: &str, key: &str) -> Option<String> {
    let rest = after_key(json, key)?;
    let rest = rest.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' | 'r' | 't' => out.push(' '),
                other => out.push(other),
            },
            c => out.push(c),
        }
        if out.len() > 8192 {
            break;
        }
    }
    None
}

/// The text after `"key"` and its colon, leading spaces removed.
fn after_key<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let quoted = format!("\"{key}\"");
    let at = json.find(&quoted)?;
    let rest = json.get(at + quoted.len()..)?.trim_start();
    Some(rest.strip_prefix(':')?.trim_start())
}

/// The inside of the array value of `"key": [...]`.
fn json_array<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let rest = after_key(json, key)?.strip_prefix('[')?;
    let end = closing(rest, b'[', b']')?;
    rest.get(..end)
}

/// Offset of the bracket closing an already opened one, skipping strings.
fn closing(s: &str, open: u8, close: u8) -> Option<usize> {
    let mut depth = 1usize;
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in s.bytes().enumerate() {
        if in_str {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        if c == b'"' {
            in_str = true;
        } else if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The `{...}` objects at the top level of an array's inside.
fn objects(list: &str) -> impl Iterator<Item = &str> {
    let mut rest = list;
    std::iter::from_fn(move || {
        let start = rest.find('{')?;
        let inner = rest.get(start + 1..)?;
        let end = closing(inner, b'{', b'}')?;
        let obj = inner.get(..end)?;
        rest = inner.get(end + 1..).unwrap_or_default();
        Some(obj)
    })
}

/// The string items of an array's inside.
fn strings(list: &str) -> impl Iterator<Item = String> + '_ {
    list.split(',').filter_map(|s| {
        let s = s.trim().strip_prefix('"')?.strip_suffix('"')?;
        Some(s.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_escaped_message() {
        let text = "{\n  \"Type\" : \"Notification\",\n  \"Message\" : \"{\\\"notificationType\\\":\\\"Bounce\\\",\\\"bounce\\\":{\\\"bouncedRecipients\\\":[{\\\"emailAddress\\\":\\\"a@b.example\\\",\\\"status\\\":\\\"5.1.1\\\",\\\"diagnosticCode\\\":\\\"smtp; 550 5.1.1 unk\n nown\\\"}]}}\"\n}";
        let json = unfold(text);
        assert_eq!(
            json_str(&json, "notificationType").as_deref(),
            Some("Bounce")
        );
        let list = json_array(&json, "bouncedRecipients").unwrap_or_default();
        let objs: Vec<&str> = objects(list).collect();
        assert_eq!(objs.len(), 1);
        assert_eq!(
            json_str(objs[0], "diagnosticCode").as_deref(),
            Some("smtp; 550 5.1.1 unknown")
        );
    }
}
