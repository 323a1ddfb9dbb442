//! The outputs for people, through the built binary: the HTML report (it
//! parses, every cause that occurs has a section, its numbers add up to the
//! run's summary, hostile bounce text stays text) and `--format human`
//! (labels in the chosen language, no control byte from a bounce). Built
//! only with the `cli` feature.

mod cli_support;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use bounce_cause::{Lang, Smtp550Cause};
use scraper::{Html, Selector};
use serde_json::Value;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bounce-cause"));
    for v in ["NO_COLOR", "LC_ALL", "LC_MESSAGES", "LANG"] {
        c.env_remove(v);
    }
    c
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut c = bin();
    for a in args {
        c.arg(a);
    }
    c.output().expect("run the CLI")
}

fn scratch(name: &str) -> PathBuf {
    cli_support::scratch("report", name)
}

/// A DSN for one recipient, with a subject of our choosing.
fn dsn(rcpt: &str, action: &str, status: &str, diag: &str, subject: &str) -> String {
    format!(
        "From: MAILER-DAEMON@mx.example.net\r\n\
Subject: Delivery Status Notification\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\
\r\n--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\
--b\r\nContent-Type: message/delivery-status\r\n\r\n\
Reporting-MTA: dns; mx.example.net\r\n\r\n\
Final-Recipient: rfc822; {rcpt}\r\nAction: {action}\r\nStatus: {status}\r\n\
Diagnostic-Code: smtp; {diag}\r\n\
--b\r\nContent-Type: text/rfc822-headers\r\n\r\n\
From: ann@example.org\r\nTo: {rcpt}\r\nSubject: {subject}\r\nMessage-ID: <m1@example.org>\r\n\
--b--\r\n"
    )
}

