//! The matcher: the rule table compiled into one literal pass over the
//! text and a lazy DFA per group of patterns, so that deciding a text runs
//! only the rules it could fire.

use std::cell::RefCell;
use std::sync::OnceLock;

use regex_automata::util::look::LookMatcher;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};

use crate::literals::LiteralSet;

use super::engine::Engine;
use super::{DiagnosticType, Facts, Rule, is_generic};
use crate::extract::{Command, Notice};

/// The compiled table. Deciding a text takes two steps:
///
/// 1. One pass over the text for the literals ([`LiteralSet`]) finds where
///    rules *could* match.
///    Every match of a pattern starts with one of its prefix literals
///    (extracted by `regex-syntax`): a rule none of whose literals occurs
///    cannot match, and one whose literals do can only match starting there.
///    The few patterns without a finite prefix set (`(^|\s)...`, `\d ...`)
///    are gated the same way by their suffix literals, and so are those
///    that start with short words and end with longer ones (see
///    [`ends_say_more`]).
/// 2. Rules are walked in priority order; the first whose cheap conditions
///    (status, command, reply, diagnostic type) hold and, if it has
///    patterns, whose regex matches decides. The regex runs as an anchored
///    search from each place step 1 found, not over the whole text; and not
///    at all where the literal found is a whole match of its pattern (a
///    pattern of a few literals, "mail ?box (is )?full"), or is one between
///    the `\b`s that open or close the pattern and the text has the word
///    boundaries there ("\bspam\b"). Most searches that would find a match
///    are of these.
///
/// One `RegexSet` over all patterns would do this in one unanchored scan,
/// but its lazy DFA tracks every pattern at once through `.{0,60}` gaps and
/// keeps building states for each new text. Anchored at a literal, a rule's
/// DFA meets few states, and reuses them.
///
/// Patterns are compiled in groups: per rule, the ones searched anchored,
/// the ones searched unanchored, and the ones with literals outside ASCII.
/// Rules with the same pattern list (the user-unknown phrases serve four)
/// share a group, its literals, its places and its search cache.
///
/// Nothing here allocates per call once a group has met its texts: the
/// places found live in a thread-local [`Scratch`], and each group's search
/// cache (its lazy DFA's states) is one, shared by all threads.
pub(crate) struct Matcher {
    /// The rules, in priority order: the table's, then from `keywords_from`
    /// on the keyword stage's (see [`Matcher::decide`]).
    rules: Vec<&'static Rule>,
    keywords_from: usize,
    /// Distinct prefix (and gating suffix) literals, ASCII-lowercased,
    /// matched ASCII case-insensitively.
    literals: Option<LiteralSet>,
    /// For literal `i`, its users: `uses[starts[i]..starts[i + 1]]` (a
    /// literal of one user also carries it, see [`Single`]).
    starts: Vec<u32>,
    uses: Vec<Packed>,
    /// Per rule, how its patterns are searched.
    plans: Vec<Plan>,
    /// Pattern groups, each compiled on first use.
    groups: Vec<Group>,
    /// The rules to look at for a text, as bit sets over `rules` (see
    /// [`Matcher::decide`]): those any text may fire (no patterns, or searched
    /// unanchored always, and no notice),
    always: Vec<u64>,
    /// those with patterns at all (all of them are looked at for a text the
    /// literal pass cannot read),
    with_patterns: Vec<u64>,
    /// per [`Plan::foreign`] group, those that search it (for a text not all
    /// ASCII that may hold a match, see [`ForeignGates`]),
    foreign_rules: BitRows,
    foreign_gates: ForeignGates,
    /// those that need a kind of notice (looked at only for a record of one),
    notice_rules: Vec<u64>,
    /// and, per group, the rules that search it.
    group_rules: BitRows,
    /// The rules' other conditions, indexed.
    conditions: Conditions,
}

/// A group of patterns searched together.
struct Group {
    patterns: Vec<&'static str>,
    /// Searched on texts that are not ASCII only (a [`Plan::foreign`]
    /// group): its lazy DFA takes every byte.
    foreign: bool,
    /// Compiled on first use (`None` inside: the group did not compile).
    engine: OnceLock<Option<Engine>>,
}

/// What a literal hit says about a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// A match of the (anchored) group may start here.
    Place,
    /// The (anchored) group matches here: the literal is a whole match of
    /// one of its patterns, which has no look-around assertion (see
    /// [`Literals::Set`]).
    Match,
    /// The (unanchored) group may match somewhere in the text.
    Gate,
    /// The (anchored) group matches here if the text has a word boundary
    /// before the literal (`lead`) and after it (`trail`), as asked: the
    /// literal is a whole match of a pattern's part between its leading
    /// and trailing `\b` (see [`Exact::Bounded`]). Otherwise, with
    /// `or_place`, a match may start here (the literal is also another
    /// pattern's place); without, none does.
    Bounded {
        lead: bool,
        trail: bool,
        or_place: bool,
    },
}

/// A group and what a literal says of it ([`Use`]), as the literal pass
/// reads them: the group in the low 16 bits, and each kind of use as a bit
/// of its own. Telling the kinds apart is then a test of a bit each, not a
/// jump through a table, whose target changes from hit to hit and was
/// mispredicted on most of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Packed(u32);

impl Packed {
    const PLACE: u32 = 1 << 16;
    const MATCH: u32 = 1 << 17;
    const GATE: u32 = 1 << 18;
    /// [`Use::Bounded`], with its three flags.
    const BOUNDED: u32 = 1 << 19;
    const LEAD: u32 = 1 << 20;
    const TRAIL: u32 = 1 << 21;
    const OR_PLACE: u32 = 1 << 22;

