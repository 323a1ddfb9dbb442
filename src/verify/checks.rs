//! The four checks and how their results make a verdict.

use std::net::IpAddr;

use futures_util::future::join_all;

use super::addr::{dnsbl_name, special};
use super::dns::{Answer, Dns, Kind, fqdn};
use super::dnsbl::{Meaning, meaning, named_zones};
use super::{
    Check, CheckKind, CheckResult, Context, MAX_DETAIL, MAX_MX_HOSTS, MAX_SENDING_IPS, Verdict,
    Verification,
};
use crate::cause::Smtp550Cause;
use crate::report::Diagnosis;

pub(super) async fn verify(
    dns: &Dns,
    zones: &[String],
    d: &Diagnosis,
    ctx: &Context,
) -> Verification {
    let mut checks = Vec::new();
    let mut verdicts = Vec::new();
    let cause = d.cause;

    if matches!(
        cause,
        Some(
            Smtp550Cause::BadMx
                | Smtp550Cause::RecipientTypo
                | Smtp550Cause::NonexistentMailbox
                | Smtp550Cause::ServerDown
        )
    ) {
        let domain = recipient_domain(&d.recipient);
        let suggested = d
            .suggestion
            .as_deref()
            .and_then(recipient_domain)
            .filter(|s| Some(s) != domain.as_ref());
        let recipient = async {
            match &domain {
                Some(dom) => domain_check(dns, CheckKind::RecipientDomain, dom).await,
                None => Check::new(
                    CheckKind::RecipientDomain,
                    &d.recipient,
                    CheckResult::Error,
                    "the recipient has no domain to look up".to_string(),
                ),
            }
        };
        let suggestion = async {
            match &suggested {
                Some(dom) => Some(domain_check(dns, CheckKind::SuggestionDomain, dom).await),
                None => None,
            }
        };
        let (recipient, suggestion) = futures_util::join!(recipient, suggestion);
        if let Some(c) = cause {
            verdicts.push(domain_verdict(c, &recipient, suggestion.as_ref()));
        }
        checks.push(recipient);
        checks.extend(suggestion);
    }

    if cause == Some(Smtp550Cause::AuthFailure) {
        let auth = sender_auth(dns, ctx.sender_domain.as_deref()).await;
        verdicts.push(auth_verdict(&auth));
        checks.extend(auth);
    }

    let named = named_zones(&d.diagnostic, zones);
    if cause == Some(Smtp550Cause::SpamFilter) || !named.is_empty() {
        let mut all = named.clone();
        for z in zones {
            if !all.contains(z) {
                all.push(z.clone());
            }
        }
        let (ips, mut found) = sending_ips(dns, ctx).await;
        let lists = join_all(ips.iter().flat_map(|ip| {
            let ip = *ip;
            all.iter().map(move |z| dnsbl_check(dns, ip, z))
        }))
        .await;
        found.extend(lists);
        verdicts.push(dnsbl_verdict(&found, &ips, &named));
        checks.extend(found);
    }

    let verdict = verdicts
        .iter()
        .copied()
        .find(|v| *v != Verdict::Inconclusive)
        .unwrap_or(Verdict::Inconclusive);
    Verification { verdict, checks }
}

/// The domain of an address, lower-cased, without a final dot.
fn recipient_domain(address: &str) -> Option<String> {
    let (_, domain) = address.trim().rsplit_once('@')?;
    let domain = domain
        .trim()
        .trim_end_matches(['>', '.'])
        .to_ascii_lowercase();
    (!domain.is_empty()).then_some(domain)
}

fn cut(s: &str) -> String {
    if s.chars().count() <= MAX_DETAIL {
        return s.to_string();
    }
    let mut out: String = s.chars().take(MAX_DETAIL).collect();
    out.push('…');
    out
}

