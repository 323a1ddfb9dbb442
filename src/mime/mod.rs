//! From raw bytes to the pieces the decoders read: the bounce's own headers,
//! its human-readable notification text, its delivery-status and
//! feedback-report parts, and the headers of the returned original message.
//! [`entity`] reads the MIME structure itself.

mod entity;
mod html;
mod original;

pub(crate) use original::{LineEnd, line_end_kind};

use std::borrow::Cow;

use mail_parser::{Address, MessageParser};
use once_cell::sync::Lazy;

use crate::address::is_mail_system;
use crate::limits::Limits;
use crate::report::OriginalMessage;
use crate::text::cap;

use entity::Entity;
use original::{
    header_section, inline_original, keep_original_headers, original_fields, original_of,
    original_start, push_field,
};

/// A bounce, taken apart.
#[derive(Debug, Default)]
pub(crate) struct Bounce<'a> {
    /// From address, lowercase.
    pub from: String,
    /// From display name and address, as written (for sniffing "Mail Delivery System").
    pub from_display: String,
    /// Subject, decoded.
    pub subject: String,
    /// Selected top-level headers for format sniffing, names lowercase;
    /// values borrowed from the input when they are valid UTF-8.
    pub headers: Vec<(&'static str, Cow<'a, str>)>,
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
    /// Where in `text` a returned original message starts, if a marker
    /// shows one (see [`Bounce::notice`]).
    pub original_at: Option<usize>,
    /// True when text was left out at `max_notice_bytes`.
    pub text_cut: bool,
    /// True when the input or the walk over its parts was cut (not only the
    /// notice text): a report may lie past the cut.
    pub structure_cut: bool,
}

impl Bounce<'_> {
    /// A top-level header's value, by lowercase name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_ref())
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
    "x-apple-unsubscribe",
    "x-zohomail",
    "x-spasign",
    "x-mlserver",
];

/// mail-parser, given a header section cut down to the fields read from it
/// (From, To, Subject, Message-ID; see [`original_fields`]): its default
/// setting parses each with its own parser, found by a `match` (a parser
/// set field by field finds them in a hash map). The MIME structure is
/// read by [`entity`].
pub(super) static PARSER: Lazy<MessageParser> = Lazy::new(MessageParser::new);

/// At most this many header fields of the bounce are kept for sniffing the
/// format (From and Subject are read wherever they are).
const MAX_FIELDS: usize = 256;

/// Parses the message. `None` when it has no header section at all.
pub(crate) fn read<'r>(raw: &'r [u8], limits: &Limits) -> Option<Bounce<'r>> {
    let top = Entity::split(raw);
    let mut b = Bounce::default();
    // A header section has at least one field with a well-formed name
    // (RFC 5322 §2.2: printable ASCII, no colon); binary junk has none.
    let mut has_field = false;
    // From and Subject, for mail-parser to decode.
    let mut wanted = Vec::with_capacity(256);
    let mut received = 0;
    let mut shape = entity::Shape::default();
    for (n, (name, raw_value)) in entity::fields(top.head).enumerate() {
        shape.add(name, raw_value);
        if n < MAX_FIELDS {
            has_field |= name.iter().all(|c| c.is_ascii_graphic() && *c != b':');
        }
        if name.eq_ignore_ascii_case(b"from") || name.eq_ignore_ascii_case(b"subject") {
            push_field(&mut wanted, name, raw_value);
        }
        if n >= MAX_FIELDS {
            continue;
        }
        let Some(&known) = SNIFF_HEADERS
            .iter()
            .find(|k| k.as_bytes().eq_ignore_ascii_case(name))
        else {
            continue;
        };
        if known == "received" {
            received += 1;
            if received > 4 {
                continue;
            }
        }
        let value = match lossy(raw_value.get(..4096).unwrap_or(raw_value)) {
            Cow::Borrowed(v) => Cow::Borrowed(trim_and_cap(v)),
            Cow::Owned(v) => Cow::Owned(trim_and_cap(&v).to_string()),
        };
        b.headers.push((known, value));
    }
    if !has_field {
        return None;
    }
    wanted.extend_from_slice(b"\r\n");
    if let Some(h) = PARSER.parse_headers(&wanted) {
        b.from = addr_of(h.from()).unwrap_or_default().to_ascii_lowercase();
        b.from_display = display_of(h.from());
        b.subject = h.subject().unwrap_or_default().to_string();
    }
    b.is_report = shape.is_type("multipart") && shape.is_subtype("report");
    b.report_type = shape
        .param("report-type")
        .map(|t| lossy(&t).to_ascii_lowercase())
        .unwrap_or_default();
    let mut walk = Walk::new(limits, raw.len());
    walk.shaped(&mut b, top.body, &shape, false, 0);
    let attached = walk.finish(&mut b);
    // A delivery report that a mail system (a relay, a filtering gateway)
    // wrapped as an attachment: the report inside is the one to read. A
    // person forwarding a bounce ("Fwd: Undelivered Mail") is not a bounce.
    // One level only: the inner message is walked, not searched for a
    // report of its own.
    if b.status_parts.is_empty()
        && b.feedback.is_none()
        && is_mail_system(&b.from)
        && let Some(inner) = attached.map(Entity::split)
        && is_delivery_report(&inner.shape())
    {
        b.original_attached = false;
        b.original = OriginalMessage::default();
        let mut walk = Walk::new(limits, raw.len());
        walk.entity(&mut b, inner, false, 0);
        walk.finish(&mut b);
    }
    b.structure_cut = b.truncated;
    b.original_at = original_start(&b.text);
    // Text past the limit is most often the returned message, inline; with
    // no sign of it before the cut, the notice itself was cut.
    b.truncated |= b.text_cut && b.original_at.is_none();
    if !b.original_attached
        && let Some(rest) = inline_original(&b.text, b.original_at)
        && let Some(h) = PARSER.parse_headers(&original_fields(header_section(rest.as_bytes())))
    {
        b.original = original_of(&h);
    }
    Some(b)
}

