//! What a decoder reads about one recipient, before classification.

use std::cell::RefCell;

use once_cell::sync::Lazy;

use crate::cause::Reason;
use crate::literals::LiteralSet;
use crate::report::Action;
use crate::status::EnhancedStatus;

/// One recipient as a decoder found it. Every decoder (RFC 3464 parts, MTA
/// text formats, the generic scan) produces these; `classify` turns them into
/// [`Diagnosis`](crate::Diagnosis) values.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    pub recipient: String,
    pub original_recipient: Option<String>,
    pub action: Option<Action>,
    pub status: Option<EnhancedStatus>,
    pub reply_code: Option<u16>,
    pub remote_mta: Option<String>,
    pub command: Option<&'static str>,
    /// Diagnostic text, unfolded.
    pub diagnostic: String,
    /// The Diagnostic-Code type (`smtp`, `x-unix`, `x-postfix`, ...), lowercase.
    pub diagnostic_type: Option<String>,
    /// A reason the decoder knows from the format itself (a provider's own
    /// error code, a feedback report, an auto-reply).
    pub hint: Option<(Reason, &'static str)>,
    pub feedback_type: Option<String>,
    /// The diagnostic was already searched for a remote host name (the
    /// search is a regex over up to 2 KiB: once is enough).
    pub host_searched: bool,
    /// `formats::generic::fill_codes` ran on this record.
    pub codes_filled: bool,
}

/// Phrases that say the refusal answered DATA, whatever else the text says.
const DATA_PHRASES: &[&str] = &[
    "end of data",
    "after data",
    "to data command",
    // qmail and Yahoo: the remote refused once it had the whole message.
    "failed after i sent the message",
];

/// Otherwise the first of these, in this order, that the text holds names
/// the command.
const COMMAND_PHRASES: &[(&str, &str)] = &[
    ("in reply to rcpt to", "RCPT"),
    ("[rcpt_to]", "RCPT"),
    // Gmail's relay notices end the remote reply with its session state:
    // 13 after MAIL FROM, 14 after RCPT TO, 17 and 18 during and after DATA.
    ("(state 14)", "RCPT"),
    ("(state 13)", "MAIL"),
    ("(state 17)", "DATA"),
    ("(state 18)", "DATA"),
    ("smtp:rcpt", "RCPT"),
    ("does not like recipient", "RCPT"),
    ("[mail_from]", "MAIL"),
    ("smtp:mail", "MAIL"),
    ("[data]", "DATA"),
    ("after rcpt to", "RCPT"),
    ("progress was rcpt to", "RCPT"),
    (">>> rcpt to", "RCPT"),
    ("in reply to mail from", "MAIL"),
    ("after mail from", "MAIL"),
    (">>> mail from", "MAIL"),
    ("in reply to end of data", "DATA"),
    ("in reply to data", "DATA"),
    (">>> data", "DATA"),
    ("in reply to ehlo", "EHLO"),
    ("in reply to helo", "HELO"),
    ("after ehlo", "EHLO"),
    ("after helo", "HELO"),
    ("after initial connection", "CONN"),
    ("while connected to", "CONN"),
    ("in reply to bdat", "BDAT"),
];

/// Both phrase lists in one set, so that a text is scanned once, not once
/// per phrase (26 scans a recipient were a tenth of `classify`). A
/// [`LiteralSet`] rather than an Aho-Corasick automaton: its tables stay in
/// the cache between calls, the automaton's did not.
static COMMAND_FINDER: Lazy<Option<LiteralSet>> = Lazy::new(|| {
    LiteralSet::new(
        DATA_PHRASES
            .iter()
            .chain(COMMAND_PHRASES.iter().map(|(p, _)| p))
            .map(|p| p.as_bytes()),
    )
});