    /// Group `g`'s use `u`, if `g` fits.
    fn new(g: u32, u: Use) -> Option<Packed> {
        let kind = match u {
            Use::Place => Self::PLACE,
            Use::Match => Self::MATCH,
            Use::Gate => Self::GATE,
            Use::Bounded {
                lead,
                trail,
                or_place,
            } => {
                let flag = |on: bool, bit: u32| if on { bit } else { 0 };
                Self::BOUNDED
                    | flag(lead, Self::LEAD)
                    | flag(trail, Self::TRAIL)
                    | flag(or_place, Self::OR_PLACE)
            }
        };
        (g < 1 << 16).then_some(Packed(kind | g))
    }

    fn group(self) -> u32 {
        self.0 & 0xFFFF
    }

    fn has(self, bit: u32) -> bool {
        self.0 & bit != 0
    }

    /// The use, as [`Packed::new`] took it.
    #[cfg(test)]
    fn use_(self) -> Use {
        if self.has(Self::PLACE) {
            Use::Place
        } else if self.has(Self::MATCH) {
            Use::Match
        } else if self.has(Self::GATE) {
            Use::Gate
        } else {
            Use::Bounded {
                lead: self.has(Self::LEAD),
                trail: self.has(Self::TRAIL),
                or_place: self.has(Self::OR_PLACE),
            }
        }
    }
}

/// A literal's one user, packed in its payload in the literal pass
/// ([`LiteralSet::with_payloads`]): most literals have one, and it is then
/// read with the literal's head, not looked up in [`Matcher::uses`]. A
/// payload without [`Single::FLAG`] is the literal's number.
struct Single;

impl Single {
    const FLAG: u32 = 1 << 31;

    /// The payload for a literal whose one user is `user`.
    fn pack(user: Packed) -> u32 {
        Self::FLAG | user.0
    }

    /// The user a payload carries, if it carries one.
    fn unpack(payload: u32) -> Option<Packed> {
        (payload & Self::FLAG != 0).then_some(Packed(payload & !Self::FLAG))
    }
}

/// What finding a prefix literal says of a match of its pattern there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Exact {
    /// A match may start here.
    No,
    /// A match is here if the text has a word boundary before the literal
    /// (`lead`) and after it (`trail`): the pattern is `\b` (`lead`), then
    /// a part without look-around of which the literal is a whole match,
    /// then `\b` (`trail`). "\bspam\b", "\b(dnsbl|rbl)\b".
    Bounded { lead: bool, trail: bool },
    /// A match is here: the literal is a whole match of the pattern, which
    /// has no look-around.
    Yes,
}

/// The pattern without its leading and trailing Unicode `\b`, when it has
/// one of them and no other look-around: `(lead, trail, the rest)`.
fn bounded_core(hir: &Hir) -> Option<(bool, bool, Hir)> {
    let HirKind::Concat(subs) = hir.kind() else {
        return None;
    };
    let boundary = |h: &Hir| matches!(h.kind(), HirKind::Look(Look::WordUnicode));
    let lead = subs.first().is_some_and(boundary);
    let trail = subs.len() > 1 && subs.last().is_some_and(boundary);
    let rest = subs.get(usize::from(lead)..subs.len() - usize::from(trail))?;
    let core = Hir::concat(rest.to_vec());
    ((lead || trail) && core.properties().look_set().is_empty()).then_some((lead, trail, core))
}

/// Whether `text` has a Unicode word boundary at `at` (a character
/// boundary), as `\b` means it.
fn word_boundary_at(text: &str, at: usize) -> bool {
    at <= text.len()
        && LookMatcher::new()
            .is_word_unicode(text.as_bytes(), at)
            .unwrap_or(false)
}

/// How one rule's patterns are searched: groups of [`Matcher::groups`].
#[derive(Debug, Clone, Copy, Default)]
struct Plan {
    /// The patterns with a finite prefix set: searched anchored at the places
    /// of their literals.
    anchored: Option<u32>,
    /// The other patterns: searched unanchored, when a gate literal occurs
    /// (or always, when `ungated`).
    unanchored: Option<u32>,
    /// Some unanchored pattern has no finite suffix set either.
    ungated: bool,
    /// The patterns with a literal outside ASCII, which the ASCII
    /// case-insensitive literal pass cannot find under Unicode case folding:
    /// searched unanchored on a text that is not ASCII (where alone they can
    /// match). Kept apart so that such a text does not make the big groups
    /// search unanchored (their lazy DFAs would build many states).
    foreign: Option<u32>,
    /// Some literal holds U+212A or U+017F (see [`FOLDS_TO_ASCII`]): the rule
    /// is always searched unanchored.
    folds: bool,
    /// The rule has patterns (read here, the rule itself is not read for
    /// each candidate walked: the plans are a small array, the rules are
    /// spread over the table's memory).
    patterns: bool,
    /// The rule decides from the generic meaning of a code
    /// ([`super::is_generic`]): the keyword stage may say more.
    generic: bool,
}

/// The characters outside ASCII whose simple case folding orbit holds an
/// ASCII letter: KELVIN SIGN (k) and LATIN SMALL LETTER LONG S (s).
const FOLDS_TO_ASCII: &[char] = &['\u{212A}', '\u{017F}'];

/// A pattern's literals of one kind (prefix or suffix).
enum Literals {
    /// No finite set.
    Any,
    /// Every match starts (ends) with one of `ascii` (lowercased) or, when
    /// `non_ascii`, with a literal left out for not being ASCII. `folds`: a
    /// left-out literal holds a character of [`FOLDS_TO_ASCII`]. With each
    /// literal, whether it is exact: a whole match of the pattern where the
    /// pattern has no look-around assertion (`regex-syntax`'s guarantee).
    /// On a text the literal pass reads (no character of
    /// [`FOLDS_TO_ASCII`]), ASCII case-insensitive equality is the
    /// pattern's own case-insensitive matching, so an exact literal found
    /// is a match.
    Set {
        ascii: Vec<(Vec<u8>, bool)>,
        non_ascii: Vec<Vec<u8>>,
        folds: bool,
    },
}

