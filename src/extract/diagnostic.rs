//! What a diagnostic text says besides its words: the status, reply code,
//! command and remote host, read out of it for any decoder.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::status::{EnhancedStatus, find_reply_code};
use crate::text::{Needle, cap};

use super::codes::TextCodes;
use super::command::{Command, OTHER_COMMAND_WORDS, find_command};
use super::record::Record;

/// Reads status, reply code, command and remote host out of the diagnostic.
/// `codes`, when given, are the diagnostic's, read already.
pub(crate) fn fill_codes(r: &mut Record, codes: Option<&TextCodes>) {
    if r.status.is_none() {
        r.status = match codes {
            Some(c) => c.first_status(&r.diagnostic),
            None => EnhancedStatus::find(&r.diagnostic),
        };
    }
    if r.reply_code.is_none() {
        r.reply_code = match codes {
            Some(c) => c.reply_code(&r.diagnostic),
            None => find_reply_code(&r.diagnostic),
        };
    }
    if r.command.is_none() {
        let named = if r.command_searched {
            None
        } else {
            find_command(&r.diagnostic)
        };
        r.command = named.or_else(|| {
            if r.other_words_absent {
                None
            } else {
                other_command(&r.diagnostic)
            }
        });
    }
    if r.remote_mta.is_none() && !r.host_searched {
        r.remote_mta = remote_host(&r.diagnostic);
        r.host_searched = true;
    }
}

/// Command phrases of notices that `find_command` does not know: "(Error
/// following RCPT command)", "refused to accept your message (DATA)".
fn other_command(diag: &str) -> Option<Command> {
    const PHRASES: &[(Needle, Command)] = &[
        (Needle::new("following rcpt command"), Command::Rcpt),
        (Needle::new("following mail command"), Command::Mail),
        (Needle::new("following data command"), Command::Data),
        (Needle::new("your message (data)"), Command::Data),
        (Needle::new("did not like our rcpt to"), Command::Rcpt),
        (Needle::new("did not like our mail from"), Command::Mail),
        (Needle::new("did not like our final data"), Command::Data),
    ];
    // Each phrase holds one of these: three searches rule out most texts,
    // where the phrases took seven.
    const WORDS: &[Needle] = &[
        Needle::new(OTHER_COMMAND_WORDS[0]),
        Needle::new(OTHER_COMMAND_WORDS[1]),
        Needle::new(OTHER_COMMAND_WORDS[2]),
    ];
    if !WORDS.iter().any(|w| w.in_text(diag)) {
        return None;
    }
    PHRASES
        .iter()
        .find(|(p, _)| p.in_text(diag))
        .map(|(_, c)| *c)
}

static REMOTE_HOST: Lazy<Option<Regex>> = Lazy::new(|| Regex::new(REMOTE_HOST_PATTERN).ok());

const REMOTE_HOST_PATTERN: &str = r"(?ix)
        # Postfix 'host X[ip] said:', Exim 'host X [ip]: 550' and 'host X [ip] SMTP error'
        (?:host|server|remote\ host|mail\ server)\s+\[?(?P<h>[a-z0-9][a-z0-9.\-]*\.[a-z0-9\-]+|\d{1,3}(?:\.\d{1,3}){3})\]?\.?
            (?:\s*[\[(][0-9a-f.:]+[\])])?\s*(?:said|says|replied|returned|:|smtp\ error|delay\ reason)
        # Gmail's legacy notice: 'rejected by the server for the recipient domain D by mx.D. [ip]'
        | recipient\ domain\ \S+\ by\ (?P<g>[a-z0-9][a-z0-9.\-]*[a-z0-9])\.?\ \[
        # qmail 'ip does not like recipient', 'ip failed after I sent the message'.
        # Not '\b': a Unicode word boundary stops the DFA at the first
        # non-ASCII byte, and a slower engine then ran over the whole text.
        # A non-word character before the digits is the same boundary; it
        # moves the match's start back by one character, where no other
        # branch can start (each starts with a letter).
        | (?:^|\W)(?P<q>\d{1,3}(?:\.\d{1,3}){3})\ (?:does\ not\ like|failed\ after\ i\ sent)
        # qmail 'Connected to ip but sender was rejected'
        | connected\ to\ (?P<c>[a-z0-9][a-z0-9.\-]*[a-z0-9])\ but
        ";

/// Each top-level branch of [`REMOTE_HOST_PATTERN`] alone, anchored at the
/// start, in the pattern's order. The capturing engine's work grows with
/// the automaton it runs: on the span the whole pattern found, the first
/// branch that matches at its start is the one the whole pattern took, and
/// it alone gives the same groups.
static REMOTE_HOST_BRANCHES: Lazy<Option<Vec<Regex>>> = Lazy::new(|| {
    let body = REMOTE_HOST_PATTERN.strip_prefix("(?ix)")?;
    branches(body)
        .iter()
        .map(|b| Regex::new(&format!("(?ix)^(?:{b}\n)")).ok())
        .collect()
});

/// The top-level branches of a verbose pattern: split at each `|` outside
/// groups, classes and comments, after a backslash escape is skipped.
fn branches(pattern: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut class, mut comment, mut escaped) = (0usize, false, false, false);
    let mut start = 0;
    for (i, c) in pattern.char_indices() {
        if comment {
            comment = c != '\n';
        } else if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if class {
            class = c != ']';
        } else {
            match c {
                '[' => class = true,
                '#' => comment = true,
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                '|' if depth == 0 => {
                    out.push(pattern.get(start..i).unwrap_or_default());
                    start = i + 1;
                }
                _ => {}
            }
        }
    }
    out.push(pattern.get(start..).unwrap_or_default());
    out
}

