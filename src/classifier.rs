//! [`Classifier`]: the pipeline from raw bytes to a [`Report`], under
//! [`Limits`].

use std::borrow::Cow;

use crate::diagnose;
use crate::error::Error;
use crate::extract::{self, Reply};
use crate::limits::Limits;
use crate::mime;
use crate::report::{Diagnosis, Report};
use crate::rules::{self, RuleMatch, UserRules};
use crate::text::{printable, printable_address};

/// A configured classifier. [`classify`](crate::classify) is `Classifier::default().classify`.
///
/// # Examples
///
/// ```
/// use bounce_cause::{Classifier, Limits};
///
/// let mut limits = Limits::default();
/// limits.max_recipients = 10;
/// let classifier = Classifier::new().limits(limits);
/// classifier.warm_up(); // optional: compile the rule table now
/// let raw = b"From: MAILER-DAEMON@mx.example.org\r\nSubject: failure notice\r\n\r\n\
/// <bob@example.com>:\r\nRemote host said: 550 5.1.1 no such user\r\n";
/// let report = classifier.classify(raw).unwrap();
/// assert_eq!(report.recipients[0].recipient, "bob@example.com");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Classifier {
    limits: Limits,
    user: UserRules,
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

    /// Adds user rules, tried before the built-in table (and after any set
    /// added before). See [`RuleSet`](crate::RuleSet).
    #[cfg(feature = "rule-files")]
    pub fn rules(mut self, rules: crate::RuleSet) -> Self {
        self.user.push(rules);
        self
    }

    /// Compiles the rule table now (it is otherwise compiled on first use),
    /// so the first call does not pay for it.
    pub fn warm_up(&self) {
        crate::rules::warm_up();
    }

    /// Classifies one bounce. See [`classify`](crate::classify).
    ///
    /// # Errors
    ///
    /// See [`classify`](crate::classify).
    pub fn classify(&self, raw: &[u8]) -> Result<Report, Error> {
        self.check_input(raw)?;
        // A dependency's debug assertion must not take the caller down.
        std::panic::catch_unwind(|| self.classify_inner(raw, None)).unwrap_or(Err(Error::Internal))
    }

    /// The input checks done before reading: size, and not blank.
    pub(crate) fn check_input(&self, raw: &[u8]) -> Result<(), Error> {
        if raw.len() > self.limits.max_input_bytes {
            return Err(Error::TooLarge {
                size: raw.len(),
                limit: self.limits.max_input_bytes,
            });
        }
        if raw.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Empty);
        }
        Ok(())
    }

    /// Classifies a server's reply given without a bounce email (a log
    /// line, a sending service's event): the same rules, typo check and
    /// fixes as [`classify`](Self::classify), and the same [`Diagnosis`] as
    /// for a delivery-status report that carries this reply. See [`Reply`].
    /// Never panics.
    ///
    /// A reply with no command, neither given nor named in its text, is
    /// read by the rules as the answer to RCPT TO (where a server refuses
    /// one recipient), unless its codes are about the message itself: an
    /// enhanced status of subject 6 (content or media), or reply code 554
    /// without a status. The diagnosis's `command` stays `None`. A reply
    /// that names no recipient gets no typo verdict.
    ///
    /// # Examples
    ///
    /// ```
    /// use bounce_cause::{Classifier, Reply, Reason};
    ///
    /// let c = Classifier::new();
    /// let d = c.classify_reply(&Reply::new("550 5.7.1 Service unavailable; client host blocked using a DNS blocklist"));
    /// assert_eq!(d.reason, Reason::Blocked);
    /// assert!(d.permanent);
    /// ```
    pub fn classify_reply(&self, reply: &Reply) -> Diagnosis {
        diagnose::diagnose(
            extract::reply_record(reply, &self.limits),
            &self.limits,
            &self.user,
        )
    }

    /// The pipeline. With `explain`, also the rules that fire on each
    /// recipient reported, in the report's order.
    pub(crate) fn classify_inner(
        &self,
        raw: &[u8],
        mut explain: Option<&mut Vec<Vec<RuleMatch>>>,
    ) -> Result<Report, Error> {
        let raw = lf_line_ends(raw);
        let raw = skip_mbox_from_line(&raw);
        let bounce = mime::read(raw, &self.limits).ok_or(Error::NotAnEmail)?;
        // Decoders read one recipient past the limit, so that a report of
        // exactly `max_recipients` is not flagged as cut.
        let mut probe = self.limits;
        probe.max_recipients = probe.max_recipients.saturating_add(1);
        let decoded = extract::decode(&bounce, &probe, rules::states_mailbox);
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
            .map(|r| {
                if let Some(out) = explain.as_deref_mut() {
                    out.push(diagnose::explain(&r, &self.limits, &self.user));
                }
                diagnose::diagnose(r, &self.limits, &self.user)
            })
            .collect();
        let kind = decoded
            .kind
            .unwrap_or_else(|| diagnose::kind_of(&recipients));
        let reporting_mta = decoded.reporting_mta.or_else(|| {
            bounce
                .from
                .split_once('@')
                .map(|(_, d)| d.to_string())
                .filter(|d| !d.is_empty())
        });
        let mut original = decoded.original.unwrap_or(bounce.original);
        for text in [&mut original.message_id, &mut original.subject]
            .into_iter()
            .flatten()
        {
            printable(text);
        }
        for address in [&mut original.from, &mut original.to].into_iter().flatten() {
            printable_address(address);
        }
        Ok(Report {
            kind,
            format: Cow::Borrowed(decoded.format),
            reporting_mta: reporting_mta.map(|mut h| {
                printable(&mut h);
                h
            }),
            original,
            recipients,
            truncated,
        })
    }
}

