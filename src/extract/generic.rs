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

use crate::address::{clean_address, is_mail_system};
use crate::mime::{LineEnd, line_end_kind};
use crate::text::push_words;

use super::diagnostic::fill_codes;
use super::record::Record;

/// A line that names a recipient. Group 1 is the address; what follows it
/// on the line is the text after the match.
///
/// The pattern stops at the separator after the address instead of
/// capturing the rest of the line with `(.*)$`: any text can follow a
/// separator, so the lines it matches and the address it captures are the
/// same, and the capturing engine, which costs per byte it steps over, does
/// not run to the end of each line.
static RECIPIENT_LINE: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(
        r#"(?ix)
        ^[\ \t>*-]*
        (?:
            (?:
                (?:(?:final|original|failed|invalid|unknown|intended|bounced|undeliverable|target)[\ -])?
                (?:recipient|receiver|address|user|mailbox|rcpt(?:\ to)?|to|e-?mail(?:\ address)?|adresse|destinataire|empfänger|destinatario|destinatário|destinatari|ontvanger|mottagare|modtager|odbiorca|alıcı|получатель|адресат|宛先|受信者|收件人|收件者|收信人)
                (?:\ address)?(?:\(s\)|s)?
            # "Delivery failed: a@b", "Delivery failure to: a@b"
            | delivery\ (?:has\ )?(?:failed|failure)(?:\ to)?
            )
            (?:\s*[:：]|\s+-)\s*
        )?
        [<"'\[]?
        ([^\s<>@"'(),;:：\[\]][^\s<>@"(),;:：\[\]]*@[A-Za-z0-9][A-Za-z0-9.\-_\[\]]*?)
        [>"'\]]?\.?
        (?:\s*\((?:expanded\ from|generated\ from|original\ recipient)[^)]*\))?
        \s*
        (?:\.\.\.|:|;|,|\s-\s|\s+|$)
        "#,
    )
    .ok()
});

/// The label a [`RECIPIENT_LINE`] may open with, with its colon and the
/// spaces around that: the same words, in the same order.
static LINE_LABEL: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(
        r#"(?ix)
        ^(?:
            (?:(?:final|original|failed|invalid|unknown|intended|bounced|undeliverable|target)[\ -])?
            (?:recipient|receiver|address|user|mailbox|rcpt(?:\ to)?|to|e-?mail(?:\ address)?|adresse|destinataire|empfänger|destinatario|destinatário|destinatari|ontvanger|mottagare|modtager|odbiorca|alıcı|получатель|адресат|宛先|受信者|收件人|收件者|收信人)
            (?:\ address)?(?:\(s\)|s)?
        | delivery\ (?:has\ )?(?:failed|failure)(?:\ to)?
        )
        (?:\s*[:：]|\s+-)\s*
        "#,
    )
    .ok()
});

/// The address of a line that [`RECIPIENT_LINE`] matches, and where the
/// match ends: the same as that pattern's group 1 and match.
///
/// The capturing engine is slow on that pattern (its case-insensitive
/// labels and Unicode classes make an automaton it steps through slowly),
/// so the DFA finds the match and its end, and the address is read by hand:
///
/// - Its `@` is the line's first: nothing before it in the pattern takes
///   one. Its local part is a run of characters the pattern allows there,
///   up to that `@`, so any way of matching what comes before the address
///   that ends inside that run (and not on a `'`) leads to the same match
///   from the `@` on. The pattern takes the first, in its order of
///   preference, that does: the longest run of `[ \t>*-]`, then the label,
///   then an opening bracket; then shorter runs.
/// - Its domain is lazy: it ends at the first place where what may follow
///   an address does ([`follows_address`]).
fn line_address(line: &str) -> Option<(&str, usize)> {
    let end = RECIPIENT_LINE.as_ref()?.find(line)?.end();
    let at = line.find('@')?;
    let run = line
        .get(..at)?
        .char_indices()
        .rev()
        .take_while(|&(_, c)| local_char(c))
        .last()
        .map_or(at, |(i, _)| i);
    let from = |s: usize| line.get(s..).unwrap_or_default();
    // A start inside the run that is not on a `'`, the one character the
    // rest of the local part allows and its first does not.
    let starts = |s: usize| (run..at).contains(&s) && !from(s).starts_with('\'');
    let opening = |s: usize| from(s).starts_with(['<', '"', '\'', '[']);
    let lead = line.len() - line.trim_start_matches([' ', '\t', '>', '*', '-']).len();
    let label = LINE_LABEL
        .as_ref()
        .and_then(|re| re.find(from(lead)))
        .map(|m| lead + m.end());
    // Labels start with a letter and brackets are not in `[ \t>*-]`: both
    // can only follow the longest run of those.
    let start = [label.filter(|&q| opening(q)).map(|q| q + 1), label]
        .into_iter()
        .flatten()
        .chain(opening(lead).then_some(lead + 1))
        .chain((0..=lead).rev())
        .find(|&s| starts(s))?;
    // The domain: a first character, then as few more as let what follows
    // an address follow them.
    let domain = from(at + 1);
    let first = domain.chars().next().filter(|&c| domain_char(c, true))?;
    let mut stop = first.len_utf8();
    while !follows_address(domain.get(stop..)?) {
        let c = domain.get(stop..)?.chars().next();
        stop += c.filter(|&c| domain_char(c, false))?.len_utf8();
    }
    let addr = line.get(start..at + 1 + stop)?;
    Some((addr, end))
}