/// The remote host a diagnostic names ("host mx.example.com [192.0.2.1] said:").
pub(crate) fn remote_host(diag: &str) -> Option<String> {
    // No search for the words first ("host", "server", ...): six searches
    // of a short text cost more than the automaton's one pass.
    let text = cap(diag, 2048);
    // Find the span with the DFA, then take the groups from that span only
    // (the pattern asserts nothing after a match, so the match from its
    // start is the same in the span as in the rest of the text).
    let m = REMOTE_HOST.as_ref()?.find(text)?;
    let span = text.get(m.range()).unwrap_or(text);
    let c = REMOTE_HOST_BRANCHES
        .as_ref()?
        .iter()
        .find_map(|b| b.captures(span))?;
    host_of(&c)
}

/// Words of which each match of [`REMOTE_HOST_PATTERN`] holds one, ASCII
/// case ignored: each top-level branch has one in a literal, and the first
/// branch's leading words all hold "host" or "server". All but "host" are
/// found in `command`'s scan of a reply, which reads every text anyway; a
/// word that short would slow that scan down, and is looked for apart
/// ([`short_words`]). The parts taken ("t like" of "does not like") end
/// their first six bytes with three that text seldom has: the scan jumps on
/// where they are not.
pub(crate) const HOST_WORDS: [&str; 5] = [
    "server",
    "recipient domain",
    "t like",
    "d after i sent",
    "connected to",
];

/// The one of [`HOST_WORDS`] that the scan leaves out.
const HOST: Needle = Needle::new("host");

/// Whether [`remote_host`] finds nothing in `text`, by whether the text
/// holds one of [`HOST_WORDS`] (`host_words`, from the scan) or "host"
/// (`host`, from [`short_words`]). Only an ASCII text is ruled out: the
/// pattern ignores case by Unicode's rules, under which `ſ` is an `s` and
/// the Kelvin sign a `k`.
pub(crate) fn names_no_host(text: &str, host_words: bool, host: bool) -> bool {
    !host_words && !host && text.is_ascii()
}

/// What [`short_words`] found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ShortWords {
    /// The text holds "host" ([`HOST`]).
    pub host: bool,
    /// The text holds the words every relay wrapper ends with
    /// (`extract::RELAY_END`).
    pub relay_end: bool,
}

/// The byte [`short_words`] jumps to for [`HOST`]: its first, in either
/// case.
const HOST_FIRST: u8 = HOST.text.as_bytes()[0];

/// The byte [`short_words`] jumps to for `extract::RELAY_END`: its last
/// (a colon, rarer in text than any letter).
const RELAY_END_LAST: u8 = {
    let b = super::RELAY_END.text.as_bytes();
    b[b.len() - 1]
};

/// Whether `text` holds "host" and the relay wrappers' last words, ASCII
/// case ignored: one pass over the places either may be, where a search
/// for each took two passes, and most of a short reply's cost was in
/// starting them.
pub(crate) fn short_words(text: &str) -> ShortWords {
    let b = text.as_bytes();
    let (host, end) = (HOST.text.as_bytes(), super::RELAY_END.text.as_bytes());
    let mut found = ShortWords {
        host: false,
        relay_end: false,
    };
    let upper = HOST_FIRST.to_ascii_uppercase();
    for i in memchr::memchr3_iter(HOST_FIRST, upper, RELAY_END_LAST, b) {
        if b.get(i) == Some(&RELAY_END_LAST) {
            let start = (i + 1).checked_sub(end.len());
            found.relay_end |= start
                .and_then(|s| b.get(s..=i))
                .is_some_and(|w| w.eq_ignore_ascii_case(end));
        } else {
            found.host |= b
                .get(i..i + host.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(host));
        }
        if found.host && found.relay_end {
            break;
        }
    }
    found
}

