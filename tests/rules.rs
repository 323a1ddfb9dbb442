//! Checks on the rule table: ids unique, every pattern compiles, and every
//! rule decides at least one fixture (so no rule is dead weight, and every
//! phrase family has a sample that shows it working).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;

use bounce_cause::__private::{Rule, keyword_rules, rules};

mod common;
use common::{collect_emls as collect, fixtures_root, name_of};

/// For every rule id that decides some recipient of some fixture (as the code
/// classifies it now), the fixtures where it does.
fn rules_hit() -> BTreeMap<String, Vec<String>> {
    let mut emls = Vec::new();
    collect(&fixtures_root(), &mut emls);
    assert!(!emls.is_empty(), "no fixtures found under fixtures/");
    let mut hit: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for eml in &emls {
        let raw = fs::read(eml).expect("read fixture");
        let Ok(report) = bounce_cause::classify(&raw) else {
            continue;
        };
        for d in &report.recipients {
            if let Some(id) = &d.rule {
                let names = hit.entry(id.to_string()).or_default();
                let name = name_of(eml);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    hit
}

/// What a rule looks for, in one short line: its first pattern, else its
/// status masks, commands and reply codes.
fn summary(r: &Rule) -> String {
    let mut parts = Vec::new();
    if let Some(p) = r.patterns.first() {
        let more = match r.patterns.len() {
            1 => String::new(),
            n => format!(" (+{} more)", n - 1),
        };
        let p: String = p.chars().take(60).collect();
        parts.push(format!("/{p}/{more}"));
    }
    if !r.status.is_empty() {
        let mut s = r
            .status
            .iter()
            .take(6)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ");
        if r.status.len() > 6 {
            s.push_str(" ...");
        }
        parts.push(format!("status {s}"));
    }
    if !r.commands.is_empty() {
        let names: Vec<&str> = r.commands.iter().map(|c| c.as_str()).collect();
        parts.push(format!("command {}", names.join(" ")));
    }
    if !r.reply.is_empty() {
        let codes: Vec<String> = r.reply.iter().map(u16::to_string).collect();
        parts.push(format!("reply {}", codes.join(" ")));
    }
    parts.join(", ")
}

#[test]
fn rule_ids_are_unique() {
    let mut seen = BTreeSet::new();
    let dups: Vec<&str> = rules()
        .map(|r| r.id)
        .filter(|id| !seen.insert(*id))
        .collect();
    assert!(dups.is_empty(), "rule ids used more than once: {dups:?}");
    let empty: Vec<usize> = rules()
        .enumerate()
        .filter(|(_, r)| r.id.trim().is_empty())
        .map(|(i, _)| i)
        .collect();
    assert!(
        empty.is_empty(),
        "rules without an id at positions {empty:?}"
    );
}

#[test]
fn every_pattern_compiles() {
    let broken = bounce_cause::__private::broken_patterns();
    let mut msg = String::new();
    for (id, pattern, err) in &broken {
        let _ = writeln!(msg, "  {id}: {pattern:?}: {err}");
    }
    assert!(broken.is_empty(), "patterns that do not compile:\n{msg}");
}

#[test]
fn every_rule_is_hit_by_a_fixture() {
    if !common::fixtures_present() {
        return;
    }
    let hit = rules_hit();
    let missing: Vec<(usize, &Rule)> = rules()
        .enumerate()
        .filter(|(_, r)| !hit.contains_key(r.id))
        .collect();
    if missing.is_empty() {
        return;
    }
    let width = missing.iter().map(|(_, r)| r.id.len()).max().unwrap_or(0);
    let mut msg = format!(
        "{} of {} rules decide no fixture. Write a fixture whose diagnostic reaches each \
         (the first rule in table order that fires decides; #N is the position):\n",
        missing.len(),
        rules().count()
    );
    for (i, r) in &missing {
        let _ = writeln!(msg, "  #{i:<4} {:<width$}  {}", r.id, summary(r));
    }
    panic!("{msg}");
}

/// A `.json` that names a rule the table no longer has (renamed or removed)
/// holds a stale expectation. Every rule id is in the table: decoders find
/// facts, never reasons.
#[test]
fn expected_rule_ids_exist() {
    if !common::fixtures_present() {
        return;
    }
    let known: BTreeSet<String> = rules()
        .chain(keyword_rules())
        .map(|r| r.id.to_string())
        .collect();
    let mut emls = Vec::new();
    collect(&fixtures_root(), &mut emls);
    let mut unknown: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for eml in &emls {
        let Ok(text) = fs::read_to_string(eml.with_extension("json")) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let recipients = v["recipients"].as_array().cloned().unwrap_or_default();
        for d in recipients {
            if let Some(id) = d["rule"].as_str()
                && !known.contains(id)
            {
                unknown
                    .entry(id.to_string())
                    .or_default()
                    .push(name_of(eml));
            }
        }
    }
    let mut msg = String::new();
    for (id, files) in &unknown {
        let _ = writeln!(msg, "  {id}: {}", files.join(", "));
    }
    assert!(
        unknown.is_empty(),
        "expected reports name rules that no rule or decoder produces (add the rule, or fix the .json):\n{msg}"
    );
}

/// Every known fix step is given somewhere: by a cause, a reason or a rule
/// as its first step. A step nothing gives is a translation kept for nothing.
#[test]
fn every_advice_is_given_by_a_cause_a_reason_or_a_rule() {
    use bounce_cause::{Advice, Reason, Smtp550Cause};
    let mut given: BTreeSet<String> = BTreeSet::new();
    let lists = Smtp550Cause::ALL
        .iter()
        .flat_map(|c| c.fixes())
        .chain(Reason::ALL.iter().flat_map(|r| r.fixes()));
    for f in lists {
        given.extend(f.advice().map(|a| format!("{a:?}")));
    }
    for r in rules().chain(keyword_rules()) {
        given.extend(r.first_fix.map(|a| format!("{a:?}")));
    }
    let unused: Vec<String> = Advice::ALL
        .iter()
        .map(|a| format!("{a:?}"))
        .filter(|a| !given.contains(a))
        .collect();
    assert!(unused.is_empty(), "steps nothing gives: {unused:?}");
}