/// True where what may follow a [`RECIPIENT_LINE`] address can start
/// `rest`, the line after a place where the domain may end: a closing
/// bracket and a dot, maybe, then maybe an "(expanded from ...)" note, then
/// spaces and a separator, or the end of the line.
fn follows_address(rest: &str) -> bool {
    // Each way to follow starts with a bracket, a dot, a space, a
    // separator or a note's `(`: a domain's own characters go on.
    if rest
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return false;
    }
    let ends = |r: &str| {
        r.is_empty()
            || r.starts_with(char::is_whitespace)
            || r.starts_with([':', ';', ','])
            || r.starts_with("...")
    };
    // The note's words have no letter that matches a non-ASCII one when
    // case is ignored (as `k` and `s` do), so comparing ASCII is the same.
    fn note(r: &str) -> Option<&str> {
        let r = r.trim_start().strip_prefix('(')?;
        let words = ["expanded from", "generated from", "original recipient"]
            .into_iter()
            .find(|w| r.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)))?;
        let r = r.get(words.len()..)?;
        r.get(r.find(')')? + 1..)
    }
    [Some(rest), rest.strip_prefix(['>', '"', '\'', ']'])]
        .into_iter()
        .flatten()
        .flat_map(|r| [Some(r), r.strip_prefix('.')])
        .flatten()
        .any(|r| ends(r) || note(r).is_some_and(ends))
}

/// True for a character of a [`RECIPIENT_LINE`] address's domain:
/// `(?i)[A-Za-z0-9]` first, `(?i)[A-Za-z0-9.\-_\[\]]` after. Ignoring case,
/// `k` also matches the Kelvin sign and `s` the long s.
fn domain_char(c: char, first: bool) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{212A}' | '\u{17F}')
        || !first && matches!(c, '.' | '-' | '_' | '[' | ']')
}

/// True for a character a [`RECIPIENT_LINE`] address's local part may hold
/// after its first: not in `[\s<>@"(),;:：\[\]]` (a full-width colon ends a
/// Chinese or Japanese label, "收件人：").
fn local_char(c: char) -> bool {
    !(c.is_whitespace()
        || matches!(
            c,
            '<' | '>' | '@' | '"' | '(' | ')' | ',' | ';' | ':' | '：' | '[' | ']'
        ))
}

