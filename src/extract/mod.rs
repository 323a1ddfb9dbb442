//! From a taken-apart bounce to recipient records. Tried in a fixed order by
//! cheap signals: feedback reports (RFC 5965) and Amazon SES's JSON
//! notifications, delivery-status parts (RFC 3464 / RFC 6533, including
//! status fields pasted into text), auto-replies, then the notice text: first
//! the decoders of MTA families whose notices have a shape of their own (each
//! checks its own signal first and declines mail that is not its family's,
//! see [`formats`]), then the generic text scan.
//!
//! Decoders find facts (who failed, what the server said, which kind of
//! notice); they never decide a reason: that is the rule table's work.

pub(crate) mod codes;
mod command;
mod delay;
mod diagnostic;
pub(crate) mod dsn;
mod formats;
mod generic;
mod record;
mod reply;
mod sniff;

pub use command::Command;
pub(crate) use command::find_command;
pub(crate) use delay::gave_up;
pub(crate) use generic::StatesMailbox;
pub use record::Notice;
pub(crate) use record::Record;
pub use reply::Reply;

use crate::address::clean_address;
use crate::limits::Limits;
use crate::mime::Bounce;
use crate::report::{Kind, OriginalMessage};
use crate::text::{Needle, push_words};

use formats::TEXT_DECODERS;

/// What the decoders made of a bounce.
#[derive(Debug, Default)]
pub(crate) struct Decoded {
    pub format: &'static str,
    pub reporting_mta: Option<String>,
    pub kind: Option<Kind>,
    pub records: Vec<Record>,
    /// The original message's headers, when the decoder found them in a
    /// place the MIME walk does not look (a JSON notification).
    pub original: Option<OriginalMessage>,
}

/// Decodes a bounce into records. `states_mailbox` is the rule table's
/// judgement of a heading sentence (see [`StatesMailbox`]).
pub(crate) fn decode(b: &Bounce, limits: &Limits, states_mailbox: StatesMailbox) -> Decoded {
    let mut d = decode_records(b, limits, states_mailbox);
    if FORMATS_WITHOUT_COMMANDS.contains(&d.format) {
        d.records.iter_mut().for_each(|r| r.command_untold = true);
    }
    mark_delays(&mut d.records, b);
    mark_domain_failures(&mut d.records, b);
    d
}

/// Formats whose notices give each recipient the server's reply but never
/// the command it answered. OpenSMTPD writes "<a@b>: 550 ..." whether the
/// reply came to RCPT TO or after the data.
const FORMATS_WITHOUT_COMMANDS: &[&str] = &["opensmtpd"];

/// Settles each record's action from what the notice says of the tries:
/// an expiry ("Envelope expired", "giving up") is a failure even under
/// `Action: delayed`; a delay warning ("has been delayed", "will continue
/// to try") is a delay for a record whose action and codes do not say it
/// failed.
fn mark_delays(records: &mut [Record], b: &Bounce) {
    use crate::report::Action;
    // The notice's words, read once and only for a record that needs them
    // (most records say `Action: failed` or carry a 5xx code already).
    let mut notice_words: Option<(bool, bool)> = None;
    for r in records {
        let permanent =
            r.status.is_some_and(|s| s.class == 5) || r.reply_code.is_some_and(|c| c >= 500);
        let open = match r.action {
            Some(Action::Delayed) => true,
            None => !permanent,
            _ => false,
        };
        if !open || r.notice.is_some() {
            continue;
        }
        let (notice_expired, notice_delayed) = *notice_words.get_or_insert_with(|| {
            let notice = b.notice();
            (
                delay::gave_up(notice),
                delay::says_delayed(notice) || delay::says_delayed(&b.subject),
            )
        });
        let diag_delayed = delay::says_delayed(&r.diagnostic);
        let expired =
            delay::gave_up(&r.diagnostic) || (notice_expired && !notice_delayed && !diag_delayed);
        if expired {
            r.action = Some(Action::Failed);
        } else if r.action.is_none() && (notice_delayed || diag_delayed) {
            r.action = Some(Action::Delayed);
        }
    }
}

/// Words an MTA writes both for a mailbox it does not know and for a domain
/// it cannot route to (Exim's "Unrouteable address").
const ROUTE_OR_USER: &[Needle] = &[
    Needle::new("unrouteable address"),
    Needle::new("unroutable address"),
];