/// The longest literal the literal pass takes from a pattern.
const PREFIX_LEN: usize = 32;

/// A pattern whose matches are a few literals ("mail ?box (is )?full":
/// four) has them all as its prefix literals, up to this many of up to
/// this length: each found is a match, and no search runs for it.
const WHOLE_MAX: usize = 48;
const WHOLE_LEN: usize = 64;

fn literals_of(hir: &Hir, kind: ExtractKind) -> Literals {
    // Literals up to 32 bytes ("user unknown", "mailbox is full"): shorter
    // ones ("user unk") leave more places to search with the lazy DFAs, and
    // a search costs more than the literal pass.
    let prefix = matches!(kind, ExtractKind::Prefix);
    let mut seq = Extractor::new()
        .kind(kind)
        .limit_literal_len(PREFIX_LEN)
        .extract(hir);
    seq.dedup();
    // Cut at `PREFIX_LEN` bytes, a literal is no whole match; the whole ones are
    // taken when they are few.
    if prefix
        && seq
            .literals()
            .is_some_and(|l| l.iter().any(|l| !l.is_exact()))
    {
        let mut whole = Extractor::new()
            .kind(ExtractKind::Prefix)
            .limit_literal_len(WHOLE_LEN)
            .extract(hir);
        whole.dedup();
        let exact = |l: &[regex_syntax::hir::literal::Literal]| {
            l.len() <= WHOLE_MAX && l.iter().all(|l| l.is_exact())
        };
        if whole.literals().is_some_and(exact) {
            seq = whole;
        }
    }
    let Some(lits) = seq.literals() else {
        return Literals::Any;
    };
    let (mut ascii, mut non_ascii) = (Vec::new(), Vec::new());
    let mut folds = false;
    for lit in lits {
        let b = lit.as_bytes();
        // The literal pass takes literals of 3 bytes or more: a pattern
        // with a shorter one is gated by its other end, or searched always.
        if b.is_empty() || (b.is_ascii() && b.len() < 3) {
            return Literals::Any;
        }
        if b.is_ascii() {
            ascii.push((b.to_ascii_lowercase(), lit.is_exact()));
        } else {
            non_ascii.push(b.to_vec());
            folds |= String::from_utf8_lossy(b).contains(FOLDS_TO_ASCII);
        }
    }
    Literals::Set {
        ascii,
        non_ascii,
        folds,
    }
}

/// A group's literals, one use each (`use_`: the group's). The same
/// literal from several of an anchored group's patterns is a match if one
/// of them says so, bounded if all that do not say "no" are bounded alike,
/// and otherwise a place.
fn merged_uses(literals: &[(Vec<u8>, Exact)], use_: Use) -> Vec<(Vec<u8>, Use)> {
    let mut literals = literals.to_vec();
    literals.sort();
    literals
        .chunk_by(|a, b| a.0 == b.0)
        .filter_map(|same| {
            let (literal, _) = same.first()?;
            let says = |e: Exact| same.iter().any(|(_, x)| *x == e);
            let mut bounds = same.iter().filter_map(|(_, e)| match e {
                Exact::Bounded { lead, trail } => Some((*lead, *trail)),
                _ => None,
            });
            let first = bounds.next();
            let u = match (use_, first) {
                (Use::Place, _) if says(Exact::Yes) => Use::Match,
                (Use::Place, Some((lead, trail))) if bounds.all(|b| b == (lead, trail)) => {
                    Use::Bounded {
                        lead,
                        trail,
                        or_place: says(Exact::No),
                    }
                }
                (u, _) => u,
            };
            Some((literal.clone(), u))
        })
        .collect()
}

/// Whether a pattern is better gated by its suffix literals than searched
/// from its prefix literals: its starts are short words, such as
/// "(user|address)( \S+)? ... (disabled|suspended)" or
/// "(blocked|rejected).{0,80}provider", and its ends are longer ones. A short word
/// is a common one and opens a search in most texts; a longer end is rarer,
/// and the one search it opens (unanchored) runs in few.
fn ends_say_more(prefixes: &Literals, suffixes: &Literals) -> bool {
    let shortest = |l: &Literals| match l {
        // Those outside ASCII gate the pattern's foreign group either way.
        Literals::Set {
            ascii,
            folds: false,
            ..
        } => ascii.iter().map(|(l, _)| l.len()).min(),
        _ => None,
    };
    let exact = match prefixes {
        Literals::Set { ascii, .. } => ascii.iter().any(|(_, exact)| *exact),
        Literals::Any => false,
    };
    match (shortest(prefixes), shortest(suffixes)) {
        (Some(p), Some(s)) => !exact && p < SHORT_START && s > p,
        _ => false,
    }
}

/// A prefix literal shorter than this is a short word (see
/// [`ends_say_more`]).
const SHORT_START: usize = 8;

/// One group in the making: its patterns and the literals that lead to it.
#[derive(Default)]
struct GroupDraft {
    patterns: Vec<&'static str>,
    /// Each with what finding it says (see [`Use::Match`]).
    literals: Vec<(Vec<u8>, Exact)>,
    /// For a [`Plan::foreign`] group: the literals outside ASCII that its
    /// matches start (or end) with, when not with an ASCII one.
    gates: Vec<Vec<u8>>,
}

