//! Which status code and reply code a recipient's record reports, when the
//! delivery-status fields and the server's own words disagree.
//!
//! Servers quote their reply as `550 5.1.1 text` or `550-5.7.1 text`, and a
//! relay often wraps the remote reply in its own (`554 4.4.7 expired <421
//! 4.4.2 timed out>`). The code the *remote server* gave is the one that
//! tells why, so: a code standing right after a reply code wins over a bare
//! one, the innermost (last) such pair wins over the wrapper, and a catch-all
//! `X.0.0` never wins over a precise code. The `Status:` field of a DSN is
//! the reporting MTA's summary; the code quoted in the diagnostic, when there
//! is a precise one, wins over it (Sendmail writes `Status: 5.1.1` for every
//! RCPT refusal, whatever the server said).

use crate::extract::record::Record;
use crate::status::EnhancedStatus;

/// A reply code, a status, or a reply code with the status right after it.
#[derive(Debug, Clone, Copy)]
struct Pair {
    reply: Option<u16>,
    status: Option<EnhancedStatus>,
}

/// At most this many codes of a text are read.
const MAX_PAIRS: usize = 64;

/// How many codes [`Pairs`] keeps on the stack: a reply quotes a few.
const ON_STACK: usize = 8;

/// The codes of a text: read for every record, the first few on the stack
/// (no allocation, and a small array to set up), the rest, if the text
/// quotes more, in a `Vec`.
struct Pairs {
    items: [Pair; ON_STACK],
    len: usize,
    /// All of them, once there are more than [`ON_STACK`].
    more: Vec<Pair>,
}

impl Pairs {
    fn new() -> Pairs {
        let none = Pair {
            reply: None,
            status: None,
        };
        Pairs {
            items: [none; ON_STACK],
            len: 0,
            more: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.len + self.more.len()
    }

    fn push(&mut self, p: Pair) {
        if !self.more.is_empty() {
            self.more.push(p);
        } else if let Some(slot) = self.items.get_mut(self.len) {
            *slot = p;
            self.len += 1;
        } else {
            self.more.extend_from_slice(&self.items);
            self.more.push(p);
            self.len = 0;
        }
    }

    fn as_slice(&self) -> &[Pair] {
        if self.more.is_empty() {
            self.items.get(..self.len).unwrap_or_default()
        } else {
            &self.more
        }
    }
}

/// What one pass over a text finds of its codes: the reply codes (RFC 5321
/// §4.2) and enhanced codes (RFC 3463) it quotes, in order, a status right
/// after a reply code paired with it (what [`TextCodes::quoted`] weighs);
/// and, from the same places, what `status::find_reply_code` and
/// `EnhancedStatus::find` give for the text, so that the record's later
/// steps need not search it again.
///
/// The three searches look at the places this pass looks at (each `2`, `4`
/// or `5`) with rules of their own for the bytes around a code; a place the
/// pass jumps over (the second and third digit of a reply code, the inside
/// of a status) is one where none of them finds a code either.
pub(crate) struct TextCodes {
    pairs: Pairs,
    /// The pass stopped at [`MAX_PAIRS`] codes: what lies after is unread.
    cut: bool,
    /// `find_reply_code`'s first failure (4xx, 5xx) and first 2xx.
    reply_failure: Option<u16>,
    reply_success: Option<u16>,
    /// `find_all`'s first status.
    first_status: Option<EnhancedStatus>,
}

impl TextCodes {
    /// Reads the codes of `text`.
    pub(crate) fn read(text: &str) -> TextCodes {
        let mut codes = TextCodes {
            pairs: Pairs::new(),
            cut: false,
            reply_failure: None,
            reply_success: None,
            first_status: None,
        };
        codes.scan(text.as_bytes());
        codes
    }

