//! RFC 3464 / RFC 6533 delivery-status fields: groups split on blank lines,
//! folded lines unfolded, per-message and per-recipient fields read into
//! [`Record`]s.

use std::borrow::Cow;

use crate::address::clean_address;
use crate::extract::command::find_command;
use crate::extract::record::Record;
use crate::report::Action;
use crate::status::{EnhancedStatus, find_reply_code};
use crate::text::cap;

/// One header-like field, name as written, value unfolded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<'a> {
    /// The field name, as written (compare case-insensitively).
    pub name: &'a str,
    /// The value, continuation lines joined with single spaces (borrowed
    /// from the text when it has none).
    pub value: Cow<'a, str>,
}

/// Splits delivery-status text into groups of fields (RFC 3464 §2.1: one
/// per-message group, then one group per recipient, separated by blank lines).
/// Continuation lines (starting with space or tab) are unfolded. Lines that
/// are not fields are skipped. At most `max_groups` groups are returned.
///
/// ```
/// use bounce_cause::__private::parse_groups;
/// let groups = parse_groups("Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b.example\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550\n  no such user\n", 10);
/// assert_eq!(groups.len(), 2);
/// assert_eq!(groups[1][2].value, "smtp; 550 no such user");
/// ```
pub fn parse_groups(text: &str, max_groups: usize) -> Vec<Vec<Field<'_>>> {
    let mut groups: Vec<Vec<Field<'_>>> = Vec::new();
    let mut current: Vec<Field<'_>> = Vec::new();
    for line in crate::text::split_lines(text) {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.is_empty() {
                if groups.len() >= max_groups {
                    return groups;
                }
                groups.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = current.last_mut()
                && last.value.len() < 16 * 1024
            {
                let value = last.value.to_mut();
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            let name_ok = !name.is_empty()
                && name.len() <= 64
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if name_ok {
                // Some MTAs (AOL's, some appliances) write the groups with no
                // blank line between them: a recipient field that the group
                // already has starts the next group.
                if starts_new_group(&current, name) {
                    if groups.len() >= max_groups {
                        return groups;
                    }
                    groups.push(std::mem::take(&mut current));
                }
                current.push(Field {
                    name,
                    value: Cow::Borrowed(value.trim()),
                });
            }
        }
    }
    if !current.is_empty() && groups.len() < max_groups {
        groups.push(current);
    }
    groups
}

