//! From raw bytes to the pieces the decoders read: the bounce's own headers,
//! its human-readable notification text, its delivery-status and
//! feedback-report parts, and the headers of the returned original message.

use mail_parser::{Address, HeaderName, Message, MessageParser, MimeHeaders, PartType};
use once_cell::sync::Lazy;

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
    /// Selected top-level headers for format sniffing, names lowercase.
    pub headers: Vec<(&'static str, String)>,
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
    /// shows one (see [`notice`]).
    pub original_at: Option<usize>,
    /// True when text was left out at `max_notice_bytes`.
    pub text_cut: bool,
    /// True when the input or the walk over its parts was cut (not only the
    /// notice text): a report may lie past the cut.
    pub structure_cut: bool,
}

impl Bounce {
    /// A top-level header's value, by lowercase name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
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
    "x-apple-unsubscribe",
    "x-zohomail",
    "x-spasign",
    "x-mlserver",
];

/// mail-parser, set to parse only the fields read here: the MIME fields,
/// From, To, Subject and Message-ID. Every other field (Received, Date,
/// DKIM-Signature, ...) is skipped, its place still recorded; its raw value
/// is read from there when a decoder needs it. Parsing them all, Received
/// above all, took a third of mail-parser's time.
static PARSER: Lazy<MessageParser> = Lazy::new(|| {
    MessageParser::new()
        .with_mime_headers()
        .header_text(HeaderName::Subject)
        .header_address(HeaderName::From)
        .header_address(HeaderName::To)
        .header_id(HeaderName::MessageId)
        .default_header_ignore()
});

