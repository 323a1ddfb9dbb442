//! `bounce-cause --lines`, through the built binary: fields and sources,
//! order kept across threads, stdin, counts, and bad input (binary data, a
//! 10 MiB line, invalid UTF-8, an unterminated last line, a missing file).

mod cli_support;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bounce-cause"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().unwrap()
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn scratch(name: &str) -> PathBuf {
    cli_support::scratch("lines", name)
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/logs")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

const BOUNCED: &str = "Nov  2 10:00:01 out1 postfix/smtp[7]: Q{n}: to=<u{n}@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 <u{n}@example.com>: no mailbox by that name (in reply to RCPT TO command))";
const DEFERRED: &str = "Nov  2 10:00:02 out1 postfix/smtp[7]: Q{n}: to=<u{n}@example.net>, relay=mx.example.net[192.0.2.2]:25, dsn=4.2.2, status=deferred (host mx.example.net[192.0.2.2] said: 452 4.2.2 mailbox over quota (in reply to RCPT TO command))";
const SENT: &str = "Nov  2 10:00:03 out1 postfix/smtp[7]: Q{n}: to=<u{n}@example.org>, relay=mx.example.org[192.0.2.3]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok)";

#[test]
fn fixture_lines_give_sources_kinds_queue_ids_and_times() {
    let path = fixture("postfix.log");
    if !Path::new(&path).is_file() {
        eprintln!("skipped: no {path} (the published package leaves fixtures/ out)");
        return;
    }
    let o = run(&["--lines", &path]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let lines = json_lines(&o.stdout);
    let sources: Vec<String> = lines
        .iter()
        .map(|l| l["source"].as_str().unwrap().to_string())
        .collect();
    let want: Vec<String> = [1, 2, 5, 6, 7, 8, 9]
        .iter()
        .map(|n| format!("{path}:{n}"))
        .collect();
    assert_eq!(sources, want);
    let l = &lines[1];
    assert_eq!(l["kind"], "delayed");
    assert_eq!(l["action"], "delayed");
    assert_eq!(l["permanent"], false);
    assert_eq!(l["queue_id"], "4Bc9Q1xZa");
    assert_eq!(l["time"], "Nov 2 10:00:02");
    assert_eq!(l["format"], "postfix");
    // The fields of the mail mode are all there.
    for field in [
        "recipient",
        "status",
        "reply_code",
        "reason",
        "cause",
        "rule",
        "fixes",
        "diagnostic",
        "hard_bounce",
        "message_id",
    ] {
        assert!(l.get(field).is_some(), "{field}");
    }
    assert_eq!(lines[0]["kind"], "failed");
    assert_eq!(lines[0]["cause"], "nonexistent_mailbox");
}

#[test]
fn order_is_kept_across_threads_and_counts_add_up() {
    let dir = scratch("order");
    let path = dir.join("big.log");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let n = 30_000;
    for i in 0..n {
        let line = [BOUNCED, DEFERRED, SENT][i % 3].replace("{n}", &i.to_string());
        writeln!(f, "{line}").unwrap();
    }
    drop(f);
    let path = path.to_string_lossy().into_owned();
    let o = run(&["--lines", "-j", "4", "--summary", &path]);
    assert_eq!(o.status.code(), Some(0));
    let lines = json_lines(&o.stdout);
    assert_eq!(lines.len(), n / 3 * 2);
    let numbers: Vec<usize> = lines
        .iter()
        .map(|l| {
            l["source"]
                .as_str()
                .unwrap()
                .rsplit_once(':')
                .unwrap()
                .1
                .parse()
                .unwrap()
        })
        .collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "out of order");
    for l in &lines {
        let n: usize = l["source"]
            .as_str()
            .unwrap()
            .rsplit_once(':')
            .unwrap()
            .1
            .parse()
            .unwrap();
        let want = if (n - 1).is_multiple_of(3) {
            "failed"
        } else {
            "delayed"
        };
        assert_eq!(l["kind"], want);
        assert_eq!(
            l["recipient"].as_str().unwrap().split('@').next().unwrap(),
            format!("u{}", n - 1)
        );
    }
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("lines read        {n}")), "{err}");
    assert!(
        err.contains(&format!("recognised      {}", n / 3 * 2)),
        "{err}"
    );
    assert!(err.contains(&format!("skipped         {}", n / 3)), "{err}");
}

#[test]
fn stdin_and_an_unterminated_last_line() {
    let mut child = bin()
        .args(["--lines", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input
        .write_all(b"not a log line\n452 4.2.2 <a@example.com>: mailbox full\n550 5.1.1 <b@example.com>: no such user")
        .unwrap();
    drop(input);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let lines = json_lines(&o.stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["source"], "-:2");
    assert_eq!(lines[0]["kind"], "delayed");
    assert_eq!(lines[1]["source"], "-:3");
    assert_eq!(lines[1]["recipient"], "b@example.com");
}

#[test]
fn bad_input_is_skipped_and_counted_never_a_stop() {
    let dir = scratch("bad");
    let mut body: Vec<u8> = Vec::new();
    body.extend((0..=255u8).cycle().take(3000).filter(|&b| b != b'\n'));
    body.push(b'\n');
    body.extend(std::iter::repeat_n(b'y', 10 << 20));
    body.push(b'\n');
    body.extend_from_slice(b"550 5.1.1 <c@example.com>: Benutzer \xfcnbekannt, no such user\n");
    body.extend_from_slice(b"\x00\x01\x02\n");
    body.extend_from_slice(BOUNCED.replace("{n}", "9").as_bytes());
    let path = dir.join("bad.log");
    std::fs::write(&path, &body).unwrap();
    let path = path.to_string_lossy().into_owned();
    let missing = dir.join("missing.log").to_string_lossy().into_owned();
    let o = run(&["--lines", "--summary", &missing, &path]);
    // The missing file is an input error; the other file is read in full.
    assert_eq!(o.status.code(), Some(2));
    let lines = json_lines(&o.stdout);
    let sources: Vec<&str> = lines
        .iter()
        .map(|l| l["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, [format!("{path}:3"), format!("{path}:5")]);
    assert_eq!(lines[0]["recipient"], "c@example.com");
    assert!(
        lines[0]["diagnostic"]
            .as_str()
            .unwrap()
            .contains('\u{fffd}')
    );
    assert_eq!(lines[1]["recipient"], "u9@example.com");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("missing.log"), "{err}");
    assert!(err.contains("lines read        5"), "{err}");
    assert!(err.contains("too long      1"), "{err}");
    assert!(err.contains("skipped         3"), "{err}");
}

#[test]
fn text_format_is_a_usage_error_with_lines() {
    let o = run(&["--lines", "-f", "text", "x"]);
    assert_eq!(o.status.code(), Some(2));
}
