//! `--rules FILE`: the user's rule files, read and checked before any input.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read, Write};

use bounce_cause::{RuleMatch, RuleSet};

use crate::escape;

/// Reads every rule file, in order. The first fault stops: `FILE:LINE:COLUMN:
/// what is wrong`, as compilers write it.
pub fn load(paths: &[OsString]) -> Result<Vec<RuleSet>, String> {
    paths.iter().map(load_one).collect()
}

fn load_one(path: &OsString) -> Result<RuleSet, String> {
    let (shown, _) = escape::path(path.as_ref());
    let mut bytes = Vec::new();
    let limit = RuleSet::MAX_FILE_BYTES;
    File::open(path)
        .and_then(|f| f.take(limit as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read the rule file {shown}: {e}"))?;
    if bytes.len() > limit {
        return Err(format!(
            "{shown}: the rule file is larger than {} KiB",
            limit >> 10
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown}: the rule file is not UTF-8 (at byte {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    RuleSet::from_toml(&text).map_err(|e| format!("{shown}:{}:{}: {}", e.line, e.column, e.message))
}

/// `--explain` in text: each rule that matched a recipient, the one that
/// decided first, with the conditions that held and the text it matched.
pub fn write_matches(out: &mut impl Write, matches: &[RuleMatch]) -> io::Result<()> {
    let t = escape::terminal;
    if matches.is_empty() {
        return writeln!(out, "  {:<12} none matched", "rules");
    }
    for (i, m) in matches.iter().enumerate() {
        let origin = if m.user { "yours" } else { "built-in" };
        let decided = if m.decided { ", decided" } else { "" };
        writeln!(
            out,
            "  {:<12} {}. {} ({origin}): {}{decided}",
            if i == 0 { "rules" } else { "" },
            i + 1,
            t(&m.rule),
            m.reason
        )?;
        for c in &m.conditions {
            writeln!(out, "  {:<12}    {}", "", t(c))?;
        }
        for s in &m.matched {
            writeln!(
                out,
                "  {:<12}    matched \"{}\" at {}..{}",
                "",
                t(&s.text),
                s.start,
                s.end
            )?;
        }
    }
    Ok(())
}
