//! Text in a bounce is written by strangers: whatever it holds, the report's
//! texts carry no control character but tab, no bidirectional control and no
//! zero-width character, and classify does not panic.

use bounce_cause::{Report, classify};

/// Payloads a hostile server may put into a diagnostic, a subject or an
/// address. Each is tried in every place.
const PAYLOADS: &[&[u8]] = &[
    b"\x1b]0;PWNED\x07 title",
    b"\x1b[2J\x1b[31mred and cleared\x1b[0m",
    b"nul\x00byte",
    b"c1 \xc2\x9b31m csi",
    b"bidi \xe2\x80\xaemoc.elpmaxe\xe2\x80\xac",
    b"isolate \xe2\x81\xa6x\xe2\x81\xa9",
    b"zero\xe2\x80\x8dwidth\xe2\x80\x8bjoin\xef\xbb\xbf",
    b"<script>alert(1)</script><img src=x onerror=alert(2)> javascript:alert(3)",
    b"invalid \xff\xfe utf-8 \xc3",
    b"carriage\rreturn and back\x08space and del\x7f",
];

fn dsn(diagnostic: &[u8], subject: &[u8], local: &[u8]) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(
        b"From: MAILER-DAEMON@mx.example.net\r\nSubject: Undelivered Mail Returned to Sender\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n\
--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\
--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n\
Final-Recipient: rfc822; ",
    );
    m.extend_from_slice(local);
    m.extend_from_slice(
        b"@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 ",
    );
    m.extend_from_slice(diagnostic);
    m.extend_from_slice(
        b"\r\n\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: ann@example.org\r\nTo: ",
    );
    m.extend_from_slice(local);
    m.extend_from_slice(b"@example.com\r\nSubject: ");
    m.extend_from_slice(subject);
    m.extend_from_slice(b"\r\n\r\n--B--\r\n");
    m
}

/// Every string of the report, as JSON sees it.
fn strings(report: &Report) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(
        &serde_json::to_value(report).expect("a report serialises"),
        &mut out,
    );
    out
}

fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

fn assert_safe(report: &Report, what: &str) {
    for s in strings(report) {
        assert!(
            !s.chars().any(unsafe_char),
            "{what}: unsafe character left in {s:?}"
        );
    }
}

#[test]
fn hostile_diagnostics_subjects_and_addresses_come_out_printable() {
    for payload in PAYLOADS {
        let cases = [
            ("diagnostic", dsn(payload, b"hello", b"bob")),
            ("subject", dsn(b"User unknown", payload, b"bob")),
            (
                "all three",
                dsn(payload, payload, &[b"bob", *payload].concat()),
            ),
        ];
        for (place, raw) in cases {
            let what = format!("{place} holding {:?}", String::from_utf8_lossy(payload));
            match classify(&raw) {
                Ok(report) => {
                    assert_safe(&report, &what);
                    if place != "all three" {
                        assert_eq!(report.recipients.len(), 1, "{what}");
                    }
                }
                Err(e) => assert!(place == "all three", "{what}: {e}"),
            }
        }
    }
}

#[test]
fn a_diagnostic_full_of_escapes_keeps_its_words() {
    let raw = dsn(
        b"\x1b]0;PWNED\x07\x1b[2J\x1b[31mUser unknown\x1b[0m",
        b"hi",
        b"bob",
    );
    let report = classify(&raw).expect("a bounce");
    let d = &report.recipients[0];
    assert!(d.diagnostic.contains("User unknown"), "{:?}", d.diagnostic);
    assert!(d.diagnostic.contains("]0;PWNED"), "{:?}", d.diagnostic);
    assert_eq!(d.reason, bounce_cause::Reason::UserUnknown);
}

#[test]
fn a_bidi_override_cannot_disguise_a_recipient() {
    let raw = dsn(b"User unknown", b"hi", b"bob\xe2\x80\xae\xe2\x80\x8b");
    let report = classify(&raw).expect("a bounce");
    assert_eq!(report.recipients[0].recipient, "bob@example.com");
}

#[test]
fn a_one_mebibyte_hostile_line_is_cut_and_cleaned() {
    let line: Vec<u8> = b"\x1b[31m<script>x</script>\x00"
        .iter()
        .copied()
        .cycle()
        .take(1 << 20)
        .collect();
    let report = classify(&dsn(&line, &line, b"bob")).expect("a bounce");
    assert_safe(&report, "1 MiB line");
    assert!(
        report.recipients[0].diagnostic.len() <= bounce_cause::Limits::default().max_text_bytes
    );
}
