//! The rule table and its matcher: regexes over the diagnostic text plus
//! enhanced-status-code and SMTP-command conditions, compiled once (lazily)
//! into an Aho-Corasick automaton of the patterns' prefix literals and one
//! regex per rule.

mod table;

use aho_corasick::{AhoCorasick, MatchKind};
use once_cell::sync::Lazy;
use regex::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

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

/// The compiled table. Matching a text is two steps, neither of which
/// allocates once the thread's regex caches exist:
///
/// 1. One Aho-Corasick pass over the text finds which rules *could* match:
///    every match of a pattern starts with one of its prefix literals
///    (extracted from the pattern by `regex-syntax`), so a rule none of whose
///    literals occurs in the text cannot match it.
/// 2. Rules are walked in priority order; the first whose cheap conditions
///    (status, command, reply) hold and, if it has patterns, whose own regex
///    matches, decides. A rule's regex runs only when step 1 named it.
///
/// One `RegexSet` over all ~400 patterns did the same in one scan, but its
/// lazy DFA had to track every pattern at once through `.{0,60}` gaps: it
/// kept building new states for each new text and cost about 60 µs per
/// message over the shared corpus, three times mail-parser's whole parse.
struct Matcher {
    /// Prefix literals of all patterns, ASCII-lowercased, matched ASCII
    /// case-insensitively.
    literals: Option<AhoCorasick>,
    /// For each literal of `literals`, the index of its rule.
    literal_rule: Vec<u32>,
    /// Rules to verify whatever the text: a pattern with no finite prefix set
    /// (`(^|\s)...`, `.{0,40}x`), or one whose literals hold a character
    /// outside ASCII that folds to an ASCII letter (U+212A, U+017F).
    always: RuleBits,
    /// Rules to verify when the text is not ASCII: their literals hold other
    /// non-ASCII characters, which the ASCII case-insensitive pass cannot
    /// match under Unicode case folding.
    non_ascii: RuleBits,
    /// Per rule, its patterns as one case-insensitive regex (`None` for a rule
    /// without patterns, or one whose patterns do not compile).
    regexes: Vec<Option<Regex>>,
    /// Parsed status masks per rule.
    masks: Vec<Vec<Mask>>,
}

/// Rules past this index are always verified by their regex (the table
/// holds well under it; the bitset lives on the stack).
const MAX_BITS: usize = 1024;

/// A fixed-size set of rule indices.
#[derive(Clone, Copy)]
struct RuleBits([u64; MAX_BITS / 64]);

impl RuleBits {
    const EMPTY: RuleBits = RuleBits([0; MAX_BITS / 64]);

    fn insert(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    fn contains(&self, i: usize) -> bool {
        self.0.get(i / 64).is_none_or(|w| w & (1 << (i % 64)) != 0)
    }

    fn union(&mut self, other: &RuleBits) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= *b;
        }
    }
}

/// The characters outside ASCII whose simple case folding orbit holds an
/// ASCII letter: KELVIN SIGN (k) and LATIN SMALL LETTER LONG S (s).
const FOLDS_TO_ASCII: &[char] = &['\u{212A}', '\u{017F}'];

/// What the prefix literals of one pattern say about where it can match.
enum Prefixes {
    /// No finite set: verify on every text.
    Any,
    /// Every match starts with one of these (ASCII, lowercased); `non_ascii`
    /// when some literals were left out because they are not ASCII.
    Literals { ascii: Vec<Vec<u8>>, non_ascii: bool },
}

fn prefixes(pattern: &str) -> Prefixes {
    // Parsed as written (case-sensitive): the literals are then matched ASCII
    // case-insensitively, which equals the regex's Unicode case-insensitive
    // matching on ASCII text except for the two characters of
    // FOLDS_TO_ASCII, handled below.
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else {
        return Prefixes::Any;
    };
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let Some(lits) = seq.literals() else {
        return Prefixes::Any;
    };
    let mut ascii = Vec::new();
    let mut non_ascii = false;
    for lit in lits {
        let b = lit.as_bytes();
        if b.is_empty() {
            return Prefixes::Any;
        }
        if b.is_ascii() {
            ascii.push(b.to_ascii_lowercase());
        } else if String::from_utf8_lossy(b).contains(FOLDS_TO_ASCII) {
            return Prefixes::Any;
        } else {
            non_ascii = true;
        }
    }
    Prefixes::Literals { ascii, non_ascii }
}

