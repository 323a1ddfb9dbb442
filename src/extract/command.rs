//! Which SMTP command a diagnostic says the server answered.

use std::cell::RefCell;

use once_cell::sync::Lazy;

use crate::literals::LiteralSet;
use crate::text::contains_ci;

use super::diagnostic::HOST_WORDS;

/// The SMTP command (RFC 5321) a server's reply answered, or the connection
/// itself (its greeting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    /// The connection: the server's greeting, before any command.
    Conn,
    /// `HELO`.
    Helo,
    /// `EHLO`.
    Ehlo,
    /// `MAIL FROM`.
    Mail,
    /// `RCPT TO`.
    Rcpt,
    /// `DATA`, or the end of the data.
    Data,
    /// `BDAT` (RFC 3030 chunking).
    Bdat,
    /// `STARTTLS` (RFC 3207).
    Starttls,
    /// `AUTH` (RFC 4954).
    Auth,
    /// No command is known: only a rule condition, never read from a text.
    Unknown,
}

impl Command {
    /// The command's name as reports print it: `RCPT`, `DATA`, ...
    pub const fn as_str(self) -> &'static str {
        match self {
            Command::Conn => "CONN",
            Command::Helo => "HELO",
            Command::Ehlo => "EHLO",
            Command::Mail => "MAIL",
            Command::Rcpt => "RCPT",
            Command::Data => "DATA",
            Command::Bdat => "BDAT",
            Command::Starttls => "STARTTLS",
            Command::Auth => "AUTH",
            Command::Unknown => "-",
        }
    }
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
const COMMAND_PHRASES: &[(&str, Command)] = &[
    ("in reply to rcpt to", Command::Rcpt),
    ("[rcpt_to]", Command::Rcpt),
    // Gmail's relay notices end the remote reply with its session state:
    // 13 after MAIL FROM, 14 after RCPT TO, 17 and 18 during and after DATA.
    ("(state 14)", Command::Rcpt),
    ("(state 13)", Command::Mail),
    ("(state 17)", Command::Data),
    ("(state 18)", Command::Data),
    ("smtp:rcpt", Command::Rcpt),
    ("does not like recipient", Command::Rcpt),
    ("[mail_from]", Command::Mail),
    ("smtp:mail", Command::Mail),
    ("[data]", Command::Data),
    ("after rcpt to", Command::Rcpt),
    ("progress was rcpt to", Command::Rcpt),
    (">>> rcpt to", Command::Rcpt),
    ("in reply to mail from", Command::Mail),
    ("after mail from", Command::Mail),
    (">>> mail from", Command::Mail),
    ("in reply to end of data", Command::Data),
    ("in reply to data", Command::Data),
    (">>> data", Command::Data),
    ("in reply to ehlo", Command::Ehlo),
    ("in reply to helo", Command::Helo),
    ("after ehlo", Command::Ehlo),
    ("after helo", Command::Helo),
    ("after initial connection", Command::Conn),
    ("while connected to", Command::Conn),
    ("in reply to bdat", Command::Bdat),
];

/// Words each of the command phrases that `extract::diagnostic` reads
/// after [`find_command`] holds ("(Error following RCPT command)", "did not
/// like our MAIL FROM", "your message (DATA)"). Found in the same scan, so
/// that a reply without them is not searched again.
pub(crate) const OTHER_COMMAND_WORDS: [&str; 3] = ["following ", "(data)", "did not like our "];

/// The phrases and words of one scan: [`DATA_PHRASES`], then
/// [`COMMAND_PHRASES`], then [`OTHER_COMMAND_WORDS`], then the words
/// without which a text names no remote host ([`HOST_WORDS`]).
fn scanned() -> impl Iterator<Item = &'static str> {
    DATA_PHRASES
        .iter()
        .copied()
        .chain(COMMAND_PHRASES.iter().map(|(p, _)| *p))
        .chain(OTHER_COMMAND_WORDS)
        .chain(HOST_WORDS)
}

/// Both phrase lists and the words in one set, so that a text is scanned
/// once, not once per phrase. A [`LiteralSet`] rather than an Aho-Corasick
/// automaton: its small tables stay in the cache between calls.
static COMMAND_FINDER: Lazy<Option<LiteralSet>> =
    Lazy::new(|| LiteralSet::new(scanned().map(str::as_bytes)));

thread_local! {
    /// The lowercased text, for [`find_command`].
    static LOWER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Finds which SMTP command a diagnostic says it answered: Postfix's
/// "(in reply to RCPT TO command)", Exim's "after RCPT TO:", qmail's
/// "most progress was RCPT TO response", Sendmail's ">>> RCPT To:".
pub(crate) fn find_command(text: &str) -> Option<Command> {
    command_of(scan(text))
}

/// What one scan of a text finds: the command it names and which words
/// that later searches need are in it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scanned {
    /// As [`find_command`] says.
    pub command: Option<Command>,
    /// The text holds one of [`OTHER_COMMAND_WORDS`].
    pub other_words: bool,
    /// The text holds one of [`HOST_WORDS`].
    pub host_words: bool,
}

/// [`find_command`], and which of [`OTHER_COMMAND_WORDS`] and
/// [`HOST_WORDS`] the text holds.
pub(crate) fn find_command_and_words(text: &str) -> Scanned {
    let seen = scan(text);
    let other = PHRASES..PHRASES + OTHER_COMMAND_WORDS.len();
    let host = other.end..other.end + HOST_WORDS.len();
    Scanned {
        command: command_of(seen),
        other_words: other.into_iter().any(|i| has(seen, i)),
        host_words: host.into_iter().any(|i| has(seen, i)),
    }
}

/// The number of phrases, [`DATA_PHRASES`] and [`COMMAND_PHRASES`].
const PHRASES: usize = DATA_PHRASES.len() + COMMAND_PHRASES.len();

/// Bit i: item i of [`scanned`] occurs in `text`.
fn scan(text: &str) -> u128 {
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
            for (i, p) in scanned().enumerate().take(128) {
                if contains_ci(text, p) {
                    mark(i);
                }
            }
        }
    }
    seen
}

/// Whether bit `i` of `seen` is set.
fn has(seen: u128, i: usize) -> bool {
    u32::try_from(i)
        .ok()
        .and_then(|i| seen.checked_shr(i))
        .is_some_and(|b| b & 1 == 1)
}

/// The command the phrases seen say.
fn command_of(seen: u128) -> Option<Command> {
    if (0..DATA_PHRASES.len()).any(|i| has(seen, i)) {
        return Some(Command::Data);
    }
    COMMAND_PHRASES
        .iter()
        .enumerate()
        .find(|(i, _)| has(seen, DATA_PHRASES.len() + i))
        .map(|(_, (_, c))| *c)
}

// A bit per phrase and word in `scan`.
const _: () = assert!(PHRASES + OTHER_COMMAND_WORDS.len() + HOST_WORDS.len() <= 128);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_commands() {
        assert_eq!(
            find_command("550 unknown (in reply to RCPT TO command)"),
            Some(Command::Rcpt)
        );
        assert_eq!(
            find_command("SMTP error from remote mail server after MAIL FROM:<a@b.c>"),
            Some(Command::Mail)
        );
        assert_eq!(find_command("550 no"), None);
    }
}
