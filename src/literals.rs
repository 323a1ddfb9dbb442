//! Every place where one of a set of literals occurs in a text, ASCII case
//! ignored, overlapping occurrences included: the rules' literal pass, and
//! the search for the phrases that name an SMTP command.
//!
//! Not an Aho-Corasick automaton: its states are large, and after the MIME
//! work of a `classify` call they are out of the caches. Here the literals
//! are found through a hash table of their first four bytes (their first
//! three, for the few of three bytes), and each candidate is compared with
//! the text. A small bit filter of the literals' first three bytes, in
//! front of the tables, rules out most places of a text with one test.

/// Literals of three bytes or more.
pub(crate) struct LiteralSet {
    /// Every literal's bytes, ASCII-lowercased, one after another.
    bytes: Vec<u8>,
    /// Literal `i` is `bytes[ends[i - 1]..ends[i]]` (from 0 for the first).
    ends: Vec<u32>,
    /// For each entry of `four`'s lists, in their order, its literal's
    /// first 16 bytes as a little-endian `u128` and the mask of its bytes: a
    /// place is checked with one comparison of 16 bytes of text (and the rest
    /// of a longer literal after it). In list order, the literals of one key
    /// are next to each other in memory.
    wide: Vec<(u128, u128)>,
    /// Literals of four bytes and more, by their first four.
    four: Table,
    /// Literals of three bytes.
    three: Table,
    /// A bit per hash of the first three bytes of a literal, 1 KB: most
    /// places of a text are ruled out here, without touching the tables.
    filter: [u64; FILTER_WORDS],
}

/// Bits of the filter's index: 8,192 bits.
const FILTER_BITS: u32 = 13;
const FILTER_WORDS: usize = (1 << FILTER_BITS) / 64;

/// The filter's word and bit for a key. Another multiplier than the
/// tables': a filter collision is then no table collision. The word index
/// is the hash's top 7 bits, so that it is known to be in range.
#[inline]
fn filter_bit(key: u32) -> (usize, u32) {
    let h = key.wrapping_mul(0x85EB_CA6B);
    (
        (h >> (32 - FILTER_BITS + 6)) as usize,
        (h >> (32 - FILTER_BITS)) & 63,
    )
}

/// An open-addressing hash table from a key (two to four bytes, as a
/// little-endian `u32`, never 0) to a list of literal numbers.
struct Table {
    /// `keys.len()` is a power of two; 0 marks an empty slot.
    keys: Vec<u32>,
    /// For slot `s`, its literals are `ids[lists[s].0..lists[s].1]`.
    lists: Vec<(u16, u16)>,
    ids: Vec<u16>,
    shift: u32,
}

impl Table {
    fn new(entries: &[(u32, u16)]) -> Table {
        let mut keys_seen: Vec<u32> = entries.iter().map(|e| e.0).collect();
        keys_seen.sort_unstable();
        keys_seen.dedup();
        // At most half full: a probe mostly ends at its first slot.
        let slots = (keys_seen.len() * 2).next_power_of_two().max(16);
        let shift = 32 - slots.trailing_zeros();
        let mut keys = vec![0u32; slots];
        let mut lists = vec![(0u16, 0u16); slots];
        let mut ids = Vec::with_capacity(entries.len());
        for &key in &keys_seen {
            let mut slot = hash(key, shift);
            while keys.get(slot).is_some_and(|&k| k != 0) {
                slot = (slot + 1) & (slots - 1);
            }
            let start = ids.len() as u16;
            ids.extend(entries.iter().filter(|e| e.0 == key).map(|e| e.1));
            if let (Some(k), Some(l)) = (keys.get_mut(slot), lists.get_mut(slot)) {
                *k = key;
                *l = (start, ids.len() as u16);
            }
        }
        Table {
            keys,
            lists,
            ids,
            shift,
        }
    }

    /// The literals whose key is `key`.
    #[inline]
    fn get(&self, key: u32) -> &[u16] {
        let (a, b) = self.range(key);
        self.ids.get(a..b).unwrap_or_default()
    }

    /// Where in `ids` the literals whose key is `key` are.
    #[inline]
    fn range(&self, key: u32) -> (usize, usize) {
        let mask = self.keys.len() - 1;
        let mut slot = hash(key, self.shift);
        loop {
            match self.keys.get(slot) {
                Some(&k) if k == key && k != 0 => {
                    let (a, b) = self.lists.get(slot).copied().unwrap_or_default();
                    return (a as usize, b as usize);
                }
                Some(&0) | None => return (0, 0),
                Some(_) => slot = (slot + 1) & mask,
            }
        }
    }
}

#[inline]
fn hash(key: u32, shift: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> shift) as usize
}

/// The first `n` (at most 4) bytes at `at` as a key.
#[inline]
fn key(text: &[u8], at: usize, n: usize) -> Option<u32> {
    let b = text.get(at..at + n)?;
    let mut k = [0u8; 4];
    k.get_mut(..n)?.copy_from_slice(b);
    Some(u32::from_le_bytes(k))
}