static MATCHER: Lazy<Matcher> = Lazy::new(|| {
    let mut literals: Vec<Vec<u8>> = Vec::new();
    let mut literal_rule = Vec::new();
    let mut always = RuleBits::EMPTY;
    let mut non_ascii = RuleBits::EMPTY;
    let mut regexes = Vec::with_capacity(RULES.len());
    let mut masks = Vec::with_capacity(RULES.len());
    for (i, r) in RULES.iter().enumerate() {
        for p in r.patterns {
            match prefixes(p) {
                Prefixes::Any => always.insert(i),
                Prefixes::Literals { ascii, non_ascii: n } => {
                    if n {
                        non_ascii.insert(i);
                    }
                    literal_rule.extend(std::iter::repeat_n(i as u32, ascii.len()));
                    literals.extend(ascii);
                }
            }
        }
        if i >= MAX_BITS {
            always.insert(i);
        }
        regexes.push(rule_regex(r.patterns));
        masks.push(r.status.iter().filter_map(|m| Mask::parse(m)).collect());
    }
    // Should the automaton fail to build, every rule is verified by its regex.
    let literals = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&literals)
        .ok();
    if literals.is_none() {
        always = RuleBits([u64::MAX; MAX_BITS / 64]);
    }
    Matcher {
        literals,
        literal_rule,
        always,
        non_ascii,
        regexes,
        masks,
    }
});

/// A rule's patterns as one case-insensitive regex: it matches a text when
/// one of them does. The table is checked by tests (every pattern compiles);
/// should one ever not, that rule's text condition never holds.
fn rule_regex(patterns: &[&str]) -> Option<Regex> {
    if patterns.is_empty() {
        return None;
    }
    let alternation = patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    RegexBuilder::new(&alternation)
        .case_insensitive(true)
        .size_limit(64 << 20)
        .dfa_size_limit(4 << 20)
        .build()
        .ok()
}

/// Forces the rule table to compile now rather than on first use.
pub(crate) fn warm_up() {
    Lazy::force(&MATCHER);
}

