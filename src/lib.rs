//! Reads a bounce email — a delivery status notification, standard or not —
//! and tells, for every failed recipient, *why* the mail bounced and *what to
//! do about it*.
//!
//! One call, [`classify`], takes the raw bytes of the bounce and returns a
//! [`Report`]: per recipient the address, the SMTP reply code, the enhanced
//! status code, the remote server, the diagnostic text, a fine-grained
//! [`Reason`] (Sisimai's vocabulary), a permanent/temporary verdict, which of
//! the eight [`Smtp550Cause`]s it is (if any) and ordered [`Fix`]es, each
//! saying who must act.
//!
//! ```
//! use bounce_cause::{classify, Reason, Smtp550Cause};
//!
//! let raw = b"From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\r\n\
//! Subject: Undelivered Mail Returned to Sender\r\n\
//! Content-Type: multipart/report; report-type=delivery-status; boundary=\"XX\"\r\n\
//! \r\n\
//! --XX\r\n\
//! Content-Type: text/plain\r\n\
//! \r\n\
//! I'm sorry to have to inform you that your message could not be delivered.\r\n\
//! --XX\r\n\
//! Content-Type: message/delivery-status\r\n\
//! \r\n\
//! Reporting-MTA: dns; mx.example.net\r\n\
//! \r\n\
//! Final-Recipient: rfc822; alice@gmial.com\r\n\
//! Action: failed\r\n\
//! Status: 5.1.1\r\n\
//! Diagnostic-Code: smtp; 550 5.1.1 <alice@gmial.com>: Recipient address rejected:\r\n\
//!     User unknown in virtual mailbox table\r\n\
//! --XX--\r\n";
//!
//! let report = classify(raw).unwrap();
//! let d = &report.recipients[0];
//! assert_eq!(d.recipient, "alice@gmial.com");
//! assert_eq!(d.status.unwrap().to_string(), "5.1.1");
//! assert_eq!(d.reply_code, Some(550));
//! assert_eq!(d.reason, Reason::UserUnknown);
//! assert_eq!(d.cause, Some(Smtp550Cause::RecipientTypo));
//! assert_eq!(d.suggestion.as_deref(), Some("alice@gmail.com"));
//! assert!(d.permanent);
//! ```
//!
//! # Formats
//!
//! Multipart reports with `message/delivery-status` (RFC 3464) or
//! `message/global-delivery-status` (RFC 6533); delivery-status fields pasted
//! into text; the text notices of common MTAs and services (Postfix,
//! Sendmail, Exim, qmail, Exchange, Gmail, Yahoo, ...) through a generic text
//! decoder; feedback reports (RFC 5965) and auto-replies (RFC 3834), reported
//! as such rather than as failures.
//!
//! # Limits
//!
//! [`classify`] never panics, returns a report or an [`Error`], and bounds
//! its work by [`Limits`]: input size, recipients reported, MIME parts walked,
//! text scanned per field. See [`Classifier`] to change them.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

// The pipeline, one stage a folder: bytes → `mime` → `extract` → `rules` →
// `diagnose` → `Report`. The other modules are vocabulary and helpers that
// any stage may use.
mod diagnose;
mod extract;
mod logs;
mod mime;
mod rules;

mod address;
mod cause;
mod classifier;
mod error;
mod explain;
mod fix;
mod lang;
mod limits;
mod literals;
mod report;
mod status;
#[cfg(test)]
mod testing;
mod text;

pub use cause::{Actor, ParseReasonError, Reason, Smtp550Cause};
pub use classifier::Classifier;
pub use error::Error;
pub use explain::Explanation;
pub use extract::Reply;
pub use fix::{Advice, Fix, Step};
pub use lang::{Lang, ParseLangError};
pub use limits::Limits;
pub use logs::{LogFormat, LogRecord, MAX_LOG_LINE_BYTES, read_line as read_log_line};
pub use report::{Action, Diagnosis, Kind, OriginalMessage, Report};
pub use rules::{MatchedText, RuleMatch};
#[cfg(feature = "rule-files")]
pub use rules::{RuleFileError, RuleFileErrorKind, RuleSet};
pub use status::{EnhancedStatus, ParseStatusError, find_reply_code};

#[cfg(feature = "verify")]
pub mod verify;

/// Classifies one bounce email: for each recipient it reports on, what
/// happened, the reason, which of the eight causes it is, and what to do.
///
/// Pure: no I/O, and the same input gives the same report whatever ran
/// before, on any thread (the rule table is compiled once, lazily; its search
/// caches, like a `regex::Regex`'s, only remember work already done). Never
/// panics, on any input: returns a report or an [`Error`].
/// Work is bounded by the default [`Limits`]: inputs over 64 MiB are refused,
/// at most 1,000 recipients are reported, 256 MIME parts walked, 4 KiB of
/// diagnostic text kept per recipient.
///
/// # Errors
///
/// [`Error::Empty`] for an empty input, [`Error::NotAnEmail`] when there is no
/// header section, [`Error::NotABounce`] when there is neither a delivery
/// report nor failure text, [`Error::LimitReached`] when a limit cut the
/// message before either was found, [`Error::TooLarge`] over the size limit.
///
/// # Examples
///
/// ```
/// let raw = b"From: MAILER-DAEMON@mx.example.org\r\nSubject: failure notice\r\n\r\n\
/// Hi. This is the qmail-send program at mx.example.org.\r\n\
/// I'm afraid I wasn't able to deliver your message to the following addresses.\r\n\r\n\
/// <bob@example.com>:\r\n\
/// 192.0.2.25 does not like recipient.\r\n\
/// Remote host said: 550 5.2.1 This mailbox has been disabled\r\n";
/// let report = bounce_cause::classify(raw).unwrap();
/// let d = &report.recipients[0];
/// assert_eq!(d.recipient, "bob@example.com");
/// assert_eq!(d.cause, Some(bounce_cause::Smtp550Cause::DisabledMailbox));
/// ```
pub fn classify(raw: &[u8]) -> Result<Report, Error> {
    Classifier::default().classify(raw)
}

/// Classifies a server's reply given without a bounce email: an MTA's log
/// line, a sending service's event, a reply copied from a support ticket.
/// `Classifier::default().classify_reply`; see [`Reply`] and
/// [`Classifier::classify_reply`]. Never panics.
///
/// # Examples
///
/// ```
/// use bounce_cause::{classify_reply, Reply, Smtp550Cause};
///
/// let d = classify_reply(&Reply::new("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown"));
/// assert_eq!(d.recipient, "bob@example.com");
/// assert_eq!(d.cause, Some(Smtp550Cause::NonexistentMailbox));
/// ```
pub fn classify_reply(reply: &Reply) -> Diagnosis {
    Classifier::default().classify_reply(reply)
}

/// Internals exposed for benchmarks, fuzz targets and tests only. Not part
/// of the API: may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::extract::dsn::{Field, parse_groups};
    pub use crate::extract::{Command, Notice};
    pub use crate::rules::{
        DiagnosticType, Mask, Rule, broken_patterns, keyword_rules, rule_for_text, rules,
    };
}
