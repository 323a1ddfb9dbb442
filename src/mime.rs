//! From raw bytes to the pieces the decoders read: the bounce's own headers,
//! its human-readable notification text, its delivery-status and
//! feedback-report parts, and the headers of the returned original message.

use mail_parser::{Address, Message, MessageParser, MimeHeaders, PartType};

use crate::Limits;
use crate::report::OriginalMessage;

/// A bounce, taken apart.
#[derive(Debug, Default)]
pub(crate) struct Bounce {
    /// From address, lowercase.
    pub from: String,
    /// From display name and address, as written (for sniffing "Mail Delivery System").
    pub from_display: String,
    /// Subject, decoded.
    pub subject: String,
    /// The bounce's To addresses, lowercase: the sender of the original.
    pub to: Vec<String>,
    /// Selected top-level headers for format sniffing, names lowercase.
    pub headers: Vec<(String, String)>,
    /// True for multipart/report.
    pub is_report: bool,
    /// The report-type parameter of multipart/report, lowercase.
    pub report_type: String,
    /// Human-readable text of the notice (text/plain parts, or HTML as text
    /// when there is no plain text), outside the returned message.
    pub text: String,
    /// Bodies of message/delivery-status and message/global-delivery-status parts.
    pub status_parts: Vec<String>,
    /// Body of a message/feedback-report part.
    pub feedback: Option<String>,
    /// What is known of the original message.
    pub original: OriginalMessage,
    /// True when the original came as a separate part (not inline in the text).
    pub original_attached: bool,
    /// True when a limit cut the walk short.
    pub truncated: bool,
}

impl Bounce {
    /// A top-level header's value, by lowercase name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Headers kept for sniffing the format.
const SNIFF_HEADERS: &[&str] = &[
    "x-mailer",
    "x-failed-recipients",
    "auto-submitted",
    "x-autoreply",
    "x-autorespond",
    "precedence",
    "x-ms-exchange-message-is-ndr",
    "x-ses-outgoing",
    "x-amz-sns-message-id",
    "x-ms-exchange-crosstenant-id",
    "x-gm-message-state",
    "x-google-smtp-source",
    "x-mailer-daemon-error",
    "received",
    "content-type",
    "return-path",
    "message-id",
    "list-id",
    "x-postfix-queue-id",
    "x-ymailisg",
    "x-aol-ip",
    "x-original-to",
    "x-auto-response-suppress",
    "x-zohomail",
    "x-spasign",
];

/// Parses the message. `None` when it has no header section at all.
pub(crate) fn read(raw: &[u8], limits: &Limits) -> Option<Bounce> {
    let msg = MessageParser::default().parse(raw)?;
    if msg.headers().is_empty() {
        return None;
    }
    let mut b = Bounce {
        from: addr_of(msg.from()).unwrap_or_default().to_ascii_lowercase(),
        from_display: display_of(msg.from()),
        subject: msg.subject().unwrap_or_default().to_string(),
        to: msg
            .to()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.address())
                    .map(str::to_ascii_lowercase)
                    .take(16)
                    .collect()
            })
            .unwrap_or_default(),
        ..Bounce::default()
    };
    let mut received = 0;
    for h in msg.headers().iter().take(256) {
        let name = h.name().to_ascii_lowercase();
        if !SNIFF_HEADERS.contains(&name.as_str()) {
            continue;
        }
        if name == "received" {
            received += 1;
            if received > 4 {
                continue;
            }
        }
        let raw_value = msg
            .raw_message()
            .get(h.offset_start() as usize..h.offset_end() as usize)
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        let value: String = raw_value.chars().take(1024).collect();
        b.headers.push((name, value.trim().to_string()));
    }
    if let Some(ct) = msg.root_part().content_type() {
        b.is_report = ct.ctype().eq_ignore_ascii_case("multipart")
            && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report"));
        b.report_type = ct
            .attribute("report-type")
            .unwrap_or_default()
            .to_ascii_lowercase();
    }
    walk(&msg, &mut b, limits);
    if !b.original_attached {
        if let Some(rest) = inline_original(&b.text) {
            if let Some(h) = MessageParser::default().parse_headers(rest.as_bytes()) {
                b.original = original_of(&h);
            }
        }
    }
    Some(b)
}

