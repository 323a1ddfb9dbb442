//! The generic text decoder: finds failed addresses and the diagnostic text
//! around them in a free-text notice. Most MTA formats without a
//! delivery-status part share its shapes:
//!
//! - an address alone on a line, maybe in `<>`, maybe followed by `:`, with the
//!   error on the lines after it (qmail, Exim, Gmail, Yahoo, Courier);
//! - `<address>: error` or `<address> (expanded from <x>): error` (Postfix);
//! - `address... error` (Sendmail);
//! - `Recipient: address` / `Failed recipient: address` labels.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::record::{Record, clean_address, find_command};
use crate::status::{EnhancedStatus, find_reply_code};

/// A line that names a recipient. Group 1 is the address; what follows it
/// on the line is the text after the match.
///
/// The pattern stops at the separator after the address instead of
/// capturing the rest of the line with `(.*)$`: any text can follow a
/// separator, so the lines it matches and the address it captures are the
/// same, and the capturing engine, which costs per byte it steps over, no
/// longer runs to the end of each line (it was most of this decoder's time).
static RECIPIENT_LINE: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(
        r#"(?ix)
        ^[\ \t>*-]*
        (?:
            (?:
                (?:(?:final|original|failed|invalid|unknown|intended|bounced|undeliverable|target)[\ -])?
                (?:recipient|address|rcpt(?:\ to)?|to|e-?mail(?:\ address)?|adresse|destinataire|empfänger|destinatario)
                (?:\ address)?(?:\(s\)|s)?
            # "Delivery failed: a@b", "Delivery failure to: a@b"
            | delivery\ (?:has\ )?(?:failed|failure)(?:\ to)?
            )
            \s*:\s*
        )?
        [<"'\[]?
        ([^\s<>@"'(),;:\[\]][^\s<>@"(),;:\[\]]*@[A-Za-z0-9][A-Za-z0-9.\-_\[\]]*?)
        [>"'\]]?\.?
        (?:\s*\((?:expanded\ from|generated\ from|original\ recipient)[^)]*\))?
        \s*
        (?:\.\.\.|:|;|,|\s-\s|\s+|$)
        "#,
    )
    .ok()
});

/// A sentence that names the failed recipient in angle brackets: "Could not
/// be delivered to: <address>" (au/KDDI), "Unable to deliver message to
/// <address>" (Trend Micro InterScan), "error delivering your mail to
/// <address>", "[Status: Error, Address: <address>, ResponseCode 421, ...]"
/// (Zoho), "SMTP Server <host> rejected recipient <address>"; or, unbracketed, "The following recipients returned permanent
/// errors: address."; or a reason, then the address: "User's mailbox is
/// full: <address>" (words and spaces before the colon: a sentence, not a
/// header field's name). Group 1, 2 or 3 is the address.
static PROSE_RECIPIENT: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(
        r"(?i)(?:(?:could not be delivered to|unable to deliver (?:the |your )?(?:message|mail) to|error delivering (?:your )?(?:mail|message) to|delivery to the following recipients? (?:has )?failed[^:<]{0,40}|\[status: [a-z]+, address|rejected recipient)\s*:?\s*<([^<>\s@]+@[^<>\s]+)>|recipients? returned (?:permanent|temporary|transient) errors?:\s*([^<>\s@]+@[^<>\s]+?)\.?(?:\s|$)|^\s*[^<>:@\s][^<>:@]*\s[^<>:@]*:\s*<([^<>\s@]+@[^<>\s]+)>\s*\.?\s*$)",
    )
    .ok()
});

/// Words that, leading a line's rest, show the address was only mentioned in
/// passing (a sentence), not listed as a failed recipient.
const PROSE: &[&str] = &[
    "wrote", "on ", "and ", "or ", "to ", "from ", "is ", "was ", "has ",
];

