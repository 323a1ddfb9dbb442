//! DNS blocklists: the default zones, what their answers mean, and which
//! list a bounce's text names.

use std::net::{IpAddr, Ipv4Addr};

use once_cell::sync::Lazy;
use regex::Regex;

/// The zones checked by default, in this order.
///
/// - `zen.spamhaus.org`: Spamhaus SBL, CSS, XBL and PBL in one zone. Spamhaus
///   answers only queries from resolvers it can attribute: through a public
///   resolver (8.8.8.8, 1.1.1.1, ...) it answers 127.255.255.254, reported as
///   [`CheckResult::Refused`](super::CheckResult::Refused). Use your own
///   resolver, or Spamhaus's Data Query Service zone for your key.
/// - `b.barracudacentral.org`: Barracuda Reputation Block List.
/// - `bl.spamcop.net`: SpamCop Blocking List.
///
/// SORBS (`dnsbl.sorbs.net`) closed in 2024 and is not in the list; its
/// answer codes are still read when a bounce names it or you add it.
pub const DEFAULT_ZONES: &[&str] = &[
    "zen.spamhaus.org",
    "b.barracudacentral.org",
    "bl.spamcop.net",
];

/// What a blocklist's answer says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Meaning {
    /// Listed, with the list's meaning of the code.
    Listed(String),
    /// The list did not answer the question (rate limit, public resolver,
    /// ...): neither listed nor clean.
    Refused(String),
    /// Not an answer a blocklist gives (a resolver that rewrites NXDOMAIN
    /// into an address of its own, for instance).
    Invalid(String),
}

fn family(zone: &str) -> Option<&'static str> {
    let zone = zone.trim_end_matches('.');
    let under = |suffix: &str| zone == suffix || zone.ends_with(&format!(".{suffix}"));
    if under("spamhaus.org") || under("spamhaus.net") {
        Some("spamhaus")
    } else if under("barracudacentral.org") {
        Some("barracuda")
    } else if under("spamcop.net") {
        Some("spamcop")
    } else if under("sorbs.net") {
        Some("sorbs")
    } else {
        None
    }
}

/// Reads one A record returned for a DNSBL query in `zone`.
pub(crate) fn meaning(zone: &str, answer: IpAddr) -> Meaning {
    let IpAddr::V4(v4) = answer else {
        return Meaning::Invalid(format!("{answer}: an IPv6 answer to an A query"));
    };
    let [a, b, c, d] = v4.octets();
    if a != 127 {
        return Meaning::Invalid(format!(
            "{v4}: not a blocklist code (127.x.x.x); the resolver may rewrite unknown names"
        ));
    }
    let fam = family(zone);
    if (b, c) == (255, 255) {
        let why = match (fam, d) {
            (Some("spamhaus"), 252) => "Spamhaus: typing error in the DNSBL name",
            (Some("spamhaus"), 254) => {
                "Spamhaus: query through a public or open resolver, refused; use your own resolver"
            }
            (Some("spamhaus"), 255) => "Spamhaus: excessive number of queries, refused",
            _ => "query refused by the list (127.255.255.x)",
        };
        return Meaning::Refused(format!("{v4}: {why}"));
    }
    if (b, c) != (0, 0) {
        return Meaning::Listed(format!("{v4}: listed (code not documented here)"));
    }
    let what = match (fam, d) {
        (Some("spamhaus"), 2) => "Spamhaus SBL: spam source or operation",
        (Some("spamhaus"), 3) => "Spamhaus SBL CSS: snowshoe or low-reputation sending",
        (Some("spamhaus"), 4..=7) => "Spamhaus XBL: infected or exploited host",
        (Some("spamhaus"), 9) => "Spamhaus SBL DROP: hijacked network",
        (Some("spamhaus"), 10) => {
            "Spamhaus PBL (ISP): end-user range that should not send directly"
        }
        (Some("spamhaus"), 11) => "Spamhaus PBL: end-user range that should not send directly",
        (Some("barracuda"), 2) => "Barracuda BRBL: poor sending reputation",
        (Some("spamcop"), 2) => "SpamCop: reported as a spam source",
        (Some("sorbs"), 2) => "SORBS: open HTTP proxy",
        (Some("sorbs"), 3) => "SORBS: open SOCKS proxy",
        (Some("sorbs"), 4) => "SORBS: open proxy",
        (Some("sorbs"), 5) => "SORBS: open SMTP relay",
        (Some("sorbs"), 6) => "SORBS: spam source",
        (Some("sorbs"), 7) => "SORBS: vulnerable web server",
        (Some("sorbs"), 8) => "SORBS: asked not to be tested",
        (Some("sorbs"), 9) => "SORBS: hijacked or zombie host",
        (Some("sorbs"), 10) => "SORBS: dynamic IP range",
        (Some("sorbs"), 11) => "SORBS: domain with a bad mail configuration",
        (Some("sorbs"), 12) => "SORBS: domain that sends no mail",
        (Some("sorbs"), 14) => "SORBS: IP that runs no mail server",
        (_, 2) => "listed (127.0.0.2, RFC 5782)",
        _ => "listed",
    };
    Meaning::Listed(format!("{v4}: {what}"))
}

