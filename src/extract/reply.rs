//! A server's reply on its own, without a bounce email around it: what an
//! MTA's log line, a sending service's event or a support ticket gives.
//! It becomes the same [`Record`] a delivery-status part carrying that reply
//! would give, so the rest of the pipeline cannot tell the two apart.

use std::borrow::Cow;

use crate::address::clean_address;
use crate::report::Action;
use crate::status::EnhancedStatus;
use crate::text::{cap, truncate};

use super::command::{Command, find_command_and_words};
use super::diagnostic::{names_no_host, short_words};
use super::record::Record;

/// An SMTP reply to classify without a bounce email: the reply text, and
/// what else is known about it (reply code, enhanced status, the command it
/// answered, the remote host, the recipient, and whether delivery failed or
/// is only delayed).
///
/// Give [`Classifier::classify_reply`](crate::Classifier::classify_reply) or
/// [`classify_reply`](crate::classify_reply) the reply; the answer is the
/// one `classify` gives for an RFC 3464 report whose recipient group says
/// the same (`Final-Recipient`, `Action`, `Status`, `Remote-MTA` and
/// `Diagnostic-Code: smtp; <code> <status> <text>`).
///
/// The text may hold the codes itself (`550 5.1.1 <a@example.com>: user
/// unknown`) or be the words after them, with the codes given apart. A code
/// given apart that the text does not start with is put in front of it, as a
/// server would send it.
///
/// # Examples
///
/// ```
/// use bounce_cause::{Reply, Reason, Smtp550Cause, classify_reply};
///
/// let reply = Reply::new("Recipient address rejected: User unknown in virtual mailbox table")
///     .reply_code(550)
///     .status("5.1.1".parse().unwrap())
///     .command("RCPT TO")
///     .remote_host("mx.example.com")
///     .recipient("alice@gmial.com");
/// let d = classify_reply(&reply);
/// assert_eq!(d.recipient, "alice@gmial.com");
/// assert_eq!(d.diagnostic, "550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table");
/// assert_eq!(d.reason, Reason::UserUnknown);
/// assert_eq!(d.cause, Some(Smtp550Cause::RecipientTypo));
/// assert_eq!(d.suggestion.as_deref(), Some("alice@gmail.com"));
/// assert_eq!(d.command.as_deref(), Some("RCPT"));
/// assert_eq!(d.remote_mta.as_deref(), Some("mx.example.com"));
///
/// // A bare reply line: codes and recipient are read from the text.
/// let d = classify_reply(&Reply::new("452 4.2.2 <bob@example.org>: mailbox full"));
/// assert_eq!(d.recipient, "bob@example.org");
/// assert_eq!(d.reason, Reason::MailboxFull);
/// assert!(!d.permanent);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reply {
    /// The reply text, with or without its codes in front.
    pub text: String,
    /// The SMTP reply code (RFC 5321 §4.2), when known apart from the text.
    pub reply_code: Option<u16>,
    /// The enhanced status code (RFC 3463), when known apart from the text
    /// (a log's `dsn=` field, a DSN's `Status:`).
    pub status: Option<EnhancedStatus>,
    /// The SMTP command the reply answered, as reports print it (`RCPT`,
    /// `MAIL`, `DATA`, ...). A command the text itself names (`... (in
    /// reply to end of DATA command)`) wins, as it does in a report.
    pub command: Option<&'static str>,
    /// The remote server that replied.
    pub remote_host: Option<String>,
    /// The recipient. When not given, the first address in angle brackets
    /// in the text, else none (an empty `recipient` in the diagnosis).
    pub recipient: Option<String>,
    /// What happened to the message: failed, or delayed and retried. When
    /// not given, told from the codes as for a report without an `Action`
    /// field: a 4.x.x status is a delay, a 5.x.x one a failure.
    pub action: Option<Action>,
}

impl Reply {
    /// A reply with this text and nothing else known.
    pub fn new(text: impl Into<String>) -> Self {
        Reply {
            text: text.into(),
            ..Reply::default()
        }
    }

    /// Sets the SMTP reply code (`550`).
    pub fn reply_code(mut self, code: u16) -> Self {
        self.reply_code = Some(code);
        self
    }

