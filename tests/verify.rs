//! `bounce_cause::verify` against a real authoritative DNS server
//! (hickory-server, `tests/dns_server/`) on 127.0.0.1, serving the zone files
//! of `tests/dns/`, and
//! against two broken resolvers: one that never answers, one that answers
//! garbage. Nothing leaves loopback.
#![cfg(feature = "verify")]

use std::collections::HashMap;
use std::net::{SocketAddr, UdpSocket};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bounce_cause::Diagnosis;
use bounce_cause::verify::{
    CheckKind, CheckResult, Config, Context, Options, Verdict, Verification, Verifier,
};
use serde_json::json;

mod dns_server;
use dns_server::DnsServer;

// ---------------------------------------------------------------------------
// Broken resolvers

/// A UDP "resolver" on 127.0.0.1 that reads queries and, per `reply`,
/// answers nothing or something; stopped when dropped.
struct FakeResolver {
    addr: SocketAddr,
    received: Arc<Mutex<u32>>,
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeResolver {
    fn start(reply: fn(&[u8]) -> Option<Vec<u8>>) -> FakeResolver {
        let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
        sock.set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        let addr = sock.local_addr().unwrap();
        let received = Arc::new(Mutex::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let (r, d) = (Arc::clone(&received), Arc::clone(&done));
        let thread = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while !d.load(Ordering::Relaxed) {
                if let Ok((n, from)) = sock.recv_from(&mut buf) {
                    *r.lock().unwrap() += 1;
                    if let Some(answer) = reply(&buf[..n]) {
                        let _ = sock.send_to(&answer, from);
                    }
                }
            }
        });
        FakeResolver {
            addr,
            received,
            done,
            thread: Some(thread),
        }
    }

    fn received(&self) -> u32 {
        *self.received.lock().unwrap()
    }
}

impl Drop for FakeResolver {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

// ---------------------------------------------------------------------------
// Diagnoses, as the classifier would give them

fn diagnosis(recipient: &str, reason: &str, cause: Option<&str>, diagnostic: &str) -> Diagnosis {
    serde_json::from_value(json!({
        "recipient": recipient,
        "action": "failed",
        "status": "5.0.0",
        "reply_code": 550,
        "diagnostic": diagnostic,
        "reason": reason,
        "cause": cause,
        "permanent": true,
        "hard_bounce": false,
        "fixes": [],
    }))
    .unwrap()
}

fn typo(recipient: &str, suggestion: &str) -> Diagnosis {
    let mut d = diagnosis(
        recipient,
        "userunknown",
        Some("recipient_typo"),
        "550 5.1.1 no such domain",
    );
    d.suggestion = Some(suggestion.to_string());
    d
}

fn results(v: &Verification, kind: CheckKind) -> Vec<CheckResult> {
    v.checks
        .iter()
        .filter(|c| c.check == kind)
        .map(|c| c.result)
        .collect()
}

fn domain_result(verifier: &Verifier, cause: &str, domain: &str) -> (CheckResult, Verdict, String) {
    let d = diagnosis(
        &format!("someone@{domain}"),
        "hostunknown",
        Some(cause),
        "550 5.1.2 bad domain",
    );
    let v = verifier.verify(&d, &Context::new());
    let c = &v.checks[0];
    assert_eq!(c.check, CheckKind::RecipientDomain);
    assert_eq!(c.subject, domain);
    (c.result, v.verdict, c.detail.clone())
}

// ---------------------------------------------------------------------------
// recipient_domain

#[test]
fn recipient_domain_results_for_bad_mx() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    for (domain, result, verdict, detail_has) in [
        (
            "good.test",
            CheckResult::MxOk,
            Verdict::Contradicted,
            "MX 10 mx1.good.test: 93.184.215.14",
        ),
        (
            "implicit.test",
            CheckResult::MxOk,
            Verdict::Contradicted,
            "no MX record",
        ),
        (
            "goood.test",
            CheckResult::NoDomain,
            Verdict::Confirmed,
            "NXDOMAIN",
        ),
        (
            "nodata.test",
            CheckResult::NoMx,
            Verdict::Confirmed,
            "no MX, A or AAAA",
        ),
        (
            "nullmx.test",
            CheckResult::NullMx,
            Verdict::Confirmed,
            "RFC 7505",
        ),
        (
            "loopmx.test",
            CheckResult::BadMxHost,
            Verdict::Confirmed,
            "127.0.0.1 (loopback)",
        ),
        (
            "privmx.test",
            CheckResult::BadMxHost,
            Verdict::Confirmed,
            "10.0.0.1 (private)",
        ),
        (
            "ghostmx.test",
            CheckResult::BadMxHost,
            Verdict::Confirmed,
            "NXDOMAIN",
        ),
    ] {
        let (r, v, detail) = domain_result(&verifier, "bad_mx", domain);
        assert_eq!((r, v), (result, verdict), "{domain}: {detail}");
        assert!(detail.contains(detail_has), "{domain}: {detail}");
    }
}