thread_local! {
    /// The lowercased text, for [`find_command`].
    static LOWER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Finds which SMTP command a diagnostic says it answered: Postfix's
/// "(in reply to RCPT TO command)", Exim's "after RCPT TO:", qmail's
/// "most progress was RCPT TO response", Sendmail's ">>> RCPT To:".
pub(crate) fn find_command(text: &str) -> Option<&'static str> {
    // Bit i: phrase i of DATA_PHRASES then COMMAND_PHRASES occurs.
    let mut seen = 0u128;
    let mut mark = |i: usize| {
        seen |= u32::try_from(i)
            .ok()
            .and_then(|i| 1u128.checked_shl(i))
            .unwrap_or(0);
    };
    match COMMAND_FINDER.as_ref() {
        Some(set) => LOWER.with(|lower| match lower.try_borrow_mut() {
            Ok(mut lower) => set.for_each(text.as_bytes(), &mut lower, |i, _| mark(i)),
            Err(_) => set.for_each(text.as_bytes(), &mut Vec::new(), |i, _| mark(i)),
        }),
        None => {
            let all = DATA_PHRASES
                .iter()
                .chain(COMMAND_PHRASES.iter().map(|(p, _)| p));
            for (i, p) in all.enumerate().take(128) {
                if contains_ci(text, p) {
                    mark(i);
                }
            }
        }
    }
    let has = |i: usize| {
        u32::try_from(i)
            .ok()
            .and_then(|i| seen.checked_shr(i))
            .is_some_and(|b| b & 1 == 1)
    };
    if (0..DATA_PHRASES.len()).any(has) {
        return Some("DATA");
    }
    COMMAND_PHRASES
        .iter()
        .enumerate()
        .find(|(i, _)| has(DATA_PHRASES.len() + i))
        .map(|(_, (_, c))| *c)
}

// A bit per phrase in `find_command`.
const _: () = assert!(DATA_PHRASES.len() + COMMAND_PHRASES.len() <= 128);

/// `text.lines()`, with the `memchr` crate's vectorised search: the
/// standard library's word-at-a-time `memchr` behind `str::lines` was a few
/// percent of `classify`.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => {
                let line = rest.get(..i)?;
                rest = rest.get(i + 1..)?;
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(std::mem::take(&mut rest)),
        }
    })
}

/// `text.split('\n')`, with the `memchr` crate's search.
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        match memchr::memchr(b'\n', r.as_bytes()) {
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Local parts of the addresses mail systems send their own notices from.
pub(crate) const MAIL_SYSTEMS: &[&str] = &[
    "mailer-daemon",
    "postmaster",
    "post_master",
    "mail-daemon",
    "mailerdaemon",
    "maildaemon",
    "mdaemon",
];

/// True for an address whose local part is one of [`MAIL_SYSTEMS`].
pub(crate) fn is_mail_system(address: &str) -> bool {
    let local = address.split('@').next().unwrap_or_default();
    MAIL_SYSTEMS.iter().any(|d| local.eq_ignore_ascii_case(d))
}

/// Byte offset of the first ASCII case-insensitive occurrence of `needle`.
pub(crate) fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    // A match inside a multi-byte character is no match: look past it.
    while let Some(i) = find_bytes_ci(hay.as_bytes().get(from..)?, needle.as_bytes()) {
        if hay.is_char_boundary(from + i) {
            return Some(from + i);
        }
        from += i + 1;
    }
    None
}

/// ASCII case-insensitive substring test, without allocating.
#[inline(always)] // See `find_bytes_ci`.
pub(crate) fn contains_ci(hay: &str, needle: &str) -> bool {
    find_bytes_ci(hay.as_bytes(), needle.as_bytes()).is_some()
}

