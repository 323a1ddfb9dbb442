//! `classify` on arbitrary bytes: never panics (libfuzzer-sys aborts on any
//! panic, even one `classify` would catch), the report survives a JSON round
//! trip, every recipient looks like an address, and limits hold. Each input
//! is also run under tiny limits, so the cut-off paths are fuzzed too.
#![no_main]

use bounce_cause::{Classifier, Error, Limits, Report};
use libfuzzer_sys::fuzz_target;

// The same check as the integration tests'.
#[path = "../../tests/common/mod.rs"]
mod common;
use common::looks_like_address;

fn check(report: &Report, limits: &Limits) {
    assert!(report.recipients.len() <= limits.max_recipients);
    for d in &report.recipients {
        let r = &d.recipient;
        assert!(looks_like_address(r), "recipient is not an address: {r:?}");
        assert!(
            d.diagnostic.len() <= limits.max_text_bytes,
            "diagnostic over the limit"
        );
    }
    let json = serde_json::to_string(report).expect("serialise");
    let back: Report = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(&back, report, "JSON round trip changed the report");
}

fn run(classifier: &Classifier, limits: &Limits, data: &[u8]) {
    match classifier.classify(data) {
        Ok(report) => check(&report, limits),
        Err(Error::Internal) => panic!("classify caught a panic"),
        Err(_) => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    run(&Classifier::new(), &limits, data);

    let mut tiny = Limits::default();
    tiny.max_input_bytes = 1 << 20;
    tiny.max_recipients = 2;
    tiny.max_mime_parts = 3;
    tiny.max_text_bytes = 17;
    tiny.max_notice_bytes = 61;
    tiny.max_status_bytes = 127;
    run(&Classifier::new().limits(tiny), &tiny, data);
});
