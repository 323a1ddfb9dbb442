//! The decision: the rule table (data, in [`table`]) and its matcher. A
//! rule's conditions are regexes over the diagnostic text, enhanced status
//! masks, SMTP commands, reply codes, Diagnostic-Code types and the kind of
//! notice; the first rule in priority order whose conditions all hold
//! decides the reason.

mod engine;
mod explain;
mod keywords;
mod matcher;
mod table;
mod user;

use std::borrow::Cow;

use once_cell::sync::Lazy;

use crate::cause::{Reason, Smtp550Cause};
use crate::extract::{Command, Notice, find_command};
use crate::fix::{Advice, Fix};
use crate::status::{EnhancedStatus, find_reply_code};

use keywords::KEYWORDS;
use matcher::Matcher;

pub(crate) use explain::explain;
pub use explain::{MatchedText, RuleMatch};
pub(crate) use user::UserRules;
#[cfg(feature = "rule-files")]
pub use user::{RuleFileError, RuleFileErrorKind, RuleSet};

/// One classification rule. Adding a rule is one entry in a section of the
/// table (`src/rules/table/`):
///
/// ```text
/// Rule {
///     id: "userunknown.no-such-user",     // stable: reported as evidence
///     reason: UserUnknown,
///     patterns: &[r"no such (user|mailbox)"],
///     status: masks!["5.1.1", "*.1.1"],
///     commands: &[Command::Rcpt, Command::Unknown],
///     ..Rule::NEW
/// },
/// ```
///
/// A rule fires when every condition it has holds: one of its `patterns`
/// matches the diagnostic text (case-insensitive), the status matches one of
/// its `status` masks, the SMTP command is one of its `commands`, and so on.
/// The first rule in table order that fires decides.
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
    /// Status masks such as `5.7.26`, `*.1.1` or `5.7.*` (written with
    /// `masks!`, which checks them at compile time); empty means any.
    pub status: &'static [Mask],
    /// SMTP commands; [`Command::Unknown`] stands for "no command known".
    /// Empty means any.
    pub commands: &'static [Command],
    /// Only when the reply code is one of these; empty means any.
    pub reply: &'static [u16],
    /// Only when the Diagnostic-Code type is one of these; empty means any.
    pub dtypes: &'static [DiagnosticType],
    /// Only for a record of this kind of notice; a rule without one never
    /// fires for such a record (its own rule comes first).
    pub notice: Option<Notice>,
    /// A step more precise than the cause's general advice, listed first in
    /// the diagnosis's fixes (an unverified sender identity: verify it with
    /// the sending service). A step of its own is an [`Advice`] with a text
    /// in every language.
    pub first_fix: Option<Advice>,
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
        notice: None,
        first_fix: None,
    };

    /// The rule asks for something: a rule with no condition at all would
    /// decide every text, and never fires.
    pub(crate) fn has_condition(&self) -> bool {
        !(self.patterns.is_empty()
            && self.status.is_empty()
            && self.commands.is_empty()
            && self.reply.is_empty()
            && self.dtypes.is_empty()
            && self.notice.is_none())
    }
}

/// A Diagnostic-Code type (RFC 3464 section 2.3.6) a rule may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticType {
    /// `smtp`: a remote SMTP server's reply.
    Smtp,
    /// `x-unix`: a local delivery program's message (Sendmail, Postfix).
    XUnix,
    /// `x-postfix`: Postfix's own words.
    XPostfix,
}

impl DiagnosticType {
    /// The type as reports write it, lowercase.
    pub const fn as_str(self) -> &'static str {
        match self {
            DiagnosticType::Smtp => "smtp",
            DiagnosticType::XUnix => "x-unix",
            DiagnosticType::XPostfix => "x-postfix",
        }
    }
}

/// An enhanced status mask: each of class, subject and detail a number or
/// `*` (any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mask {
    class: Option<u16>,
    subject: Option<u16>,
    detail: Option<u16>,
}

impl Mask {
    /// Parses `5.7.26`, `*.1.1`, `5.7.*`. Panics on anything else: called
    /// in a constant (through `masks!`), a bad mask fails the build.
    pub const fn new(mask: &str) -> Mask {
        match Mask::parse(mask) {
            Some(m) => m,
            None => panic!("bad status mask: want three dot-separated numbers or `*`"),
        }
    }

