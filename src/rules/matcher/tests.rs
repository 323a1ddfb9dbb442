//! The matcher against the plain way: one `RegexSet` over all patterns.

use super::*;
use crate::extract::Command;
use crate::rules::{MATCHER, broken_patterns, decide, is_generic, other_conditions_hold};
use once_cell::sync::Lazy;

/// The table's rules, then the keyword stage's.
fn stages() -> [&'static [&'static Rule]; 2] {
    let (table, keywords) = MATCHER.rules.split_at(MATCHER.keywords_from);
    [table, keywords]
}

#[test]
fn table_compiles() {
    assert!(broken_patterns().is_empty(), "{:?}", broken_patterns());
    let m = &*MATCHER;
    assert!(m.literals.is_some());
    m.warm_up();
    for g in &m.groups {
        assert!(g.engine.get().unwrap().is_some(), "{:?}", g.patterns);
    }
    for (r, plan) in m.rules.iter().zip(&m.plans) {
        let grouped =
            plan.anchored.is_some() || plan.unanchored.is_some() || plan.foreign.is_some();
        assert_eq!(r.patterns.is_empty(), !grouped, "{}", r.id);
    }
    assert_eq!(stages()[0].len(), crate::rules::rules().count());
    assert_eq!(stages()[1].len(), crate::rules::keyword_rules().count());
}

#[test]
fn keyword_ids_are_unique_and_say_they_are_keywords() {
    let [table, keywords] = stages();
    let mut seen = std::collections::BTreeSet::new();
    for r in keywords {
        assert!(r.id.starts_with("keywords."), "{}", r.id);
        assert!(!r.patterns.is_empty(), "{}", r.id);
        assert!(seen.insert(r.id), "{}", r.id);
        assert!(!table.iter().any(|t| t.id == r.id), "{}", r.id);
    }
}