    fn scan(&mut self, b: &[u8]) {
        let mut i = 0usize;
        loop {
            if self.pairs.len() >= MAX_PAIRS {
                self.cut = true;
                break;
            }
            // Every code starts with one of these digits: jump to the next.
            let Some(next) = b.get(i..).and_then(next_code_digit) else {
                break;
            };
            i += next;
            let c = b.get(i).copied().unwrap_or(0);
            let prev = i.checked_sub(1).and_then(|p| b.get(p)).copied();
            let lead_ok = prev.is_none_or(is_lead);
            if !lead_ok {
                // `find_all` takes more bytes before a status than a pair
                // does (`>5.1.1`); a pair's other rules reject the place.
                if self.first_status.is_none()
                    && prev.is_none_or(crate::status::may_precede_status)
                    && let Some((status, _)) = status_at(b, i)
                {
                    self.status_found(status);
                }
                i += 1;
                continue;
            }
            if let Some((status, end)) = status_at(b, i) {
                self.pairs.push(Pair {
                    reply: None,
                    status: Some(status),
                });
                self.status_found(status);
                i = end;
                continue;
            }
            let d1 = b.get(i + 1).copied().unwrap_or(0);
            let d2 = b.get(i + 2).copied().unwrap_or(0);
            let trail = b.get(i + 3).copied();
            if d1.is_ascii_digit()
                && d1 <= b'5'
                && d2.is_ascii_digit()
                && trail.is_none_or(is_trail)
            {
                let reply =
                    u16::from(c - b'0') * 100 + u16::from(d1 - b'0') * 10 + u16::from(d2 - b'0');
                // `find_reply_code` takes fewer bytes around a code.
                if prev.is_none_or(crate::status::is_reply_lead)
                    && trail.is_none_or(crate::status::is_reply_trail)
                {
                    if c == b'2' {
                        self.reply_success.get_or_insert(reply);
                    } else {
                        self.reply_failure.get_or_insert(reply);
                    }
                }
                // "550 5.1.1", "550-5.1.1", "550-'5.7.1", "550 #5.1.0"
                let mut j = i + 3;
                if matches!(b.get(j), Some(b' ' | b'-')) {
                    j += 1;
                }
                if matches!(b.get(j), Some(b'\'' | b'"' | b'#' | b'(')) {
                    j += 1;
                }
                match status_at(b, j) {
                    Some((status, end)) if j > i + 3 => {
                        self.pairs.push(Pair {
                            reply: Some(reply),
                            status: Some(status),
                        });
                        // Not after a dash for `find_all` ("550-5.1.1").
                        if b.get(j - 1)
                            .is_some_and(|p| crate::status::may_precede_status(*p))
                        {
                            self.status_found(status);
                        }
                        i = end;
                    }
                    _ => {
                        self.pairs.push(Pair {
                            reply: Some(reply),
                            status: None,
                        });
                        i += 3;
                    }
                }
                continue;
            }
            i += 1;
        }
    }

    fn status_found(&mut self, status: EnhancedStatus) {
        self.first_status.get_or_insert(status);
    }

    /// What `status::find_reply_code(text)` gives, `text` being the text
    /// read.
    pub(crate) fn reply_code(&self, text: &str) -> Option<u16> {
        if self.reply_failure.is_some() || !self.cut {
            self.reply_failure.or(self.reply_success)
        } else {
            crate::status::find_reply_code(text)
        }
    }

    /// What `EnhancedStatus::find(text)` gives, `text` being the text read.
    pub(crate) fn first_status(&self, text: &str) -> Option<EnhancedStatus> {
        if self.first_status.is_some() || !self.cut {
            self.first_status
        } else {
            EnhancedStatus::find(text)
        }
    }

