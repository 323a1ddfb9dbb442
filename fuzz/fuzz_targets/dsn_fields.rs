//! The delivery-status field parser (RFC 3464 groups, unfolding) on
//! arbitrary text: never panics, respects `max_groups`, and every field it
//! returns has a plausible name.
#![no_main]

use bounce_cause::__private::parse_groups;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // First byte picks the group limit; the rest is the text.
    let Some((&k, rest)) = data.split_first() else {
        return;
    };
    let max_groups = usize::from(k % 16);
    let text = String::from_utf8_lossy(rest);
    let groups = parse_groups(&text, max_groups);
    assert!(groups.len() <= max_groups);
    for g in &groups {
        assert!(!g.is_empty(), "empty group");
        for f in g {
            assert!(!f.name.is_empty() && f.name.len() <= 64);
            assert!(!f.name.contains(':') && !f.name.contains('\n'));
            assert!(!f.value.contains('\n'), "value not unfolded: {:?}", f.value);
        }
    }
});