/// A folder of our own bounces: unknown users (hard), full mailboxes
/// (temporary, none of the eight), a spam block, a delay, a delivery
/// notice and a file that is not a bounce.
fn sample_folder(d: &Path) {
    let files: &[(&str, String)] = &[
        (
            "u1.eml",
            dsn(
                "ann@example.com",
                "failed",
                "5.1.1",
                "550 5.1.1 <ann@example.com>: user unknown",
                "Hi",
            ),
        ),
        (
            "u2.eml",
            dsn(
                "bob@example.com",
                "failed",
                "5.1.1",
                "550 5.1.1 <bob@example.com>: user unknown",
                "Hi",
            ),
        ),
        (
            "u3.eml",
            dsn(
                "cy@example.org",
                "failed",
                "5.1.1",
                "550 5.1.1 No such mailbox here",
                "Hi",
            ),
        ),
        (
            "f1.eml",
            dsn(
                "dee@example.net",
                "failed",
                "4.2.2",
                "452 4.2.2 Mailbox full, over quota",
                "Hi",
            ),
        ),
        (
            "f2.eml",
            dsn(
                "eve@example.net",
                "failed",
                "4.2.2",
                "452 4.2.2 Mailbox full, over quota",
                "Hi",
            ),
        ),
        (
            "s1.eml",
            dsn(
                "fay@example.com",
                "failed",
                "5.7.1",
                "554 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org",
                "Hi",
            ),
        ),
        (
            "d1.eml",
            dsn(
                "gil@example.org",
                "delayed",
                "4.4.1",
                "421 4.4.1 connection timed out",
                "Hi",
            ),
        ),
        (
            "ok.eml",
            dsn(
                "hal@example.org",
                "delivered",
                "2.0.0",
                "250 2.0.0 ok",
                "Hi",
            ),
        ),
        (
            "note.eml",
            "From: ann@example.org\r\nSubject: lunch\r\n\r\nSee you at noon.\r\n".to_string(),
        ),
    ];
    for (name, body) in files {
        std::fs::write(d.join(name), body).expect("write sample");
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// Parses `html` and fails on any HTML5 parse error.
fn parse(html: &str) -> Html {
    let doc = Html::parse_document(html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    doc
}

fn attr_u64(e: scraper::ElementRef<'_>, name: &str) -> u64 {
    e.value()
        .attr(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} on {:?}", e.value()))
}

fn total(doc: &Html, id: &str) -> u64 {
    let s = sel(&format!("[data-total=\"{id}\"]"));
    attr_u64(doc.select(&s).next().expect(id), "data-value")
}

fn chart_sum(doc: &Html, id: &str) -> u64 {
    doc.select(&sel(&format!("#{id} tr[data-count]")))
        .map(|e| attr_u64(e, "data-count"))
        .sum()
}

/// Scripts, links, remote loads: none of them may be in the page.
fn assert_inert(doc: &Html, raw: &str) {
    let csp = doc
        .select(&sel("meta[http-equiv=\"Content-Security-Policy\"]"))
        .next()
        .expect("a CSP meta tag");
    let policy = csp.value().attr("content").unwrap();
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(!policy.contains("script-src"), "{policy}");
    for tag in [
        "script", "a", "link", "img", "iframe", "object", "embed", "form", "base",
    ] {
        assert_eq!(doc.select(&sel(tag)).count(), 0, "<{tag}> in the page");
    }
    for e in doc.select(&sel("*")) {
        for (name, value) in e.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name}={value}");
            assert!(
                !matches!(name, "src" | "href" | "action" | "srcset"),
                "{name}={value}"
            );
            assert!(
                !value.to_ascii_lowercase().contains("javascript:"),
                "{name}={value}"
            );
        }
    }
    assert!(!raw.to_ascii_lowercase().contains("<script"));
    if let Some(i) = raw
        .bytes()
        .position(|b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f)
    {
        panic!("control byte {:#04x} at {i}", raw.as_bytes()[i]);
    }
    for c in [
        '\u{202e}', '\u{202d}', '\u{2066}', '\u{200b}', '\u{200d}', '\u{9b}',
    ] {
        assert!(!raw.contains(c), "{c:?} in the page");
    }
}

#[test]
fn the_report_parses_has_a_section_per_cause_and_adds_up_to_the_summary() {
    let d = scratch("structure");
    let input = d.join("in");
    std::fs::create_dir_all(&input).unwrap();
    sample_folder(&input);
    for lang in Lang::ALL {
        let page = d.join(format!("r-{lang}.html"));
        let summary = d.join("s.json");
        let o = run(&[
            &"--lang",
            &lang.code(),
            &"--report",
            &page,
            &"--summary-json",
            &summary,
            &input,
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            o.stdout.is_empty(),
            "--report alone writes nothing per recipient"
        );
        let raw = std::fs::read_to_string(&page).expect("the report");
        let doc = parse(&raw);
        assert_inert(&doc, &raw);
        let html_lang = doc.select(&sel("html")).next().unwrap();
        assert_eq!(html_lang.value().attr("lang"), Some(lang.code()));

        let s: Value = serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
        let n = |v: &Value| v.as_u64().unwrap();
        let failed = n(&s["recipients"]["failed"]);
        assert_eq!(failed, 6, "the sample's failed recipients");
        assert_eq!(total(&doc, "messages"), n(&s["messages"]));
        assert_eq!(
            total(&doc, "not-read"),
            n(&s["not_a_bounce"]) + n(&s["too_large"]) + n(&s["unreadable"])
        );
        assert_eq!(total(&doc, "failed"), failed);
        assert_eq!(total(&doc, "hard"), n(&s["hard_bounces"]));
        assert_eq!(total(&doc, "hard") + total(&doc, "soft"), failed);
        let others: u64 = ["delayed", "delivered", "feedback", "auto_reply"]
            .iter()
            .map(|k| n(&s["recipients"][*k]))
            .sum();
        assert_eq!(total(&doc, "others"), others);
        for chart in ["chart-causes", "chart-reasons", "chart-hard-soft"] {
            assert_eq!(chart_sum(&doc, chart), failed, "{chart}");
        }

        // One section per cause that occurs, and one per reason of the
        // failures that are none of the eight; their counts are the summary's.
        let sections: Vec<(String, u64)> = doc
            .select(&sel("section.group"))
            .map(|e| {
                (
                    e.value().id().unwrap().to_string(),
                    attr_u64(e, "data-recipients"),
                )
            })
            .collect();
        assert_eq!(sections.iter().map(|s| s.1).sum::<u64>(), failed);
        let mut none_of_eight = 0;
        for row in s["failed_by_cause"].as_array().unwrap() {
            let name = row["name"].as_str().unwrap();
            if name.starts_with('(') {
                none_of_eight = n(&row["recipients"]);
                continue;
            }
            let id = format!("cause-{name}");
            let found = sections.iter().find(|s| s.0 == id);
            assert_eq!(found.map(|s| s.1), Some(n(&row["recipients"])), "{id}");
        }
        let other: u64 = sections
            .iter()
            .filter(|s| s.0.starts_with("reason-"))
            .map(|s| s.1)
            .sum();
        assert_eq!(other, none_of_eight);
        assert!(sections.iter().any(|s| s.0 == "reason-mailboxfull"));

        // Each cause's fixes, in order, in the page's language.
        let c = Smtp550Cause::NonexistentMailbox;
        let items: Vec<String> = doc
            .select(&sel("#cause-nonexistent_mailbox ol.fixes li"))
            .map(|e| e.text().collect())
            .collect();
        assert_eq!(items.len(), c.fixes().len());
        for (li, fix) in items.iter().zip(c.fixes()) {
            assert!(li.contains(fix.step_in(lang)), "{li}");
            assert!(li.contains(fix.actor.title_in(lang)), "{li}");
        }
        let h3: Vec<String> = doc
            .select(&sel("section.group h3"))
            .map(|e| e.text().collect())
            .collect();
        assert!(h3.iter().any(|t| t == c.title_in(lang)), "{h3:?}");

        // Hard bounces to remove, temporary failures to retry.
        let table = |id: &str| -> Vec<String> {
            doc.select(&sel(&format!("#{id} td.code")))
                .map(|e| e.text().collect())
                .collect()
        };
        let mut remove = table("remove");
        remove.sort();
        assert_eq!(
            remove,
            ["ann@example.com", "bob@example.com", "cy@example.org"]
        );
        let mut retry = table("retry");
        retry.sort();
        assert_eq!(retry, ["dee@example.net", "eve@example.net"]);
        // The address's local part is hidden in reply lines, so one
        // server's refusals of many addresses count as one line.
        let lines: Vec<String> = doc
            .select(&sel("#cause-nonexistent_mailbox table.lines td.code"))
            .map(|e| e.text().collect())
            .collect();
        assert!(
            lines.contains(&"550 5.1.1 <…@example.com>: user unknown".to_string()),
            "{lines:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn tables_are_capped_with_and_n_more() {
    let d = scratch("capped");
    let input = d.join("in");
    std::fs::create_dir_all(&input).unwrap();
    // 130 hard bounces at 130 domains: 100 rows shown, 5 domains.
    let mut mbox = String::new();
    for i in 0..130 {
        mbox.push_str("From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n");
        let rcpt = format!("user{i}@d{i}.example.com");
        mbox.push_str(
            &dsn(&rcpt, "failed", "5.1.1", "550 5.1.1 user unknown", "Hi").replace("\r\n", "\n"),
        );
    }
    std::fs::write(input.join("box.mbox"), mbox).unwrap();
    let page = d.join("r.html");
    let o = run(&[&"--report", &page, &input]);
    assert_eq!(o.status.code(), Some(0));
    let raw = std::fs::read_to_string(&page).unwrap();
    let doc = parse(&raw);
    assert_eq!(total(&doc, "messages"), 130);
    assert_eq!(doc.select(&sel("#remove td.code")).count(), 100);
    let more: Vec<String> = doc
        .select(&sel("#remove td.more"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(more, ["and 30 more"]);
    let domains = doc
        .select(&sel("#cause-nonexistent_mailbox table.domains td.code"))
        .count();
    assert_eq!(domains, 5);
    let more: Vec<String> = doc
        .select(&sel("#cause-nonexistent_mailbox table.domains td.more"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(more, ["and 125 more"]);
    let _ = std::fs::remove_dir_all(&d);
}

/// What a stranger can put in a bounce, in every field the report shows.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "javascript:alert(document.cookie)",
    "\x1b]0;PWNED\x07\x1b[2J\x1b[31mred",
    "\0nul",
    "\u{202e}moc.elpmaxe\u{202c}",
    "zero\u{200b}width\u{200d}joiner",
    "\"'></td></tr></table><script>x</script>",
];

#[test]
fn hostile_bounce_text_stays_text_in_the_report_and_the_human_output() {
    let d = scratch("hostile");
    let input = d.join("in");
    std::fs::create_dir_all(&input).unwrap();
    for (i, h) in HOSTILE.iter().enumerate() {
        let diag = format!("550 5.1.1 {h} user unknown {h}");
        // Addresses with the same payloads in the local part and, where a
        // header allows, the display text.
        let rcpt = format!("\"{}\"@example{i}.com", h.replace('"', ""));
        std::fs::write(
            input.join(format!("h{i}.eml")),
            dsn(&rcpt, "failed", "5.1.1", &diag, h),
        )
        .unwrap();
        std::fs::write(
            input.join(format!("s{i}.eml")),
            dsn(
                &format!("x{i}@example.org"),
                "failed",
                "4.2.2",
                &format!("452 4.2.2 mailbox full {h}"),
                h,
            ),
        )
        .unwrap();
    }
    // Invalid UTF-8 and a very long line in a diagnostic.
    let mut raw = dsn(
        "long@example.net",
        "failed",
        "5.1.1",
        "550 5.1.1 LONG",
        "Hi",
    )
    .into_bytes();
    let at = raw.windows(4).position(|w| w == b"LONG").unwrap();
    let mut payload = b"\xff\xfe<script>".to_vec();
    payload.extend(std::iter::repeat_n(b'A', 1 << 20));
    raw.splice(at..at + 4, payload);
    std::fs::write(input.join("long.eml"), raw).unwrap();

    for lang in Lang::ALL {
        let page = d.join(format!("r-{lang}.html"));
        let o = run(&[&"--lang", &lang.code(), &"--report", &page, &input]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let raw = std::fs::read_to_string(&page).unwrap();
        let doc = parse(&raw);
        assert_inert(&doc, &raw);
        // Shown, as text: the page's text holds the payload's words.
        let text: String = doc.root_element().text().collect();
        assert!(
            text.contains("<script>alert(1)</script>"),
            "escaped, not dropped"
        );
        assert!(text.contains("onerror=alert(1)"));
        assert_eq!(total(&doc, "messages"), (HOSTILE.len() * 2 + 1) as u64);
    }

    for color in ["never", "always"] {
        let o = run(&[
            &"-f", &"human", &"--lang", &"th", &"--color", &color, &input,
        ]);
        let out = &o.stdout;
        let mut i = 0;
        while i < out.len() {
            let b = out[i];
            if b == 0x1b {
                // Only our own colours: ESC [ digits m.
                assert_eq!(color, "always", "ESC with colour off at {i}");
                let end = out[i..].iter().position(|&c| c == b'm').expect("SGR end") + i;
                let inside = &out[i + 2..end];
                assert_eq!(out[i + 1], b'[');
                assert!(
                    inside.iter().all(u8::is_ascii_digit),
                    "{:?}",
                    String::from_utf8_lossy(inside)
                );
                i = end + 1;
                continue;
            }
            assert!(
                !((b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f),
                "control byte {b:#04x} at {i}"
            );
            i += 1;
        }
        let text = String::from_utf8_lossy(out);
        for c in ['\u{202e}', '\u{200b}', '\u{9b}'] {
            assert!(!text.contains(c), "{c:?}");
        }
        assert!(text.contains("PWNED"), "shown, escaped");
        assert!(text.contains("วิธีแก้"), "Thai labels");
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn human_text_follows_lang_then_the_locale() {
    let d = scratch("human");
    let input = d.join("in");
    std::fs::create_dir_all(&input).unwrap();
    sample_folder(&input);
    let file = input.join("u1.eml");
    let th = run(&[&"-f", &"human", &"--lang", &"th", &file]);
    let en = run(&[&"-f", &"human", &"--lang", &"en", &file]);
    let by_locale = bin()
        .env("LANG", "th_TH.UTF-8")
        .args(["-f", "human"])
        .arg(&file)
        .output()
        .unwrap();
    let (th, en) = (
        String::from_utf8(th.stdout).unwrap(),
        String::from_utf8(en.stdout).unwrap(),
    );
    assert_eq!(String::from_utf8(by_locale.stdout).unwrap(), th);
    let c = Smtp550Cause::NonexistentMailbox;
    for (out, lang) in [(&th, Lang::Th), (&en, Lang::En)] {
        assert!(out.contains(c.title_in(lang)), "{out}");
        for (i, f) in c.fixes().iter().enumerate() {
            let line = format!("{}. {}: {}", i + 1, f.actor.title_in(lang), f.step_in(lang));
            assert!(out.contains(&line), "{line}\n{out}");
        }
        assert!(out.contains("550 5.1.1 <ann@example.com>: user unknown"));
    }
    // JSON stays English whatever the language.
    let json = bin()
        .env("LANG", "th_TH.UTF-8")
        .arg(&file)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["fixes"][0]["step"], c.fixes()[0].step_in(Lang::En));
    let _ = std::fs::remove_dir_all(&d);
}

/// The template escapes every value: nothing in it may turn that off.
#[test]
fn the_template_marks_nothing_safe() {
    let t = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/report.html"),
    )
    .unwrap();
    for bad in [
        "|safe",
        "| safe",
        "escape(",
        "autoescape",
        "<script",
        "<a ",
        "href=",
        "src=",
    ] {
        assert!(!t.contains(bad), "{bad} in the template");
    }
}