impl Matcher {
    /// Compiles the literal pass and plans the pattern groups of the
    /// `table`'s rules and the `keywords` stage's (the groups themselves are
    /// compiled on first use). One literal pass then serves both.
    pub(crate) fn new(table: Vec<&'static Rule>, keywords: Vec<&'static Rule>) -> Matcher {
        let keywords_from = table.len();
        let rules: Vec<&'static Rule> = table.into_iter().chain(keywords).collect();
        let mut plans = Vec::with_capacity(rules.len());
        // (patterns, literals, use) per group, deduplicated by pattern list.
        let mut drafts: Vec<(GroupDraft, Use)> = Vec::new();
        let mut group_of = |draft: GroupDraft, use_: Use| -> Option<usize> {
            if draft.patterns.is_empty() {
                return None;
            }
            match drafts
                .iter_mut()
                .position(|(d, u)| d.patterns == draft.patterns && *u == use_)
            {
                Some(g) => {
                    if let Some((d, _)) = drafts.get_mut(g) {
                        d.gates.extend(draft.gates);
                    }
                    Some(g)
                }
                None => {
                    drafts.push((draft, use_));
                    Some(drafts.len() - 1)
                }
            }
        };
        for r in &rules {
            let mut plan = Plan::default();
            let (mut anchored, mut unanchored, mut foreign) = (
                GroupDraft::default(),
                GroupDraft::default(),
                GroupDraft::default(),
            );
            for &p in r.patterns {
                // Parsed as written (case-sensitive): the literals are matched
                // ASCII case-insensitively, which on ASCII text equals the
                // regex's Unicode case-insensitive matching.
                let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(p) else {
                    // Compiles to nothing below either; keep it out of the way.
                    unanchored.patterns.push(p);
                    plan.ungated = true;
                    continue;
                };
                let bounded = bounded_core(&hir);
                let literal_hir = bounded.as_ref().map_or(&hir, |(_, _, core)| core);
                let look_free = literal_hir.properties().look_set().is_empty();
                let (set, draft, prefix) = match literals_of(literal_hir, ExtractKind::Prefix) {
                    Literals::Any => match literals_of(&hir, ExtractKind::Suffix) {
                        Literals::Any => {
                            unanchored.patterns.push(p);
                            plan.ungated = true;
                            continue;
                        }
                        set => (set, &mut unanchored, false),
                    },
                    set => match literals_of(&hir, ExtractKind::Suffix) {
                        suffixes if ends_say_more(&set, &suffixes) => {
                            (suffixes, &mut unanchored, false)
                        }
                        _ => (set, &mut anchored, true),
                    },
                };
                let Literals::Set {
                    ascii,
                    non_ascii,
                    folds,
                } = set
                else {
                    continue;
                };
                plan.folds |= folds;
                if !ascii.is_empty() || folds {
                    draft.patterns.push(p);
                    draft.literals.extend(ascii.into_iter().map(|(l, exact)| {
                        let exact = match (exact && look_free && prefix, &bounded) {
                            (false, _) => Exact::No,
                            (true, None) => Exact::Yes,
                            (true, Some((lead, trail, _))) => Exact::Bounded {
                                lead: *lead,
                                trail: *trail,
                            },
                        };
                        (l, exact)
                    }));
                }
                if !non_ascii.is_empty() {
                    foreign.patterns.push(p);
                    foreign.gates.extend(non_ascii);
                }
            }
            let id = |g: Option<usize>| g.and_then(|g| u32::try_from(g).ok());
            plan.anchored = id(group_of(anchored, Use::Place));
            plan.unanchored = id(group_of(unanchored, Use::Gate));
            plan.foreign = id(group_of(foreign, Use::Gate));
            plan.patterns = !r.patterns.is_empty();
            plan.generic = is_generic(r);
            plans.push(plan);
        }
        // Distinct literals, each with the groups it leads to. Within a group, a
        // literal that another of its literals begins adds no place: "mail" is
        // found wherever "mailbox " is. It is kept when finding it may be a
        // match and finding the shorter one is only a place, or when the
        // shorter one is bounded (which may say nothing there).
        let mut by_literal: std::collections::BTreeMap<Vec<u8>, Vec<(u32, Use)>> =
            Default::default();
        for (g, (draft, use_)) in drafts.iter().enumerate() {
            let lits = merged_uses(&draft.literals, *use_);
            // One that another begins, whose hit says as much where it is;
            // a gate that another ends (a gated search stops where the last
            // gate found ends: "over" does not end where "oversized" does).
            let covers = |o: &Use, l: &Use| match o {
                Use::Match => true,
                Use::Gate => false,
                Use::Place | Use::Bounded { or_place: true, .. } => *l == Use::Place,
                Use::Bounded {
                    or_place: false, ..
                } => false,
            };
            let kept = lits.iter().filter(|(l, u)| {
                !lits.iter().any(|(o, ou)| {
                    o.len() < l.len()
                        && match (ou, u) {
                            (Use::Gate, Use::Gate) => l.ends_with(o),
                            _ => l.starts_with(o) && covers(ou, u),
                        }
                })
            });
            for (l, use_) in kept {
                by_literal
                    .entry(l.clone())
                    .or_default()
                    .push((g as u32, *use_));
            }
        }
        let mut starts = vec![0u32];
        let mut uses = Vec::new();
        // Every group number fits a `Packed` (there are a few hundred).
        let mut packed = true;
        for users in by_literal.values() {
            for &(g, u) in users {
                match Packed::new(g, u) {
                    Some(p) => uses.push(p),
                    None => packed = false,
                }
            }
            starts.push(uses.len() as u32);
        }
        // A literal of one user carries it (see [`Single`]).
        let literals = LiteralSet::with_payloads(by_literal.iter().enumerate().map(
            |(i, (literal, users))| {
                let single = match users.as_slice() {
                    [(g, u)] => Packed::new(*g, *u).map(Single::pack),
                    _ => None,
                };
                (literal.as_slice(), single.unwrap_or(i as u32))
            },
        ))
        .filter(|_| packed);
        // Should a literal not fit the set, every rule is searched unanchored.
        if literals.is_none() {
            plans.iter_mut().for_each(|p| p.folds = true);
        }
        let foreign_gates =
            ForeignGates::new(drafts.iter().map(|(d, _)| d.gates.as_slice()), |g| {
                plans.iter().any(|p| p.foreign == Some(g as u32))
            });
        let groups: Vec<Group> = drafts
            .into_iter()
            .enumerate()
            .map(|(g, (d, _))| Group {
                patterns: d.patterns,
                foreign: plans.iter().any(|p| p.foreign == Some(g as u32)),
                engine: OnceLock::new(),
            })
            .collect();
        let words = rules.len().div_ceil(64);
        let mut always = vec![0u64; words];
        let mut with_patterns = vec![0u64; words];
        let mut foreign_rules = BitRows::new(groups.len(), words);
        let mut notice_rules = vec![0u64; words];
        let mut group_rules = BitRows::new(groups.len(), words);
        for (i, (r, plan)) in rules.iter().zip(&plans).enumerate() {
            if r.notice.is_some() {
                set(&mut notice_rules, i);
            } else if r.patterns.is_empty() || plan.folds || plan.ungated {
                set(&mut always, i);
            }
            if !r.patterns.is_empty() {
                set(&mut with_patterns, i);
            }
            if let Some(g) = plan.foreign {
                foreign_rules.set(g as usize, i);
            }
            for g in [plan.anchored, plan.unanchored].into_iter().flatten() {
                group_rules.set(g as usize, i);
            }
        }
        let conditions = Conditions::new(&rules);
        Matcher {
            rules,
            keywords_from,
            conditions,
            literals,
            starts,
            uses,
            plans,
            groups,
            always,
            with_patterns,
            foreign_rules,
            foreign_gates,
            notice_rules,
            group_rules,
        }
    }

