//! `classify_reply` against `classify` over the shared reply catalogue
//! (`../shared/catalogue/replies.jsonl` beside the repository; skipped with
//! a message when it is absent):
//!
//! - every reply, given as a [`Reply`], gets the diagnosis `classify` gives
//!   an RFC 3464 report (as Postfix writes one) that carries it;
//! - the catalogue fed as bare reply lines scores as its email form does
//!   (`../shared/catalogue/emails` against `expected.jsonl`), within 0.01 on
//!   each measure, with or without the command. Run with `--nocapture` to see both sets of figures.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use bounce_cause::{Action, Diagnosis, EnhancedStatus, Reply, classify, classify_reply};
use serde_json::Value;

fn catalogue() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/catalogue");
    if dir.join("replies.jsonl").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: no reply catalogue at {} (it lives beside the repository)",
            dir.display()
        );
        None
    }
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

struct Row {
    id: String,
    code: Option<u16>,
    status: Option<EnhancedStatus>,
    text: String,
    temporary: bool,
}

fn rows(dir: &Path) -> Vec<Row> {
    jsonl(&dir.join("replies.jsonl"))
        .into_iter()
        .filter_map(|v| {
            let text = v["text"].as_str()?.trim().to_string();
            (!text.is_empty()).then(|| Row {
                id: v["id"].as_str().unwrap_or_default().to_string(),
                code: v["reply_code"].as_u64().and_then(|c| u16::try_from(c).ok()),
                status: v["status"].as_str().and_then(|s| s.parse().ok()),
                text,
                temporary: v["temporary"].as_bool().unwrap_or(false),
            })
        })
        .collect()
}

