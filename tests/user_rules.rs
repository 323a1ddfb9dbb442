//! User rule files: a rule of a made-up provider decides through the
//! library, broken files are refused with the place and the fault, near
//! misses do not fire, and no rule file makes `from_toml` panic. Built only
//! with the `rule-files` feature (see the `[[test]]` entry in Cargo.toml).

use std::time::{Duration, Instant};

use bounce_cause::{
    Actor, Classifier, Lang, Limits, Reason, RuleFileErrorKind as K, RuleSet, Smtp550Cause,
};

/// The rule of the issue: Frostmail (a made-up provider) says its frozen
/// mailboxes with a code of its own.
const FROZEN: &str = r#"
# Frostmail's own codes.
[[rule]]
id = "frostmail.frozen"
patterns = ['\bERR-4711\b.{0,20}\bmailbox frozen']
unless = ['test account']
status = ["5.*.*"]
reason = "suspend"
cause = "disabled_mailbox"
hard_bounce = false

[[rule.fixes]]
actor = "recipient"
text = "Log in to Frostmail once: a login thaws a frozen mailbox."
"#;

/// A DSN from the made-up provider, with our own wording.
fn bounce(diagnostic: &str, remote: &str) -> Vec<u8> {
    let status = diagnostic
        .split_whitespace()
        .find(|w| w.split('.').count() == 3 && w.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or("5.0.0");
    format!(
        "From: MAILER-DAEMON@relay.example.net\r\n\
         Subject: Undelivered Mail Returned to Sender\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\
         \r\n--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\
         --b\r\nContent-Type: message/delivery-status\r\n\r\n\
         Reporting-MTA: dns; relay.example.net\r\n\r\n\
         Final-Recipient: rfc822; henry@frostmail.test\r\nAction: failed\r\nStatus: {status}\r\n\
         Remote-MTA: dns; {remote}\r\n\
         Diagnostic-Code: smtp; {diagnostic}\r\n--b--\r\n"
    )
    .into_bytes()
}

fn frozen() -> Classifier {
    Classifier::new().rules(RuleSet::from_toml(FROZEN).unwrap())
}

#[test]
fn a_user_rule_decides_before_the_built_in_table() {
    let raw = bounce(
        "550 ERR-4711 mailbox frozen since 2026-01-01",
        "mx1.frostmail.test",
    );
    let report = frozen().classify(&raw).unwrap();
    let d = &report.recipients[0];
    assert_eq!(d.rule.as_deref(), Some("user.frostmail.frozen"));
    assert_eq!(d.reason, Reason::Suspend);
    assert_eq!(d.cause, Some(Smtp550Cause::DisabledMailbox));
    assert!(d.permanent);
    assert!(!d.hard_bounce);
    // The rule's own fix first, then the cause's general ones.
    assert_eq!(d.fixes[0].actor, Actor::Recipient);
    assert_eq!(
        d.fixes[0].step_in(Lang::En),
        "Log in to Frostmail once: a login thaws a frozen mailbox."
    );
    // A user's text is no known step: it reads the same in every language.
    assert_eq!(d.fixes[0].advice(), None);
    assert_eq!(d.fixes[0].step_in(Lang::Th), d.fixes[0].step_in(Lang::En));
    assert_eq!(&d.fixes[1..], Smtp550Cause::DisabledMailbox.fixes());

    // Without the rule, the built-in table decides something else.
    let plain = Classifier::new().classify(&raw).unwrap();
    let rule = plain.recipients[0].rule.as_deref().unwrap_or("");
    assert!(!rule.starts_with("user."), "{rule}");
}

#[test]
fn the_example_rule_file_reads() {
    let set = RuleSet::from_toml(include_str!("../examples/rules.toml")).unwrap();
    let ids: Vec<&str> = set.ids().collect();
    assert_eq!(ids, ["user.frostmail.frozen", "user.quillpost.no-dmarc"]);
    let c = Classifier::new().rules(set);
    let raw = bounce("550 5.2.1 ERR-4711 mailbox frozen", "mx1.frostmail.test");
    assert_eq!(
        c.classify(&raw).unwrap().recipients[0].rule.as_deref(),
        Some("user.frostmail.frozen")
    );
    let raw = bounce(
        "554 5.7.1 no DMARC record for your domain, in reply to end of DATA command",
        "in2.quillpost.test",
    );
    let d = &c.classify(&raw).unwrap().recipients[0];
    assert_eq!(d.rule.as_deref(), Some("user.quillpost.no-dmarc"));
    assert_eq!(d.reason, Reason::AuthFailure);
    assert_eq!(d.fixes[0].actor, Actor::SenderAdmin);
}

#[test]
fn near_misses_do_not_fire() {
    let c = frozen();
    let misses = [
        // Another code, the words apart, the exception, a temporary status.
        "550 ERR-47110 mailbox frozen",
        "550 ERR-4711 your mailbox was moved to the frozen archive",
        "550 ERR-4711 mailbox frozen (test account)",
        "450 4.2.1 ERR-4711 mailbox frozen",
    ];
    for text in misses {
        let d = &c
            .classify(&bounce(text, "mx1.frostmail.test"))
            .unwrap()
            .recipients[0];
        let rule = d.rule.as_deref().unwrap_or("");
        assert!(!rule.starts_with("user."), "{text}: {rule}");
    }
    // Case does not matter, as for the built-in rules.
    let d = &c
        .classify(&bounce("550 err-4711 MAILBOX FROZEN", "mx1.frostmail.test"))
        .unwrap()
        .recipients[0];
    assert_eq!(d.rule.as_deref(), Some("user.frostmail.frozen"));
}

#[test]
fn remote_host_reply_and_command_conditions() {
    let set = RuleSet::from_toml(
        r#"
        [[rule]]
        id = "frost-policy"
        remote_host = ["frostmail.test"]
        reply = [554]
        commands = ["data"]
        reason = "PolicyViolation"

        [[rule]]
        id = "frost-mx"
        remote_host_patterns = ['^mx\d+\.frostmail\.']
        patterns = ['try again later']
        reason = "toomanyconn"
        "#,
    )
    .unwrap();
    let c = Classifier::new().rules(set);
    let rule_of = |text: &str, host: &str| {
        c.classify(&bounce(text, host)).unwrap().recipients[0]
            .rule
            .clone()
            .unwrap_or_default()
    };
    let data = "554 5.7.1 message refused in reply to end of DATA command";
    assert_eq!(rule_of(data, "in.frostmail.test"), "user.frost-policy");
    // Only whole labels: another domain that ends the same way is not it.
    assert_ne!(rule_of(data, "notfrostmail.test"), "user.frost-policy");
    // Another reply code, another command.
    assert_ne!(
        rule_of(
            "550 5.7.1 refused in reply to end of DATA command",
            "in.frostmail.test"
        ),
        "user.frost-policy"
    );
    assert_ne!(
        rule_of(
            "554 5.7.1 refused in reply to RCPT TO command",
            "in.frostmail.test"
        ),
        "user.frost-policy"
    );
    let busy = "550 5.0.0 too busy, try again later";
    assert_eq!(rule_of(busy, "mx7.frostmail.test"), "user.frost-mx");
    assert_ne!(rule_of(busy, "in.frostmail.test"), "user.frost-mx");
}

#[test]
fn sets_are_tried_in_the_order_given() {
    let a = RuleSet::from_toml("[[rule]]\nid='a'\npatterns=['frozen']\nreason='suspend'\n");
    let b = RuleSet::from_toml("[[rule]]\nid='b'\npatterns=['frozen']\nreason='blocked'\n");
    let c = Classifier::new().rules(a.unwrap()).rules(b.unwrap());
    let raw = bounce("550 ERR-4711 mailbox frozen", "mx1.frostmail.test");
    let report = c.classify(&raw).unwrap();
    assert_eq!(report.recipients[0].rule.as_deref(), Some("user.a"));
    let explanation = c.explain(&raw).unwrap();
    let (_, matches) = explanation.recipients().next().unwrap();
    let ids: Vec<&str> = matches.iter().map(|m| m.rule.as_ref()).collect();
    assert_eq!(&ids[..2], ["user.a", "user.b"]);
}

#[test]
fn explain_lists_the_deciding_rule_and_the_others_with_their_text() {
    let raw = bounce(
        "550 5.2.1 ERR-4711 mailbox frozen: account disabled",
        "mx1.frostmail.test",
    );
    let explanation = frozen().explain(&raw).unwrap();
    assert_eq!(explanation.report, frozen().classify(&raw).unwrap());
    let (d, matches) = explanation.recipients().next().unwrap();
    let first = &matches[0];
    assert!(first.decided && first.user);
    assert_eq!(first.rule, "user.frostmail.frozen");
    assert_eq!(first.matched[0].text, "ERR-4711 mailbox frozen");
    let span = &first.matched[0];
    assert_eq!(&d.diagnostic[span.start..span.end], span.text);
    assert_eq!(first.conditions, ["status 5.*.*"]);
    // A built-in rule fired too (the text says the account is disabled),
    // and did not decide.
    let built_in: Vec<_> = matches.iter().filter(|m| !m.user).collect();
    assert!(!built_in.is_empty());
    assert!(built_in.iter().all(|m| !m.decided));
    assert_eq!(matches.iter().filter(|m| m.decided).count(), 1);
}

/// Over every fixture, `explain` agrees with `classify`: the rule that
/// decided is listed first and marked, and no rule is listed that could
/// not have fired.
#[test]
fn explain_agrees_with_classify_on_every_fixture() {
    let mut files = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from("fixtures")];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "eml") {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 50, "{} fixtures", files.len());
    let c = Classifier::new();
    let mut decided = 0;
    for f in &files {
        let raw = std::fs::read(f).unwrap();
        let (Ok(report), Ok(explanation)) = (c.classify(&raw), c.explain(&raw)) else {
            continue;
        };
        assert_eq!(explanation.report, report, "{}", f.display());
        for (d, matches) in explanation.recipients() {
            match d.rule.as_deref() {
                Some(rule) => {
                    let first = matches.first().unwrap_or_else(|| panic!("{}", f.display()));
                    assert_eq!(first.rule, rule, "{}", f.display());
                    assert!(first.decided);
                    decided += 1;
                }
                None => assert!(matches.is_empty(), "{}: {matches:?}", f.display()),
            }
            assert!(matches.iter().skip(1).all(|m| !m.decided));
            for m in matches.iter().flat_map(|m| &m.matched) {
                assert_eq!(d.diagnostic.get(m.start..m.end), Some(m.text.as_str()));
            }
        }
    }
    assert!(decided > 50, "{decided} recipients decided");
}

