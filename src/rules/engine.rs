//! One group of patterns compiled for `is_match`: a lazy DFA, lazy DFAs
//! over the patterns with their Unicode `\b` spelled out (see [`word`]) for
//! texts not all ASCII, and a bounded backtracker and a PikeVM for the texts
//! where those give up.

mod word;

use std::sync::{Mutex, OnceLock};

use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::start;
use regex_automata::{Anchored, Input, hybrid};
use regex_syntax::hir::{self as hir, Hir, HirKind};

/// A group of patterns compiled as one multi-pattern NFA with the engines
/// `is_match` needs: a lazy DFA; where it gives up (at a byte outside ASCII:
/// it is built from the patterns' ASCII part, or a Unicode `\b` meets such
/// a byte), the lazy DFA of the patterns rewritten without Unicode `\b` for
/// how the search starts ([`word::Start`]), which takes every byte; and a
/// [`Fallback`] where the rewriting does not apply. The
/// `regex::Regex` of each group would also compile a reverse NFA, a one-pass
/// DFA and prefilters that only serve finding match positions, which
/// `is_match` does not use.
///
/// The search cache is the group's, not a thread's: the lazy DFA's states
/// are what the cache holds, and every thread would otherwise build (and
/// keep) its own copy of the same states. A search holds the lock for one
/// anchored search, and rule matching is a small part of a `classify` call
/// spread over many groups, so threads seldom wait.
pub(super) struct Engine {
    dfa: hybrid::dfa::DFA,
    /// Per [`word::Start`], the lazy DFA over the patterns without Unicode
    /// `\b` (see [`word::word_free`]), compiled the first time the lazy DFA
    /// gives up on a search that starts so (`None` inside: a pattern could
    /// not be rewritten).
    word_free: [OnceLock<Option<hybrid::dfa::DFA>>; 3],
    /// The engines over the patterns as written, compiled the first time the
    /// lazy DFA gives up where the word-free ones do not apply.
    fallback: OnceLock<Option<Fallback>>,
    cache: Mutex<EngineCache>,
}

/// Where the lazy DFA gives up and the word-free ones do not serve (a
/// pattern they could not rewrite, a search that does not run to the end
/// of the text): a bounded backtracker for the texts short
/// enough for its table of visited states (most replies), several times
/// faster than the PikeVM on them, and the PikeVM for longer ones. Both
/// answer as the patterns do.
struct Fallback {
    backtrack: Option<BoundedBacktracker>,
    pikevm: PikeVM,
}

impl Fallback {
    fn new(nfa: thompson::NFA) -> Option<Fallback> {
        Some(Fallback {
            backtrack: BoundedBacktracker::new_from_nfa(nfa.clone()).ok(),
            pikevm: PikeVM::new_from_nfa(nfa).ok()?,
        })
    }
}

/// A group's search state. The word-free DFAs' and the fallback engines' are
/// made only when first used: they would otherwise take memory per group
/// for searches rarely made.
struct EngineCache {
    dfa: hybrid::dfa::Cache,
    word_free: [Option<hybrid::dfa::Cache>; 3],
    pikevm: Option<pikevm::Cache>,
    backtrack: Option<backtrack::Cache>,
}

impl Engine {
    /// Compiles patterns, case-insensitive. The table is checked by tests
    /// (every pattern compiles); should one ever not, its group never
    /// matches.
    ///
    /// Unless `all_bytes`, the lazy DFA is built from the patterns' ASCII
    /// part (see [`ascii_part`]) and gives up at the first byte outside
    /// ASCII, where the [`Fallback`], over the patterns as written, takes over:
    /// on ASCII the two match alike. Its byte classes are then the ASCII
    /// ones only: a Unicode class (`\d`, `\w`) does not split the bytes
    /// above 0x7F into a hundred classes, and as each state of the DFA takes
    /// a row of transitions as wide as the classes, its states stay small.
    pub(super) fn new(patterns: &[&str], all_bytes: bool) -> Option<Engine> {
        let mut hirs = parse(patterns)?;
        if !all_bytes {
            hirs = hirs.iter().map(ascii_part).collect();
        }
        let nfa = compile(&hirs)?;
        let dfa = lazy_dfa(&nfa, all_bytes)?;
        let fallback = OnceLock::new();
        if all_bytes {
            let _ = fallback.set(Fallback::new(nfa));
        }
        let cache = Mutex::new(EngineCache {
            dfa: dfa.create_cache(),
            word_free: Default::default(),
            pikevm: None,
            backtrack: None,
        });
        Some(Engine {
            dfa,
            word_free: Default::default(),
            fallback,
            cache,
        })
    }

