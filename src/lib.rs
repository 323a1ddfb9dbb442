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

mod cause;
mod dsn;
mod entity;
mod error;
mod formats;
mod literals;
mod mime;
mod record;
mod report;
mod rules;
mod status;
mod typo;
#[cfg(feature = "verify")]
pub mod verify;

use std::borrow::Cow;

pub use cause::{Actor, Fix, ParseReasonError, Reason, Smtp550Cause};
pub use error::Error;
pub use report::{Action, Diagnosis, Kind, OriginalMessage, Report};
pub use rules::{RULES, Rule};
pub use status::{EnhancedStatus, ParseStatusError, find_reply_code};

use record::Record;
use rules::Facts;

/// Bounds on the work one message can cause. The defaults suit a bounce
/// mailbox that receives whatever the Internet sends.
///
/// ```
/// use bounce_cause::{Classifier, Error, Limits};
///
/// // `Limits` is `#[non_exhaustive]`: start from the defaults, change fields.
/// let mut limits = Limits::default();
/// limits.max_input_bytes = 16;
/// let strict = Classifier::new().limits(limits);
/// assert!(matches!(strict.classify(&[b'x'; 64]), Err(Error::TooLarge { .. })));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Inputs larger than this are refused with [`Error::TooLarge`].
    /// Default 64 MiB: a bounce that returns a large attachment still fits.
    pub max_input_bytes: usize,
    /// At most this many recipients are reported; past it the report says
    /// [`Report::truncated`]. Default 1,000.
    pub max_recipients: usize,
    /// At most this many MIME parts of the bounce are looked at. Default 256.
    pub max_mime_parts: usize,
    /// Diagnostic text kept per recipient, in bytes. Default 4 KiB.
    pub max_text_bytes: usize,
    /// Notice text read from the bounce, in bytes. Default 256 KiB.
    pub max_notice_bytes: usize,
    /// Delivery-status part read, in bytes. Default 1 MiB.
    pub max_status_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 64 << 20,
            max_recipients: 1000,
            max_mime_parts: 256,
            max_text_bytes: 4096,
            max_notice_bytes: 256 << 10,
            max_status_bytes: 1 << 20,
        }
    }
}

/// A configured classifier. [`classify`] is `Classifier::default().classify`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Classifier {
    limits: Limits,
}

impl Classifier {
    /// A classifier with the default [`Limits`].
    pub fn new() -> Self {
        Classifier::default()
    }

    /// Sets the limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Compiles the rule table now (it is otherwise compiled on first use),
    /// so the first call does not pay for it.
    pub fn warm_up(&self) {
        rules::warm_up();
    }

    /// Classifies one bounce. See [`classify`].
    ///
    /// # Errors
    ///
    /// See [`classify`].
    pub fn classify(&self, raw: &[u8]) -> Result<Report, Error> {
        if raw.len() > self.limits.max_input_bytes {
            return Err(Error::TooLarge {
                size: raw.len(),
                limit: self.limits.max_input_bytes,
            });
        }
        if raw.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Empty);
        }
        // A dependency's debug assertion must not take the caller down.
        std::panic::catch_unwind(|| self.classify_inner(raw)).unwrap_or(Err(Error::Internal))
    }

    fn classify_inner(&self, raw: &[u8]) -> Result<Report, Error> {
        let raw = lf_line_ends(raw);
        let raw = skip_mbox_from_line(&raw);
        let bounce = mime::read(raw, &self.limits).ok_or(Error::NotAnEmail)?;
        // Decoders read one recipient past the limit, so that a report of
        // exactly `max_recipients` is not flagged as cut.
        let mut probe = self.limits;
        probe.max_recipients = probe.max_recipients.saturating_add(1);
        let decoded = formats::decode(&bounce, &probe);
        if decoded.records.is_empty() {
            // A cut of the notice text alone is no reason to think a report
            // was missed: 256 KiB of text without a failure in it is not a
            // bounce.
            return Err(if bounce.structure_cut {
                Error::LimitReached
            } else {
                Error::NotABounce
            });
        }
        let truncated = bounce.truncated || decoded.records.len() > self.limits.max_recipients;
        let recipients: Vec<Diagnosis> = decoded
            .records
            .into_iter()
            .take(self.limits.max_recipients)
            .map(|r| diagnose(r, &self.limits))
            .collect();
        let kind = decoded.kind.unwrap_or_else(|| kind_of(&recipients));
        let reporting_mta = decoded.reporting_mta.or_else(|| {
            bounce
                .from
                .split_once('@')
                .map(|(_, d)| d.to_string())
                .filter(|d| !d.is_empty())
        });
        Ok(Report {
            kind,
            format: Cow::Borrowed(decoded.format),
            reporting_mta,
            original: decoded.original.unwrap_or(bounce.original),
            recipients,
            truncated,
        })
    }
}

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

