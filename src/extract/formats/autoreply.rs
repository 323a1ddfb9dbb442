//! Notices that prove the message arrived: RFC 3834 automatic replies, and
//! unsubscribe requests a mail client sent by itself.

use crate::address::clean_address;
use crate::extract::record::{Notice, Record};
use crate::extract::{Decoded, sniff};
use crate::mime::Bounce;
use crate::report::Kind;
use crate::text::push_words;

/// An unsubscribe request a mail client sent by itself to a list's
/// `List-Unsubscribe: <mailto:...>` address (RFC 2369; Apple Mail marks it
/// with `X-Apple-Unsubscribe: true`): an opt-out, reported as feedback.
fn unsubscribe(b: &Bounce) -> Option<Decoded> {
    let marked = b
        .header("x-apple-unsubscribe")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let automatic = b
        .header("auto-submitted")
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("no"));
    if !(marked || (automatic && b.subject.trim().eq_ignore_ascii_case("unsubscribe"))) {
        return None;
    }
    let who = clean_address(&b.from)?;
    Some(Decoded {
        original: None,
        format: "unsubscribe",
        reporting_mta: None,
        kind: Some(Kind::Feedback),
        records: vec![Record {
            recipient: who,
            diagnostic: b.subject.chars().take(256).collect(),
            notice: Some(Notice::ListUnsubscribe),
            feedback_type: Some("opt-out".into()),
            ..Record::default()
        }],
    })
}

/// RFC 3834 automatic replies: vacation and out-of-office notices.
pub(crate) fn decode(b: &Bounce) -> Option<Decoded> {
    if let Some(d) = unsubscribe(b) {
        return Some(d);
    }
    if !sniff::looks_like_auto_reply(b) {
        return None;
    }
    let who = clean_address(&b.from)?;
    let mut diag = String::new();
    push_words(&mut diag, &b.subject, 512);
    Some(Decoded {
        original: None,
        format: "rfc3834",
        reporting_mta: None,
        kind: Some(Kind::AutoReply),
        records: vec![Record {
            recipient: who,
            diagnostic: diag,
            notice: Some(Notice::AutoReply),
            ..Record::default()
        }],
    })
}
