//! Postfix's smtpd "errors from" report to the postmaster.

use crate::address::clean_address;
use crate::extract::command::Command;
use crate::extract::record::Record;
use crate::limits::Limits;
use crate::mime::Bounce;
use crate::text::contains_ci;

/// Postfix's smtpd "errors from" report to the postmaster: the SMTP session
/// as `In:` (client) and `Out:` (server) lines. The failed recipients are
/// those of `RCPT TO`; the error is the server's failure reply, answering the
/// last client command (a failure after DATA fails every accepted recipient).
pub(crate) fn postfix_smtpd(b: &Bounce, notice: &str, limits: &Limits) -> Option<Vec<Record>> {
    if !contains_ci(&b.subject, "SMTP server: errors from") && !notice.contains("\n In:  ") {
        return None;
    }
    let mut out: Vec<Record> = Vec::new();
    let mut last_in = String::new();
    let mut accepted: Vec<String> = Vec::new();
    for line in notice.lines().take(2000) {
        let t = line.trim();
        if let Some(cmd) = t.strip_prefix("In:") {
            last_in = cmd.trim().to_string();
            continue;
        }
        if let Some(reply) = t.strip_prefix("Out:") {
            let reply = reply.trim();
            let is_rcpt = last_in
                .get(..4)
                .is_some_and(|c| c.eq_ignore_ascii_case("RCPT"));
            let rcpt = is_rcpt
                .then(|| {
                    last_in
                        .split_once(':')
                        .and_then(|(_, a)| a.split_whitespace().next())
                        .and_then(clean_address)
                })
                .flatten();
            let failed = reply.starts_with(['4', '5']);
            match (rcpt, failed) {
                (Some(a), false) => {
                    if !accepted.contains(&a) {
                        accepted.push(a);
                    }
                }
                (Some(a), true) => out.push(record(a, reply, Command::Rcpt)),
                (None, true) => {
                    let cmd = command_word(&last_in);
                    for a in &accepted {
                        if !out.iter().any(|r| &r.recipient == a) {
                            out.push(record(a.clone(), reply, cmd));
                        }
                    }
                }
                (None, false) => {}
            }
            continue;
        }
        // A long client command continues on indented lines.
        if line.starts_with("     ") && !last_in.is_empty() && last_in.len() < 1024 {
            last_in.push(' ');
            last_in.push_str(t);
        }
    }
    out.truncate(limits.max_recipients);
    Some(out)
}

fn record(recipient: String, reply: &str, command: Command) -> Record {
    Record {
        recipient,
        diagnostic: reply.to_string(),
        command: Some(command),
        ..Record::default()
    }
}

fn command_word(cmd: &str) -> Command {
    let w = cmd
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    match w.as_str() {
        "MAIL" => Command::Mail,
        "RCPT" => Command::Rcpt,
        "EHLO" => Command::Ehlo,
        "HELO" => Command::Helo,
        "BDAT" => Command::Bdat,
        _ => Command::Data,
    }
}