/// Parses the message. `None` when it has no header section at all.
pub(crate) fn read(raw: &[u8], limits: &Limits) -> Option<Bounce> {
    let (input, cut) = tame(raw, limits);
    let msg = Flat(PARSER.parse(input.as_ref())?);
    // A header section has at least one field with a well-formed name
    // (RFC 5322 §2.2: printable ASCII, no colon); binary junk has none.
    let has_field = msg.headers().iter().take(256).any(|h| {
        let n = h.name();
        !n.is_empty() && n.bytes().all(|c| c.is_ascii_graphic() && c != b':')
    });
    if !has_field {
        return None;
    }
    let mut b = Bounce {
        from: addr_of(msg.from()).unwrap_or_default().to_ascii_lowercase(),
        from_display: display_of(msg.from()),
        subject: msg.subject().unwrap_or_default().to_string(),
        truncated: cut,
        ..Bounce::default()
    };
    let mut received = 0;
    for h in msg.headers().iter().take(256) {
        let name = h.name();
        let Some(&known) = SNIFF_HEADERS.iter().find(|k| k.eq_ignore_ascii_case(name)) else {
            continue;
        };
        if known == "received" {
            received += 1;
            if received > 4 {
                continue;
            }
        }
        let raw_value = msg
            .raw_message()
            .get(h.offset_start() as usize..h.offset_end() as usize)
            .unwrap_or_default();
        // 1024 characters take 4096 bytes at most.
        let raw_value = raw_value.get(..4096).unwrap_or(raw_value);
        let value = lossy(raw_value);
        let value = value.trim();
        // No more bytes than characters: a short value is not counted.
        let cut = (value.len() > 1024)
            .then(|| value.char_indices().nth(1024))
            .flatten();
        let value = match cut {
            Some((end, _)) => value.get(..end).unwrap_or_default(),
            None => value,
        };
        b.headers.push((known, value.to_string()));
    }
    if let Some(ct) = msg.root_part().content_type() {
        b.is_report = ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"));
        b.report_type = ct
            .attribute("report-type")
            .unwrap_or_default()
            .to_ascii_lowercase();
    }
    let attached = walk(&msg, &mut b, limits);
    // A delivery report that a mail system (a relay, a filtering gateway)
    // wrapped as an attachment: the report inside is the one to read. A
    // person forwarding a bounce ("Fwd: Undelivered Mail") is not a bounce.
    if b.status_parts.is_empty() && b.feedback.is_none() && crate::record::is_mail_system(&b.from) {
        if let Some(inner) = attached_report(&msg) {
            b.original_attached = false;
            b.original = OriginalMessage::default();
            walk(inner, &mut b, limits);
        } else if let Some(bytes) = attached.filter(|m| is_report(m)) {
            // One level only: the inner message is walked, not searched for
            // a report of its own.
            let (inner_input, inner_cut) = tame(bytes, limits);
            if let Some(inner) = PARSER.parse(inner_input.as_ref()).map(Flat) {
                b.original_attached = false;
                b.original = OriginalMessage::default();
                b.truncated |= inner_cut;
                walk(&inner, &mut b, limits);
            }
        }
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

/// What mail-parser is given of the input, and whether it was cut.
///
/// mail-parser makes a part per boundary delimiter and a nested message per
/// `message/*` part, some 500 bytes each, and both builds (`into_owned`) and
/// drops nested messages recursively. Unchecked, eight bytes of
/// `--b\r\n\r\n` cost 60 times their size in memory, and a few thousand
/// nested `message/rfc822` parts overflow the stack: an abort that
/// `catch_unwind` cannot catch. So:
/// - the input is cut where it has shown 64 × `max_mime_parts` MIME markers
///   (runs of `-`, the word `message`); the walk never gets that far anyway;
/// - a `message/*` part (or a part with no Content-Type, in a digest) does not
///   get its Content-Transfer-Encoding: mail-parser would decode and parse
///   it, and the structure of the decoded bytes is out of this scan's sight.
///   RFC 2046 §5.2.1 forbids encoding a message/rfc822 body anyway;
/// - `message/rfc822` and `message/global` written plainly in a Content-Type
///   field become `message/xfc822` and `message/xlobal` ([`RENAMED`]): an
///   unknown type, which mail-parser keeps as bytes instead of parsing the
///   returned message whole, attachments and all, when only its header
///   section is read. That was a third of mail-parser's time over the shared
///   corpus. A form this misses (a comment, a folded line) is parsed as
///   before: slower, no less safe.
fn tame<'a>(raw: &'a [u8], limits: &Limits) -> (std::borrow::Cow<'a, [u8]>, bool) {
    let max_markers = limits.max_mime_parts.saturating_mul(64).max(64);
    let mut markers = 0usize;
    let mut end = raw.len();
    // Only `-` and `m` bytes count; memchr finds them. A byte-by-byte loop
    // here cost as much as mail-parser's whole parse on a large attachment.
    // A run of dashes counts at the byte that ends it, and the input is cut
    // at the first byte where the count goes over.
    let mut dashes = 0usize;
    let mut last_dash = 0usize;
    let close_run = |dashes: &mut usize, markers: &mut usize| {
        if *dashes >= 2 {
            // A boundary match takes two dashes and at least one more byte.
            *markers += 1 + *dashes / 3;
        }
        *dashes = 0;
    };
    // Each marker takes two bytes or more (`--x` is one in three, `---x` two
    // in four, `message` one in seven): a shorter input cannot go over.
    // Nor can one with fewer `-`, `m` and `M` bytes than the limit: each
    // marker has at least one of its own. Counting them is one vectorised
    // pass; the exact count below stops at each such byte, and `m` is
    // common in text.
    let scan = if raw.len() / 2 > max_markers && marker_bytes(raw) > max_markers {
        raw
    } else {
        &[][..]
    };
    for i in memchr::memchr3_iter(b'-', b'm', b'M', scan) {
        if dashes > 0 && i != last_dash + 1 {
            // The run ended at the byte after it, neither `-` nor `m`.
            close_run(&mut dashes, &mut markers);
            if markers > max_markers {
                end = last_dash + 1;
                break;
            }
        }
        if raw.get(i) == Some(&b'-') {
            dashes += 1;
            last_dash = i;
            continue;
        }
        close_run(&mut dashes, &mut markers);
        if raw
            .get(i..i + 7)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"message"))
        {
            markers += 1;
        }
        if markers > max_markers {
            end = i;
            break;
        }
    }
    if end == raw.len() && dashes > 0 && last_dash + 1 < scan.len() {
        close_run(&mut dashes, &mut markers);
        if markers > max_markers {
            end = last_dash + 1;
        }
    }
    let cut = end < raw.len();
    let input = raw.get(..end).unwrap_or(raw);
    let fields = scan_fields(input);
    let mut owned: Option<Vec<u8>> = None;
    for at in fields.renames {
        if let Some(c) = owned.get_or_insert_with(|| input.to_vec()).get_mut(at) {
            *c = b'x';
        }
    }
    let (encodings, has_digest) = (fields.encodings, fields.digest);
    // One decision per header block; several fields may share one.
    let mut block: Option<(usize, usize, bool)> = None;
    for at in encodings {
        let neutralise = match block {
            Some((s, e, d)) if s <= at && at < e => d,
            _ => {
                let (s, e) = block_around(input, at);
                let d = may_be_message(input.get(s..e).unwrap_or_default(), has_digest);
                block = Some((s, e, d));
                d
            }
        };
        if neutralise && let Some(c) = owned.get_or_insert_with(|| input.to_vec()).get_mut(at) {
            // "Xontent-Transfer-Encoding" is no such field: the body stays as it is.
            *c = b'X';
        }
    }
    match owned {
        Some(v) => (std::borrow::Cow::Owned(v), cut),
        None => (std::borrow::Cow::Borrowed(input), cut),
    }
}