impl Row {
    /// `<code> <status> <text>`, the parts there are.
    fn line(&self) -> String {
        let code = self.code.map(|c| c.to_string());
        let status = self.status.map(|s| s.to_string());
        [code.as_deref(), status.as_deref(), Some(self.text.as_str())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The Status field Postfix writes: the reply's code, else the class's
    /// catch-all.
    fn dsn_status(&self) -> EnhancedStatus {
        self.status.unwrap_or_else(|| {
            let class = match self.code {
                Some(c) => (c / 100) as u8,
                None if self.temporary => 4,
                None => 5,
            };
            EnhancedStatus::new(class, 0, 0)
        })
    }
}

const RCPT: &str = "someone@remote.example";
const HOST: &str = "mx1.remote.example";

/// An RFC 3464 report as Postfix writes one, carrying `row`'s reply.
fn dsn(row: &Row) -> Vec<u8> {
    let diag = row.line();
    format!(
        "From: MAILER-DAEMON@out.sender.example (Mail Delivery System)\n\
To: writer@sender.example\n\
Subject: Undelivered Mail Returned to Sender\n\
MIME-Version: 1.0\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\
\n\
--B\n\
Content-Type: text/plain; charset=utf-8\n\
\n\
This is the mail system at host out.sender.example.\n\
\n\
Your message could not be delivered to one or more recipients.\n\
\n\
<{RCPT}>: host {HOST}[192.0.2.80] said: {diag} (in reply to RCPT TO command)\n\
\n\
--B\n\
Content-Type: message/delivery-status\n\
\n\
Reporting-MTA: dns; out.sender.example\n\
\n\
Final-Recipient: rfc822; {RCPT}\n\
Original-Recipient: rfc822;{RCPT}\n\
Action: failed\n\
Status: {status}\n\
Remote-MTA: dns; {HOST}\n\
Diagnostic-Code: smtp; {diag}\n\
\n\
--B--\n",
        status = row.dsn_status(),
    )
    .into_bytes()
}

fn answer(d: &Diagnosis) -> Value {
    serde_json::json!({
        "recipient": d.recipient,
        "action": d.action,
        "status": d.status,
        "reply_code": d.reply_code,
        "remote_mta": d.remote_mta,
        "command": d.command,
        "reason": d.reason,
        "cause": d.cause,
        "permanent": d.permanent,
        "hard_bounce": d.hard_bounce,
        "rule": d.rule,
        "suggestion": d.suggestion,
        "fixes": d.fixes,
    })
}

#[test]
fn a_reply_gets_the_answer_of_a_dsn_carrying_it() {
    let Some(dir) = catalogue() else { return };
    let rows = rows(&dir);
    assert!(rows.len() > 100, "only {} replies", rows.len());
    let mut differ = Vec::new();
    for row in &rows {
        let report = classify(&dsn(row)).unwrap_or_else(|e| panic!("{}: {e}", row.id));
        assert_eq!(report.recipients.len(), 1, "{}", row.id);
        let from_dsn = answer(&report.recipients[0]);
        let mut reply = Reply::new(row.text.as_str())
            .status(row.dsn_status())
            .command("RCPT TO")
            .remote_host(HOST)
            .recipient(RCPT)
            .action(Action::Failed);
        if let Some(c) = row.code {
            reply = reply.reply_code(c);
        }
        let from_reply = answer(&classify_reply(&reply));
        if from_reply != from_dsn {
            differ.push(format!(
                "{}:\n  dsn   {from_dsn}\n  reply {from_reply}",
                row.id
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} replies differ:\n{}",
        differ.len(),
        rows.len(),
        differ.join("\n")
    );
}

/// Sisimai 5.6 merged four reasons into two; labels use the older names.
fn same_reason(got: &str, want: &str) -> bool {
    let alias = |r: &str| match r {
        "toomanyconn" | "speeding" => "ratelimited".to_string(),
        "mesgtoobig" | "exceedlimit" => "emailtoolarge".to_string(),
        r => r.to_string(),
    };
    alias(got) == alias(want)
}

#[derive(Default, Debug, Clone, Copy)]
struct Tally {
    expected: u32,
    found: u32,
    status: (u32, u32),
    reply: (u32, u32),
    reason: (u32, u32),
    cause: (u32, u32),
}

fn ratio((ok, all): (u32, u32)) -> f64 {
    if all == 0 {
        1.0
    } else {
        f64::from(ok) / f64::from(all)
    }
}

impl Tally {
    /// The measures of `score.py` that apply to one recipient per label.
    fn count(&mut self, label: &Value, got: Option<&Diagnosis>) {
        self.expected += 1;
        let Some(d) = got else { return };
        self.found += 1;
        let got = serde_json::to_value(d).unwrap();
        if let Some(want) = label["status"]
            .as_str()
            .filter(|s| !s.is_empty() && !s.split('.').nth(2).is_some_and(|x| x.starts_with('9')))
        {
            self.status.1 += 1;
            self.status.0 += u32::from(got["status"].as_str() == Some(want));
        }
        if let Some(want) = label["reply_code"].as_str().filter(|s| !s.is_empty()) {
            self.reply.1 += 1;
            self.reply.0 += u32::from(
                got["reply_code"].as_u64().map(|c| c.to_string()).as_deref() == Some(want),
            );
        }
        if let Some(want) = label["reason"]
            .as_str()
            .filter(|r| !matches!(*r, "undefined" | "onhold"))
        {
            self.reason.1 += 1;
            self.reason.0 += u32::from(same_reason(got["reason"].as_str().unwrap_or(""), want));
        }
        if let Some(accept) = label["accept_causes"].as_array() {
            self.cause.1 += 1;
            self.cause.0 += u32::from(accept.contains(&got["cause"]));
        }
    }

    fn measures(&self) -> [(&'static str, f64); 5] {
        [
            ("recipient_recall", ratio((self.found, self.expected))),
            ("status_agreement", ratio(self.status)),
            ("reply_agreement", ratio(self.reply)),
            ("reason_agreement", ratio(self.reason)),
            ("cause_agreement", ratio(self.cause)),
        ]
    }
}

#[test]
fn bare_replies_score_as_their_email_form() {
    let Some(dir) = catalogue() else { return };
    let labels = jsonl(&dir.join("expected.jsonl"));
    let rows: HashMap<String, Row> = rows(&dir).into_iter().map(|r| (r.id.clone(), r)).collect();
    let (mut email, mut reply, mut bare) = (Tally::default(), Tally::default(), Tally::default());
    for label in &labels {
        let file = label["file"].as_str().unwrap();
        let rcpt = label["recipient"].as_str().unwrap();
        let raw = std::fs::read(dir.join("emails").join(file)).unwrap();
        let report = classify(&raw).ok();
        let got = report.as_ref().and_then(|r| {
            r.recipients
                .iter()
                .find(|d| d.recipient.eq_ignore_ascii_case(rcpt))
        });
        email.count(label, got);

        // The reply with what the emails' wrappers say of the session (the
        // command it answered); then as one line, with only the recipient.
        let id = file.rsplit_once('-').map(|(id, _)| id).unwrap_or_default();
        let row = rows
            .get(id)
            .unwrap_or_else(|| panic!("no reply for {file}"));
        let d = classify_reply(&Reply::new(row.line()).recipient(rcpt).command("RCPT TO"));
        reply.count(label, Some(&d));
        let d = classify_reply(&Reply::new(row.line()).recipient(rcpt));
        bare.count(label, Some(&d));
    }
    let mut far = Vec::new();
    eprintln!(
        "{} labels; measure: email form / reply with its command / bare reply line",
        labels.len()
    );
    let all = email
        .measures()
        .into_iter()
        .zip(reply.measures())
        .zip(bare.measures());
    for (((name, e), (_, r)), (_, b)) in all {
        eprintln!("  {name:<18} {e:.4} / {r:.4} / {b:.4}");
        if (e - r).abs() > 0.01 {
            far.push(format!("{name}: email {e:.4}, reply {r:.4}"));
        }
        // A reply without a command is read as RCPT's answer unless its
        // codes are about the content (`classify_reply`), as the emails'
        // wrappers say of the session.
        if (e - b).abs() > 0.01 {
            far.push(format!("{name}: email {e:.4}, bare {b:.4}"));
        }
    }
    assert!(far.is_empty(), "too far apart: {far:?}");
}
