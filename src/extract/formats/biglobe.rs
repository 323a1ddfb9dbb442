//! Biglobe, a Japanese ISP.

use crate::address::clean_address;
use crate::extract::record::Record;
use crate::limits::Limits;
use crate::mime::Bounce;
use crate::text::{contains_ci, push_words};

use super::same_diagnostic;

/// Biglobe (a Japanese ISP): "----- The following addresses had delivery
/// problems -----", the addresses one per line, then "----- Non-delivered
/// information -----" and the reason.
pub(crate) fn biglobe(_b: &Bounce, notice: &str, limits: &Limits) -> Option<Vec<Record>> {
    let at = notice.find("The following addresses had delivery problems")?;
    let rest = notice.get(at..)?;
    let mut addrs: Vec<String> = Vec::new();
    let mut diag = String::new();
    let mut in_info = false;
    for line in rest.lines().skip(1).take(200) {
        let t = line.trim();
        if t.starts_with("-----") {
            in_info = contains_ci(t, "information");
            if !in_info && !addrs.is_empty() {
                break;
            }
            continue;
        }
        if in_info {
            push_words(&mut diag, t, limits.max_text_bytes);
        } else if let Some(a) = clean_address(t) {
            addrs.push(a);
        }
    }
    addrs.truncate(limits.max_recipients);
    Some(same_diagnostic(addrs, &diag))
}
