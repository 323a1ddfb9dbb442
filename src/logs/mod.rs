//! MTA log lines and sending services' events, read into [`Reply`] values:
//! who failed or is delayed, what the server said, the queue id and the time.
//! Pure: one line in, its records out; no I/O.
//!
//! One file per format; [`read_line`] tries them by a cheap signal each
//! (a JSON object, a reply code at the start, the syslog program's name,
//! Exim's date and flag).

mod bare;
mod exim;
mod fields;
#[cfg(feature = "logs-json")]
mod json;
mod opensmtpd;
mod postfix;
mod sendmail;
mod syslog;

use serde::Serialize;

use crate::extract::Reply;
use crate::report::Action;

/// Lines longer than this many bytes are not read: [`read_line`] gives no
/// record for them. A delivery log line is a few hundred bytes; 64 KiB
/// leaves room for a JSON event with a long reply in it.
pub const MAX_LOG_LINE_BYTES: usize = 64 * 1024;

/// The format a log line was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LogFormat {
    /// Postfix's delivery agents (`smtp`, `lmtp`, `local`, `virtual`, ...).
    Postfix,
    /// Exim's main log.
    Exim,
    /// Sendmail.
    Sendmail,
    /// OpenSMTPD.
    #[serde(rename = "opensmtpd")]
    OpenSmtpd,
    /// A KumoMTA log record (JSON).
    #[serde(rename = "kumomta")]
    KumoMta,
    /// An Amazon SES bounce or delivery-delay event (JSON).
    #[serde(rename = "amazonses")]
    AmazonSes,
    /// A bare SMTP reply, such as `550 5.1.1 <a@example.com>: user unknown`.
    Reply,
}

impl LogFormat {
    /// The name the command-line tool prints: `postfix`, `exim`, ...
    pub const fn as_str(self) -> &'static str {
        match self {
            LogFormat::Postfix => "postfix",
            LogFormat::Exim => "exim",
            LogFormat::Sendmail => "sendmail",
            LogFormat::OpenSmtpd => "opensmtpd",
            LogFormat::KumoMta => "kumomta",
            LogFormat::AmazonSes => "amazonses",
            LogFormat::Reply => "reply",
        }
    }
}

/// One failed or delayed recipient that a log line records.
///
/// # Examples
///
/// ```
/// use bounce_cause::{Action, LogFormat, classify_reply, read_log_line};
///
/// let line = "Nov  2 10:00:01 mail postfix/smtp[4242]: 3F2A81C0042: to=<bob@example.com>, \
///     relay=mx.example.com[192.0.2.1]:25, delay=1.2, dsn=5.1.1, status=bounced \
///     (host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>: Recipient \
///     address rejected: User unknown (in reply to RCPT TO command))";
/// let records = read_log_line(line);
/// let r = &records[0];
/// assert_eq!(r.format, LogFormat::Postfix);
/// assert_eq!(r.action, Action::Failed);
/// assert_eq!(r.queue_id.as_deref(), Some("3F2A81C0042"));
/// assert_eq!(r.time.as_deref(), Some("Nov 2 10:00:01"));
/// let d = classify_reply(&r.reply);
/// assert_eq!(d.recipient, "bob@example.com");
/// assert_eq!(d.command.as_deref(), Some("RCPT"));
/// assert_eq!(d.reason, bounce_cause::Reason::UserUnknown);
///
/// // A delivery, or a line about something else, gives no record.
/// assert!(read_log_line("Nov  2 10:00:02 mail postfix/smtp[4242]: 3F2A81C0043: \
///     to=<carol@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=2.0.0, \
///     status=sent (250 2.0.0 Ok: queued as 4B)").is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LogRecord {
    /// The format the line was read as.
    pub format: LogFormat,
    /// [`Action::Failed`] (bounced: the MTA gave up) or [`Action::Delayed`]
    /// (deferred: it keeps trying). Also set on [`reply`](Self::reply).
    pub action: Action,
    /// What the server said, and about whom: give it to
    /// [`classify_reply`](crate::classify_reply).
    pub reply: Reply,
    /// The MTA's queue id of the message (Postfix's and Sendmail's queue id,
    /// Exim's message id, OpenSMTPD's envelope id, KumoMTA's spool id,
    /// SES's message id).
    pub queue_id: Option<String>,
    /// The time as the log writes it (`Nov 2 10:00:01`,
    /// `2026-11-02T10:00:01.123+00:00`, `2026-11-02 10:00:01`); RFC 3339 in
    /// UTC for a JSON event's seconds since the epoch.
    pub time: Option<String>,
}

impl LogRecord {
    fn new(format: LogFormat, action: Action, reply: Reply) -> Self {
        LogRecord {
            format,
            action,
            reply: reply.action(action),
            queue_id: None,
            time: None,
        }
    }
}

/// Reads one log line: the failed or delayed recipients it records (several
/// for a Sendmail line or an SES event that lists several), or none for a
/// line that records a success, is about something other than a delivery,
/// is in no format known here, or is longer than [`MAX_LOG_LINE_BYTES`].
/// Never panics. A trailing line end is ignored.
///
/// Formats: Postfix (`status=bounced`, `status=deferred`), Exim's main log
/// (`**`, `==`), Sendmail (`stat=`), OpenSMTPD (`result="PermFail"`,
/// `"TempFail"`), a bare reply (`550 5.1.1 ...`) and, with the `logs-json`
/// feature, KumoMTA log records and Amazon SES events. See
/// [`LogRecord`] for an example.
pub fn read_line(line: &str) -> Vec<LogRecord> {
    if line.len() > MAX_LOG_LINE_BYTES {
        return Vec::new();
    }
    let line = line.trim_end_matches(['\n', '\r']).trim_start();
    if line.starts_with('{') {
        #[cfg(feature = "logs-json")]
        return json::read(line);
        #[cfg(not(feature = "logs-json"))]
        return Vec::new();
    }
    if let Some(records) = bare::read(line) {
        return records;
    }
    if let Some(s) = syslog::split(line) {
        let program = s.program;
        if program.contains("postfix") {
            return postfix::read(&s);
        }
        if program.contains("sendmail") || program.starts_with("sm-") {
            return sendmail::read(&s);
        }
        if program.contains("smtpd") {
            return opensmtpd::read(&s);
        }
    }
    exim::read(line)
}