/// The host a match's groups name, lowercase.
fn host_of(c: &regex::Captures<'_>) -> Option<String> {
    let m = c
        .name("h")
        .or_else(|| c.name("q"))
        .or_else(|| c.name("c"))
        .or_else(|| c.name("g"))?;
    Some(m.as_str().trim_end_matches('.').to_ascii_lowercase())
}

/// [`remote_host`] with the whole pattern `re` taking the groups.
#[cfg(test)]
fn host_with(re: &Regex, diag: &str) -> Option<String> {
    let text = cap(diag, 2048);
    let m = re.find(text)?;
    host_of(&re.captures(text.get(m.start()..).unwrap_or(text))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_commands_are_read_from_their_phrases() {
        assert_eq!(
            other_command("550 5.1.1 unknown (Error following RCPT command)"),
            Some(Command::Rcpt)
        );
        assert_eq!(
            other_command("refused to accept YOUR MESSAGE (DATA)"),
            Some(Command::Data)
        );
        assert_eq!(
            other_command("mx.example.net did not like our MAIL FROM"),
            Some(Command::Mail)
        );
        assert_eq!(other_command("550 following the rules"), None);
    }

    /// What a reply's record says of `text`: no host, without the search.
    fn ruled_out(text: &str) -> bool {
        let found = super::super::command::find_command_and_words(text);
        names_no_host(text, found.host_words, short_words(text).host)
    }

    #[test]
    fn short_words_are_the_needles_searches() {
        for text in [
            "",
            "host",
            "HoSt",
            "was:",
            "WAS:",
            ":",
            "h",
            "hos",
            "as:",
            "ghost said: the response was: 550",
            "Host mx.example.org said: no",
            "whatwas: hhost",
            "was:host",
            "wa:s host:",
            "h\u{e9}ost was\u{e9}:",
            "the response was :",
        ] {
            let got = short_words(text);
            assert_eq!(got.host, HOST.in_text(text), "{text:?}");
            assert_eq!(
                got.relay_end,
                super::super::RELAY_END.in_text(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn each_branch_holds_a_host_word() {
        let words: Vec<&str> = HOST_WORDS.iter().copied().chain([HOST.text]).collect();
        let body = REMOTE_HOST_PATTERN.strip_prefix("(?ix)").unwrap();
        let branches = branches(body);
        assert_eq!(branches.len(), 4);
        // The branch as the words it matches: comments out, escapes and
        // free-spacing whitespace read as verbose mode does.
        let literal = |b: &str| -> String {
            let mut out = String::new();
            for line in b.lines() {
                let code = line.split(" #").next().unwrap_or("").trim();
                if !code.starts_with('#') {
                    out.push_str(
                        &code
                            .replace(r"\ ", "\u{1}")
                            .replace(' ', "")
                            .replace('\u{1}', " "),
                    );
                }
            }
            out
        };
        let first = literal(branches[0]);
        let lead = first
            .strip_prefix("(?:")
            .and_then(|r| r.split(')').next())
            .unwrap();
        for alternative in lead.split('|') {
            assert!(
                words.iter().any(|w| alternative.contains(w.trim())),
                "{alternative:?}"
            );
        }
        // The qmail branch's alternatives, each with a word of its own.
        let qmail = "(?:does not like|failed after i sent)";
        for b in &branches[1..] {
            let b = literal(b);
            let alternatives: Vec<String> = match b.contains(qmail) {
                true => ["does not like", "failed after i sent"]
                    .iter()
                    .map(|a| b.replace(qmail, a))
                    .collect(),
                false => vec![b],
            };
            for a in alternatives {
                assert!(words.iter().any(|w| a.contains(w)), "{a:?}");
            }
        }
    }

    #[test]
    fn the_scan_rules_out_no_text_with_a_host() {
        let re = REMOTE_HOST.as_ref().unwrap();
        let seeds = [
            "host mx.example.com [192.0.2.1] said: 550 5.1.1 unknown",
            "Remote Host mx.example.com[192.0.2.1] replied: 554",
            "mail server mx.example.com (192.0.2.1) said: 550",
            "SERVER 192.0.2.44 delay reason: timeout",
            "host\tmx.example.org.\t(2001:db8::1) smtp error from remote",
            "host\r\nmx.example.org: 550 no",
            "server\x0bmx.example.org says no",
            "the recipient domain example.com by mx.example.com. [192.0.2.1]",
            "(192.0.2.1 does not like recipient)",
            "192.0.2.9 Failed After I Sent the message.",
            "Connected to mx.example.net but sender was rejected",
            "ſerver x.example.com said: 550",
            "192.0.2.1 does not li\u{212a}e recipient",
            "host\u{a0}x.example.com said: 550",
            "host\u{85}x.example.com said: 550",
        ];
        let mut texts: Vec<String> = Vec::new();
        for seed in seeds {
            texts.push(seed.to_string());
            texts.push(seed.to_ascii_uppercase());
            texts.push(format!("550 5.7.1 {seed} (in reply to RCPT TO command)"));
            let chars: Vec<char> = seed.chars().collect();
            for i in 0..chars.len() {
                for with in [None, Some(' '), Some('\t'), Some('x'), Some('S'), Some('é')] {
                    let mut t: Vec<char> = chars.clone();
                    match with {
                        None => {
                            t.remove(i);
                        }
                        Some(c) => t[i] = c,
                    }
                    texts.push(t.into_iter().collect());
                }
            }
        }
        let mut files = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures"
        ))];
        while let Some(p) = files.pop() {
            if p.is_dir() {
                files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                texts.extend(text.lines().map(str::to_string));
                texts.push(text);
            }
        }
        let mut found = 0;
        for text in &texts {
            let host = host_with(re, text);
            found += usize::from(host.is_some());
            if ruled_out(text) {
                assert_eq!(host, None, "{text:?}");
            } else {
                assert_eq!(remote_host(text), host, "{text:?}");
            }
        }
        // The texts hold hosts, and texts the scan rules out.
        assert!(found > 500, "{found}");
        assert!(texts.iter().filter(|t| ruled_out(t)).count() > 1000);
    }

    #[test]
    fn remote_host_is_as_with_a_word_boundary() {
        let boundary =
            Regex::new(&REMOTE_HOST_PATTERN.replace(r"(?:^|\W)(?P<q>", r"\b(?P<q>")).unwrap();
        assert_ne!(boundary.as_str(), REMOTE_HOST_PATTERN);
        let re = REMOTE_HOST.as_ref().unwrap();
        let texts = [
            "192.0.2.1 does not like recipient.",
            "host é 192.0.2.1 does not like recipient.",
            "hosté192.0.2.1 does not like recipient.",
            "host a192.0.2.1 does not like recipient.",
            "host ١192.0.2.1 does not like recipient.",
            "host 1192.0.2.1 does not like recipient.",
            "host: (192.0.2.1 failed after I sent the message)",
            "Connected to 192.0.2.1 but sender was rejected. 192.0.2.2 does not like recipient.",
            "192.0.2.2 does not like recipient: host mx.example.com said: 550 ×",
            "Remote host said: 550 — host mx.example.com [192.0.2.1] said: no",
            "ſerver x.example.com said: 192.0.2.1 does not like",
            "—192.0.2.1 does not like recipient",
            "rejected by the server for the recipient domain example.com by mx.example.com. [192.0.2.1]",
            "Recipient Domain example.org by MX1.example.org [192.0.2.7]",
            "Connected to mx.example.net but sender was rejected.",
            "mail server mx.example.com (192.0.2.1) said: 550",
            "Remote Host mx.example.com[192.0.2.1] replied: 554",
            "server 192.0.2.44 delay reason: timeout",
            "192.0.2.9 failed after I sent the message.",
            "host [192.0.2.3]. SMTP error from remote mail server",
        ];
        for text in texts {
            assert_eq!(host_with(re, text), host_with(&boundary, text), "{text:?}");
            assert_eq!(remote_host(text), host_with(re, text), "{text:?}");
        }
        assert_eq!(
            host_with(re, "hosté 192.0.2.1 does not like recipient.").as_deref(),
            Some("192.0.2.1")
        );
        // The four shapes, each its own branch.
        assert_eq!(REMOTE_HOST_BRANCHES.as_ref().map(Vec::len), Some(4));
        for (text, host) in [
            (
                "host mx.example.com [192.0.2.1] said: 550",
                "mx.example.com",
            ),
            (
                "the recipient domain example.com by mx.example.com. [192.0.2.1]",
                "mx.example.com",
            ),
            ("(192.0.2.1 does not like recipient)", "192.0.2.1"),
            (
                "Connected to mx.example.net but sender was rejected",
                "mx.example.net",
            ),
        ] {
            assert_eq!(remote_host(text).as_deref(), Some(host), "{text:?}");
        }
    }
}
