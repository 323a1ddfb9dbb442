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

/// Each of [`PROVIDERS`]' characters, as [`char_bits`] gives them.
const PROVIDER_CHARS: [u64; PROVIDERS.len()] = {
    let mut out = [0; PROVIDERS.len()];
    let mut i = 0;
    while i < PROVIDERS.len() {
        out[i] = char_bits(PROVIDERS[i].as_bytes());
        i += 1;
    }
    out
};

/// The bytes of `s` as a set, a bit per byte value modulo 64. Two strings
/// one edit apart differ in at most two of its bits (a substitution takes
/// one byte's and gives another's; an insertion or a deletion, one; a
/// transposition, none), so most providers are ruled out for a domain by
/// one XOR, not compared with it byte by byte.
const fn char_bits(s: &[u8]) -> u64 {
    let mut bits = 0u64;
    let mut rest = s;
    while let Some((&b, tail)) = rest.split_first() {
        bits |= 1 << (b % 64);
        rest = tail;
    }
    bits
}

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
    // The providers the domain is, or may be one edit from: of the same
    // length or one apart, and with at most two bits of their characters
    // not the domain's (`y & (y - 1)` clears the lowest bit set).
    let chars = char_bits(domain_lc.as_bytes());
    let near = PROVIDERS.iter().zip(PROVIDER_CHARS).filter(|(p, p_chars)| {
        let apart = chars ^ p_chars;
        let y = apart & apart.wrapping_sub(1);
        p.len().abs_diff(domain_lc.len()) <= 1 && y & y.wrapping_sub(1) == 0
    });
    if near.clone().any(|(p, _)| *p == domain_lc) {
        return None;
    }
    if let Some((p, _)) = near
        .filter(|(p, _)| p.len() >= 6)
        .find(|(p, _)| within_one_edit(&domain_lc, p))
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

    /// Every string one edit from a provider (each substitution, insertion
    /// and deletion of a letter, digit, dot or hyphen, and each adjacent
    /// transposition) passes the character filter and is taken for that
    /// provider or another; strings two substitutions away are not.
    #[test]
    fn one_edit_from_a_provider_passes_the_filter() {
        let alphabet: Vec<u8> = (b'a'..=b'z').chain(b'0'..=b'9').chain(*b".-").collect();
        let mut tried = 0;
        for p in PROVIDERS.iter().filter(|p| p.len() >= 6) {
            let p = p.as_bytes();
            let mut variants: Vec<Vec<u8>> = Vec::new();
            for i in 0..=p.len() {
                for &c in &alphabet {
                    let mut v = p.to_vec();
                    v.insert(i, c);
                    variants.push(v);
                    if i < p.len() {
                        let mut v = p.to_vec();
                        v[i] = c;
                        variants.push(v);
                    }
                }
                if i < p.len() {
                    let mut v = p.to_vec();
                    v.remove(i);
                    variants.push(v);
                }
                if i + 1 < p.len() {
                    let mut v = p.to_vec();
                    v.swap(i, i + 1);
                    variants.push(v);
                }
            }
            for v in variants {
                let v = String::from_utf8(v).unwrap();
                if v.as_bytes() == p || PROVIDERS.contains(&v.as_str()) {
                    continue;
                }
                let bits = char_bits(v.as_bytes()) ^ char_bits(p);
                assert!(bits.count_ones() <= 2, "{v}");
                // A well-formed variant is suggested a provider (this one, or
                // another as near that comes first).
                if let Some(Typo::Suggest(s)) = check(&format!("ann@{v}")) {
                    let to = s.strip_prefix("ann@").unwrap();
                    assert!(within_one_edit(&v, to), "{v} -> {to}");
                    tried += 1;
                } else {
                    let malformed = v.starts_with(['.', '-'])
                        || v.ends_with(['.', '-'])
                        || v.contains("..")
                        || !v.contains('.');
                    assert!(malformed, "{v}: no suggestion");
                }
            }
        }
        assert!(tried > 10_000, "{tried}");
        // Two substitutions away: no suggestion.
        for v in ["gmxyl.com", "hotmaxy.com", "outlxxk.com"] {
            assert!(
                !matches!(check(&format!("ann@{v}")), Some(Typo::Suggest(_))),
                "{v}"
            );
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