    /// Compiles every pattern group now.
    pub(crate) fn warm_up(&self) {
        for g in &self.groups {
            g.engine.get_or_init(|| Engine::new(&g.patterns, g.foreign));
        }
    }

    /// The rule that decides these facts. The table decides first: its
    /// first rule, in priority order, that fires. Where it decides nothing,
    /// or only from the generic meaning of a code (`super::is_generic`), the
    /// keyword stage's first rule that fires decides instead, if one does.
    pub(crate) fn decide(&self, f: &Facts<'_>) -> Option<&'static Rule> {
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => self.decide_with(f, &mut s),
            Err(_) => self.decide_with(f, &mut Scratch::default()),
        })
    }

    fn decide_with(&self, f: &Facts<'_>, s: &mut Scratch) -> Option<&'static Rule> {
        let m = self;
        let text = f.text;
        let ascii = text.is_ascii();
        // U+212A and U+017F match ASCII `k` and `s` case-insensitively; the
        // literal pass cannot see them, so such (rare) texts are searched whole.
        // So is a text of 4 GiB or more (`Limits` let a caller ask for one):
        // the places found are kept as `u32`.
        let unfiltered =
            (!ascii && text.contains(FOLDS_TO_ASCII)) || u32::try_from(text.len()).is_err();
        if s.found.len() < m.groups.len() {
            s.found.resize(m.groups.len(), Found::default());
        }
        s.call = s.call.wrapping_add(1);
        if s.call == 0 {
            // Wrapped: old numbers could be taken for this call's.
            s.found.iter_mut().for_each(|f| *f = Found::default());
            s.call = 1;
        }
        let call = s.call;
        s.hit.clear();
        if let Some(set) = m
            .literals
            .as_ref()
            .filter(|_| !text.is_empty() && !unfiltered)
        {
            let Scratch {
                found: found_by_group,
                hit: hit_groups,
                lower,
                ..
            } = &mut *s;
            set.for_each_hit(text.as_bytes(), lower, |hit| {
                let single = Single::unpack(hit.payload);
                let users = match single {
                    Some(_) => &[][..],
                    None => {
                        let id = hit.payload as usize;
                        let (Some(&a), Some(&b)) = (m.starts.get(id), m.starts.get(id + 1)) else {
                            return;
                        };
                        m.uses.get(a as usize..b as usize).unwrap_or_default()
                    }
                };
                let start = hit.start;
                for &user in single.iter().chain(users) {
                    let g = user.group();
                    let Some(found) = found_by_group.get_mut(g as usize) else {
                        continue;
                    };
                    if found.call != call {
                        *found = Found {
                            call,
                            first: u32::MAX,
                            ..Found::default()
                        };
                        hit_groups.push(g);
                    }
                    if user.has(Packed::PLACE) {
                        found.add_place(start as u32);
                    } else if user.has(Packed::MATCH) {
                        found.matched = true;
                    } else if user.has(Packed::GATE) {
                        found.gate_end = found.gate_end.max((start + hit.len) as u32);
                    } else if (!user.has(Packed::LEAD) || word_boundary_at(text, start))
                        && (!user.has(Packed::TRAIL) || word_boundary_at(text, start + hit.len))
                    {
                        found.matched = true;
                    } else if user.has(Packed::OR_PLACE) {
                        found.add_place(start as u32);
                    }
                }
            });
        }
        // The rules that may fire: a bit set, so that the walk below touches
        // only these of the table. Walking all of it read every rule's fields
        // each call: more cache misses than all the matching.
        let mut candidates = std::mem::take(&mut s.candidates);
        candidates.clear();
        candidates.extend_from_slice(&m.always);
        let mut add = |bits: &[u64]| {
            candidates.iter_mut().zip(bits).for_each(|(c, b)| *c |= b);
        };
        if unfiltered {
            add(&m.with_patterns);
        }
        if !ascii {
            m.foreign_gates.possible(text, &mut s.foreign);
            for g in ones(&s.foreign) {
                add(m.foreign_rules.row(g));
            }
        }
        if f.notice.is_some() {
            add(&m.notice_rules);
        }
        for &g in &s.hit {
            add(m.group_rules.row(g as usize));
        }
        // Of those, the ones whose conditions other than the text hold.
        m.conditions
            .keep_holding(f, &mut candidates, &mut s.holding);
        let found = &s.found;
        let search = |group: Option<u32>, input: &Input<'_>| -> bool {
            let Some(g) = group.map(|g| g as usize) else {
                return false;
            };
            let Some(Group {
                patterns,
                foreign,
                engine,
                ..
            }) = m.groups.get(g)
            else {
                return false;
            };
            let Some(engine) = engine.get_or_init(|| Engine::new(patterns, *foreign)) else {
                return false;
            };
            engine.is_match(patterns, input, ascii)
        };
        let found_in = |group: Option<u32>| -> Found {
            group
                .and_then(|g| found.get(g as usize))
                .filter(|f| f.call == call)
                .copied()
                .unwrap_or_default()
        };
        let fires = |i: usize| -> bool {
            let plan = m.plans.get(i).copied().unwrap_or_default();
            let whole = unfiltered || plan.folds;
            let places = found_in(plan.anchored);
            let gate_end = found_in(plan.unanchored).gate_end;
            let gated = gate_end > 0 || plan.ungated;
            let foreign = !ascii && plan.foreign.is_some_and(|g| has(&s.foreign, g as usize));
            // The text condition last: it is the only costly one.
            if !plan.patterns {
                return true;
            }
            // A rule none of whose patterns the literal pass allows to match
            // (a notice's rule, an empty text) is out without a search.
            if text.is_empty()
                || !(whole || places.places > 0 || places.matched || gated || foreign)
            {
                return false;
            }
            if places.matched && !whole {
                return true;
            }
            let input = Input::new(text).earliest(true);
            if whole {
                let groups = [plan.anchored, plan.unanchored, plan.foreign];
                return groups.into_iter().any(|g| search(g, &input));
            }
            let anchored_hit = match places.places {
                0 => false,
                n if n > MAX_ANCHORED => {
                    search(plan.anchored, &input.clone().range(places.first as usize..))
                }
                n => places.at.get(..n).unwrap_or_default().iter().any(|&at| {
                    search(
                        plan.anchored,
                        &input.clone().range(at as usize..).anchored(Anchored::Yes),
                    )
                }),
            };
            // Every pattern of the group ends with one of its gate literals
            // (on ASCII text: one outside ASCII may end a match otherwise),
            // so no match ends past the last found: the search stops there.
            let gated_hit = || match plan.ungated || !ascii {
                true => search(plan.unanchored, &input),
                false => search(
                    plan.unanchored,
                    &input.clone().range(..text.len().min(gate_end as usize)),
                ),
            };
            anchored_hit || (gated && gated_hit()) || (foreign && search(plan.foreign, &input))
        };
        // The first candidate of `from..to`, in priority order, that fires.
        let first = |from: usize, to: usize| -> Option<usize> {
            ones(&candidates)
                .skip_while(|&i| i < from)
                .take_while(|&i| i < to)
                .find(|&i| fires(i))
        };
        let table = first(0, m.keywords_from);
        let generic = |i: usize| m.plans.get(i).is_none_or(|p| p.generic);
        let decided = match table {
            Some(i) if !generic(i) => table,
            _ => first(m.keywords_from, m.rules.len()).or(table),
        };
        s.candidates = candidates;
        decided.and_then(|i| m.rules.get(i).copied())
    }
}

