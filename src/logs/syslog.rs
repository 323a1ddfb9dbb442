//! The syslog prefix: the time (BSD `Nov  2 10:00:01` or RFC 3339), the
//! host, and the program with its process id.
use crate::text;

/// A syslog line taken apart.
pub(super) struct Syslog<'a> {
    /// The time, as written but with runs of spaces made one.
    pub time: String,
    /// The program name, without the process id (`postfix/smtp`).
    pub program: &'a str,
    /// What the program wrote.
    pub message: &'a str,
}

/// Splits a syslog line; `None` when it does not start with a time, host
/// and `program[pid]:`.
pub(super) fn split(line: &str) -> Option<Syslog<'_>> {
    let (time, rest) = bsd_time(line).or_else(|| rfc3339_time(line))?;
    let rest = rest.trim_start();
    let (_host, rest) = rest.split_once(' ')?;
    let (tag, message) = text::split_once(rest, ": ")?;
    if tag.contains(' ') || tag.is_empty() {
        return None;
    }
    let program = tag.split('[').next().unwrap_or(tag);
    Some(Syslog {
        time: time.split_whitespace().collect::<Vec<_>>().join(" "),
        program,
        message,
    })
}

/// `Nov  2 10:00:01` (RFC 3164).
fn bsd_time(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    let time = line.get(..15)?;
    let ok = b.get(..3)?.iter().all(u8::is_ascii_alphabetic)
        && b.get(3) == Some(&b' ')
        && b.get(9) == Some(&b':')
        && b.get(12) == Some(&b':')
        && b.get(15) == Some(&b' ');
    ok.then(|| (time, line.get(15..).unwrap_or_default()))
}

/// `2026-11-02T10:00:01.123456+00:00` (RFC 5424's time, RFC 3339).
fn rfc3339_time(line: &str) -> Option<(&str, &str)> {
    let (time, rest) = line.split_once(' ')?;
    let b = time.as_bytes();
    let ok = time.len() >= 19
        && b.get(..4)?.iter().all(u8::is_ascii_digit)
        && b.get(4) == Some(&b'-')
        && b.get(10) == Some(&b'T');
    ok.then_some((time, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_both_times() {
        let s = split("Nov  2 10:00:01 mx1 postfix/smtp[12]: ABC: to=<a@b.example>").unwrap();
        assert_eq!(s.time, "Nov 2 10:00:01");
        assert_eq!(s.program, "postfix/smtp");
        assert_eq!(s.message, "ABC: to=<a@b.example>");
        let s = split("2026-11-02T10:00:01.5+01:00 mx1 sm-mta[9]: x: y").unwrap();
        assert_eq!(s.time, "2026-11-02T10:00:01.5+01:00");
        assert_eq!(s.program, "sm-mta");
        assert!(split("550 5.1.1 no such user").is_none());
        assert!(split("Nov").is_none());
        assert!(split("Nov  2 10:00:01 mx1 no colon here").is_none());
    }
}