/// How deep multiparts may nest (the walk recurses once a level), whatever
/// `max_mime_parts` says.
const MAX_DEPTH: usize = 256;

/// A sniffed header value: trimmed, and cut at 1,024 characters (its first
/// 4,096 bytes are enough for them).
fn trim_and_cap(value: &str) -> &str {
    let value = value.trim();
    // No more bytes than characters: a short value is not counted.
    let cut = (value.len() > 1024)
        .then(|| value.char_indices().nth(1024))
        .flatten();
    match cut {
        Some((end, _)) => value.get(..end).unwrap_or_default(),
        None => value,
    }
}

/// A walk over the parts of a message, depth first, in the order they are
/// written: what it keeps of each goes into the [`Bounce`].
struct Walk<'r, 'l> {
    limits: &'l Limits,
    /// Entities seen, multiparts included.
    parts: usize,
    /// Text parts added to the notice.
    text_parts: usize,
    /// The first HTML part: turned into text only when there is no plain
    /// text, as the conversion cost as much as the rest of the walk.
    html: Option<(entity::Shape<'r>, &'r [u8])>,
    /// The body of the first returned message.
    attached: Option<&'r [u8]>,
    /// Bytes the multipart splits may still search: eight times the
    /// input, and 16 MiB more. Real bounces nest three or four deep.
    scan_budget: usize,
}

impl<'r, 'l> Walk<'r, 'l> {
    fn new(limits: &'l Limits, input: usize) -> Self {
        Walk {
            limits,
            scan_budget: input.saturating_mul(8).saturating_add(16 << 20),
            parts: 0,
            text_parts: 0,
            html: None,
            attached: None,
        }
    }

    /// Walks one entity and what it contains. False when a limit stopped
    /// the walk.
    fn entity(&mut self, b: &mut Bounce, e: Entity<'r>, in_digest: bool, depth: usize) -> bool {
        self.shaped(b, e.body, &e.shape(), in_digest, depth)
    }

    /// [`Walk::entity`], its header section read already.
    fn shaped(
        &mut self,
        b: &mut Bounce,
        body: &'r [u8],
        shape: &entity::Shape<'r>,
        in_digest: bool,
        depth: usize,
    ) -> bool {
        if self.parts >= self.limits.max_mime_parts {
            b.truncated = true;
            return false;
        }
        self.parts += 1;
        if shape.is_type("multipart")
            && let Some(boundary) = shape.param("boundary")
        {
            // The walk recurses once a level: bounded whatever the limits.
            if depth >= MAX_DEPTH {
                b.truncated = true;
                return false;
            }
            // Each level searches its body once more for its delimiter:
            // multiparts nested a thousand deep around a large body would
            // take that many passes over it.
            if body.len() > self.scan_budget {
                b.truncated = true;
                return false;
            }
            self.scan_budget -= body.len();
            let room = self.limits.max_mime_parts.saturating_sub(self.parts) + 1;
            if let Some(parts) = entity::parts(body, &boundary, room) {
                let digest = shape.is_subtype("digest");
                for part in parts {
                    if !self.entity(b, Entity::split(part), digest, depth + 1) {
                        return false;
                    }
                }
                return true;
            }
            // No delimiter: a boundary parameter that is missing or
            // malformed (a parameter line not folded). The parts are read
            // as the text they are, below.
        }
        self.leaf(b, shape, body, in_digest);
        true
    }