/// Reads failed recipients out of a notice text (the original message
/// already cut off). `skip` holds addresses that are not recipients: the
/// bounce's own From and To.
pub(crate) fn scan(notice: &str, skip: &[&str], max: usize, max_diag: usize) -> Vec<Record> {
    let Some(re) = RECIPIENT_LINE.as_ref() else {
        return Vec::new();
    };
    let lines: Vec<&str> = notice.lines().take(4000).collect();
    // (line index, address, rest of the line)
    let mut hits: Vec<(usize, String, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        // An SMTP command echo (">>> RCPT TO:<a@b>") or reply ("<<< 550
        // <a@b>: ...") is part of the recipient's diagnostic, not a new one.
        let echo = line.trim_start().starts_with(">>>") || line.trim_start().starts_with("<<<");
        if line.len() > 1024 || !line.contains('@') || echo {
            continue;
        }
        // `is_match` runs the lazy DFA; captures (a slower engine) only run on
        // the few lines that match.
        // The patterns take any length of address, and the length limits
        // are checked here: `{1,128}` in a pattern made its automaton, and
        // the capturing engine's work per byte, a hundred times larger.
        let line_hit = re
            .is_match(line)
            .then(|| re.captures(line))
            .flatten()
            .filter(|c| c.get(1).is_some_and(|m| fits_address(m.as_str())));
        let prose = || {
            PROSE_RECIPIENT
                .as_ref()
                .filter(|p| p.is_match(line))
                .and_then(|p| p.captures(line))
                .filter(|c| prose_address(c).is_some_and(|m| fits_address(m.as_str())))
        };
        let (addr, rest) = match line_hit {
            Some(c) => (
                c.get(1).map(|m| m.as_str()),
                c.get(0)
                    .and_then(|m| line.get(m.end()..))
                    .unwrap_or_default(),
            ),
            None => match prose() {
                // The sentence itself says what failed ("Unable to deliver
                // message to <a@b>"): the whole line is diagnostic.
                Some(c) => (prose_address(&c).map(|m| m.as_str()), line.trim()),
                None => continue,
            },
        };
        let Some(addr) = addr.and_then(clean_address) else {
            continue;
        };
        let rest = rest.trim();
        let rest_lc = rest.to_ascii_lowercase();
        if PROSE.iter().any(|p| rest_lc.starts_with(p)) {
            continue;
        }
        if is_skipped(&addr, skip) {
            continue;
        }
        hits.push((i, addr, rest.to_string()));
        if hits.len() >= max.saturating_mul(4) {
            break;
        }
    }
    // A list under a heading sentence that states the mailbox's state
    // ("The user(s) account is disabled." over "<a@b>: 550 user unknown"):
    // the heading says more than the generic reply, and is part of each
    // listed recipient's diagnostic. Other headings ("This is a permanent
    // error; I've given up.") say nothing of the recipient and stay out.
    let heading = hits.first().and_then(|(i, _, _)| {
        let above = lines.get(i.saturating_sub(3)..*i)?;
        let line = above
            .iter()
            .rev()
            .map(|l| l.trim())
            .find(|l| !l.is_empty())?;
        (is_heading_sentence(line) && states_mailbox(line)).then_some((*i, line))
    });
    let mut out: Vec<Record> = Vec::new();
    for (k, (i, addr, rest)) in hits.iter().enumerate() {
        let end = hits.get(k + 1).map_or(lines.len(), |h| h.0);
        let mut diag = String::new();
        // The heading covers the recipients listed on the lines right under
        // it, up to the first blank line.
        if let Some((first, h)) = heading {
            let under = lines
                .get(first..*i)
                .is_some_and(|ls| ls.iter().all(|l| !l.trim().is_empty()));
            if under {
                push_words(&mut diag, h, max_diag);
            }
        }
        push_words(&mut diag, rest, max_diag);
        for line in lines.get(i + 1..end).unwrap_or_default().iter().take(40) {
            push_words(&mut diag, line.trim(), max_diag);
        }
        // A notice that gives the reason before the list of addresses
        // ("Remote host is not responding. The following recipients did not
        // receive this message: <a@b>"): the paragraph before the list.
        if diag.is_empty() && k == 0 {
            let before = lines.get(..*i).unwrap_or_default();
            let mut para: Vec<&str> = before
                .iter()
                .rev()
                .map(|l| l.trim())
                .skip_while(|l| l.is_empty())
                .take(12)
                .collect();
            para.reverse();
            let start = para.iter().rposition(|l| l.is_empty()).map_or(0, |p| p + 1);
            // The list's own heading line, then the paragraph above it.
            let heading_only = para.len().saturating_sub(start) <= 1;
            let from = if heading_only {
                para.get(..start.saturating_sub(1))
                    .and_then(|p| p.iter().rposition(|l| l.is_empty()))
                    .map_or(0, |p| p + 1)
            } else {
                start
            };
            for l in para.get(from..).unwrap_or_default() {
                push_words(&mut diag, l, max_diag);
            }
        }
        if let Some(prev) = out
            .iter_mut()
            .find(|r| r.recipient.eq_ignore_ascii_case(addr))
        {
            if prev.diagnostic.len() < max_diag && !diag.is_empty() {
                prev.diagnostic.push(' ');
                push_words(&mut prev.diagnostic, &diag, max_diag);
            }
            continue;
        }
        if out.len() >= max {
            break;
        }
        out.push(Record {
            recipient: addr.clone(),
            diagnostic: diag,
            ..Record::default()
        });
    }
    for r in &mut out {
        fill_codes(r);
    }
    out
}