/// A zone name: letters, digits, hyphens, two labels at least.
fn zone_like(s: &str) -> bool {
    let s = s.trim_end_matches('.');
    s.contains('.')
        && s.parse::<Ipv4Addr>().is_err()
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && s.rsplit('.')
            .next()
            .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

static LIST_WORDING: Lazy<Option<Regex>> = Lazy::new(|| {
    // Postfix "blocked using ZONE", Exim and others "listed in/at/on/by ZONE",
    // "RBL ZONE", "DNSBL: ZONE".
    Regex::new(
        r"(?i)(?:blocked\s+using|listed\s+(?:in|at|on|by)|\brbl|\bdnsbl|\bblocklist|\bblacklist)[:\s]+(?:the\s+)?([a-z0-9][a-z0-9.-]*\.[a-z]{2,})",
    )
    .ok()
});

/// The blocklist zones a diagnostic names, in order, from the zone names it
/// holds and from the names of the best-known lists.
pub(crate) fn named_zones(text: &str, known: &[String]) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<(usize, String)> = Vec::new();
    fn add(found: &mut Vec<(usize, String)>, at: usize, zone: &str) {
        let zone = zone.trim_end_matches('.').to_string();
        if !found.iter().any(|(_, z)| *z == zone) {
            found.push((at, zone));
        }
    }
    for zone in known
        .iter()
        .map(String::as_str)
        .chain(DEFAULT_ZONES.iter().copied())
    {
        if let Some(at) = lower.find(zone) {
            add(&mut found, at, zone);
        }
    }
    if let Some(re) = LIST_WORDING.as_ref() {
        for c in re.captures_iter(&lower) {
            if let Some(m) = c.get(1) {
                let zone = m.as_str().trim_end_matches('.');
                // A web page about the list, not the list's zone.
                if zone_like(zone) && !zone.starts_with("www.") && family(zone).is_none() {
                    add(&mut found, m.start(), zone);
                }
            }
        }
    }
    for (word, zone) in [
        ("spamhaus", "zen.spamhaus.org"),
        ("barracuda", "b.barracudacentral.org"),
        ("spamcop", "bl.spamcop.net"),
        ("sorbs", "dnsbl.sorbs.net"),
    ] {
        // A zone of the same family already found (a Spamhaus DQS zone, say)
        // stands for it.
        if found.iter().any(|(_, z)| family(z) == family(zone)) {
            continue;
        }
        if let Some(at) = lower.find(word) {
            add(&mut found, at, zone);
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, z)| z).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_lists_a_bounce_mentions() {
        let none: Vec<String> = Vec::new();
        for (text, want) in [
            (
                "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
                vec!["zen.spamhaus.org"],
            ),
            (
                "550 rejected because 192.0.2.1 is listed in bl.example.net and by SpamCop",
                vec!["bl.example.net", "bl.spamcop.net"],
            ),
            (
                "550 Your IP is on the Barracuda reputation list, see www.barracudacentral.org",
                vec!["b.barracudacentral.org"],
            ),
            (
                "550 5.7.1 listed at www.spamhaus.org/query",
                vec!["zen.spamhaus.org"],
            ),
            ("550 5.1.1 user unknown", vec![]),
            ("550 listed in our local list", vec![]),
        ] {
            assert_eq!(named_zones(text, &none), want, "{text}");
        }
        let mine = vec!["dnsbl.test".to_string()];
        assert_eq!(
            named_zones("refused: see DNSBL.TEST for details", &mine),
            ["dnsbl.test"]
        );
    }

    #[test]
    fn reads_the_answer_codes() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(
            matches!(meaning("zen.spamhaus.org", ip("127.0.0.4")), Meaning::Listed(m) if m.contains("XBL"))
        );
        assert!(
            matches!(meaning("zen.spamhaus.org", ip("127.255.255.254")), Meaning::Refused(m) if m.contains("public"))
        );
        assert!(matches!(
            meaning("bl.example.net", ip("127.255.255.255")),
            Meaning::Refused(_)
        ));
        assert!(
            matches!(meaning("bl.spamcop.net", ip("127.0.0.2")), Meaning::Listed(m) if m.contains("SpamCop"))
        );
        assert!(
            matches!(meaning("dnsbl.sorbs.net", ip("127.0.0.10")), Meaning::Listed(m) if m.contains("dynamic"))
        );
        assert!(matches!(
            meaning("bl.example.net", ip("93.184.215.14")),
            Meaning::Invalid(_)
        ));
    }
}