/// A sentence that names the failed recipient in angle brackets: "Could not
/// be delivered to: \<address\>" (au/KDDI), "Unable to deliver message to
/// \<address\>" (Trend Micro InterScan), "error delivering your mail to
/// \<address\>", "Failed to deliver to '\<address\>'" (CommuniGate Pro),
/// "[Status: Error, Address: \<address\>, ResponseCode 421, ...]" (Zoho),
/// "SMTP Server \<host\> rejected recipient \<address\>"; or, unbracketed,
/// "The following recipients returned permanent errors: address."; or a
/// reason, then the address: "User's mailbox is full: \<address\>" (words
/// and spaces before the colon: a sentence, not a header field's name); or
/// a sentence that says the delivery to an address, bracketed, quoted or
/// bare, failed: "Message delivery to 'address' failed", "Your message to
/// address was rejected", "Your message wasn't delivered to address
/// because ..." (Gmail's HTML). Group 1 to 5 is the address.
static PROSE_RECIPIENT: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(
        r#"(?i)(?:(?:could not be delivered to|(?:unable|failed) to deliver (?:(?:the |your )?(?:message|mail) )?to|error delivering (?:your )?(?:mail|message) to|delivery to the following recipients? (?:has )?failed[^:<]{0,40}|\[status: [a-z]+, address|rejected recipient)\s*:?\s*'?<([^<>\s@]+@[^<>\s]+)>|recipients? returned (?:permanent|temporary|transient) errors?:\s*([^<>\s@]+@[^<>\s]+?)\.?(?:\s|$)|^\s*[^<>:@\s][^<>:@]*\s[^<>:@]*:\s*<([^<>\s@]+@[^<>\s]+)>\s*\.?\s*$|(?:delivery|your (?:message|mail|e-?mail)|the (?:message|mail))(?: you sent)? to\s+['"<]{0,2}([^<>\s@'"]+@[^<>\s'"]+?)['">]{0,2}[.,;:]?\s+(?:has\s+|have\s+)?(?:failed|was not delivered|could not be delivered|couldn't be delivered|has not been delivered|wasn't delivered|was rejected|was refused|was returned|bounced|is undeliverable|was unsuccessful|did not succeed)|(?:wasn't|was not|could not be|couldn't be|has not been|cannot be|can't be) delivered to\s+['"]?([^<>\s@'"]+@[a-z0-9][a-z0-9.\-]*[a-z0-9])['"]?(?:[\s.,;:]|$))"#,
    )
    .ok()
});

/// The same kind of sentence in other languages: the delivery to an address,
/// then, on the same line, a word that it failed or is delayed ("La remise
/// à a@b est retardée", "Ihre Nachricht an a@b konnte nicht zugestellt
/// werden", "发给a@b的邮件投递失败"). Group 1 is the address.
static PROSE_FOREIGN: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(
        r#"(?i)(?:(?:remise|livraison|distribution|votre message|le message)(?: de votre message)? (?:à|pour|destiné à)|(?:nachricht|zustellung|e-?mail) an|(?:mensaje|entrega|correo|mensagem) (?:a|para)|(?:messaggio|consegna) (?:a|per)|(?:сообщени[ея]|письм[оа]|доставка) (?:для|на адрес|адресату|получателю)|发给|发送给|寄给|投递到|投递至|发往)\s*['"<«]{0,2}([^<>\s@'"«»]+@[a-z0-9][a-z0-9.\-]*[a-z0-9])['">»]{0,2}.{0,60}?(?:retard|échou|pas pu être|n'a pas été|impossible|rejet|refus|nicht (?:zugestellt|ausgeliefert)|verzögert|fehlgeschlagen|abgelehnt|unzustellbar|no (?:se )?(?:ha podido|pudo)|retrasad|fall[óo]|rechazad|não (?:pôde|foi)|atrasad|falhou|rejeitad|non (?:è stato|può essere)|ritardat|fallit|rifiutat|не (?:может быть |удалось |было )?доставлен|задерж|отклонен|失败|退回|延迟|无法|未能|被拒)"#,
    )
    .ok()
});

/// A reason, a colon, then a bare address alone ("User mailbox exceeds
/// allowed size: a@b", IMail's shape). Group 1 is the words, group 2 the
/// address. Taken only when the words state the mailbox (full, closed,
/// moved): "Write to: a@b" names no failed recipient.
static PROSE_STATED: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(r"(?i)^\s*([^<>:@\s][^<>:@]*\s[^<>:@]*):\s*([^<>\s@:,;]+@[a-z0-9][a-z0-9.\-]*[a-z0-9])\s*\.?\s*$")
        .ok()
});

/// Words that, leading a line's rest, show the address was only mentioned in
/// passing (a sentence), not listed as a failed recipient.
const PROSE: &[&str] = &[
    "wrote", "on ", "and ", "or ", "to ", "from ", "is ", "was ", "has ",
];

/// Tells whether a heading sentence alone states the recipient's mailbox
/// (closed, full or moved). The rule table knows that, and it is a later
/// stage: `classify` hands its judgement in.
pub(crate) type StatesMailbox = fn(&str) -> bool;