/// Twenty broken files: each refused with the line, the column and what is
/// wrong.
#[test]
fn broken_files_are_refused_with_place_and_fault() {
    const HEAD: &str = "[[rule]]\nid = 'r1'\n";
    let cases: &[(&str, usize, usize, K, &str)] = &[
        ("[[rule]\nid = 'a'\n", 1, 8, K::Toml, "unclosed array table"),
        (
            "[[rule]]\nid = 'a'\npatern = ['x']\nreason = 'blocked'\n",
            3,
            1,
            K::UnknownKey,
            "unknown field `patern`",
        ),
        (
            "[[rules]]\nid = 'a'\n",
            1,
            3,
            K::UnknownKey,
            "unknown field `rules`",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = ['x']\n",
            1,
            1,
            K::Toml,
            "missing field `reason`",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = 'x'\nreason = 'blocked'\n",
            3,
            12,
            K::Toml,
            "expected a sequence",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = ['x']\nreason = 'frozen'\n",
            4,
            10,
            K::UnknownReason,
            "unknown reason \"frozen\" (one of: authfailure,",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = ['x']\nreason = 'suspend'\ncause = 'frozen_mailbox'\n",
            5,
            9,
            K::UnknownCause,
            "unknown cause \"frozen_mailbox\" (one of: recipient_typo,",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = ['ERR-(4711']\nreason = 'suspend'\n",
            3,
            18,
            K::BadPattern,
            "does not compile: unclosed group",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = ['x', 'frozen|']\nreason = 'suspend'\n",
            3,
            19,
            K::EmptyMatch,
            "can match the empty text",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = ['\\b']\nreason = 'suspend'\n",
            3,
            14,
            K::EmptyMatch,
            "can match the empty text",
        ),
        (
            "[[rule]]\nid = 'a'\ncommands = ['RCTP']\nreason = 'suspend'\n",
            3,
            13,
            K::UnknownCommand,
            "unknown SMTP command \"RCTP\"",
        ),
        (
            "[[rule]]\nid = 'a'\nstatus = ['5.7']\nreason = 'blocked'\n",
            3,
            11,
            K::BadMask,
            "bad status mask \"5.7\"",
        ),
        (
            "[[rule]]\nid = 'a'\nstatus = ['5.7.1', '5.x.1']\nreason = 'blocked'\n",
            3,
            20,
            K::BadMask,
            "bad status mask \"5.x.1\"",
        ),
        (
            "[[rule]]\nid = ''\npatterns = ['x']\nreason = 'blocked'\n",
            2,
            6,
            K::BadId,
            "empty id",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = ['x']\nreason = 'blocked'\n\n\
             [[rule]]\nid = 'a'\npatterns = ['y']\nreason = 'blocked'\n",
            7,
            6,
            K::DuplicateId,
            "duplicate id \"a\" (first used on line 2)",
        ),
        (
            "[[rule]]\nid = 'a'\nunless = ['x']\nreason = 'blocked'\n",
            2,
            6,
            K::NoCondition,
            "the rule has no condition",
        ),
        (
            "[[rule]]\nid = 'a'\nreply = [5500]\nreason = 'blocked'\n",
            3,
            10,
            K::BadReplyCode,
            "bad reply code 5500",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = ['\\w{500}\\W{500}']\nreason = 'blocked'\n",
            3,
            14,
            K::PatternTooLarge,
            "compiles to more than 2 MiB",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = ['x']\nreason = 'blocked'\n\
             [[rule.fixes]]\nactor = 'postmaster'\ntext = 'Call them.'\n",
            6,
            9,
            K::UnknownActor,
            "unknown actor \"postmaster\"",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = ['x']\nreason = 'blocked'\n\
             [[rule.fixes]]\nactor = 'sender'\ntext = 'Call \u{202E}them.'\n",
            7,
            14,
            K::ForbiddenCharacter,
            "forbidden character U+202E in fix text",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = ['x']\nreason = 'blocked'\n\
             [[rule.fixes]]\nactor = 'sender'\ntext = \"Call\\u0007 them.\"\n",
            7,
            8,
            K::ForbiddenCharacter,
            "forbidden character U+0007",
        ),
        (
            "[[rule]]\nid = 'a'\nremote_host = ['mx.*.test']\nreason = 'blocked'\n",
            3,
            16,
            K::BadHost,
            "bad remote host \"mx.*.test\"",
        ),
        (
            "[[rule]]\nid = 'a b'\npatterns = ['x']\nreason = 'blocked'\n",
            2,
            6,
            K::BadId,
            "bad id \"a b\"",
        ),
        (
            "[[rule]]\nid = 'a'\npatterns = ['x']\nreason = 'blocked'\nhard_bounce = 'yes'\n",
            5,
            15,
            K::Toml,
            "expected a boolean",
        ),
    ];
    assert!(cases.len() >= 20);
    for &(file, line, column, kind, message) in cases {
        let err = RuleSet::from_toml(file).expect_err(file);
        assert_eq!(
            (err.line, err.column, err.kind),
            (line, column, kind),
            "{file:?}: {err}"
        );
        assert!(err.message.contains(message), "{file:?}: {err}");
        assert!(
            err.to_string()
                .starts_with(&format!("line {line}, column {column}: ")),
            "{err}"
        );
        // One good rule before the bad one does not make it in: the file is
        // refused as a whole.
        let padded = format!("{HEAD}patterns = ['fine']\nreason = 'blocked'\n\n{file}");
        assert!(RuleSet::from_toml(&padded).is_err(), "{padded:?}");
    }
}