/// An mbox "From " separator line before the headers is not a header.
fn skip_mbox_from_line(raw: &[u8]) -> &[u8] {
    if raw.starts_with(b"From ")
        && let Some(i) = raw.iter().position(|&c| c == b'\n')
    {
        return raw.get(i + 1..).unwrap_or(raw);
    }
    raw
}

/// A message whose lines end in a lone CR (old Mac mail systems, some
/// gateways): the MIME parser and the decoders know LF and CRLF only, so its
/// lone CRs become LF. Told by the first line end; other messages are read
/// as they are, without a copy.
fn lf_line_ends(raw: &[u8]) -> Cow<'_, [u8]> {
    let first_end = memchr::memchr2(b'\r', b'\n', raw);
    let cr_only = first_end
        .is_some_and(|i| raw.get(i) == Some(&b'\r') && raw.get(i + 1).is_some_and(|&c| c != b'\n'));
    if !cr_only {
        return Cow::Borrowed(raw);
    }
    let ends = raw.iter().skip(1).map(Some).chain([None]);
    let out = raw
        .iter()
        .zip(ends)
        .map(|(&c, next)| match (c, next) {
            (b'\r', Some(b'\n')) => b'\r',
            (b'\r', _) => b'\n',
            (c, _) => c,
        })
        .collect();
    Cow::Owned(out)
}

fn kind_of(recipients: &[Diagnosis]) -> Kind {
    if recipients.iter().any(|d| d.action == Action::Failed) {
        Kind::Failed
    } else if recipients.iter().any(|d| d.action == Action::Delayed) {
        Kind::Delayed
    } else {
        Kind::Delivered
    }
}

