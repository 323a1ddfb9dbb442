//! The log-line readers over our own log fixtures (`fixtures/logs/`), one
//! test per format, and bad input: no panic, no record from junk.

use std::path::Path;

use bounce_cause::{Action, LogFormat, MAX_LOG_LINE_BYTES, classify_reply, read_log_line};

/// What one recognised recipient must come out as.
struct Want {
    line: usize,
    recipient: &'static str,
    action: Action,
    status: Option<&'static str>,
    reason: &'static str,
    remote: Option<&'static str>,
    command: Option<&'static str>,
    queue_id: Option<&'static str>,
    time: Option<&'static str>,
}

const F: Action = Action::Failed;
const D: Action = Action::Delayed;

#[allow(clippy::too_many_arguments)]
const fn w(
    line: usize,
    recipient: &'static str,
    action: Action,
    status: Option<&'static str>,
    reason: &'static str,
    remote: Option<&'static str>,
    command: Option<&'static str>,
    queue_id: Option<&'static str>,
    time: Option<&'static str>,
) -> Want {
    Want {
        line,
        recipient,
        action,
        status,
        reason,
        remote,
        command,
        queue_id,
        time,
    }
}

/// Reads a fixture and checks every record against `want`, in order, and
/// that lines not listed gave none.
fn check(file: &str, format: LogFormat, want: &[Want]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/logs")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut got = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for r in read_log_line(line) {
            got.push((i + 1, r));
        }
    }
    let summary: Vec<String> = got
        .iter()
        .map(|(n, r)| format!("{n}: {:?}", classify_reply(&r.reply).recipient))
        .collect();
    assert_eq!(got.len(), want.len(), "{file}: {summary:?}");
    for ((n, r), w) in got.iter().zip(want) {
        let d = classify_reply(&r.reply);
        let at = format!("{file}:{n}");
        assert_eq!(*n, w.line, "{at}");
        assert_eq!(r.format, format, "{at}");
        assert_eq!(d.recipient, w.recipient, "{at}");
        assert_eq!(r.action, w.action, "{at}");
        assert_eq!(
            d.action, w.action,
            "{at}: the diagnosis keeps the log's action"
        );
        assert_eq!(d.status.map(|s| s.to_string()).as_deref(), w.status, "{at}");
        assert_eq!(d.reason.to_string(), w.reason, "{at}: {}", d.diagnostic);
        assert_eq!(d.remote_mta.as_deref(), w.remote, "{at}");
        assert_eq!(d.command.as_deref(), w.command, "{at}");
        assert_eq!(r.queue_id.as_deref(), w.queue_id, "{at}");
        assert_eq!(r.time.as_deref(), w.time, "{at}");
        if w.action == D {
            assert!(!d.permanent, "{at}: a delay is never permanent");
        }
    }
}

#[test]
fn postfix() {
    check(
        "postfix.log",
        LogFormat::Postfix,
        &[
            w(
                1,
                "rita@example.com",
                F,
                Some("5.1.1"),
                "userunknown",
                Some("mx1.example.com"),
                Some("RCPT"),
                Some("4Bc9Q1xYz"),
                Some("Nov 2 10:00:01"),
            ),
            w(
                2,
                "sam@example.net",
                D,
                Some("4.2.2"),
                "mailboxfull",
                Some("mx.example.net"),
                Some("RCPT"),
                Some("4Bc9Q1xZa"),
                Some("Nov 2 10:00:02"),
            ),
            w(
                5,
                "uma@example.org",
                F,
                Some("5.7.1"),
                "blocked",
                Some("mx.example.org"),
                Some("DATA"),
                Some("4Bc9Q1xZc"),
                Some("2026-11-02T10:00:05.250113+00:00"),
            ),
            w(
                6,
                "vic@example.com",
                F,
                Some("5.2.2"),
                "mailboxfull",
                Some("store.example.com"),
                Some("DATA"),
                Some("4Bc9Q1xZd"),
                Some("2026-11-02T10:00:06.000001+00:00"),
            ),
            w(
                7,
                "wendy@out1.example.com",
                F,
                Some("5.1.1"),
                "userunknown",
                None,
                None,
                Some("4Bc9Q1xZe"),
                Some("Nov 2 10:00:07"),
            ),
            w(
                8,
                "xena@example.com",
                F,
                Some("5.2.2"),
                "mailboxfull",
                None,
                None,
                Some("4Bc9Q1xZf"),
                Some("Nov 2 10:00:08"),
            ),
            w(
                9,
                "yuri@nowhere.example",
                D,
                Some("4.4.1"),
                "expired",
                Some("mx.nowhere.example"),
                None,
                Some("4Bc9Q1xZg"),
                Some("Nov 2 10:00:09"),
            ),
        ],
    );
}

