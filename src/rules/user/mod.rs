//! User rules: a [`RuleSet`] read from a rule file, tried before the
//! built-in table. A set owns its data (the built-in `Rule` is `'static`) and
//! matches with one `regex::RegexSet` over all its text patterns, compiled
//! under size limits, so a set costs one scan of the text whatever its size.
//!
//! Without the `rule-files` feature no set can be built: a classifier's list
//! of sets stays empty, and what builds or describes a set is unused.
#![cfg_attr(not(feature = "rule-files"), allow(dead_code))]

#[cfg(feature = "rule-files")]
mod error;
#[cfg(feature = "rule-files")]
mod file;

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use regex::{Regex, RegexSet, SetMatches};

use crate::cause::{Reason, Smtp550Cause};
use crate::extract::Command;
use crate::fix::Fix;

#[cfg(feature = "rule-files")]
pub use error::{RuleFileError, RuleFileErrorKind};

use super::explain::{MatchedText, RuleMatch, command_held, compile, find};
use super::{Facts, Mask};

/// A set of user rules, read from a rule file with
/// [`RuleSet::from_toml`](RuleSet::from_toml) and given to a classifier with
/// [`Classifier::rules`](crate::Classifier::rules). Its rules are tried in
/// file order, before the built-in table; the first whose conditions all hold
/// decides, and its id is reported under a `user.` prefix.
///
/// A set is checked as a whole when it is read: a file with one bad rule is
/// refused, never accepted in part. Its size is bounded (see the `MAX_`
/// constants), so a hostile rule file cannot make classifying slow or large.
// The example needs the feature, which the type is public with.
#[cfg_attr(
    feature = "rule-files",
    doc = r##"
# Examples

```
use bounce_cause::{Classifier, Reason, RuleSet, Smtp550Cause};

let rules = RuleSet::from_toml(r#"
    [[rule]]
    id = "frozen"
    patterns = ['ERR-4711 mailbox frozen']
    reason = "suspend"
    cause = "disabled_mailbox"
"#).unwrap();
assert_eq!(rules.len(), 1);

let raw = b"From: MAILER-DAEMON@mx.example.net\r\nSubject: Undeliverable\r\n\r\n\
Delivery to the following recipient failed permanently:\r\n\r\n\
    erin@example.com\r\n\r\n\
Remote server said: 550 ERR-4711 mailbox frozen\r\n";
let report = Classifier::new().rules(rules).classify(raw).unwrap();
let d = &report.recipients[0];
assert_eq!(d.reason, Reason::Suspend);
assert_eq!(d.cause, Some(Smtp550Cause::DisabledMailbox));
assert_eq!(d.rule.as_deref(), Some("user.frozen"));
```
"##
)]
#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: Vec<UserRule>,
    /// The text patterns (`patterns` and `unless` of every rule), in the
    /// order of `text_set`.
    text: Vec<String>,
    text_set: RegexSet,
    /// Each text pattern alone, compiled the first time `explain` needs
    /// its match positions.
    text_alone: Vec<OnceLock<Option<Regex>>>,
    /// The remote host patterns, in the order of `host_set`.
    host: Vec<String>,
    host_set: RegexSet,
}

/// One rule of a [`RuleSet`]. Its patterns are ranges of the set's lists.
#[derive(Debug, Clone)]
pub(crate) struct UserRule {
    /// `user.` and the id the file gives.
    pub id: String,
    pub reason: Reason,
    pub cause: Option<Smtp550Cause>,
    pub hard_bounce: Option<bool>,
    /// Listed before the cause's general fixes.
    pub fixes: Vec<Fix>,
    patterns: Range<usize>,
    unless: Range<usize>,
    status: Vec<Mask>,
    reply: Vec<u16>,
    commands: Vec<Command>,
    /// Domain suffixes, lowercase, without a leading or trailing dot.
    hosts: Vec<String>,
    host_patterns: Range<usize>,
}

/// The user rule sets a classifier holds, in the order they were given.
/// Shared, not copied, when the classifier is cloned.
#[derive(Debug, Clone, Default)]
pub(crate) struct UserRules(Vec<Arc<RuleSet>>);

impl UserRules {
    /// Adds a set, tried after the ones already held.
    pub(crate) fn push(&mut self, set: RuleSet) {
        self.0.push(Arc::new(set));
    }

    pub(crate) fn sets(&self) -> impl Iterator<Item = &RuleSet> {
        self.0.iter().map(|s| &**s)
    }

    /// The first user rule that fires, over all sets.
    pub(crate) fn decide(&self, f: &Facts<'_>) -> Option<&UserRule> {
        self.sets().find_map(|s| s.decide(f))
    }
}

/// Which patterns of a set matched, computed once per text.
struct Hits {
    text: Option<SetMatches>,
    host: Option<SetMatches>,
}

impl Hits {
    fn any(m: &Option<SetMatches>, r: &Range<usize>) -> bool {
        m.as_ref().is_some_and(|m| r.clone().any(|i| m.matched(i)))
    }
}

