//! DragonFly Mail Agent (dma): "There was an error delivering your mail to
//! `<address>`." then, after a blank line, the host that refused and the SMTP
//! command (`host [ip] did not like our RCPT TO:`) and the reply on the next
//! lines, or a sentence of its own ("Could not deliver for the last N
//! seconds"). The returned message follows "Message headers follow." or
//! "Original message follows.".

use crate::address::clean_address;
use crate::extract::command::Command;
use crate::extract::record::Record;
use crate::limits::Limits;
use crate::mime::Bounce;
use crate::text::{contains_ci, push_words};

const LEAD: &str = "There was an error delivering your mail to ";

/// Reads a dma notice.
pub(crate) fn decode(b: &Bounce, notice: &str, limits: &Limits) -> Option<Vec<Record>> {
    let signed = contains_ci(notice, "DragonFly Mail Agent")
        || b.header("received")
            .is_some_and(|v| contains_ci(v, "DragonFly Mail Agent"));
    if !signed {
        return None;
    }
    let mut out: Vec<Record> = Vec::new();
    let mut current: Option<Record> = None;
    for line in notice.lines().take(400) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix(LEAD) {
            if let Some(r) = current.take() {
                out.push(r);
            }
            current = clean_address(rest.trim_end_matches('.')).map(|recipient| Record {
                recipient,
                ..Record::default()
            });
            continue;
        }
        let Some(r) = current.as_mut() else { continue };
        if line.is_empty() {
            continue;
        }
        if line.ends_with("follows.") || line.ends_with("follow.") {
            break;
        }
        if let Some((host, cmd)) = line.split_once(" did not like our ") {
            r.remote_mta = host.split_whitespace().next().map(str::to_ascii_lowercase);
            let cmd = cmd.trim_end_matches(':').trim();
            r.command = if contains_ci(cmd, "RCPT") {
                Some(Command::Rcpt)
            } else if contains_ci(cmd, "MAIL") {
                Some(Command::Mail)
            } else if contains_ci(cmd, "DATA") {
                Some(Command::Data)
            } else if contains_ci(cmd, "HELO") || contains_ci(cmd, "EHLO") {
                Some(Command::Ehlo)
            } else {
                None
            };
            continue;
        }
        push_words(&mut r.diagnostic, line, limits.max_text_bytes);
    }
    if let Some(r) = current {
        out.push(r);
    }
    Some(out)
}
