//! Unicode `\b` spelled out with the characters next to it, so that a lazy
//! DFA runs a pattern over a text not all ASCII without giving up.
//!
//! A lazy DFA sees one byte at a time and can only tell a Unicode word
//! boundary by quitting at the first byte outside ASCII. But `is_match` only
//! asks whether a match exists, and a match may be widened by a character on
//! either side. A boundary is a condition on the character before it and
//! the one after, and each of them is either consumed by the pattern itself,
//! or lies just outside the match, where the rewritten pattern may consume it:
//!
//! - inside the pattern, the part before the boundary is split by the kind
//!   of its last character (word or not, [`last`]) and the part after is cut
//!   to the matches whose first character is of the kind needed
//!   ([`first`]);
//! - after the pattern's end, a boundary that needs a word character
//!   consumes one (`\w`), and one that needs anything else consumes a
//!   non-word character or meets the end of the text (`(?:\W|\z)`);
//! - before the pattern's start, an unanchored search consumes the
//!   character before the match (`\w`, or `(?:\A|\W)`), and an anchored one
//!   is compiled for the kind of character before its start, which the
//!   caller reads from the text ([`Start`]).
//!
//! The rewritten pattern has a match exactly where the pattern has one, so
//! long as the characters it may consume are inside the searched span: the
//! span must run to the end of the text, and an unanchored span start at
//! the text's start. What this does not cover is left as it was, and the
//! caller keeps its fallback: a boundary inside a repetition other than
//! `?`, a repetition whose part may match the empty string next to a
//! boundary, byte classes (`(?-u)`), the other Unicode word assertions
//! (`\b{start}` and the like), and a pattern that would grow too large.

use regex_syntax::hir::{self, Class, ClassUnicode, Hir, HirKind, Look};

/// Where a search with the rewritten patterns starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Start {
    /// Unanchored, from the start of the text.
    Unanchored,
    /// Anchored, after a word character.
    AfterWord,
    /// Anchored, after another character or at the start of the text.
    AfterOther,
}

impl Start {
    #[cfg(test)]
    pub(super) const ALL: [Start; 3] = [Start::Unanchored, Start::AfterWord, Start::AfterOther];

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// The kind of a character next to a boundary. The edges of the text count
/// as [`Side::Other`], as they do for `\b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Word,
    Other,
}

impl Side {
    fn opposite(self) -> Side {
        match self {
            Side::Word => Side::Other,
            Side::Other => Side::Word,
        }
    }
}

/// Unicode `\w` and its complement, as `\b` sees characters.
struct Classes {
    word: ClassUnicode,
    other: ClassUnicode,
}

impl Classes {
    fn new() -> Option<Classes> {
        let HirKind::Class(Class::Unicode(word)) =
            regex_syntax::Parser::new().parse(r"\w").ok()?.into_kind()
        else {
            return None;
        };
        let mut other = word.clone();
        other.negate();
        Some(Classes { word, other })
    }

    fn of(&self, side: Side) -> &ClassUnicode {
        match side {
            Side::Word => &self.word,
            Side::Other => &self.other,
        }
    }
}

/// How many steps of [`rewrite`] one pattern may take: each boundary may
/// double the pattern, and a pattern that grows past this keeps its
/// fallback.
const BUDGET: usize = 256;

/// `pattern` without Unicode word boundaries, for searches from `start`
/// (see the module's documentation for when the two match alike); `None`
/// where this cannot be done.
pub(super) fn word_free(pattern: &Hir, start: Start) -> Option<Hir> {
    if !has_word_look(pattern) {
        return Some(pattern.clone());
    }
    let classes = Classes::new()?;
    let items = flatten(pattern);
    let mut budget = BUDGET;
    let mut from = |side| rewrite(&items, side, None, &classes, &mut budget);
    match start {
        Start::AfterWord => from(Side::Word),
        Start::AfterOther => from(Side::Other),
        Start::Unanchored => {
            let (other, word) = (from(Side::Other)?, from(Side::Word)?);
            if other == word {
                return Some(other);
            }
            let before_other = alt(vec![
                Hir::look(Look::Start),
                Hir::class(Class::Unicode(classes.other.clone())),
            ]);
            let before_word = Hir::class(Class::Unicode(classes.word.clone()));
            Some(alt(vec![
                cat(vec![before_other, other]),
                cat(vec![before_word, word]),
            ]))
        }
    }
}

