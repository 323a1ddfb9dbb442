//! The returned original message: where it starts in the notice text, and
//! the few of its header fields a report gives (From, To, Subject,
//! Message-ID).

use mail_parser::{Address, Message};
use once_cell::sync::Lazy;
use regex::Regex;

use crate::report::OriginalMessage;

use super::{Bounce, PARSER, addr_of, entity};

/// The fields of a header section that [`original_of`] reads (From, To,
/// Subject, Message-ID), with their folded lines, and a blank line after
/// them. mail-parser then parses a few hundred bytes instead of a chain of
/// Received and signature fields.
pub(super) fn original_fields(head: &[u8]) -> Vec<u8> {
    const WANTED: [&[u8]; 4] = [b"from", b"to", b"subject", b"message-id"];
    let mut out = Vec::with_capacity(head.len().min(512));
    for (name, value) in entity::fields(head) {
        if WANTED.iter().any(|w| name.eq_ignore_ascii_case(w)) {
            push_field(&mut out, name, value);
        }
    }
    // The blank line that ends the section.
    out.extend_from_slice(b"\r\n");
    out
}

/// Adds a field to a header section built for mail-parser, with a line
/// end if the section it came from was cut right after it (as when a MIME
/// boundary follows at once).
pub(super) fn push_field(out: &mut Vec<u8>, name: &[u8], value: &[u8]) {
    out.reserve(name.len() + value.len() + 3);
    out.extend_from_slice(name);
    out.push(b':');
    out.extend_from_slice(value);
    if !value.ends_with(b"\n") {
        out.extend_from_slice(b"\r\n");
    }
}

/// A message's header section, to the blank line that ends it (included),
/// within its first 64 KiB.
pub(super) fn header_section(raw: &[u8]) -> &[u8] {
    let head = raw.get(..64 * 1024).unwrap_or(raw);
    let end = memchr::memchr_iter(b'\n', head).find_map(|i| match head.get(i + 1..) {
        Some([b'\n', ..]) => Some(i + 2),
        Some([b'\r', b'\n', ..]) => Some(i + 3),
        _ => None,
    });
    head.get(..end.unwrap_or(head.len())).unwrap_or(head)
}

pub(super) fn keep_original_headers(b: &mut Bounce, raw: &[u8]) {
    if b.original_attached {
        return;
    }
    if let Some(h) = PARSER.parse_headers(&original_fields(header_section(raw))) {
        b.original = original_of(&h);
        b.original_attached = true;
    }
}

pub(super) fn original_of(m: &Message<'_>) -> OriginalMessage {
    let to: Vec<&str> = m
        .to()
        .map(|a| a.iter().filter_map(|x| x.address()).take(64).collect())
        .unwrap_or_default();
    OriginalMessage {
        message_id: m.message_id().map(|s| first_chars(s, 998).to_string()),
        from: addr_of(m.from()).or_else(|| {
            m.from()
                .and_then(Address::first)
                .and_then(|f| f.name())
                .map(str::to_string)
        }),
        to: (!to.is_empty()).then(|| to.join(", ")),
        subject: m.subject().map(|s| first_chars(s, 998).to_string()),
    }
}

/// The first `n` characters of `s` (all of it when it has fewer).
fn first_chars(s: &str, n: usize) -> &str {
    // No more characters than bytes: a short text is not counted.
    if s.len() <= n {
        return s;
    }
    match s.char_indices().nth(n) {
        Some((end, _)) => s.get(..end).unwrap_or(s),
        None => s,
    }
}

/// Markers MTAs write between their notice and the returned message when it
/// is inline (qmail, Exim, Gmail, Yahoo, Sendmail V5, ...). Matched at the
/// start of a line, ASCII case-insensitively.
const ORIGINAL_MARKERS: &[&str] = &[
    "--- below this line is a copy of the message",
    "------ this is a copy of the message",
    "------ this is a copy of your message",
    "----- original message -----",
    "----- this is a copy of the message",
    "message headers follow.",
    "------ original message ------",
    "-----original message-----",
    "----- original message follows -----",
    "--- original message follows",
    "------ original message follows",
    "original message follows",
    "------- returned message --------",
    "----- unsent message follows -----",
    "----- message header follows -----",
    "--- the header of the original message is following. ---",
    "----- the following is the original message",
    "----- below is the original message",
    "------ the original message headers follow",
    "-----original message headers-----",
    "content-type: message/rfc822",
    "content-type: text/rfc822-headers",
    "original message headers:",
    "original message:",
];

