//! Enhanced status codes and SMTP reply codes on arbitrary text: parse,
//! find, and find_reply_code never panic; whatever they return is
//! well-formed and round-trips through its text form.
#![no_main]

use bounce_cause::{EnhancedStatus, find_reply_code};
use libfuzzer_sys::fuzz_target;

fn well_formed(s: EnhancedStatus) {
    assert!(matches!(s.class, 2 | 4 | 5), "class {}", s.class);
    assert!(s.subject <= 999 && s.detail <= 999);
    let text = s.to_string();
    assert_eq!(text.parse::<EnhancedStatus>(), Ok(s), "{text}");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(s) = text.parse::<EnhancedStatus>() {
        well_formed(s);
    }
    if let Some(s) = EnhancedStatus::find(&text) {
        well_formed(s);
        assert!(text.contains(&s.class.to_string()));
    }
    if let Some(c) = find_reply_code(&text) {
        assert!((200..=599).contains(&c), "reply code {c}");
        assert!(matches!(c / 100, 2 | 4 | 5));
    }
});
