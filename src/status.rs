//! Enhanced mail system status codes (RFC 3463) and SMTP reply codes (RFC 5321).

use std::fmt;
use std::str::FromStr;

/// An enhanced mail system status code, `class.subject.detail` (RFC 3463 §2),
/// such as `5.1.1`.
///
/// Serialised as its text form, `"5.1.1"`.
///
/// # Examples
///
/// ```
/// use bounce_cause::EnhancedStatus;
///
/// let s: EnhancedStatus = "5.1.1".parse().unwrap();
/// assert_eq!((s.class, s.subject, s.detail), (5, 1, 1));
/// assert!(s.is_permanent());
/// assert_eq!(s.to_string(), "5.1.1");
/// assert!("5.1".parse::<EnhancedStatus>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnhancedStatus {
    /// 2 (success), 4 (persistent transient failure) or 5 (permanent failure).
    pub class: u8,
    /// The subject: 0 other, 1 addressing, 2 mailbox, 3 mail system, 4 network
    /// and routing, 5 mail delivery protocol, 6 message content, 7 security or policy.
    pub subject: u16,
    /// The detail within the subject.
    pub detail: u16,
}

/// The text was not an enhanced status code.
///
/// # Examples
///
/// ```
/// use bounce_cause::{EnhancedStatus, ParseStatusError};
///
/// assert_eq!("6.1.1".parse::<EnhancedStatus>(), Err(ParseStatusError));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an enhanced status code (expected class.subject.detail, class 2, 4 or 5)")]
pub struct ParseStatusError;

impl EnhancedStatus {
    /// Makes a status code from its three parts.
    pub const fn new(class: u8, subject: u16, detail: u16) -> Self {
        EnhancedStatus {
            class,
            subject,
            detail,
        }
    }

    /// A 5.x.x code: the failure is permanent.
    pub fn is_permanent(self) -> bool {
        self.class == 5
    }

    /// A 4.x.x code: the failure is transient.
    pub fn is_temporary(self) -> bool {
        self.class == 4
    }

    /// A 2.x.x code: success (delivered, relayed, expanded).
    pub fn is_success(self) -> bool {
        self.class == 2
    }

    /// True for the catch-all codes `4.0.0` and `5.0.0` and for a detail of 0
    /// in subjects where that says nothing (`5.1.0`, `5.7.0`, ...).
    pub fn is_generic(self) -> bool {
        self.subject == 0 || self.detail == 0
    }

    /// Finds the first enhanced status code in free text. A code must stand
    /// alone: `192.5.1.1` or `5.1.1.2` are not codes.
    ///
    /// ```
    /// use bounce_cause::EnhancedStatus;
    /// let s = EnhancedStatus::find("550 5.1.1 <a@b.example>: user unknown").unwrap();
    /// assert_eq!(s.to_string(), "5.1.1");
    /// assert_eq!(EnhancedStatus::find("host 10.5.1.1 said"), None);
    /// ```
    pub fn find(text: &str) -> Option<EnhancedStatus> {
        find_all(text).next()
    }
}

/// Every stand-alone enhanced status code in `text`, in order.
pub(crate) fn find_all(text: &str) -> impl Iterator<Item = EnhancedStatus> + '_ {
    let b = text.as_bytes();
    let mut i = 0usize;
    std::iter::from_fn(move || {
        // Every code starts with one of these digits: jump to the next.
        while let Some(next) = b
            .get(i..)
            .and_then(|rest| memchr::memchr3(b'2', b'4', b'5', rest))
        {
            let start = i + next;
            i = start + 1;
            if start > 0 && !may_precede_status(b[start - 1]) {
                continue;
            }
            if let Some((status, end)) = parse_at(b, start) {
                i = end;
                return Some(status);
            }
        }
        None
    })
}

/// Whether a byte may stand right before a stand-alone enhanced status code
/// (not a letter, digit, `.`, `_`, `-` or `/`: `v5.1.1`, `10.5.1.1` and
/// `path/5.1.1` are not codes).
pub(crate) fn may_precede_status(p: u8) -> bool {
    !(p.is_ascii_alphanumeric() || matches!(p, b'.' | b'_' | b'-' | b'/'))
}

/// Parses `d.ddd.ddd` at `start`; returns the code and the end offset when the
/// code is not followed by more of a dotted number.
pub(crate) fn parse_at(b: &[u8], start: usize) -> Option<(EnhancedStatus, usize)> {
    let class = b.get(start)?.wrapping_sub(b'0');
    if b.get(start + 1) != Some(&b'.') {
        return None;
    }
    let (subject, j) = digits(b, start + 2)?;
    if b.get(j) != Some(&b'.') {
        return None;
    }
    let (detail, k) = digits(b, j + 1)?;
    match b.get(k) {
        Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => return None,
        Some(b'.') if b.get(k + 1).is_some_and(u8::is_ascii_digit) => return None,
        _ => {}
    }
    Some((EnhancedStatus::new(class, subject, detail), k))
}

