//! The returned original message: where it starts in the notice text, and
//! the few of its header fields a report gives (From, To, Subject,
//! Message-ID).

use mail_parser::{Address, Message};

use crate::report::OriginalMessage;

use super::{Bounce, PARSER, addr_of, entity};

/// The fields of a header section that [`original_of`] reads (From, To,
/// Subject, Message-ID), with their folded lines, and a blank line after
/// them. mail-parser then parses a few hundred bytes instead of a chain of
/// Received and signature fields.
pub(super) fn original_fields(head: &[u8]) -> Vec<u8> {
    const WANTED: [&[u8]; 4] = [b"from", b"to", b"subject", b"message-id"];
    let mut out = Vec::new();
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
        message_id: m.message_id().map(|s| s.chars().take(998).collect()),
        from: addr_of(m.from()).or_else(|| {
            m.from()
                .and_then(Address::first)
                .and_then(|f| f.name())
                .map(str::to_string)
        }),
        to: (!to.is_empty()).then(|| to.join(", ")),
        subject: m.subject().map(|s| s.chars().take(998).collect()),
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

/// Byte offset in `text` where the returned original message starts, if a
/// marker shows it.
pub(super) fn original_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut line_start = 0usize;
    while line_start < bytes.len() {
        let line_end = bytes
            .get(line_start..)
            .and_then(|s| memchr::memchr(b'\n', s))
            .map_or(bytes.len(), |i| line_start + i);
        let line = text.get(line_start..line_end).unwrap_or_default().trim();
        if line.len() >= 12 && line.starts_with(['-', 'o', 'O', 'c', 'C', 'm', 'M']) {
            let hit = ORIGINAL_MARKERS.iter().any(|m| {
                line.len() >= m.len()
                    && line
                        .get(..m.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(m))
            });
            if hit {
                return Some(line_start);
            }
        }
        line_start = line_end + 1;
    }
    None
}

/// The text after an original-message marker, from its first header line.
pub(super) fn inline_original(text: &str, start: Option<usize>) -> Option<&str> {
    let start = start?;
    let rest = text.get(start..)?;
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
}
