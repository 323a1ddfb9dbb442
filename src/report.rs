//! The output of [`classify`](crate::classify): a [`Report`] per message and a
//! [`Diagnosis`] per recipient.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::cause::{Reason, Smtp550Cause};
use crate::fix::Fix;
use crate::status::EnhancedStatus;

/// What kind of message the report was read from.
///
/// # Examples
///
/// ```
/// use bounce_cause::{classify, Kind};
///
/// let raw = b"From: Ann <ann@example.org>\r\nTo: bob@example.com\r\n\
/// Subject: Out of office\r\nAuto-Submitted: auto-replied\r\n\r\n\
/// I am away until Monday.\r\n";
/// if let Ok(report) = classify(raw) {
///     // An auto-reply is reported as such, never as a failure.
///     assert_ne!(report.kind, Kind::Failed);
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    /// At least one recipient failed for good (or delivery was given up).
    Failed,
    /// Delivery is delayed and still being retried (4.x.x, action `delayed`).
    Delayed,
    /// A success notice: delivered, relayed or expanded (2.x.x).
    Delivered,
    /// A feedback (complaint) report, RFC 5965.
    Feedback,
    /// An automatic reply (vacation, out of office), RFC 3834.
    AutoReply,
}

/// What the reporting server did for one recipient (RFC 3464 §2.3.3).
///
/// # Examples
///
/// ```
/// use bounce_cause::Action;
///
/// assert_eq!(Action::parse("failed"), Some(Action::Failed));
/// assert_eq!(Action::parse(" Delayed (retrying)"), Some(Action::Delayed));
/// assert_eq!(Action::parse("bounced?"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// Delivery failed.
    Failed,
    /// Delivery is delayed; the server keeps trying.
    Delayed,
    /// Delivered.
    Delivered,
    /// Relayed to a system that does not send DSNs.
    Relayed,
    /// Delivered and forwarded to further recipients (a list or alias).
    Expanded,
}

impl Action {
    /// Reads an `Action:` field value (case-insensitive; a few common
    /// misspellings and the non-standard `expired` are accepted).
    pub fn parse(value: &str) -> Option<Action> {
        let v = value.trim();
        let word = v.split(|c: char| !c.is_ascii_alphabetic()).next()?;
        Some(match word.to_ascii_lowercase().as_str() {
            "failed" | "failure" | "expired" | "undeliverable" => Action::Failed,
            "delayed" | "delay" => Action::Delayed,
            "delivered" | "deliverable" => Action::Delivered,
            "relayed" => Action::Relayed,
            "expanded" => Action::Expanded,
            _ => return None,
        })
    }
}

/// What is known of the message that bounced, from the returned copy or
/// headers. Users tie a bounce back to the mail they sent with these.
///
/// # Examples
///
/// ```
/// let raw = b"From: MAILER-DAEMON@mx.example.net\r\n\
/// Subject: Undelivered Mail Returned to Sender\r\n\
/// Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\
/// \r\n--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\
/// --b\r\nContent-Type: message/delivery-status\r\n\r\n\
/// Reporting-MTA: dns; mx.example.net\r\n\r\n\
/// Final-Recipient: rfc822; carol@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n\
/// --b\r\nContent-Type: text/rfc822-headers\r\n\r\n\
/// From: ann@example.org\r\nTo: carol@example.com\r\nSubject: Minutes\r\n\
/// Message-ID: <m1@example.org>\r\n--b--\r\n";
/// let report = bounce_cause::classify(raw).unwrap();
/// assert_eq!(report.original.message_id.as_deref(), Some("m1@example.org"));
/// assert_eq!(report.original.subject.as_deref(), Some("Minutes"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OriginalMessage {
    /// The Message-ID, without angle brackets.
    pub message_id: Option<String>,
    /// The From header (address, or display text when there is no address).
    pub from: Option<String>,
    /// The To header's addresses, comma-separated.
    pub to: Option<String>,
    /// The Subject, decoded.
    pub subject: Option<String>,
}