    /// Sets the enhanced status code (`5.1.1`).
    pub fn status(mut self, status: EnhancedStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets the SMTP command the reply answered, by name as logs write it:
    /// `RCPT`, `RCPT TO`, `MAIL FROM`, `DATA`, `end of data`, `BDAT`,
    /// `EHLO`, `HELO`, `STARTTLS`, `AUTH`, `CONNECT`. A name it does not
    /// know leaves the command unknown.
    pub fn command(mut self, name: &str) -> Self {
        self.command = command_named(name).map(Command::as_str);
        self
    }

    /// Sets the remote host (`mx.example.com`, `mx.example.com[192.0.2.1]`).
    pub fn remote_host(mut self, host: impl Into<String>) -> Self {
        self.remote_host = Some(host.into());
        self
    }

    /// Sets the recipient address.
    pub fn recipient(mut self, address: impl Into<String>) -> Self {
        self.recipient = Some(address.into());
        self
    }

    /// Sets what happened to the message: [`Action::Failed`] or
    /// [`Action::Delayed`] (a log's "bounced" or "deferred").
    pub fn action(mut self, action: Action) -> Self {
        self.action = Some(action);
        self
    }

    /// The diagnostic text a server would send: the reply code and status
    /// given apart, in front of the text when it does not start with them.
    fn diagnostic(&self) -> String {
        let text = self.text.trim();
        let mut out = String::with_capacity(text.len() + 12);
        let mut rest = text;
        if let Some(code) = self.reply_code
            && leading_reply_code(rest).is_none()
        {
            out.push_str(&code.to_string());
            out.push(' ');
        }
        if let Some(status) = self.status {
            let after_code = match leading_reply_code(rest) {
                Some(n) => rest.get(n..).unwrap_or_default(),
                None => rest,
            };
            let after_code = after_code.trim_start_matches([' ', '-']);
            if !after_code.starts_with(|c: char| c.is_ascii_digit())
                || EnhancedStatus::find(after_code.split(' ').next().unwrap_or_default()).is_none()
            {
                // Keep a leading code first: "550 5.1.1 text".
                if let Some(n) = leading_reply_code(rest) {
                    out.push_str(rest.get(..n).unwrap_or_default());
                    out.push(' ');
                    rest = after_code;
                }
                out.push_str(&status.to_string());
                out.push(' ');
            }
        }
        out.push_str(rest);
        let len = out.trim_end().len();
        out.truncate(len);
        out
    }

    /// The record a delivery-status group carrying this reply gives, before
    /// the decoders' common settling (see `extract::settle`) and before the
    /// reply code its diagnostic quotes is put over the one given apart
    /// (`extract::reply_record` reads the diagnostic's codes once for both).
    pub(crate) fn record(&self, max_text: usize) -> Record {
        let mut diagnostic = self.diagnostic();
        truncate(&mut diagnostic, max_text);
        let recipient = self
            .recipient
            .as_deref()
            .and_then(clean_address)
            .or_else(|| self.recipient.as_deref().map(|r| r.trim().to_string()))
            .or_else(|| address_in_brackets(&diagnostic))
            .unwrap_or_default();
        let remote_mta = self
            .remote_host
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_string);
        let found = find_command_and_words(&diagnostic);
        let named = found.command;
        let short = short_words(&diagnostic);
        Record {
            recipient,
            action: self.action,
            status: self.status,
            reply_code: self.reply_code,
            remote_mta,
            // As in a delivery-status group: a command the reply's own
            // text names wins over what the notice around it says.
            command: named.or_else(|| self.command.and_then(command_named)),
            command_searched: named.is_none(),
            other_words_absent: !found.other_words,
            host_searched: names_no_host(&diagnostic, found.host_words, short.host),
            wrapper_absent: !short.relay_end,
            diagnostic,
            diagnostic_type: Some(Cow::Borrowed("smtp")),
            ..Record::default()
        }
    }
}

/// The byte length of a reply code at the start of `text` (`550`, `550-`
/// counts 3).
fn leading_reply_code(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let digits = b.get(..3)?;
    let ok = matches!(digits.first(), Some(b'2'..=b'5'))
        && digits.iter().all(u8::is_ascii_digit)
        && b.get(3).is_none_or(|c| matches!(c, b' ' | b'-' | b'\t'));
    ok.then_some(3)
}

/// The first `<address>` in a reply text (`550 5.1.1 <a@example.com>: ...`).
fn address_in_brackets(text: &str) -> Option<String> {
    let mut rest = cap(text, 1024);
    while let Some(i) = memchr::memchr(b'<', rest.as_bytes()) {
        rest = rest.get(i + 1..)?;
        let end = memchr::memchr(b'>', rest.as_bytes())?;
        if let Some(a) = rest.get(..end).and_then(clean_address) {
            return Some(a);
        }
    }
    None
}

