//! From a record to a diagnosis: the rule table's decision, then the action,
//! the verdicts, the typo check and the ordered fixes.

mod explain;
mod typo;

use crate::cause::{Reason, Smtp550Cause};
use crate::extract::{Command, Record};
use crate::fix::Fix;
use crate::limits::Limits;
use crate::report::{Action, Diagnosis, Kind};
use crate::rules::{self, Facts, UserRules};
use crate::status::{self, EnhancedStatus};
use crate::text::{Needle, printable, printable_address, truncate};

pub(crate) use explain::explain;

/// The report's kind when no decoder said it: from its recipients' actions.
pub(crate) fn kind_of(recipients: &[Diagnosis]) -> Kind {
    if recipients.iter().any(|d| d.action == Action::Failed) {
        Kind::Failed
    } else if recipients.iter().any(|d| d.action == Action::Delayed) {
        Kind::Delayed
    } else {
        Kind::Delivered
    }
}

/// The command the rules take for a record whose source never names one
/// ([`Record::command_untold`]: a reply given on its own, an OpenSMTPD
/// notice) when neither the caller nor the reply's text does: RCPT TO, unless the reply's
/// codes are about the message itself. A log line or a reply copied from a
/// ticket records one recipient's failure; servers refuse a recipient, and
/// most refuse a client, a sender or a rate too, in answer to RCPT TO
/// (RFC 5321 section 3.3; Postfix delays its client, HELO and sender
/// restrictions to RCPT TO by default). A refusal of the message's content
/// comes after the data, and its codes say so: an enhanced status of
/// subject 6 (message content or media, RFC 3463), or, without one, reply
/// code 554 (transaction failed, RFC 5321 section 4.2.3).
fn assumed_command(status: Option<EnhancedStatus>, reply: Option<u16>) -> Option<Command> {
    let about_message = match status {
        Some(s) => s.subject == 6,
        None => reply == Some(554),
    };
    (!about_message).then_some(Command::Rcpt)
}

/// From a decoder's record to a diagnosis: status, reason, cause, fixes.
/// The user rules are tried before the built-in table.
pub(crate) fn diagnose(mut r: Record, limits: &Limits, user: &UserRules) -> Diagnosis {
    let before = r.diagnostic.len();
    let diagnostic = kept_text(std::mem::take(&mut r.diagnostic), limits);
    let whole = diagnostic.len() == before;
    printable_address(&mut r.recipient);
    if let Some(a) = r.original_recipient.as_mut() {
        printable_address(a);
    }
    let status = status_of(&r, &diagnostic, whole);
    let reply_code = r.reply_code;
    let remote_mta = remote_host(&r);
    let facts = facts(&r, &diagnostic, status, remote_mta.as_deref());
    let decision = rules::decide_with(user, &facts);
    let decision = match decision {
        Some(d) if d.rule.starts_with("expired.") => {
            last_reply_reason(&r, &diagnostic, status, remote_mta.as_deref(), user).or(Some(d))
        }
        d => d,
    };
    let (mut reason, rule_id, rule_cause, first_fixes, rule_hard_bounce) = match decision {
        Some(d) => (
            d.reason,
            Some(d.rule),
            d.cause,
            d.first_fixes,
            d.hard_bounce,
        ),
        None => (Reason::Undefined, None, None, &[][..], None),
    };
    // Told from the codes only when the record does not say it (a log
    // line does): the expiry words are a search of the whole text.
    let action = r.action.unwrap_or_else(|| match status.map(|s| s.class) {
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
    ) && r.notice.is_none()
    {
        reason = Reason::Delivered;
    }
    let mut cause = rule_cause.or(reason.cause());
    // The typo check runs for every recipient that did not get the
    // message, whatever the reason: a near miss of a big provider's domain
    // is worth showing. The cause becomes the typo only when the failure
    // says the address is wrong (no such mailbox or domain, a domain that
    // does not route, a bad address status). A timeout, a full mailbox or a
    // spam refusal at the look-alike domain keeps its cause, with the
    // suggestion added: the words do not show that the domain is unused.
    let mut suggestion = None;
    let wrong_address = matches!(
        reason,
        Reason::UserUnknown | Reason::HostUnknown | Reason::NotAccept
    ) || r.domain_failed
        || status.is_some_and(|s| s.subject == 1 && matches!(s.detail, 2 | 3 | 10))
        || status.is_some_and(|s| s.subject == 4 && s.detail == 4);
    let undelivered = !matches!(
        action,
        Action::Delivered | Action::Relayed | Action::Expanded
    );
    // No recipient known (a reply line that names none) is no mistyped one.
    if undelivered && !r.recipient.is_empty() {
        match typo::check(&r.recipient) {
            Some(typo::Typo::Suggest(s)) => {
                if wrong_address {
                    cause = Some(Smtp550Cause::RecipientTypo);
                }
                suggestion = Some(s);
            }
            Some(typo::Typo::Malformed) if wrong_address => {
                cause = Some(Smtp550Cause::RecipientTypo);
            }
            _ => {}
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
                    | Reason::RateLimited
                    | Reason::OnHold
                    | Reason::Undefined
                    | Reason::Feedback
                    | Reason::Vacation
            ),
        },
    };
    // Sisimai's verdict, and also any refusal that says the mailbox does not
    // exist or the address is mistyped (Sisimai's "filtered" after DATA).
    let hard_bounce = rule_hard_bounce.unwrap_or(match reason {
        Reason::UserUnknown | Reason::HostUnknown | Reason::HasMoved => true,
        Reason::NotAccept => permanent,
        _ => matches!(
            cause,
            Some(Smtp550Cause::NonexistentMailbox | Smtp550Cause::RecipientTypo)
        ),
    });
    let general = match cause {
        Some(c) => c.fixes(),
        None => reason.fixes(),
    };
    // The rule's own steps, when its phrase family asks for something more
    // precise than the cause's general advice, come first.
    let fixes = first_fixes
        .iter()
        .chain(general)
        .cloned()
        .collect::<Vec<Fix>>();
    Diagnosis {
        recipient: r.recipient,
        original_recipient: r.original_recipient,
        action,
        status,
        reply_code,
        remote_mta,
        command: r.command.map(|c| c.as_str().to_string()),
        diagnostic,
        reason,
        cause,
        permanent,
        hard_bounce,
        rule: rule_id,
        suggestion,
        feedback_type: r.feedback_type.map(|mut t| {
            printable(&mut t);
            t
        }),
        fixes,
    }
}