#[test]
fn exim() {
    check(
        "exim.log",
        LogFormat::Exim,
        &[
            w(
                2,
                "rita@example.com",
                F,
                Some("5.1.1"),
                "userunknown",
                Some("mx1.example.com"),
                Some("RCPT"),
                Some("1vAbCd-000Ab1-Q2"),
                Some("2026-11-02 10:01:02"),
            ),
            w(
                3,
                "sam@example.net",
                D,
                Some("4.7.1"),
                "blocked",
                Some("mx.example.net"),
                Some("RCPT"),
                Some("1vAbCd-000Ab1-Q2"),
                Some("2026-11-02 10:01:03"),
            ),
            w(
                5,
                "uma@example.org",
                F,
                Some("5.7.1"),
                "spamdetected",
                Some("mx.example.org"),
                Some("DATA"),
                Some("1vAbCe-000Ab2-R3"),
                Some("2026-11-02 10:01:05 +0100"),
            ),
            w(
                6,
                "zed@nowhere.invalid",
                F,
                None,
                "hostunknown",
                None,
                None,
                Some("1vAbCf-000Ab3-S4"),
                Some("2026-11-02 10:01:06"),
            ),
        ],
    );
}

#[test]
fn sendmail() {
    check(
        "sendmail.log",
        LogFormat::Sendmail,
        &[
            w(
                2,
                "rita@example.com",
                F,
                Some("5.1.1"),
                "userunknown",
                Some("mx1.example.com"),
                None,
                Some("5A2A0b1c012345"),
                Some("Nov 2 10:02:02"),
            ),
            w(
                2,
                "ross@example.com",
                F,
                Some("5.1.1"),
                "userunknown",
                Some("mx1.example.com"),
                None,
                Some("5A2A0b1c012345"),
                Some("Nov 2 10:02:02"),
            ),
            w(
                3,
                "sam@example.net",
                D,
                Some("4.0.0"),
                "expired",
                Some("mx.example.net"),
                None,
                Some("5A2A0b1c012346"),
                Some("Nov 2 10:02:03"),
            ),
        ],
    );
}

#[test]
fn opensmtpd() {
    check(
        "opensmtpd.log",
        LogFormat::OpenSmtpd,
        &[
            w(
                1,
                "rita@example.com",
                F,
                Some("5.1.1"),
                "userunknown",
                Some("mx1.example.com"),
                None,
                Some("3f1c0a2b4d5e6f70"),
                Some("Nov 2 10:03:01"),
            ),
            w(
                2,
                "sam@example.net",
                D,
                Some("4.7.0"),
                "ratelimited",
                Some("mx.example.net"),
                None,
                Some("3f1c0a2b4d5e6f71"),
                Some("Nov 2 10:03:02"),
            ),
            w(
                4,
                "uma@example.org",
                F,
                Some("5.2.2"),
                "mailboxfull",
                Some("mx.example.org"),
                None,
                Some("3f1c0a2b4d5e6f73"),
                Some("Nov 2 10:03:04"),
            ),
        ],
    );
}

#[test]
fn bare_replies() {
    check(
        "replies.txt",
        LogFormat::Reply,
        &[
            w(
                1,
                "rita@example.com",
                F,
                Some("5.1.1"),
                "userunknown",
                None,
                None,
                None,
                None,
            ),
            w(
                2,
                "sam@example.net",
                D,
                Some("4.2.2"),
                "mailboxfull",
                None,
                None,
                None,
                None,
            ),
            w(4, "", F, Some("5.7.1"), "blocked", None, None, None, None),
            w(
                6,
                "",
                F,
                Some("5.7.1"),
                "spamdetected",
                None,
                None,
                None,
                None,
            ),
        ],
    );
}

