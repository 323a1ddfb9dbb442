//! Telling a mistyped address from one that is merely gone: malformed
//! addresses, and domains one edit away from a well-known mailbox provider.

/// Domains of the big mailbox providers: a recipient domain one edit away from
/// one of these (and not itself one of them) is taken as a typo.
const PROVIDERS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.jp",
    "yahoo.co.uk",
    "yahoo.fr",
    "ymail.com",
    "hotmail.com",
    "hotmail.co.uk",
    "hotmail.fr",
    "outlook.com",
    "live.com",
    "msn.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "protonmail.com",
    "proton.me",
    "gmx.de",
    "gmx.net",
    "gmx.com",
    "web.de",
    "t-online.de",
    "mail.ru",
    "yandex.ru",
    "yandex.com",
    "comcast.net",
    "verizon.net",
    "att.net",
    "sbcglobal.net",
    "orange.fr",
    "free.fr",
    "wanadoo.fr",
    "laposte.net",
    "libero.it",
    "qq.com",
    "163.com",
    "126.com",
    "naver.com",
    "docomo.ne.jp",
    "ezweb.ne.jp",
    "softbank.ne.jp",
    "zoho.com",
    "fastmail.com",
];

/// Top-level domains often typed for `.com`, `.net` and `.org`.
const TLD_TYPOS: &[(&str, &str)] = &[
    ("con", "com"),
    ("cmo", "com"),
    ("ocm", "com"),
    ("comm", "com"),
    ("vom", "com"),
    ("xom", "com"),
    ("om", "com"),
    ("co", "com"),
    ("cm", "com"),
    ("nte", "net"),
    ("ent", "net"),
    ("met", "net"),
    ("ogr", "org"),
    ("rog", "org"),
];

/// The verdict on an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Typo {
    /// Not a usable address at all (spaces, two `@`, double dots, no TLD).
    Malformed,
    /// One edit away from a well-known address: the likely intended one.
    Suggest(String),
}

/// Looks at an address for signs of a typo.
pub(crate) fn check(address: &str) -> Option<Typo> {
    let address = address.trim();
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Some(Typo::Malformed);
    };
    let domain_lc = domain.to_ascii_lowercase();
    let malformed = local.is_empty()
        || domain.is_empty()
        || local.contains('@')
        || address.contains(char::is_whitespace)
        || address.contains(',')
        || address.contains("..")
        || local.starts_with('.')
        || local.ends_with('.')
        || domain.starts_with(['.', '-'])
        || domain.ends_with(['.', '-'])
        || (!domain.starts_with('[') && !domain.contains('.'))
        || domain
            .chars()
            .any(|c| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':')));
    if malformed {
        return Some(Typo::Malformed);
    }
    if PROVIDERS.contains(&domain_lc.as_str()) {
        return None;
    }
    if let Some(p) = PROVIDERS
        .iter()
        .find(|p| p.len() >= 6 && within_one_edit(&domain_lc, p))
    {
        return Some(Typo::Suggest(format!("{local}@{p}")));
    }
    let (stem, tld) = domain_lc.rsplit_once('.')?;
    let fixed = TLD_TYPOS.iter().find(|(bad, _)| *bad == tld)?.1;
    let candidate = format!("{stem}.{fixed}");
    // Only suggest when the corrected domain is a known provider: "example.co"
    // is a real domain in its own right.
    PROVIDERS
        .contains(&candidate.as_str())
        .then(|| Typo::Suggest(format!("{local}@{candidate}")))
}

/// True when `a` and `b` differ by exactly one insertion, deletion,
/// substitution or transposition of adjacent characters.
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            ra.get(1..) == rb.get(1..)
                || (ra.len() >= 2
                    && ra.first() == rb.get(1)
                    && ra.get(1) == rb.first()
                    && ra.get(2..) == rb.get(2..))
        }
        std::cmp::Ordering::Greater => ra.get(1..) == Some(rb),
        std::cmp::Ordering::Less => rb.get(1..) == Some(ra),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[(&str, Option<&str>)] = &[
        ("ann@gmial.com", Some("ann@gmail.com")),
        ("ann@hotmial.com", Some("ann@hotmail.com")),
        ("ann@yaho.com", Some("ann@yahoo.com")),
        ("ann@gmail.con", Some("ann@gmail.com")),
        ("ann@outlook.cm", Some("ann@outlook.com")),
        ("ann@gmail.com", None),
        ("ann@example.com", None),
        ("ann@example.co", None),
        ("ann@mail.ru", None),
        ("ann@gmx.net", None),
    ];

    #[test]
    fn suggests_corrections() {
        for (addr, want) in CASES {
            let got = match check(addr) {
                Some(Typo::Suggest(s)) => Some(s),
                _ => None,
            };
            assert_eq!(got.as_deref(), *want, "{addr}");
        }
    }

    #[test]
    fn finds_malformed() {
        for a in [
            "ann smith@example.com",
            "ann@@example.com",
            "ann..b@example.com",
            "ann@localhost",
            "ann@example..com",
            "a,b@example.com",
        ] {
            assert_eq!(check(a), Some(Typo::Malformed), "{a}");
        }
    }
}
