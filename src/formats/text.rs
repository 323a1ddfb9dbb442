//! Smaller text notice families, each with a shape of its own.

use crate::Limits;
use crate::mime::Bounce;
use crate::record::{Record, clean_address, contains_ci};

use super::generic::push_words;

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
                (Some(a), true) => out.push(record(a, reply, "RCPT")),
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

fn record(recipient: String, reply: &str, command: &'static str) -> Record {
    Record {
        recipient,
        diagnostic: reply.to_string(),
        command: Some(command),
        ..Record::default()
    }
}

fn command_word(cmd: &str) -> &'static str {
    let w = cmd
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    match w.as_str() {
        "MAIL" => "MAIL",
        "RCPT" => "RCPT",
        "EHLO" => "EHLO",
        "HELO" => "HELO",
        "BDAT" => "BDAT",
        _ => "DATA",
    }
}

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

/// One record per address, all with the one diagnostic the notice gives.
fn same_diagnostic(addresses: Vec<String>, diagnostic: &str) -> Vec<Record> {
    addresses
        .into_iter()
        .map(|recipient| Record {
            recipient,
            diagnostic: diagnostic.to_string(),
            ..Record::default()
        })
        .collect()
}