/// How many `-`, `m` and `M` bytes `raw` holds: a bound on the MIME markers
/// [`tame`] counts. Counted in chunks of at most 255 bytes into a `u8`, which
/// the compiler turns into vector instructions.
fn marker_bytes(raw: &[u8]) -> usize {
    raw.chunks(255)
        .map(|chunk| {
            let n = chunk
                .iter()
                .map(|&c| u8::from(c == b'-') | u8::from(c | 0x20 == b'm'))
                .fold(0u8, u8::wrapping_add);
            usize::from(n)
        })
        .sum()
}

/// The header fields [`tame`] acts on, found from their colons.
#[derive(Default)]
struct TameFields {
    /// Where each Content-Transfer-Encoding field name starts.
    encodings: Vec<usize>,
    /// The first byte of each `rfc822` or `global` subtype of a
    /// `message/...` Content-Type, to rename.
    renames: Vec<usize>,
    /// True when a Content-Type field names a digest.
    digest: bool,
}

/// Finds the fields [`tame`] acts on. A field is a name at the start of a
/// line (spaces around it allowed, as mail-parser allows them) before a
/// colon; `memchr` jumps from colon to colon, and the name is compared
/// there. Searching the whole text for each name, case-insensitively, cost
/// five times more.
fn scan_fields(raw: &[u8]) -> TameFields {
    const CTE: &[u8] = b"content-transfer-encoding";
    const CT: &[u8] = b"content-type";
    let mut out = TameFields::default();
    for colon in memchr::memchr_iter(b':', raw) {
        // The name ends at the colon, spaces aside.
        let before = raw.get(..colon).unwrap_or_default();
        let name_end = before.len()
            - before
                .iter()
                .rev()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
        // Most colons are in text: both names end in `e` or `g`, which rules
        // out nearly all the others at once.
        if !matches!(
            before.get(name_end.wrapping_sub(1)),
            Some(b'e' | b'E' | b'g' | b'G')
        ) {
            continue;
        }
        let named = |name: &[u8]| {
            let start = name_end.checked_sub(name.len())?;
            before
                .get(start..name_end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                .then_some(start)
        };
        // Where the name's line starts, if only whitespace comes before it
        // on its line (mail-parser skips whitespace before a block's first
        // field). Each colon looks back over its own run of whitespace only.
        let line_start = |start: usize| {
            let head = before.get(..start).unwrap_or_default();
            let ws = head
                .iter()
                .rev()
                .take_while(|c| matches!(c, b' ' | b'\t' | b'\r'))
                .count();
            let line = start - ws;
            (line == 0 || head.get(line - 1) == Some(&b'\n')).then_some(line)
        };
        if let Some(start) = named(CTE) {
            if line_start(start).is_some() {
                out.encodings.push(start);
            }
        } else if let Some(start) = named(CT)
            // A folded line is no field of its own; skipping lines that
            // start with whitespace also keeps the fields read here apart,
            // so each byte is read once. A Content-Type missed here is only
            // parsed the slow way.
            && line_start(start) == Some(start)
        {
            let value_start = colon + 1;
            let value = raw
                .get(value_start..field_end(raw, value_start))
                .unwrap_or_default();
            let lead = value
                .iter()
                .position(|c| !c.is_ascii_whitespace())
                .unwrap_or(value.len());
            let ty = value.get(lead..).unwrap_or_default();
            let original = ty.get(..14).is_some_and(|t| {
                t.eq_ignore_ascii_case(b"message/rfc822")
                    || t.eq_ignore_ascii_case(b"message/global")
            }) && !ty.get(14).is_some_and(|c| {
                c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'+')
            });
            if original {
                out.renames.push(value_start + lead + b"message/".len());
            }
            out.digest |= value.windows(6).any(|w| w.eq_ignore_ascii_case(b"digest"));
        }
    }
    out
}