/// An mbox "From " separator line before the headers is not a header.
fn skip_mbox_from_line(raw: &[u8]) -> &[u8] {
    if raw.starts_with(b"From ")
        && let Some(i) = raw.iter().position(|&c| c == b'\n')
    {
        return skip_leading_junk(raw.get(i + 1..).unwrap_or(raw));
    }
    skip_leading_junk(raw)
}

/// At most this many lines before the header section are skipped as junk.
const MAX_JUNK_LINES: usize = 8;

/// Skips blank or whitespace lines and stray lines (a transfer log's line,
/// a second mbox separator) before the header section: the section starts
/// at the first of two header field lines in a row. Input without such a
/// pair in its first lines is returned as it is, to be refused.
fn skip_leading_junk(raw: &[u8]) -> &[u8] {
    /// `Name: value` with a name of printable ASCII, no space or colon.
    fn is_field(line: &[u8]) -> bool {
        let Some(colon) = memchr::memchr(b':', line) else {
            return false;
        };
        let name = line.get(..colon).unwrap_or_default();
        !name.is_empty()
            && name.len() <= 76
            && name.iter().all(|c| c.is_ascii_graphic())
            && name.first().is_some_and(u8::is_ascii_alphabetic)
    }
    // Where each of the first lines starts.
    let mut first = [0usize; MAX_JUNK_LINES + 3];
    let mut n = 1;
    for i in memchr::memchr_iter(b'\n', raw) {
        let Some(slot) = first.get_mut(n) else {
            break;
        };
        *slot = i + 1;
        n += 1;
    }
    let starts = first.get(..n).unwrap_or_default();
    let line = |k: usize| -> &[u8] {
        let from = starts.get(k).copied().unwrap_or(raw.len());
        let rest = raw.get(from..).unwrap_or_default();
        let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        rest.get(..end).unwrap_or_default()
    };
    if is_field(line(0)) {
        return raw;
    }
    for k in 1..=MAX_JUNK_LINES {
        let Some(&at) = starts.get(k + 1) else {
            break;
        };
        let next = line(k + 1);
        let next_is_field = is_field(next) || next.starts_with(b" ") || next.starts_with(b"\t");
        if is_field(line(k)) && next_is_field {
            return raw
                .get(starts.get(k).copied().unwrap_or(at)..)
                .unwrap_or(raw);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cause::Smtp550Cause;

    /// A reply with no command is read as RCPT's answer, unless its codes
    /// are about the message; its command stays unknown.
    #[test]
    fn a_reply_without_a_command_is_read_as_the_answer_to_rcpt() {
        let c = Classifier::new();
        for text in [
            "550 sorry, no mailbox here by that name",
            "550 5.1.1 <ann@example.com>: no such user in this domain",
            "553 5.7.1 <ann@example.com>: sender address rejected: not owned by user",
            "452 4.2.2 the mailbox of ann@example.com is over its quota",
        ] {
            let bare = c.classify_reply(&Reply::new(text));
            let rcpt = c.classify_reply(&Reply::new(text).command("RCPT TO"));
            assert_eq!(bare.rule, rcpt.rule, "{text}");
            assert_eq!(bare.reason, rcpt.reason, "{text}");
            assert_eq!(bare.command, None, "{text}");
            assert_eq!(rcpt.command.as_deref(), Some("RCPT"), "{text}");
        }
        // About the content: read with no command, as in an email.
        for text in [
            "554 5.6.0 no such user; message content refused",
            "554 no such user here, transaction failed",
        ] {
            let bare = c.classify_reply(&Reply::new(text));
            // The same record read as an email's, with no command assumed.
            let mut record = extract::reply_record(&Reply::new(text), &c.limits);
            record.command_untold = false;
            let email = diagnose::diagnose(record, &c.limits, &c.user);
            assert_eq!(bare.rule, email.rule, "{text}");
            assert_eq!(bare.reason, email.reason, "{text}");
        }
    }

    /// No recipient known is no mistyped recipient.
    #[test]
    fn a_reply_without_a_recipient_gets_no_typo_verdict() {
        let c = Classifier::new();
        let d = c.classify_reply(&Reply::new("550 5.1.1 no such user"));
        assert_eq!(d.recipient, "");
        assert_ne!(d.cause, Some(Smtp550Cause::RecipientTypo));
        let d = c.classify_reply(&Reply::new("550 5.1.1 no such user").recipient("ann@gmial.com"));
        assert_eq!(d.cause, Some(Smtp550Cause::RecipientTypo));
        assert_eq!(d.suggestion.as_deref(), Some("ann@gmail.com"));
    }

    #[test]
    fn junk_before_the_header_section_is_skipped_and_junk_alone_kept() {
        let head = b"From: a@example.org\nSubject: x\n\nbody\n";
        assert_eq!(skip_leading_junk(head), head);
        for lead in [&b"\n"[..], b"  \n\t\n", b"\r\n", b"export 2026-02-02\n"] {
            let raw = [lead, head].concat();
            assert_eq!(skip_leading_junk(&raw), head, "{lead:?}");
        }
        // A folded first field counts as the second line of the section.
        let folded = b"\nReceived: from x\n by y\n\nbody\n";
        assert_eq!(skip_leading_junk(folded), &folded[1..]);
        // Nothing like a header section: left for `read` to refuse.
        for junk in [
            &b"\n\n  \nsome words\nmore words\n"[..],
            b"\n\nKey: value\n\nbody",
        ] {
            assert_eq!(skip_leading_junk(junk), junk);
        }
    }
}