/// Reads status, reply code, command and remote host out of the diagnostic.
pub(crate) fn fill_codes(r: &mut Record) {
    if r.status.is_none() {
        r.status = EnhancedStatus::find(&r.diagnostic);
    }
    if r.reply_code.is_none() {
        r.reply_code = find_reply_code(&r.diagnostic);
    }
    if r.command.is_none() {
        r.command = find_command(&r.diagnostic).or_else(|| other_command(&r.diagnostic));
    }
    if r.remote_mta.is_none() && !r.host_searched {
        r.remote_mta = remote_host(&r.diagnostic);
        r.host_searched = true;
    }
}

/// Command phrases of notices that `find_command` does not know: "(Error
/// following RCPT command)", "refused to accept your message (DATA)".
fn other_command(diag: &str) -> Option<&'static str> {
    const PHRASES: &[(&str, &str)] = &[
        ("following rcpt command", "RCPT"),
        ("following mail command", "MAIL"),
        ("following data command", "DATA"),
        ("your message (data)", "DATA"),
        ("did not like our rcpt to", "RCPT"),
        ("did not like our mail from", "MAIL"),
        ("did not like our final data", "DATA"),
    ];
    PHRASES
        .iter()
        .find(|(p, _)| crate::record::contains_ci(diag, p))
        .map(|(_, c)| *c)
}

static REMOTE_HOST: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(
        r"(?ix)
        # Postfix 'host X[ip] said:', Exim 'host X [ip]: 550' and 'host X [ip] SMTP error'
        (?:host|server|remote\ host|mail\ server)\s+\[?(?P<h>[a-z0-9][a-z0-9.\-]*\.[a-z0-9\-]+|\d{1,3}(?:\.\d{1,3}){3})\]?\.?
            (?:\s*[\[(][0-9a-f.:]+[\])])?\s*(?:said|says|replied|returned|:|smtp\ error|delay\ reason)
        # Gmail's legacy notice: 'rejected by the server for the recipient domain D by mx.D. [ip]'
        | recipient\ domain\ \S+\ by\ (?P<g>[a-z0-9][a-z0-9.\-]*[a-z0-9])\.?\ \[
        # qmail 'ip does not like recipient', 'ip failed after I sent the message'
        | \b(?P<q>\d{1,3}(?:\.\d{1,3}){3})\ (?:does\ not\ like|failed\ after\ i\ sent)
        # qmail 'Connected to ip but sender was rejected'
        | connected\ to\ (?P<c>[a-z0-9][a-z0-9.\-]*[a-z0-9])\ but
        ",
    )
    .ok()
});

/// The remote host a diagnostic names ("host mx.example.com [192.0.2.1] said:").
pub(crate) fn remote_host(diag: &str) -> Option<String> {
    let re = REMOTE_HOST.as_ref()?;
    let mut end = diag.len().min(2048);
    while !diag.is_char_boundary(end) {
        end -= 1;
    }
    let text = diag.get(..end).unwrap_or(diag);
    // Each shape has one of these words; one starts with any digit, which
    // leaves the automaton no literal to skip ahead with.
    const WORDS: &[&str] = &[
        "host",
        "server",
        "domain",
        "does not like",
        "failed after",
        "connected to",
    ];
    if !WORDS.iter().any(|w| crate::record::contains_ci(text, w)) {
        return None;
    }
    // Find the span with the DFA, then take the groups from that span only:
    // the capturing engines cost in proportion to the text they run over.
    let m = re.find(text)?;
    let c = re.captures(text.get(m.start()..).unwrap_or(text))?;
    let m = c
        .name("h")
        .or_else(|| c.name("q"))
        .or_else(|| c.name("c"))
        .or_else(|| c.name("g"))?;
    Some(m.as_str().trim_end_matches('.').to_ascii_lowercase())
}

