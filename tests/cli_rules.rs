//! `--rules` and `--explain` through the built binary. Built only with the
//! `cli` feature (see the `[[test]]` entry in Cargo.toml).

mod cli_support;
use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn scratch(name: &str) -> PathBuf {
    cli_support::scratch("cli-rules", name)
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bounce-cause"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run the CLI")
}

const FROZEN: &str = r#"
[[rule]]
id = "frostmail.frozen"
patterns = ['\bERR-4711\b.{0,20}\bmailbox frozen']
reason = "suspend"
cause = "disabled_mailbox"

[[rule.fixes]]
actor = "recipient"
text = "Log in to Frostmail once: a login thaws a frozen mailbox."
"#;

/// A bounce from a made-up provider, our own wording.
fn bounce(diagnostic: &str) -> String {
    format!(
        "From: MAILER-DAEMON@relay.example.net\r\n\
         Subject: Undelivered Mail Returned to Sender\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\
         \r\n--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\
         --b\r\nContent-Type: message/delivery-status\r\n\r\n\
         Reporting-MTA: dns; relay.example.net\r\n\r\n\
         Final-Recipient: rfc822; henry@frostmail.test\r\nAction: failed\r\nStatus: 5.2.1\r\n\
         Remote-MTA: dns; mx1.frostmail.test\r\n\
         Diagnostic-Code: smtp; {diagnostic}\r\n--b--\r\n"
    )
}

#[test]
fn a_rule_file_decides_and_is_shown_as_user_rule() {
    let dir = scratch("decide");
    let rules = dir.join("frost.toml");
    std::fs::write(&rules, FROZEN).unwrap();
    let eml = dir.join("frozen.eml");
    std::fs::write(
        &eml,
        bounce("550 5.2.1 ERR-4711 mailbox frozen: account disabled"),
    )
    .unwrap();

    let out = run(&["--rules".as_ref(), rules.as_os_str(), eml.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["rule"], "user.frostmail.frozen");
    assert_eq!(line["reason"], "suspend");
    assert_eq!(line["cause"], "disabled_mailbox");
    assert_eq!(line["fixes"][0]["actor"], "recipient");
    assert_eq!(
        line["fixes"][0]["step"],
        "Log in to Frostmail once: a login thaws a frozen mailbox."
    );
    assert!(line.get("matches").is_none());

    // Without the file, a built-in rule decides.
    let out = run(&[eml.as_os_str()]);
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!line["rule"].as_str().unwrap().starts_with("user."));

    // --explain: the deciding rule first, then the built-in ones that
    // matched too, with the text they matched.
    let out = run(&[
        "--rules".as_ref(),
        rules.as_os_str(),
        "--explain".as_ref(),
        eml.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text
        .lines()
        .find(|l| l.trim_start().starts_with("rules"))
        .unwrap();
    assert!(
        first.contains("1. user.frostmail.frozen (yours): suspend, decided"),
        "{text}"
    );
    assert!(
        text.contains("matched \"ERR-4711 mailbox frozen\""),
        "{text}"
    );
    assert!(
        text.contains("2. ") && text.contains("(built-in)"),
        "{text}"
    );

    let out = run(&[
        "--rules".as_ref(),
        rules.as_os_str(),
        "--explain".as_ref(),
        "-f".as_ref(),
        "jsonl".as_ref(),
        eml.as_os_str(),
    ]);
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    let matches = line["matches"].as_array().unwrap();
    assert_eq!(matches[0]["rule"], "user.frostmail.frozen");
    assert_eq!(matches[0]["decided"], true);
    assert_eq!(matches[0]["matched"][0]["text"], "ERR-4711 mailbox frozen");
    assert!(matches.len() > 1 && matches[1]["user"] == false);
}

#[test]
fn rule_files_are_tried_in_order_and_a_bad_one_stops_the_run() {
    let dir = scratch("order");
    let a = dir.join("a.toml");
    let b = dir.join("b.toml");
    std::fs::write(
        &a,
        "[[rule]]\nid = 'a'\npatterns = ['frozen']\nreason = 'blocked'\n",
    )
    .unwrap();
    std::fs::write(&b, FROZEN).unwrap();
    let eml = dir.join("frozen.eml");
    std::fs::write(&eml, bounce("550 5.2.1 ERR-4711 mailbox frozen")).unwrap();
    let rule_with = |files: &[&PathBuf]| {
        let mut args: Vec<&std::ffi::OsStr> = Vec::new();
        for f in files {
            args.extend(["--rules".as_ref(), f.as_os_str()]);
        }
        args.push(eml.as_os_str());
        let out = run(&args);
        let line: Value = serde_json::from_slice(&out.stdout).unwrap();
        line["rule"].as_str().unwrap().to_string()
    };
    assert_eq!(rule_with(&[&a, &b]), "user.a");
    assert_eq!(rule_with(&[&b, &a]), "user.frostmail.frozen");

    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "[[rule]]\nid = 'x'\ncommands = ['RCTP']\nreason = 'blocked'\n",
    )
    .unwrap();
    let out = run(&[
        "--rules".as_ref(),
        b.as_os_str(),
        "--rules".as_ref(),
        bad.as_os_str(),
        eml.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no input is read");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad.toml:3:13: unknown SMTP command \"RCTP\""),
        "{err}"
    );
    let out = run(&[
        "--rules".as_ref(),
        dir.join("missing.toml").as_os_str(),
        eml.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the rule file"));
}