/// Reads failed recipients out of a notice text (the original message
/// already cut off). `skip` holds addresses that are not recipients: the
/// bounce's own From and To.
pub(crate) fn scan(
    notice: &str,
    skip: &[&str],
    max: usize,
    max_diag: usize,
    states_mailbox: StatesMailbox,
) -> Vec<Record> {
    let mut out = scan_unfilled(notice, skip, max, max_diag, states_mailbox);
    for r in &mut out {
        fill_codes(r, None);
    }
    out
}

/// [`scan`] without [`fill_codes`]: for a caller that reads the codes of
/// few of the records (the remote-host search is a regex over each text).
pub(crate) fn scan_unfilled(
    notice: &str,
    skip: &[&str],
    max: usize,
    max_diag: usize,
    states_mailbox: StatesMailbox,
) -> Vec<Record> {
    if RECIPIENT_LINE.is_none() {
        return Vec::new();
    }
    let count = memchr::memchr_iter(b'\n', notice.as_bytes()).count() + 1;
    let mut lines: Vec<&str> = Vec::with_capacity(count.min(4000));
    lines.extend(crate::text::lines(notice).take(4000));
    // (line index, address, rest of the line)
    let mut hits: Vec<(usize, String, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        // An SMTP command echo (">>> RCPT TO:<a@b>") or reply ("<<< 550
        // <a@b>: ...") is part of the recipient's diagnostic, not a new one.
        if line.len() > 1024 || memchr::memchr(b'@', line.as_bytes()).is_none() {
            continue;
        }
        let lead = line.trim_start();
        if lead.starts_with(">>>") || lead.starts_with("<<<") {
            continue;
        }
        // The patterns take any length of address, and the length limits
        // are checked here: `{1,128}` in a pattern made its automaton, and
        // the capturing engine's work per byte, a hundred times larger.
        let line_hit = line_address(line).filter(|(a, _)| fits_address(a));
        let prose = || {
            [&PROSE_RECIPIENT, &PROSE_FOREIGN]
                .into_iter()
                .filter_map(|p| p.as_ref())
                .filter(|p| p.is_match(line))
                .find_map(|p| p.captures(line))
                .filter(|c| prose_address(c).is_some_and(|m| fits_address(m.as_str())))
        };
        let (addr, rest) = match line_hit {
            Some((a, end)) => (Some(a), line.get(end..).unwrap_or_default()),
            None => match prose() {
                // The sentence itself says what failed ("Unable to deliver
                // message to <a@b>"): the whole line is diagnostic.
                // A sender's label ("Mail From: <a@b>", "Sender: <a@b>")
                // names who sent, not who failed.
                Some(c) if c.get(3).is_some() && names_sender(line) => continue,
                Some(c) => (prose_address(&c).map(|m| m.as_str()), line.trim()),
                None => match stated(line, states_mailbox) {
                    Some(a) => (Some(a), line.trim()),
                    None => continue,
                },
            },
        };
        let Some(addr) = addr.and_then(clean_address) else {
            continue;
        };
        let rest = rest.trim();
        if PROSE.iter().any(|p| starts_with_ci(rest, p)) {
            continue;
        }
        if is_skipped(&addr, skip) {
            continue;
        }
        // A label that is itself the error ("Unknown user: <a@b>", "Invalid
        // mailbox: a@b") is part of the diagnostic.
        // The address starts its local part's length before the line's
        // first `@`, which is its own.
        let label = line_hit
            .and_then(|(a, _)| {
                let at = memchr::memchr(b'@', line.as_bytes())?;
                at.checked_sub(memchr::memchr(b'@', a.as_bytes())?)
            })
            .and_then(|at| line.get(..at))
            .map(|l| l.trim_matches(|c: char| c.is_whitespace() || "<\"'[:>*-".contains(c)))
            .filter(|l| {
                ["unknown", "invalid", "bad "]
                    .iter()
                    .any(|w| starts_with_ci(l, w))
            });
        let rest = match label {
            Some(l) if rest.is_empty() => l.to_string(),
            Some(l) => format!("{l}: {rest}"),
            None => rest.to_string(),
        };
        hits.push((i, addr, rest));
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
        // The notice's text ends at the returned message's header fields
        // or at a delivery-status group; a quoted Subject or Date is not
        // part of the error.
        for line in lines.get(i + 1..end).unwrap_or_default().iter().take(40) {
            match line_end_kind(line) {
                LineEnd::Ends => break,
                LineEnd::Quoted => continue,
                LineEnd::Text => push_words(&mut diag, line.trim(), max_diag),
            }
        }
        // A notice that gives the reason before the list of addresses
        // ("Remote host is not responding. The following recipients did not
        // receive this message: <a@b>"): the paragraph before the list.
        if diag.is_empty() && k == 0 {
            let before = lines.get(..*i).unwrap_or_default();
            let mut para: Vec<&str> = before
                .iter()
                .rev()
                .filter(|l| line_end_kind(l) == LineEnd::Text)
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
    if out.is_empty() {
        out = transcript_records(&lines, skip, max, max_diag);
    }
    out
}

/// `RCPT TO:<a@b>` in a session transcript, whatever stands before it on
/// its line (a timestamp, `-->`, `>>>`).
static TRANSCRIPT_RCPT: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"(?i)\brcpt to:\s*<?([^<>\s@]+@[^<>\s]+?)>?(\s|$)").ok());

