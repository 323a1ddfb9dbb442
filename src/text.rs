//! Text helpers every stage uses: line iterators, ASCII case-insensitive
//! search, and the one way to cut text at a character boundary.

/// What [`printable`] and [`printable_address`] do with one character.
enum Shown {
    Kept,
    Space,
    Dropped,
}

fn shown(c: char) -> Shown {
    match c {
        '\t' => Shown::Kept,
        // C0, DEL and C1 controls: they drive terminals.
        '\0'..='\x1f' | '\x7f'..='\u{9f}' => Shown::Space,
        // Bidirectional embeddings, overrides and isolates, zero-width
        // characters and the byte-order mark: they make text look like
        // other text.
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}' => Shown::Dropped,
        _ => Shown::Kept,
    }
}

/// True when every byte is printable ASCII (space to `~`), eight bytes at a
/// time: a tab or anything else sends the text to the careful path.
fn printable_ascii(bytes: &[u8]) -> bool {
    const LOW: u64 = 0x2020_2020_2020_2020;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut chunks = bytes.chunks_exact(8);
    let words_ok = chunks.by_ref().all(|c| {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        // A byte under 0x20, a byte of 0x80 or more, or a DEL (0x7f: its
        // successor sets the high bit).
        let below = x.wrapping_sub(LOW) & !x & HIGH;
        let del = x.wrapping_add(ONES) & HIGH;
        (below | del | (x & HIGH)) == 0
    });
    words_ok
        && chunks
            .remainder()
            .iter()
            .all(|&b| (0x20..0x7f).contains(&b))
}

fn rewrite(s: &mut String, control: Option<char>) {
    // Most text is printable ASCII: one pass over the bytes settles it.
    if printable_ascii(s.as_bytes()) {
        return;
    }
    if s.chars().all(|c| matches!(shown(c), Shown::Kept)) {
        return;
    }
    *s = s
        .chars()
        .filter_map(|c| match shown(c) {
            Shown::Kept => Some(c),
            Shown::Space => control,
            Shown::Dropped => None,
        })
        .collect();
}

/// Makes a free text from a bounce safe to show: each C0 or C1 control
/// character but tab becomes a space, and bidirectional controls and
/// zero-width characters are removed.
pub(crate) fn printable(s: &mut String) {
    rewrite(s, Some(' '));
}

/// [`printable`] for an address: control characters are removed, not
/// replaced, since a space has no place in one.
pub(crate) fn printable_address(s: &mut String) {
    rewrite(s, None);
}

/// `text.lines()`, with the `memchr` crate's vectorised search instead of
/// the standard library's word-at-a-time one.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => {
                let line = rest.get(..i)?;
                rest = rest.get(i + 1..)?;
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(std::mem::take(&mut rest)),
        }
    })
}

/// `text.split('\n')`, with the `memchr` crate's search.
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        match memchr::memchr(b'\n', r.as_bytes()) {
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Where `needle` first occurs in `hay`, as `str::find` says: memchr jumps
/// to each place of its rarest byte and the needle is compared there. Log
/// lines are read by short separators (`": "`, `", status="`), and
/// `str::find` spent more on setting up its search than on searching, as
/// did `memchr::memmem`. Always inlined, as [`find_bytes_ci`] is.
#[inline(always)]
pub(crate) fn find(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let at = anchor(needle);
    let Some(&byte) = needle.get(at) else {
        return Some(0);
    };
    memchr::memchr_iter(byte, anchor_window(hay, needle, at)?)
        .find(|&i| hay.get(i..i + needle.len()) == Some(needle))
}

/// `hay.split_once(sep)`, by [`find`].
#[inline(always)]
pub(crate) fn split_once<'a>(hay: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let i = find(hay, sep)?;
    Some((hay.get(..i)?, hay.get(i + sep.len()..)?))
}

/// `hay.rsplit_once(sep)`, the last place by `memchr::memrchr` to its
/// rarest byte, as [`find`] finds the first.
#[inline(always)]
pub(crate) fn rsplit_once<'a>(hay: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let (h, n) = (hay.as_bytes(), sep.as_bytes());
    let at = anchor(n);
    let &byte = n.get(at)?;
    let i = memchr::memrchr_iter(byte, anchor_window(h, n, at)?)
        .find(|&i| h.get(i..i + n.len()) == Some(n))?;
    Some((hay.get(..i)?, hay.get(i + sep.len()..)?))
}

/// ASCII case-insensitive substring test, without allocating.
#[inline(always)] // See `find_bytes_ci`.
pub(crate) fn contains_ci(hay: &str, needle: &str) -> bool {
    find_bytes_ci(hay.as_bytes(), needle.as_bytes()).is_some()
}