/// The rules' conditions other than the text, indexed by the values of the
/// facts they read, so that the rules whose conditions hold for a call
/// ([`super::other_conditions_hold`]) are a few bit set operations, not a test of
/// every rule. Each bit set is over the matcher's rules.
struct Conditions {
    /// Rules with at least one condition (one with none never fires).
    some: Vec<u64>,
    /// Per command ([`Command`] as a number; no command is
    /// [`Command::Unknown`]): the rules without commands or naming it.
    command: BitRows,
    /// Rules without status masks,
    any_status: Vec<u64>,
    /// and the distinct status masks ([`mask_key`]), sorted, with the rules
    /// that have each as the row of the same index. A status `c.s.d` matches
    /// the masks of its eight keys (each part itself or `*`): eight lookups,
    /// not a test of every mask (a hundred of them, most under `5.7`).
    status_keys: Vec<u64>,
    status: BitRows,
    /// Rules without reply codes, and each code with the rules naming it
    /// (as the row of the same index).
    any_reply: Vec<u64>,
    reply_keys: Vec<u16>,
    reply: BitRows,
    /// Per Diagnostic-Code type, by [`dtype_index`]: the rules without types
    /// or naming it.
    dtype: BitRows,
    /// Rules for any record, and per kind of notice the rules for it (as
    /// the row of the same index).
    no_notice: Vec<u64>,
    notice_keys: Vec<Notice>,
    notice: BitRows,
}

/// Every [`Command`], to index [`Conditions::command`].
const COMMANDS: [Command; 10] = [
    Command::Conn,
    Command::Helo,
    Command::Ehlo,
    Command::Mail,
    Command::Rcpt,
    Command::Data,
    Command::Bdat,
    Command::Starttls,
    Command::Auth,
    Command::Unknown,
];

/// The Diagnostic-Code types a rule may ask for.
const DTYPES: [DiagnosticType; 3] = [
    DiagnosticType::Smtp,
    DiagnosticType::XUnix,
    DiagnosticType::XPostfix,
];

/// [`Conditions::dtype`]'s index of a record's type: none, one of
/// [`DTYPES`], or another.
fn dtype_index(dtype: Option<&str>) -> usize {
    match dtype {
        None => 0,
        Some(d) => DTYPES
            .iter()
            .position(|t| t.as_str() == d)
            .map_or(DTYPES.len() + 1, |i| i + 1),
    }
}