/// A server's refusal in a transcript: a 4xx or 5xx reply code at the start
/// of the line or after what a transcript puts before a reply (a timestamp,
/// `<--`, `<<<`), with its text.
static TRANSCRIPT_REPLY: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"(?:^|[\s<:-])([45][0-5][0-9](?:[ -].*)?)$").ok());

/// Recipients of a notice that lists none but carries the SMTP session
/// (MDaemon, hMailServer, Kerio and others put the transcript in the
/// notice): each `RCPT TO` the server refused, with its reply as the
/// diagnostic. The reply is looked for on the next few lines, before the
/// next command.
fn transcript_records(lines: &[&str], skip: &[&str], max: usize, max_diag: usize) -> Vec<Record> {
    let (Some(rcpt), Some(reply)) = (TRANSCRIPT_RCPT.as_ref(), TRANSCRIPT_REPLY.as_ref()) else {
        return Vec::new();
    };
    let mut out: Vec<Record> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if out.len() >= max {
            break;
        }
        if line.len() > 1024 || !crate::text::contains_ci(line, "rcpt to") {
            continue;
        }
        let Some(addr) = rcpt
            .captures(line)
            .and_then(|c| c.get(1))
            .and_then(|m| clean_address(m.as_str()))
        else {
            continue;
        };
        if is_skipped(&addr, skip) || out.iter().any(|r| r.recipient.eq_ignore_ascii_case(&addr)) {
            continue;
        }
        let next = lines.get(i + 1..).unwrap_or_default().iter().take(4);
        let answer = next
            .take_while(|l| !contains_command(l))
            .filter(|l| l.len() <= 1024)
            .find_map(|l| reply.captures(l.trim_end()).and_then(|c| c.get(1)));
        if let Some(answer) = answer {
            let mut diagnostic = String::new();
            push_words(&mut diagnostic, answer.as_str().trim(), max_diag);
            out.push(Record {
                recipient: addr,
                diagnostic,
                command: Some(super::command::Command::Rcpt),
                ..Record::default()
            });
        }
    }
    out
}

/// True when a transcript line sends a command (the next one after a
/// `RCPT TO` ends the search for its reply): it is marked as the client's
/// (`-->`, `>>>`) or starts with a command.
fn contains_command(line: &str) -> bool {
    let t = line.trim_start();
    line.contains("-->")
        || line.contains(">>>")
        || ["rcpt to", "mail from", "data", "quit", "rset"]
            .iter()
            .any(|c| starts_with_ci(t, c))
}

/// True when `s` starts with `prefix`, ASCII case ignored.
fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// True when the words before a line's first colon end by naming the
/// sender: "Mail From", "Envelope sender", "Return-Path", "Reply to".
fn names_sender(line: &str) -> bool {
    let label = line
        .split([':', '：'])
        .next()
        .unwrap_or_default()
        .trim_end();
    let lower = label.to_ascii_lowercase();
    [
        "from",
        "sender",
        "return-path",
        "reply-to",
        "reply to",
        "absender",
        "expéditeur",
        "remitente",
        "mittente",
    ]
    .iter()
    .any(|w| lower.ends_with(w))
}