    /// Whether one of `patterns` (the group's, as given to [`Engine::new`])
    /// matches. `ascii`: the whole text is ASCII, so the lazy DFA cannot
    /// give up.
    pub(super) fn is_match(&self, patterns: &[&str], input: &Input<'_>, ascii: bool) -> bool {
        let mut cache = self.cache.lock().unwrap_or_else(|poisoned| {
            // A search panicked midway (classify catches it): the cache may
            // be half-updated, so start it afresh.
            let mut cache = poisoned.into_inner();
            cache.dfa.reset(&self.dfa);
            cache.word_free = Default::default();
            cache.pikevm = None;
            cache.backtrack = None;
            self.cache.clear_poison();
            cache
        });
        let cache = &mut *cache;
        let dfa = if ascii {
            self.dfa
                .try_search_fwd(&mut cache.dfa, input)
                .ok()
                .map(|m| m.is_some())
        } else {
            dfa_is_match(&self.dfa, &mut cache.dfa, input)
                .or_else(|| self.word_free_is_match(patterns, cache, input))
        };
        match dfa {
            Some(hit) => hit,
            None => {
                let Some(fallback) = self
                    .fallback
                    .get_or_init(|| Fallback::new(compile(&parse(patterns)?)?))
                    .as_ref()
                else {
                    return false;
                };
                if let Some(bt) = fallback.backtrack.as_ref() {
                    let bcache = cache.backtrack.get_or_insert_with(|| bt.create_cache());
                    if let Ok(hit) = bt.try_is_match(bcache, input.clone()) {
                        return hit;
                    }
                }
                let pikevm = &fallback.pikevm;
                let pcache = cache.pikevm.get_or_insert_with(|| pikevm.create_cache());
                pikevm.is_match(pcache, input.clone())
            }
        }
    }

    /// The answer of the lazy DFA over the patterns without Unicode `\b`,
    /// for a search it serves: one that runs to the end of the text, and
    /// that is anchored, or unanchored from the start of the text (the
    /// rewritten patterns may consume the character on either side of a
    /// match). `None` where it does not serve, or gives up.
    fn word_free_is_match(
        &self,
        patterns: &[&str],
        cache: &mut EngineCache,
        input: &Input<'_>,
    ) -> Option<bool> {
        let (hay, span) = (input.haystack(), input.get_span());
        if span.end != hay.len() {
            return None;
        }
        let start = match input.get_anchored() {
            Anchored::No if span.start == 0 => word::Start::Unanchored,
            Anchored::Yes => match char_before(hay, span.start)? {
                Some(c) if regex_syntax::try_is_word_character(c).ok()? => word::Start::AfterWord,
                _ => word::Start::AfterOther,
            },
            _ => return None,
        };
        let i = start.index();
        let dfa = self.word_free.get(i)?.get_or_init(|| {
            let hirs = parse(patterns)?
                .iter()
                .map(|h| word::word_free(h, start))
                .collect::<Option<Vec<_>>>()?;
            lazy_dfa(&compile(&hirs)?, true)
        });
        let dfa = dfa.as_ref()?;
        let dcache = cache.word_free.get_mut(i)?;
        // It has no byte to give up at: the search loop of the lazy DFA
        // itself, whose error (only for a cache cleared too often) is rare.
        dfa.try_search_fwd(dcache.get_or_insert_with(|| dfa.create_cache()), input)
            .ok()
            .map(|m| m.is_some())
    }
}

/// The character of `hay` that ends at `at` (`Some(None)`: `at` is the
/// start); `None` where `at` is not at a character's edge.
fn char_before(hay: &[u8], at: usize) -> Option<Option<char>> {
    if hay.get(at).is_some_and(|&b| b & 0xC0 == 0x80) {
        return None;
    }
    let before = hay.get(..at)?;
    let from = before
        .iter()
        .rposition(|&b| b & 0xC0 != 0x80)
        .filter(|&i| at - i <= 4);
    match from {
        None if at == 0 => Some(None),
        None => None,
        Some(i) => {
            let s = std::str::from_utf8(before.get(i..)?).ok()?;
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(Some(c)),
                _ => None,
            }
        }
    }
}