#[cfg(feature = "logs-json")]
#[test]
fn kumomta() {
    check(
        "kumomta.jsonl",
        LogFormat::KumoMta,
        &[
            w(
                1,
                "rita@example.com",
                F,
                Some("5.1.1"),
                "userunknown",
                Some("mx1.example.com"),
                Some("RCPT"),
                Some("1d98076abbbc11ed940250ebf67f93bd"),
                Some("2026-11-02T10:00:01Z"),
            ),
            w(
                2,
                "sam@example.net",
                D,
                Some("4.2.2"),
                "mailboxfull",
                Some("mx.example.net"),
                Some("RCPT"),
                Some("1d98076abbbc11ed940250ebf67f93be"),
                Some("2026-11-02T10:00:02Z"),
            ),
        ],
    );
}

#[cfg(feature = "logs-json")]
#[test]
fn amazonses() {
    check(
        "amazonses.jsonl",
        LogFormat::AmazonSes,
        &[
            w(
                1,
                "rita@example.com",
                F,
                Some("5.1.1"),
                "userunknown",
                None,
                None,
                Some("0100018c-aaaa-bbbb-cccc-000000000001"),
                Some("2026-11-02T10:04:01.000Z"),
            ),
            w(
                1,
                "ross@example.com",
                F,
                Some("5.2.1"),
                "suspend",
                None,
                None,
                Some("0100018c-aaaa-bbbb-cccc-000000000001"),
                Some("2026-11-02T10:04:01.000Z"),
            ),
            w(
                2,
                "sam@example.net",
                D,
                Some("4.4.1"),
                "expired",
                None,
                None,
                Some("0100018c-aaaa-bbbb-cccc-000000000002"),
                Some("2026-11-02T10:04:02.000Z"),
            ),
            w(
                4,
                "uma@example.org",
                F,
                Some("5.1.1"),
                "userunknown",
                None,
                None,
                Some("0100018c-aaaa-bbbb-cccc-000000000004"),
                Some("2026-11-02T10:04:04.000Z"),
            ),
        ],
    );
}

/// Every fixture line cut at every character boundary, and with bytes
/// replaced: never a panic, and a cut line is still read or skipped.
#[test]
fn cut_and_damaged_lines_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/logs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: no {}", dir.display());
        return;
    };
    let mut lines = 0;
    for entry in entries {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            lines += 1;
            for (i, _) in line.char_indices() {
                for part in [&line[..i], &line[i..]] {
                    for r in read_log_line(part) {
                        let _ = classify_reply(&r.reply);
                    }
                }
                let mut damaged = line.as_bytes().to_vec();
                damaged[i] = [0u8, b'"', b'<', b' ', 0xff][i % 5];
                let damaged = String::from_utf8_lossy(&damaged);
                for r in read_log_line(&damaged) {
                    let _ = classify_reply(&r.reply);
                }
            }
        }
    }
    assert!(lines > 30, "{lines} fixture lines");
}

#[test]
fn bad_input_gives_no_record() {
    // Binary data, read lossily as the command-line tool does.
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    assert!(read_log_line(&String::from_utf8_lossy(&binary)).is_empty());
    // A line over the cap is not read, even one that would be a reply.
    let mut long = String::from("550 5.1.1 <a@example.com>: unknown ");
    long.push_str(&"x".repeat(MAX_LOG_LINE_BYTES));
    assert!(read_log_line(&long).is_empty());
    assert_eq!(
        read_log_line(&long[..MAX_LOG_LINE_BYTES]).len(),
        1,
        "at the cap it is read"
    );
    let huge = "y".repeat(10 << 20);
    assert!(read_log_line(&huge).is_empty());
    // Invalid UTF-8 in the reply: decoded lossily, still read.
    let mixed = b"Nov  2 10:00:01 out1 postfix/smtp[1]: Q1: to=<a@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 Benutzer \xfcnbekannt \xe4 user unknown (in reply to RCPT TO command))";
    let mixed = String::from_utf8_lossy(mixed);
    let r = read_log_line(&mixed);
    assert_eq!(r.len(), 1);
    assert_eq!(classify_reply(&r[0].reply).recipient, "a@example.com");
    for junk in [
        "",
        " ",
        "\r\n",
        "{",
        "{\"type\":",
        "2026-11-02 10:00:01",
        "550",
        "Nov  2 10:00:01 h postfix/smtp[1]: Q: to=<>, status=bounced (x)",
    ] {
        for r in read_log_line(junk) {
            let _ = classify_reply(&r.reply);
        }
    }
}
