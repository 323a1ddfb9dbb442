//! The command-line tool, through the built binary: exit codes, the
//! directory walk, special files, the summary outputs, the output fields,
//! text safe for a terminal. Built only with the `cli` feature (see the
//! `[[test]]` entry in Cargo.toml).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use serde_json::Value;

mod cli_support;
use cli_support::run_within;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bounce-cause"));
    c.env_remove("NO_COLOR");
    c
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut c = bin();
    for a in args {
        c.arg(a);
    }
    run_within(&mut c, Duration::from_secs(60))
}

fn scratch(name: &str) -> PathBuf {
    cli_support::scratch("cli", name)
}

/// A DSN for one recipient.
fn dsn(rcpt: &str, action: &str, status: &str, diag: &str) -> String {
    format!(
        "From: MAILER-DAEMON@mx.example.net\r\n\
Date: Tue, 3 Mar 2026 10:20:30 +0100\r\n\
Subject: Delivery Status Notification\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nA delivery report.\r\n\
--b\r\nContent-Type: message/delivery-status\r\n\r\n\
Reporting-MTA: dns; mx.example.net\r\n\r\n\
Final-Recipient: rfc822; {rcpt}\r\nAction: {action}\r\nStatus: {status}\r\n\
Diagnostic-Code: smtp; {diag}\r\n\
--b\r\nContent-Type: text/rfc822-headers\r\n\r\n\
From: ann@example.org\r\nTo: {rcpt}\r\nSubject: Minutes\r\nMessage-ID: <m1@example.org>\r\n\
--b--\r\n"
    )
}

fn failed(rcpt: &str) -> String {
    dsn(rcpt, "failed", "5.1.1", "550 5.1.1 no such user here")
}

const FEEDBACK: &str = "From: fbl@isp.example.net\r\nTo: abuse@example.com\r\n\
Subject: complaint\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=feedback-report; boundary=\"f\"\r\n\r\n\
--f\r\nContent-Type: text/plain\r\n\r\nA user marked this as spam.\r\n\
--f\r\nContent-Type: message/feedback-report\r\n\r\n\
Feedback-Type: abuse\r\nUser-Agent: TestFBL/1\r\nVersion: 1\r\n\
Original-Rcpt-To: <reader@example.net>\r\n\r\n\
--f\r\nContent-Type: message/rfc822\r\n\r\n\
From: news@example.com\r\nTo: reader@example.net\r\nSubject: deals\r\n\r\nbody\r\n--f--\r\n";

const AUTO_REPLY: &str = "From: Dora <dora@example.net>\r\nTo: ann@example.org\r\n\
Subject: Out of office: Minutes\r\nAuto-Submitted: auto-replied\r\n\r\n\
I am out of the office until Monday and will answer when I am back.\r\n";

const NOT_A_BOUNCE: &str =
    "From: ann@example.org\r\nTo: bob@example.com\r\nSubject: lunch?\r\n\r\nNoon?\r\n";

fn write(dir: &Path, name: &str, body: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, body).unwrap();
    p
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    std::str::from_utf8(out)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