/// A status mask's key in [`Conditions::status_keys`]: class, subject and
/// detail in 17 bits each, `*` (`None`) as the value no part of a status
/// takes.
fn mask_key(class: Option<u16>, subject: Option<u16>, detail: Option<u16>) -> u64 {
    let part = |p: Option<u16>| p.map_or(1 << 16, u64::from);
    part(class) << 34 | part(subject) << 17 | part(detail)
}

/// Bit sets over the rules, one a row, in one allocation: a row is a few
/// words, and rows allocated one by one each took a cache line of their own.
struct BitRows {
    words: usize,
    bits: Vec<u64>,
}

impl BitRows {
    /// `rows` empty rows of `words` words.
    fn new(rows: usize, words: usize) -> BitRows {
        BitRows {
            words,
            bits: vec![0; rows * words],
        }
    }

    /// Row `r` (empty if there is none).
    fn row(&self, r: usize) -> &[u64] {
        let at = r * self.words;
        self.bits.get(at..at + self.words).unwrap_or_default()
    }

    /// Sets bit `i` of row `r`.
    fn set(&mut self, r: usize, i: usize) {
        let at = r * self.words;
        if let Some(row) = self.bits.get_mut(at..at + self.words) {
            set(row, i);
        }
    }
}

impl Conditions {
    fn new(rules: &[&'static Rule]) -> Conditions {
        let words = rules.len().div_ceil(64);
        let none = || vec![0u64; words];
        // The distinct keys of a keyed condition (sorted, with `sort`), and
        // per key the rules that name it.
        fn keyed<K: PartialEq + Copy>(
            rules: &[&'static Rule],
            words: usize,
            keys_of: impl Fn(&Rule) -> Vec<K>,
            sort: impl FnOnce(&mut Vec<K>),
        ) -> (Vec<K>, BitRows) {
            let mut keys: Vec<K> = Vec::new();
            for k in rules.iter().flat_map(|r| keys_of(r)) {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            sort(&mut keys);
            let mut rows = BitRows::new(keys.len(), words);
            for (i, r) in rules.iter().enumerate() {
                for k in keys_of(r) {
                    if let Some(row) = keys.iter().position(|&key| key == k) {
                        rows.set(row, i);
                    }
                }
            }
            (keys, rows)
        }
        let (status_keys, status) = keyed(
            rules,
            words,
            |r| {
                r.status
                    .iter()
                    .map(|m| mask_key(m.class, m.subject, m.detail))
                    .collect()
            },
            |keys| keys.sort_unstable(),
        );
        let (reply_keys, reply) = keyed(rules, words, |r| r.reply.to_vec(), |_| ());
        let (notice_keys, notice) = keyed(rules, words, |r| r.notice.into_iter().collect(), |_| ());
        let mut c = Conditions {
            some: none(),
            command: BitRows::new(COMMANDS.len(), words),
            any_status: none(),
            status_keys,
            status,
            any_reply: none(),
            reply_keys,
            reply,
            dtype: BitRows::new(DTYPES.len() + 2, words),
            no_notice: none(),
            notice_keys,
            notice,
        };
        for (i, r) in rules.iter().enumerate() {
            if r.has_condition() {
                set(&mut c.some, i);
            }
            for (k, cmd) in COMMANDS.iter().enumerate() {
                if r.commands.is_empty() || r.commands.contains(cmd) {
                    c.command.set(k, i);
                }
            }
            if r.status.is_empty() {
                set(&mut c.any_status, i);
            }
            if r.reply.is_empty() {
                set(&mut c.any_reply, i);
            }
            for k in 0..DTYPES.len() + 2 {
                let named = k
                    .checked_sub(1)
                    .and_then(|k| DTYPES.get(k))
                    .is_some_and(|t| r.dtypes.contains(t));
                if r.dtypes.is_empty() || named {
                    c.dtype.set(k, i);
                }
            }
            if r.notice.is_none() {
                set(&mut c.no_notice, i);
            }
        }
        c
    }

    /// `candidates &=` the rules whose conditions other than the text hold
    /// for `f` (`ok` is scratch space).
    fn keep_holding(&self, f: &Facts<'_>, candidates: &mut [u64], ok: &mut Vec<u64>) {
        let and = |candidates: &mut [u64], bits: &[u64]| {
            candidates.iter_mut().zip(bits).for_each(|(c, b)| *c &= b);
        };
        let or = |ok: &mut [u64], bits: &[u64]| {
            ok.iter_mut().zip(bits).for_each(|(o, b)| *o |= b);
        };
        and(candidates, &self.some);
        let command = f.command.unwrap_or(Command::Unknown);
        if let Some(k) = COMMANDS.iter().position(|&c| c == command) {
            and(candidates, self.command.row(k));
        }
        and(candidates, self.dtype.row(dtype_index(f.dtype)));
        // The other conditions are "none, or one that holds".
        ok.clear();
        ok.extend_from_slice(&self.any_status);
        if let Some(s) = f.status {
            let (c, sub, d) = (Some(u16::from(s.class)), Some(s.subject), Some(s.detail));
            for (c, sub, d) in [
                (c, sub, d),
                (c, sub, None),
                (c, None, d),
                (c, None, None),
                (None, sub, d),
                (None, sub, None),
                (None, None, d),
                (None, None, None),
            ] {
                if let Ok(row) = self.status_keys.binary_search(&mask_key(c, sub, d)) {
                    or(ok, self.status.row(row));
                }
            }
        }
        and(candidates, ok);
        ok.clear();
        ok.extend_from_slice(&self.any_reply);
        if let Some(row) = f
            .reply
            .and_then(|r| self.reply_keys.iter().position(|&k| k == r))
        {
            or(ok, self.reply.row(row));
        }
        and(candidates, ok);
        ok.clear();
        ok.extend_from_slice(&self.no_notice);
        if let Some(row) = f
            .notice
            .and_then(|n| self.notice_keys.iter().position(|&k| k == n))
        {
            or(ok, self.notice.row(row));
        }
        and(candidates, ok);
    }
}

/// More places than this for one group and it is searched once, unanchored,
/// from the first: an anchored search per place could cost the text's
/// length each time on a hostile text full of one short literal.
const MAX_ANCHORED: usize = 8;

/// What the literal pass found for one group, valid for the call whose
/// number is `call`.
#[derive(Clone, Copy, Default)]
struct Found {
    call: u32,
    /// Places found (all of them when `places <= MAX_ANCHORED`).
    places: usize,
    at: [u32; MAX_ANCHORED],
    /// The first place.
    first: u32,
    /// Where the last gate literal found ends (0: none is; a literal has
    /// three bytes or more). A match of a gated pattern ends where one of
    /// its gate literals, its suffixes, ends.
    gate_end: u32,
    /// A literal that is a match occurs ([`Use::Match`]).
    matched: bool,
}

impl Found {
    /// A place where a match may start.
    fn add_place(&mut self, at: u32) {
        let known = self
            .at
            .get(..self.places.min(MAX_ANCHORED))
            .unwrap_or_default();
        if !known.contains(&at) {
            if let Some(slot) = self.at.get_mut(self.places) {
                *slot = at;
            }
            self.places += 1;
            self.first = self.first.min(at);
        }
    }
}

/// Per-thread state reused from call to call.
#[derive(Default)]
struct Scratch {
    /// Numbers the calls, so that `found` needs no clearing.
    call: u32,
    /// Per group, what the literal pass found.
    found: Vec<Found>,
    /// The groups the literal pass found something for, this call.
    hit: Vec<u32>,
    /// The rules to look at, this call (a bit set over the matcher's rules).
    candidates: Vec<u64>,
    /// The text, ASCII-lowercased, for the literal pass.
    lower: Vec<u8>,
    /// Scratch for [`Conditions::keep_holding`].
    holding: Vec<u64>,
    /// The [`Plan::foreign`] groups that may match the text (bits over the
    /// groups), for a text not all ASCII.
    foreign: Vec<u64>,
}

/// The numbers of the bits set, in order.
fn ones(bits: &[u64]) -> impl Iterator<Item = usize> + '_ {
    bits.iter().enumerate().flat_map(|(w, &bits)| {
        let mut bits = bits;
        std::iter::from_fn(move || {
            let b = bits.trailing_zeros() as usize;
            (bits != 0).then(|| {
                bits &= bits - 1;
                w * 64 + b
            })
        })
    })
}

/// Sets bit `i` (if `bits` has it).
fn set(bits: &mut [u64], i: usize) {
    if let Some(w) = bits.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

/// Whether bit `i` is set.
fn has(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
}

/// Which [`Plan::foreign`] groups may match a text not all ASCII. Such a
/// group is searched for the matches that start (or, for a pattern gated by
/// its suffixes, end) with a literal outside ASCII: the others start at a
/// place the literal pass finds. A match that starts with such a literal
/// holds its first character outside ASCII, or a case variant of it (simple
/// case folding, as the patterns match): a text with none of a group's
/// characters is not searched with it.
struct ForeignGates {
    /// The characters, sorted, each with a group it may open.
    chars: Vec<(char, u32)>,
    /// The groups searched whatever the text (a literal whose characters
    /// outside ASCII were cut at its `PREFIX_LEN` bytes, or one with a case variant in
    /// ASCII), as bits over the groups.
    always: Vec<u64>,
}

impl ForeignGates {
    /// From each group's gate literals; `foreign(g)`: group `g` is some
    /// rule's [`Plan::foreign`].
    fn new<'a>(
        gates: impl ExactSizeIterator<Item = &'a [Vec<u8>]>,
        foreign: impl Fn(usize) -> bool,
    ) -> ForeignGates {
        let mut always = vec![0u64; gates.len().div_ceil(64)];
        let mut chars = Vec::new();
        for (g, literals) in gates.enumerate() {
            if !foreign(g) {
                continue;
            }
            let mut gated = !literals.is_empty();
            for lit in literals {
                let text = match std::str::from_utf8(lit) {
                    Ok(t) => t,
                    Err(e) => lit
                        .get(..e.valid_up_to())
                        .and_then(|b| std::str::from_utf8(b).ok())
                        .unwrap_or_default(),
                };
                let variants = text.chars().find(|c| !c.is_ascii()).map(case_variants);
                match variants {
                    Some(v) if !v.iter().any(char::is_ascii) => {
                        chars.extend(v.into_iter().map(|c| (c, g as u32)));
                    }
                    _ => gated = false,
                }
            }
            if !gated && let Some(w) = always.get_mut(g / 64) {
                *w |= 1 << (g % 64);
            }
        }
        chars.sort_unstable();
        chars.dedup();
        ForeignGates { chars, always }
    }

    /// `possible` becomes the groups that may match `text`.
    fn possible(&self, text: &str, possible: &mut Vec<u64>) {
        possible.clear();
        possible.extend_from_slice(&self.always);
        for c in text.chars().filter(|c| !c.is_ascii()) {
            let from = self.chars.partition_point(|&(k, _)| k < c);
            let hits = self.chars.get(from..).unwrap_or_default();
            for &(_, g) in hits.iter().take_while(|&&(k, _)| k == c) {
                if let Some(w) = possible.get_mut(g as usize / 64) {
                    *w |= 1 << (g % 64);
                }
            }
        }
    }
}

/// `c` and the characters that match it case-insensitively (simple case
/// folding, as `regex` matches).
fn case_variants(c: char) -> Vec<char> {
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class.iter().flat_map(|r| r.start()..=r.end()).collect()
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

#[cfg(test)]
mod tests;