#[test]
fn limits_are_enforced() {
    let rule =
        |i: usize| format!("[[rule]]\nid = 'r{i}'\npatterns = ['word{i}']\nreason = 'blocked'\n");
    let at_limit: String = (0..RuleSet::MAX_RULES).map(rule).collect();
    assert_eq!(
        RuleSet::from_toml(&at_limit).unwrap().len(),
        RuleSet::MAX_RULES
    );
    let over = format!("{at_limit}{}", rule(RuleSet::MAX_RULES));
    let err = RuleSet::from_toml(&over).unwrap_err();
    assert_eq!(err.kind, K::TooMany);
    assert_eq!(err.line, 4 * RuleSet::MAX_RULES + 1);

    // Total pattern bytes.
    let long = "x".repeat(4000);
    let many: String = (0..10)
        .map(|i| format!("[[rule]]\nid = 'r{i}'\npatterns = ['{long}']\nreason = 'blocked'\n"))
        .collect();
    let err = RuleSet::from_toml(&many).unwrap_err();
    assert_eq!(err.kind, K::PatternTooLarge);
    assert_eq!(err.line, 4 * 8 + 3, "{err}");

    // Compiled size, summed over the file.
    let wide: String = (0..20)
        .map(|i| {
            format!("[[rule]]\nid = 'r{i}'\npatterns = ['\\w{{60}}x{i}']\nreason = 'blocked'\n")
        })
        .collect();
    let err = RuleSet::from_toml(&wide).unwrap_err();
    assert_eq!(err.kind, K::PatternTooLarge, "{err}");
    assert!(err.message.contains("together"), "{err}");

    let big = format!("# {}\n", "x".repeat(RuleSet::MAX_FILE_BYTES));
    assert_eq!(RuleSet::from_toml(&big).unwrap_err().kind, K::TooMany);
}