/// The diagnostic text as the report keeps it: cut at the limit, and
/// printable (every text here was written by whoever sent the bounce).
fn kept_text(mut text: String, limits: &Limits) -> String {
    truncate(&mut text, limits.max_text_bytes);
    printable(&mut text);
    text
}

/// The remote server's host name as the report gives it.
fn remote_host(r: &Record) -> Option<String> {
    r.remote_mta.as_deref().and_then(host_name).map(|mut h| {
        printable(&mut h);
        h
    })
}

/// The decoders settle which code the record reports (extract::codes: the
/// remote server's own code over the reporting MTA's summary); a record
/// without one takes the first failure code of its text. `whole`: the kept
/// text has the length of the record's, so it differs from it at most by
/// controls made spaces, and quotes the codes the record's quotes (a status
/// may stand after either).
fn status_of(r: &Record, diagnostic: &str, whole: bool) -> Option<EnhancedStatus> {
    r.status.or_else(|| {
        if r.status_absent && whole {
            return None;
        }
        status::find_all(diagnostic).find(|s| !s.is_success())
    })
}

/// What the rules read of a record.
fn facts<'a>(
    r: &'a Record,
    diagnostic: &'a str,
    status: Option<EnhancedStatus>,
    remote: Option<&'a str>,
) -> Facts<'a> {
    Facts {
        text: diagnostic,
        status,
        command: r.command.or_else(|| {
            r.command_untold
                .then(|| assumed_command(status, r.reply_code))
                .flatten()
        }),
        reply: r.reply_code,
        dtype: r.diagnostic_type.as_deref(),
        notice: r.notice,
        remote,
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

/// Words an MTA appends to the last reply when it stops retrying
/// ("451 4.7.1 Greylisted, try later: retry timeout exceeded").
const EXPIRY_SUFFIXES: &[Needle] = &[
    Needle::new("retry timeout exceeded"),
    Needle::new("retry time not reached for any host after a long failure period"),
];

/// A notice that gave up after retrying, with the last reply before its
/// expiry words: that reply says why the retries failed, so a phrase rule
/// that explains it decides. A reply that no phrase explains (only its
/// status or code, or the keyword stage) leaves the expiry.
fn last_reply_reason<'u>(
    r: &Record,
    diagnostic: &str,
    status: Option<EnhancedStatus>,
    remote: Option<&str>,
    user: &'u UserRules,
) -> Option<rules::Decision<'u>> {
    let cut = EXPIRY_SUFFIXES.iter().find_map(|s| s.find_in(diagnostic))?;
    let reply = diagnostic[..cut].trim_end_matches([' ', ':', ';', ',', '-']);
    if status::find_reply_code(reply).is_none_or(|c| c < 400) {
        return None;
    }
    let d = rules::decide_with(user, &facts(r, reply, status, remote))?;
    let weak = ["expired.", "status.", "reply.", "keywords."];
    (!weak.iter().any(|w| d.rule.starts_with(w))).then_some(d)
}

/// True when the MTA says it stopped retrying, whatever the 4.x.x code of
/// the last attempt: the notice's words, read in extraction.
fn gave_up(diagnostic: &str) -> bool {
    crate::extract::gave_up(diagnostic)
}