/// Whether `h` holds a Unicode word assertion.
fn has_word_look(h: &Hir) -> bool {
    h.properties().look_set().contains_word_unicode()
}

/// `h` as a sequence: concatenations opened, capture groups dropped (the
/// engines do not report groups).
fn flatten(h: &Hir) -> Vec<Hir> {
    match h.kind() {
        HirKind::Concat(subs) => subs.iter().flat_map(flatten).collect(),
        HirKind::Capture(c) => flatten(&c.sub),
        _ => vec![h.clone()],
    }
}

/// Whether `h` never matches.
fn fails(h: &Hir) -> bool {
    h.properties().minimum_len().is_none()
}

/// The alternation of the parts that can match.
fn alt(parts: Vec<Hir>) -> Hir {
    Hir::alternation(parts.into_iter().filter(|h| !fails(h)).collect())
}

/// The concatenation, or [`Hir::fail`] when a part never matches.
fn cat(parts: Vec<Hir>) -> Hir {
    if parts.iter().any(fails) {
        Hir::fail()
    } else {
        Hir::concat(parts)
    }
}

fn contains(class: &ClassUnicode, c: char) -> bool {
    class
        .ranges()
        .iter()
        .any(|r| r.start() <= c && c <= r.end())
}

/// The sequence `items` matched after a character of kind `before` (none is
/// consumed yet), and followed by a character of kind `need` if given:
/// without word assertions.
fn rewrite(
    items: &[Hir],
    before: Side,
    need: Option<Side>,
    classes: &Classes,
    budget: &mut usize,
) -> Option<Hir> {
    *budget = budget.checked_sub(1)?;
    let run = items.iter().take_while(|h| !has_word_look(h)).count();
    if run == items.len() && need.is_none() {
        return Some(Hir::concat(items.to_vec()));
    }
    let (head, rest) = items.split_at(run);
    if !head.is_empty() {
        // A part without assertions: its matches, split by their last
        // character (the next boundary reads it), and its empty matches,
        // which leave both conditions to what follows.
        let head = Hir::concat(head.to_vec());
        let nonempty = match need {
            Some(side) => first(&head, classes.of(side))?,
            None => head.clone(),
        };
        let mut parts = Vec::new();
        for side in [Side::Word, Side::Other] {
            let part = last(&nonempty, classes.of(side))?;
            if !fails(&part) {
                parts.push(cat(vec![part, rewrite(rest, side, None, classes, budget)?]));
            }
        }
        let part = empty(&head)?;
        if !fails(&part) {
            parts.push(cat(vec![
                part,
                rewrite(rest, before, need, classes, budget)?,
            ]));
        }
        return Some(alt(parts));
    }
    let Some((h, rest)) = items.split_first() else {
        // The end of the pattern: the character after the match, if any.
        return Some(match need {
            None => Hir::empty(),
            Some(Side::Word) => Hir::class(Class::Unicode(classes.word.clone())),
            Some(Side::Other) => alt(vec![
                Hir::look(Look::End),
                Hir::class(Class::Unicode(classes.other.clone())),
            ]),
        });
    };
    let then = |sub: &Hir, budget: &mut usize| {
        let mut items = flatten(sub);
        items.extend_from_slice(rest);
        rewrite(&items, before, need, classes, budget)
    };
    match h.kind() {
        HirKind::Look(look @ (Look::WordUnicode | Look::WordUnicodeNegate)) => {
            let after = match look {
                Look::WordUnicode => before.opposite(),
                _ => before,
            };
            if need.is_some_and(|n| n != after) {
                return Some(Hir::fail());
            }
            rewrite(rest, before, Some(after), classes, budget)
        }
        HirKind::Alternation(subs) => {
            let parts = subs
                .iter()
                .map(|s| then(s, budget))
                .collect::<Option<_>>()?;
            Some(alt(parts))
        }
        HirKind::Repetition(r) if r.min == 0 && r.max == Some(1) => Some(alt(vec![
            rewrite(rest, before, need, classes, budget)?,
            then(&r.sub, budget)?,
        ])),
        _ => None,
    }
}

/// Whether `look` is a Unicode word assertion, which [`first`], [`last`]
/// and [`empty`] do not take.
fn is_word_look(look: Look) -> bool {
    matches!(
        look,
        Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode
    )
}