/// One `RegexSet` over all the patterns of `rules`, and the rule of each
/// pattern.
fn one_set(rules: &[&'static Rule]) -> (regex::RegexSet, Vec<usize>) {
    let patterns: Vec<&str> = rules
        .iter()
        .flat_map(|r| r.patterns.iter().copied())
        .collect();
    let owner = rules
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
}

/// The first of `rules` that fires, found with one `RegexSet`: the old
/// matcher, as the reference the literal prefilter must agree with.
fn reference_in(
    rules: &[&'static Rule],
    set: &(regex::RegexSet, Vec<usize>),
    f: &Facts<'_>,
) -> Option<&'static Rule> {
    let (set, owner) = set;
    let mut hit = vec![false; rules.len()];
    if !f.text.is_empty() {
        for p in set.matches(f.text).iter() {
            hit[owner[p]] = true;
        }
    }
    rules
        .iter()
        .enumerate()
        .find(|(i, r)| {
            (r.patterns.is_empty() || hit[*i])
                && (r.notice.is_none() || f.notice.is_some())
                && other_conditions_hold(r, f)
        })
        .map(|(_, r)| *r)
}

/// The table, then the keyword stage where the table decides nothing or
/// only from a code, both through the reference matcher.
fn reference(f: &Facts<'_>) -> Option<&'static str> {
    static TABLE: Lazy<(regex::RegexSet, Vec<usize>)> = Lazy::new(|| one_set(stages()[0]));
    static WORDS: Lazy<(regex::RegexSet, Vec<usize>)> = Lazy::new(|| one_set(stages()[1]));
    let table = reference_in(stages()[0], &TABLE, f);
    if table.is_some_and(|r| !is_generic(r)) {
        return table.map(|r| r.id);
    }
    reference_in(stages()[1], &WORDS, f).or(table).map(|r| r.id)
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
    // Texts outside ASCII whose rules' literals are too: the groups searched
    // for them are chosen by their characters, in either case.
    "550 la boîte aux lettres de Zoé est pleine",
    "452 Ящик получателя переполнен, попробуйте позже",
    "550 Адресат не найден в каталоге",
    "550 收件人地址不存在",
    "550 Das Konto des Empfängers ist gesperrt",
    "554 El remitente fue bloqueado por el destinatario ñ",
];

#[test]
fn prefilter_agrees_with_one_regex_set() {
    let statuses = [
        None,
        Some("5.1.1"),
        Some("5.7.1"),
        Some("4.2.2"),
        Some("5.0.0"),
    ];
    for text in TEXTS {
        for lower in [false, true] {
            let t = if lower {
                text.to_lowercase()
            } else {
                text.to_uppercase()
            };
            for st in statuses {
                for command in [None, Some(Command::Rcpt), Some(Command::Data)] {
                    let f = Facts {
                        text: &t,
                        status: st.map(|s| s.parse().unwrap()),
                        command,
                        reply: find_reply_code_for_test(&t),
                        dtype: None,
                        notice: None,
                        remote: None,
                    };
                    assert_eq!(
                        decide(&f).map(|r| r.id),
                        reference(&f),
                        "{t:?} {st:?} {command:?}"
                    );
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

/// The rule `m` decides for a text alone.
fn decided(m: &Matcher, text: &str) -> Option<&'static str> {
    m.decide(&Facts {
        text,
        ..Facts::default()
    })
    .map(|r| r.id)
}

#[test]
fn a_literal_too_short_for_the_pass_gates_by_the_other_end() {
    static SHORT: Rule = Rule {
        id: "blocked.short-literal",
        reason: crate::cause::Reason::Blocked,
        patterns: &[r"\bip\b.{0,20}listed"],
        ..Rule::NEW
    };
    static LONG: Rule = Rule {
        id: "userunknown.long-literal",
        reason: crate::cause::Reason::UserUnknown,
        patterns: &[r"no such user"],
        ..Rule::NEW
    };
    let m = Matcher::new(vec![&SHORT, &LONG], Vec::new());
    assert!(m.literals.is_some());
    let decide = |text| decided(&m, text);
    assert_eq!(
        decide("550 your IP is listed here"),
        Some("blocked.short-literal")
    );
    assert_eq!(decide("550 no such user"), Some("userunknown.long-literal"));
    assert_eq!(decide("550 zip code listed"), None);
}

/// A literal that is a whole match of a pattern between its `\b`s decides
/// without a search when the text has the boundaries, and is no place when
/// it has not, unless another pattern of its group starts with it: as the
/// patterns would, whatever the characters around it.
#[test]
fn a_literal_between_word_boundaries_matches_as_its_pattern() {
    static BOTH: Rule = Rule {
        id: "spamdetected.both-ends",
        reason: crate::cause::Reason::SpamDetected,
        patterns: &[r"\b(spam|junk mail)\b"],
        ..Rule::NEW
    };
    static LEAD: Rule = Rule {
        id: "mailboxfull.lead-only",
        reason: crate::cause::Reason::MailboxFull,
        patterns: &[r"\bmail ?box (is )?full"],
        ..Rule::NEW
    };
    static TRAIL: Rule = Rule {
        id: "blocked.trail-only",
        reason: crate::cause::Reason::Blocked,
        patterns: &[r"rtr:(bb|rd)\b"],
        ..Rule::NEW
    };
    static SHARED: Rule = Rule {
        id: "policyviolation.shared",
        reason: crate::cause::Reason::PolicyViolation,
        patterns: &[r"\bpolicy\b", r"policy.{0,12}violat"],
        ..Rule::NEW
    };
    let rules = [&BOTH, &LEAD, &TRAIL, &SHARED];
    let m = Matcher::new(rules.to_vec(), Vec::new());
    assert!(m.literals.is_some());
    let bounded = m.uses.iter().filter(|u| u.has(Packed::BOUNDED)).count();
    assert!(bounded >= 5, "{bounded} bounded literals");
    let regexes: Vec<Vec<regex::Regex>> = rules
        .iter()
        .map(|r| {
            r.patterns
                .iter()
                .map(|p| {
                    regex::RegexBuilder::new(p)
                        .case_insensitive(true)
                        .build()
                        .unwrap()
                })
                .collect()
        })
        .collect();
    let words = [
        "spam",
        "SPAM",
        "junk mail",
        "mailbox is full",
        "Mail box full",
        "rtr:bb",
        "RTR:RD",
        "policy",
        "policyholder violation",
        "policy violation",
    ];
    let around = ["", " ", "a", "_", "7", "-", "é", "中", "Ж", "\u{300}", "!"];
    for word in words {
        for before in around {
            for after in around {
                let text = format!("550 {before}{word}{after} x");
                for text in [text.as_str(), &text[4..text.len() - 2]] {
                    let want = rules
                        .iter()
                        .zip(&regexes)
                        .find(|(_, res)| res.iter().any(|re| re.is_match(text)))
                        .map(|(r, _)| r.id);
                    assert_eq!(decided(&m, text), want, "{text:?}");
                }
            }
        }
    }
}

/// A pattern that starts with short words and ends with longer ones is
/// searched only where one of its ends is in the text, and decides as the
/// pattern does.
#[test]
fn short_starts_and_longer_ends_gate_by_the_ends() {
    static ENDS: Rule = Rule {
        id: "blocked.ends",
        reason: crate::cause::Reason::Blocked,
        patterns: &[r"(blocked|listed)( \S+)? (by|at|on) (blocklistcorp|listservice)"],
        ..Rule::NEW
    };
    static STARTS: Rule = Rule {
        id: "userunknown.starts",
        reason: crate::cause::Reason::UserUnknown,
        patterns: &[r"(no such|unknown) (mailbox|user)"],
        ..Rule::NEW
    };
    static FOREIGN_ENDS: Rule = Rule {
        id: "hostunknown.foreign-ends",
        reason: crate::cause::Reason::HostUnknown,
        patterns: &[r"(domain|domaine)( \S+)? (n'existe pas|est inconnu|不存在)"],
        ..Rule::NEW
    };
    // Gated by " over" and " oversized": the one begins the other, but the
    // search must run to where the longer ends.
    static NESTED_ENDS: Rule = Rule {
        id: "emailtoolarge.nested-ends",
        reason: crate::cause::Reason::EmailTooLarge,
        patterns: &[r"\d+ (over|oversized)\b"],
        ..Rule::NEW
    };
    let rules = [&ENDS, &STARTS, &FOREIGN_ENDS, &NESTED_ENDS];
    let m = Matcher::new(rules.to_vec(), Vec::new());
    let plan = |i: usize| m.plans[i];
    assert!(plan(0).anchored.is_none() && plan(0).unanchored.is_some());
    assert!(plan(1).anchored.is_some() && plan(1).unanchored.is_none());
    assert!(plan(2).anchored.is_none() && plan(2).unanchored.is_some());
    assert!(plan(2).foreign.is_some());
    assert!(plan(3).anchored.is_none() && plan(3).unanchored.is_some());
    for text in [
        "550 IP blocked by BlocklistCorp",
        "550 IP listed here at listservice",
        "550 IP blocked ourselves at listservice",
        "550 blocked: blocklistcorp",
        "550 LISTSERVICE listed",
        "550 no such user",
        "550 unknown mailbox; blocked",
        "550 blocked \u{e9} by listservice",
        "550 le domaine n'existe pas",
        "550 domain example.org 不存在",
        "550 域名 不存在",
        "550 domain exists",
        "550 DOMAINE ex.org EST INCONNU",
        // A search gated by its ends stops where the last end found ends:
        // here a match ends at the second end, not the first.
        "550 mx at listservice says: sender blocked at listservice",
        "550 seen by blocklistcorp: IP listed by blocklistcorp.",
        "550 seen by blocklistcorp: IP listed by blocklistcorp; ask at listservice",
        "552 message 12 oversized",
        "552 message 12 oversized, 3 over",
        "552 message 12 overs",
    ] {
        let want = rules
            .iter()
            .find(|r| {
                r.patterns.iter().any(|p| {
                    regex::RegexBuilder::new(p)
                        .case_insensitive(true)
                        .build()
                        .unwrap()
                        .is_match(text)
                })
            })
            .map(|r| r.id);
        assert_eq!(decided(&m, text), want, "{text:?}");
    }
}

/// A user survives its packing, and into a literal's payload; a literal's
/// number is never taken for a user.
#[test]
fn a_user_packs_and_unpacks() {
    let mut uses = vec![Use::Place, Use::Match, Use::Gate];
    for bits in 0..8u8 {
        uses.push(Use::Bounded {
            lead: bits & 1 != 0,
            trail: bits & 2 != 0,
            or_place: bits & 4 != 0,
        });
    }
    for u in uses {
        for g in [0, 1, 189, 0xFFFF] {
            let p = Packed::new(g, u).unwrap();
            assert_eq!((p.group(), p.use_()), (g, u));
            assert_eq!(Single::unpack(Single::pack(p)), Some(p));
        }
        assert_eq!(Packed::new(1 << 16, u), None);
    }
    for number in [0, 1, 10_000, 65_535] {
        assert_eq!(Single::unpack(number), None);
    }
}

/// The condition index ([`Conditions`]) keeps exactly the rules whose
/// conditions other than the text hold, as each rule's own test
/// ([`other_conditions_hold`]) says: over every status class, subject and
/// the details the masks name (and some they do not), every command, reply
/// code, Diagnostic-Code type and kind of notice the rules ask for.
#[test]
fn condition_index_agrees_with_each_rules_conditions() {
    let m = &*MATCHER;
    let all = |n: usize| vec![u64::MAX; n.div_ceil(64)];
    let check = |f: &Facts<'_>| {
        let mut kept = all(m.rules.len());
        m.conditions.keep_holding(f, &mut kept, &mut Vec::new());
        for (i, r) in m.rules.iter().enumerate() {
            assert_eq!(has(&kept, i), other_conditions_hold(r, f), "{} {f:?}", r.id);
        }
    };
    let mut details: Vec<u16> = (0..=12).chain([26, 99, 500, 999]).collect();
    details.extend(
        m.rules
            .iter()
            .flat_map(|r| r.status)
            .filter_map(|k| k.detail),
    );
    details.sort_unstable();
    details.dedup();
    let mut statuses = vec![None];
    for class in [2, 4, 5] {
        for subject in 0..=9 {
            for &detail in &details {
                statuses.push(Some(crate::status::EnhancedStatus {
                    class,
                    subject,
                    detail,
                }));
            }
        }
    }
    let base = Facts::default();
    for &status in &statuses {
        for command in COMMANDS.iter().copied().map(Some).chain([None]) {
            check(&Facts {
                status,
                command,
                ..base
            });
        }
    }
    let mut replies: Vec<Option<u16>> = vec![None, Some(250), Some(550), Some(599)];
    replies.extend(m.rules.iter().flat_map(|r| r.reply).map(|&c| Some(c)));
    let mut notices = vec![None];
    notices.extend(m.rules.iter().filter_map(|r| r.notice).map(Some));
    let dtypes = [
        None,
        Some("smtp"),
        Some("x-unix"),
        Some("x-postfix"),
        Some("x-other"),
    ];
    for &reply in &replies {
        for &notice in &notices {
            for dtype in dtypes {
                for status in [None, statuses.get(1).copied().flatten()] {
                    check(&Facts {
                        reply,
                        notice,
                        dtype,
                        status,
                        ..base
                    });
                }
            }
        }
    }
}