/// Where the header field whose value starts at `from` ends: the line end
/// that no folded line (one starting with a space or tab) follows.
fn field_end(raw: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(nl) = raw.get(at..).and_then(|r| memchr::memchr(b'\n', r)) {
        at += nl + 1;
        if !matches!(raw.get(at), Some(b' ' | b'\t')) || at - from > 4096 {
            return at;
        }
    }
    raw.len()
}

/// The subtypes [`tame`] writes for `message/rfc822` and `message/global`.
pub(crate) const RENAMED: [&str; 2] = ["xfc822", "xlobal"];

/// The header block around `at`: from after the last line of only
/// whitespace before it (mail-parser ends a header section at such a line)
/// to the start of the next one. It may take in a delimiter line or body
/// text before the fields: more text, more caution.
fn block_around(raw: &[u8], at: usize) -> (usize, usize) {
    let is_blank = |line: &[u8]| line.iter().all(u8::is_ascii_whitespace);
    let line_start = |pos: usize| {
        raw.get(..pos)
            .and_then(|r| memchr::memrchr(b'\n', r))
            .map_or(0, |i| i + 1)
    };
    let mut start = line_start(at);
    while start > 0 {
        let prev = line_start(start - 1);
        if is_blank(raw.get(prev..start).unwrap_or_default()) {
            break;
        }
        start = prev;
    }
    let mut lines = memchr::memchr_iter(b'\n', raw.get(at..).unwrap_or_default()).map(|i| at + i);
    let Some(mut nl) = lines.next() else {
        return (start, raw.len());
    };
    loop {
        let next = nl + 1;
        let next_nl = lines.next();
        let next_end = next_nl.unwrap_or(raw.len());
        if next >= raw.len() || is_blank(raw.get(next..next_end).unwrap_or_default()) {
            return (start, next.min(raw.len()));
        }
        match next_nl {
            Some(n) => nl = n,
            None => return (start, raw.len()),
        }
    }
}

/// True unless the header block shows exactly one Content-Type, and not a
/// `message/*` one. No Content-Type means text/plain, except in a digest.
/// A name in a signature's list of signed fields (DKIM `h=a:content-type`)
/// is not a field.
fn may_be_message(block: &[u8], has_digest: bool) -> bool {
    let mut types = find_all_ci(block, b"content-type");
    types.retain(|&i| i == 0 || !matches!(block.get(i - 1), Some(b':' | b'=')));
    match types.as_slice() {
        [] => has_digest,
        [one] => {
            // The field with its continuation lines.
            let mut field_end = *one;
            while let Some(nl) = block
                .get(field_end..)
                .and_then(|r| r.iter().position(|&c| c == b'\n'))
            {
                field_end += nl + 1;
                if !matches!(block.get(field_end), Some(b' ' | b'\t')) {
                    break;
                }
            }
            contains_bytes_ci(block.get(*one..field_end).unwrap_or_default(), b"message")
        }
        _ => true,
    }
}