/// A command by the name logs give it (`RCPT TO`, `MAIL FROM`, `end of
/// data`, Exim's `pipelined DATA`).
pub(crate) fn command_named(name: &str) -> Option<Command> {
    let name = name.trim().trim_end_matches(':');
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    Some(if has("rcpt") {
        Command::Rcpt
    } else if has("mail") && !has("data") {
        Command::Mail
    } else if has("data") || has("dot") {
        Command::Data
    } else if has("bdat") {
        Command::Bdat
    } else if has("ehlo") {
        Command::Ehlo
    } else if has("helo") || has("lhlo") {
        Command::Helo
    } else if has("starttls") {
        Command::Starttls
    } else if has("auth") {
        Command::Auth
    } else if ["conn", "connect", "connection", "greeting", "banner"]
        .iter()
        .any(|w| has(w))
    {
        Command::Conn
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIAGNOSTICS: &[(&str, Option<u16>, Option<&str>, &str)] = &[
        (
            "user unknown",
            Some(550),
            Some("5.1.1"),
            "550 5.1.1 user unknown",
        ),
        (
            "550 user unknown",
            Some(550),
            Some("5.1.1"),
            "550 5.1.1 user unknown",
        ),
        (
            "550 5.1.1 user unknown",
            Some(550),
            Some("5.1.1"),
            "550 5.1.1 user unknown",
        ),
        (
            "5.1.1 user unknown",
            Some(550),
            Some("5.1.1"),
            "550 5.1.1 user unknown",
        ),
        (
            "550-5.1.1 user unknown",
            None,
            Some("5.1.1"),
            "550-5.1.1 user unknown",
        ),
        ("user unknown", None, None, "user unknown"),
        ("mailbox full ", None, Some("4.2.2"), "4.2.2 mailbox full"),
        ("", Some(421), None, "421"),
    ];

    #[test]
    fn codes_go_in_front_once() {
        for (text, code, status, want) in DIAGNOSTICS {
            let mut r = Reply::new(*text);
            r.reply_code = *code;
            r.status = status.and_then(|s| s.parse().ok());
            assert_eq!(r.diagnostic(), *want, "{text:?}");
        }
    }

    #[test]
    fn commands_by_log_name() {
        for (name, want) in [
            ("RCPT TO", Some(Command::Rcpt)),
            ("rcpt", Some(Command::Rcpt)),
            ("MAIL FROM:", Some(Command::Mail)),
            ("end of data", Some(Command::Data)),
            ("pipelined DATA", Some(Command::Data)),
            ("EHLO", Some(Command::Ehlo)),
            ("connect", Some(Command::Conn)),
            ("mailbox", None),
            ("", None),
        ] {
            assert_eq!(command_named(name), want, "{name:?}");
        }
    }

    #[test]
    fn other_command_phrases_are_read_from_a_reply() {
        let limits = crate::limits::Limits::default();
        for (text, want) in [
            (
                "550 5.1.1 unknown (Error following RCPT command)",
                Some(Command::Rcpt),
            ),
            (
                "554 refused to accept your message (DATA)",
                Some(Command::Data),
            ),
            (
                "550 mx.example.net did not like our MAIL FROM",
                Some(Command::Mail),
            ),
            (
                "550 5.1.1 unknown (in reply to RCPT TO command)",
                Some(Command::Rcpt),
            ),
            ("550 5.1.1 following the rules, no such user", None),
            ("550 5.1.1 no such user", None),
        ] {
            let r = super::super::reply_record(&Reply::new(text), &limits);
            assert_eq!(r.command, want, "{text}");
        }
    }

    #[test]
    fn recipient_from_the_text_when_not_given() {
        let r = Reply::new("550 5.1.1 <a@example.com>: no such user").record(4096);
        assert_eq!(r.recipient, "a@example.com");
        let r = Reply::new("550 <not an address> <b@example.com> unknown").record(4096);
        assert_eq!(r.recipient, "b@example.com");
        let r = Reply::new("550 no such user")
            .recipient("<c@example.com>")
            .record(4096);
        assert_eq!(r.recipient, "c@example.com");
        assert_eq!(Reply::new("550 no").record(4096).recipient, "");
    }
}