// Issue 13, problem 1: the exit status says what happened; input errors
// reach stderr, with any --format.
#[test]
fn exit_status_is_0_found_1_none_2_error() {
    let d = scratch("exit");
    let bad = write(&d, "bad.eml", failed("x@example.com"));
    let fine = write(
        &d,
        "fine.eml",
        dsn("y@example.com", "delivered", "2.0.0", "250 ok"),
    );
    let lunch = write(&d, "lunch.eml", NOT_A_BOUNCE);
    let missing = d.join("missing.eml");

    assert_eq!(run(&[&bad]).status.code(), Some(0));
    assert_eq!(run(&[&fine, &lunch]).status.code(), Some(1));
    let o = run(&[&"--format", &"none", &"--summary", &bad, &missing]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unreadable input wins over found"
    );
    assert!(o.stdout.is_empty());
    let err = text(&o.stderr);
    assert!(err.contains("missing.eml: cannot read"), "{err}");
    // In JSON Lines, the error is a line too.
    let o = run(&[&missing]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        json_lines(&o.stdout)[0]["error"]
            .as_str()
            .unwrap()
            .contains("cannot read")
    );
    // A usage error: one line and a pointer to the help.
    let o = run(&[&"--no-such-flag", &bad]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(err.lines().nth(1).unwrap().contains("--help"));
    let _ = std::fs::remove_dir_all(&d);
}

// Issue 13, problem 2: links are not followed without --follow; with it,
// loops end; Maildir++ folders are read and a maildir's tmp/ is skipped
// with a word.
#[cfg(unix)]
#[test]
fn the_walk_survives_link_loops_and_reads_maildirs() {
    use std::os::unix::fs::symlink;
    let d = scratch("walk");
    write(&d, "a/one.eml", failed("one@example.com"));
    write(&d, "b/two.eml", failed("two@example.com"));
    symlink("..", d.join("a/up")).unwrap();
    symlink("..", d.join("b/up")).unwrap();
    for follow in [false, true] {
        let mut c = bin();
        if follow {
            c.arg("--follow");
        }
        let o = run_within(c.arg(&d), Duration::from_secs(30));
        let lines = json_lines(&o.stdout);
        let rcpts: Vec<&str> = lines
            .iter()
            .map(|l| l["recipient"].as_str().unwrap())
            .collect();
        assert_eq!(
            rcpts,
            ["one@example.com", "two@example.com"],
            "follow {follow}"
        );
        let err = text(&o.stderr);
        if follow {
            assert!(err.contains("loop"), "{err}");
        } else {
            assert_eq!(err.matches("symbolic link").count(), 2, "{err}");
        }
        assert_eq!(o.status.code(), Some(0));
    }

    let m = scratch("maildir");
    write(&m, "cur/1.eml", failed("cur@example.com"));
    write(&m, "new/2", failed("new@example.com"));
    write(&m, "tmp/3", failed("tmp@example.com"));
    write(&m, "dovecot-uidlist", "3 V1 N4\n");
    write(&m, ".Sent/cur/4", failed("sent@example.com"));
    std::fs::create_dir_all(m.join(".Sent/new")).unwrap();
    write(&m, ".git/HEAD", "ref\n");
    // A directory named tmp that is not a maildir's is read.
    write(&m, "archive/tmp/5.eml", failed("archived@example.com"));
    let o = run(&[&m]);
    let lines = json_lines(&o.stdout);
    let mut rcpts: Vec<&str> = lines
        .iter()
        .map(|l| l["recipient"].as_str().unwrap())
        .collect();
    rcpts.sort();
    assert_eq!(
        rcpts,
        [
            "archived@example.com",
            "cur@example.com",
            "new@example.com",
            "sent@example.com"
        ]
    );
    let err = text(&o.stderr);
    assert!(
        err.contains("tmp") && err.contains("being delivered"),
        "{err}"
    );
    assert!(err.contains(".git") && err.contains("hidden"), "{err}");
    let _ = std::fs::remove_dir_all(&d);
    let _ = std::fs::remove_dir_all(&m);
}

// Issue 13, problem 3: stdout stays JSON Lines with --summary; the JSON
// summary goes to a file, or to stdout only when nothing else does.
#[test]
fn the_summary_keeps_stdout_json_lines() {
    let d = scratch("summary");
    write(&d, "1.eml", failed("a@example.com"));
    write(&d, "2.eml", FEEDBACK);
    let o = run(&[&"--summary", &d]);
    assert_eq!(json_lines(&o.stdout).len(), 2);
    assert!(
        text(&o.stderr).contains("messages"),
        "the table is on stderr"
    );

    let file = d.join("summary.json.out");
    let o = run(&[&"--summary-json", &file, &d]);
    assert_eq!(json_lines(&o.stdout).len(), 2);
    let s: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(s["messages"], 2);

    let o = run(&[&"--format", &"none", &"--summary-json", &"-", &d]);
    let v = json_lines(&o.stdout);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["recipients"]["failed"], 1);
    let o = run(&[&"--summary-json", &"-", &d]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "- with per-recipient output is refused"
    );
    let _ = std::fs::remove_dir_all(&d);
}