/// The largest file the limits allow, of patterns that are costly to
/// search, keeps classify fast on the longest diagnostic text kept.
#[test]
fn a_hostile_rule_file_cannot_make_classify_slow() {
    let mut file = String::new();
    let mut i = 0;
    loop {
        let next = format!(
            "[[rule]]\nid = 'h{i}'\npatterns = ['(\\w|\\s){{1,12}}[a-z]{{2,9}}(x|y)\\w{{3}}z{i}']\n\
             unless = ['(.*a){{8}}q{i}']\nreason = 'blocked'\n"
        );
        let candidate = format!("{file}{next}");
        if RuleSet::from_toml(&candidate).is_err() || i == RuleSet::MAX_RULES {
            break;
        }
        file = candidate;
        i += 1;
    }
    assert!(i >= 5, "{i} rules fit");
    let c = Classifier::new().rules(RuleSet::from_toml(&file).unwrap());
    let text = "aaaa bbbb x1y2 ".repeat(Limits::default().max_text_bytes / 15);
    let raw = bounce(&format!("550 {text}"), "mx.example.net");
    let start = Instant::now();
    for _ in 0..5 {
        let report = c.classify(&raw).unwrap();
        assert!(!report.recipients.is_empty());
    }
    let per_call = start.elapsed() / 5;
    assert!(
        per_call < Duration::from_millis(500),
        "{i} rules, {per_call:?} per call"
    );
}