/// Where `needle` first occurs in `hay`, ASCII case-insensitively. memchr
/// jumps to each candidate of the needle's rarest byte, in either case, and
/// the needle is compared there: a byte-by-byte loop was a tenth of
/// `classify`, and jumping on the first byte ('c', 'd', 't', ...) stopped
/// every few bytes of text. Always inlined: most needles are constants, and
/// the choice of the anchor is then made at compile time; left to the
/// compiler, it was inlined or not depending on unrelated changes, and the
/// anchor search over the needle cost a fifth of this function.
#[inline(always)]
pub(crate) fn find_bytes_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    if needle.len() > hay.len() {
        return None;
    }
    // The first rarest byte. A plain loop: `min_by_key` over (index, byte)
    // pairs compiled to a loop through the stack whose loads waited on
    // overlapping stores, at every byte of a needle not known at compile
    // time.
    let mut at = 0;
    let mut best = u8::MAX;
    for (i, &b) in needle.iter().enumerate() {
        let rank = byte_rank(b);
        if rank < best {
            best = rank;
            at = i;
        }
    }
    let anchor = *needle.get(at)?;
    let lo = anchor.to_ascii_lowercase();
    let hi = anchor.to_ascii_uppercase();
    // Candidates for the anchor lie where a whole needle fits around them.
    let window = hay
        .get(at..=hay.len() - needle.len() + at)
        .unwrap_or_default();
    memchr::memchr2_iter(lo, hi, window).find(|&i| {
        hay.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// How common a byte is in mail text, lower is rarer: punctuation and
/// digits, then letters by their frequency in English (either case), then
/// dashes (every MIME boundary is a run of them), then space.
fn byte_rank(b: u8) -> u8 {
    BYTE_RANK[usize::from(b)]
}

static BYTE_RANK: [u8; 256] = {
    const LETTERS: &[u8] = b"qjzxvkwyfbghmpduclsntoiaer";
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < LETTERS.len() {
        t[LETTERS[i] as usize] = 1 + i as u8;
        t[LETTERS[i].to_ascii_uppercase() as usize] = 1 + i as u8;
        i += 1;
    }
    t[b'-' as usize] = 30;
    t[b' ' as usize] = 40;
    t
};

/// Cleans an address as reports write it: `rfc822; <a@b>`, `"a@b"`,
/// `a@b.`; returns `None` when what is left does not look like an address.
pub(crate) fn clean_address(raw: &str) -> Option<String> {
    let mut s = raw.trim();
    if let Some((kind, rest)) = s.split_once(';')
        && !kind.contains('@')
    {
        s = rest.trim();
    }
    let s = if let (Some(a), Some(b)) = (s.find('<'), s.rfind('>')) {
        if a < b {
            s.get(a + 1..b).unwrap_or(s)
        } else {
            s
        }
    } else {
        s
    };
    let s = s
        .trim_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '"' | '\'' | '<' | '>' | ',' | ':' | ';' | '(' | ')' | '[' | ']'
                )
        })
        .trim_end_matches('.');
    let s = s.strip_prefix("mailto:").unwrap_or(s);
    looks_like_address(s).then(|| s.to_string())
}

/// A loose check: one `@`, something on each side, no spaces or angle
/// brackets, a domain with a dot or a bracketed literal.
pub(crate) fn looks_like_address(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && s.len() <= 320
        && !s.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '(' | ')' | ',' | ';')
        })
        && !domain.contains('@')
        && (domain.contains('.') || domain.starts_with('['))
        && !domain.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_split_lines_are_the_standard_ones() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\n",
            "a\r",
            "\r\n\r\n",
            "a\n\nb\r\nc\r",
            "\n\na\n\n",
            "é\r\nü\n\r",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
            assert_eq!(
                split_lines(text).collect::<Vec<_>>(),
                text.split('\n').collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    const CLEAN: &[(&str, Option<&str>)] = &[
        ("rfc822; alice@example.com", Some("alice@example.com")),
        ("rfc822;<alice@example.com>", Some("alice@example.com")),
        ("  \"bob@example.org\" ", Some("bob@example.org")),
        ("bob@example.org.", Some("bob@example.org")),
        ("Alice <alice@example.com>", Some("alice@example.com")),
        ("postmaster", None),
        ("a@b", None),
        ("a b@example.com", None),
        ("", None),
    ];

    #[test]
    fn cleans_addresses() {
        for (raw, want) in CLEAN {
            assert_eq!(clean_address(raw).as_deref(), *want, "{raw}");
        }
    }

    const CONTAINS: &[(&str, &str, bool)] = &[
        ("550 User Unknown", "user unknown", true),
        ("550 User Unknown", "unknown", true),
        ("550 User Unknown", "550", true),
        ("550 User Unknown", "unknowns", false),
        ("abc", "abcd", false),
        ("", "", true),
        ("xyz", "", true),
        ("ZZZq", "zq", true),
        ("qz", "zq", false),
        ("配信エラー", "エラー", true),
    ];

    #[test]
    fn contains_ignoring_ascii_case() {
        for (hay, needle, want) in CONTAINS {
            assert_eq!(contains_ci(hay, needle), *want, "{hay:?} {needle:?}");
        }
    }

    #[test]
    fn finds_commands() {
        assert_eq!(
            find_command("550 unknown (in reply to RCPT TO command)"),
            Some("RCPT")
        );
        assert_eq!(
            find_command("SMTP error from remote mail server after MAIL FROM:<a@b.c>"),
            Some("MAIL")
        );
        assert_eq!(find_command("550 no"), None);
    }
}
