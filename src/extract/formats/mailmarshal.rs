//! MailMarshal (Trustwave).

use crate::address::clean_address;
use crate::extract::record::Record;
use crate::limits::Limits;
use crate::mime::Bounce;
use crate::text::push_words;

/// MailMarshal (Trustwave): "Could not be delivered because of", the reply,
/// then "The following recipients were affected:" and the addresses,
/// indented; "Additional Information" gives the Remote-MTA.
pub(crate) fn mailmarshal(_b: &Bounce, notice: &str, limits: &Limits) -> Option<Vec<Record>> {
    let at = notice.find("Could not be delivered because of")?;
    let rest = notice.get(at..)?;
    let mut diag = String::new();
    let mut rcpts: Vec<String> = Vec::new();
    let mut remote = None;
    let mut section = 0u8;
    for line in rest.lines().skip(1).take(200) {
        let t = line.trim();
        if t.starts_with("The following recipients were affected") {
            section = 1;
            continue;
        }
        if t.starts_with("Additional Information") {
            section = 2;
            continue;
        }
        match section {
            0 => push_words(&mut diag, t, limits.max_text_bytes),
            1 => rcpts.extend(clean_address(t)),
            _ => {
                if let Some(v) = t.strip_prefix("Remote-MTA:") {
                    remote = Some(v.trim().trim_matches(['<', '>']).to_string());
                }
            }
        }
    }
    rcpts.truncate(limits.max_recipients);
    Some(
        rcpts
            .into_iter()
            .map(|recipient| Record {
                recipient,
                diagnostic: diag.clone(),
                remote_mta: remote.clone(),
                ..Record::default()
            })
            .collect(),
    )
}
