//! Support shared by the integration tests (and the `classify` fuzz target,
//! which includes this file by path). Each test crate uses part of it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// The `fixtures/` directory.
pub fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Whether `fixtures/` is here. The published package leaves it out (it is
/// test data, not code), so a test that needs it says so and passes there.
pub fn fixtures_present() -> bool {
    let here = fixtures_root().is_dir();
    if !here {
        eprintln!(
            "skipped: {} is absent (the published package has no fixtures; run from a clone)",
            fixtures_root().display()
        );
    }
    here
}

/// The real-MTA cases (`fixtures/realmta/`): their `.json` files are the
/// setups' expectations, which `tests/realmta.rs` checks, not full reports.
pub fn is_realmta(dir: &Path) -> bool {
    dir == fixtures_root().join("realmta")
}

/// All `.eml` files under `dir`, sorted, so output is stable, except the
/// real-MTA cases (see [`is_realmta`]).
pub fn collect_emls(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            if is_realmta(&p) {
                continue;
            }
            collect_emls(&p, out);
        } else if p.extension().is_some_and(|e| e == "eml") {
            out.push(p);
        }
    }
}

/// The path of a fixture relative to `fixtures/`, without `.eml`.
pub fn name_of(p: &Path) -> String {
    let rel = p.strip_prefix(fixtures_root()).unwrap_or(p);
    rel.with_extension("").to_string_lossy().replace('\\', "/")
}

/// A recipient that looks like an address: an `@`, no control characters,
/// and no whitespace except inside a quoted local part (RFC 5321 §4.1.2,
/// `"john doe"@example.com`, which the delivery-status decoder keeps as
/// written).
pub fn looks_like_address(r: &str) -> bool {
    if !r.contains('@') || r.chars().any(char::is_control) {
        return false;
    }
    let unquoted = match r.strip_prefix('"').and_then(|s| s.rsplit_once("\"@")) {
        Some((_, domain)) => domain,
        None => r,
    };
    !unquoted.is_empty() && !unquoted.chars().any(char::is_whitespace)
}