/// Sets [`Record::domain_failed`] where the words fit both an unknown
/// mailbox and a domain that does not route, and the recipient's domain is
/// not one the reporting host serves: its own domain, or one its name is
/// under (`mx.example.org` for `example.org`). The reporting host is the
/// bounce's sender's domain, else the first Received field's `by` host.
fn mark_domain_failures(records: &mut [Record], b: &Bounce) {
    let reporter = b
        .from
        .rsplit_once('@')
        .map(|(_, d)| d.to_ascii_lowercase())
        .filter(|d| !d.is_empty())
        .or_else(|| {
            let rcv = b.header("received")?;
            let mut by = rcv
                .split_whitespace()
                .skip_while(|w| !w.eq_ignore_ascii_case("by"));
            by.nth(1)
                .map(|h| h.trim_end_matches([';', ')']).to_ascii_lowercase())
        });
    let Some(reporter) = reporter else {
        return;
    };
    for r in records {
        let ambiguous = ROUTE_OR_USER.iter().any(|p| p.in_text(&r.diagnostic));
        let Some((_, domain)) = r.recipient.rsplit_once('@') else {
            continue;
        };
        // The reporter is lowercase: its domain, or a name under it.
        let served = || {
            reporter.len() >= domain.len()
                && reporter
                    .get(reporter.len() - domain.len()..)
                    .is_some_and(|end| end.eq_ignore_ascii_case(domain))
                && (reporter.len() == domain.len()
                    || reporter
                        .get(..reporter.len() - domain.len())
                        .is_some_and(|head| head.ends_with('.')))
        };
        let local = ambiguous && served();
        r.domain_failed = ambiguous && !local;
        if local && r.notice.is_none() {
            r.notice = Some(Notice::LocalRouteFailure);
        }
    }
}

fn decode_records(b: &Bounce, limits: &Limits, states_mailbox: StatesMailbox) -> Decoded {
    if let Some(d) =
        formats::arf::decode(b, limits).or_else(|| formats::arf::decode_jmrp(b, limits))
    {
        return d;
    }
    if let Some(mut d) = formats::amazonses::decode(b, limits) {
        d.records.iter_mut().for_each(settle);
        return d;
    }
    let family = sniff::family(b);
    let notice = b.notice();
    // The bounce's own sender is never a failed recipient. (Its To is: a
    // user who wrote to themself gets their own address back.)
    let skip = [b.from.as_str()];

    // Delivery-status fields: in their own part, or pasted into the text.
    let mut ds = dsn::DeliveryStatus::default();
    for part in &b.status_parts {
        let more = dsn::read(
            part,
            limits.max_recipients.saturating_sub(ds.records.len()),
            limits.max_text_bytes,
        );
        if ds.reporting_mta.is_none() {
            ds.reporting_mta = more.reporting_mta;
        }
        ds.records.extend(more.records);
    }
    if ds.records.is_empty() && dsn::looks_like_fields(&b.text) {
        ds = dsn::read(&b.text, limits.max_recipients, limits.max_text_bytes);
    }

    if !ds.records.is_empty() {
        // The notice text is read only when a record lacks what it may add.
        let needs_text = ds.records.iter().any(|r| {
            r.diagnostic.trim().is_empty()
                || r.reply_code.is_none()
                || r.remote_mta.is_none()
                || r.command.is_none()
        });
        let mut text_records = if needs_text {
            generic::scan_unfilled(
                notice,
                &skip,
                limits.max_recipients,
                limits.max_text_bytes,
                states_mailbox,
            )
        } else {
            Vec::new()
        };
        let transcript = formats::sendmail::Transcript::read(notice);
        for r in &mut ds.records {
            enrich_from_text(r, &mut text_records, limits);
            if let Some(t) = &transcript {
                t.enrich(r, limits);
            }
            // A report whose status part has no Diagnostic-Code and whose
            // notice names no recipient on a line of its own (Gmail's
            // "Your message wasn't delivered to a@b because the address
            // couldn't be found"): the notice itself is the diagnostic.
            if r.diagnostic.trim().is_empty() {
                for line in notice.lines().take(40) {
                    push_words(&mut r.diagnostic, line, 1024.min(limits.max_text_bytes));
                }
            }
            settle(r);
        }
        return Decoded {
            original: None,
            format: family.unwrap_or("rfc3464"),
            reporting_mta: ds.reporting_mta,
            kind: None,
            records: ds.records,
        };
    }

    if let Some(d) = formats::autoreply::decode(b) {
        return d;
    }

    let is_bounce = sniff::looks_like_bounce(b);
    for (name, decoder) in TEXT_DECODERS {
        // fml's refusals come from the list's admin address with list-ish
        // subjects; its own signal (checked inside) is enough.
        if !is_bounce && *name != "fml" {
            continue;
        }
        if let Some(mut records) = decoder(b, notice, limits).filter(|r| !r.is_empty()) {
            records.truncate(limits.max_recipients);
            records.iter_mut().for_each(settle);
            return Decoded {
                original: None,
                format: name,
                reporting_mta: None,
                kind: None,
                records,
            };
        }
    }
    if !is_bounce {
        return Decoded::default();
    }
    let mut records = generic::scan(
        notice,
        &skip,
        limits.max_recipients,
        limits.max_text_bytes,
        states_mailbox,
    );
    if records.is_empty() {
        records = fallback(b, notice, limits);
    }
    records.iter_mut().for_each(settle);
    Decoded {
        original: None,
        format: family.unwrap_or("generic"),
        reporting_mta: None,
        kind: None,
        records,
    }
}