#[test]
fn an_mx_loop_is_never_a_good_mx() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    let (r, v, detail) = domain_result(&verifier, "bad_mx", "mxloop.test");
    // The server answers the looping CNAMEs without an address.
    assert_eq!(
        (r, v),
        (CheckResult::BadMxHost, Verdict::Confirmed),
        "{detail}"
    );
    assert!(detail.contains("a.mxloop.test"), "{detail}");
}

#[test]
fn verdicts_of_the_other_domain_causes() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    for (cause, domain, verdict) in [
        ("nonexistent_mailbox", "good.test", Verdict::Confirmed),
        ("nonexistent_mailbox", "goood.test", Verdict::Contradicted),
        ("server_down", "good.test", Verdict::Inconclusive),
        ("server_down", "loopmx.test", Verdict::Confirmed),
        ("server_down", "nullmx.test", Verdict::Contradicted),
    ] {
        let (_, v, detail) = domain_result(&verifier, cause, domain);
        assert_eq!(v, verdict, "{cause} at {domain}: {detail}");
    }
}

#[test]
fn a_refused_query_is_an_error_never_no_domain() {
    // The server is authoritative for test. only: it refuses other names.
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    let (r, v, detail) = domain_result(&verifier, "bad_mx", "example.org");
    assert_eq!(
        (r, v),
        (CheckResult::Error, Verdict::Inconclusive),
        "{detail}"
    );
    assert!(detail.contains("Refused"), "{detail}");
}

#[test]
fn invalid_domain_names_are_errors_without_a_query() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    for domain in [
        "bad..test",
        "under score!.test",
        &format!("{}.test", "a".repeat(64)),
    ] {
        let (r, v, detail) = domain_result(&verifier, "bad_mx", domain);
        assert_eq!(
            (r, v),
            (CheckResult::Error, Verdict::Inconclusive),
            "{domain}"
        );
        assert!(detail.contains("not a valid domain name"), "{detail}");
    }
    let (r, _, _) = domain_result(&verifier, "bad_mx", "[192.0.2.1]");
    assert_eq!(r, CheckResult::Error);
    assert_eq!(server.total(), 0);
    assert_eq!(verifier.stats().queries, 0);
}

// ---------------------------------------------------------------------------
// suggestion_domain

#[test]
fn typo_suggestions_are_checked() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    // The mistyped domain does not exist, the suggestion receives mail.
    let v = verifier.verify(&typo("ann@goood.test", "ann@mail.test"), &Context::new());
    assert_eq!(
        results(&v, CheckKind::RecipientDomain),
        [CheckResult::NoDomain]
    );
    assert_eq!(
        results(&v, CheckKind::SuggestionDomain),
        [CheckResult::MxOk]
    );
    assert_eq!(v.verdict, Verdict::Confirmed);
    assert_eq!(v.checks[1].subject, "mail.test");
    // The suggestion receives no mail either.
    let v = verifier.verify(&typo("ann@goood.test", "ann@nullmx.test"), &Context::new());
    assert_eq!(
        results(&v, CheckKind::SuggestionDomain),
        [CheckResult::NullMx]
    );
    assert_eq!(v.verdict, Verdict::Contradicted);
    // Both receive mail: DNS cannot tell.
    let v = verifier.verify(&typo("ann@good.test", "ann@mail.test"), &Context::new());
    assert_eq!(v.verdict, Verdict::Inconclusive);
    // A typo in the local part: one domain, one check.
    let v = verifier.verify(&typo("anm@good.test", "ann@good.test"), &Context::new());
    assert_eq!(v.checks.len(), 1);
    assert_eq!(v.verdict, Verdict::Inconclusive);
}

