//! Rule files: `RuleSet::from_toml` never panics on any text; a refusal
//! points inside the file and says what is wrong on one line; an accepted
//! set stays within the limits and classifies and explains a bounce
//! without panicking.
#![no_main]

use bounce_cause::{Classifier, RuleSet};
use libfuzzer_sys::fuzz_target;

const BOUNCE: &[u8] = b"From: MAILER-DAEMON@relay.example.net\r\n\
Subject: Undelivered Mail Returned to Sender\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\
\r\n--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\
--b\r\nContent-Type: message/delivery-status\r\n\r\n\
Reporting-MTA: dns; relay.example.net\r\n\r\n\
Final-Recipient: rfc822; henry@frostmail.test\r\nAction: failed\r\nStatus: 5.2.1\r\n\
Remote-MTA: dns; mx1.frostmail.test\r\n\
Diagnostic-Code: smtp; 550 5.2.1 ERR-4711 mailbox frozen\r\n--b--\r\n";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match RuleSet::from_toml(&text) {
        Ok(set) => {
            assert!(set.len() <= RuleSet::MAX_RULES);
            assert!(set.ids().all(|id| id.starts_with("user.") && id.len() > 5));
            let c = Classifier::new().rules(set);
            let report = c.classify(BOUNCE).expect("the bounce classifies");
            let explanation = c.explain(BOUNCE).expect("the bounce explains");
            assert_eq!(explanation.report, report);
        }
        Err(e) => {
            let lines = text.split('\n').count();
            assert!(e.line >= 1 && e.line <= lines, "{e}");
            assert!(e.column >= 1, "{e}");
            assert!(!e.message.is_empty() && !e.message.contains('\n'), "{e:?}");
        }
    }
});