/// Gmail and Google Workspace wrap the remote server's reply in a paragraph
/// of their own ("Google tried to deliver your message, but it was rejected
/// ... The error that the other server returned was: 550 ..."); the wrapper's
/// words are not the reason, the reply after it is.
const RELAY_WRAPPERS: &[Needle] = &[
    Needle::new("the error that the other server returned was:"),
    Needle::new("the response from the remote server was:"),
    Needle::new("the response was:"),
];

/// What every one of [`RELAY_WRAPPERS`] holds.
const RELAY_END: Needle = Needle::new("was:");

/// The record for a reply given on its own (an MTA's log line, a sending
/// service's event): the one a delivery-status group carrying it gives,
/// settled as every decoder's records are.
pub(crate) fn reply_record(reply: &Reply, limits: &Limits) -> Record {
    let mut r = reply.record(limits.max_text_bytes);
    let codes = codes::TextCodes::read(&r.diagnostic);
    // As in a delivery-status group: the reply code the text quotes wins
    // over one given apart.
    r.reply_code = codes.reply_code(&r.diagnostic).or(r.reply_code);
    settle_read(&mut r, Some(&codes));
    // A reply on its own says no more of its command than its text does.
    r.command_untold = true;
    r
}

/// Status, reply code, command and remote host, once the decoder is done.
fn settle(r: &mut Record) {
    settle_read(r, None);
}

/// [`settle`], with the codes of the record's diagnostic when they were
/// read already (`codes`, of the text the decoder gave).
fn settle_read(r: &mut Record, codes: Option<&codes::TextCodes>) {
    // Before a relay's wrapper is cut away: Gmail names the remote host in it.
    // The cut below only shortens the text: a host not found now is not
    // found after it.
    if r.remote_mta.is_none() && !r.host_searched {
        r.remote_mta = diagnostic::remote_host(&r.diagnostic);
        r.host_searched = true;
    }
    // Every wrapper ends with these words: one search rules out most texts.
    let wrapped = !r.wrapper_absent && RELAY_END.in_text(&r.diagnostic);
    let mut cut = false;
    for w in RELAY_WRAPPERS.iter().filter(|_| wrapped) {
        if let Some(i) = w.find_in(&r.diagnostic) {
            let rest = r
                .diagnostic
                .get(i + w.text.len()..)
                .unwrap_or_default()
                .trim();
            if !rest.is_empty() {
                r.diagnostic = rest.to_string();
                cut = true;
            }
        }
    }
    let text = codes::reply_text(r);
    // An X-Unix diagnostic's codes are read past its exit status: not the
    // text `fill_codes` searches.
    let whole = text.len() == r.diagnostic.len();
    let read;
    let codes = match codes.filter(|_| !cut) {
        Some(c) => c,
        None => {
            read = codes::TextCodes::read(text);
            &read
        }
    };
    codes::settle(r, codes.quoted());
    diagnostic::fill_codes(r, whole.then_some(codes));
    // No status in the text: diagnose need not look again.
    r.status_absent = r.status.is_none();
}

