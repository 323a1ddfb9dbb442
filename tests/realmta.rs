//! Bounces made by real MTAs (`scripts/realmta.sh`), checked against what each
//! case was set up to be.
//!
//! Every case is a notice that Postfix, Exim, OpenSMTPD or Sendmail delivered to
//! a local sender after a scripted remote server or DNS made it fail on purpose.
//! Its expectation holds the truth of the setup, not what the classifier said:
//!
//! - `recipient`: must be among the report's recipients, as the final or the
//!   original recipient (an alias loop reports the alias it ended on);
//! - `kind`: `failed` or `delayed`, the report's kind;
//! - `status`: the enhanced status the setup gave (`null`: none given, not checked);
//! - `cause`: one of the eight causes, or `null` for none of them (always checked);
//! - `reason`: the Sisimai reason where the setup makes it clear (`null`: not
//!   checked). The names Sisimai 5.6 merged count as one: `emailtoolarge` with
//!   `mesgtoobig` and `exceedlimit`, `ratelimited` with `toomanyconn` and `speeding`;
//! - `unchecked` (rare): the fields this MTA's notice cannot carry for the case,
//!   each with the reason (OpenSMTPD's expiry notice drops the last reply; Exim
//!   words a loop in its own aliases as an unknown local user). They are not
//!   checked; `scripts/realmta/cases.py` says which and why.
//!
//! Two copies are read, with the same layout, `<mta>/<case>.eml` beside
//! `<case>.json`: the committed one under `fixtures/realmta/` (which the fixture
//! harness leaves alone: its `.json` files are expectations of a setup, not full
//! reports), and a fresh run of the script given by `REALMTA_DIR=OUTDIR`.
//!
//! `fixtures/realmta/KNOWN_MISSES` lists the cases (`<mta>/<case>`) the classifier
//! gets wrong today. The test fails on a miss that is not listed, and on a listed
//! case that now holds or no longer exists, so the list only shrinks. It prints
//! every miss, listed or not, as a table.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use bounce_cause::classify;
use serde_json::Value;

struct Case {
    /// `<mta>/<case>`, the key in `KNOWN_MISSES`.
    key: String,
    /// Where it came from, for the table.
    origin: &'static str,
    mail: PathBuf,
    expect: Value,
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/realmta")
}

/// The cases under `root/<mta>/`, with `mail_ext` beside `expect_ext`.
fn cases_in(root: &Path, mail_ext: &str, expect_ext: &str, origin: &'static str) -> Vec<Case> {
    let mut out = Vec::new();
    let Ok(mtas) = fs::read_dir(root) else {
        return out;
    };
    let mut mtas: Vec<PathBuf> = mtas.filter_map(|e| e.ok().map(|e| e.path())).collect();
    mtas.sort();
    for dir in mtas.iter().filter(|p| p.is_dir()) {
        let mta = dir.file_name().unwrap_or_default().to_string_lossy();
        let mut files: Vec<PathBuf> = fs::read_dir(dir)
            .expect("read an MTA's directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == mail_ext))
            .collect();
        files.sort();
        for mail in files {
            let name = mail.file_stem().unwrap_or_default().to_string_lossy();
            let expect_path = mail.with_extension(expect_ext);
            let text = fs::read_to_string(&expect_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expect_path.display()));
            let expect: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", expect_path.display()));
            out.push(Case {
                key: format!("{mta}/{name}"),
                origin,
                mail,
                expect,
            });
        }
    }
    out
}

/// Reason names that Sisimai 5.6 merged into one.
fn same_reason(want: &str, got: &str) -> bool {
    const GROUPS: &[&[&str]] = &[
        &["emailtoolarge", "mesgtoobig", "exceedlimit"],
        &["ratelimited", "toomanyconn", "speeding"],
    ];
    want == got || GROUPS.iter().any(|g| g.contains(&want) && g.contains(&got))
}

fn text<'a>(v: &'a Value, field: &str) -> Option<&'a str> {
    v.get(field).and_then(Value::as_str)
}