// ---------------------------------------------------------------------------
// dnsbl

fn spam(diagnostic: &str) -> Diagnosis {
    diagnosis("bob@good.test", "blocked", Some("spam_filter"), diagnostic)
}

#[test]
fn a_listed_ip_confirms_a_blocklist_refusal() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    let ctx = Context::new().with_sending_ip("93.184.216.35").unwrap();
    let v = verifier.verify(&spam("554 5.7.1 rejected: your IP is blocked"), &ctx);
    assert_eq!(v.verdict, Verdict::Confirmed, "{v:?}");
    let c = &v.checks[0];
    assert_eq!((c.check, c.result), (CheckKind::Dnsbl, CheckResult::Listed));
    assert_eq!(c.subject, "93.184.216.35");
    assert_eq!(c.zone.as_deref(), Some("dnsbl.test"));
    assert!(c.detail.starts_with("127.0.0.2"), "{}", c.detail);
    assert!(
        c.detail.contains("TXT: Listed in dnsbl.test"),
        "{}",
        c.detail
    );
    assert_eq!(server.count("35.216.184.93.dnsbl.test", "A"), 1);
}

#[test]
fn an_unlisted_ip_contradicts_it() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    let ctx = Context::new().with_sending_ip("93.184.216.34").unwrap();
    let v = verifier.verify(&spam("554 5.7.1 blocked using dnsbl.test"), &ctx);
    assert_eq!(v.verdict, Verdict::Contradicted, "{v:?}");
    assert_eq!(results(&v, CheckKind::Dnsbl), [CheckResult::NotListed]);
}

#[test]
fn ipv6_senders_are_asked_in_nibble_form() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    let ctx = Context::new()
        .with_sending_ip("2a00:1450:4001:80b::99")
        .unwrap()
        .with_sending_ip("2a00:1450:4001:80b::98")
        .unwrap();
    let v = verifier.verify(&spam("550 blocked"), &ctx);
    assert_eq!(
        results(&v, CheckKind::Dnsbl),
        [CheckResult::Listed, CheckResult::NotListed]
    );
    assert_eq!(v.verdict, Verdict::Confirmed);
}

#[test]
fn the_named_blocklist_comes_first_and_spamhaus_refusals_are_not_verdicts() {
    let server = DnsServer::start();
    // zen.spamhaus.org is not among the configured zones: the bounce names it.
    let verifier = server.verifier(|_| {});
    let ctx = Context::new().with_sending_ip("93.184.216.34").unwrap();
    let d = diagnosis(
        "bob@good.test",
        "blocked",
        Some("spam_filter"),
        "554 5.7.1 Service unavailable; Client host [93.184.216.34] blocked using zen.spamhaus.org",
    );
    let v = verifier.verify(&d, &ctx);
    let zones: Vec<_> = v.checks.iter().map(|c| c.zone.clone().unwrap()).collect();
    assert_eq!(zones, ["zen.spamhaus.org", "dnsbl.test"]);
    assert_eq!(v.checks[0].result, CheckResult::Refused);
    assert!(
        v.checks[0].detail.contains("public or open resolver"),
        "{}",
        v.checks[0].detail
    );
    assert_eq!(v.checks[1].result, CheckResult::NotListed);
    // Not listed where asked, but the list the bounce names did not answer.
    assert_eq!(v.verdict, Verdict::Inconclusive);
}

#[test]
fn a_blocklist_named_in_any_diagnosis_is_checked() {
    let server = DnsServer::start();
    let verifier = server.verifier(|c| c.zones.clear());
    let ctx = Context::new().with_sending_ip("93.184.216.35").unwrap();
    // Not a spam_filter cause, but the text names a list.
    let d = diagnosis(
        "bob@good.test",
        "rejected",
        None,
        "550 sender listed in dnsbl.test",
    );
    let v = verifier.verify(&d, &ctx);
    assert_eq!(results(&v, CheckKind::Dnsbl), [CheckResult::Listed]);
    assert_eq!(v.verdict, Verdict::Confirmed);
    // No cause and no list named: nothing to check, nothing asked.
    let before = server.total();
    let d = diagnosis("bob@good.test", "mailboxfull", None, "552 mailbox full");
    let v = verifier.verify(&d, &ctx);
    assert!(v.checks.is_empty());
    assert_eq!(v.verdict, Verdict::Inconclusive);
    assert_eq!(server.total(), before);
}