impl LiteralSet {
    /// The set of `literals` (ASCII-lowercased already, each of 3 bytes or
    /// more, and no NUL byte). Literal numbers are positions in the list.
    /// `None` if one does not fit.
    pub fn new<'a>(literals: impl IntoIterator<Item = &'a [u8]>) -> Option<LiteralSet> {
        let mut bytes = Vec::new();
        let mut ends = Vec::new();
        let mut wide = Vec::new();
        let mut four = Vec::new();
        let mut three = Vec::new();
        for (i, lit) in literals.into_iter().enumerate() {
            let id = u16::try_from(i).ok()?;
            if lit.len() < 3 || lit.contains(&0) {
                return None;
            }
            bytes.extend_from_slice(lit);
            ends.push(u32::try_from(bytes.len()).ok()?);
            let head = lit.get(..16).unwrap_or(lit);
            let mut padded = [0u8; 16];
            padded.get_mut(..head.len())?.copy_from_slice(head);
            let mask = u128::MAX >> (8 * (16 - head.len()));
            wide.push((u128::from_le_bytes(padded), mask));
            if lit.len() >= 4 {
                four.push((key(lit, 0, 4)?, id));
            } else {
                three.push((key(lit, 0, 3)?, id));
            }
        }
        let mut filter = [0u64; FILTER_WORDS];
        for &(key, _) in four.iter().chain(&three) {
            let (word, bit) = filter_bit(key & 0x00FF_FFFF);
            if let Some(w) = filter.get_mut(word) {
                *w |= 1 << bit;
            }
        }
        let four = Table::new(&four);
        let wide = four
            .ids
            .iter()
            .map(|&id| wide.get(id as usize).copied().unwrap_or_default())
            .collect();
        Some(LiteralSet {
            bytes,
            ends,
            wide,
            four,
            three: Table::new(&three),
            filter,
        })
    }

    fn literal(&self, id: u16) -> &[u8] {
        let i = id as usize;
        let start = i
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .map_or(0, |&e| e as usize);
        let end = self.ends.get(i).map_or(0, |&e| e as usize);
        self.bytes.get(start..end).unwrap_or_default()
    }

    /// Calls `hit(literal, start)` for every occurrence of every literal in
    /// `text` (`lower` is scratch space), in order of start (at one start,
    /// the literals of four bytes and more first).
    pub fn for_each(&self, text: &[u8], lower: &mut Vec<u8>, mut hit: impl FnMut(usize, usize)) {
        lower.clear();
        lower.extend(text.iter().map(u8::to_ascii_lowercase));
        let lower = &lower[..];
        // One filter test per place, on its first three bytes: the filter
        // holds the first three bytes of every literal, whatever its length.
        for (at, w) in lower.windows(3).enumerate() {
            if let &[a, b, c] = w {
                let k3 = u32::from_le_bytes([a, b, c, 0]);
                let (word, bit) = filter_bit(k3);
                if self.filter.get(word).is_some_and(|w| w >> bit & 1 == 1) {
                    self.check(lower, at, k3, &mut hit);
                }
            }
        }
    }

    /// The literals that start at `at`, whose first three bytes are `k3`.
    #[inline]
    fn check(&self, lower: &[u8], at: usize, k3: u32, hit: &mut impl FnMut(usize, usize)) {
        if let Some(&d) = lower.get(at + 3) {
            let k4 = k3 | u32::from(d) << 24;
            let window = lower
                .get(at..at + 16)
                .and_then(|w| <[u8; 16]>::try_from(w).ok())
                .map(u128::from_le_bytes);
            let (a, b) = self.four.range(k4);
            let ids = self.four.ids.get(a..b).unwrap_or_default();
            let wide = self.wide.get(a..b).unwrap_or_default();
            for (&id, head) in ids.iter().zip(wide) {
                let matches = match (window, Some(head)) {
                    (Some(w), Some(&(head, mask))) => {
                        (w ^ head) & mask == 0 && {
                            let lit = self.literal(id);
                            lit.len() <= 16 || lower.get(at + 16..at + lit.len()) == lit.get(16..)
                        }
                    }
                    // Near the end of the text.
                    _ => {
                        let lit = self.literal(id);
                        lower.get(at..at + lit.len()) == Some(lit)
                    }
                };
                if matches {
                    hit(id as usize, at);
                }
            }
        }
        for &id in self.three.get(k3) {
            hit(id as usize, at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_occurrence_case_ignored_overlaps_included() {
        let lits: [&[u8]; 5] = [b"user", b"user unk", b"unknown", b"ser", b"nknown m"];
        let set = LiteralSet::new(lits).unwrap();
        let mut got = Vec::new();
        set.for_each(b"USER UNKNOWN user; Ser", &mut Vec::new(), |id, at| {
            got.push((id, at))
        });
        assert_eq!(
            got,
            [(0, 0), (1, 0), (3, 1), (2, 5), (0, 13), (3, 14), (3, 19)]
        );
        // Longer than 16 bytes.
        let long: &[u8] = b"in reply to end of data command";
        let set = LiteralSet::new([long, b"reply to end of"]).unwrap();
        let mut got = Vec::new();
        let text = b"550 5.7.1 no (IN REPLY TO END OF DATA COMMAND); in reply to end of dat";
        set.for_each(text, &mut Vec::new(), |id, at| got.push((id, at)));
        assert_eq!(got, [(0, 14), (1, 17), (1, 51)]);
        // Too short, or NUL: no set.
        assert!(LiteralSet::new([&b"ab"[..]]).is_none());
        assert!(LiteralSet::new([&b"a\0bc"[..]]).is_none());
    }
}