/// The diagnosis of one recipient.
///
/// Every text in a bounce is written by whoever sent it, so the texts taken
/// from it are made safe to show before they get here: in `diagnostic`,
/// `remote_mta` and `feedback_type` (and the report's `reporting_mta` and
/// original subject and Message-ID) each C0 or C1 control character but tab
/// becomes a space; in addresses (`recipient`, `original_recipient`, the
/// original From and To) control characters are removed. Everywhere,
/// bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F) and
/// zero-width characters (U+200B–U+200D, U+2060–U+2064, U+FEFF) are removed,
/// so that a bounce cannot make one address look like another.
///
/// ```
/// let raw = b"From: MAILER-DAEMON@mx.example.net\r\nSubject: failure notice\r\n\r\n\
/// <bob@example.com>:\r\nRemote host said: 550 5.1.1 \x1b]0;PWNED\x07no such user\r\n";
/// let report = bounce_cause::classify(raw).unwrap();
/// assert!(!report.recipients[0].diagnostic.contains('\x1b'));
/// ```
///
/// # Examples
///
/// ```
/// let raw = b"From: MAILER-DAEMON@mx.example.net\r\n\
/// Subject: Undelivered Mail Returned to Sender\r\n\
/// Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\
/// \r\n--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\
/// --b\r\nContent-Type: message/delivery-status\r\n\r\n\
/// Reporting-MTA: dns; mx.example.net\r\n\r\n\
/// Final-Recipient: rfc822; carol@example.com\r\nAction: failed\r\nStatus: 5.2.2\r\n\
/// Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\r\n--b--\r\n";
/// let report = bounce_cause::classify(raw).unwrap();
/// let d = &report.recipients[0];
/// assert_eq!(d.recipient, "carol@example.com");
/// assert_eq!(d.reason, bounce_cause::Reason::MailboxFull);
/// assert_eq!(d.cause, None); // a full mailbox is none of the eight causes
/// assert!(!d.fixes.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Diagnosis {
    /// The failed recipient address (the DSN's Final-Recipient when there is one).
    pub recipient: String,
    /// The address as the sender wrote it, when the report gives it and it differs.
    pub original_recipient: Option<String>,
    /// What the server did.
    pub action: Action,
    /// The enhanced status code (RFC 3463), from the report or the diagnostic text.
    pub status: Option<EnhancedStatus>,
    /// The SMTP reply code the remote server gave (550, 452, ...).
    pub reply_code: Option<u16>,
    /// The remote server that refused the message.
    pub remote_mta: Option<String>,
    /// The SMTP command the failure answered (`RCPT`, `DATA`, `MAIL`, ...).
    pub command: Option<String>,
    /// The diagnostic text, unfolded onto one line.
    pub diagnostic: String,
    /// The fine-grained reason.
    pub reason: Reason,
    /// Which of the eight causes it is, if any.
    pub cause: Option<Smtp550Cause>,
    /// True when sending the same message again will fail again (a 5.x.x
    /// status or 5xx reply; a 4.x.x one, or a delay, is temporary).
    pub permanent: bool,
    /// The *address* is bad (user unknown, host unknown, moved, domain
    /// accepts no mail, mistyped), so it should come off mailing lists. This is
    /// Sisimai's hard-bounce verdict, also set when Sisimai's `filtered` comes
    /// from a "no such user" refusal. A full mailbox or a spam block is a
    /// failure, but not a hard bounce.
    pub hard_bounce: bool,
    /// The id of the rule that decided the reason: the evidence.
    pub rule: Option<Cow<'static, str>>,
    /// For a typo, the corrected address.
    pub suggestion: Option<String>,
    /// For a feedback report, its Feedback-Type (`abuse`, `auth-failure`, ...).
    pub feedback_type: Option<String>,
    /// What to do about it, in order; each step says who must act.
    pub fixes: Vec<Fix>,
}

/// Everything read from one bounce message.
///
/// # Examples
///
/// ```
/// use bounce_cause::{classify, Kind};
///
/// let raw = b"From: Mail Delivery Subsystem <mailer-daemon@mx.example.net>\r\n\
/// Subject: Delivery Status Notification (Failure)\r\n\r\n\
/// Delivery to the following recipient failed permanently:\r\n\r\n\
///      dave@exampel.com\r\n\r\n\
/// The error that the other server returned was:\r\n\
/// 550 5.1.1 The email account that you tried to reach does not exist.\r\n";
/// let report = classify(raw).unwrap();
/// assert_eq!(report.kind, Kind::Failed);
/// assert_eq!(report.recipients.len(), 1);
/// assert_eq!(report.recipients[0].reply_code, Some(550));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// Failed, delayed, delivered, feedback or auto-reply.
    pub kind: Kind,
    /// The decoder that read it: `rfc3464`, `postfix`, `exim`, `generic`, ...
    pub format: Cow<'static, str>,
    /// The server that wrote the report (Reporting-MTA, or the sender of the notice).
    pub reporting_mta: Option<String>,
    /// What is known of the original message.
    pub original: OriginalMessage,
    /// One entry per recipient, in the order the report lists them.
    pub recipients: Vec<Diagnosis>,
    /// True when a limit cut the report short: more recipients than
    /// [`Limits::max_recipients`](crate::Limits::max_recipients), more MIME
    /// parts or markers than [`Limits::max_mime_parts`](crate::Limits::max_mime_parts)
    /// allows, or a delivery-status part cut at
    /// [`Limits::max_status_bytes`](crate::Limits::max_status_bytes).
    pub truncated: bool,
}