/// A lazy DFA over `nfa`; unless `all_bytes`, it gives up at any byte
/// outside ASCII. The cache: what the lazy DFA needs at least for this NFA,
/// plus room for its states: capped tighter, it is cleared and rebuilt too
/// often.
fn lazy_dfa(nfa: &thompson::NFA, all_bytes: bool) -> Option<hybrid::dfa::DFA> {
    let mut config = hybrid::dfa::DFA::config()
        .unicode_word_boundary(true)
        .skip_cache_capacity_check(true);
    if !all_bytes {
        for b in 0x80..=0xFF {
            config = config.quit(b, true);
        }
    }
    let least = config.get_minimum_cache_capacity(nfa).unwrap_or(0);
    hybrid::dfa::DFA::builder()
        .configure(config.cache_capacity(least + (1 << 20)))
        .build_from_nfa(nfa.clone())
        .ok()
}

/// A lazy DFA's answer, `None` where it gives up (at a byte outside ASCII,
/// for an ASCII DFA or next to a Unicode `\b`). The same as
/// `try_search_fwd` with `earliest`, but giving up costs no allocation (a
/// `MatchError` is boxed): the loop of the lazy DFA's documentation.
fn dfa_is_match(
    dfa: &hybrid::dfa::DFA,
    cache: &mut hybrid::dfa::Cache,
    input: &Input<'_>,
) -> Option<bool> {
    let (hay, span) = (input.haystack(), input.get_span());
    let look_behind = span.start.checked_sub(1).and_then(|i| hay.get(i)).copied();
    let start = start::Config::new()
        .anchored(input.get_anchored())
        .look_behind(look_behind);
    let mut sid = dfa.start_state(cache, &start).ok()?;
    for &b in hay.get(span.start..span.end)? {
        sid = dfa.next_state(cache, sid, b).ok()?;
        if sid.is_tagged() {
            if sid.is_match() {
                return Some(true);
            }
            if sid.is_dead() {
                return Some(false);
            }
            if sid.is_quit() {
                return None;
            }
        }
    }
    // A match is seen one byte late: the byte after the span, or the
    // end of the text.
    sid = match hay.get(span.end) {
        Some(&b) => dfa.next_state(cache, sid, b).ok()?,
        None => dfa.next_eoi_state(cache, sid).ok()?,
    };
    if sid.is_match() {
        Some(true)
    } else if sid.is_quit() {
        None
    } else {
        Some(false)
    }
}

/// The patterns parsed as [`Engine`] compiles them: case-insensitive.
fn parse(patterns: &[&str]) -> Option<Vec<Hir>> {
    patterns
        .iter()
        .map(|p| {
            regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(p)
                .ok()
        })
        .collect()
}

fn compile(hirs: &[Hir]) -> Option<thompson::NFA> {
    thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(64 << 20)),
        )
        .build_many_from_hir(hirs)
        .ok()
}