/// Where `needle` first occurs in `hay`, ASCII case-insensitively. memchr
/// jumps to each candidate of the needle's rarest byte, in either case, and
/// the needle is compared there (jumping on the first byte, 'c', 'd', 't',
/// ..., would stop every few bytes of text). Always inlined: most needles
/// are constants, and the choice of the anchor is then made at compile
/// time.
#[inline(always)]
pub(crate) fn find_bytes_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    find_bytes_ci_at(hay, needle, anchor(needle))
}

/// Where the anchor (byte `at` of `needle`) may be in `hay`: where a whole
/// needle fits around it. Index `i` of the window is a needle at `i` of
/// `hay`. `None` if the needle is longer than `hay`.
#[inline(always)]
fn anchor_window<'a>(hay: &'a [u8], needle: &[u8], at: usize) -> Option<&'a [u8]> {
    hay.get(at..(hay.len() + at + 1).checked_sub(needle.len())?)
}

/// Where the first rarest byte of `needle` is. A plain loop: `min_by_key`
/// over (index, byte) pairs compiles to a loop through the stack.
#[inline(always)]
const fn anchor(needle: &[u8]) -> usize {
    let mut at = 0;
    let mut best = u8::MAX;
    let mut i = 0;
    while i < needle.len() {
        let rank = BYTE_RANK[needle[i] as usize];
        if rank < best {
            best = rank;
            at = i;
        }
        i += 1;
    }
    at
}

/// A constant needle for an ASCII case-insensitive search, its anchor
/// chosen at compile time: a needle taken from a list in a loop is not a
/// constant to the optimiser, and choosing its anchor cost as much as the
/// search in a short text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Needle {
    /// The text looked for.
    pub text: &'static str,
    at: usize,
}

impl Needle {
    pub(crate) const fn new(text: &'static str) -> Needle {
        Needle {
            text,
            at: anchor(text.as_bytes()),
        }
    }

    /// True when `hay` holds the needle, ASCII case ignored.
    pub(crate) fn in_text(&self, hay: &str) -> bool {
        self.find(hay.as_bytes()).is_some()
    }

    /// Where the needle first occurs in `hay`, ASCII case ignored.
    pub(crate) fn find(&self, hay: &[u8]) -> Option<usize> {
        find_bytes_ci_at(hay, self.text.as_bytes(), self.at)
    }

    /// Byte offset of the first occurrence in `hay` that starts on a
    /// character boundary, ASCII case ignored.
    pub(crate) fn find_in(&self, hay: &str) -> Option<usize> {
        let mut from = 0;
        while let Some(i) = self.find(hay.as_bytes().get(from..)?) {
            if hay.is_char_boundary(from + i) {
                return Some(from + i);
            }
            from += i + 1;
        }
        None
    }
}