/// The address of a [`PROSE_STATED`] line whose words state the mailbox.
fn stated(line: &str, states_mailbox: StatesMailbox) -> Option<&str> {
    let c = PROSE_STATED.as_ref()?.captures(line)?;
    let words = c.get(1)?.as_str();
    if names_sender(line) || !states_mailbox(words) {
        return None;
    }
    c.get(2).map(|m| m.as_str())
}

/// The address a [`PROSE_RECIPIENT`] or [`PROSE_FOREIGN`] match names.
fn prose_address<'t>(c: &regex::Captures<'t>) -> Option<regex::Match<'t>> {
    (1..=5).find_map(|i| c.get(i))
}

/// True for an address within RFC 5321's sizes: a local part of at most 128
/// characters (64 in the RFC; some systems write longer ones), a domain of
/// at most 253.
fn fits_address(addr: &str) -> bool {
    let (local, domain) = addr.rsplit_once('@').unwrap_or((addr, ""));
    local.chars().count() <= 128 && domain.len() <= 253
}

/// A one-sentence heading: ends as a sentence does (or with the colon that
/// opens its list, when it has the words of a sentence), names no address,
/// and is neither a rule of dashes nor a label ("... errors -----",
/// "Failed recipients:").
fn is_heading_sentence(line: &str) -> bool {
    let ends = line.ends_with('.')
        || line.ends_with('!')
        || ((line.ends_with(':') || line.ends_with('：')) && line.split_whitespace().count() >= 5);
    (4..=160).contains(&line.len())
        && ends
        && !line.contains('@')
        && !line.starts_with(['-', '=', '*', '>', '#'])
        && line.contains(' ')
}