#[test]
fn a_closed_list_proves_nothing() {
    let server = DnsServer::start();
    let verifier = server.verifier(|c| c.set_zones(&["closed.test", "dnsbl.test"]).unwrap());
    let ctx = Context::new().with_sending_ip("93.184.216.34").unwrap();
    let v = verifier.verify(&spam("550 blocked"), &ctx);
    assert_eq!(
        results(&v, CheckKind::Dnsbl),
        [CheckResult::Error, CheckResult::NotListed]
    );
    assert!(
        v.checks[0].detail.contains("127.0.0.2"),
        "{}",
        v.checks[0].detail
    );
    // The open list answered: no list that works lists the IP.
    assert_eq!(v.verdict, Verdict::Contradicted);
    // Named by the bounce, the closed list's silence leaves it open.
    let v = verifier.verify(&spam("550 blocked using closed.test"), &ctx);
    assert_eq!(v.verdict, Verdict::Inconclusive);
    assert_eq!(server.count("2.0.0.127.closed.test", "A"), 1);
    assert_eq!(server.count("2.0.0.127.dnsbl.test", "A"), 1);
}

#[test]
fn answers_that_are_not_blocklist_codes_are_errors() {
    let server = DnsServer::start();
    let verifier = server.verifier(|c| c.set_zones(&["hijack.test"]).unwrap());
    let ctx = Context::new().with_sending_ip("93.184.216.34").unwrap();
    let v = verifier.verify(&spam("550 blocked"), &ctx);
    assert_eq!(results(&v, CheckKind::Dnsbl), [CheckResult::Error]);
    assert!(
        v.checks[0].detail.contains("not a blocklist code"),
        "{}",
        v.checks[0].detail
    );
    assert_eq!(v.verdict, Verdict::Inconclusive);
}

#[test]
fn sending_ips_are_found_through_the_sender_domains_mx() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    let v = verifier.verify(
        &spam("550 blocked"),
        &Context::new().with_sender_domain("bare.test").unwrap(),
    );
    let subjects: Vec<_> = v
        .checks
        .iter()
        .map(|c| (c.subject.as_str(), c.result))
        .collect();
    assert_eq!(
        subjects,
        [
            ("93.184.216.35", CheckResult::Listed),
            ("2a00:1450:4001:80b::99", CheckResult::Listed)
        ]
    );
    assert_eq!(v.verdict, Verdict::Confirmed);
    let v = verifier.verify(
        &spam("550 blocked"),
        &Context::new().with_sender_domain("sender.test").unwrap(),
    );
    assert_eq!(v.verdict, Verdict::Contradicted);
    // Neither IPs nor a domain: one error check.
    let v = verifier.verify(&spam("550 blocked"), &Context::new());
    assert_eq!(results(&v, CheckKind::Dnsbl), [CheckResult::Error]);
    assert_eq!(v.verdict, Verdict::Inconclusive);
    // A sender whose MX is private: nothing to ask the lists.
    let v = verifier.verify(
        &spam("550 blocked"),
        &Context::new().with_sender_domain("privmx.test").unwrap(),
    );
    assert_eq!(results(&v, CheckKind::Dnsbl), [CheckResult::Error]);
    assert!(
        v.checks[0].detail.contains("10.0.0.1 (private)"),
        "{}",
        v.checks[0].detail
    );
}

#[test]
fn private_sending_ips_are_not_asked() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    let ctx = Context::new().with_sending_ip("192.168.1.20").unwrap();
    let v = verifier.verify(&spam("550 blocked"), &ctx);
    assert_eq!(results(&v, CheckKind::Dnsbl), [CheckResult::Error]);
    assert_eq!(v.verdict, Verdict::Inconclusive);
    assert_eq!(server.total(), 0);
}

// ---------------------------------------------------------------------------
// sender_auth

