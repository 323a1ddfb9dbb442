//! `bounce-cause --verify`, through the built binary, against the loopback
//! DNS server of `tests/dns_server/` (the zones of `tests/dns/`): each check,
//! result and verdict, the text and summary outputs, the queries the server
//! received, an unreachable resolver and the usage errors. Built with the
//! `cli` and `verify` features (see the `[[test]]` entry in Cargo.toml).

use std::collections::{BTreeMap, HashSet};
use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

mod dns_server;
use dns_server::DnsServer;

mod cli_support;

/// Runs the binary with `args`, killed and failed past `limit`.
fn run(args: &[&str], limit: Duration) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bounce-cause"));
    c.args(args).env_remove("NO_COLOR");
    cli_support::run_within(&mut c, limit)
}

const LIMIT: Duration = Duration::from_secs(60);

fn scratch(name: &str) -> PathBuf {
    cli_support::scratch("cli-verify", name)
}

/// A DSN for one recipient of a message sent by `sender`, whose headers the
/// bounce returns (the sender domain `--verify` uses when none is given).
fn bounce(rcpt: &str, status: &str, diag: &str, sender: &str) -> String {
    format!(
        "From: MAILER-DAEMON@relay.example.net\r\n\
Date: Wed, 4 Mar 2026 09:00:00 +0000\r\n\
Subject: Delivery Status Notification (Failure)\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"x\"\r\n\r\n\
--x\r\nContent-Type: text/plain\r\n\r\nYour message was not delivered.\r\n\
--x\r\nContent-Type: message/delivery-status\r\n\r\n\
Reporting-MTA: dns; relay.example.net\r\n\r\n\
Final-Recipient: rfc822; {rcpt}\r\nAction: failed\r\nStatus: {status}\r\n\
Diagnostic-Code: smtp; {diag}\r\n\
--x\r\nContent-Type: text/rfc822-headers\r\n\r\n\
From: Kim <{sender}>\r\nTo: {rcpt}\r\nSubject: Agenda\r\nMessage-ID: <a1@relay.example.net>\r\n\
--x--\r\n"
    )
}

const UNKNOWN_USER: (&str, &str) = ("5.1.1", "550 5.1.1 recipient mailbox not known here");
const UNKNOWN_HOST: (&str, &str) = ("5.1.2", "550 5.1.2 host or domain name not found");
const EXPIRED: (&str, &str) = (
    "5.4.7",
    "550 5.4.7 delivery time expired: could not connect to the mail server",
);
const AUTH: (&str, &str) = (
    "5.7.26",
    "550 5.7.26 message rejected: it failed SPF and DKIM authentication",
);
const BLOCKED: (&str, &str) = (
    "5.7.1",
    "554 5.7.1 Service unavailable; client host blocked using dnsbl.test",
);
const BLOCKED_ZEN: (&str, &str) = (
    "5.7.1",
    "554 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org",
);

/// One bounce per case: (file, recipient, (status, diagnostic), sender).
const CASES: &[(&str, &str, (&str, &str), &str)] = &[
    ("01.eml", "ann@good.test", UNKNOWN_USER, "kim@example.org"),
    ("02.eml", "bo@goood.test", UNKNOWN_HOST, "kim@example.org"),
    ("03.eml", "cy@nodata.test", UNKNOWN_HOST, "kim@example.org"),
    ("04.eml", "di@nullmx.test", UNKNOWN_HOST, "kim@example.org"),
    ("05.eml", "ed@loopmx.test", UNKNOWN_HOST, "kim@example.org"),
    ("06.eml", "fay@good.test", UNKNOWN_HOST, "kim@example.org"),
    (
        "07.eml",
        "gil@fastmail.con",
        UNKNOWN_HOST,
        "kim@example.org",
    ),
    ("08.eml", "hal@good.test", BLOCKED, "kim@bare.test"),
    ("09.eml", "ida@good.test", BLOCKED, "kim@sender.test"),
    ("10.eml", "jo@good.test", BLOCKED_ZEN, "kim@bare.test"),
    ("11.eml", "lu@good.test", AUTH, "kim@bare.test"),
    ("12.eml", "mo@good.test", AUTH, "kim@sender.test"),
    ("13.eml", "ned@good.test", EXPIRED, "kim@example.org"),
    ("14.eml", "oz@privmx.test", EXPIRED, "kim@example.org"),
];