    /// The status and reply code the text itself quotes (see [`quoted`]).
    pub(crate) fn quoted(&self) -> (Option<EnhancedStatus>, Option<u16>) {
        weigh(self.pairs.as_slice())
    }
}

/// Where the first `2`, `4` or `5` of `rest` is. Codes stand close
/// together ("550 5.1.1"): the next is mostly within a few bytes, where a
/// plain loop costs less than setting up the vectorised search.
fn next_code_digit(rest: &[u8]) -> Option<usize> {
    const NEAR: usize = 8;
    let near = rest.get(..NEAR).unwrap_or(rest);
    near.iter()
        .position(|c| matches!(c, b'2' | b'4' | b'5'))
        .or_else(|| {
            let far = rest.get(NEAR..)?;
            memchr::memchr3(b'2', b'4', b'5', far).map(|p| p + NEAR)
        })
}

fn is_lead(p: u8) -> bool {
    crate::status::is_reply_lead(p) || matches!(p, b'{' | b',')
}

fn is_trail(n: u8) -> bool {
    matches!(
        n,
        b' ' | b'\t' | b'\n' | b'\r' | b'-' | b')' | b']' | b'"' | b',' | b':' | b'>'
    )
}

/// `d.ddd.ddd` at `start`, not part of a longer dotted number.
fn status_at(b: &[u8], start: usize) -> Option<(EnhancedStatus, usize)> {
    crate::status::parse_at(b, start).filter(|(s, _)| matches!(s.class, 2 | 4 | 5))
}

/// `X.0.0`: says only "failed" or "delayed".
fn is_catch_all(s: EnhancedStatus) -> bool {
    s.subject == 0 && s.detail == 0
}

/// The status and reply code the diagnostic text itself quotes.
pub(crate) fn quoted(text: &str) -> (Option<EnhancedStatus>, Option<u16>) {
    TextCodes::read(text).quoted()
}

/// [`quoted`], from the codes read.
fn weigh(found: &[Pair]) -> (Option<EnhancedStatus>, Option<u16>) {
    let failure = |s: &EnhancedStatus| s.class != 2;
    let any_failure = found.iter().any(|p| p.status.as_ref().is_some_and(failure));
    let usable = |s: &EnhancedStatus| !any_failure || failure(s);
    // The last code paired with a reply, then the last bare one; a precise
    // one before a catch-all.
    let pick = |paired: bool, precise: bool| {
        found
            .iter()
            .enumerate()
            .rev()
            .find(|(_, p)| {
                p.status.is_some_and(|s| {
                    usable(&s) && (p.reply.is_some() || !paired) && (!is_catch_all(s) || !precise)
                })
            })
            .map(|(i, p)| (i, p.status))
    };
    let chosen = pick(true, true)
        .or_else(|| pick(false, true))
        .or_else(|| pick(true, false))
        .or_else(|| pick(false, false));
    let status = chosen.and_then(|(_, s)| s);
    let reply = match chosen {
        Some((i, Some(s))) => found
            .get(i)
            .and_then(|p| p.reply)
            .or_else(|| first_reply(found, Some(s.class))),
        _ => None,
    }
    .or_else(|| first_reply(found, None));
    (status, reply)
}

/// The first failure reply code (of `class` when given), else the first 2xx.
fn first_reply(found: &[Pair], class: Option<u8>) -> Option<u16> {
    let of_class = |r: u16, c: u8| (r / 100) as u8 == c;
    if let Some(c) = class {
        if let Some(r) = found
            .iter()
            .filter_map(|p| p.reply)
            .find(|r| of_class(*r, c))
        {
            return Some(r);
        }
        if c != 2 {
            return found.iter().filter_map(|p| p.reply).find(|r| *r >= 400);
        }
        return None;
    }
    found
        .iter()
        .filter_map(|p| p.reply)
        .find(|r| *r >= 400)
        .or_else(|| found.iter().filter_map(|p| p.reply).next())
}

/// The diagnostic text in which codes count: an X-Unix diagnostic's leading
/// number is a program's exit status (`X-Unix; 255`), not a reply code.
pub(crate) fn reply_text(r: &Record) -> &str {
    if r.diagnostic_type.as_deref() == Some("x-unix") {
        return r
            .diagnostic
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit());
    }
    &r.diagnostic
}

