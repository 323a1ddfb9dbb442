//! Exchange 5.5/2000/2003 text notices.

use crate::address::clean_address;
use crate::extract::record::Record;
use crate::limits::Limits;
use crate::mime::Bounce;
use crate::text::push_words;

/// Exchange 5.5/2000/2003 text notices: "did not reach the following
/// recipient(s):", then per recipient `address on DATE` and the reason on
/// indented lines (with an `MSEXCH:` component code).
pub(crate) fn exchange2003(_b: &Bounce, notice: &str, limits: &Limits) -> Option<Vec<Record>> {
    let at = notice.find("did not reach the following recipient")?;
    let rest = notice.get(at..)?;
    let mut out: Vec<Record> = Vec::new();
    for line in rest.lines().skip(1).take(400) {
        if line.trim().is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            let first = line.split_whitespace().next().unwrap_or_default();
            if let Some(a) = clean_address(first) {
                if out.len() < limits.max_recipients {
                    out.push(Record {
                        recipient: a,
                        ..Record::default()
                    });
                }
                continue;
            }
            // A line that is no address and not indented ends the last
            // recipient's text only if it is not the reason's summary.
        }
        if let Some(r) = out.last_mut() {
            push_words(&mut r.diagnostic, line, limits.max_text_bytes);
        }
    }
    Some(out)
}