fn digits(b: &[u8], from: usize) -> Option<(u16, usize)> {
    let mut v: u16 = 0;
    let mut j = from;
    while let Some(c) = b.get(j).filter(|c| c.is_ascii_digit()) {
        if j - from == 3 {
            return None;
        }
        v = v * 10 + u16::from(c - b'0');
        j += 1;
    }
    (j > from).then_some((v, j))
}

impl FromStr for EnhancedStatus {
    type Err = ParseStatusError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        match parse_at(s.as_bytes(), 0) {
            Some((st, end)) if end == s.len() && matches!(st.class, 2 | 4 | 5) => Ok(st),
            _ => Err(ParseStatusError),
        }
    }
}

impl fmt::Display for EnhancedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

impl serde::Serialize for EnhancedStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for EnhancedStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Finds the SMTP reply code (RFC 5321 §4.2) that a diagnostic text quotes:
/// the first three-digit 4xx or 5xx number standing as a word at the start of
/// the text, of a line, or after `said:`/`;`/`(`; a 2xx when there is no
/// failure code.
///
/// ```
/// use bounce_cause::find_reply_code;
/// assert_eq!(find_reply_code("host mx said: 550 5.1.1 unknown"), Some(550));
/// assert_eq!(find_reply_code("retry timeout exceeded"), None);
/// ```
pub fn find_reply_code(text: &str) -> Option<u16> {
    let b = text.as_bytes();
    let mut success = None;
    let mut i = 0;
    while i + 3 <= b.len() {
        // Every code starts with one of these digits: jump to the next.
        match b
            .get(i..)
            .and_then(|rest| memchr::memchr3(b'2', b'4', b'5', rest))
        {
            Some(next) if i + next + 3 <= b.len() => i += next,
            _ => break,
        }
        let c = b[i];
        if matches!(c, b'2' | b'4' | b'5')
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
            && (i == 0 || is_reply_lead(b[i - 1]))
            && b.get(i + 3).is_none_or(|n| is_reply_trail(*n))
        {
            let v = u16::from(c - b'0') * 100
                + u16::from(b[i + 1] - b'0') * 10
                + u16::from(b[i + 2] - b'0');
            let sane = b[i + 1] <= b'5';
            // "550 5.1.1" or "550-5.1.1" or "550 " followed by text: a reply.
            if sane {
                if c == b'2' {
                    success.get_or_insert(v);
                } else {
                    return Some(v);
                }
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    success
}

pub(crate) fn is_reply_lead(p: u8) -> bool {
    matches!(
        p,
        b' ' | b'\t'
            | b'\n'
            | b'\r'
            | b'('
            | b':'
            | b';'
            | b'"'
            | b'\''
            | b'<'
            | b'['
            | b'='
            | b'#'
    )
}

pub(crate) fn is_reply_trail(n: u8) -> bool {
    matches!(
        n,
        b' ' | b'\t' | b'\n' | b'\r' | b'-' | b')' | b']' | b'"' | b',' | b':'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIND: &[(&str, Option<&str>)] = &[
        ("550 5.1.1 user unknown", Some("5.1.1")),
        ("(#5.5.0)", Some("5.5.0")),
        ("host 192.5.1.1 said", None),
        ("version 5.1.1.3", None),
        ("code 5.7.606 banned", Some("5.7.606")),
        ("5.7.1234 nope", None),
        ("x5.1.1", None),
        ("Status: 4.4.7", Some("4.4.7")),
        ("ends 5.2.2.", Some("5.2.2")),
    ];

    #[test]
    fn finds_status_codes() {
        for (text, want) in FIND {
            let got = EnhancedStatus::find(text).map(|s| s.to_string());
            assert_eq!(got.as_deref(), *want, "{text}");
        }
    }

    const REPLY: &[(&str, Option<u16>)] = &[
        ("550 5.1.1 user unknown", Some(550)),
        ("said: 452 4.2.2 over quota", Some(452)),
        ("smtp; 550-5.7.1 blocked", Some(550)),
        ("host 192.0.2.1 port 25", None),
        ("250 ok then 554 no", Some(554)),
        ("250 2.0.0 ok", Some(250)),
        ("in 2013 at 23:45", None),
        ("#550", Some(550)),
        ("#5501", None),
    ];

    #[test]
    fn finds_reply_codes() {
        for (text, want) in REPLY {
            assert_eq!(find_reply_code(text), *want, "{text}");
        }
    }
}