/// From a decoder's record to a diagnosis: status, reason, cause, fixes.
fn diagnose(r: Record, limits: &Limits) -> Diagnosis {
    let mut diagnostic = r.diagnostic;
    truncate_at_char(&mut diagnostic, limits.max_text_bytes);
    // The decoders settle which code the record reports (formats::codes:
    // the remote server's own code over the reporting MTA's summary); a
    // record without one takes the first failure code of its text.
    let status = r
        .status
        .or_else(|| status::find_all(&diagnostic).find(|s| !s.is_success()));
    let reply_code = r.reply_code;
    let facts = Facts {
        text: &diagnostic,
        status,
        command: r.command,
        reply: reply_code,
        dtype: r.diagnostic_type.as_deref(),
    };
    let (mut reason, rule_id, rule_cause, first_fix) = match r.hint {
        Some((reason, id)) => (reason, Some(id), None, None),
        None => match rules::decide(&facts) {
            Some(rule) => (rule.reason, Some(rule.id), rule.cause, rule.first_fix),
            None => (Reason::Undefined, None, None, None),
        },
    };
    let action = r.action.unwrap_or(match status.map(|s| s.class) {
        // A complaint or an auto-reply proves the message arrived.
        _ if matches!(reason, Reason::Feedback | Reason::Vacation) => Action::Delivered,
        Some(2) => Action::Delivered,
        Some(4) if reason != Reason::Expired && !gave_up(&diagnostic) => Action::Delayed,
        _ => Action::Failed,
    });
    if action == Action::Delayed && reason == Reason::Undefined {
        reason = Reason::Expired;
    }
    if matches!(
        action,
        Action::Delivered | Action::Relayed | Action::Expanded
    ) && r.hint.is_none()
    {
        reason = Reason::Delivered;
    }
    let mut cause = rule_cause.or(reason.cause());
    let mut suggestion = None;
    let typo_candidate = matches!(reason, Reason::UserUnknown | Reason::HostUnknown)
        || status.is_some_and(|s| s.subject == 1 && s.detail == 3);
    if typo_candidate {
        match typo::check(&r.recipient) {
            Some(typo::Typo::Suggest(s)) => {
                cause = Some(Smtp550Cause::RecipientTypo);
                suggestion = Some(s);
            }
            Some(typo::Typo::Malformed) => cause = Some(Smtp550Cause::RecipientTypo),
            None => {}
        }
    }
    let permanent = match action {
        Action::Delayed => false,
        Action::Delivered | Action::Relayed | Action::Expanded => false,
        Action::Failed => match status
            .map(|s| s.class)
            .or(reply_code.map(|c| (c / 100) as u8))
        {
            Some(5) => true,
            Some(4) => false,
            _ => !matches!(
                reason,
                Reason::MailboxFull
                    | Reason::Expired
                    | Reason::NetworkError
                    | Reason::SystemError
                    | Reason::SystemFull
                    | Reason::TooManyConn
                    | Reason::Speeding
                    | Reason::OnHold
                    | Reason::Undefined
                    | Reason::Feedback
                    | Reason::Vacation
            ),
        },
    };
    // Sisimai's verdict, and also any refusal that says the mailbox does not
    // exist or the address is mistyped (Sisimai's "filtered" after DATA).
    let hard_bounce = match reason {
        Reason::UserUnknown | Reason::HostUnknown | Reason::HasMoved => true,
        Reason::NotAccept => permanent,
        _ => matches!(
            cause,
            Some(Smtp550Cause::NonexistentMailbox | Smtp550Cause::RecipientTypo)
        ),
    };
    let general = match cause {
        Some(c) => c.fixes(),
        None => reason.fixes(),
    };
    // The rule's own step, when its phrase family asks for something more
    // precise than the cause's general advice, comes first.
    let fixes = first_fix
        .into_iter()
        .chain(general)
        .cloned()
        .collect::<Vec<Fix>>();
    Diagnosis {
        recipient: r.recipient,
        original_recipient: r.original_recipient,
        action,
        status,
        reply_code,
        remote_mta: r.remote_mta.as_deref().and_then(host_name),
        command: r.command.map(str::to_string),
        diagnostic,
        reason,
        cause,
        permanent,
        hard_bounce,
        rule: rule_id.map(Cow::Borrowed),
        suggestion,
        feedback_type: r.feedback_type,
        fixes,
    }
}

/// The host name of a Remote-MTA value as servers write it: `mx.example.org.
/// (192.0.2.1, the server for ...)`, `mx.example.org [192.0.2.1]`, `[192.0.2.1]`.
fn host_name(raw: &str) -> Option<String> {
    let first = raw.split_whitespace().next()?;
    let host = first.trim_matches(|c| matches!(c, '[' | ']' | '(' | ')' | '<' | '>' | ',' | ';'));
    let host = host.trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Phrases with which an MTA says it stopped retrying, whatever the 4.x.x
/// code of the last attempt (qmail: "I'm not going to try again").
fn gave_up(diagnostic: &str) -> bool {
    ["not going to try again", "giving up", "gave up", "given up"]
        .iter()
        .any(|p| record::contains_ci(diagnostic, p))
}

fn truncate_at_char(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while end > 0 && !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

/// Internals exposed for benchmarks and fuzz targets only. Not part of the
/// API: may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::dsn::{Field, parse_groups};
    pub use crate::rules::broken_patterns;

    /// The rule that decides a diagnostic text alone, with the status, reply
    /// code and command read from the text as `classify` would.
    pub fn rule_for_text(text: &str) -> Option<&'static str> {
        crate::rules::decide(&crate::rules::Facts {
            text,
            status: crate::status::EnhancedStatus::find(text),
            reply: crate::status::find_reply_code(text),
            command: crate::record::find_command(text),
            dtype: None,
        })
        .map(|r| r.id)
    }
}