#[test]
fn sender_auth_reads_spf_and_dmarc() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    let auth = |domain: Option<&str>| {
        let d = diagnosis(
            "bob@good.test",
            "authfailure",
            Some("auth_failure"),
            "550 5.7.26 unauthenticated",
        );
        let mut ctx = Context::new();
        if let Some(dom) = domain {
            ctx = ctx.with_sender_domain(dom).unwrap();
        }
        verifier.verify(&d, &ctx)
    };
    let v = auth(Some("sender.test"));
    assert_eq!(
        results(&v, CheckKind::SenderAuth),
        [CheckResult::SpfOk, CheckResult::DmarcOk]
    );
    assert!(v.checks[0].detail.starts_with("v=spf1 ip4:93.184.216.34"));
    assert!(v.checks[1].detail.contains("p=reject"));
    assert_eq!(v.checks[1].subject, "_dmarc.sender.test");
    assert_eq!(v.verdict, Verdict::Inconclusive);

    let v = auth(Some("bare.test"));
    assert_eq!(
        results(&v, CheckKind::SenderAuth),
        [CheckResult::NoSpf, CheckResult::NoDmarc]
    );
    assert_eq!(v.verdict, Verdict::Confirmed);

    let v = auth(Some("twospf.test"));
    assert_eq!(
        results(&v, CheckKind::SenderAuth),
        [CheckResult::NoSpf, CheckResult::DmarcOk]
    );
    assert!(
        v.checks[0].detail.starts_with("2 SPF records"),
        "{}",
        v.checks[0].detail
    );
    assert_eq!(v.verdict, Verdict::Confirmed);

    let v = auth(Some("example.org"));
    assert_eq!(
        results(&v, CheckKind::SenderAuth),
        [CheckResult::Error, CheckResult::Error]
    );
    assert_eq!(v.verdict, Verdict::Inconclusive);

    let v = auth(None);
    assert_eq!(results(&v, CheckKind::SenderAuth), [CheckResult::Error]);
    assert_eq!(v.verdict, Verdict::Inconclusive);
}

// ---------------------------------------------------------------------------
// One lookup per name and type, whatever the number of diagnoses

#[test]
fn one_query_per_domain_and_ip_across_threads() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    let ctx = Context::new().with_sending_ip("93.184.216.35").unwrap();
    let mut diagnoses = Vec::new();
    for i in 0..2000 {
        let (domain, cause) = match i % 4 {
            0 => ("good.test", "nonexistent_mailbox"),
            1 => ("goood.test", "bad_mx"),
            2 => ("loopmx.test", "server_down"),
            _ => ("good.test", "spam_filter"),
        };
        diagnoses.push(diagnosis(
            &format!("user{i}@{domain}"),
            "userunknown",
            Some(cause),
            "550 refused",
        ));
    }
    let start = Instant::now();
    // Four threads share the verifier, each verifying every diagnosis.
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for d in &diagnoses {
                    let v = verifier.verify(d, &ctx);
                    assert_ne!(v.verdict, Verdict::Inconclusive, "{v:?}");
                }
            });
        }
    });
    let elapsed = start.elapsed();
    for (name, type_) in [
        ("good.test", "MX"),
        ("goood.test", "MX"),
        ("loopmx.test", "MX"),
        ("mx1.good.test", "A"),
        ("mx1.good.test", "AAAA"),
        ("mx2.good.test", "A"),
        ("mx.loopmx.test", "A"),
        ("35.216.184.93.dnsbl.test", "A"),
        ("35.216.184.93.dnsbl.test", "TXT"),
    ] {
        assert_eq!(server.count(name, type_), 1, "{name} {type_}");
    }
    let stats = verifier.stats();
    assert_eq!(u64::from(server.total()), stats.queries);
    assert!(stats.lookups > 8000 * 2, "{stats:?}");
    eprintln!(
        "8000 verifications: {} lookups, {} queries to the server, {elapsed:?}",
        stats.lookups, stats.queries
    );
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
}

