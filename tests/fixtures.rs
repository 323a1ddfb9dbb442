//! The fixture harness: every `fixtures/<family>/<name>.eml` is classified and
//! compared with the expected report beside it, `<name>.json`.
//!
//! - Each `.eml` is run as it is, with its line ends turned into CRLF, and
//!   with them turned into lone CRs (old Mac mail systems); the three results
//!   must be equal, and equal to the `.json`.
//! - An input that must fail has `{"error": "<Display of the Error>"}` as its
//!   expected result.
//! - `BLESS=1 cargo test --test fixtures` rewrites the `.json` files from the
//!   current output (only those that changed); review the diff before
//!   committing, since the `.json` files hold what is *right*, not what the code
//!   happens to say.
//! - `FIXTURES=<text>` limits the run (and a bless) to fixtures whose path
//!   contains that text, e.g. `FIXTURES=postfix/`.
//!
//! On failure every failing fixture is listed with the fields that differ,
//! then the total.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{collect_emls as collect, fixtures_root, name_of};

/// The `.json` files that have no `.eml` beside them: stale expectations.
fn orphans(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for p in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if p.is_dir() {
            orphans(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") && !p.with_extension("eml").exists() {
            out.push(p);
        }
    }
}

/// What `classify` makes of the input, as the JSON the `.json` file holds, and
/// that JSON pretty-printed in the field order of the types (for blessing).
fn outcome(raw: &[u8]) -> (Value, String) {
    match bounce_cause::classify(raw) {
        Ok(report) => (
            serde_json::to_value(&report).expect("a Report serialises"),
            serde_json::to_string_pretty(&report).expect("a Report serialises"),
        ),
        Err(e) => {
            let v = serde_json::json!({ "error": e.to_string() });
            let pretty = serde_json::to_string_pretty(&v).expect("json");
            (v, pretty)
        }
    }
}

/// Every line end made CRLF: lone LF becomes CRLF, CRLF stays, lone CR stays.
fn to_crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 32);
    let mut prev = 0u8;
    for &c in raw {
        if c == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Every line end made a lone CR: LF and CRLF become CR.
fn to_cr(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut prev = 0u8;
    for &c in raw {
        match c {
            b'\n' if prev == b'\r' => {}
            b'\n' => out.push(b'\r'),
            c => out.push(c),
        }
        prev = c;
    }
    out
}

/// A JSON value shortened for one line of output.
fn short(v: Option<&Value>) -> String {
    let Some(v) = v else {
        return "(absent)".to_string();
    };
    let s = v.to_string();
    if s.chars().count() > 90 {
        let cut: String = s.chars().take(87).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// Lists the paths at which `want` and `got` differ, one line each.
fn diff(path: &str, want: Option<&Value>, got: Option<&Value>, out: &mut Vec<String>) {
    if want == got {
        return;
    }
    match (want, got) {
        (Some(Value::Object(w)), Some(Value::Object(g))) => {
            let mut keys: Vec<&String> = w.keys().chain(g.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                diff(&p, w.get(k), g.get(k), out);
            }
        }
        // Fixes follow from reason and cause: one line says they differ.
        (Some(Value::Array(w)), Some(Value::Array(g))) if path.ends_with("fixes") => {
            out.push(format!(
                "{path}: differ (want {} steps, got {})",
                w.len(),
                g.len()
            ));
        }
        (Some(Value::Array(w)), Some(Value::Array(g))) => {
            if w.len() != g.len() {
                out.push(format!("{path}: want {} items, got {}", w.len(), g.len()));
            }
            for i in 0..w.len().max(g.len()) {
                diff(&format!("{path}[{i}]"), w.get(i), g.get(i), out);
            }
        }
        _ => out.push(format!("{path}: want {}, got {}", short(want), short(got))),
    }
}

#[test]
fn fixtures_match_expected_reports() {
    if !common::fixtures_present() {
        return;
    }
    let root = fixtures_root();
    let mut emls = Vec::new();
    collect(&root, &mut emls);
    assert!(
        !emls.is_empty(),
        "no fixtures found under {}: the harness must have something to check",
        root.display()
    );
    let filter = std::env::var("FIXTURES").unwrap_or_default();
    let bless = std::env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    emls.retain(|p| name_of(p).contains(&filter));
    assert!(!emls.is_empty(), "no fixture path contains {filter:?}");

    let mut failures: Vec<(String, Vec<String>)> = Vec::new();
    let mut blessed = Vec::new();
    let mut crlf_failures = 0usize;
    for eml in &emls {
        let name = name_of(eml);
        let raw = fs::read(eml).expect("read fixture");
        let (got, pretty) = outcome(&raw);
        let (got_crlf, _) = outcome(&to_crlf(&raw));
        let (got_cr, _) = outcome(&to_cr(&raw));
        let mut lines = Vec::new();

        let mut crlf = Vec::new();
        diff("", Some(&got), Some(&got_crlf), &mut crlf);
        let mut cr = Vec::new();
        diff("", Some(&got), Some(&got_cr), &mut cr);
        if !crlf.is_empty() || !cr.is_empty() {
            crlf_failures += 1;
        }
        if !crlf.is_empty() {
            lines.push("CRLF input gives a different result (want = LF, got = CRLF):".to_string());
            lines.extend(crlf.into_iter().map(|l| format!("  {l}")));
        }
        if !cr.is_empty() {
            lines.push("CR input gives a different result (want = LF, got = CR):".to_string());
            lines.extend(cr.into_iter().map(|l| format!("  {l}")));
        }

        let json_path = eml.with_extension("json");
        if bless {
            let text = format!("{pretty}\n");
            if fs::read_to_string(&json_path).ok().as_deref() != Some(text.as_str()) {
                fs::write(&json_path, text).expect("write expected json");
                blessed.push(name.clone());
            }
        } else {
            match fs::read_to_string(&json_path) {
                Err(_) => lines.push(format!(
                    "no {}: run BLESS=1 cargo test --test fixtures, then review it",
                    json_path.display()
                )),
                Ok(text) => match serde_json::from_str::<Value>(&text) {
                    Err(e) => lines.push(format!("{} is not JSON: {e}", json_path.display())),
                    Ok(want) => diff("", Some(&want), Some(&got), &mut lines),
                },
            }
        }
        if !lines.is_empty() {
            failures.push((name, lines));
        }
    }

    if filter.is_empty() {
        let mut stale = Vec::new();
        orphans(&root, &mut stale);
        for p in stale {
            failures.push((
                name_of(&p),
                vec!["a .json without its .eml: delete it or restore the .eml".to_string()],
            ));
        }
    }

    if !blessed.is_empty() {
        eprintln!("BLESS: rewrote {} expected report(s):", blessed.len());
        for b in &blessed {
            eprintln!("  {b}.json");
        }
    }
    if failures.is_empty() {
        return;
    }
    let mut msg = String::new();
    for (name, lines) in &failures {
        let _ = writeln!(msg, "\n{name}");
        for l in lines {
            let _ = writeln!(msg, "    {l}");
        }
    }
    let _ = write!(
        msg,
        "\n{} of {} fixture(s) failed ({} differ between LF, CRLF and CR input).\n\
         If the new output is right: BLESS=1 cargo test --test fixtures, then review the diff.",
        failures.len(),
        emls.len(),
        crlf_failures
    );
    panic!("{msg}");
}