// Issue 13, problem 4: kinds are counted apart, hard bounces and
// permanent/temporary too, and tables are capped.
#[test]
fn the_summary_counts_kinds_apart() {
    let d = scratch("kinds");
    write(&d, "failed.eml", failed("gone@example.com"));
    write(
        &d,
        "full.eml",
        dsn(
            "full@example.org",
            "failed",
            "4.2.2",
            "452 4.2.2 mailbox full",
        ),
    );
    write(
        &d,
        "delayed.eml",
        dsn("slow@example.net", "delayed", "4.4.1", "421 try later"),
    );
    write(
        &d,
        "delivered.eml",
        dsn("ok@example.net", "delivered", "2.0.0", "250 ok"),
    );
    write(&d, "feedback.eml", FEEDBACK);
    write(&d, "auto.eml", AUTO_REPLY);
    for i in 0..8 {
        write(
            &d,
            &format!("many{i}.eml"),
            failed(&format!("u@d{i}.example.com")),
        );
    }
    let o = run(&[
        &"--format",
        &"none",
        &"--summary",
        &"--summary-json",
        &"-",
        &d,
    ]);
    let s = &json_lines(&o.stdout)[0];
    assert_eq!(s["recipients"]["failed"], 10, "{s}");
    assert_eq!(s["recipients"]["delayed"], 1, "{s}");
    assert_eq!(s["recipients"]["delivered"], 1, "{s}");
    assert_eq!(s["recipients"]["feedback"], 1, "{s}");
    assert_eq!(s["recipients"]["auto_reply"], 1, "{s}");
    assert_eq!(s["failed_permanent"], 9, "{s}");
    assert_eq!(s["failed_temporary"], 1, "{s}");
    assert_eq!(s["hard_bounces"], 9, "{s}");
    let table = text(&o.stderr);
    assert!(
        table.contains("10 failed (9 permanent, 1 temporary; 9 hard bounces"),
        "{table}"
    );
    assert!(
        table.contains("and 4 more (4 recipients)"),
        "domains capped: {table}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

// Issue 13, problems 5, 6 and 7: what `cargo install`, `cargo package` and a
// plain `cargo test` depend on, read from the manifest.
#[test]
fn the_manifest_installs_and_packages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let toml = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(
        toml.contains("default = [\"cli\"]"),
        "cargo install needs cli on by default"
    );
    for key in [
        "repository",
        "documentation",
        "keywords",
        "categories",
        "rust-version",
    ] {
        assert!(
            toml.lines().any(|l| l.starts_with(&format!("{key} ="))),
            "{key}"
        );
    }
    for f in ["LICENSE-MIT", "LICENSE-APACHE"] {
        assert!(root.join(f).is_file(), "{f} is missing");
        assert!(
            toml.contains(&format!("\"/{f}\"")),
            "{f} is not in the package"
        );
    }
    let release = toml.split("[profile.release]").nth(1).unwrap();
    let release = release.split("\n[").next().unwrap();
    assert!(
        !release.contains("debug"),
        "release binaries carry no debug info"
    );
    let cli_test = toml
        .split("[[test]]")
        .skip(1)
        .map(|t| t.split("\n[").next().unwrap())
        .find(|t| t.contains("name = \"cli\""))
        .expect("a [[test]] entry for tests/cli.rs");
    assert!(
        cli_test.contains("required-features = [\"cli\"]"),
        "{cli_test}"
    );
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains("default-features = false"),
        "library users skip the CLI"
    );
    assert!(
        readme.contains("cargo install --path ."),
        "README says how to install"
    );
}

// Issue 13, problem 8: the progress line goes to stderr only, and only when
// asked or when stderr alone is a terminal.
#[test]
fn progress_is_on_stderr_only() {
    let d = scratch("progress");
    let mut mbox = String::new();
    for i in 0..3000 {
        mbox.push_str("From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n");
        mbox.push_str(&failed(&format!("u{i}@example.com")).replace("\r\n", "\n"));
    }
    let p = write(&d, "big.mbox", mbox);
    let o = run(&[&p]);
    assert!(!o.stderr.contains(&b'\r'), "no terminal, no progress line");
    let o = run(&[&"--progress", &p]);
    assert!(!o.stdout.contains(&b'\r'));
    assert!(
        text(&o.stderr).contains(" messages, "),
        "{}",
        text(&o.stderr)
    );
    let o = run(&[&"--no-progress", &p]);
    assert!(o.stderr.is_empty());
    let _ = std::fs::remove_dir_all(&d);
}

