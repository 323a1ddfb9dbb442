//! The public API seen from outside the crate: thread safety of the public
//! types, a serde round trip of a real report, and the errors for inputs that
//! are not a readable bounce.

use bounce_cause::{
    Action, Actor, Classifier, Diagnosis, EnhancedStatus, Error, Fix, Kind, Limits, Reason, Report,
    Smtp550Cause, classify,
};

/// Compiles only when `T` can be sent to and shared between threads.
const fn assert_send_sync<T: Send + Sync>() {}

// Checked at compile time: a type losing `Send` or `Sync` breaks the build.
const _: () = {
    assert_send_sync::<Report>();
    assert_send_sync::<Diagnosis>();
    assert_send_sync::<Error>();
    assert_send_sync::<Reason>();
    assert_send_sync::<Smtp550Cause>();
    assert_send_sync::<Fix>();
    assert_send_sync::<Actor>();
    assert_send_sync::<Kind>();
    assert_send_sync::<Action>();
    assert_send_sync::<EnhancedStatus>();
    assert_send_sync::<Classifier>();
    assert_send_sync::<Limits>();
    assert_send_sync::<bounce_cause::OriginalMessage>();
    assert_send_sync::<bounce_cause::__private::Rule>();
};

/// A Postfix bounce with two recipients: a typo'd domain (so `suggestion` is
/// set) and a full mailbox (no cause), plus the returned original's headers.
const TWO_RECIPIENTS: &[u8] = b"From: MAILER-DAEMON@mx1.example.net (Mail Delivery System)\r\n\
To: ann@example.net\r\n\
Subject: Undelivered Mail Returned to Sender\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"\r\n\
\r\n\
--B1\r\n\
Content-Type: text/plain; charset=us-ascii\r\n\
\r\n\
This is the mail system at host mx1.example.net.\r\n\
\r\n\
I'm sorry to have to inform you that your message could not\r\n\
be delivered to one or more recipients.\r\n\
--B1\r\n\
Content-Type: message/delivery-status\r\n\
\r\n\
Reporting-MTA: dns; mx1.example.net\r\n\
\r\n\
Final-Recipient: rfc822; bert@gmial.com\r\n\
Action: failed\r\n\
Status: 5.1.1\r\n\
Remote-MTA: dns; mx.gmial.com\r\n\
Diagnostic-Code: smtp; 550 5.1.1 <bert@gmial.com>: Recipient address rejected:\r\n\
    User unknown in virtual mailbox table\r\n\
\r\n\
Final-Recipient: rfc822; cleo@example.org\r\n\
Action: failed\r\n\
Status: 5.2.2\r\n\
Remote-MTA: dns; mx.example.org\r\n\
Diagnostic-Code: smtp; 552 5.2.2 <cleo@example.org>: Mailbox full\r\n\
--B1\r\n\
Content-Type: text/rfc822-headers\r\n\
\r\n\
From: Ann <ann@example.net>\r\n\
To: bert@gmial.com, cleo@example.org\r\n\
Subject: Minutes of Tuesday\r\n\
Message-ID: <minutes-42@example.net>\r\n\
--B1--\r\n";

#[test]
fn report_survives_a_json_round_trip() {
    let report = classify(TWO_RECIPIENTS).expect("a bounce");
    assert_eq!(report.recipients.len(), 2);
    let first = &report.recipients[0];
    assert_eq!(first.cause, Some(Smtp550Cause::RecipientTypo));
    assert_eq!(first.suggestion.as_deref(), Some("bert@gmail.com"));
    assert!(!first.fixes.is_empty());
    assert_eq!(report.recipients[1].reason, Reason::MailboxFull);
    assert_eq!(report.recipients[1].cause, None);
    assert_eq!(
        report.original.message_id.as_deref(),
        Some("minutes-42@example.net")
    );

    let json = serde_json::to_string(&report).expect("serialise");
    let back: Report = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, report);

    // JSON names are API: a few spot checks of their spelling.
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["kind"], "failed");
    assert_eq!(v["recipients"][0]["status"], "5.1.1");
    assert_eq!(v["recipients"][0]["reply_code"], 550);
    assert_eq!(v["recipients"][0]["reason"], "userunknown");
    assert_eq!(v["recipients"][0]["cause"], "recipient_typo");
    assert_eq!(v["recipients"][0]["action"], "failed");
    assert_eq!(v["recipients"][1]["cause"], serde_json::Value::Null);
    assert_eq!(v["recipients"][0]["fixes"][0]["actor"], "sender");
}

#[test]
fn the_same_input_gives_the_same_report_on_any_thread() {
    let here = classify(TWO_RECIPIENTS).expect("a bounce");
    let there = std::thread::spawn(|| classify(TWO_RECIPIENTS).expect("a bounce"))
        .join()
        .expect("thread");
    assert_eq!(here, there);
}

#[test]
fn empty_input_is_an_error() {
    assert_eq!(classify(b""), Err(Error::Empty));
    assert_eq!(classify(b" \r\n\t\n"), Err(Error::Empty));
    assert_eq!(Error::Empty.to_string(), "empty input");
}

