//! Apache James.

use crate::address::clean_address;
use crate::extract::record::Record;
use crate::limits::Limits;
use crate::mime::Bounce;
use crate::text::push_words;

use super::same_diagnostic;

/// Apache James: "Error message below:" with the reply, then "Message
/// details:" listing the envelope, `RCPT TO:` the failed recipients.
pub(crate) fn apache_james(_b: &Bounce, notice: &str, limits: &Limits) -> Option<Vec<Record>> {
    let at = notice.find("Error message below:")?;
    let rest = notice.get(at..)?;
    let mut diag = String::new();
    let mut rcpts: Vec<String> = Vec::new();
    let mut in_details = false;
    for line in rest.lines().skip(1).take(200) {
        let t = line.trim();
        if t.starts_with("Message details:") {
            in_details = true;
            continue;
        }
        if in_details {
            if let Some(a) = t.strip_prefix("RCPT TO:") {
                rcpts.extend(a.split(',').filter_map(clean_address));
            }
        } else {
            push_words(&mut diag, t, limits.max_text_bytes);
        }
    }
    rcpts.truncate(limits.max_recipients);
    Some(same_diagnostic(rcpts, &diag))
}
