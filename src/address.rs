//! Addresses as bounces write them, and the mail systems' own addresses.

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

/// Other local parts that failure notices come from, besides
/// [`MAIL_SYSTEMS`]: bounce handlers and unattended senders.
pub(crate) const NOTICE_SENDERS: &[&str] = &[
    "mail.daemon",
    "bounce",
    "bounces",
    "nobody",
    "root",
    "noreply",
    "no-reply",
];

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
}