fn is_skipped(addr: &str, skip: &[&str]) -> bool {
    let local = addr.split('@').next().unwrap_or_default();
    is_mail_system(addr)
        || local.eq_ignore_ascii_case("root")
        || skip.iter().any(|s| s.eq_ignore_ascii_case(addr))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for the rule table's judgement.
    fn states_closed(line: &str) -> bool {
        line.contains("closed")
    }

    #[test]
    fn a_transcript_gives_each_refused_rcpt_with_its_reply() {
        let t = "--- Session Transcript ---\n\
            10:00:01 --> MAIL From:<sam@example.net>\n\
            10:00:01 <-- 250 OK\n\
            10:00:02 --> RCPT To:<ivy@example.com>\n\
            10:00:02 <-- 550 5.1.1 <ivy@example.com>: no such mailbox\n\
            10:00:03 --> RCPT To:<ok@example.com>\n\
            10:00:03 <-- 250 2.1.5 Recipient OK\n\
            >>> RCPT TO:<full@example.com>\n\
            <<< 452 4.2.2 Mailbox full, try later\n\
            >>> RCPT TO:<late@example.com>\n\
            >>> DATA\n\
            <<< 554 transaction failed\n";
        let recs = scan(t, &["sam@example.net"], 10, 1000, states_closed);
        let got: Vec<(&str, &str)> = recs
            .iter()
            .map(|r| (r.recipient.as_str(), r.diagnostic.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "ivy@example.com",
                    "550 5.1.1 <ivy@example.com>: no such mailbox"
                ),
                ("full@example.com", "452 4.2.2 Mailbox full, try later"),
            ]
        );
        assert!(
            recs.iter()
                .all(|r| r.command == Some(super::super::command::Command::Rcpt))
        );
    }

    #[test]
    fn failed_to_deliver_to_a_quoted_address_names_the_recipient() {
        let t =
            "Failed to deliver to '<omar@example.org>'\nLOCAL module reports:\n account is full\n";
        let recs = scan(t, &[], 10, 1000, states_closed);
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].recipient, "omar@example.org");
        assert!(recs[0].diagnostic.contains("account is full"));
    }

    #[test]
    fn a_sentence_that_delivery_to_an_address_failed_names_it() {
        for t in [
            "Message delivery to 'paul@example.org' failed because the remote server said:\n\n552 5.2.2 Mailbox over quota\n",
            "Your message to <paul@example.org> was rejected by the receiving server.\n550 5.1.1 No such user\n",
            "Delivery to paul@example.org has failed: the account is disabled.\n",
            "Your message wasn't delivered to paul@example.org because the address couldn't be found.\n",
        ] {
            let recs = scan(t, &[], 10, 1000, states_closed);
            assert_eq!(recs.len(), 1, "{t}");
            assert_eq!(recs[0].recipient, "paul@example.org", "{t}");
        }
        for t in [
            "La remise de votre message à hugo@example.fr est retardée.\n",
            "Ihre Nachricht an ida@example.de konnte noch nicht zugestellt werden.\n",
            "发给lin@example.cn的邮件投递失败。\n",
        ] {
            let recs = scan(t, &[], 10, 1000, states_closed);
            let want = t.split(['à', ' ', '给', '的']).find(|w| w.contains('@'));
            assert_eq!(recs.len(), 1, "{t}");
            assert_eq!(Some(recs[0].recipient.as_str()), want, "{t}");
        }
        // Said in passing, or of a delivery that worked: no recipient.
        for t in [
            "Your message to paul@example.org was delivered on Monday.\n",
            "We tried the delivery to paul@example.org twice today.\n",
            "Ihre Nachricht an ida@example.de wurde zugestellt.\n",
        ] {
            assert!(scan(t, &[], 10, 1000, states_closed).is_empty(), "{t}");
        }
    }

    #[test]
    fn a_sender_label_names_no_recipient() {
        let t = "Error sending message.\nMail From: <sam@example.net>\nEnvelope sender: <sam@example.net>\nMailbox is full: <paul@example.org>\n";
        let recs = scan(t, &[], 10, 1000, states_closed);
        let found: Vec<&str> = recs.iter().map(|r| r.recipient.as_str()).collect();
        assert_eq!(found, ["paul@example.org"]);
    }

    #[test]
    fn a_stated_mailbox_before_a_bare_address_names_it() {
        let t = "Delivery failed to the following recipient(s):\n\nMailbox closed by its owner: kai@example.net\n";
        let recs = scan(t, &[], 10, 1000, states_closed);
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].recipient, "kai@example.net");
        // Words that state nothing of a mailbox: not a recipient.
        let t = "Delivery failed.\n\nFor help write to our desk: help@example.net\n";
        assert!(scan(t, &[], 10, 1000, states_closed).is_empty());
    }

    #[test]
    fn a_heading_that_opens_its_list_with_a_colon_states_the_mailbox() {
        let t = "Delivery to the following recipient failed because the account is closed:\n\n    cat@example.org\n\nPlease try again later.\n";
        let recs = scan(t, &[], 10, 1000, states_closed);
        assert_eq!(recs.len(), 1);
        assert!(
            recs[0].diagnostic.starts_with("Delivery to the following"),
            "{}",
            recs[0].diagnostic
        );
        // A label is not a heading, whatever it says.
        let t = "Closed recipients:\n\n    cat@example.org\n    550 unknown user\n";
        let recs = scan(t, &[], 10, 1000, states_closed);
        assert!(
            !recs[0].diagnostic.contains("Closed"),
            "{}",
            recs[0].diagnostic
        );
    }

    #[test]
    fn a_heading_joins_the_list_only_when_it_states_the_mailbox() {
        let closed = "The account of this recipient is closed.\n\n<ann@example.com>: 550 unknown user\n<bob@example.com>: 550 unknown user\n\n<cy@example.com>: 550 unknown user\n";
        let recs = scan(closed, &[], 10, 1000, states_closed);
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
        let recs = scan(generic, &[], 10, 1000, states_closed);
        assert_eq!(recs[0].diagnostic, "550 unknown user");
    }

    #[test]
    fn reads_common_shapes() {
        let notice = "I'm afraid I wasn't able to deliver your message.\n\n<ann@example.com>:\nremote host 192.0.2.1 said: 550 5.1.1 no such user (#5.1.1)\n\n  bob@example.org\n    SMTP error from remote mail server after RCPT TO:<bob@example.org>:\n    host mx.example.org [192.0.2.2]: 552 5.2.2 mailbox full\n";
        let recs = scan(notice, &["sender@example.net"], 10, 1000, states_closed);
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].recipient, "ann@example.com");
        assert_eq!(recs[0].reply_code, Some(550));
        assert_eq!(recs[1].recipient, "bob@example.org");
        assert_eq!(
            recs[1].status.map(|s| s.to_string()).as_deref(),
            Some("5.2.2")
        );
        assert_eq!(recs[1].command, Some(crate::extract::Command::Rcpt));
        assert_eq!(recs[1].remote_mta.as_deref(), Some("mx.example.org"));
    }

    /// What `line_address` stands for: the whole pattern's captures.
    fn by_captures(line: &str) -> Option<(&str, usize)> {
        let c = RECIPIENT_LINE.as_ref()?.captures(line)?;
        Some((c.get(1)?.as_str(), c.get(0)?.end()))
    }

    #[test]
    fn hand_classes_are_the_patterns() {
        let class = |p: &str| Regex::new(&format!("^{p}$")).unwrap();
        let first = class(r"(?i)[A-Za-z0-9]");
        let next = class(r"(?i)[A-Za-z0-9.\-_\[\]]");
        let local = class(r#"(?i)[^\s<>@"(),;:：\[\]]"#);
        let mut buf = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let c_str = c.encode_utf8(&mut buf);
            assert_eq!(domain_char(c, true), first.is_match(c_str), "{c:?}");
            assert_eq!(domain_char(c, false), next.is_match(c_str), "{c:?}");
            assert_eq!(local_char(c), local.is_match(c_str), "{c:?}");
        }
    }

    #[test]
    fn line_address_agrees_with_the_whole_pattern() {
        let lines = [
            "ann@example.com",
            "<ann@example.com>: 550 unknown user",
            "  <ann@example.com> (expanded from <list@example.org>): 550 no",
            "ann@example.com... User unknown",
            "Recipient: ann@example.com",
            "Final-Recipient: rfc822; ann@example.com",
            "Failed recipient: <ann@example.com>",
            "RCPT TO:<ann@example.com>",
            "rcpt to : 'ann@example.com'",
            "Delivery has failed to: ann@example.com",
            "E-mail address: [ann@example.com]",
            "Empfänger: ann@example.com",
            "EMPFÄNGER:ann@example.com;",
            "收件人：ann@example.com",
            "宛先: ann@example.com",
            "Получатель: ann@example.com",
            "Recipient(s): ann@example.com, bob@example.com",
            "Invalid Address - ann@example.com",
            "Invalid receiver address: ann@example.com",
            "Recipient -ann@example.com",
            "Recipients: \"ann@example.com\" - no such user",
            "> * - ann@example.com",
            "--ann@example.com",
            "*-'ann@example.com'",
            "-'ann@example.com",
            "'ann@example.com'",
            "x'ann@example.com",
            "to:'ann@example.com",
            "to: 'x'ann@example.com",
            "to:  <<ann@example.com>",
            "to: to:ann@example.com",
            "unknown recipient: ann@example.com.",
            "unknown-address(s) :\tann@example.com",
            "ann@example.com.org.",
            "ann@example.com(expanded from x): 550",
            "ann@example.com(original recipient x)",
            "ann@[192.0.2.1]: 550",
            "ann@a]b.c ...",
            "  ann@example.com  wrote:",
            "To: Ann <ann@example.com>",
            "ann@example.com\u{3000}full",
            "ſ@example.com",
            "\u{212a}to: ann@example.com",
            "recipient:ann@\u{212a}example.com",
            "Delivery failure: -ann@example.com",
            "address: address: ann@example.com",
            "a b@example.com",
            "\t>ann@ex",
            "ann@e@x.com",
            "@example.com",
            "ann@",
            "ann@example.com.(expanded from x)",
            "ann@example.com'.",
            "ann@example.com]...",
            "ann@example(Expanded From y)",
            "ann@ex.c (generated from z) :",
            "ann@ex.com(original recipient",
            "ann@ex.com(original recipient) x",
            "ann@ex.com(original recipientx)x",
            "ann@ex\u{17f}.com",
            "ann@\u{212a}.com",
            "ann@ex.com,bob@ex.com",
            "ann@ex..com ...",
            "ann@ex.com..x",
            "ann@ex]com]:",
            "ann@ex.com\"",
            "ann@-ex.com",
            "ann@ex.com>x",
        ];
        for line in lines {
            assert_eq!(line_address(line), by_captures(line), "{line:?}");
        }
        assert_eq!(
            line_address("Failed recipient: <ann@example.com>"),
            Some(("ann@example.com", 35))
        );
    }

    #[test]
    fn skips_prose_and_daemons() {
        let notice =
            "Please contact postmaster@example.net for help.\nann@example.com wrote a message\n";
        assert!(scan(notice, &[], 10, 1000, states_closed).is_empty());
    }
}