// Issue 13, problem 9: version, help, colour, --jobs 0, non-UTF-8 paths.
#[test]
fn cli_basics() {
    let v = run(&[&"-V"]);
    assert_eq!(
        text(&v.stdout).trim(),
        format!("bounce-cause {}", env!("CARGO_PKG_VERSION"))
    );
    let short = run(&[&"-h"]).stdout;
    let long = run(&[&"--help"]).stdout;
    assert!(short.len() * 2 < long.len() && text(&long).contains("EXIT STATUS"));

    let d = scratch("basics");
    let p = write(&d, "x.eml", failed("x@example.com"));
    let colored = run(&[&"-f", &"text", &"--color", &"always", &p]).stdout;
    assert!(colored.windows(2).any(|w| w == b"\x1b["));
    for args in [
        &[
            &"-f" as &dyn AsRef<std::ffi::OsStr>,
            &"text",
            &"--color",
            &"never",
            &p,
        ][..],
        &[&"-f", &"text", &p],
    ] {
        assert!(!run(args).stdout.contains(&0x1b));
    }
    let all = run(&[&"--jobs", &"0", &d]);
    let one = run(&[&"--jobs", &"1", &d]);
    assert_eq!(all.status.code(), Some(0));
    assert_eq!(all.stdout, one.stdout);

    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"bad\xffname.eml");
        let p = write(&d, "placeholder", failed("nb@example.com"));
        let odd = d.join(name);
        std::fs::rename(&p, &odd).unwrap();
        let o = run(&[&odd]);
        let l = &json_lines(&o.stdout)[0];
        let bytes: Vec<u8> = l["source_bytes"]
            .as_array()
            .expect("source_bytes for a non-UTF-8 path")
            .iter()
            .map(|b| b.as_u64().unwrap() as u8)
            .collect();
        assert_eq!(
            bytes,
            odd.as_os_str().as_bytes(),
            "source_bytes round-trips"
        );
        assert!(l["source"].as_str().unwrap().ends_with("bad\\xffname.eml"));
    }
    let _ = std::fs::remove_dir_all(&d);
}

// Issue 13, problem 10: the fields the library knows, one naming scheme
// for messages inside a file, and no "(temporary)" for a delivered notice.
#[test]
fn output_fields_and_message_names() {
    let d = scratch("fields");
    let p = write(&d, "one.eml", failed("f@example.com"));
    let l = &json_lines(&run(&[&p]).stdout)[0];
    assert_eq!(l["reporting_mta"], "mx.example.net");
    assert_eq!(l["original_sender"], "ann@example.org");
    assert_eq!(l["original_to"], "f@example.com");
    assert_eq!(l["date"], "2026-03-03T10:20:30+01:00");
    assert_eq!(l["truncated"], false);
    assert!(l.get("message_index").is_none(), "one message, no index");

    let mbox = format!(
        "From a\n{}From b\n{}",
        failed("m1@example.com").replace("\r\n", "\n"),
        failed("m2@example.com").replace("\r\n", "\n")
    );
    for name in ["box.mbox", "box.eml"] {
        let p = write(&d, name, &mbox);
        let lines = json_lines(&run(&[&p]).stdout);
        for (i, l) in lines.iter().enumerate() {
            assert_eq!(l["source"], p.to_str().unwrap(), "source is the path");
            assert_eq!(l["message_index"], i + 1);
        }
    }
    let p = write(
        &d,
        "ok.eml",
        dsn("ok@example.net", "delivered", "2.0.0", "250 ok"),
    );
    let t = text(&run(&[&"-f", &"text", &p]).stdout);
    assert!(t.contains("(delivered)") && !t.contains("temporary"), "{t}");
    let _ = std::fs::remove_dir_all(&d);
}

