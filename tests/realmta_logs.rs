//! The real-MTA cases checked twice: once from the notice each MTA delivered
//! (`fixtures/realmta/<mta>/<case>.eml`), once from the MTA's own log of
//! the run (`<mta>/maillog.txt`) through `read_log_line` and
//! `classify_reply`. The two answers must agree on recipient, status,
//! reason and cause. Run with `--nocapture` for the table.
//!
//! A case's log record is the last line for its recipient whose action
//! (failed or delayed) is the notice's, else its last line (Postfix logs the
//! final expiry without the recipient, so an expiry notice is compared with
//! the last deferral); cases the log has no line for (Sendmail's local
//! mailer refusals, logged as `addr... text`) are counted apart. `fixtures/realmta/LOG_DISAGREEMENTS` lists the cases where the two
//! answers differ today, with why; the test fails on one not listed, and on a
//! listed one that now agrees.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use bounce_cause::{Action, Diagnosis, classify, classify_reply, read_log_line};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/realmta")
}

/// The log's records for each recipient, in log order.
fn log_records(dir: &Path) -> HashMap<String, Vec<Diagnosis>> {
    let mut out: HashMap<String, Vec<Diagnosis>> = HashMap::new();
    let Ok(bytes) = fs::read(dir.join("maillog.txt")) else {
        return out;
    };
    for line in String::from_utf8_lossy(&bytes).lines() {
        for r in read_log_line(line) {
            let d = classify_reply(&r.reply);
            out.entry(d.recipient.to_ascii_lowercase())
                .or_default()
                .push(d);
        }
    }
    out
}

/// Recipient, status, reason and cause. A catch-all status (`5.0.0`,
/// `4.0.0`) counts as none: an MTA writes it in its notice's `Status:` field
/// when the reply had no enhanced code, and its log then has none.
fn answer(d: &Diagnosis) -> String {
    let status = d
        .status
        .filter(|s| !(s.subject == 0 && s.detail == 0))
        .map_or("-".into(), |s| s.to_string());
    format!(
        "{} {status} {} {}",
        d.recipient.to_ascii_lowercase(),
        d.reason,
        d.cause.map_or("-", |c| c.as_str()),
    )
}

#[test]
fn a_case_read_from_the_log_agrees_with_its_notice() {
    let root = root();
    let Ok(mtas) = fs::read_dir(&root) else {
        eprintln!("skipped: no {}", root.display());
        return;
    };
    let mut mtas: Vec<PathBuf> = mtas
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    mtas.sort();
    let listed: BTreeSet<String> = fs::read_to_string(root.join("LOG_DISAGREEMENTS"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    let mut table: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    let mut differ = BTreeSet::new();
    let mut report = Vec::new();
    for dir in &mtas {
        let mta = dir.file_name().unwrap().to_string_lossy().into_owned();
        let log = log_records(dir);
        let mut cases: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        cases.sort();
        for mail in cases {
            let name = mail.file_stem().unwrap().to_string_lossy().into_owned();
            let key = format!("{mta}/{name}");
            let expect: Value =
                serde_json::from_str(&fs::read_to_string(mail.with_extension("json")).unwrap())
                    .unwrap();
            let rcpt = expect["recipient"].as_str().unwrap().to_ascii_lowercase();
            let Ok(report_) = classify(&fs::read(&mail).unwrap()) else {
                continue;
            };
            let Some(from_dsn) = report_.recipients.iter().find(|d| {
                d.recipient.eq_ignore_ascii_case(&rcpt)
                    || d.original_recipient
                        .as_deref()
                        .is_some_and(|o| o.eq_ignore_ascii_case(&rcpt))
            }) else {
                continue;
            };
            let row = table.entry(mta.clone()).or_default();
            let from_log = log
                .get(&from_dsn.recipient.to_ascii_lowercase())
                .and_then(|v| {
                    let same = |d: &&Diagnosis| {
                        (d.action == Action::Delayed) == (from_dsn.action == Action::Delayed)
                    };
                    v.iter().rev().find(same).or(v.last())
                });
            let Some(from_log) = from_log else {
                row.2 += 1;
                report.push(format!("{key}: not in the log"));
                continue;
            };
            if answer(from_dsn) == answer(from_log) {
                row.0 += 1;
            } else {
                row.1 += 1;
                differ.insert(key.clone());
                report.push(format!(
                    "{key}\n    notice {}\n    log    {}   [{}]",
                    answer(from_dsn),
                    answer(from_log),
                    from_log.diagnostic
                ));
            }
        }
    }
    eprintln!("mta        agree  differ  not in log");
    let (mut a, mut d) = (0, 0);
    for (mta, (agree, dif, none)) in &table {
        eprintln!("{mta:<10} {agree:>5}  {dif:>6}  {none:>10}");
        a += agree;
        d += dif;
    }
    eprintln!(
        "all        {a:>5}  {d:>6}   agreement {:.3}",
        f64::from(a) / f64::from((a + d).max(1))
    );
    for r in &report {
        eprintln!("{r}");
    }
    let new: Vec<_> = differ.difference(&listed).collect();
    let fixed: Vec<_> = listed.difference(&differ).collect();
    assert!(
        new.is_empty(),
        "notice and log disagree, not listed in LOG_DISAGREEMENTS: {new:?}"
    );
    assert!(
        fixed.is_empty(),
        "listed in LOG_DISAGREEMENTS but agree now (or gone): {fixed:?}"
    );
    assert!(a > 50, "only {a} cases agree");
}