/// One row per field that does not hold: (field, want, got).
fn misses(case: &Case) -> (Vec<(String, String, String)>, String) {
    let e = &case.expect;
    let want_rcpt = text(e, "recipient").expect("an expectation names its recipient");
    let raw = fs::read(&case.mail).expect("read a realmta mail");
    let report = match classify(&raw) {
        Ok(r) => r,
        Err(err) => {
            let row = (
                "classify".into(),
                "a report".into(),
                format!("error: {err}"),
            );
            return (vec![row], String::new());
        }
    };
    let mut rows = Vec::new();
    let kind = serde_json::to_value(report.kind).expect("a Kind serialises");
    let want_kind = text(e, "kind").unwrap_or("failed");
    if kind.as_str() != Some(want_kind) {
        rows.push(("kind".into(), want_kind.into(), kind.to_string()));
    }
    let Some(d) = report.recipients.iter().find(|d| {
        d.recipient.eq_ignore_ascii_case(want_rcpt)
            || d.original_recipient
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(want_rcpt))
    }) else {
        let got: Vec<&str> = report
            .recipients
            .iter()
            .map(|d| d.recipient.as_str())
            .collect();
        rows.push(("recipient".into(), want_rcpt.into(), format!("{got:?}")));
        return (rows, String::new());
    };
    // Fields the MTA's notice cannot carry for this case ("unchecked", with
    // the reason, set by scripts/realmta/cases.py) are not checked.
    let unchecked = |field: &str| e.get("unchecked").and_then(|u| u.get(field)).is_some();
    if let Some(want) = text(e, "status").filter(|_| !unchecked("status")) {
        let got = d
            .status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "-".into());
        if got != want {
            rows.push(("status".into(), want.into(), got));
        }
    }
    let want_cause = text(e, "cause").unwrap_or("-");
    let got_cause = d.cause.map(|c| c.as_str()).unwrap_or("-");
    if want_cause != got_cause && !unchecked("cause") {
        rows.push(("cause".into(), want_cause.into(), got_cause.into()));
    }
    if let Some(want) = text(e, "reason").filter(|_| !unchecked("reason")) {
        let got = d.reason.as_str();
        if !same_reason(want, got) {
            rows.push(("reason".into(), want.into(), got.into()));
        }
    }
    let mut why = d.rule.as_deref().unwrap_or("-").to_string();
    let diag: String = d.diagnostic.chars().take(70).collect();
    if !diag.is_empty() {
        why = format!("{why}: {diag}");
    }
    (rows, why)
}

fn known_misses() -> BTreeSet<String> {
    let path = fixtures_dir().join("KNOWN_MISSES");
    let text = fs::read_to_string(&path).unwrap_or_default();
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn real_mta_bounces_meet_their_setup() {
    let mut cases = cases_in(&fixtures_dir(), "eml", "json", "fixtures");
    assert!(
        !cases.is_empty(),
        "no cases under {}: regenerate them with scripts/realmta.sh --fixtures",
        fixtures_dir().display()
    );
    let fixture_keys: BTreeSet<String> = cases.iter().map(|c| c.key.clone()).collect();
    if let Some(dir) = std::env::var_os("REALMTA_DIR").filter(|d| !d.is_empty()) {
        let fresh = cases_in(Path::new(&dir), "eml", "json", "REALMTA_DIR");
        assert!(
            !fresh.is_empty(),
            "REALMTA_DIR={} holds no <mta>/<case>.eml",
            Path::new(&dir).display()
        );
        cases.extend(fresh);
    }
    let known = known_misses();

    let mut table = Vec::new();
    let mut unlisted = Vec::new();
    let mut failing_keys = BTreeSet::new();
    for case in &cases {
        let (rows, why) = misses(case);
        if rows.is_empty() {
            continue;
        }
        failing_keys.insert(case.key.clone());
        let listed = known.contains(&case.key);
        if !listed {
            unlisted.push(format!("{} ({})", case.key, case.origin));
        }
        for (i, (field, want, got)) in rows.into_iter().enumerate() {
            let (key, note, why) = if i == 0 {
                let note = if listed { "known" } else { "NEW" };
                (format!("{} [{}]", case.key, case.origin), note, why.clone())
            } else {
                (String::new(), "", String::new())
            };
            table.push(format!(
                "{key:<48} {note:<5} {field:<9} {want:<19} {got:<19} {why}"
            ));
        }
    }
    let all_keys: BTreeSet<String> = cases.iter().map(|c| c.key.clone()).collect();
    let fixed: Vec<&String> = known
        .iter()
        .filter(|k| all_keys.contains(*k) && !failing_keys.contains(*k))
        .collect();
    let stale: Vec<&String> = known
        .iter()
        .filter(|k| !fixture_keys.contains(*k) && !all_keys.contains(*k))
        .collect();

    let held = cases.len() - failing_keys.len();
    eprintln!(
        "realmta: {} cases, {held} hold, {} miss ({} listed in KNOWN_MISSES)",
        cases.len(),
        failing_keys.len(),
        failing_keys.intersection(&known).count()
    );
    if !table.is_empty() {
        eprintln!(
            "{:<48} {:<5} {:<9} {:<19} {:<19} rule: diagnostic",
            "case", "", "field", "want", "got"
        );
        for row in &table {
            eprintln!("{row}");
        }
    }
    let mut problems = Vec::new();
    if !unlisted.is_empty() {
        problems.push(format!(
            "misses not in fixtures/realmta/KNOWN_MISSES: {}",
            unlisted.join(", ")
        ));
    }
    if !fixed.is_empty() {
        problems.push(format!(
            "listed in KNOWN_MISSES but now right: remove {fixed:?} from the list"
        ));
    }
    if !stale.is_empty() {
        problems.push(format!(
            "listed in KNOWN_MISSES but no such case: remove {stale:?} from the list"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn same_reason_counts_merged_names_as_one() {
    assert!(same_reason("emailtoolarge", "mesgtoobig"));
    assert!(same_reason("ratelimited", "toomanyconn"));
    assert!(same_reason("userunknown", "userunknown"));
    assert!(!same_reason("emailtoolarge", "ratelimited"));
    assert!(!same_reason("userunknown", "hasmoved"));
}