/// The address a [`PROSE_RECIPIENT`] match names.
fn prose_address<'t>(c: &regex::Captures<'t>) -> Option<regex::Match<'t>> {
    c.get(1).or(c.get(2)).or(c.get(3))
}

/// True for an address within RFC 5321's sizes: a local part of at most 128
/// characters (64 in the RFC; some systems write longer ones), a domain of
/// at most 253.
fn fits_address(addr: &str) -> bool {
    let (local, domain) = addr.rsplit_once('@').unwrap_or((addr, ""));
    local.chars().count() <= 128 && domain.len() <= 253
}

/// Appends `s` to `out` with one space between, up to `max` bytes.
pub(crate) fn push_words(out: &mut String, s: &str, max: usize) {
    let s = s.trim();
    if s.is_empty() || out.len() >= max {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    let room = max - out.len();
    if s.len() <= room {
        out.push_str(s);
    } else {
        let mut end = room;
        while end > 0 && !s.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(s.get(..end).unwrap_or_default());
    }
}

/// A one-sentence heading: ends as a sentence does, names no address, and is
/// neither a rule of dashes nor a label ("... errors -----", "recipients:").
fn is_heading_sentence(line: &str) -> bool {
    (4..=160).contains(&line.len())
        && (line.ends_with('.') || line.ends_with('!'))
        && !line.contains('@')
        && !line.starts_with(['-', '=', '*', '>', '#'])
        && line.contains(' ')
}

/// The sentence alone decides a reason about the recipient's mailbox: closed,
/// full or moved.
fn states_mailbox(line: &str) -> bool {
    use crate::cause::Reason;
    let facts = crate::rules::Facts {
        text: line,
        status: None,
        command: None,
        reply: None,
        dtype: None,
    };
    crate::rules::decide(&facts).is_some_and(|r| {
        matches!(
            r.reason,
            Reason::Suspend | Reason::MailboxFull | Reason::HasMoved
        )
    })
}

fn is_skipped(addr: &str, skip: &[&str]) -> bool {
    let lc = addr.to_ascii_lowercase();
    let local = lc.split('@').next().unwrap_or_default();
    matches!(
        local,
        "mailer-daemon" | "postmaster" | "mail-daemon" | "mailerdaemon" | "maildaemon" | "root"
    ) || skip.iter().any(|s| s.eq_ignore_ascii_case(&lc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_joins_the_list_only_when_it_states_the_mailbox() {
        let closed = "The account of this recipient is closed.\n\n<ann@example.com>: 550 unknown user\n<bob@example.com>: 550 unknown user\n\n<cy@example.com>: 550 unknown user\n";
        let recs = scan(closed, &[], 10, 1000);
        assert_eq!(recs.len(), 3);
        assert!(
            recs[0]
                .diagnostic
                .starts_with("The account of this recipient is closed. 550")
        );
        assert!(
            recs[1]
                .diagnostic
                .starts_with("The account of this recipient is closed. 550")
        );
        // Past a blank line the list has ended: the heading is not its.
        assert_eq!(recs[2].diagnostic, "550 unknown user");
        let generic =
            "This is a permanent error; I've given up.\n\n<ann@example.com>: 550 unknown user\n";
        let recs = scan(generic, &[], 10, 1000);
        assert_eq!(recs[0].diagnostic, "550 unknown user");
    }

    #[test]
    fn reads_common_shapes() {
        let notice = "I'm afraid I wasn't able to deliver your message.\n\n<ann@example.com>:\nremote host 192.0.2.1 said: 550 5.1.1 no such user (#5.1.1)\n\n  bob@example.org\n    SMTP error from remote mail server after RCPT TO:<bob@example.org>:\n    host mx.example.org [192.0.2.2]: 552 5.2.2 mailbox full\n";
        let recs = scan(notice, &["sender@example.net"], 10, 1000);
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].recipient, "ann@example.com");
        assert_eq!(recs[0].reply_code, Some(550));
        assert_eq!(recs[1].recipient, "bob@example.org");
        assert_eq!(
            recs[1].status.map(|s| s.to_string()).as_deref(),
            Some("5.2.2")
        );
        assert_eq!(recs[1].command, Some("RCPT"));
        assert_eq!(recs[1].remote_mta.as_deref(), Some("mx.example.org"));
    }

    #[test]
    fn skips_prose_and_daemons() {
        let notice =
            "Please contact postmaster@example.net for help.\nann@example.com wrote a message\n";
        assert!(scan(notice, &[], 10, 1000).is_empty());
    }
}