/// What of a pattern matches ASCII text: its classes cut to ASCII, its
/// literals outside ASCII never matching. On a text of ASCII only, it
/// matches exactly where the pattern does.
fn ascii_part(h: &Hir) -> Hir {
    match h.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(hir::Literal(bytes)) if bytes.is_ascii() => Hir::literal(bytes.clone()),
        HirKind::Literal(_) => Hir::fail(),
        HirKind::Class(hir::Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(&hir::ClassUnicode::new([hir::ClassUnicodeRange::new(
                '\0', '\x7F',
            )]));
            Hir::class(hir::Class::Unicode(c))
        }
        HirKind::Class(hir::Class::Bytes(c)) => {
            let mut c = c.clone();
            c.intersect(&hir::ClassBytes::new([hir::ClassBytesRange::new(0, 0x7F)]));
            Hir::class(hir::Class::Bytes(c))
        }
        HirKind::Look(look) => Hir::look(*look),
        HirKind::Repetition(r) => Hir::repetition(hir::Repetition {
            sub: Box::new(ascii_part(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(hir::Capture {
            sub: Box::new(ascii_part(&c.sub)),
            ..c.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(ascii_part).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(ascii_part).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::Anchored;

    /// The ASCII lazy DFA gives way to the word-free lazy DFAs or the
    /// fallback wherever a byte outside ASCII could change the answer, and
    /// the answer is the pattern's.
    #[test]
    fn ascii_lazy_dfa_answers_like_the_pattern() {
        let cases: &[(&str, &str)] = &[
            (r"\btimed out\b", "connection timed out."),
            (r"\btimed out\b", "connection timed out\u{e9}"),
            (r"\btimed out\b", "connection \u{e9}timed out"),
            (
                r"(user|mailbox)( \S+)? (does not|doesn't) exist",
                "user \u{e4}b does not exist",
            ),
            (
                r"(user|mailbox)( \S+)? (does not|doesn't) exist",
                "user \u{e4}b \u{e4}c does not exist",
            ),
            (
                r"could not be delivered for \d+",
                "could not be delivered for \u{663} days",
            ),
            (
                r"could not be delivered for \d+",
                "could not be delivered for 3 days",
            ),
            (r"n['’]existe pas", "l'adresse n’existe pas"),
            (r"spam", "\u{17F}pam detected"),
            (r"user un\w+", "user un\u{212A}nown"),
            (
                r"(benutzer|empfänger) (ist )?unbekannt",
                "Empfänger unbekannt",
            ),
            (
                r"(benutzer|empfänger) (ist )?unbekannt",
                "Benutzer ist unbekannt \u{e9}",
            ),
            (r"mailbox.{0,10}full", "mailbox \u{3000}\u{3000} full"),
            (
                r"mailbox.{0,10}full",
                "mailbox \u{3000}\u{3000}\u{3000}\u{3000} full",
            ),
        ];
        for &(pattern, text) in cases {
            let want = regex::RegexBuilder::new(pattern)
                .case_insensitive(true)
                .build()
                .unwrap()
                .is_match(text);
            let engine = Engine::new(&[pattern], false).unwrap();
            for ascii in [false, text.is_ascii()] {
                let got = engine.is_match(&[pattern], &Input::new(text).earliest(true), ascii);
                assert_eq!(got, want, "{pattern:?} on {text:?}");
            }
            // Anchored at every character boundary, as the literal pass
            // places searches.
            for (at, _) in text.char_indices() {
                let want = regex::RegexBuilder::new(&format!("^(?:{pattern})"))
                    .case_insensitive(true)
                    .build()
                    .unwrap()
                    .is_match(&text[at..])
                    && !(pattern.starts_with(r"\b")
                        && text[..at]
                            .chars()
                            .next_back()
                            .is_some_and(|c| c.is_alphanumeric()));
                let input = Input::new(text)
                    .earliest(true)
                    .range(at..)
                    .anchored(Anchored::Yes);
                assert_eq!(
                    engine.is_match(&[pattern], &input, false),
                    want,
                    "{pattern:?} on {text:?} at {at}"
                );
            }
        }
    }

    /// Every pattern of the table and of the keyword stage.
    fn table_patterns() -> Vec<&'static str> {
        crate::rules::rules()
            .chain(crate::rules::keyword_rules())
            .flat_map(|r| r.patterns.iter().copied())
            .collect()
    }

    /// Every table pattern with a Unicode `\b` is rewritten for every start
    /// (none is left to the fallback), and the rewriting leaves no Unicode
    /// word assertion.
    #[test]
    fn table_patterns_are_word_free() {
        for p in table_patterns() {
            let hir = &parse(&[p]).unwrap()[0];
            for start in word::Start::ALL {
                let free = word::word_free(hir, start);
                assert!(free.is_some(), "{p:?} from {start:?}");
                let free = free.unwrap();
                assert!(
                    !free.properties().look_set().contains_word_unicode(),
                    "{p:?} from {start:?}"
                );
            }
        }
    }

    /// Texts for a pattern: its own words and pieces of other scripts,
    /// glued or spaced, with punctuation, at the start or the end.
    fn texts_for(pattern: &str, n: usize, random: &mut impl FnMut() -> u64) -> Vec<String> {
        const PIECES: &[&str] = &[
            " ",
            " ",
            " ",
            ".",
            "-",
            ":",
            "'",
            "\u{2019}",
            "(",
            "_",
            "1.2.3.4",
            "42",
            "\u{e9}",
            "\u{fc}ber",
            "\u{df}",
            "\u{c5}",
            "\u{65e5}\u{672c}",
            "\u{3002}",
            "\u{3000}",
            "\u{436}",
            "\u{416}\u{438}\u{43b}",
            "\u{2014}",
            "\u{e01}\u{e48}",
            "\u{212a}",
            "\u{17f}",
            "\u{663}",
            "\n",
        ];
        let words: Vec<&str> = pattern
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .collect();
        let mut next = |below: usize| (random() % below.max(1) as u64) as usize;
        (0..n)
            .map(|_| {
                let mut text = String::new();
                for _ in 0..1 + next(9) {
                    let piece = if !words.is_empty() && next(2) == 0 {
                        words[next(words.len())]
                    } else {
                        PIECES[next(PIECES.len())]
                    };
                    text.push_str(piece);
                }
                text
            })
            .collect()
    }

    /// On texts not all ASCII, whatever engine answers (the lazy DFA, the
    /// word-free ones, the fallback), every table pattern answers as
    /// `regex` does: unanchored over the text, and anchored at every
    /// character boundary as the literal pass places searches.
    #[test]
    fn engines_answer_like_the_pattern_on_texts_not_ascii() {
        // Beside the table's: the forms the rewriting handles that the table
        // may not hold, and some it leaves to the fallback.
        const MORE: &[&str] = &[
            r"\Bber\B",
            r"ber\B",
            r"\B\w",
            r"(user\b)? ?\bunknown",
            r"\b(über|ber)\b",
            r"^\bspam",
            r"spam\b$",
            r"(?m)^\bspam\b",
            r"\w+\b \b\w+",
            r"\d{2}\b",
            r"(?-u:\b)spam\b",
            r"\b\b(spam|\.)\b",
            r"(\bsp)+am",
            r"(?-u:[a-z])+\b",
            r"(a|)+\bb",
            r"\b{start}spam",
            // Literals whose two ends are of different kinds (letters are
            // classes once case is ignored; digits and signs are not).
            r"1-\b2",
            r"1\b-2",
            r"-1\b",
            r"\b-1",
        ];
        let mut random = crate::testing::xorshift(0x9E37_79B9_7F4A_7C15);
        let mut not_ascii = 0usize;
        for p in table_patterns().into_iter().chain(MORE.iter().copied()) {
            let whole = regex::RegexBuilder::new(p)
                .case_insensitive(true)
                .size_limit(64 << 20)
                .build()
                .unwrap();
            let anchored = regex_automata::meta::Regex::builder()
                .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
                .build(p)
                .unwrap();
            let engines = [
                Engine::new(&[p], false).unwrap(),
                Engine::new(&[p], true).unwrap(),
            ];
            // Texts for the literals of two kinds of ends, in text not ASCII.
            let edges = [
                "\u{e9} 1-2\u{e9}",
                "\u{e9}1-2",
                "\u{436}-1 \u{e9}",
                "1-2\u{e9}",
            ];
            let texts = texts_for(p, 48, &mut random)
                .into_iter()
                .chain(edges.iter().map(|t| t.to_string()));
            for text in texts {
                not_ascii += usize::from(!text.is_ascii());
                let want = whole.is_match(&text);
                for engine in &engines {
                    let input = Input::new(&text).earliest(true);
                    let got = engine.is_match(&[p], &input, text.is_ascii());
                    assert_eq!(got, want, "{p:?} on {text:?}");
                }
                let boundaries = text.char_indices().map(|(i, _)| i).chain([text.len()]);
                for at in boundaries {
                    let input = Input::new(&text).range(at..).anchored(Anchored::Yes);
                    let want = anchored.is_match(input.clone());
                    for engine in &engines {
                        let got = engine.is_match(&[p], &input.clone().earliest(true), false);
                        assert_eq!(got, want, "{p:?} on {text:?} at {at}");
                    }
                }
            }
        }
        assert!(not_ascii > 10_000, "{not_ascii}");
    }
}