/// Settles a record's status and reply code from its fields and the codes
/// its diagnostic quotes (`quoted`: [`TextCodes::quoted`] of
/// [`reply_text`]).
pub(crate) fn settle(r: &mut Record, quoted: (Option<EnhancedStatus>, Option<u16>)) {
    let (text_status, text_reply) = quoted;
    r.status = match (r.status, text_status) {
        (None, t) => t,
        (Some(f), None) => Some(f),
        // A success field with a failure quoted (or the reverse) is a
        // relay's summary of something else: keep the field.
        (Some(f), Some(t)) if (f.class == 2) != (t.class == 2) => Some(f),
        (Some(f), Some(t)) if is_catch_all(t) => Some(f),
        (Some(_), Some(t)) => Some(t),
    };
    let consistent = |c: u16| r.status.is_none_or(|s| (c / 100) as u8 == s.class);
    if r.reply_code.is_none_or(|c| !consistent(c)) {
        if let Some(c) = text_reply.filter(|c| consistent(*c)) {
            r.reply_code = Some(c);
        } else if r.reply_code.is_none() {
            r.reply_code = text_reply;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUOTED: &[(&str, Option<&str>, Option<u16>)] = &[
        (
            "550 5.1.1 <a@b.example>: user unknown",
            Some("5.1.1"),
            Some(550),
        ),
        (
            "554 4.4.7 Message expired: <421 4.4.2 Connection timed out>",
            Some("4.4.2"),
            Some(421),
        ),
        (
            "5.1.0 - Unknown address error 550-'5.7.1 <x@y.example>... Access denied",
            Some("5.7.1"),
            Some(550),
        ),
        ("550 #5.1.0 Address rejected.", Some("5.1.0"), Some(550)),
        (
            "host said: 554 mx ESMTP not accepting connections",
            None,
            Some(554),
        ),
        ("retry timeout exceeded", None, None),
        (
            "452 4.4.5 Insufficient disk space",
            Some("4.4.5"),
            Some(452),
        ),
        ("host 192.0.2.5 said 5.1.1.3", None, None),
    ];

    #[test]
    fn finds_quoted_codes() {
        for (text, status, reply) in QUOTED {
            let (s, r) = quoted(text);
            assert_eq!(s.map(|s| s.to_string()).as_deref(), *status, "{text}");
            assert_eq!(r, *reply, "{text}");
        }
    }

    /// Texts made of codes, parts of codes and the bytes that matter around
    /// them, from a fixed seed.
    fn code_texts() -> Vec<String> {
        const PIECES: &[&str] = &[
            "550", "250", "421", "599", "5.1.1", "2.0.0", "4.4.7", "5.7.1234", "5.1", "5", "2",
            "4", "0", "9", ".", " ", "-", "'", "\"", "#", "(", ")", ">", "<", ",", "{", "/", "_",
            ":", "x", "\t", "\u{1}", "\u{e9}",
        ];
        let mut next = crate::testing::xorshift(0x9E37_79B9_7F4A_7C15);
        let mut texts: Vec<String> = QUOTED.iter().map(|(t, _, _)| t.to_string()).collect();
        for _ in 0..20_000 {
            let len = next() % 12;
            let t: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            texts.push(t);
        }
        // Past the cap, with and without a failure code before it.
        texts.push(format!("{}550 5.7.1 x", "250 2.0.0 ok; ".repeat(70)));
        texts.push(format!("{}>5.1.1", "250 ok ".repeat(70)));
        texts
    }

    #[test]
    fn one_pass_finds_what_each_search_finds() {
        for text in code_texts() {
            let codes = TextCodes::read(&text);
            assert_eq!(
                codes.reply_code(&text),
                crate::status::find_reply_code(&text),
                "{text:?}"
            );
            assert_eq!(
                codes.first_status(&text),
                EnhancedStatus::find(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn many_codes_are_read_up_to_the_cap() {
        // More codes than are kept on the stack: the last pair still wins.
        let text = format!("{}550 5.7.1 refused", "451 4.2.2 full; ".repeat(10));
        let (s, r) = quoted(&text);
        assert_eq!(s.map(|s| s.to_string()).as_deref(), Some("5.7.1"));
        assert_eq!(r, Some(550));
        // Past the cap of 64, codes are not read.
        let text = format!("{}550 5.7.1 refused", "451 4.2.2 full; ".repeat(70));
        let (s, r) = quoted(&text);
        assert_eq!(s.map(|s| s.to_string()).as_deref(), Some("4.2.2"));
        assert_eq!(r, Some(451));
    }

    #[test]
    fn precise_quote_wins_over_field() {
        let mut r = Record {
            status: "5.1.1".parse().ok(),
            diagnostic: "550 5.7.1 IP address blacklisted".into(),
            ..Record::default()
        };
        let q = quoted(reply_text(&r));
        settle(&mut r, q);
        assert_eq!(r.status.map(|s| s.to_string()).as_deref(), Some("5.7.1"));
        assert_eq!(r.reply_code, Some(550));
    }
}