#[test]
fn verify_all_and_the_async_api_share_the_run() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    let ds: Vec<_> = (0..50)
        .map(|i| {
            diagnosis(
                &format!("u{i}@good.test"),
                "userunknown",
                Some("bad_mx"),
                "550",
            )
        })
        .collect();
    let all = verifier.verify_all(&ds, &Context::new());
    assert_eq!(all.len(), 50);
    assert!(all.iter().all(|v| v.verdict == Verdict::Contradicted));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let again = rt.block_on(verifier.verify_all_async(&ds, &Context::new()));
    assert_eq!(again, all);
    // Called from async code, the blocking API still works.
    let inside = rt.block_on(async { verifier.verify(&ds[0], &Context::new()) });
    assert_eq!(inside, all[0]);
    assert_eq!(server.count("good.test", "MX"), 1);
    // New lookups from the caller's runtime, then from the blocking API again.
    let fresh = diagnosis("u@nullmx.test", "notaccept", Some("bad_mx"), "556");
    let v = rt.block_on(verifier.verify_async(&fresh, &Context::new()));
    assert_eq!(v.checks[0].result, CheckResult::NullMx);
    drop(rt);
    let fresh = diagnosis("u@privmx.test", "hostunknown", Some("bad_mx"), "550");
    assert_eq!(
        verifier.verify(&fresh, &Context::new()).checks[0].result,
        CheckResult::BadMxHost
    );
}

#[test]
fn an_async_only_verifier_needs_no_runtime_of_its_own() {
    let server = DnsServer::start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let results = rt.block_on(async {
        let verifier = server.verifier(|_| {});
        let mut out = Vec::new();
        for domain in ["good.test", "nodata.test", "goood.test"] {
            let d = diagnosis(&format!("x@{domain}"), "hostunknown", Some("bad_mx"), "550");
            out.push(verifier.verify_async(&d, &Context::new()).await.checks[0].result);
        }
        // Dropped inside the runtime: no runtime of its own to shut down.
        drop(verifier);
        out
    });
    assert_eq!(
        results,
        [CheckResult::MxOk, CheckResult::NoMx, CheckResult::NoDomain]
    );
}

// ---------------------------------------------------------------------------
// Faults: a resolver that never answers, one that answers garbage

fn fault_verifier(addr: SocketAddr, timeout_ms: u64, budget_s: u64) -> Verifier {
    let mut c = Config::default();
    c.add_resolver(&addr.to_string()).unwrap();
    c.timeout = Duration::from_millis(timeout_ms);
    c.attempts = 1;
    c.budget = Duration::from_secs(budget_s);
    Verifier::new(c).unwrap()
}

#[test]
fn a_silent_resolver_gives_inconclusive_within_the_timeout() {
    let silent = FakeResolver::start(|_| None);
    let verifier = fault_verifier(silent.addr, 200, 60);
    let start = Instant::now();
    let v = verifier.verify(
        &diagnosis("x@good.test", "hostunknown", Some("bad_mx"), "550"),
        &Context::new(),
    );
    let took = start.elapsed();
    assert_eq!(v.verdict, Verdict::Inconclusive);
    assert_eq!(v.checks[0].result, CheckResult::Error);
    assert!(
        v.checks[0].detail.contains("no answer"),
        "{}",
        v.checks[0].detail
    );
    assert!(took < Duration::from_secs(2), "{took:?}");
    // The fake resolver's thread counts what it read; on a busy machine it
    // may do so a moment after the lookup gave up.
    std::thread::sleep(Duration::from_millis(100));
    let asked = silent.received();
    assert!((1..=2).contains(&asked), "{asked} queries for one lookup");
    // The failure is kept for the run: more recipients at the domain wait no more.
    let start = Instant::now();
    for i in 0..50 {
        let d = diagnosis(
            &format!("x{i}@good.test"),
            "hostunknown",
            Some("bad_mx"),
            "550",
        );
        assert_eq!(
            verifier.verify(&d, &Context::new()).verdict,
            Verdict::Inconclusive
        );
    }
    // 50 lookups that waited would take 10 s; cached, they take microseconds.
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(silent.received(), asked);
}

