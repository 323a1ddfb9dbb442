//! RFC 5965 feedback reports (ARF): a complaint about a message, one record
//! per complained-about recipient.
//!
//! The recipients are the report's `Original-Rcpt-To` fields (one per
//! recipient, RFC 6692 §3.1), else `Removal-Recipient` (opt-out reports),
//! else the To of the returned message, else (a report whose returned
//! message hides its recipients) one placeholder address, so the complaint
//! is still reported.

use crate::address::clean_address;
use crate::extract::dsn;
use crate::extract::record::{Notice, Record};
use crate::limits::Limits;
use crate::mime::Bounce;
use crate::report::Kind;

use crate::extract::Decoded;
use crate::text::push_words;

/// The address reported when a complaint names no recipient at all: the
/// placeholder Sisimai reports in that case, so results compare.
const UNDISCLOSED: &str = "undisclosed-recipient-in-headers@libsisimai.org.invalid";

/// Reads a feedback report, if the bounce has a feedback-report part.
pub(crate) fn decode(b: &Bounce, limits: &Limits) -> Option<Decoded> {
    let body = b.feedback.as_deref()?;
    let groups = dsn::parse_groups(body, 4);
    let fields = || groups.iter().flatten();
    let field = |name: &str| {
        fields()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.value.as_ref())
    };
    let feedback_type = field("Feedback-Type").map(|v| v.trim().to_ascii_lowercase());
    let mut rcpts: Vec<String> = Vec::new();
    for name in ["Original-Rcpt-To", "Removal-Recipient"] {
        for f in fields().filter(|f| f.name.eq_ignore_ascii_case(name)) {
            if let Some(a) = clean_address(&f.value)
                && !rcpts.iter().any(|r| r.eq_ignore_ascii_case(&a))
                && rcpts.len() < limits.max_recipients
            {
                rcpts.push(a);
            }
        }
        if !rcpts.is_empty() {
            break;
        }
    }
    if rcpts.is_empty()
        && let Some(to) = b.original.to.as_deref()
    {
        rcpts.extend(
            to.split(',')
                .filter_map(clean_address)
                .take(limits.max_recipients),
        );
    }
    if rcpts.is_empty() {
        rcpts.push(UNDISCLOSED.to_string());
    }
    let mut diag = String::new();
    for line in b.notice().lines().take(20) {
        push_words(&mut diag, line, limits.max_text_bytes);
    }
    let records = rcpts
        .into_iter()
        .map(|recipient| Record {
            recipient,
            diagnostic: diag.clone(),
            notice: Some(Notice::FeedbackReport),
            feedback_type: feedback_type.clone(),
            ..Record::default()
        })
        .collect();
    Some(Decoded {
        original: None,
        format: "arf",
        reporting_mta: field("Reporting-MTA").map(|v| dsn::strip_type(v).to_string()),
        kind: Some(Kind::Feedback),
        records,
    })
}

/// Microsoft's complaint loop (JMRP) before it adopted ARF: a message from
/// the provider's staff address, subject "complaint about message from
/// \<ip\>", with the complained-about message attached; its recipient is the
/// complaining user.
pub(crate) fn decode_jmrp(b: &Bounce, limits: &Limits) -> Option<Decoded> {
    let subject = b.subject.trim_start();
    let is_jmrp = subject
        .get(..28)
        .is_some_and(|p| p.eq_ignore_ascii_case("complaint about message from"));
    if !is_jmrp || !b.original_attached {
        return None;
    }
    let to = b.original.to.as_deref()?;
    let records: Vec<Record> = to
        .split(',')
        .filter_map(clean_address)
        .take(limits.max_recipients)
        .map(|recipient| Record {
            recipient,
            diagnostic: b.subject.trim().to_string(),
            notice: Some(Notice::FeedbackReport),
            feedback_type: Some("abuse".into()),
            ..Record::default()
        })
        .collect();
    (!records.is_empty()).then_some(Decoded {
        original: None,
        format: "arf",
        reporting_mta: None,
        kind: Some(Kind::Feedback),
        records,
    })
}