use crate::record::find_bytes_ci;

fn contains_bytes_ci(hay: &[u8], needle: &[u8]) -> bool {
    find_bytes_ci(hay, needle).is_some()
}

fn find_all_ci(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = find_bytes_ci(hay.get(from..).unwrap_or_default(), needle) {
        out.push(from + i);
        from += i + needle.len();
    }
    out
}

/// A parsed message that is dropped without recursion: mail-parser's own
/// drop recurses once per nested message.
struct Flat<'x>(Message<'x>);

impl<'x> std::ops::Deref for Flat<'x> {
    type Target = Message<'x>;
    fn deref(&self) -> &Message<'x> {
        &self.0
    }
}

impl Drop for Flat<'_> {
    fn drop(&mut self) {
        let mut stack = vec![std::mem::take(&mut self.0)];
        while let Some(mut m) = stack.pop() {
            for part in &mut m.parts {
                if let PartType::Message(inner) = &mut part.body {
                    stack.push(std::mem::take(inner));
                }
            }
        }
    }
}

/// The first attached message that is itself a delivery report.
fn attached_report<'a>(msg: &'a Message<'a>) -> Option<&'a Message<'a>> {
    msg.parts.iter().take(64).find_map(|p| match &p.body {
        PartType::Message(inner) => is_delivery_report(inner).then_some(inner),
        _ => None,
    })
}

/// Walks the parts of `msg` into `b`. Returns the body of the first returned
/// message that mail-parser kept as bytes (see [`tame`]).
fn walk<'m>(msg: &'m Message<'_>, b: &mut Bounce, limits: &Limits) -> Option<&'m [u8]> {
    let mut attached: Option<&'m [u8]> = None;
    // Only the first HTML part is kept, and turned into text only when there
    // is no plain text: the conversion cost as much as the rest of the walk.
    let mut html: Option<&str> = None;
    let mut text_parts = 0usize;
    for (n, part) in msg.parts.iter().enumerate() {
        if n >= limits.max_mime_parts {
            b.truncated = true;
            break;
        }
        // mail-parser gives the type and subtype lowercase already.
        let (ctype, subtype) = part
            .content_type()
            .map(|c| (c.ctype(), c.subtype().unwrap_or_default()))
            .unwrap_or(("text", "plain"));
        match &part.body {
            PartType::Message(inner) => {
                if !b.original_attached {
                    b.original = original_of(inner);
                    b.original_attached = true;
                }
            }
            PartType::Text(t) => {
                // message/rfc822 and text/rfc822-headers alike. mail-parser
                // makes text of any part whose end it had to guess.
                let renamed = ctype == "message" && RENAMED.contains(&subtype);
                if renamed {
                    attached.get_or_insert(t.as_bytes());
                }
                let is_headers = subtype == "rfc822-headers" || subtype == "rfc822";
                if renamed || is_headers || (is_attachment(part) && looks_like_headers(t)) {
                    keep_original_headers(b, t.as_bytes());
                } else if ctype == "message"
                    && (subtype == "delivery-status" || subtype == "global-delivery-status")
                {
                    push_capped(b, t, limits);
                } else if subtype == "feedback-report" || subtype == "feedback" {
                    b.feedback
                        .get_or_insert_with(|| cap(t, limits.max_text_bytes * 8));
                } else if text_parts < 8 {
                    text_parts += 1;
                    match relabelled_euc_jp(msg, part) {
                        Some(fixed) => append_text(b, &fixed, limits),
                        None => append_text(b, t, limits),
                    }
                }
            }
            PartType::Html(h) => {
                if html.is_none() {
                    html = Some(h);
                }
            }
            PartType::Binary(bytes) | PartType::InlineBinary(bytes) => {
                // Decoded only in the branches that read it, never for an
                // attachment (a 50 MiB one took a 50 MiB copy).
                let body = || lossy(bytes);
                if ctype == "message"
                    && (subtype == "delivery-status" || subtype == "global-delivery-status")
                {
                    push_capped(b, &body(), limits);
                } else if ctype == "message" && subtype == "feedback-report" {
                    b.feedback
                        .get_or_insert_with(|| cap(&body(), limits.max_text_bytes * 8));
                } else if ctype == "message" && RENAMED.contains(&subtype) {
                    attached.get_or_insert(bytes);
                    keep_original_headers(b, bytes);
                } else if (ctype == "message" && (subtype == "rfc822" || subtype == "global"))
                    || subtype == "rfc822-headers"
                    || subtype == "global-headers"
                {
                    keep_original_headers(b, bytes);
                } else if (ctype == "text" || ctype == "multipart") && text_parts < 8 {
                    // A multipart whose boundary parameter is missing or
                    // malformed (a parameter line not folded) cannot be
                    // split: its parts are read as the text they are.
                    text_parts += 1;
                    append_text(b, &body(), limits);
                }
            }
            PartType::Multipart(_) => {}
        }
    }
    if b.text.trim().is_empty()
        && let Some(h) = html
    {
        // With a delivery-status part, the HTML only adds to what the
        // fields say, and its head says it: converting all of a long styled
        // page cost more than the rest of the walk.
        let room = if b.status_parts.is_empty() { 32 } else { 8 };
        let capped = cap(h, limits.max_text_bytes * room);
        let h = mail_parser::decoders::html::html_to_text(&capped);
        append_text(b, &h, limits);
    }
    attached
}