#[test]
fn the_budget_bounds_a_run_against_a_silent_resolver() {
    let silent = FakeResolver::start(|_| None);
    let mut c = Config::default();
    c.add_resolver(&silent.addr.to_string()).unwrap();
    c.timeout = Duration::from_millis(300);
    c.attempts = 1;
    c.concurrency = 2;
    c.budget = Duration::from_secs(1);
    let verifier = Verifier::new(c).unwrap();
    let ds: Vec<_> = (0..200)
        .map(|i| {
            diagnosis(
                &format!("x@d{i}.test"),
                "hostunknown",
                Some("bad_mx"),
                "550",
            )
        })
        .collect();
    let start = Instant::now();
    let all = verifier.verify_all(&ds, &Context::new());
    let took = start.elapsed();
    assert!(all.iter().all(|v| v.verdict == Verdict::Inconclusive));
    assert!(
        all.iter().any(|v| v.checks[0].detail.contains("budget")),
        "{:?}",
        all.last()
    );
    // 200 domains at 300 ms, two at a time, would take 30 s.
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(verifier.stats().queries < 20, "{:?}", verifier.stats());
}

#[test]
fn garbage_and_truncated_answers_are_errors() {
    // Junk bytes (ignored: the query times out), a reply header with the
    // TC bit and nothing after it, a SERVFAIL.
    for (reply, says) in [
        (
            (|_: &[u8]| Some(b"\x00\x01garbage".to_vec())) as fn(&[u8]) -> Option<Vec<u8>>,
            "no answer within 300 ms",
        ),
        (
            |q: &[u8]| {
                let mut r = q.get(..12)?.to_vec();
                r[2] |= 0x82; // QR, TC
                Some(r)
            },
            "decoding error",
        ),
        (
            |q: &[u8]| {
                let mut r = q.to_vec();
                r[2] |= 0x80;
                r[3] = (r[3] & 0xf0) | 2; // SERVFAIL
                Some(r)
            },
            "Server Failure",
        ),
    ] {
        let bad = FakeResolver::start(reply);
        let verifier = fault_verifier(bad.addr, 300, 60);
        let start = Instant::now();
        let v = verifier.verify(
            &diagnosis("x@good.test", "hostunknown", Some("bad_mx"), "550"),
            &Context::new(),
        );
        assert_eq!(v.verdict, Verdict::Inconclusive, "{v:?}");
        assert_eq!(v.checks[0].result, CheckResult::Error);
        assert!(v.checks[0].detail.contains(says), "{}", v.checks[0].detail);
        assert!(start.elapsed() < Duration::from_secs(3));
        assert!(bad.received() >= 1);
    }
}