    /// Parses a mask; `None` when it is not three dot-separated parts, each
    /// a number up to 999 or `*`.
    pub const fn parse(mask: &str) -> Option<Mask> {
        let b = mask.as_bytes();
        let mut parts = [None; 3];
        let (mut part, mut i) = (0, 0);
        while part < 3 {
            let start = i;
            let mut value: u16 = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                if i - start >= 3 {
                    return None;
                }
                value = value * 10 + (b[i] - b'0') as u16;
                i += 1;
            }
            if i == start {
                if i < b.len() && b[i] == b'*' {
                    i += 1;
                } else {
                    return None;
                }
            } else {
                parts[part] = Some(value);
            }
            part += 1;
            if part < 3 {
                if i >= b.len() || b[i] != b'.' {
                    return None;
                }
                i += 1;
            }
        }
        if i != b.len() {
            return None;
        }
        Some(Mask {
            class: parts[0],
            subject: parts[1],
            detail: parts[2],
        })
    }

    fn matches(&self, s: EnhancedStatus) -> bool {
        self.class.is_none_or(|c| c == u16::from(s.class))
            && self.subject.is_none_or(|v| v == s.subject)
            && self.detail.is_none_or(|v| v == s.detail)
    }
}

impl std::fmt::Display for Mask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let part = |p: Option<u16>| p.map_or_else(|| "*".to_string(), |n| n.to_string());
        write!(
            f,
            "{}.{}.{}",
            part(self.class),
            part(self.subject),
            part(self.detail)
        )
    }
}

/// Status masks for a [`Rule`], checked at compile time:
/// `masks!["5.1.1", "*.1.1"]`.
macro_rules! masks {
    ($($m:literal),* $(,)?) => {
        &[$($crate::rules::Mask::new($m)),*]
    };
}
pub(crate) use masks;

/// What a rule is matched against.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Facts<'a> {
    pub text: &'a str,
    pub status: Option<EnhancedStatus>,
    pub command: Option<Command>,
    pub reply: Option<u16>,
    /// The Diagnostic-Code type, lowercase (`smtp`, `x-unix`, ...).
    pub dtype: Option<&'a str>,
    pub notice: Option<Notice>,
    /// The remote server's host name, lowercase (user rules may ask for it).
    pub remote: Option<&'a str>,
}

/// What the rule that fired decides, a built-in or a user rule.
#[derive(Debug, Clone)]
pub(crate) struct Decision<'a> {
    pub reason: Reason,
    /// The rule's id, reported as evidence.
    pub rule: Cow<'static, str>,
    /// A cause more precise than the reason's default.
    pub cause: Option<Smtp550Cause>,
    /// Steps listed before the cause's general fixes.
    pub first_fixes: &'a [Fix],
    /// The rule's own hard-bounce verdict, over the one the reason implies.
    pub hard_bounce: Option<bool>,
}

/// The user rules first, then the built-in table: the first rule that fires.
pub(crate) fn decide_with<'a>(user: &'a UserRules, f: &Facts<'_>) -> Option<Decision<'a>> {
    if let Some(r) = user.decide(f) {
        return Some(Decision {
            reason: r.reason,
            rule: Cow::Owned(r.id.clone()),
            cause: r.cause,
            first_fixes: &r.fixes,
            hard_bounce: r.hard_bounce,
        });
    }
    decide(f).map(|r| Decision {
        reason: r.reason,
        rule: Cow::Borrowed(r.id),
        cause: r.cause,
        first_fixes: r
            .first_fix
            .map(Advice::fix)
            .map(std::slice::from_ref)
            .unwrap_or_default(),
        hard_bounce: None,
    })
}

/// The built-in rules, in priority order: the table's sections, one after
/// the other.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    table::SECTIONS.iter().flat_map(|s| s.iter())
}

/// The rules of the broader keyword stage, in priority order: consulted
/// where the table decides nothing or only from a status or reply code.
pub fn keyword_rules() -> impl Iterator<Item = &'static Rule> {
    KEYWORDS.iter()
}

/// The built-in table and the broader keyword stage (see [`decide`]),
/// compiled on first use.
static MATCHER: Lazy<Matcher> =
    Lazy::new(|| Matcher::new(rules().collect(), KEYWORDS.iter().collect()));

/// Compiles the whole rule table and the keyword stage now: the literal
/// pass and every pattern group (which are otherwise compiled on first use).
pub(crate) fn warm_up() {
    MATCHER.warm_up();
}