#[test]
fn input_without_a_header_section_is_not_an_email() {
    for raw in [
        &b"\r\n\r\njust a body, no header section at all\r\n"[..],
        &b"\x00\x01\x02\x03\xff\xfe"[..],
    ] {
        assert_eq!(
            classify(raw),
            Err(Error::NotAnEmail),
            "{:?}",
            String::from_utf8_lossy(raw)
        );
    }
    assert_eq!(Error::NotAnEmail.to_string(), "not an email message");
}

#[test]
fn ordinary_mail_is_not_a_bounce() {
    let raw = b"From: Ann <ann@example.net>\r\n\
To: bert@example.org\r\n\
Subject: Lunch on Friday?\r\n\
Message-ID: <lunch-1@example.net>\r\n\
\r\n\
Hi Bert, are we still on for Friday at noon?\r\n";
    assert_eq!(classify(raw), Err(Error::NotABounce));
    assert!(Error::NotABounce.to_string().starts_with("not a bounce"));
}

/// A report past the MIME-part limit is not "not a bounce": the error says a
/// limit was reached, and raising the limit reads it. Text past the notice
/// limit marks the report as cut.
#[test]
fn limits_that_hide_or_cut_text_say_so() {
    let mut raw = String::from(
        "From: MAILER-DAEMON@mx.example.net\r\n\
Subject: Undelivered Mail Returned to Sender\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n",
    );
    for i in 0..6 {
        raw.push_str(&format!(
            "--b\r\nContent-Type: image/png\r\n\r\nnot an image {i}\r\n"
        ));
    }
    raw.push_str(
        "--b\r\nContent-Type: message/delivery-status\r\n\r\n\
Reporting-MTA: dns; mx.example.net\r\n\r\n\
Final-Recipient: rfc822; ann@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\
Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n--b--\r\n",
    );
    let mut limits = Limits::default();
    limits.max_mime_parts = 4;
    let strict = Classifier::new().limits(limits);
    assert_eq!(strict.classify(raw.as_bytes()), Err(Error::LimitReached));
    let report = classify(raw.as_bytes()).expect("read with the default limits");
    assert_eq!(report.recipients[0].recipient, "ann@example.org");
    assert!(!report.truncated);

    let notice = format!(
        "From: MAILER-DAEMON@mx.example.net\r\nSubject: failure notice\r\n\r\n\
<bob@example.org>:\r\n550 5.1.1 no such user\r\n\r\n{}\r\n",
        "filler text. ".repeat(200)
    );
    let mut limits = Limits::default();
    limits.max_notice_bytes = 1024;
    let cut = Classifier::new()
        .limits(limits)
        .classify(notice.as_bytes())
        .expect("a report");
    assert_eq!(cut.recipients[0].recipient, "bob@example.org");
    assert!(cut.truncated);
    assert!(!classify(notice.as_bytes()).expect("a report").truncated);

    // A long mail that is no bounce stays "not a bounce" when its text is
    // cut: only a cut of the structure can hide a report.
    let letter = format!(
        "From: ann@example.net\r\nSubject: minutes\r\n\r\n{}\r\n",
        "we met and talked. ".repeat(200)
    );
    assert_eq!(
        Classifier::new().limits(limits).classify(letter.as_bytes()),
        Err(Error::NotABounce)
    );

    // Past a returned-message marker, the text cut is the original's.
    let inline = format!(
        "From: MAILER-DAEMON@mx.example.net\r\nSubject: failure notice\r\n\r\n\
<bob@example.org>:\r\n550 5.1.1 no such user\r\n\r\n\
--- Below this line is a copy of the message.\r\n\r\nSubject: hi\r\n\r\n{}\r\n",
        "filler text. ".repeat(200)
    );
    let kept = Classifier::new()
        .limits(limits)
        .classify(inline.as_bytes())
        .expect("a report");
    assert_eq!(kept.recipients[0].recipient, "bob@example.org");
    assert!(!kept.truncated);
}

#[test]
fn input_over_the_limit_is_too_large() {
    let mut limits = Limits::default();
    limits.max_input_bytes = 100;
    let strict = Classifier::new().limits(limits);
    let err = strict.classify(TWO_RECIPIENTS).expect_err("over the limit");
    assert_eq!(
        err,
        Error::TooLarge {
            size: TWO_RECIPIENTS.len(),
            limit: 100
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "input of {} bytes is over the limit of 100 bytes",
            TWO_RECIPIENTS.len()
        )
    );
    // The size check comes before anything else: even an empty-looking input.
    let spaces = vec![b' '; 101];
    assert!(matches!(
        strict.classify(&spaces),
        Err(Error::TooLarge { .. })
    ));
    // Within the limit, the default classifier reads it.
    assert!(Classifier::new().classify(TWO_RECIPIENTS).is_ok());
}

#[test]
fn classifier_default_and_classify_agree() {
    let c = Classifier::new();
    c.warm_up();
    assert_eq!(c.classify(TWO_RECIPIENTS), classify(TWO_RECIPIENTS));
    assert_eq!(Classifier::default().classify(b""), Err(Error::Empty));
}