// The 10,000-message mbox, every 7th message broken: every message gives
// output, in order, and the broken ones give exactly the error lines.
#[test]
fn reads_an_mbox_of_10_000_messages() {
    const N: usize = 10_000;
    let mut mbox = Vec::new();
    let mut broken = Vec::new();
    for i in 0..N {
        mbox.extend_from_slice(b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n");
        if i % 7 == 3 {
            broken.push(i + 1);
            match i % 4 {
                0 => mbox.extend_from_slice(b"\n\n"),
                1 => mbox.extend_from_slice(b"\xFF\xFE\0\0 garbage \x01\x02\n"),
                2 => mbox.extend_from_slice(b"Subject: lunch?\nFrom: a@example.org\n\nSee you.\n"),
                _ => mbox.extend_from_slice(b"no headers here at all\n"),
            }
        } else {
            let _ = write!(
                mbox,
                "From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\n\n<u{i}@example.com>: 550 5.1.1 no such user\n"
            );
        }
        mbox.push(b'\n');
    }
    let d = scratch("mbox");
    let path = write(&d, "bounces.mbox", &mbox);
    let out = run(&[&path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines = json_lines(&out.stdout);
    let mut seen = vec![false; N + 1];
    let mut errors = Vec::new();
    for l in &lines {
        let n = l["message_index"].as_u64().expect("message_index") as usize;
        seen[n] = true;
        if l.get("error").is_some() {
            errors.push(n);
        } else {
            assert_eq!(l["recipient"], format!("u{}@example.com", n - 1));
        }
    }
    assert!(seen[1..].iter().all(|&s| s), "a message printed nothing");
    assert_eq!(
        errors, broken,
        "error lines are exactly the broken messages"
    );
    let _ = std::fs::remove_dir_all(&d);
}

// Issue 16: a directory holding every kind of hostile entry. The run ends
// within a bound, prints one line per regular file and says what it skipped.
#[cfg(unix)]
#[test]
fn the_walk_survives_any_file_system() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{PermissionsExt, symlink};
    let d = scratch("hostile-fs");
    write(&d, "good.eml", failed("good@example.com"));
    write(&d, "empty.eml", "");
    let odd = d.join(std::ffi::OsStr::from_bytes(b"odd\xfe.eml"));
    std::fs::write(&odd, failed("odd@example.com")).unwrap();
    let fifo = d.join("pipe.eml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let _socket = std::os::unix::net::UnixListener::bind(d.join("socket.eml")).unwrap();
    symlink(d.join("nowhere.eml"), d.join("dangling.eml")).unwrap();
    symlink(".", d.join("loop")).unwrap();
    // A path close to PATH_MAX (4096 on Linux), a file at its end.
    let mut deep = d.join("deep");
    while deep.as_os_str().len() < 3900 {
        deep.push("d".repeat(200));
    }
    write(&deep, "deep.eml", failed("deep@example.com"));
    let locked = write(&d, "locked.eml", failed("locked@example.com"));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads it anyway: then that part of the test has no premise.
    let locked_works = std::fs::read(&locked).is_err();
    if !locked_works {
        eprintln!(
            "running as root: the unreadable-file case is skipped (root reads a mode-000 file)"
        );
    }

    for follow in [false, true] {
        let mut c = bin();
        if follow {
            c.arg("--follow");
        }
        let o = run_within(c.arg(&d), Duration::from_secs(30));
        let lines = json_lines(&o.stdout);
        // Regular files: deep, empty, good, locked, odd; with --follow, the
        // dangling link named as a file is an error line too.
        let sources: Vec<&str> = lines
            .iter()
            .map(|l| l["source"].as_str().unwrap())
            .collect();
        assert_eq!(lines.len(), 5 + usize::from(follow), "{sources:?}");
        let by = |end: &str| {
            lines
                .iter()
                .find(|l| l["source"].as_str().unwrap().ends_with(end))
                .unwrap_or_else(|| panic!("no line for {end}: {lines:?}"))
        };
        assert_eq!(by("deep.eml")["recipient"], "deep@example.com");
        assert_eq!(by("good.eml")["recipient"], "good@example.com");
        assert_eq!(by("odd\\xfe.eml")["recipient"], "odd@example.com");
        assert!(by("empty.eml")["error"].as_str().unwrap().contains("empty"));
        let err = text(&o.stderr);
        assert!(err.contains("pipe.eml: not a regular file"), "{err}");
        assert!(err.contains("socket.eml: not a regular file"), "{err}");
        if follow {
            assert!(err.contains("loop"), "{err}");
            assert!(
                by("dangling.eml")["error"]
                    .as_str()
                    .unwrap()
                    .contains("cannot read")
            );
        } else {
            assert!(err.contains("dangling.eml: a symbolic link"), "{err}");
            assert!(err.contains("loop: a symbolic link"), "{err}");
        }
        if locked_works {
            assert!(
                by("locked.eml")["error"]
                    .as_str()
                    .unwrap()
                    .contains("cannot read")
            );
            assert!(err.contains("locked.eml: cannot read"), "{err}");
        }
        let expected = if locked_works || follow { 2 } else { 0 };
        assert_eq!(o.status.code(), Some(expected), "follow {follow}: {err}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

// Issue 16: a special file named on the command line is read as a stream;
// a read error halfway is an error line, and the run goes on.
#[cfg(unix)]
#[test]
fn special_files_named_are_streams_and_read_errors_do_not_stop_the_run() {
    let d = scratch("streams");
    let fifo = d.join("in.fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            f.write_all(failed("piped@example.com").as_bytes()).unwrap();
        })
    };
    let o = run(&[&fifo]);
    writer.join().unwrap();
    assert_eq!(json_lines(&o.stdout)[0]["recipient"], "piped@example.com");

    // /proc/self/mem fails on its first read (nothing is mapped at 0).
    let good = write(&d, "good.eml", failed("good@example.com"));
    if Path::new("/proc/self/mem").exists() {
        let o = run(&[&good, &"/proc/self/mem", &good]);
        let lines = json_lines(&o.stdout);
        assert_eq!(lines.len(), 3);
        assert!(lines[1]["error"].as_str().unwrap().contains("cannot read"));
        assert_eq!(lines[2]["recipient"], "good@example.com");
        assert!(text(&o.stderr).contains("/proc/self/mem: cannot read"));
        assert_eq!(o.status.code(), Some(2));
    }
    let _ = std::fs::remove_dir_all(&d);
}

// Issue 16: an endless input ends in TooLarge, soon, with bounded memory.
#[cfg(target_os = "linux")]
#[test]
fn an_endless_input_is_too_large_not_a_hang() {
    let o = run_within(bin().arg("/dev/zero"), Duration::from_secs(60));
    let l = &json_lines(&o.stdout)[0];
    assert!(
        l["error"].as_str().unwrap().contains("over the limit"),
        "{l}"
    );
    assert_eq!(o.status.code(), Some(1));
}

// Issue 17: text from a bounce never drives the terminal, in any output.
#[test]
fn no_control_byte_from_a_bounce_reaches_the_output() {
    let d = scratch("hostile-text");
    let diag = "550 5.1.1 \x1b]0;PWNED\x07 user \x1b[2J unknown \x1b[31mred\0 nul \u{202e}moc.elpmaxe\u{202c} \u{9b}c1 \u{7f}";
    let mut raw = dsn("carol@example.com", "failed", "5.1.1", diag);
    raw = raw.replace("Subject: Minutes", "Subject: \x1b[31mMinutes\x07");
    write(&d, "esc.eml", raw);
    let clean = |b: &[u8], what: &str| {
        if let Some(i) = b
            .iter()
            .position(|&c| (c < 0x20 && c != b'\n' && c != b'\t') || c == 0x7f)
        {
            panic!("{what}: control byte {:#04x} at {i}: {}", b[i], text(b));
        }
        let s = text(b);
        for c in ['\u{9b}', '\u{202e}', '\u{202c}'] {
            assert!(!s.contains(c), "{what}: {c:?} in {s}");
        }
    };
    for format in ["jsonl", "text"] {
        let o = run(&[&"-f", &format, &"--color", &"never", &"--summary", &d]);
        clean(&o.stdout, format);
        clean(&o.stderr, "summary");
        assert!(
            text(&o.stdout).contains("PWNED"),
            "the text is shown, escaped"
        );
    }
    let o = run(&[&"-f", &"none", &"--summary-json", &"-", &d]);
    clean(&o.stdout, "summary json");
    // A file name is text from outside too.
    let o = run(&[&d.join("\x1b[2Jmissing.eml")]);
    clean(&o.stderr, "stderr");
    let _ = std::fs::remove_dir_all(&d);
}