    /// One part that is not split further.
    fn leaf(&mut self, b: &mut Bounce, shape: &entity::Shape<'r>, body: &'r [u8], in_digest: bool) {
        let limits = self.limits;
        // No Content-Type: text/plain, or message/rfc822 in a digest.
        let (ctype, subtype): (&[u8], &[u8]) = match shape.content_type {
            Some(_) => (shape.ctype, shape.subtype),
            None if in_digest => (b"message", b"rfc822"),
            None => (b"text", b"plain"),
        };
        let is = |t: &[u8], s: &str| t.eq_ignore_ascii_case(s.as_bytes());
        let message = is(ctype, "message");
        if message && (is(subtype, "delivery-status") || is(subtype, "global-delivery-status")) {
            let (bytes, _) = entity::decode(body, shape.encoding, usize::MAX);
            push_capped(b, &lossy(&bytes), limits);
        } else if is(subtype, "feedback-report") || (is(ctype, "text") && is(subtype, "feedback")) {
            if b.feedback.is_none() {
                let (bytes, _) = entity::decode(body, shape.encoding, usize::MAX);
                b.feedback = Some(cap(&lossy(&bytes), limits.max_text_bytes * 8).to_string());
            }
        } else if message && (is(subtype, "rfc822") || is(subtype, "global")) {
            // Never transfer-decoded: RFC 2046 §5.2.1 forbids encoding it,
            // and its header section is all that is read.
            self.attached.get_or_insert(body);
            keep_original_headers(b, body);
        } else if is(subtype, "rfc822-headers")
            || is(subtype, "global-headers")
            || (is(ctype, "text") && is(subtype, "rfc822"))
        {
            let (bytes, _) = entity::decode(body, shape.encoding, 64 * 1024 * 4 / 3 + 4);
            keep_original_headers(b, &bytes);
        } else if is(ctype, "text") && is(subtype, "html") {
            if self.html.is_none() {
                self.html = Some((*shape, body));
            }
        } else if is(ctype, "text") || is(ctype, "multipart") {
            if self.text_parts >= 8 && !shape.attachment {
                return;
            }
            // Enough of the encoded body to fill the room left, each byte
            // of text taking at most three encoded ones.
            let room = limits.max_notice_bytes.saturating_sub(b.text.len());
            let (text, cut) = text_of(shape, body, room.saturating_mul(3).saturating_add(8));
            if shape.attachment && looks_like_headers(&text) {
                keep_original_headers(b, text.as_bytes());
            } else if self.text_parts < 8 {
                self.text_parts += 1;
                append_text(b, &text, limits);
                b.text_cut |= cut && room > 0;
            }
        }
    }

    /// Ends the walk: HTML as text when there is no plain text. Returns the
    /// body of the first returned message.
    fn finish(self, b: &mut Bounce) -> Option<&'r [u8]> {
        let limits = self.limits;
        if b.text.trim().is_empty()
            && let Some((shape, body)) = self.html
        {
            // With a delivery-status part, the HTML only adds to what the
            // fields say, and its head says it: converting all of a long
            // styled page cost more than the rest of the walk.
            let room = if b.status_parts.is_empty() { 32 } else { 8 };
            let max = limits.max_text_bytes * room;
            let (text, _) = text_of(&shape, body, max.saturating_mul(3).saturating_add(8));
            let capped = cap(&text, max);
            let h = html::html_to_text(capped);
            append_text(b, &h, limits);
        }
        self.attached
    }
}

/// True for a multipart/report of delivery status (RFC 3464, RFC 6533).
fn is_delivery_report(shape: &entity::Shape<'_>) -> bool {
    shape.is_type("multipart")
        && shape.is_subtype("report")
        && shape
            .param("report-type")
            .is_some_and(|t| lossy(&t).to_ascii_lowercase().contains("delivery-status"))
}

/// A text part as text: its transfer encoding undone (from the first `max`
/// encoded bytes; the flag says some were left), then its charset.
fn text_of<'a>(shape: &entity::Shape<'a>, body: &'a [u8], max: usize) -> (Cow<'a, str>, bool) {
    let (bytes, cut) = entity::decode(body, shape.encoding, max);
    let charset = shape.param("charset");
    let charset = charset
        .as_deref()
        .map(<[u8]>::trim_ascii)
        .unwrap_or_default();
    if let Some(fixed) = relabelled_euc_jp(charset, shape.encoding, &bytes) {
        return (Cow::Owned(fixed), cut);
    }
    // Text in ASCII reads the same in every charset that extends ASCII.
    if charset.is_empty() || (bytes.is_ascii() && extends_ascii(charset)) {
        return (owned_lossy(bytes), cut);
    }
    match mail_parser::decoders::charsets::map::charset_decoder(charset) {
        Some(decode) => (Cow::Owned(decode(&bytes)), cut),
        None => (owned_lossy(bytes), cut),
    }
}

