//! Decoders: from a taken-apart bounce to recipient records. Tried in a fixed
//! order by cheap signals: feedback reports, delivery-status parts (RFC 3464 /
//! RFC 6533, including status fields pasted into text), auto-replies, then the
//! text of the notice.

pub(crate) mod generic;
mod sniff;

use crate::Limits;
use crate::cause::Reason;
use crate::dsn;
use crate::mime::{self, Bounce};
use crate::record::{Record, clean_address};
use crate::report::Kind;

/// What the decoders made of a bounce.
#[derive(Debug, Default)]
pub(crate) struct Decoded {
    pub format: &'static str,
    pub reporting_mta: Option<String>,
    pub kind: Option<Kind>,
    pub records: Vec<Record>,
}

pub(crate) fn decode(b: &Bounce, limits: &Limits) -> Decoded {
    let family = sniff::family(b);
    if let Some(d) = feedback(b, limits) {
        return d;
    }
    let notice = mime::notice(&b.text);
    let mut skip: Vec<&str> = b.to.iter().map(String::as_str).collect();
    skip.push(b.from.as_str());

    // Delivery-status fields: in their own part, or pasted into the text.
    let mut ds = dsn::DeliveryStatus::default();
    for part in &b.status_parts {
        let more = dsn::read(part, limits.max_recipients.saturating_sub(ds.records.len()));
        if ds.reporting_mta.is_none() {
            ds.reporting_mta = more.reporting_mta;
        }
        ds.records.extend(more.records);
    }
    if ds.records.is_empty() && dsn::looks_like_fields(&b.text) {
        ds = dsn::read(&b.text, limits.max_recipients);
    }
    let text_records = generic::scan(notice, &skip, limits.max_recipients, limits.max_text_bytes);

    if !ds.records.is_empty() {
        for r in &mut ds.records {
            enrich_from_text(r, &text_records, limits);
            if r.diagnostic_type.as_deref() == Some("x-unix") {
                r.hint = Some((Reason::MailerError, "mailererror.x-unix"));
            }
            generic::fill_codes(r);
        }
        return Decoded {
            format: family.unwrap_or("rfc3464"),
            reporting_mta: ds.reporting_mta,
            kind: None,
            records: ds.records,
        };
    }

    if let Some(d) = auto_reply(b) {
        return d;
    }

    if !sniff::looks_like_bounce(b) {
        return Decoded::default();
    }
    let mut records = text_records;
    if records.is_empty() {
        records = fallback(b, notice, limits);
    }
    Decoded {
        format: family.unwrap_or("generic"),
        reporting_mta: None,
        kind: None,
        records,
    }
}

/// Adds what the notice text says about a recipient that the status part
/// leaves out (no Diagnostic-Code, or a generic one).
fn enrich_from_text(r: &mut Record, text: &[Record], limits: &Limits) {
    let Some(t) = text
        .iter()
        .find(|t| t.recipient.eq_ignore_ascii_case(&r.recipient))
        .or_else(|| (text.len() == 1).then(|| &text[0]))
    else {
        return;
    };
    if r.diagnostic.trim().is_empty() {
        r.diagnostic = t.diagnostic.clone();
    } else if r.reply_code.is_none() && t.reply_code.is_some() && r.diagnostic.len() < 64 {
        generic::push_words(&mut r.diagnostic, &t.diagnostic, limits.max_text_bytes);
    }
    if r.remote_mta.is_none() {
        r.remote_mta = t.remote_mta.clone();
    }
    if r.command.is_none() {
        r.command = t.command;
    }
}

/// When no recipient line is found: the addresses the notice mentions, else
/// the original message's To, with the whole notice as diagnostic.
fn fallback(b: &Bounce, notice: &str, limits: &Limits) -> Vec<Record> {
    let has_failure = crate::status::find_reply_code(notice).is_some_and(|c| c >= 400)
        || EnhancedStatusLike::present(notice);
    if !has_failure && !b.is_report {
        return Vec::new();
    }
    let mut diag = String::new();
    for line in notice.lines().take(200) {
        generic::push_words(&mut diag, line, limits.max_text_bytes);
    }
    let from_header = b
        .header("x-failed-recipients")
        .and_then(|v| v.split(',').find_map(clean_address));
    let from_original = b
        .original
        .to
        .as_deref()
        .and_then(|t| t.split(',').find_map(clean_address));
    let Some(addr) = from_header.or(from_original) else {
        return Vec::new();
    };
    let mut r = Record {
        recipient: addr,
        diagnostic: diag,
        ..Record::default()
    };
    generic::fill_codes(&mut r);
    vec![r]
}

struct EnhancedStatusLike;
impl EnhancedStatusLike {
    fn present(text: &str) -> bool {
        crate::status::find_all(text).any(|s| !s.is_success())
    }
}

/// RFC 5965 feedback reports.
fn feedback(b: &Bounce, limits: &Limits) -> Option<Decoded> {
    let body = b.feedback.as_deref()?;
    let groups = dsn::parse_groups(body, 4);
    let field = |name: &str| {
        groups
            .iter()
            .flatten()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.value.as_str())
    };
    let feedback_type = field("Feedback-Type").map(|v| v.trim().to_ascii_lowercase());
    let rcpt = field("Original-Rcpt-To")
        .or(field("Removal-Recipient"))
        .and_then(clean_address)
        .or_else(|| {
            b.original
                .to
                .as_deref()
                .and_then(|t| t.split(',').find_map(clean_address))
        })?;
    let mut diag = String::new();
    generic::push_words(
        &mut diag,
        mime::notice(&b.text).lines().take(20).collect::<Vec<_>>().join(" ").as_str(),
        limits.max_text_bytes,
    );
    Some(Decoded {
        format: "arf",
        reporting_mta: field("Reporting-MTA").map(str::to_string),
        kind: Some(Kind::Feedback),
        records: vec![Record {
            recipient: rcpt,
            diagnostic: diag,
            hint: Some((Reason::Feedback, "feedback.arf")),
            feedback_type,
            ..Record::default()
        }],
    })
}

/// RFC 3834 automatic replies: vacation and out-of-office notices.
fn auto_reply(b: &Bounce) -> Option<Decoded> {
    if !sniff::looks_like_auto_reply(b) {
        return None;
    }
    let who = clean_address(&b.from)?;
    let mut diag = String::new();
    generic::push_words(&mut diag, &b.subject, 512);
    Some(Decoded {
        format: "rfc3834",
        reporting_mta: None,
        kind: Some(Kind::AutoReply),
        records: vec![Record {
            recipient: who,
            diagnostic: diag,
            hint: Some((Reason::Vacation, "vacation.auto-reply")),
            ..Record::default()
        }],
    })
}