/// The first rule, in table order, that fires on these facts.
///
/// The table decides first. Where it decides nothing, or only from the
/// generic meaning of a status or reply code (a `status.*` or `reply.*`
/// rule), the broader keyword stage (`keywords.rs`, ids `keywords.*`) may
/// decide instead: a clear word in the text ("mailbox full" under a bare
/// 550) says more than the code.
pub(crate) fn decide(f: &Facts<'_>) -> Option<&'static Rule> {
    MATCHER.decide(f)
}

/// A rule that decides from the code alone: the generic meaning of an
/// enhanced status code or a reply code (a reply-code rule may look for a
/// word of the family it falls back to). A refusal at the connection stage
/// is not one: whatever its words, it refuses the sending host.
fn is_generic(r: &Rule) -> bool {
    ((r.patterns.is_empty() && r.id.starts_with("status.")) || r.id.starts_with("reply."))
        && !r.commands.contains(&Command::Conn)
}

/// True when a heading sentence alone decides a reason about the
/// recipient's mailbox: closed, full or moved (the generic text scan then
/// joins it to the recipients listed under it).
pub(crate) fn states_mailbox(line: &str) -> bool {
    let facts = Facts {
        text: line,
        ..Facts::default()
    };
    decide(&facts).is_some_and(|r| {
        matches!(
            r.reason,
            Reason::Suspend | Reason::MailboxFull | Reason::HasMoved
        )
    })
}

/// The rule that decides a diagnostic text alone, with the status, reply
/// code and command read from the text as `classify` would.
pub fn rule_for_text(text: &str) -> Option<&'static str> {
    decide(&Facts {
        text,
        status: EnhancedStatus::find(text),
        reply: find_reply_code(text),
        command: find_command(text),
        dtype: None,
        notice: None,
        remote: None,
    })
    .map(|r| r.id)
}

/// Every condition of the rule but its patterns holds, and it has at least
/// one condition (a rule with none would swallow everything).
fn other_conditions_hold(r: &Rule, f: &Facts<'_>) -> bool {
    let status_ok = r.status.is_empty()
        || f.status
            .is_some_and(|s| r.status.iter().any(|k| k.matches(s)));
    let cmd_ok =
        r.commands.is_empty() || r.commands.contains(&f.command.unwrap_or(Command::Unknown));
    let dtype_ok = r.dtypes.is_empty()
        || f.dtype
            .is_some_and(|d| r.dtypes.iter().any(|t| t.as_str() == d));
    let reply_ok = r.reply.is_empty() || f.reply.is_some_and(|c| r.reply.contains(&c));
    let notice_ok = r.notice.is_none() || r.notice == f.notice;
    r.has_condition() && status_ok && cmd_ok && reply_ok && dtype_ok && notice_ok
}

/// Test support: compiles each pattern alone and reports the ones that fail.
pub fn broken_patterns() -> Vec<(&'static str, &'static str, String)> {
    let mut bad = Vec::new();
    for r in rules().chain(KEYWORDS) {
        for p in r.patterns {
            if let Err(e) = regex::RegexBuilder::new(p).case_insensitive(true).build() {
                bad.push((r.id, *p, e.to_string()));
            }
        }
    }
    bad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_parse_and_match() {
        let s: EnhancedStatus = "5.7.26".parse().unwrap();
        assert!(Mask::new("5.7.26").matches(s));
        assert!(Mask::new("*.7.*").matches(s));
        assert!(!Mask::new("4.7.26").matches(s));
        assert!(!Mask::new("5.7.2").matches(s));
        assert_eq!(Mask::new("5.*.26").to_string(), "5.*.26");
        for bad in ["5.7", "5.7.26.1", "5..1", "x.1.1", "5.1.1 ", "5.1.1000", ""] {
            assert!(Mask::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    #[should_panic(expected = "bad status mask")]
    fn a_bad_mask_does_not_pass() {
        let _ = Mask::new("5.7");
    }

    #[test]
    fn every_kind_of_notice_has_its_rule() {
        let kinds = [
            Notice::FeedbackReport,
            Notice::SesComplaint,
            Notice::ListUnsubscribe,
            Notice::AutoReply,
            Notice::GroupRefusal,
            Notice::MembersOnly,
            Notice::ListLoop,
        ];
        for kind in kinds {
            // Whatever the text says, the notice's own rule decides.
            let f = Facts {
                text: "550 5.1.1 user unknown",
                status: "5.1.1".parse().ok(),
                notice: Some(kind),
                ..Facts::default()
            };
            let rule = decide(&f).unwrap();
            assert_eq!(rule.notice, Some(kind), "{kind:?}");
        }
    }

    #[test]
    fn notice_rules_never_fire_without_a_notice() {
        let f = Facts {
            text: "",
            ..Facts::default()
        };
        assert!(decide(&f).is_none());
    }
}