/// True when a message's header section says it is a delivery report.
fn is_report(raw: &[u8]) -> bool {
    PARSER
        .parse_headers(header_section(raw))
        .is_some_and(|h| is_delivery_report(&h))
}

/// True for a multipart/report of delivery status (RFC 3464, RFC 6533).
fn is_delivery_report(m: &Message<'_>) -> bool {
    m.root_part().content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
            && ct
                .attribute("report-type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("delivery-status"))
    })
}

/// The fields of a header section that [`original_of`] reads (From, To,
/// Subject, Message-ID), with their folded lines, and a blank line after
/// them. mail-parser then parses a few hundred bytes instead of a chain of
/// Received and signature fields.
fn original_fields(head: &[u8]) -> Vec<u8> {
    const WANTED: [&[u8]; 4] = [b"from", b"to", b"subject", b"message-id"];
    let mut out = Vec::new();
    let mut keep = false;
    let mut line_start = 0;
    while line_start < head.len() {
        let line_end = memchr::memchr(b'\n', head.get(line_start..).unwrap_or_default())
            .map_or(head.len(), |i| line_start + i + 1);
        let line = head.get(line_start..line_end).unwrap_or_default();
        if !matches!(line.first(), Some(b' ' | b'\t')) {
            keep = line.iter().position(|&c| c == b':').is_some_and(|colon| {
                let name = line.get(..colon).unwrap_or_default().trim_ascii();
                WANTED.iter().any(|w| name.eq_ignore_ascii_case(w))
            });
        }
        if keep {
            out.extend_from_slice(line);
        }
        line_start = line_end;
    }
    // A section cut right after its last field (no line end, as when a MIME
    // boundary follows at once) would lose that field.
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// A message's header section, to the blank line that ends it (included),
/// within its first 64 KiB.
fn header_section(raw: &[u8]) -> &[u8] {
    let head = raw.get(..64 * 1024).unwrap_or(raw);
    let end = memchr::memchr_iter(b'\n', head).find_map(|i| match head.get(i + 1..) {
        Some([b'\n', ..]) => Some(i + 2),
        Some([b'\r', b'\n', ..]) => Some(i + 3),
        _ => None,
    });
    head.get(..end.unwrap_or(head.len())).unwrap_or(head)
}

/// Japanese mail systems (au/ezweb among them) send EUC-JP text labelled
/// ISO-2022-JP. ISO-2022-JP is 7-bit, so 8-bit bytes in an unencoded body
/// give the mislabel away; the body is then decoded as UTF-8 if it is valid
/// UTF-8, else as EUC-JP.
fn relabelled_euc_jp(msg: &Message<'_>, part: &mail_parser::MessagePart<'_>) -> Option<String> {
    let labelled = part
        .content_type()
        .and_then(|c| c.attribute("charset"))
        .is_some_and(|cs| cs.eq_ignore_ascii_case("iso-2022-jp"));
    if !labelled || part.encoding != mail_parser::Encoding::None {
        return None;
    }
    let raw = msg
        .raw_message()
        .get(part.offset_body as usize..part.offset_end as usize)?;
    if !raw.iter().any(|c| *c >= 0x80) {
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

/// True for a part sent as an attachment (Content-Disposition: attachment).
fn is_attachment(part: &mail_parser::MessagePart<'_>) -> bool {
    part.content_disposition()
        .is_some_and(|d| d.ctype().eq_ignore_ascii_case("attachment"))
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

fn keep_original_headers(b: &mut Bounce, raw: &[u8]) {
    if b.original_attached {
        return;
    }
    if let Some(h) = PARSER.parse_headers(&original_fields(header_section(raw))) {
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

fn push_capped(b: &mut Bounce, s: &str, limits: &Limits) {
    // Recipients past a cut are lost: the report must say so.
    if b.status_parts.len() < 8 {
        b.truncated |= s.len() > limits.max_status_bytes;
        b.status_parts.push(cap(s, limits.max_status_bytes));
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
    b.text.push_str(&cap(s, room));
}

/// Bytes as text, invalid UTF-8 replaced. `from_utf8` checks ASCII a word at
/// a time; `from_utf8_lossy` walks every byte even when all is valid.
fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
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
    // The same line after `tame` renamed the type (see RENAMED).
    "content-type: message/xfc822",
    "content-type: text/rfc822-headers",
    "original message headers:",
    "original message:",
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
fn inline_original(text: &str, start: Option<usize>) -> Option<&str> {
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

impl Bounce {
    /// The notice text without the inline original message.
    pub(crate) fn notice(&self) -> &str {
        match self.original_at {
            Some(i) => self.text.get(..i).unwrap_or(&self.text),
            None => &self.text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_fields_finds_the_fields_tame_acts_on() {
        let raw = b"Subject: a message/rfc822 in a subject\r\n\
Content-Type: multipart/digest; boundary=b\r\n\
\r\n\
--b\r\n\
Content-Type:\r\n  Message/RFC822; x=1\r\n\
\r\n\
--b\r\n\
          Content-Transfer-Encoding : base64\r\n\
Content-Type: message/global-headers\r\n\
X-Note: content-type: message/rfc822\r\n\
\r\n";
        let f = scan_fields(raw);
        let text = |at: usize| String::from_utf8_lossy(&raw[at..at + 6]).into_owned();
        // The folded Content-Type is renamed; the subject, the longer
        // subtype and the mention in another field's value are not.
        assert_eq!(
            f.renames.iter().map(|&at| text(at)).collect::<Vec<_>>(),
            ["RFC822"]
        );
        // A first field after leading spaces is still a field.
        assert_eq!(f.encodings.len(), 1);
        assert!(raw[f.encodings[0]..].starts_with(b"Content-Transfer-Encoding"));
        assert!(f.digest);
        assert!(!scan_fields(b"Content-Type: text/plain\r\n\r\nbody: text\r\n").digest);
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
            "From: Ann\r\n <ann@example.org>\r\nTo: bob@example.net\r\nSubject: hi\r\nMessage-ID: <1@example.org>\r\n\r\n\r\n"
        );
    }
}
