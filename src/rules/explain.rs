//! Every rule that fires on a record, with the text each matched: what
//! [`Classifier::explain`](crate::Classifier::explain) shows, so a user can
//! see why a rule decided and write one that decides first.
//!
//! Not on the `classify` path: the built-in patterns are compiled here as
//! plain `regex::Regex`es, each the first time a record meets its rule's
//! other conditions, to find match positions (the matcher only answers
//! whether a rule fires).

use std::borrow::Cow;
use std::sync::OnceLock;

use once_cell::sync::Lazy;
use regex::{Regex, RegexBuilder};
use serde::Serialize;

use crate::cause::Reason;
use crate::extract::Command;

use super::{Facts, Rule, UserRules, other_conditions_hold, rules};

/// One rule that fired on a recipient's facts.
///
/// # Examples
///
/// ```
/// let raw = b"From: MAILER-DAEMON@mx.example.net\r\nSubject: failure notice\r\n\r\n\
/// <frank@example.com>:\r\n550 5.2.2 mailbox full\r\n";
/// let explanation = bounce_cause::Classifier::new().explain(raw).unwrap();
/// let (diagnosis, matches) = explanation.recipients().next().unwrap();
/// let decided = matches.iter().find(|m| m.decided).unwrap();
/// assert_eq!(Some(decided.rule.as_ref()), diagnosis.rule.as_deref());
/// assert!(!decided.user);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RuleMatch {
    /// The rule's id, as [`Diagnosis::rule`](crate::Diagnosis::rule) gives it
    /// (`user.` first for a user rule).
    pub rule: Cow<'static, str>,
    /// A user rule (from a rule file, with the `rule-files` feature), not a
    /// built-in one.
    pub user: bool,
    /// The reason the rule gives.
    pub reason: Reason,
    /// This is the rule that decided the diagnosis: the first that fired.
    pub decided: bool,
    /// The conditions besides text that held, as `status 5.7.*`,
    /// `reply 550`, `command RCPT`, `remote host mx.example.net`, ...
    pub conditions: Vec<String>,
    /// Where the rule's text patterns matched the diagnostic text
    /// ([`Diagnosis::diagnostic`](crate::Diagnosis::diagnostic)); empty for
    /// a rule without patterns.
    pub matched: Vec<MatchedText>,
}

impl RuleMatch {
    pub(crate) fn new(
        rule: impl Into<Cow<'static, str>>,
        user: bool,
        reason: Reason,
        conditions: Vec<String>,
        matched: Vec<MatchedText>,
    ) -> RuleMatch {
        RuleMatch {
            rule: rule.into(),
            user,
            reason,
            decided: false,
            conditions,
            matched,
        }
    }
}

/// A stretch of the diagnostic text a pattern matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MatchedText {
    /// Byte offset of the start in the diagnostic text.
    pub start: usize,
    /// Byte offset just past the end.
    pub end: usize,
    /// The text matched.
    pub text: String,
}

/// Most stretches listed per pattern: enough to see what it matches.
const MAX_SPANS: usize = 4;

/// A pattern compiled alone, case-insensitive as rules match, to find
/// where it matches. `None` if it does not compile here (it compiled when
/// its rule was checked): it then lists no text.
pub(crate) fn compile(pattern: &str) -> Option<Regex> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(8 << 20)
        .build()
        .ok()
}

/// Where `re` matches `text`: the first few places.
pub(crate) fn find(re: &Regex, text: &str) -> Vec<MatchedText> {
    re.find_iter(text)
        .take(MAX_SPANS)
        .map(|m| MatchedText {
            start: m.start(),
            end: m.end(),
            text: m.as_str().to_string(),
        })
        .collect()
}

/// A built-in rule and its patterns, each compiled on first need.
type Compiled = (&'static Rule, Vec<OnceLock<Option<Regex>>>);

/// The built-in rules in table order, then the keyword stage's.
static BUILT_IN: Lazy<Vec<Compiled>> = Lazy::new(|| {
    rules()
        .chain(super::keywords::KEYWORDS)
        .map(|r| (r, r.patterns.iter().map(|_| OnceLock::new()).collect()))
        .collect()
});

/// Every rule that fires on `f`: the user sets' in order, then the built-in
/// table's. `decided` is left for the caller, who knows the diagnosis.
pub(crate) fn explain(user: &UserRules, f: &Facts<'_>) -> Vec<RuleMatch> {
    let mut out = Vec::new();
    for set in user.sets() {
        set.explain(f, &mut out);
    }
    for (rule, compiled) in BUILT_IN.iter() {
        if !other_conditions_hold(rule, f) {
            continue;
        }
        let mut matched = Vec::new();
        for (p, re) in rule.patterns.iter().zip(compiled) {
            if let Some(re) = re.get_or_init(|| compile(p)) {
                matched.extend(find(re, f.text));
            }
        }
        if rule.patterns.is_empty() || !matched.is_empty() {
            out.push(RuleMatch::new(
                rule.id,
                false,
                rule.reason,
                built_in_conditions(rule, f),
                matched,
            ));
        }
    }
    out
}

/// The conditions of a built-in rule that held, described.
fn built_in_conditions(r: &Rule, f: &Facts<'_>) -> Vec<String> {
    let mut held = Vec::new();
    if let Some(mask) = f
        .status
        .and_then(|s| r.status.iter().find(|m| m.matches(s)))
    {
        held.push(format!("status {mask}"));
    }
    if let Some(code) = f.reply.filter(|_| !r.reply.is_empty()) {
        held.push(format!("reply {code}"));
    }
    if !r.commands.is_empty() {
        held.push(command_held(f.command));
    }
    if let Some(d) = f.dtype.filter(|_| !r.dtypes.is_empty()) {
        held.push(format!("diagnostic type {d}"));
    }
    if let Some(n) = r.notice {
        held.push(format!("notice {n:?}"));
    }
    held
}

/// A command condition that held, described.
pub(crate) fn command_held(c: Option<Command>) -> String {
    match c {
        Some(c) if c != Command::Unknown => format!("command {}", c.as_str()),
        _ => "no command known".to_string(),
    }
}