#[test]
fn an_unreachable_resolver_gives_inconclusive() {
    // A port nothing listens on (bound, then closed).
    let port = UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let verifier = fault_verifier(port, 300, 60);
    let ctx = Context::new().with_sending_ip("93.184.216.35").unwrap();
    for d in [
        diagnosis("x@good.test", "hostunknown", Some("bad_mx"), "550"),
        spam("550 blocked using dnsbl.test"),
        diagnosis("x@good.test", "authfailure", Some("auth_failure"), "550"),
    ] {
        let v = verifier.verify(&d, &ctx.clone().with_sender_domain("sender.test").unwrap());
        assert_eq!(v.verdict, Verdict::Inconclusive, "{v:?}");
        assert!(
            v.checks.iter().all(|c| c.result == CheckResult::Error),
            "{v:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// JSON shape and options

#[test]
fn the_json_shape_of_the_issue() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    let ctx = Context::new().with_sending_ip("93.184.216.35").unwrap();
    let v = verifier.verify(&spam("550 blocked"), &ctx);
    let j = serde_json::to_value(&v).unwrap();
    assert_eq!(
        j,
        json!({"verdict": "confirmed", "checks": [{
            "check": "dnsbl", "subject": "93.184.216.35", "zone": "dnsbl.test",
            "result": "listed", "detail": v.checks[0].detail,
        }]})
    );
    let v = verifier.verify(
        &diagnosis("x@nullmx.test", "notaccept", Some("bad_mx"), "556"),
        &Context::new(),
    );
    let j = serde_json::to_value(&v).unwrap();
    assert_eq!(
        j["checks"][0].as_object().unwrap().len(),
        4,
        "no zone outside dnsbl: {j}"
    );
    assert_eq!(v.summary(), "confirmed: nullmx.test null_mx");
}

#[test]
fn options_parse_like_the_command_line() {
    let mut o = Options::default();
    o.resolvers = vec!["127.0.0.1:5300".into(), "::1".into(), "[::1]:5301".into()];
    o.dnsbl = vec!["dnsbl.test".into(), "DNSBL.test.".into()];
    o.sending_ips = vec!["93.184.216.35".into(), "2a00:1450:4001:80b::99".into()];
    o.sender_domain = Some("Sender.Test".into());
    o.dns_timeout_ms = Some("250".into());
    o.dns_budget_s = Some("30".into());
    let (config, ctx) = o.parse().unwrap();
    let ports: Vec<u16> = config.resolvers.iter().map(|a| a.port()).collect();
    assert_eq!(ports, [5300, 53, 5301]);
    assert_eq!(config.zones, ["dnsbl.test"]);
    assert_eq!(config.timeout, Duration::from_millis(250));
    assert_eq!(config.budget, Duration::from_secs(30));
    assert_eq!(ctx.sender_domain.as_deref(), Some("sender.test"));
    assert_eq!(ctx.sending_ips.len(), 2);
    let breakers: [fn(&mut Options); 6] = [
        |o| o.resolvers.push("dns.example".into()),
        |o| o.dnsbl.push("bad zone".into()),
        |o| o.sending_ips.push("300.1.1.1".into()),
        |o| o.sender_domain = Some("a..b".into()),
        |o| o.dns_timeout_ms = Some("0".into()),
        |o| o.dns_timeout_ms = Some("fast".into()),
    ];
    for breaker in breakers {
        let mut bad = Options::default();
        breaker(&mut bad);
        assert!(bad.parse().is_err(), "{bad:?}");
    }
}

#[test]
fn verifier_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Verifier>();
    check::<Verification>();
}

// ---------------------------------------------------------------------------
// The shared corpus, when it is beside the repository

#[test]
fn a_corpus_run_asks_each_name_once() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/emails");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no corpus at {}: skipped", dir.display());
        return;
    };
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    // The corpus's real domains are refused by the loopback server (it serves
    // test. and the test lists only): each is still looked up once by the
    // verifier, gets `error`, and the resolver library sends a REFUSED
    // query again as its retry policy says.
    let base = Context::new().with_sending_ip("93.184.216.35").unwrap();
    let start = Instant::now();
    let (mut messages, mut verified) = (0, 0);
    let mut verdicts: HashMap<Verdict, u32> = HashMap::new();
    for entry in entries.flatten() {
        let Ok(raw) = std::fs::read(entry.path()) else {
            continue;
        };
        let Ok(report) = bounce_cause::classify(&raw) else {
            continue;
        };
        messages += 1;
        let ctx = base.for_report(&report);
        for v in verifier.verify_all(&report.recipients, &ctx) {
            verified += 1;
            *verdicts.entry(v.verdict).or_default() += 1;
        }
    }
    let took = start.elapsed();
    let stats = verifier.stats();
    eprintln!(
        "corpus: {messages} messages, {verified} verifications, {} lookups, {} queries, \
         {} distinct names asked, {took:?}; verdicts {verdicts:?}",
        stats.lookups,
        stats.queries,
        server.seen.lock().unwrap().len()
    );
    assert!(messages > 0);
    let seen = server.seen.lock().unwrap();
    let served = |name: &str| name.ends_with(".test.") || name.ends_with(".zen.spamhaus.org.");
    let answered_twice: Vec<_> = seen
        .iter()
        .filter(|((name, _), n)| served(name) && **n != 1)
        .collect();
    assert!(
        answered_twice.is_empty(),
        "asked more than once: {answered_twice:?}"
    );
    let retried: Vec<_> = seen.iter().filter(|(_, n)| **n > 3).collect();
    assert!(
        retried.is_empty(),
        "refused names sent more than 3 times: {retried:?}"
    );
    // One lookup per distinct name and type, from the verifier's side.
    assert_eq!(u64::try_from(seen.len()).unwrap(), stats.queries);
    assert!(took < Duration::from_secs(30), "{took:?}");
}

#[test]
fn a_blocking_verifier_can_be_dropped_in_async_code() {
    let server = DnsServer::start();
    let verifier = server.verifier(|_| {});
    let d = diagnosis("x@good.test", "hostunknown", Some("bad_mx"), "550");
    assert_eq!(
        verifier.verify(&d, &Context::new()).verdict,
        Verdict::Contradicted
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Its own runtime is shut down in the background, not dropped in place
    // (which would panic inside another runtime).
    rt.block_on(async move { drop(verifier) });
}
