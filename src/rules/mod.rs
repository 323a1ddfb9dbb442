//! The rule table and its matcher: regexes over the diagnostic text plus
//! enhanced-status-code and SMTP-command conditions, compiled once into one
//! [`RegexSet`].

mod table;

use once_cell::sync::Lazy;
use regex::{RegexSet, RegexSetBuilder};

use crate::cause::{Reason, Smtp550Cause};
use crate::status::EnhancedStatus;

pub use table::RULES;

/// One classification rule. Adding a rule is one entry in [`RULES`]:
///
/// ```text
/// Rule {
///     id: "userunknown.no-such-user",     // stable: reported as evidence
///     reason: Reason::UserUnknown,
///     patterns: &[r"no such (user|mailbox)"],
///     ..Rule::NEW
/// },
/// ```
///
/// A rule fires when every condition it has holds: one of its `patterns`
/// matches the diagnostic text (case-insensitive), the status matches one of
/// its `status` masks, the SMTP command is one of its `commands`. The first
/// rule in table order that fires decides.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable id, `reason.phrase-family`; shown in each diagnosis as evidence.
    pub id: &'static str,
    /// The reason this rule decides.
    pub reason: Reason,
    /// A cause more precise than the reason's default (an outbound block is a
    /// `rejected` reason but the sender's own filter).
    pub cause: Option<Smtp550Cause>,
    /// Regexes over the diagnostic text; empty means "any text".
    pub patterns: &'static [&'static str],
    /// Status masks such as `5.7.26`, `*.1.1` or `5.7.*`; empty means any.
    pub status: &'static [&'static str],
    /// SMTP commands (`RCPT`, `MAIL`, `DATA`, `CONN`, `EHLO`); empty means any.
    pub commands: &'static [&'static str],
    /// Only when the reply code is one of these; empty means any.
    pub reply: &'static [u16],
    /// Only when the Diagnostic-Code type (`smtp`, `x-unix`, ...) is one of
    /// these; empty means any.
    pub dtypes: &'static [&'static str],
}

impl Rule {
    /// A rule with no conditions, to fill the fields a rule does not use.
    pub const NEW: Rule = Rule {
        id: "",
        reason: Reason::Undefined,
        cause: None,
        patterns: &[],
        status: &[],
        commands: &[],
        reply: &[],
        dtypes: &[],
    };
}

/// What a rule is matched against.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Facts<'a> {
    pub text: &'a str,
    pub status: Option<EnhancedStatus>,
    pub command: Option<&'a str>,
    pub reply: Option<u16>,
    /// The Diagnostic-Code type, lowercase (`smtp`, `x-unix`, ...).
    pub dtype: Option<&'a str>,
}

struct Matcher {
    set: RegexSet,
    /// For each pattern of the set, the index of its rule.
    owner: Vec<usize>,
    /// Parsed status masks per rule.
    masks: Vec<Vec<Mask>>,
}

#[derive(Debug, Clone, Copy)]
struct Mask {
    class: Option<u8>,
    subject: Option<u16>,
    detail: Option<u16>,
}

impl Mask {
    fn parse(s: &str) -> Option<Mask> {
        let mut it = s.split('.');
        let part = |p: Option<&str>| -> Option<Option<u16>> {
            match p? {
                "*" => Some(None),
                d => d.parse().ok().map(Some),
            }
        };
        let class = part(it.next())?;
        let subject = part(it.next())?;
        let detail = part(it.next())?;
        if it.next().is_some() {
            return None;
        }
        Some(Mask {
            class: class.map(|c| c as u8),
            subject,
            detail,
        })
    }

    fn matches(&self, s: EnhancedStatus) -> bool {
        self.class.is_none_or(|c| c == s.class)
            && self.subject.is_none_or(|v| v == s.subject)
            && self.detail.is_none_or(|v| v == s.detail)
    }
}

static MATCHER: Lazy<Matcher> = Lazy::new(|| {
    let mut patterns = Vec::new();
    let mut owner = Vec::new();
    let mut masks = Vec::with_capacity(RULES.len());
    for (i, r) in RULES.iter().enumerate() {
        for p in r.patterns {
            patterns.push(*p);
            owner.push(i);
        }
        masks.push(r.status.iter().filter_map(|m| Mask::parse(m)).collect());
    }
    // The table is checked by tests (every pattern compiles); should it ever
    // not, an empty set keeps classify total: status rules still apply.
    let set = RegexSetBuilder::new(&patterns)
        .case_insensitive(true)
        .size_limit(64 << 20)
        .dfa_size_limit(64 << 20)
        .build()
        .unwrap_or_else(|_| RegexSet::empty());
    Matcher { set, owner, masks }
});

/// Forces the rule table to compile now rather than on first use.
pub(crate) fn warm_up() {
    Lazy::force(&MATCHER);
}

/// The first rule, in table order, that fires on these facts.
pub(crate) fn decide(f: &Facts<'_>) -> Option<&'static Rule> {
    let m = &*MATCHER;
    let mut text_hit = vec![false; RULES.len()];
    if !f.text.is_empty() {
        for p in m.set.matches(f.text).iter() {
            if let Some(&i) = m.owner.get(p) {
                if let Some(slot) = text_hit.get_mut(i) {
                    *slot = true;
                }
            }
        }
    }
    RULES.iter().enumerate().find_map(|(i, r)| {
        let text_ok = r.patterns.is_empty() || text_hit.get(i).copied().unwrap_or(false);
        let status_ok = r.status.is_empty()
            || f.status
                .is_some_and(|s| m.masks.get(i).is_some_and(|ms| ms.iter().any(|k| k.matches(s))));
        // "-" in `commands` stands for "no command known".
        let cmd_ok = r.commands.is_empty()
            || match f.command {
                Some(c) => r.commands.contains(&c),
                None => r.commands.contains(&"-"),
            };
        let dtype_ok = r.dtypes.is_empty() || f.dtype.is_some_and(|d| r.dtypes.contains(&d));
        let reply_ok = r.reply.is_empty() || f.reply.is_some_and(|c| r.reply.contains(&c));
        // A rule with no condition at all never fires: it would swallow everything.
        let has_condition = !(r.patterns.is_empty()
            && r.status.is_empty()
            && r.commands.is_empty()
            && r.reply.is_empty()
            && r.dtypes.is_empty());
        (has_condition && text_ok && status_ok && cmd_ok && reply_ok && dtype_ok).then_some(r)
    })
}

/// Test support: compiles each pattern alone and reports the ones that fail.
#[doc(hidden)]
pub fn broken_patterns() -> Vec<(&'static str, &'static str, String)> {
    let mut bad = Vec::new();
    for r in RULES {
        for p in r.patterns {
            if let Err(e) = regex::RegexBuilder::new(p).case_insensitive(true).build() {
                bad.push((r.id, *p, e.to_string()));
            }
        }
        for s in r.status {
            if Mask::parse(s).is_none() {
                bad.push((r.id, *s, "bad status mask".to_string()));
            }
        }
    }
    bad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_match() {
        let s: EnhancedStatus = "5.7.26".parse().unwrap();
        assert!(Mask::parse("5.7.26").unwrap().matches(s));
        assert!(Mask::parse("*.7.*").unwrap().matches(s));
        assert!(!Mask::parse("4.7.26").unwrap().matches(s));
        assert!(Mask::parse("5.7").is_none());
    }

    #[test]
    fn table_compiles() {
        assert!(broken_patterns().is_empty(), "{:?}", broken_patterns());
        assert!(MATCHER.set.len() > 100);
    }
}
