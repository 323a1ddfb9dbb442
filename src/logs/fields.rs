//! `key=value` fields as MTAs log them, and the pieces common to formats.

use crate::address::clean_address;
use crate::text;

/// The value of `key=` in a `, `-separated field list (Postfix, Sendmail):
/// up to the next `, ` or the end. The key must start the text or follow a
/// space, so `to=` does not match inside `orig_to=`.
pub(super) fn comma_field<'a>(msg: &'a str, key: &str) -> Option<&'a str> {
    let start = key_start(msg, key)?;
    let value = msg.get(start..)?;
    Some(value.split(", ").next().unwrap_or(value).trim())
}

/// Where the value of `key=` starts, the key at the start or after a space.
pub(super) fn key_start(msg: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text::find(msg.get(from..)?, key) {
        let at = from + i;
        let before = msg.as_bytes().get(at.wrapping_sub(1)).copied();
        if at == 0 || before == Some(b' ') {
            let after = at + key.len();
            if msg.as_bytes().get(after) == Some(&b'=') {
                return Some(after + 1);
            }
        }
        from = at + key.len();
    }
    None
}

/// The value of `key=` in a space-separated list whose values may be quoted
/// or in angle brackets (OpenSMTPD): `key="a b"`, `key=<a@b>`, `key=word`.
pub(super) fn spaced_field<'a>(msg: &'a str, key: &str) -> Option<&'a str> {
    let start = key_start(msg, key)?;
    let value = msg.get(start..)?;
    if let Some(v) = value.strip_prefix('"') {
        return Some(v.split('"').next().unwrap_or(v));
    }
    if value.starts_with('<') {
        let end = value.find('>').map_or(value.len(), |i| i + 1);
        return value.get(..end);
    }
    Some(value.split([' ', ',']).next().unwrap_or(value))
}

/// A recipient as a log writes it (`<a@b>`, `a@b`); an empty `<>` is none.
pub(super) fn recipient(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw == "<>" {
        return None;
    }
    clean_address(raw).or_else(|| Some(raw.trim_matches(['<', '>']).to_string()))
}

/// The host name of a relay as logs write it: `mx.example.com[192.0.2.1]:25`,
/// `mx.example.com. [192.0.2.1]`, `192.0.2.1 (mx.example.com)`,
/// `[192.0.2.1]`. `none`, `local` and a socket path are no host.
pub(super) fn relay_host(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Some((_, named)) = raw.split_once('(') {
        let name = named.trim_end_matches(')').trim();
        if !name.is_empty() {
            return Some(name.trim_end_matches('.').to_string());
        }
    }
    let host = raw.split(['[', ' ']).next().unwrap_or_default();
    let host = if host.is_empty() {
        raw.trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or_default()
    } else {
        host
    };
    let host = host.trim_end_matches('.');
    let is_host = host.contains('.') || host.contains(':');
    (is_host && !host.contains('/')).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let m = "to=<a@b.example>, orig_to=<c@d.example>, relay=mx.b.example[192.0.2.1]:25, dsn=5.1.1, status=bounced (x, y)";
        assert_eq!(comma_field(m, "to"), Some("<a@b.example>"));
        assert_eq!(comma_field(m, "orig_to"), Some("<c@d.example>"));
        assert_eq!(comma_field(m, "dsn"), Some("5.1.1"));
        assert_eq!(comma_field(m, "nope"), None);
        let o = r#"mta delivery evpid=0a to=<a@b.example> relay="192.0.2.1 (mx.b.example)" result="PermFail" stat="550 no""#;
        assert_eq!(spaced_field(o, "result"), Some("PermFail"));
        assert_eq!(spaced_field(o, "to"), Some("<a@b.example>"));
        assert_eq!(spaced_field(o, "evpid"), Some("0a"));
    }

    #[test]
    fn relay_hosts() {
        for (raw, want) in [
            ("mx.b.example[192.0.2.1]:25", Some("mx.b.example")),
            ("mx.b.example. [192.0.2.1]", Some("mx.b.example")),
            ("192.0.2.1 (mx.b.example)", Some("mx.b.example")),
            ("[192.0.2.1]", Some("192.0.2.1")),
            ("none", None),
            ("local", None),
            (
                "mail.b.example[private/dovecot-lmtp]",
                Some("mail.b.example"),
            ),
            ("private/dovecot-lmtp", None),
        ] {
            assert_eq!(relay_host(raw).as_deref(), want, "{raw}");
        }
    }
}