/// Where a host's mail would go.
enum Host {
    /// Public addresses.
    Good(Vec<IpAddr>),
    /// Only addresses no one can deliver to.
    Special(Vec<(IpAddr, &'static str)>),
    /// No A or AAAA record, and why.
    NoAddress(&'static str),
    /// A lookup failed, and nothing good was found.
    Failed(String),
}

async fn host(dns: &Dns, name: &str) -> Host {
    let (a, aaaa) = futures_util::join!(dns.lookup(name, Kind::A), dns.lookup(name, Kind::Aaaa));
    let mut ips = Vec::new();
    let mut failed = None;
    let mut nx = false;
    for answer in [a, aaaa] {
        match answer {
            Answer::Ip(v) => ips.extend(v),
            Answer::Failed(e) => failed = Some(e),
            Answer::NxDomain => nx = true,
            _ => {}
        }
    }
    let good: Vec<IpAddr> = ips
        .iter()
        .copied()
        .filter(|ip| special(*ip).is_none())
        .collect();
    if !good.is_empty() {
        return Host::Good(good);
    }
    if let Some(e) = failed {
        return Host::Failed(e);
    }
    if ips.is_empty() {
        return Host::NoAddress(if nx {
            "does not exist (NXDOMAIN)"
        } else {
            "has no A or AAAA record"
        });
    }
    Host::Special(
        ips.into_iter()
            .filter_map(|ip| special(ip).map(|why| (ip, why)))
            .collect(),
    )
}

fn describe(host: &Host) -> String {
    match host {
        Host::Good(ips) => {
            let list: Vec<String> = ips.iter().map(IpAddr::to_string).collect();
            list.join(", ")
        }
        Host::Special(ips) => {
            let list: Vec<String> = ips
                .iter()
                .map(|(ip, why)| format!("{ip} ({why})"))
                .collect();
            list.join(", ")
        }
        Host::NoAddress(why) => (*why).to_string(),
        Host::Failed(e) => e.clone(),
    }
}

/// Does `domain` receive mail: its MX, or without MX its own address
/// (RFC 5321 §5.1), resolved to a public address.
async fn domain_check(dns: &Dns, kind: CheckKind, domain: &str) -> Check {
    let (result, detail) = receives_mail(dns, domain).await;
    Check::new(kind, domain, result, detail)
}

async fn receives_mail(dns: &Dns, domain: &str) -> (CheckResult, String) {
    if domain.starts_with('[') {
        return (
            CheckResult::Error,
            "an address literal, not a domain: nothing to look up".to_string(),
        );
    }
    if let Err(e) = fqdn(domain) {
        return (CheckResult::Error, e);
    }
    let mut hosts: Vec<(u16, String)> = match dns.lookup(domain, Kind::Mx).await {
        Answer::Failed(e) => return (CheckResult::Error, format!("MX lookup: {e}")),
        Answer::NxDomain => {
            return (
                CheckResult::NoDomain,
                "NXDOMAIN: the domain does not exist".to_string(),
            );
        }
        Answer::Mx(list) => {
            if list.iter().all(|(_, h)| h.is_empty()) {
                return (
                    CheckResult::NullMx,
                    "MX 0 . (null MX, RFC 7505): the domain accepts no mail".to_string(),
                );
            }
            list.into_iter().filter(|(_, h)| !h.is_empty()).collect()
        }
        _ => {
            // No MX: the domain's own address receives its mail.
            return match host(dns, domain).await {
                Host::Good(ips) => (
                    CheckResult::MxOk,
                    format!(
                        "no MX record; mail goes to the domain's own address (RFC 5321 §5.1): {}",
                        describe(&Host::Good(ips))
                    ),
                ),
                Host::NoAddress(_) => (
                    CheckResult::NoMx,
                    "the domain exists but has no MX, A or AAAA record".to_string(),
                ),
                h @ Host::Special(_) => (
                    CheckResult::BadMxHost,
                    format!("no MX record; the domain's own address is {}", describe(&h)),
                ),
                Host::Failed(e) => (
                    CheckResult::Error,
                    format!("no MX record; address lookup: {e}"),
                ),
            };
        }
    };
    hosts.sort();
    hosts.dedup_by(|a, b| a.1 == b.1);
    hosts.truncate(MAX_MX_HOSTS);
    let states = join_all(hosts.iter().map(|(_, h)| host(dns, h))).await;
    let lines: Vec<String> = hosts
        .iter()
        .zip(&states)
        .map(|((pref, h), s)| format!("MX {pref} {h}: {}", describe(s)))
        .collect();
    let detail = cut(&lines.join("; "));
    if states.iter().any(|s| matches!(s, Host::Good(_))) {
        (CheckResult::MxOk, detail)
    } else if states.iter().any(|s| matches!(s, Host::Failed(_))) {
        (CheckResult::Error, detail)
    } else {
        (CheckResult::BadMxHost, detail)
    }
}

fn domain_verdict(cause: Smtp550Cause, recipient: &Check, suggestion: Option<&Check>) -> Verdict {
    use CheckResult as R;
    let r = recipient.result;
    if r == R::Error {
        return Verdict::Inconclusive;
    }
    let receives = r == R::MxOk;
    match cause {
        Smtp550Cause::BadMx if receives => Verdict::Contradicted,
        Smtp550Cause::BadMx => Verdict::Confirmed,
        // DNS is fine; whether the server answers is not something DNS tells.
        Smtp550Cause::ServerDown if receives => Verdict::Inconclusive,
        // The MX points where no server can be reached.
        Smtp550Cause::ServerDown if r == R::BadMxHost => Verdict::Confirmed,
        // No server to be down: the domain receives no mail at all.
        Smtp550Cause::ServerDown => Verdict::Contradicted,
        // A working mail domain refused one mailbox; DNS cannot see mailboxes.
        Smtp550Cause::NonexistentMailbox if receives => Verdict::Confirmed,
        // The domain itself receives no mail: not a mailbox problem.
        Smtp550Cause::NonexistentMailbox => Verdict::Contradicted,
        Smtp550Cause::RecipientTypo => match suggestion.map(|s| s.result) {
            Some(R::Error) => Verdict::Inconclusive,
            Some(R::MxOk) if !receives => Verdict::Confirmed,
            Some(R::MxOk) => Verdict::Inconclusive,
            // The suggested domain receives no mail either.
            Some(_) => Verdict::Contradicted,
            None if receives => Verdict::Inconclusive,
            None => Verdict::Confirmed,
        },
        _ => Verdict::Inconclusive,
    }
}

/// The IPs to look up on the blocklists: those given, or else those of the
/// sender domain's MX hosts (the source article's method). Also returns the
/// checks that say why there are none.
async fn sending_ips(dns: &Dns, ctx: &Context) -> (Vec<IpAddr>, Vec<Check>) {
    if !ctx.sending_ips.is_empty() {
        return (ctx.sending_ips.clone(), Vec::new());
    }
    let error = |subject: &str, detail: String| {
        (
            Vec::new(),
            vec![Check::new(
                CheckKind::Dnsbl,
                subject,
                CheckResult::Error,
                detail,
            )],
        )
    };
    let Some(domain) = ctx.sender_domain.as_deref() else {
        return error(
            "",
            "no sending IP to check: give the sending IPs or the sender domain".to_string(),
        );
    };
    let names: Vec<String> = match dns.lookup(domain, Kind::Mx).await {
        Answer::Mx(mut list) => {
            list.sort();
            list.into_iter()
                .map(|(_, h)| h)
                .filter(|h| !h.is_empty())
                .take(MAX_MX_HOSTS)
                .collect()
        }
        Answer::NoData => vec![domain.to_string()],
        Answer::NxDomain => {
            return error(
                domain,
                "the sender domain does not exist (NXDOMAIN)".to_string(),
            );
        }
        Answer::Failed(e) => {
            return error(domain, format!("finding the sending IPs: MX lookup: {e}"));
        }
        _ => Vec::new(),
    };
    let hosts = join_all(names.iter().map(|n| host(dns, n))).await;
    let mut ips = Vec::new();
    for h in &hosts {
        if let Host::Good(v) = h {
            for ip in v {
                if !ips.contains(ip) && ips.len() < MAX_SENDING_IPS {
                    ips.push(*ip);
                }
            }
        }
    }
    if ips.is_empty() {
        let lines: Vec<String> = names
            .iter()
            .zip(&hosts)
            .map(|(n, h)| format!("{n}: {}", describe(h)))
            .collect();
        return error(
            domain,
            cut(&format!(
                "no public address found for the sender domain's mail servers: {}",
                lines.join("; ")
            )),
        );
    }
    (ips, Vec::new())
}

async fn dnsbl_check(dns: &Dns, ip: IpAddr, zone: &str) -> Check {
    let mut check = Check::new(
        CheckKind::Dnsbl,
        &ip.to_string(),
        CheckResult::Error,
        String::new(),
    );
    check.zone = Some(zone.to_string());
    if let Some(why) = special(ip) {
        check.detail = format!("a {why} address: blocklists list public addresses only; not asked");
        return check;
    }
    let name = dnsbl_name(ip, zone);
    (check.result, check.detail) = match dns.lookup(&name, Kind::A).await {
        answer @ (Answer::NxDomain | Answer::NoData) => {
            let said = if answer == Answer::NxDomain {
                "NXDOMAIN"
            } else {
                "no A record"
            };
            // RFC 5782 §5: a working list lists 127.0.0.2. One that does not
            // is closed or not a list, and its silence proves nothing.
            match dns.lookup(&format!("2.0.0.127.{zone}"), Kind::A).await {
                Answer::NxDomain | Answer::NoData => (
                    CheckResult::Error,
                    format!(
                        "{said}, but the zone does not list its test address 127.0.0.2 either \
                         (RFC 5782 §5): closed, or not a blocklist"
                    ),
                ),
                _ => (CheckResult::NotListed, format!("{said}: not listed")),
            }
        }
        Answer::Failed(e) => (CheckResult::Error, e),
        Answer::Ip(answers) => {
            let meanings: Vec<Meaning> = answers.iter().map(|a| meaning(zone, *a)).collect();
            let text = |want: fn(&Meaning) -> Option<&String>| {
                meanings
                    .iter()
                    .filter_map(want)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let listed = text(|m| match m {
                Meaning::Listed(s) => Some(s),
                _ => None,
            });
            let refused = text(|m| match m {
                Meaning::Refused(s) => Some(s),
                _ => None,
            });
            if !listed.is_empty() {
                let reason = match dns.lookup(&name, Kind::Txt).await {
                    Answer::Txt(t) => format!("; TXT: {}", t.join(" ")),
                    _ => String::new(),
                };
                (CheckResult::Listed, cut(&format!("{listed}{reason}")))
            } else if !refused.is_empty() {
                (CheckResult::Refused, cut(&refused))
            } else {
                let invalid = text(|m| match m {
                    Meaning::Invalid(s) => Some(s),
                    _ => None,
                });
                (CheckResult::Error, cut(&invalid))
            }
        }
        other => (CheckResult::Error, format!("unexpected answer {other:?}")),
    };
    check
}

fn dnsbl_verdict(checks: &[Check], ips: &[IpAddr], named: &[String]) -> Verdict {
    if checks.iter().any(|c| c.result == CheckResult::Listed) {
        return Verdict::Confirmed;
    }
    let not_listed = |ip: &str, zone: Option<&str>| {
        checks.iter().any(|c| {
            c.subject == ip
                && c.result == CheckResult::NotListed
                && zone.is_none_or(|z| c.zone.as_deref() == Some(z))
        })
    };
    let answered = !ips.is_empty()
        && ips.iter().all(|ip| {
            let ip = ip.to_string();
            not_listed(&ip, None) && named.iter().all(|z| not_listed(&ip, Some(z)))
        });
    if answered {
        Verdict::Contradicted
    } else {
        Verdict::Inconclusive
    }
}

async fn sender_auth(dns: &Dns, domain: Option<&str>) -> Vec<Check> {
    let Some(domain) = domain else {
        return vec![Check::new(
            CheckKind::SenderAuth,
            "",
            CheckResult::Error,
            "no sender domain known: give the sender domain".to_string(),
        )];
    };
    if let Err(e) = fqdn(domain) {
        return vec![Check::new(
            CheckKind::SenderAuth,
            domain,
            CheckResult::Error,
            e,
        )];
    }
    let dmarc_name = format!("_dmarc.{domain}");
    let (spf, dmarc) = futures_util::join!(
        dns.lookup(domain, Kind::Txt),
        dns.lookup(&dmarc_name, Kind::Txt)
    );
    let read = |answer: Answer, prefix: &str, ok: CheckResult, missing: CheckResult, what: &str| {
        match answer {
            Answer::Failed(e) => (CheckResult::Error, format!("TXT lookup: {e}")),
            Answer::NxDomain => (missing, "NXDOMAIN: no such name".to_string()),
            Answer::Txt(list) => {
                let records: Vec<&String> =
                    list.iter().filter(|t| starts_with_tag(t, prefix)).collect();
                match records.as_slice() {
                    [one] => (ok, cut(one)),
                    [] => (missing, format!("TXT records, none starting with {prefix}")),
                    many => (
                        missing,
                        cut(&format!(
                            "{} {what} records: receivers treat more than one as none; {}",
                            many.len(),
                            many.iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(" | ")
                        )),
                    ),
                }
            }
            _ => (missing, "no TXT record".to_string()),
        }
    };
    let (r1, d1) = read(spf, "v=spf1", CheckResult::SpfOk, CheckResult::NoSpf, "SPF");
    let (r2, d2) = read(
        dmarc,
        "v=DMARC1",
        CheckResult::DmarcOk,
        CheckResult::NoDmarc,
        "DMARC",
    );
    vec![
        Check::new(CheckKind::SenderAuth, domain, r1, d1),
        Check::new(CheckKind::SenderAuth, &dmarc_name, r2, d2),
    ]
}

/// `v=spf1` followed by a space or the end (RFC 7208 §4.5); `v=DMARC1` followed
/// by `;`, a space or the end (RFC 7489 §6.4). Case-insensitive.
fn starts_with_tag(record: &str, tag: &str) -> bool {
    let r = record.trim_start();
    r.get(..tag.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(tag))
        && r.get(tag.len()..)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ';', '\t']))
}

fn auth_verdict(checks: &[Check]) -> Verdict {
    if checks
        .iter()
        .any(|c| matches!(c.result, CheckResult::NoSpf | CheckResult::NoDmarc))
    {
        // A missing record is enough for a receiver to fail or distrust the sender.
        Verdict::Confirmed
    } else {
        // Both published (or not known): whether this message passed depends on
        // the sending IP and the signature, which DNS alone cannot tell.
        Verdict::Inconclusive
    }
}