fn walk(msg: &Message<'_>, b: &mut Bounce, limits: &Limits) {
    let mut html: Option<String> = None;
    let mut text_parts = 0usize;
    for (n, part) in msg.parts.iter().enumerate() {
        if n >= limits.max_mime_parts {
            b.truncated = true;
            break;
        }
        let (ctype, subtype) = part
            .content_type()
            .map(|c| {
                (
                    c.ctype().to_ascii_lowercase(),
                    c.subtype().unwrap_or_default().to_ascii_lowercase(),
                )
            })
            .unwrap_or_else(|| ("text".into(), "plain".into()));
        match &part.body {
            PartType::Message(inner) => {
                if !b.original_attached {
                    b.original = original_of(inner);
                    b.original_attached = true;
                }
            }
            PartType::Text(t) => {
                let is_headers = subtype == "rfc822-headers"
                    || (ctype == "message" && subtype == "rfc822")
                    || subtype == "rfc822";
                if is_headers {
                    keep_original_headers(b, t);
                } else if ctype == "message"
                    && (subtype == "delivery-status" || subtype == "global-delivery-status")
                {
                    push_capped(&mut b.status_parts, t, limits);
                } else if subtype == "feedback-report" || subtype == "feedback" {
                    b.feedback.get_or_insert_with(|| cap(t, limits.max_text_bytes * 8));
                } else if text_parts < 8 {
                    text_parts += 1;
                    append_text(&mut b.text, t, limits);
                }
            }
            PartType::Html(h) => {
                if html.is_none() {
                    let capped = cap(h, limits.max_text_bytes * 32);
                    html = Some(mail_parser::decoders::html::html_to_text(&capped));
                }
            }
            PartType::Binary(bytes) | PartType::InlineBinary(bytes) => {
                let body = String::from_utf8_lossy(bytes);
                if ctype == "message"
                    && (subtype == "delivery-status" || subtype == "global-delivery-status")
                {
                    push_capped(&mut b.status_parts, &body, limits);
                } else if ctype == "message" && subtype == "feedback-report" {
                    b.feedback.get_or_insert_with(|| cap(&body, limits.max_text_bytes * 8));
                } else if (ctype == "message" && (subtype == "rfc822" || subtype == "global"))
                    || subtype == "rfc822-headers"
                    || subtype == "global-headers"
                {
                    keep_original_headers(b, &body);
                } else if ctype == "text" && text_parts < 8 {
                    text_parts += 1;
                    append_text(&mut b.text, &body, limits);
                }
            }
            PartType::Multipart(_) => {}
        }
    }
    if b.text.trim().is_empty() {
        if let Some(h) = html {
            append_text(&mut b.text, &h, limits);
        }
    }
}

fn keep_original_headers(b: &mut Bounce, text: &str) {
    if b.original_attached {
        return;
    }
    let head = cap(text, 64 * 1024);
    if let Some(h) = MessageParser::default().parse_headers(head.as_bytes()) {
        b.original = original_of(&h);
        b.original_attached = true;
    }
}

fn cap(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default().to_string()
}

fn push_capped(v: &mut Vec<String>, s: &str, limits: &Limits) {
    if v.len() < 8 {
        v.push(cap(s, limits.max_status_bytes));
    }
}

fn append_text(text: &mut String, s: &str, limits: &Limits) {
    let room = limits.max_notice_bytes.saturating_sub(text.len());
    if room == 0 {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&cap(s, room));
}

fn addr_of(a: Option<&Address<'_>>) -> Option<String> {
    a?.first()?.address().map(str::to_string)
}

fn display_of(a: Option<&Address<'_>>) -> String {
    let Some(first) = a.and_then(Address::first) else {
        return String::new();
    };
    format!(
        "{} <{}>",
        first.name().unwrap_or_default(),
        first.address().unwrap_or_default()
    )
}

fn original_of(m: &Message<'_>) -> OriginalMessage {
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
pub(crate) const ORIGINAL_MARKERS: &[&str] = &[
    "--- below this line is a copy of the message",
    "------ this is a copy of the message",
    "------ this is a copy of your message",
    "----- original message -----",
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
];

/// Byte offset in `text` where the returned original message starts, if a
/// marker shows it.
pub(crate) fn original_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut line_start = 0usize;
    while line_start < bytes.len() {
        let line_end = text
            .get(line_start..)
            .and_then(|s| s.find('\n'))
            .map_or(bytes.len(), |i| line_start + i);
        let line = text.get(line_start..line_end).unwrap_or_default().trim();
        if line.len() >= 12 && line.starts_with(['-', 'o', 'O', 'c', 'C']) {
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
fn inline_original(text: &str) -> Option<&str> {
    let start = original_start(text)?;
    let rest = text.get(start..)?;
    let after_marker = rest.find('\n').map_or("", |i| rest.get(i + 1..).unwrap_or_default());
    let trimmed = after_marker.trim_start_matches(['\n', '\r', ' ']);
    let first = trimmed.lines().next()?;
    let looks_header = first
        .split_once(':')
        .is_some_and(|(n, _)| !n.is_empty() && !n.contains(' ') && n.len() < 64);
    looks_header.then_some(trimmed)
}

/// The notice text without the inline original message.
pub(crate) fn notice(text: &str) -> &str {
    match original_start(text) {
        Some(i) => text.get(..i).unwrap_or(text),
        None => text,
    }
}