/// True when `name` is a per-recipient field that `group` already holds, or
/// the first recipient field after per-message fields (Reporting-MTA, ...).
fn starts_new_group(group: &[Field<'_>], name: &str) -> bool {
    let is_rcpt = |n: &str| {
        n.eq_ignore_ascii_case("Final-Recipient") || n.eq_ignore_ascii_case("Original-Recipient")
    };
    if !is_rcpt(name) || group.is_empty() {
        return false;
    }
    if group.iter().any(|f| f.name.eq_ignore_ascii_case(name)) {
        return true;
    }
    // Original-Recipient then Final-Recipient (RFC order) or the reverse
    // (Postfix) belong together; a recipient field after Reporting-MTA opens
    // the first recipient group.
    !group.iter().any(|f| is_rcpt(f.name))
        && group
            .iter()
            .any(|f| f.name.eq_ignore_ascii_case("Reporting-MTA"))
}

/// What a delivery-status part says.
#[derive(Debug, Default)]
pub(crate) struct DeliveryStatus {
    pub reporting_mta: Option<String>,
    pub records: Vec<Record>,
}

pub(crate) fn strip_type(value: &str) -> &str {
    match value.split_once(';') {
        Some((kind, rest)) if !kind.contains(' ') || kind.len() < 24 => rest.trim(),
        _ => value.trim(),
    }
}

/// A recipient field's address. A quoted local part (RFC 5321 §4.1.2,
/// `"john..doe"@example.com`) keeps its quotes; other forms are cleaned.
fn rcpt_address(v: &str) -> Option<String> {
    let s = strip_type(v)
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>');
    if let Some((local, domain)) = s.rsplit_once("\"@") {
        let quoted_ok = local.starts_with('"')
            && local.len() > 1
            && !local.chars().any(char::is_control)
            && s.len() <= 320
            // The domain must be one as it stands, not one that cleaning
            // digs out of the text after it.
            && clean_address(&format!("x@{domain}")).is_some_and(|c| c.get(2..) == Some(domain));
        if quoted_ok {
            return Some(s.to_string());
        }
    }
    clean_address(v)
}

/// Reads delivery-status text into records, one per recipient group.
/// Diagnostic text is kept up to `max_text` bytes: a per-message
/// Diagnostic-Code is copied into every recipient, so an uncapped one would
/// cost `max_recipients` times its size.
pub(crate) fn read(text: &str, max_recipients: usize, max_text: usize) -> DeliveryStatus {
    let mut out = DeliveryStatus::default();
    // Per-message fields may set defaults for the recipients (some MTAs put
    // Status or Diagnostic-Code there).
    let mut message_status = None;
    let mut message_diag: Option<(Option<Cow<'static, str>>, String)> = None;
    for group in parse_groups(text, max_recipients.saturating_add(8)) {
        let mut rec = Record::default();
        let mut is_recipient = false;
        let mut final_rcpt = None;
        let mut original_rcpt = None;
        let mut actual_rcpt = None;
        let mut status_comment = None;
        for f in &group {
            let name = f.name;
            let v = f.value.as_ref();
            if name.eq_ignore_ascii_case("Reporting-MTA") {
                out.reporting_mta
                    .get_or_insert_with(|| strip_type(v).to_string());
            } else if name.eq_ignore_ascii_case("Final-Recipient") {
                is_recipient = true;
                final_rcpt = rcpt_address(v);
            } else if name.eq_ignore_ascii_case("Original-Recipient") {
                is_recipient = true;
                original_rcpt = rcpt_address(v);
            } else if name.eq_ignore_ascii_case("X-Actual-Recipient") {
                actual_rcpt = clean_address(v);
            } else if name.eq_ignore_ascii_case("Action") {
                rec.action = Action::parse(v);
            } else if name.eq_ignore_ascii_case("Status") {
                let st = v
                    .parse::<EnhancedStatus>()
                    .ok()
                    .or_else(|| EnhancedStatus::find(v));
                status_comment = explaining_comment(v);
                if is_recipient || final_rcpt.is_some() {
                    rec.status = st;
                } else {
                    rec.status = st;
                    message_status = st.or(message_status);
                }
            } else if name.eq_ignore_ascii_case("Remote-MTA") {
                let m = strip_type(v);
                if !m.is_empty() {
                    rec.remote_mta = Some(m.to_string());
                }
            } else if name.eq_ignore_ascii_case("Diagnostic-Code") {
                let (kind, text) = match v.split_once(';') {
                    Some((k, t)) if !k.trim().contains(' ') => {
                        (Some(k.trim().to_ascii_lowercase()), t.trim())
                    }
                    _ => (None, v),
                };
                rec.diagnostic_type = kind.map(Cow::Owned);
                rec.diagnostic = cap(text, max_text).to_string();
            }
        }
        if !is_recipient {
            if !rec.diagnostic.is_empty() {
                message_diag = Some((
                    rec.diagnostic_type.take(),
                    std::mem::take(&mut rec.diagnostic),
                ));
            }
            continue;
        }
        let Some(recipient) = final_rcpt.clone().or(original_rcpt.clone()).or(actual_rcpt) else {
            continue;
        };
        rec.recipient = recipient;
        if let Some(o) = original_rcpt
            && !o.eq_ignore_ascii_case(&rec.recipient)
        {
            rec.original_recipient = Some(o);
        }
        if rec.status.is_none() {
            rec.status = message_status;
        }
        // No Diagnostic-Code, but the Status field's comment says what
        // failed (`Status: 4.0.0 (example.net: host name lookup failure)`).
        if rec.diagnostic.is_empty()
            && let Some(c) = status_comment
        {
            rec.diagnostic = cap(c, max_text).to_string();
        }
        if rec.diagnostic.is_empty()
            && let Some((k, d)) = &message_diag
        {
            rec.diagnostic = d.clone();
            rec.diagnostic_type = k.clone();
        }
        // An X-Unix diagnostic is a local program's exit status, not an
        // SMTP reply (Sendmail: `Diagnostic-Code: X-Unix; 255`).
        if rec.diagnostic_type.as_deref() != Some("x-unix") {
            rec.reply_code = find_reply_code(&rec.diagnostic);
        }
        rec.command = find_command(&rec.diagnostic);
        if out.records.len() >= max_recipients {
            break;
        }
        out.records.push(rec);
    }
    out
}

/// The comment after a Status code when it names what failed and how
/// (`4.0.0 (example.net: host name lookup failure)`), not when it only
/// spells out the code (`5.0.0 (permanent failure)`, `5.2.1 (mailbox
/// disabled, not accepting messages)`).
fn explaining_comment(status: &str) -> Option<&str> {
    let (_, rest) = status.split_once('(')?;
    let comment = rest.rsplit_once(')').map_or(rest, |(c, _)| c).trim();
    let (what, how) = comment.split_once(": ")?;
    (!what.trim().is_empty() && !how.trim().is_empty()).then_some(comment)
}

/// True when text looks like delivery-status fields (used for reports whose
/// status part came as text/plain, or whose MIME structure is broken).
pub(crate) fn looks_like_fields(text: &str) -> bool {
    // One pass over the line starts: searching the text for each of the
    // eight names cost eight passes over texts without them.
    const RECIPIENT: [&str; 3] = [
        "Final-Recipient:",
        "Original-Recipient:",
        "final-recipient:",
    ];
    const OTHER: [&str; 5] = [
        "Status:",
        "Action:",
        "status:",
        "action:",
        "Diagnostic-Code:",
    ];
    let (mut recipient, mut other) = (false, false);
    for line in crate::text::split_lines(text) {
        recipient |= RECIPIENT.iter().any(|n| line.starts_with(n));
        other |= OTHER.iter().any(|n| line.starts_with(n));
        if recipient && other {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_count_only_at_line_starts() {
        assert!(looks_like_fields(
            "x\r\nFinal-Recipient: rfc822; a@b\r\nStatus: 5.1.1\r\n"
        ));
        assert!(looks_like_fields("action: failed\nfinal-recipient: a@b"));
        assert!(!looks_like_fields(
            "see Final-Recipient: a@b\nStatus: 5.1.1\n"
        ));
        assert!(!looks_like_fields("Final-Recipient: a@b\n Status: 5.1.1\n"));
        assert!(!looks_like_fields("Status: 5.1.1\nAction: failed\n"));
    }

    #[test]
    fn reads_recipient_groups() {
        let text = "Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; a@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <a@example.com>:\r\n    user unknown (in reply to RCPT TO command)\r\n\r\nFinal-Recipient: rfc822; b@example.com\r\nAction: delayed\r\nStatus: 4.4.1\r\n";
        let ds = read(text, 100, 4096);
        assert_eq!(ds.reporting_mta.as_deref(), Some("mx.example.net"));
        assert_eq!(ds.records.len(), 2);
        let a = &ds.records[0];
        assert_eq!(a.recipient, "a@example.com");
        assert_eq!(a.reply_code, Some(550));
        assert_eq!(a.command, Some(crate::extract::Command::Rcpt));
        assert_eq!(
            a.diagnostic,
            "550 5.1.1 <a@example.com>: user unknown (in reply to RCPT TO command)"
        );
        assert_eq!(ds.records[1].action, Some(Action::Delayed));
    }

    #[test]
    fn status_comment_explains_a_missing_diagnostic() {
        let text = "Final-Recipient: rfc822; a@example.com\nAction: delayed\nStatus: 4.0.0 (example.com: host name lookup failure)\n\nFinal-Recipient: rfc822; b@example.com\nAction: failed\nStatus: 5.0.0 (permanent failure)\n\nFinal-Recipient: rfc822; c@example.com\nStatus: 5.0.0 (c.example: lookup failure)\nDiagnostic-Code: smtp; 550 no such user\n";
        let ds = read(text, 10, 4096);
        assert_eq!(
            ds.records[0].diagnostic,
            "example.com: host name lookup failure"
        );
        assert_eq!(ds.records[1].diagnostic, "");
        assert_eq!(ds.records[2].diagnostic, "550 no such user");
    }

    #[test]
    fn caps_recipients() {
        let mut text = String::new();
        for i in 0..50 {
            text.push_str(&format!(
                "Final-Recipient: rfc822; u{i}@example.com\nStatus: 5.1.1\n\n"
            ));
        }
        assert_eq!(read(&text, 10, 4096).records.len(), 10);
    }
}