/// Adds what the notice text says about a recipient that the status part
/// leaves out (no Diagnostic-Code, or a generic one).
/// `text` comes from [`generic::scan_unfilled`]: the codes of the one
/// record used are read here, once.
fn enrich_from_text(r: &mut Record, text: &mut [Record], limits: &Limits) {
    let only = text.len() == 1;
    let Some(t) = text
        .iter()
        .position(|t| t.recipient.eq_ignore_ascii_case(&r.recipient))
        .or_else(|| only.then_some(0))
        .and_then(|i| text.get_mut(i))
    else {
        return;
    };
    if !t.codes_filled {
        diagnostic::fill_codes(t, None);
        t.codes_filled = true;
    }
    if r.diagnostic.trim().is_empty() {
        r.diagnostic = t.diagnostic.clone();
    } else if r.reply_code.is_none() && t.reply_code.is_some() && r.diagnostic.len() < 64 {
        push_words(&mut r.diagnostic, &t.diagnostic, limits.max_text_bytes);
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
    // A notice that says it is one (subject, sender) may say no more than
    // that the message failed; one a person passed on must show a failure.
    let says_bounce = sniff::looks_like_bounce(b) && !sniff::passed_on_by_person(b);
    if !has_failure && !b.is_report && !says_bounce {
        return Vec::new();
    }
    let mut diag = String::new();
    for line in notice.lines().take(200) {
        push_words(&mut diag, line, limits.max_text_bytes);
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
    diagnostic::fill_codes(&mut r, None);
    vec![r]
}

struct EnhancedStatusLike;
impl EnhancedStatusLike {
    fn present(text: &str) -> bool {
        crate::status::find_all(text).any(|s| !s.is_success())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Action;

    fn decoded(raw: &str) -> Decoded {
        let limits = Limits::default();
        let b = crate::mime::read(raw.as_bytes(), &limits).expect("a message");
        decode(&b, &limits, |_| false)
    }

    #[test]
    fn every_relay_wrapper_holds_the_words_searched_first() {
        for w in RELAY_WRAPPERS {
            assert!(RELAY_END.in_text(w.text), "{}", w.text);
        }
    }

    const EXIM: &str = "From: Mail Delivery System <Mailer-Daemon@mta.example.net>\nTo: ann@example.net\nSubject: Mail delivery failed: returning message to sender\n\nThis message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  RCPT@DOMAIN\n    Unrouteable address\n";

    #[test]
    fn unrouteable_names_the_domain_unless_the_reporter_serves_it() {
        let far = decoded(&EXIM.replace("RCPT@DOMAIN", "bob@nowhere.example.org"));
        assert_eq!(far.records.len(), 1);
        assert!(far.records[0].domain_failed);
        // The reporting host's own domain, and a domain it is under.
        for local in ["bob@mta.example.net", "bob@example.net"] {
            let d = decoded(&EXIM.replace("RCPT@DOMAIN", local));
            assert!(!d.records[0].domain_failed, "{local}");
        }
        // Other words say which: no flag.
        let plain = EXIM
            .replace("RCPT@DOMAIN", "bob@nowhere.example.org")
            .replace("Unrouteable address", "550 5.1.1 no such user");
        assert!(!decoded(&plain).records[0].domain_failed);
    }

    const DSN: &str = "From: MAILER-DAEMON@mta.example.net\nTo: ann@example.net\nSubject: Delivery status\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nNOTICE\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mta.example.net\n\nFinal-Recipient: rfc822; bob@example.org\nAction: delayed\nStatus: 4.4.7\nDiagnostic-Code: smtp; DIAG\n\n--b--\n";

    #[test]
    fn an_expiry_under_action_delayed_is_a_failure() {
        let d = decoded(
            &DSN.replace("DIAG", "Envelope expired")
                .replace("NOTICE", "Not sent."),
        );
        assert_eq!(d.records[0].action, Some(Action::Failed));
        // A delay that says it keeps trying stays a delay.
        let d = decoded(
            &DSN.replace("DIAG", "451 4.4.7 no answer")
                .replace("NOTICE", "We will continue to try."),
        );
        assert_eq!(d.records[0].action, Some(Action::Delayed));
    }
}