/// Bytes as text, borrowed when they were and valid UTF-8.
fn owned_lossy(bytes: Cow<'_, [u8]>) -> Cow<'_, str> {
    match bytes {
        Cow::Borrowed(b) => lossy(b),
        Cow::Owned(v) => match String::from_utf8(v) {
            Ok(s) => Cow::Owned(s),
            Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        },
    }
}

/// Charsets in which ASCII bytes are the ASCII characters. Not UTF-7,
/// UTF-16, or ISO-2022 (its escapes are ASCII bytes).
fn extends_ascii(charset: &[u8]) -> bool {
    let starts = |p: &[u8]| {
        charset
            .get(..p.len())
            .is_some_and(|c| c.eq_ignore_ascii_case(p))
    };
    starts(b"us-ascii")
        || starts(b"ascii")
        || charset.eq_ignore_ascii_case(b"utf-8")
        || charset.eq_ignore_ascii_case(b"utf8")
        || starts(b"iso-8859-")
        || starts(b"iso8859-")
        || starts(b"windows-125")
        || starts(b"cp125")
        || starts(b"koi8-")
        || starts(b"latin")
        || starts(b"shift_jis")
        || starts(b"euc-")
        || starts(b"gb")
        || starts(b"big5")
}

/// Japanese mail systems (au/ezweb among them) send EUC-JP text labelled
/// ISO-2022-JP. ISO-2022-JP is 7-bit, so 8-bit bytes in an unencoded body
/// give the mislabel away; the body is then decoded as UTF-8 if it is valid
/// UTF-8, else as EUC-JP.
fn relabelled_euc_jp(charset: &[u8], encoding: entity::Encoding, raw: &[u8]) -> Option<String> {
    if !charset.eq_ignore_ascii_case(b"iso-2022-jp")
        || encoding != entity::Encoding::Identity
        || raw.is_ascii()
    {
        return None;
    }
    // Some send UTF-8 under the same label; EUC-JP text is almost never
    // valid UTF-8 as well.
    if let Ok(utf8) = std::str::from_utf8(raw) {
        return Some(utf8.to_string());
    }
    let decode = mail_parser::decoders::charsets::map::charset_decoder(b"euc-jp")?;
    Some(decode(raw))
}

/// True when a text starts with mail header fields: the original message's
/// headers sent as a text/plain attachment.
fn looks_like_headers(text: &str) -> bool {
    let first = text.trim_start().lines().next().unwrap_or_default();
    [
        "Received:",
        "Return-Path:",
        "From:",
        "Message-ID:",
        "Date:",
        "To:",
        "Subject:",
        "DKIM-Signature:",
    ]
    .iter()
    .any(|h| {
        first.len() >= h.len()
            && first
                .get(..h.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(h))
    })
}

fn push_capped(b: &mut Bounce, s: &str, limits: &Limits) {
    // Recipients past a cut are lost: the report must say so.
    if b.status_parts.len() < 8 {
        b.truncated |= s.len() > limits.max_status_bytes;
        b.status_parts
            .push(cap(s, limits.max_status_bytes).to_string());
    } else {
        b.truncated = true;
    }
}

/// Adds a part's text to the notice, up to `max_notice_bytes`.
fn append_text(b: &mut Bounce, s: &str, limits: &Limits) {
    let room = limits.max_notice_bytes.saturating_sub(b.text.len());
    let separator = usize::from(!b.text.is_empty());
    if s.len() + separator > room && !s.trim().is_empty() {
        b.text_cut = true;
    }
    if room == 0 {
        return;
    }
    if !b.text.is_empty() {
        b.text.push('\n');
    }
    b.text.push_str(cap(s, room));
}

/// Bytes as text, invalid UTF-8 replaced. `from_utf8` checks ASCII a word at
/// a time; `from_utf8_lossy` walks every byte even when all is valid.
fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

pub(super) fn addr_of(a: Option<&Address<'_>>) -> Option<String> {
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

impl Bounce<'_> {
    /// The notice text without the inline original message.
    pub(crate) fn notice(&self) -> &str {
        match self.original_at {
            Some(i) => self.text.get(..i).unwrap_or(&self.text),
            None => &self.text,
        }
    }
}