impl RuleSet {
    /// Most rules one file may hold.
    pub const MAX_RULES: usize = 256;
    /// Most bytes of regex source in one file, over all its `patterns`,
    /// `unless` and `remote_host_patterns`.
    pub const MAX_PATTERN_BYTES: usize = 32 << 10;
    /// Most heap one file's patterns may take once compiled (their automata,
    /// summed). A single pattern over it is refused too.
    pub const MAX_COMPILED_BYTES: usize = 2 << 20;
    /// Most bytes of rule file text read.
    pub const MAX_FILE_BYTES: usize = 1 << 20;
    /// Most fixes one rule may add.
    pub const MAX_FIXES: usize = 8;
    /// Most characters in one fix's text.
    pub const MAX_FIX_CHARS: usize = 500;
    /// Most bytes in a rule's id.
    pub const MAX_ID_BYTES: usize = 64;
    /// The cache each search of a set's patterns may grow (regex's lazy DFA);
    /// past it, the search goes on in a slower engine that stays linear in
    /// the text.
    const DFA_CACHE_BYTES: usize = 1 << 20;

    /// The number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when the set has no rule (a file with no `[[rule]]`).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The ids of the rules as reported (`user.` and the file's id), in file
    /// order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.id.as_str())
    }

    fn hits(&self, f: &Facts<'_>) -> Hits {
        Hits {
            text: (!self.text.is_empty()).then(|| self.text_set.matches(f.text)),
            host: match f.remote {
                Some(h) if !self.host.is_empty() => Some(self.host_set.matches(h)),
                _ => None,
            },
        }
    }

    /// The first rule that fires on these facts. User rules leave a record
    /// of a known kind of notice (a feedback report, an auto-reply) to the
    /// built-in rule for it.
    pub(crate) fn decide(&self, f: &Facts<'_>) -> Option<&UserRule> {
        if f.notice.is_some() || self.rules.is_empty() {
            return None;
        }
        let hits = self.hits(f);
        self.rules.iter().find(|r| r.fires(f, &hits).is_some())
    }

    /// Every rule that fires on these facts, in file order, with what it
    /// matched.
    pub(crate) fn explain(&self, f: &Facts<'_>, out: &mut Vec<RuleMatch>) {
        if f.notice.is_some() || self.rules.is_empty() {
            return;
        }
        let hits = self.hits(f);
        for r in &self.rules {
            let Some(conditions) = r.fires(f, &hits) else {
                continue;
            };
            let mut matched: Vec<MatchedText> = Vec::new();
            if let Some(m) = &hits.text {
                for i in r.patterns.clone().filter(|&i| m.matched(i)) {
                    let (Some(p), Some(re)) = (self.text.get(i), self.text_alone.get(i)) else {
                        continue;
                    };
                    if let Some(re) = re.get_or_init(|| compile(p)) {
                        matched.extend(find(re, f.text));
                    }
                }
            }
            out.push(RuleMatch::new(
                r.id.clone(),
                true,
                r.reason,
                conditions,
                matched,
            ));
        }
    }
}

impl UserRule {
    /// `Some(conditions that held, described)` when every condition holds.
    fn fires(&self, f: &Facts<'_>, hits: &Hits) -> Option<Vec<String>> {
        let mut held = Vec::new();
        if !self.patterns.is_empty() && !Hits::any(&hits.text, &self.patterns) {
            return None;
        }
        if Hits::any(&hits.text, &self.unless) {
            return None;
        }
        if !self.status.is_empty() {
            let s = f.status?;
            let mask = self.status.iter().find(|m| m.matches(s))?;
            held.push(format!("status {mask}"));
        }
        if !self.reply.is_empty() {
            let code = f.reply.filter(|c| self.reply.contains(c))?;
            held.push(format!("reply {code}"));
        }
        if !self.commands.is_empty() {
            let c = f.command.unwrap_or(Command::Unknown);
            if !self.commands.contains(&c) {
                return None;
            }
            held.push(command_held(f.command));
        }
        if !self.hosts.is_empty() || !self.host_patterns.is_empty() {
            let host = f.remote?;
            let by_suffix = self.hosts.iter().any(|s| host_in(host, s));
            if !by_suffix && !Hits::any(&hits.host, &self.host_patterns) {
                return None;
            }
            held.push(format!("remote host {host}"));
        }
        Some(held)
    }
}

/// `host` is `suffix` or a name under it (`mx1.example.test` is under
/// `example.test`, `badexample.test` is not).
fn host_in(host: &str, suffix: &str) -> bool {
    host.len()
        .checked_sub(suffix.len())
        .and_then(|cut| {
            let (head, tail) = (host.get(..cut)?, host.get(cut..)?);
            Some(tail.eq_ignore_ascii_case(suffix) && (head.is_empty() || head.ends_with('.')))
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_match_by_whole_labels() {
        assert!(host_in("example.test", "example.test"));
        assert!(host_in("mx1.Example.test", "example.test"));
        assert!(!host_in("badexample.test", "example.test"));
        assert!(!host_in("test", "example.test"));
        assert!(!host_in("example.test.invalid", "example.test"));
    }
}