/// Phrases that, anywhere in a short line, say the returned message comes
/// next (OpenSMTPD's "Below is a copy of the original message:", Exim's
/// "------ This is a copy of the message, including all the headers.",
/// "Included is a copy of ...", and their translations), matched ignoring
/// case.
const ORIGINAL_PHRASES: &[&str] = &[
    "copy of the original message",
    "copy of your original message",
    "copy of the message, including all the headers",
    "copy of your message, including all the headers",
    "included is a copy of",
    "original message follows",
    "original message headers",
    "the original mail headers",
    "headers of the original message",
    "undelivered message follows",
    "returned message follows",
    "ursprüngliche nachricht",
    "originalnachricht",
    "kopie der nachricht",
    "message d'origine",
    "copie du message",
    "mensaje original",
    "copia del mensaje",
    "mensagem original",
    "messaggio originale",
];

/// [`ORIGINAL_PHRASES`] as one pattern: one pass over a line.
static PHRASES: Lazy<Option<Regex>> = Lazy::new(|| {
    let alts: Vec<String> = ORIGINAL_PHRASES.iter().map(|p| regex::escape(p)).collect();
    Regex::new(&format!("(?i){}", alts.join("|"))).ok()
});

/// Header fields that only a message carries, never a notice's own text or
/// a delivery-status group: one of them in a block of fields shows the
/// block is the returned message's header section.
const MESSAGE_ONLY_FIELDS: &[&str] = &[
    "received",
    "return-path",
    "message-id",
    "mime-version",
    "dkim-signature",
    "domainkey-signature",
    "authentication-results",
    "arc-seal",
    "delivered-to",
    "x-mailer",
    "user-agent",
];

/// Header fields of a message (not of a delivery-status group), that a
/// notice may quote: [`LineEnd::Quoted`] in [`line_end_kind`].
const MESSAGE_FIELDS: &[&str] = &[
    "from",
    "to",
    "cc",
    "subject",
    "date",
    "reply-to",
    "sender",
    "references",
    "in-reply-to",
    "content-type",
    "content-transfer-encoding",
    "thread-index",
    "thread-topic",
    "importance",
];

/// Fields that open a delivery-status group's per-message part: the notice's
/// free text has ended where one stands.
const DSN_GROUP_FIELDS: &[&str] = &[
    "reporting-mta",
    "received-from-mta",
    "arrival-date",
    "original-envelope-id",
    "dsn-gateway",
];

/// The name of a header field line (`Name: value`), lowercase: a letter,
/// then letters, digits, `-` and `_`, at most 64 in all, then a colon (the
/// names messages use; an address before a colon is not one).
pub(crate) fn field_name(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let colon = memchr::memchr(b':', bytes.get(..bytes.len().min(65))?)?;
    let name = line.get(..colon)?;
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        && name.bytes().next().is_some_and(|c| c.is_ascii_alphabetic());
    ok.then_some(name)
}

/// True when `name` is one of `set`, ignoring ASCII case.
fn one_of(name: &str, set: &[&str]) -> bool {
    set.iter().any(|f| f.eq_ignore_ascii_case(name))
}

/// What a line says of where a notice's text ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineEnd {
    /// Not a header field, or one a notice's text may hold (a label).
    Text,
    /// A field of the returned message that a notice may also quote
    /// (From, To, Subject, Date): alone it ends nothing.
    Quoted,
    /// A field only a message carries (Received, Message-ID, X-...), the
    /// first field of a delivery-status group, or a MIME boundary: the
    /// notice's text has ended.
    Ends,
}

/// Classifies a line for [`LineEnd`].
pub(crate) fn line_end_kind(line: &str) -> LineEnd {
    let t = line.trim_end();
    // A MIME boundary: two dashes, then a token without spaces.
    if let Some(b) = t.strip_prefix("--")
        && b.len() >= 8
        && !b.starts_with('-')
        && b.bytes().all(|c| c.is_ascii_graphic())
        && !b.contains('@')
    {
        return LineEnd::Ends;
    }
    if t.starts_with([' ', '\t']) {
        return LineEnd::Text;
    }
    let Some(name) = field_name(t) else {
        return LineEnd::Text;
    };
    if one_of(name, MESSAGE_ONLY_FIELDS) || one_of(name, DSN_GROUP_FIELDS) || is_vendor_field(name)
    {
        LineEnd::Ends
    } else if one_of(name, MESSAGE_FIELDS) {
        LineEnd::Quoted
    } else {
        LineEnd::Text
    }
}