/// [`find_bytes_ci`], with the needle's anchor at `at`.
#[inline(always)]
fn find_bytes_ci_at(hay: &[u8], needle: &[u8], at: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    let anchor = *needle.get(at)?;
    let lo = anchor.to_ascii_lowercase();
    let hi = anchor.to_ascii_uppercase();
    memchr::memchr2_iter(lo, hi, anchor_window(hay, needle, at)?).find(|&i| {
        hay.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// How common a byte is in mail text, lower is rarer: punctuation and
/// digits, then letters by their frequency in English (either case), then
/// dashes (every MIME boundary is a run of them), then space.
const BYTE_RANK: [u8; 256] = {
    const LETTERS: &[u8] = b"qjzxvkwyfbghmpduclsntoiaer";
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < LETTERS.len() {
        t[LETTERS[i] as usize] = 1 + i as u8;
        t[LETTERS[i].to_ascii_uppercase() as usize] = 1 + i as u8;
        i += 1;
    }
    t[b'-' as usize] = 30;
    t[b' ' as usize] = 40;
    t
};

/// The longest prefix of `s` of at most `max` bytes that ends on a character
/// boundary.
pub(crate) fn cap(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

/// Cuts `s` to at most `max` bytes, at a character boundary.
pub(crate) fn truncate(s: &mut String, max: usize) {
    let end = cap(s, max).len();
    s.truncate(end);
}

/// Appends `s` to `out` with one space between, up to `max` bytes.
pub(crate) fn push_words(out: &mut String, s: &str, max: usize) {
    let s = s.trim();
    if s.is_empty() || out.len() >= max {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    let room = max - out.len();
    out.push_str(cap(s, room));
}

#[cfg(test)]
mod tests {
    #[test]
    fn printable_ascii_agrees_with_a_byte_test() {
        let slow = |b: &[u8]| b.iter().all(|&c| (0x20..0x7f).contains(&c));
        for c in 0u8..=255 {
            for at in 0..17 {
                let mut v = vec![b'a'; 17];
                v[at] = c;
                assert_eq!(printable_ascii(&v), slow(&v), "byte {c:#x} at {at}");
            }
        }
    }

    #[test]
    fn printable_replaces_controls_and_drops_invisible_characters() {
        let mut s = String::from("a\x1b]0;PWNED\x07b\x1b[2J\tc\u{0}d\u{85}e");
        printable(&mut s);
        assert_eq!(s, "a ]0;PWNED b [2J\tc d e");
        let mut s = String::from("ceo\u{202e}moc.\u{200b}x\u{2066}y\u{feff}");
        printable(&mut s);
        assert_eq!(s, "ceomoc.xy");
        let mut s = String::from("plain text \u{e44}\u{e17}\u{e22}");
        printable(&mut s);
        assert_eq!(s, "plain text \u{e44}\u{e17}\u{e22}");
        let mut a = String::from("bo\u{0}b\r@exa\u{200d}mple.com");
        printable_address(&mut a);
        assert_eq!(a, "bob@example.com");
    }

    use super::*;

    /// `find`, `split_once` and `rsplit_once` answer as `str`'s own, on
    /// texts with the needle nowhere, once, several times, at either end,
    /// overlapping itself, and next to characters outside ASCII.
    #[test]
    fn finds_as_str_does() {
        let texts = [
            "",
            ":",
            ": ",
            "a: b: c",
            "Nov  2 10:00:01 mx postfix/smtp[1]: 4B: to=<a@b>, status=bounced (x)",
            "host mx said: 550 no (in reply to RCPT TO command) (in reply to DATA command)",
            "ééé: ü, status=ok, status=",
            "aaaa",
            ", status=",
            " said:  said: ",
        ];
        let needles = [
            ": ",
            ", status=",
            " (in reply to ",
            " said: ",
            "aa",
            "é",
            "x",
            "ü, s",
        ];
        for t in texts {
            for n in needles {
                assert_eq!(find(t, n), t.find(n), "{t:?} {n:?}");
                assert_eq!(split_once(t, n), t.split_once(n), "{t:?} {n:?}");
                assert_eq!(rsplit_once(t, n), t.rsplit_once(n), "{t:?} {n:?}");
            }
            assert_eq!(find(t, ""), Some(0));
        }
    }

    #[test]
    fn lines_and_split_lines_are_the_standard_ones() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\n",
            "a\r",
            "\r\n\r\n",
            "a\n\nb\r\nc\r",
            "\n\na\n\n",
            "é\r\nü\n\r",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
            assert_eq!(
                split_lines(text).collect::<Vec<_>>(),
                text.split('\n').collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    const CONTAINS: &[(&str, &str, bool)] = &[
        ("550 User Unknown", "user unknown", true),
        ("550 User Unknown", "unknown", true),
        ("550 User Unknown", "550", true),
        ("550 User Unknown", "unknowns", false),
        ("abc", "abcd", false),
        ("", "", true),
        ("xyz", "", true),
        ("ZZZq", "zq", true),
        ("qz", "zq", false),
        ("配信エラー", "エラー", true),
    ];

    #[test]
    fn contains_ignoring_ascii_case() {
        for (hay, needle, want) in CONTAINS {
            assert_eq!(contains_ci(hay, needle), *want, "{hay:?} {needle:?}");
            let n = Needle::new(needle);
            assert_eq!(n.in_text(hay), *want, "{hay:?} {needle:?}");
            assert_eq!(
                n.find(hay.as_bytes()),
                hay.to_ascii_lowercase().find(&needle.to_ascii_lowercase()),
                "{hay:?} {needle:?}"
            );
        }
        // An anchor is the needle's rarest byte, whatever its place.
        assert_eq!(anchor(b"user unknown"), anchor(b"USER UNKNOWN"));
        assert_eq!(anchor(b"mailbox full"), 6);
        assert_eq!(Needle::new("B").find_in("\u{e9}ab"), Some(3));
    }

    #[test]
    fn cap_cuts_at_a_character_boundary() {
        assert_eq!(cap("abc", 5), "abc");
        assert_eq!(cap("abc", 2), "ab");
        assert_eq!(cap("aé", 2), "a");
        assert_eq!(cap("é", 0), "");
        let mut s = String::from("üü");
        truncate(&mut s, 3);
        assert_eq!(s, "ü");
    }
}