/// Thousands of mutated rule files: `from_toml` returns a set or an error
/// whose place is inside the file, never panics; a set it returns
/// classifies without panicking.
#[test]
fn mutated_rule_files_never_panic() {
    let seeds = [
        FROZEN,
        "[[rule]]\nid = \"a.b-c_d\"\npatterns = ['x(y|z)+', \"\\\\d{3}\"]\nstatus = ['5.7.*']\n\
         reply = [550, 554]\ncommands = ['RCPT', 'unknown']\nremote_host = ['.example.net.']\n\
         remote_host_patterns = ['^mx']\nreason = 'blocked'\ncause = 'spam_filter'\n",
        "rule = [{ id = 'i', patterns = ['q'], reason = 'userunknown', fixes = [{ actor = 'sender', text = 't' }] }]\n",
    ];
    let pieces: &[&str] = &[
        "[",
        "]",
        "[[rule]]",
        "'",
        "\"",
        "\\",
        "\n",
        "=",
        "{",
        "}",
        ",",
        "(",
        ")",
        "|",
        "*",
        "?",
        "\u{202E}",
        "\u{0}",
        "\u{7}",
        "\u{FEFF}",
        "é",
        "５",
        "\r\n",
        "#",
        "'''",
        "\"\"\"",
        "\\u",
        "9999999999999999999999",
        "-1",
        "true",
        "5.7.",
        "patterns",
        "unless",
        "reason",
        "status",
        "{1000}",
        "\\w",
        "(?i)",
        "(?-u:\\xFF)",
        ".*",
        "^",
        "$",
        "\\b",
    ];
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n.max(1) as u64) as usize
    };
    let c_raw = bounce(
        "550 5.7.1 ERR-4711 mailbox frozen xyz 123",
        "mx1.frostmail.test",
    );
    let (mut ok, mut refused) = (0, 0);
    for round in 0..4000 {
        let mut s = seeds[round % seeds.len()].as_bytes().to_vec();
        for _ in 0..1 + next(4) {
            let at = next(s.len() + 1);
            match next(4) {
                0 => {
                    let p = pieces[next(pieces.len())].as_bytes();
                    s.splice(at..at, p.iter().copied());
                }
                1 => {
                    let end = (at + 1 + next(8)).min(s.len());
                    s.drain(at..end);
                }
                2 if at < s.len() => s[at] = next(256) as u8,
                _ => {
                    let from = next(s.len());
                    let end = (from + next(16)).min(s.len());
                    let chunk = s[from..end].to_vec();
                    s.splice(at..at, chunk);
                }
            }
        }
        let text = String::from_utf8_lossy(&s);
        match RuleSet::from_toml(&text) {
            Ok(set) => {
                ok += 1;
                let report = Classifier::new().rules(set).classify(&c_raw);
                assert!(report.is_ok(), "{text:?}");
            }
            Err(e) => {
                refused += 1;
                assert!(
                    e.line >= 1 && e.line <= text.lines().count().max(1) + 1,
                    "{text:?}: {e}"
                );
                assert!(e.column >= 1, "{text:?}: {e}");
                assert!(!e.message.is_empty());
            }
        }
    }
    // Both outcomes are exercised.
    assert!(
        ok > 100 && refused > 1000,
        "{ok} accepted, {refused} refused"
    );
}