fn write_cases(dir: &Path) {
    for (file, rcpt, (status, diag), sender) in CASES {
        std::fs::write(dir.join(file), bounce(rcpt, status, diag, sender)).unwrap();
    }
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    std::str::from_utf8(out)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// A check as `check subject [zone] result`.
fn check_line(c: &Value) -> String {
    let mut s = format!(
        "{} {}",
        c["check"].as_str().unwrap(),
        c["subject"].as_str().unwrap()
    );
    if let Some(z) = c.get("zone") {
        s.push_str(&format!(" @{}", z.as_str().unwrap()));
    }
    s.push_str(&format!(" {}", c["result"].as_str().unwrap()));
    s
}

fn verify_args(server: &DnsServer) -> Vec<String> {
    vec![
        "--verify".into(),
        "--resolver".into(),
        server.addr.to_string(),
        "--dnsbl".into(),
        "dnsbl.test".into(),
    ]
}

fn with<'a>(base: &'a [String], more: &[&'a str]) -> Vec<&'a str> {
    base.iter()
        .map(String::as_str)
        .chain(more.iter().copied())
        .collect()
}

#[test]
fn each_check_and_verdict_through_the_cli() {
    let server = DnsServer::start();
    let dir = scratch("checks");
    write_cases(&dir);
    let args = verify_args(&server);
    let out = run(&with(&args, &["-j", "3", dir.to_str().unwrap()]), LIMIT);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), CASES.len(), "{lines:?}");
    let got: BTreeMap<&str, (&str, &str, Vec<String>)> = lines
        .iter()
        .map(|l| {
            let v = &l["verify"];
            let checks = v["checks"]
                .as_array()
                .unwrap()
                .iter()
                .map(check_line)
                .collect();
            (
                l["recipient"].as_str().unwrap(),
                (
                    l["cause"].as_str().unwrap_or("-"),
                    v["verdict"].as_str().unwrap(),
                    checks,
                ),
            )
        })
        .collect();
    let want: &[(&str, &str, &str, &[&str])] = &[
        (
            "ann@good.test",
            "nonexistent_mailbox",
            "confirmed",
            &["recipient_domain good.test mx_ok"],
        ),
        (
            "bo@goood.test",
            "bad_mx",
            "confirmed",
            &["recipient_domain goood.test no_domain"],
        ),
        (
            "cy@nodata.test",
            "bad_mx",
            "confirmed",
            &["recipient_domain nodata.test no_mx"],
        ),
        (
            "di@nullmx.test",
            "bad_mx",
            "confirmed",
            &["recipient_domain nullmx.test null_mx"],
        ),
        (
            "ed@loopmx.test",
            "bad_mx",
            "confirmed",
            &["recipient_domain loopmx.test bad_mx_host"],
        ),
        (
            "fay@good.test",
            "bad_mx",
            "contradicted",
            &["recipient_domain good.test mx_ok"],
        ),
        (
            "gil@fastmail.con",
            "recipient_typo",
            "confirmed",
            &[
                "recipient_domain fastmail.con no_domain",
                "suggestion_domain fastmail.com mx_ok",
            ],
        ),
        (
            // The sending IPs are found through the sender domain's MX.
            "hal@good.test",
            "spam_filter",
            "confirmed",
            &[
                "dnsbl 93.184.216.35 @dnsbl.test listed",
                "dnsbl 2a00:1450:4001:80b::99 @dnsbl.test listed",
            ],
        ),
        (
            "ida@good.test",
            "spam_filter",
            "contradicted",
            &["dnsbl 93.184.216.34 @dnsbl.test not_listed"],
        ),
        (
            "jo@good.test",
            "spam_filter",
            "confirmed",
            &[
                "dnsbl 93.184.216.35 @zen.spamhaus.org refused",
                "dnsbl 93.184.216.35 @dnsbl.test listed",
                "dnsbl 2a00:1450:4001:80b::99 @zen.spamhaus.org refused",
                "dnsbl 2a00:1450:4001:80b::99 @dnsbl.test listed",
            ],
        ),
        (
            "lu@good.test",
            "auth_failure",
            "confirmed",
            &[
                "sender_auth bare.test no_spf",
                "sender_auth _dmarc.bare.test no_dmarc",
            ],
        ),
        (
            "mo@good.test",
            "auth_failure",
            "inconclusive",
            &[
                "sender_auth sender.test spf_ok",
                "sender_auth _dmarc.sender.test dmarc_ok",
            ],
        ),
        (
            "ned@good.test",
            "server_down",
            "inconclusive",
            &["recipient_domain good.test mx_ok"],
        ),
        (
            "oz@privmx.test",
            "server_down",
            "confirmed",
            &["recipient_domain privmx.test bad_mx_host"],
        ),
    ];
    for (rcpt, cause, verdict, checks) in want {
        let (c, v, ch) = got
            .get(rcpt)
            .unwrap_or_else(|| panic!("{rcpt} missing: {got:?}"));
        assert_eq!((*c, *v), (*cause, *verdict), "{rcpt}: {ch:?}");
        assert_eq!(ch, checks, "{rcpt}");
    }
    // Every check kind and result named by the issue appears, and each verdict.
    let results: HashSet<&str> = lines
        .iter()
        .flat_map(|l| l["verify"]["checks"].as_array().unwrap())
        .map(|c| c["result"].as_str().unwrap())
        .collect();
    for r in [
        "no_domain",
        "no_mx",
        "null_mx",
        "bad_mx_host",
        "mx_ok",
        "listed",
        "not_listed",
        "refused",
        "spf_ok",
        "no_spf",
        "dmarc_ok",
        "no_dmarc",
    ] {
        assert!(results.contains(r), "{r} missing: {results:?}");
    }
    // The detail says what DNS answered.
    let detail = |rcpt: &str, i: usize| {
        let l = lines.iter().find(|l| l["recipient"] == rcpt).unwrap();
        l["verify"]["checks"][i]["detail"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(detail("di@nullmx.test", 0).contains("RFC 7505"));
    assert!(detail("jo@good.test", 0).contains("public or open resolver"));
    assert!(detail("hal@good.test", 0).contains("TXT: Listed in dnsbl.test"));
    // The end-of-run line agrees with what the server saw.
    let stats = stderr
        .lines()
        .find(|l| l.starts_with("verify: "))
        .unwrap_or_else(|| panic!("no verify line: {stderr}"));
    assert_eq!(
        stats,
        format!(
            "verify: {} lookups, {} DNS queries",
            stats_lookups(stats),
            server.total()
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn stats_lookups(line: &str) -> u64 {
    line.trim_start_matches("verify: ")
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line}"))
}

/// Output lines without their `verify` member, and text without the lines
/// `--verify` adds, are what the run without `--verify` gives.
#[test]
fn without_verify_nothing_is_asked_and_with_it_only_verify_is_added() {
    let server = DnsServer::start();
    let dir = scratch("same");
    write_cases(&dir);
    let d = dir.to_str().unwrap();
    let args = verify_args(&server);
    for format in ["jsonl", "text", "human"] {
        let plain = run(&["-f", format, "--lang", "en", d], LIMIT);
        assert_eq!(plain.status.code(), Some(0));
        assert!(
            plain.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&plain.stderr)
        );
        assert_eq!(server.total(), 0, "a lookup without --verify");
        let verified = run(&with(&args, &["-f", format, "--lang", "en", d]), LIMIT);
        assert_eq!(verified.status.code(), Some(0));
        if format == "jsonl" {
            let stripped: Vec<Value> = json_lines(&verified.stdout)
                .into_iter()
                .map(|mut l| {
                    assert!(l["verify"].is_object(), "{l}");
                    l.as_object_mut().unwrap().remove("verify");
                    l
                })
                .collect();
            assert_eq!(stripped, json_lines(&plain.stdout));
            assert!(!String::from_utf8_lossy(&plain.stdout).contains("\"verify\""));
        } else if format == "human" {
            // The verify lines sit under their label; a continuation is
            // indented past the labels and, unlike a fix's, holds no number.
            let text = String::from_utf8(verified.stdout).unwrap();
            let mut kept = String::new();
            let mut in_verify = false;
            for line in text.split_inclusive('\n') {
                let rest = line.trim_start();
                in_verify = line.starts_with("    DNS check")
                    || (in_verify
                        && line.starts_with("     ")
                        && !rest.starts_with(|c: char| c.is_ascii_digit()));
                if !in_verify {
                    kept.push_str(line);
                }
            }
            assert_eq!(kept, String::from_utf8_lossy(&plain.stdout));
            assert!(!kept.contains("DNS check"), "{kept}");
            assert!(
                text.lines().any(|l| l.starts_with("    DNS check")
                    && l.ends_with("confirmed: fastmail.con no_domain; fastmail.com mx_ok")),
                "{text}"
            );
        } else {
            let text = String::from_utf8(verified.stdout).unwrap();
            let mut kept = String::new();
            let mut in_verify = false;
            for line in text.split_inclusive('\n') {
                in_verify = line.starts_with("  verify ")
                    || (in_verify && line.starts_with("               "));
                if !in_verify {
                    kept.push_str(line);
                }
            }
            assert_eq!(kept.as_bytes(), plain.stdout.as_slice());
            assert!(
                text.contains(
                    "  verify       confirmed: fastmail.con no_domain; fastmail.com mx_ok\n\
                     \x20              recipient_domain fastmail.con: no_domain (NXDOMAIN"
                ),
                "{text}"
            );
            assert!(
                text.contains(
                    "  verify       contradicted: 93.184.216.34 not_listed on dnsbl.test\n\
                     \x20              dnsbl 93.184.216.34 on dnsbl.test: not_listed (NXDOMAIN"
                ),
                "{text}"
            );
        }
        server.seen.lock().unwrap().clear();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_summaries_count_verdicts_per_cause() {
    let server = DnsServer::start();
    let dir = scratch("summary");
    write_cases(&dir);
    let d = dir.to_str().unwrap();
    let args = verify_args(&server);
    let lines = json_lines(&run(&with(&args, &[d]), LIMIT).stdout);
    let mut want: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for l in &lines {
        let per = want
            .entry(l["cause"].as_str().unwrap().to_string())
            .or_insert_with(|| {
                ["confirmed", "contradicted", "inconclusive"]
                    .iter()
                    .map(|v| (v.to_string(), 0))
                    .collect()
            });
        *per.get_mut(l["verify"]["verdict"].as_str().unwrap())
            .unwrap() += 1;
    }
    let out = run(
        &with(&args, &["-f", "none", "--summary-json", "-", d]),
        LIMIT,
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: BTreeMap<String, BTreeMap<String, u64>> =
        serde_json::from_value(summary["verify_by_cause"].clone()).unwrap();
    assert_eq!(got, want);
    assert_eq!(got["bad_mx"]["confirmed"], 4);
    assert_eq!(got["bad_mx"]["contradicted"], 1);

    let out = run(&with(&args, &["-f", "none", "--summary", d]), LIMIT);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let table: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.starts_with("verify verdicts by cause"))
        .collect();
    assert!(
        table[0].ends_with("confirmed contradicted inconclusive"),
        "{stderr}"
    );
    let row = |cause: &str| {
        table
            .iter()
            .find(|l| l.starts_with(cause))
            .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
    };
    assert_eq!(row("bad_mx").as_deref(), Some("4 1 0"), "{stderr}");
    assert_eq!(row("server_down").as_deref(), Some("1 0 1"), "{stderr}");
    // Without --verify the summary has no verdicts.
    let out = run(&["-f", "none", "--summary-json", "-", d], LIMIT);
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(summary.get("verify_by_cause").is_none(), "{summary}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Many messages, few names: each name is asked once.
#[test]
fn each_name_is_asked_once_across_many_messages() {
    let server = DnsServer::start();
    let dir = scratch("many");
    let mut mbox = String::new();
    for i in 0..300 {
        let (rcpt, (status, diag), sender) = match i % 3 {
            0 => (format!("u{i}@good.test"), UNKNOWN_USER, "kim@example.org"),
            1 => (format!("u{i}@goood.test"), UNKNOWN_HOST, "kim@example.org"),
            _ => (format!("u{i}@good.test"), BLOCKED, "kim@bare.test"),
        };
        mbox.push_str("From MAILER-DAEMON Wed Mar  4 09:00:00 2026\n");
        mbox.push_str(&bounce(&rcpt, status, diag, sender).replace("\r\n", "\n"));
        mbox.push('\n');
    }
    let path = dir.join("bounces.mbox");
    std::fs::write(&path, mbox).unwrap();
    let args = verify_args(&server);
    let start = Instant::now();
    let out = run(
        &with(
            &args,
            &["-f", "none", "--summary-json", "-", path.to_str().unwrap()],
        ),
        LIMIT,
    );
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["messages"], 300, "{stderr}");
    assert_eq!(
        summary["verify_by_cause"]["nonexistent_mailbox"]["confirmed"],
        100
    );
    assert_eq!(summary["verify_by_cause"]["bad_mx"]["confirmed"], 100);
    assert_eq!(summary["verify_by_cause"]["spam_filter"]["confirmed"], 100);
    let seen = server.seen.lock().unwrap().clone();
    for (name, type_) in [
        ("good.test", "MX"),
        ("goood.test", "MX"),
        ("mx1.good.test", "A"),
        ("bare.test", "MX"),
        ("out.bare.test", "A"),
        ("35.216.184.93.dnsbl.test", "A"),
    ] {
        assert_eq!(server.count(name, type_), 1, "{name} {type_}: {seen:?}");
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "asked more than once: {twice:?}");
    let stats = stderr.lines().find(|l| l.starts_with("verify: ")).unwrap();
    assert_eq!(
        stats,
        format!(
            "verify: {} lookups, {} DNS queries",
            stats_lookups(stats),
            seen.len()
        )
    );
    assert!(stats_lookups(stats) > 600, "{stats}");
    eprintln!(
        "300 messages: {stats}, {} distinct names and types, {took:?}",
        seen.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unreachable_resolver_is_inconclusive_and_quick() {
    // A port nothing listens on (bound, then closed).
    let port = UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let dir = scratch("unreachable");
    write_cases(&dir);
    let start = Instant::now();
    let out = run(
        &[
            "--verify",
            "--resolver",
            &port,
            "--dns-timeout",
            "200",
            "--sending-ip",
            "93.184.216.35",
            dir.to_str().unwrap(),
        ],
        LIMIT,
    );
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), CASES.len());
    for l in &lines {
        assert_eq!(l["verify"]["verdict"], "inconclusive", "{l}");
        let checks = l["verify"]["checks"].as_array().unwrap();
        assert!(!checks.is_empty(), "{l}");
        assert!(checks.iter().all(|c| c["result"] == "error"), "{l}");
    }
    // 14 messages, each lookup at most 2 x 200 ms, failures kept for the run.
    assert!(took < Duration::from_secs(10), "{took:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_errors_exit_2_and_name_the_flag() {
    for (args, says) in [
        (&["--resolver", "127.0.0.1", "x.eml"][..], "--resolver"),
        (&["--dnsbl", "dnsbl.test", "x.eml"], "--dnsbl"),
        (&["--sending-ip", "192.0.2.1", "x.eml"], "--sending-ip"),
        (&["--dns-timeout", "100", "x.eml"], "--dns-timeout"),
        (
            &["--verify", "--resolver", "dns.example", "x.eml"],
            "--resolver",
        ),
        (
            &["--verify", "--sending-ip", "300.1.1.1", "x.eml"],
            "--sending-ip",
        ),
        (
            &["--verify", "--sender-domain", "a..b", "x.eml"],
            "--sender-domain",
        ),
        (&["--verify", "--dnsbl", "bad zone", "x.eml"], "--dnsbl"),
        (
            &["--verify", "--dns-timeout", "0", "x.eml"],
            "--dns-timeout",
        ),
        (
            &["--verify", "--dns-budget", "soon", "x.eml"],
            "--dns-budget",
        ),
        (&["--verify", "--resolver"], "--resolver"),
    ] {
        let out = run(args, LIMIT);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        let first = stderr.lines().next().unwrap_or("");
        assert!(
            first.starts_with("bounce-cause: ") && first.contains(says),
            "{args:?}: {stderr}"
        );
        assert!(out.stdout.is_empty());
    }
    let out = run(&["--resolver", "127.0.0.1", "x.eml"], LIMIT);
    assert!(String::from_utf8_lossy(&out.stderr).contains("add --verify"));
    // The help says what --verify does.
    let help = run(&["--help"], LIMIT);
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--verify",
        "--resolver",
        "--dnsbl",
        "--sending-ip",
        "--sender-domain",
        "--dns-timeout",
        "--dns-budget",
    ] {
        assert!(help.contains(flag), "{flag}");
    }
}