/// The first rule, in table order, that fires on these facts.
pub(crate) fn decide(f: &Facts<'_>) -> Option<&'static Rule> {
    let m = &*MATCHER;
    let mut candidates = m.always;
    if !f.text.is_empty() {
        if !f.text.is_ascii() {
            if f.text.contains(FOLDS_TO_ASCII) {
                return decide_unfiltered(m, f);
            }
            candidates.union(&m.non_ascii);
        }
        if let Some(ac) = &m.literals {
            for hit in ac.find_overlapping_iter(f.text) {
                if let Some(&rule) = m.literal_rule.get(hit.pattern().as_usize()) {
                    candidates.insert(rule as usize);
                }
            }
        }
    }
    RULES.iter().enumerate().find_map(|(i, r)| {
        if !other_conditions_hold(r, m.masks.get(i).map_or(&[], Vec::as_slice), f) {
            return None;
        }
        // The text condition last: it is the only costly one.
        let text_ok = r.patterns.is_empty()
            || (!f.text.is_empty()
                && candidates.contains(i)
                && m.regexes.get(i).is_some_and(|re| re.as_ref().is_some_and(|re| re.is_match(f.text))));
        text_ok.then_some(r)
    })
}

/// Rare texts (holding U+212A or U+017F, which match ASCII `k` and `s`
/// case-insensitively) skip the literal pass: every rule is verified.
fn decide_unfiltered(m: &Matcher, f: &Facts<'_>) -> Option<&'static Rule> {
    RULES.iter().enumerate().find(|(i, r)| {
        other_conditions_hold(r, m.masks.get(*i).map_or(&[], Vec::as_slice), f)
            && (r.patterns.is_empty()
                || m.regexes.get(*i).is_some_and(|re| re.as_ref().is_some_and(|re| re.is_match(f.text))))
    })
    .map(|(_, r)| r)
}

/// Every condition of the rule but its patterns holds, and it has at least
/// one condition (a rule with none would swallow everything).
fn other_conditions_hold(r: &Rule, masks: &[Mask], f: &Facts<'_>) -> bool {
    let status_ok = r.status.is_empty() || f.status.is_some_and(|s| masks.iter().any(|k| k.matches(s)));
    // "-" in `commands` stands for "no command known".
    let cmd_ok = r.commands.is_empty()
        || match f.command {
            Some(c) => r.commands.contains(&c),
            None => r.commands.contains(&"-"),
        };
    let dtype_ok = r.dtypes.is_empty() || f.dtype.is_some_and(|d| r.dtypes.contains(&d));
    let reply_ok = r.reply.is_empty() || f.reply.is_some_and(|c| r.reply.contains(&c));
    let has_condition = !(r.patterns.is_empty()
        && r.status.is_empty()
        && r.commands.is_empty()
        && r.reply.is_empty()
        && r.dtypes.is_empty());
    has_condition && status_ok && cmd_ok && reply_ok && dtype_ok
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
        assert!(MATCHER.literals.is_some());
        assert_eq!(MATCHER.regexes.len(), RULES.len());
        for (r, re) in RULES.iter().zip(&MATCHER.regexes) {
            assert_eq!(r.patterns.is_empty(), re.is_none(), "{}", r.id);
        }
    }
    /// The old single-`RegexSet` matcher, as the reference the literal
    /// prefilter must agree with.
    fn reference(f: &Facts<'_>) -> Option<&'static str> {
        static SET: Lazy<(regex::RegexSet, Vec<usize>)> = Lazy::new(|| {
            let patterns: Vec<&str> = RULES.iter().flat_map(|r| r.patterns.iter().copied()).collect();
            let owner = RULES
                .iter()
                .enumerate()
                .flat_map(|(i, r)| std::iter::repeat_n(i, r.patterns.len()))
                .collect();
            let set = regex::RegexSetBuilder::new(&patterns)
                .case_insensitive(true)
                .size_limit(64 << 20)
                .build()
                .unwrap();
            (set, owner)
        });
        let (set, owner) = &*SET;
        let mut hit = vec![false; RULES.len()];
        if !f.text.is_empty() {
            for p in set.matches(f.text).iter() {
                hit[owner[p]] = true;
            }
        }
        RULES
            .iter()
            .enumerate()
            .find(|(i, r)| {
                (r.patterns.is_empty() || hit[*i]) && other_conditions_hold(r, &MATCHER.masks[*i], f)
            })
            .map(|(_, r)| r.id)
    }

    const TEXTS: &[&str] = &[
        "",
        "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
        "552 5.2.2 Mailbox full",
        "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
        "550 5.7.26 This mail has been blocked because the sender is unauthenticated",
        "421 4.4.2 Connection timed out",
        "Host or domain name not found. Name service error for name=example.invalid type=MX",
        "550 SPF check failed",
        "Your message looks like SPAM and was rejected",
        "550 Die Adresse ist unbekannt",
        "550 Пользователь не существует",
        "550 bu\u{f3}n lleno",
        "550 5.1.1 USER UNKNOWN",
        "550 5.1.1 user un\u{212A}nown (kelvin)",
        "550 \u{17F}pam detected (long s)",
        "mailbox is disabled",
        "The email account that you tried to reach is disabled.",
        "550 Requested action not taken: mailbox unavailable",
        "example.com does not exist",
        "message expired after 5 days",
        "550 5.7.1 Message rejected as spam by Content Filtering",
        "554 Transaction failed: policy violation",
        "553 sorry, that domain isn't in my list of allowed rcpthosts",
        "受信者のメールボックスが見つかりません",
        "Delivery to the following recipients failed permanently: 配信",
    ];

    #[test]
    fn prefilter_agrees_with_one_regex_set() {
        let statuses = [None, Some("5.1.1"), Some("5.7.1"), Some("4.2.2"), Some("5.0.0")];
        for text in TEXTS {
            for lower in [false, true] {
                let t = if lower { text.to_lowercase() } else { text.to_uppercase() };
                for st in statuses {
                    for command in [None, Some("RCPT"), Some("DATA")] {
                        let f = Facts {
                            text: &t,
                            status: st.map(|s| s.parse().unwrap()),
                            command,
                            reply: find_reply_code_for_test(&t),
                            dtype: None,
                        };
                        assert_eq!(decide(&f).map(|r| r.id), reference(&f), "{t:?} {st:?} {command:?}");
                    }
                }
            }
        }
    }

    fn find_reply_code_for_test(t: &str) -> Option<u16> {
        crate::status::find_reply_code(t)
    }

    #[test]
    fn only_two_non_ascii_characters_fold_to_ascii_letters() {
        let re = regex::Regex::new("(?i)^[a-z]$").unwrap();
        let folding: Vec<char> = (0x80..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| re.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        assert_eq!(folding, {
            let mut v = FOLDS_TO_ASCII.to_vec();
            v.sort();
            v
        });
    }
}