/// The matches of `h` that are not empty and start with a character of
/// `class`.
fn first(h: &Hir, class: &ClassUnicode) -> Option<Hir> {
    edge(h, class, End::First)
}

/// The matches of `h` that are not empty and end with a character of
/// `class`.
fn last(h: &Hir, class: &ClassUnicode) -> Option<Hir> {
    edge(h, class, End::Last)
}

/// Which end of a match [`edge`] reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    First,
    Last,
}

/// The matches of `h` that are not empty and whose character at `end` is
/// one of `class`.
fn edge(h: &Hir, class: &ClassUnicode, end: End) -> Option<Hir> {
    if fails(h) {
        // Also the empty byte class of `Hir::fail`.
        return Some(Hir::fail());
    }
    Some(match h.kind() {
        HirKind::Empty => Hir::fail(),
        HirKind::Look(look) => {
            if is_word_look(*look) {
                return None;
            }
            Hir::fail()
        }
        HirKind::Literal(hir::Literal(bytes)) => {
            let mut chars = std::str::from_utf8(bytes).ok()?.chars();
            let c = match end {
                End::First => chars.next()?,
                End::Last => chars.next_back()?,
            };
            if contains(class, c) {
                h.clone()
            } else {
                Hir::fail()
            }
        }
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(class);
            Hir::class(Class::Unicode(c))
        }
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Repetition(r) => match repeat_less(r)? {
            None => Hir::fail(),
            Some(more) => {
                let one = edge(&r.sub, class, end)?;
                match end {
                    End::First => cat(vec![one, more]),
                    End::Last => cat(vec![more, one]),
                }
            }
        },
        HirKind::Capture(c) => edge(&c.sub, class, end)?,
        HirKind::Concat(subs) => {
            // The part at `end` takes the edge character, unless it can
            // match the empty string: then the next one in may.
            let mut parts = Vec::new();
            let order: Vec<usize> = match end {
                End::First => (0..subs.len()).collect(),
                End::Last => (0..subs.len()).rev().collect(),
            };
            for i in order {
                let Some(sub) = subs.get(i) else { continue };
                let before = subs.get(..i).unwrap_or_default();
                let after = subs.get(i + 1..).unwrap_or_default();
                let empties = |hs: &[Hir]| hs.iter().map(empty).collect::<Option<Vec<Hir>>>();
                let (mut part, rest) = match end {
                    End::First => (empties(before)?, after.to_vec()),
                    End::Last => (before.to_vec(), empties(after)?),
                };
                part.push(edge(sub, class, end)?);
                part.extend(rest);
                parts.push(cat(part));
                if fails(&empty(sub)?) {
                    break;
                }
            }
            alt(parts)
        }
        HirKind::Alternation(subs) => alt(subs
            .iter()
            .map(|s| edge(s, class, end))
            .collect::<Option<_>>()?),
    })
}

/// For a repetition whose matches that are not empty are one match of its
/// part that is not empty, and then the rest: that rest (`None` inside:
/// the repetition only matches the empty string). `None` where its part
/// can match the empty string.
fn repeat_less(r: &hir::Repetition) -> Option<Option<Hir>> {
    let min = match r.sub.properties().minimum_len() {
        None => return Some(None),
        Some(0) => return None,
        Some(_) => r.min.saturating_sub(1),
    };
    let max = match r.max {
        Some(0) => return Some(None),
        m => m.map(|m| m - 1),
    };
    Some(Some(Hir::repetition(hir::Repetition {
        min,
        max,
        greedy: r.greedy,
        sub: r.sub.clone(),
    })))
}

/// The empty matches of `h`: the empty string under the assertions that
/// allow it.
fn empty(h: &Hir) -> Option<Hir> {
    Some(match h.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(_) | HirKind::Class(_) => Hir::fail(),
        HirKind::Look(look) => {
            if is_word_look(*look) {
                return None;
            }
            Hir::look(*look)
        }
        HirKind::Repetition(r) => {
            if r.min == 0 {
                Hir::empty()
            } else {
                empty(&r.sub)?
            }
        }
        HirKind::Capture(c) => empty(&c.sub)?,
        HirKind::Concat(subs) => cat(subs.iter().map(empty).collect::<Option<_>>()?),
        HirKind::Alternation(subs) => alt(subs.iter().map(empty).collect::<Option<_>>()?),
    })
}