/// An `X-` field a message carries, not one a delivery-status group adds
/// (`X-Actual-Recipient`, `X-Postfix-Sender`, ...).
fn is_vendor_field(name: &str) -> bool {
    let starts = |p: &str| {
        name.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    starts("x-")
        && ![
            "x-actual-recipient",
            "x-postfix",
            "x-supplementary-info",
            "x-display-name",
            "x-original-message-id",
        ]
        .iter()
        .any(|d| starts(d))
}

/// True for a line that starts with one of [`ORIGINAL_MARKERS`], or is a
/// [`ruled_heading`] that names the returned message.
fn is_marker(line: &str) -> bool {
    line.len() >= 12
        && (line.starts_with(['-', 'o', 'O', 'c', 'C', 'm', 'M'])
            && ORIGINAL_MARKERS.iter().any(|m| {
                line.len() >= m.len()
                    && line
                        .get(..m.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(m))
            })
            || ruled_heading(line))
}

/// What a heading between rules says when it introduces the returned
/// message, however many rule characters stand around it.
const RULED_NAMES: &[&str] = &[
    "original message",
    "returned message",
    "undelivered message",
    "message follows",
    "copy of the message",
    "copy of your message",
    "original headers",
    "message headers",
    "ursprüngliche nachricht",
    "message d'origine",
    "message original",
    "mensaje original",
    "mensagem original",
    "messaggio originale",
    "исходное сообщение",
    "原始邮件",
    "元のメッセージ",
];

/// A short line set between rules of at least two dashes, equals signs,
/// underscores or stars ("--- Original message ---", "==== Returned
/// message ===="), whose words name the returned message: a marker
/// whatever the length of its rules.
fn ruled_heading(line: &str) -> bool {
    const RULE: [char; 4] = ['-', '=', '_', '*'];
    if line.len() > 100 {
        return false;
    }
    let inner = line.trim_start_matches(RULE);
    let lead = line.len() - inner.len();
    let words = inner.trim_end_matches(RULE);
    let trail = inner.len() - words.len();
    if lead < 2 || trail < 2 {
        return false;
    }
    let words = words.trim().to_lowercase();
    RULED_NAMES.iter().any(|n| words.contains(n))
}

/// True for a line that holds one of [`ORIGINAL_PHRASES`] as a heading, not
/// as words in a sentence: it stands between rules of dashes, or ends with
/// a colon or a full stop, and is short.
fn is_phrase_heading(line: &str) -> bool {
    let heading =
        line.starts_with(|c: char| !c.is_alphanumeric()) || line.ends_with([':', '.', '-', '=']);
    heading && line.len() <= 120
}

/// Where the first line that holds one of [`ORIGINAL_PHRASES`] as a
/// heading starts. The pattern runs once over the whole text.
fn first_phrase_heading(text: &str) -> Option<usize> {
    let re = PHRASES.as_ref()?;
    re.find_iter(text).take(16).find_map(|m| {
        let start = text.get(..m.start())?.rfind('\n').map_or(0, |i| i + 1);
        let end = text
            .get(m.end()..)?
            .find('\n')
            .map_or(text.len(), |i| m.end() + i);
        is_phrase_heading(text.get(start..end)?.trim()).then_some(start)
    })
}

/// Byte offset in `text` where the returned original message starts, if a
/// marker or a header section shows it. A header section is a run of at
/// least three field lines of which one only a message carries (Received,
/// Return-Path, Message-ID, an `X-` field, ...): a notice quotes a From,
/// a To and a Subject, never those.
pub(super) fn original_start(text: &str) -> Option<usize> {
    // The marker lines and header blocks first, line by line; then the
    // phrases, by one pattern over the text before what that found.
    let cut = marker_or_block(text);
    let before = text.get(..cut.unwrap_or(text.len())).unwrap_or(text);
    first_phrase_heading(before).or(cut)
}

/// Where the first line of [`ORIGINAL_MARKERS`] or the first header block
/// starts (see [`original_start`]).
fn marker_or_block(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut line_start = 0usize;
    // Where the current run of field lines began, its field count, and
    // whether it holds a message-only field.
    let mut run: Option<(usize, usize, bool)> = None;
    while line_start < bytes.len() {
        let line_end = bytes
            .get(line_start..)
            .and_then(|s| memchr::memchr(b'\n', s))
            .map_or(bytes.len(), |i| line_start + i);
        let raw = text.get(line_start..line_end).unwrap_or_default();
        let line = raw.trim();
        if is_marker(line) {
            return Some(line_start);
        }
        let folded = raw.starts_with([' ', '\t']) && !line.is_empty();
        match (folded, field_name(raw.trim_end())) {
            (true, _) => {}
            (false, Some(name)) => {
                let only = one_of(name, MESSAGE_ONLY_FIELDS) || is_vendor_field(name);
                let (at, n, strong) = run.unwrap_or((line_start, 0, false));
                run = Some((at, n + 1, strong || only));
            }
            (false, None) => run = None,
        }
        if let Some((at, n, true)) = run
            && n >= 3
        {
            return Some(at);
        }
        line_start = line_end + 1;
    }
    None
}

/// The text after an original-message marker, from its first header line.
pub(super) fn inline_original(text: &str, start: Option<usize>) -> Option<&str> {
    let start = start?;
    let rest = text.get(start..)?;
    let first = rest.lines().next().unwrap_or_default();
    let marker = is_marker(first.trim()) || first_phrase_heading(first).is_some();
    if !marker && field_name(first).is_some() {
        return Some(rest);
    }
    let after_marker = rest
        .find('\n')
        .map_or("", |i| rest.get(i + 1..).unwrap_or_default());
    let trimmed = after_marker.trim_start_matches(['\n', '\r', ' ']);
    let first = trimmed.lines().next()?;
    let looks_header = first
        .split_once(':')
        .is_some_and(|(n, _)| !n.is_empty() && !n.contains(' ') && n.len() < 64);
    looks_header.then_some(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ruled_heading_that_names_the_message_is_a_marker() {
        for line in [
            "--- Original message ---",
            "==== Returned message follows ====",
            "__ Message d'origine __",
            "*** 原始邮件 ***",
        ] {
            assert!(is_marker(line), "{line}");
        }
        for line in [
            "--- Delivery report ---",
            "- original message -",
            "The original message was received at Tue, 3 Jun 2025",
            "--- Original message",
        ] {
            assert!(!is_marker(line), "{line}");
        }
    }

    #[test]
    fn header_section_ends_at_the_first_blank_line() {
        assert_eq!(
            header_section(b"A: 1\r\nB: 2\r\n\r\nbody"),
            b"A: 1\r\nB: 2\r\n\r\n"
        );
        assert_eq!(
            header_section(b"A: 1\nB: 2\n\nbody\n\nmore"),
            b"A: 1\nB: 2\n\n"
        );
        assert_eq!(header_section(b"A: 1\nB: 2"), b"A: 1\nB: 2");
    }

    #[test]
    fn original_fields_keeps_the_four_fields_read_with_their_folds() {
        let head = b"Received: from x\r\n  by y\r\nFrom: Ann\r\n <ann@example.org>\r\nDKIM-Signature: v=1;\r\n h=from:to\r\nTo: bob@example.net\r\nSubject: hi\r\nMessage-ID: <1@example.org>\r\n\r\n";
        let kept = original_fields(head);
        assert_eq!(
            String::from_utf8_lossy(&kept),
            "From: Ann\r\n <ann@example.org>\r\nTo: bob@example.net\r\nSubject: hi\r\nMessage-ID: <1@example.org>\r\n\r\n"
        );
    }

    #[test]
    fn the_returned_message_starts_at_a_marker_or_a_header_block() {
        let marked = "Recipient: a@example.com\n\nBelow is a copy of the original message:\n\nFrom: b@example.org\n";
        assert_eq!(original_start(marked), marked.find("Below"));
        let translated =
            "a@example.com: 550 unknown\n\n---- Mensaje original ----\nFrom: b@example.org\n";
        assert_eq!(original_start(translated), translated.find("----"));
        let block = "a@example.com: 550 unknown\nX-Engine: 5.13.68\nReceived: from x by y\n  ; Mon, 2 Feb 2026\nFrom: b@example.org\n";
        assert_eq!(original_start(block), block.find("X-Engine"));
        // A notice that quotes the message's Subject and Date is not cut
        // there, nor at a delivery-status group, nor at a sentence that
        // only mentions the original message.
        for notice in [
            "Subject: plans\nDate: Mon, 2 Feb 2026\nTo: a@example.com\n\nNot delivered.\n",
            "Reporting-MTA: dns; mx.example.net\nArrival-Date: Mon, 2 Feb 2026\n\nFinal-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\nX-Actual-Recipient: rfc822; a@example.com\n",
            "The original message was received at Mon, 2 Feb 2026 from [192.0.2.1]\n",
            "Your message originally sent to a@example.com was not delivered\n",
        ] {
            assert_eq!(original_start(notice), None, "{notice}");
        }
    }

    #[test]
    fn a_line_ends_the_notice_text_only_as_a_message_field_or_boundary() {
        assert_eq!(line_end_kind("Received: from x"), LineEnd::Ends);
        assert_eq!(line_end_kind("X-Spam-Status: No"), LineEnd::Ends);
        assert_eq!(line_end_kind("Reporting-MTA: dns; x"), LineEnd::Ends);
        assert_eq!(line_end_kind("--=_boundary_1234"), LineEnd::Ends);
        assert_eq!(line_end_kind("Subject: hello"), LineEnd::Quoted);
        assert_eq!(line_end_kind("Reason: 550 user unknown"), LineEnd::Text);
        assert_eq!(
            line_end_kind("X-Actual-Recipient: rfc822; a@b"),
            LineEnd::Text
        );
        assert_eq!(
            line_end_kind("----- Transcript of session follows -----"),
            LineEnd::Text
        );
        assert_eq!(line_end_kind("    550 5.1.1 no such user"), LineEnd::Text);
    }
}
