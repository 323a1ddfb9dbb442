//! Every place where one of a set of literals occurs in a text, ASCII case
//! ignored, overlapping occurrences included: the rules' literal pass, and
//! the search for the phrases that name an SMTP command.
//!
//! Not an Aho-Corasick automaton: its states are large, and after the MIME
//! work of a `classify` call they are out of the caches. Here the literals
//! are found through hash tables of their first four, eight or sixteen
//! bytes (their first three, for the few of three bytes), and each
//! candidate is compared with the text. A small bit filter of the
//! literals' first three bytes, in front of the tables, rules out most
//! places of a text with one test, and one per table rules out most of the
//! rest before the table is read (the tables are read at random and are
//! larger than a first-level cache; the filters stay in it). For a set of
//! long literals only, the scan jumps over most places.

/// Literals of three bytes or more.
pub(crate) struct LiteralSet {
    /// Every literal's bytes, ASCII-lowercased, one after another.
    bytes: Vec<u8>,
    /// For each entry of `four`'s, then `eight`'s and `sixteen`'s lists, in
    /// their order, its literal: in list order, the literals of one key are
    /// next to each other in memory.
    entries: Vec<Entry>,
    /// Literals of four to seven bytes, by their first four.
    four: Table,
    /// Literals of eight to fifteen bytes, by their first eight: under one
    /// key of four bytes ("user") there may be hundreds ("user unknown",
    /// "user not found", ...), under one of eight a few.
    eight: Table,
    /// Literals of sixteen bytes and more, by a hash of their first sixteen
    /// ([`key16`]): under one key of eight bytes ("recipien") there may
    /// still be dozens, each compared where the text has the key.
    sixteen: Table,
    /// Literals of three bytes,
    three: Table,
    /// and a bit per hash of their bytes: the table is looked at only for
    /// the places whose first three bytes may be one.
    three_filter: [u64; THREE_WORDS],
    /// A bit per hash of the first three bytes of a literal, 1 KB: most
    /// places of a text are ruled out here, without touching the tables.
    filter: [u64; FILTER_WORDS],
    /// A bit per hash of the first four bytes of a literal of four bytes or
    /// more, 1 KB: of the places the first filter lets through ("the",
    /// "ser"), about half start no literal's first four bytes, and are
    /// ruled out here before the tables are looked at.
    filter4: [u64; FILTER_WORDS],
    /// A bit per hash of the key of each literal of [`LiteralSet::four`],
    /// 1 KB, of [`LiteralSet::eight`] and of [`LiteralSet::sixteen`], 4 KB
    /// each: where the first four bytes start a literal, the text most
    /// often holds none of those of one length, and each table is read only
    /// where its filter lets the key through. `filter8` also has a bit per
    /// hash of the first eight bytes of each literal of `sixteen`, in the
    /// same word as an eight-byte key's bit (see [`long_bits`]): `filter16`
    /// is read only where the first eight bytes may start one, a third of
    /// the places checked.
    filter_four: [u64; FILTER_WORDS],
    filter8: [u64; LONG_WORDS],
    filter16: [u64; LONG_WORDS],
    /// For a set whose literals are all long enough: how far the scan may
    /// jump ahead (see [`Skip`]).
    skip: Option<Skip>,
    /// Each literal's payload (see [`LiteralSet::with_payloads`]), read for
    /// the literals of three bytes: the others' entries carry theirs.
    payloads: Vec<u32>,
}

/// The jumps of a scan for a set of long literals (Wu and Manber's
/// algorithm): the scan looks at a window as long as the shortest literal
/// and, by the three bytes that end it, jumps ahead as far as no literal
/// can start in between. The command phrases are 6 bytes and more: the
/// scan jumps up to 4 bytes at a time, where the filter looked at every
/// byte.
struct Skip {
    /// The window: the length of the shortest literal, at most 16.
    window: usize,
    /// By a hash of three bytes, [`SKIP_BITS`] bits: how far the scan may
    /// jump when they end the window. 0: a literal's first `window` bytes
    /// end with them (or with bytes of the same hash), and the literals
    /// that start at the window are looked for.
    jump: Vec<u8>,
}

/// Bits of [`Skip::jump`]'s index: 1 KB. The command phrases' scan runs
/// once a reply, after other work has pushed the table out of the
/// first-level cache: with 4 KB, callgrind counted 7 % more first-level
/// data misses in a pass over the catalogue's replies (186 k against
/// 174 k), for jumps hardly longer.
const SKIP_BITS: u32 = 10;

/// The literals' shortest length from which [`Skip`] is used: shorter, the
/// jumps are too short to gain.
const SKIP_FROM: usize = 6;

#[inline]
fn skip_slot(k3: u32) -> usize {
    (k3.wrapping_mul(0x9E37_79B1) >> (32 - SKIP_BITS)) as usize
}

impl Skip {
    /// For `literals` (lowercased), all of at least [`SKIP_FROM`] bytes.
    fn new(literals: &[&[u8]]) -> Option<Skip> {
        let window = literals.iter().map(|l| l.len()).min()?.min(16);
        if window < SKIP_FROM {
            return None;
        }
        let most = u8::try_from(window - 2).ok()?;
        let mut jump = vec![most; 1 << SKIP_BITS];
        for lit in literals {
            let head = lit.get(..window)?;
            // The three bytes that end at `end` in the literal's head: with
            // them at the end of the window, the literal may start
            // `window - end` bytes further.
            for end in 3..=window {
                let g = head.get(end - 3..end)?;
                let k3 = u32::from_le_bytes([*g.first()?, *g.get(1)?, *g.get(2)?, 0]);
                let slot = jump.get_mut(skip_slot(k3))?;
                *slot = (*slot).min(u8::try_from(window - end).ok()?);
            }
        }
        Some(Skip { window, jump })
    }
}

/// A literal as the tables list it: its first 16 bytes, so that a place is
/// checked with one or two comparisons of 8 bytes of text, and where the
/// rest of a longer literal is, in 24 bytes: the tables are read at random
/// places of the text, and the smaller they are, the more of them stays in
/// the caches.
#[derive(Clone, Copy)]
struct Entry {
    /// The first 16 bytes, zero-padded, as two little-endian halves (a
    /// `u128` would align the entry to 16 bytes and make it 32).
    lo: u64,
    hi: u64,
    /// The caller's number for the literal (see [`LiteralSet::with_payloads`]).
    payload: u32,
    /// Where the literal is in [`LiteralSet::bytes`] and its length, packed
    /// (see [`Entry::span`]): its tail is compared with no other lookup.
    span: u32,
}

/// Bits of [`Entry::span`] that hold the literal's length: a literal has
/// at most 1,023 bytes, and the set at most 4 MiB of them.
const LEN_BITS: u32 = 10;

/// An occurrence of a literal.
#[derive(Clone, Copy)]
pub(crate) struct Hit {
    /// The caller's number for the literal (its position in the list the
    /// set was made from, for [`LiteralSet::new`]),
    pub payload: u32,
    /// where it starts in the text,
    pub start: usize,
    /// and its length.
    pub len: usize,
}

impl Entry {
    /// The span of a literal of `len` bytes at `offset`, if it fits.
    fn span(offset: usize, len: usize) -> Option<u32> {
        let offset = u32::try_from(offset).ok()?;
        let len = u32::try_from(len).ok().filter(|&n| n < 1 << LEN_BITS)?;
        offset.checked_mul(1 << LEN_BITS).map(|o| o | len)
    }

    #[inline]
    fn len(&self) -> usize {
        (self.span & ((1 << LEN_BITS) - 1)) as usize
    }

    /// Where the literal's bytes are in [`LiteralSet::bytes`].
    #[inline]
    fn bytes(&self) -> std::ops::Range<usize> {
        let offset = (self.span >> LEN_BITS) as usize;
        offset..offset + self.len()
    }

    /// Whether the 16 bytes of text `(lo, hi)` start with the literal's
    /// first 16 bytes. `LONG`: the literal has eight bytes or more.
    #[inline]
    fn heads<const LONG: bool>(&self, lo: u64, hi: u64) -> bool {
        if LONG {
            lo == self.lo && (hi ^ self.hi) & self.mask() == 0
        } else {
            (lo ^ self.lo) & self.mask() == 0
        }
    }

    /// Its occurrence at `start`.
    #[inline]
    fn hit(&self, start: usize) -> Hit {
        Hit {
            payload: self.payload,
            start,
            len: self.len(),
        }
    }

    /// The mask of the literal's bytes in `lo` for a literal of less than
    /// eight bytes, in `hi` for a longer one (whose `lo` is all its own).
    #[inline]
    fn mask(&self) -> u64 {
        let n = self.len().min(16) as u32;
        let unused = if n < 8 { 64 - 8 * n } else { 128 - 8 * n };
        u64::MAX.checked_shr(unused).unwrap_or(0)
    }
}

/// Words of [`LiteralSet::three_filter`]: 1,024 bits.
const THREE_WORDS: usize = 16;

/// [`LiteralSet::three_filter`]'s word and bit for three bytes.
#[inline]
fn three_bit(k3: u32) -> (usize, u32) {
    let h = k3.wrapping_mul(0x2C1B_3C6D);
    ((h >> 28) as usize, (h >> 22) & 63)
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

/// Words of [`LiteralSet::filter8`] and [`LiteralSet::filter16`]: 32,768
/// bits each.
const LONG_BITS: u32 = 15;
const LONG_WORDS: usize = 1 << (LONG_BITS - 6);

/// [`LiteralSet::filter16`]'s word and bit for a key.
#[inline]
fn long_bit(key: u64) -> (usize, u32) {
    let (word, bit, _) = long_bits(key);
    (word, bit)
}

/// [`LiteralSet::filter8`]'s word for eight bytes, and in it their bit as
/// the key of a literal of [`LiteralSet::eight`] and as the head of one of
/// [`LiteralSet::sixteen`]: both tests read one word.
#[inline]
fn long_bits(key: u64) -> (usize, u32, u32) {
    let h = key.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    (
        (h >> (64 - LONG_BITS + 6)) as usize,
        (h >> (64 - LONG_BITS)) as u32 & 63,
        (h >> (64 - LONG_BITS - 6)) as u32 & 63,
    )
}

/// A bit filter of `W` words with these bits set, each a `(word, bit)` as
/// [`filter_bit`], [`long_bit`] and [`three_bit`] give them.
fn bit_filter<const W: usize>(bits: impl Iterator<Item = (usize, u32)>) -> [u64; W] {
    let mut filter = [0u64; W];
    for (word, bit) in bits {
        if let Some(w) = filter.get_mut(word) {
            *w |= 1 << bit;
        }
    }
    filter
}

/// An open-addressing hash table from a key (three to eight bytes, as a
/// little-endian `u64`, never 0) to a list of literal numbers.
struct Table {
    /// `slots.len()` is a power of two; a key of 0 marks an empty slot.
    slots: Vec<Slot>,
    ids: Vec<u16>,
    shift: u32,
}

/// A key as [`fold`] stores it and where its literals are in
/// [`Table::ids`], in 8 bytes.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u32,
    start: u16,
    end: u16,
}

/// A key as a [`Table`] stores it: one of up to four bytes as it is (never
/// 0, as literals hold no NUL byte), a longer one folded to 32 bits. Two
/// keys folded alike share a list; its literals' heads are compared with
/// the text anyway (those of three bytes, which are not, have keys of three
/// bytes).
#[inline]
fn fold(key: u64) -> u32 {
    ((key as u32) ^ ((key >> 32) as u32).rotate_left(13)).max(1)
}

/// The key of sixteen bytes (as two little-endian halves) in
/// [`LiteralSet::sixteen`]: a hash, never 0. Two heads with one key share
/// a list, and each literal's head is compared anyway.
#[inline]
fn key16(lo: u64, hi: u64) -> u64 {
    (lo ^ hi.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)) | 1
}

impl Table {
    /// From (key, literal) entries.
    fn new(entries: &[(u64, u16)]) -> Table {
        let mut entries: Vec<(u32, u16)> = entries.iter().map(|&(k, id)| (fold(k), id)).collect();
        entries.sort_unstable();
        let mut keys_seen: Vec<u32> = entries.iter().map(|e| e.0).collect();
        keys_seen.dedup();
        // At most three quarters full, at least three eighths: a probe mostly
        // ends at its first slot or the next, and as the filters in front
        // rule out most keys absent, the table is kept small rather than
        // sparse (it is read at random places; half full at most, the
        // bare-line pass under callgrind had 2.5 % more misses of a 512 KiB
        // L2).
        let n = (keys_seen.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let shift = 64 - n.trailing_zeros();
        let mut slots = vec![Slot::default(); n];
        let mut ids = Vec::with_capacity(entries.len());

        for &key in &keys_seen {
            let mut at = hash(u64::from(key), shift);
            while slots.get(at).is_some_and(|s| s.key != 0) {
                at = (at + 1) & (n - 1);
            }
            let start = ids.len() as u16;
            ids.extend(of_key(&entries, key).iter().map(|e| e.1));
            if let Some(slot) = slots.get_mut(at) {
                *slot = Slot {
                    key,
                    start,
                    end: ids.len() as u16,
                };
            }
        }
        Table { slots, ids, shift }
    }

    /// The literals whose key is `key`.
    #[inline]
    fn get(&self, key: u64) -> &[u16] {
        let (a, b) = self.range(key);
        self.ids.get(a..b).unwrap_or_default()
    }

    /// Where in `ids` the literals whose key is `key` are.
    #[inline]
    fn range(&self, key: u64) -> (usize, usize) {
        let key = fold(key);
        let mask = self.slots.len() - 1;
        let mut at = hash(u64::from(key), self.shift);
        loop {
            match self.slots.get(at) {
                Some(s) if s.key == key => return (s.start as usize, s.end as usize),
                Some(s) if s.key != 0 => at = (at + 1) & mask,
                _ => return (0, 0),
            }
        }
    }
}

/// The entries of `list` (sorted by key) whose key is `key`.
fn of_key<T>(list: &[(u32, T)], key: u32) -> &[(u32, T)] {
    let from = list.partition_point(|e| e.0 < key);
    let to = list.partition_point(|e| e.0 <= key);
    list.get(from..to).unwrap_or_default()
}

/// Whether a bit filter has the bit at `(word, bit)`.
#[inline]
fn bit_set(filter: &[u64], (word, bit): (usize, u32)) -> bool {
    filter.get(word).is_some_and(|w| w >> bit & 1 == 1)
}

#[inline]
fn hash(key: u64, shift: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

/// The first `n` (at most 8) bytes at `at` as a key.
#[inline]
fn key(text: &[u8], at: usize, n: usize) -> Option<u64> {
    let b = text.get(at..at + n)?;
    let mut k = [0u8; 8];
    k.get_mut(..n)?.copy_from_slice(b);
    Some(u64::from_le_bytes(k))
}

impl LiteralSet {
    /// The set of `literals` (ASCII-lowercased already, each of 3 bytes or
    /// more, and no NUL byte). Literal numbers are positions in the list.
    /// `None` if one does not fit.
    pub fn new<'a>(literals: impl IntoIterator<Item = &'a [u8]>) -> Option<LiteralSet> {
        Self::with_payloads(
            literals
                .into_iter()
                .enumerate()
                .map(|(i, l)| (l, u32::try_from(i).unwrap_or(u32::MAX))),
        )
    }

    /// [`LiteralSet::new`], with a number of the caller's for each literal,
    /// given back with each of its occurrences ([`Hit::payload`]): kept with
    /// the literal's head, it costs no other read of memory.
    pub fn with_payloads<'a>(
        literals: impl IntoIterator<Item = (&'a [u8], u32)>,
    ) -> Option<LiteralSet> {
        let mut payloads = Vec::new();
        let mut bytes = Vec::new();
        let mut ends = Vec::new();
        let mut heads = Vec::new();
        let mut lits_len = Vec::new();
        let mut four = Vec::new();
        let mut long_keys = Vec::new();
        let mut eight = Vec::new();
        let mut sixteen = Vec::new();
        let mut heads8 = Vec::new();
        let mut three = Vec::new();
        for (i, (lit, payload)) in literals.into_iter().enumerate() {
            let id = u16::try_from(i).ok()?;
            payloads.push(payload);
            if lit.len() < 3 || lit.contains(&0) {
                return None;
            }
            bytes.extend_from_slice(lit);
            ends.push(u32::try_from(bytes.len()).ok()?);
            lits_len.push(u32::try_from(lit.len()).ok()?);
            let head = lit.get(..16).unwrap_or(lit);
            let mut padded = [0u8; 16];
            padded.get_mut(..head.len())?.copy_from_slice(head);
            heads.push(u128::from_le_bytes(padded));
            match lit.len() {
                3 => three.push((key(lit, 0, 3)?, id)),
                4..=7 => four.push((key(lit, 0, 4)?, id)),
                8..=15 => {
                    long_keys.push(key(lit, 0, 4)?);
                    eight.push((key(lit, 0, 8)?, id));
                }
                _ => {
                    long_keys.push(key(lit, 0, 4)?);
                    heads8.push(key(lit, 0, 8)?);
                    sixteen.push((key16(key(lit, 0, 8)?, key(lit, 8, 8)?), id));
                }
            }
        }
        let filter = bit_filter(
            four.iter()
                .chain(&eight)
                .chain(&three)
                .map(|(k, _)| k)
                .chain(&long_keys)
                .map(|&k| filter_bit(k as u32 & 0x00FF_FFFF)),
        );
        let filter4 = bit_filter(
            four.iter()
                .map(|(k, _)| k)
                .chain(&long_keys)
                .map(|&k| filter_bit(k as u32)),
        );
        let filter_four = bit_filter(four.iter().map(|&(k, _)| filter_bit(k as u32)));
        let filter8 = bit_filter(
            eight
                .iter()
                .map(|&(k, _)| long_bit(k))
                .chain(heads8.iter().map(|&k| {
                    let (word, _, head) = long_bits(k);
                    (word, head)
                })),
        );
        let filter16 = bit_filter(sixteen.iter().map(|&(k, _)| long_bit(k)));
        let four = Table::new(&four);
        let eight = Table::new(&eight);
        let sixteen = Table::new(&sixteen);
        let entries = four
            .ids
            .iter()
            .chain(&eight.ids)
            .chain(&sixteen.ids)
            .map(|&id| {
                let head = heads.get(id as usize).copied()?;
                let len = lits_len.get(id as usize).copied()? as usize;
                let end = ends.get(id as usize).copied()? as usize;
                Some(Entry {
                    lo: head as u64,
                    hi: (head >> 64) as u64,
                    payload: payloads.get(id as usize).copied()?,
                    span: Entry::span(end - len, len)?,
                })
            })
            .collect::<Option<Vec<Entry>>>()?;
        let three_filter = bit_filter(three.iter().map(|&(k3, _)| three_bit(k3 as u32)));
        let skip = {
            let all: Vec<&[u8]> = (0..ends.len())
                .map(|i| {
                    let start = i
                        .checked_sub(1)
                        .and_then(|p| ends.get(p))
                        .map_or(0, |&e| e as usize);
                    let end = ends.get(i).map_or(0, |&e| e as usize);
                    bytes.get(start..end).unwrap_or_default()
                })
                .collect();
            Skip::new(&all)
        };
        Some(LiteralSet {
            skip,
            payloads,
            bytes,
            entries,
            four,
            eight,
            sixteen,
            three: Table::new(&three),
            three_filter,
            filter,
            filter4,
            filter_four,
            filter8,
            filter16,
        })
    }

    /// Calls `hit(literal, start)` for every occurrence of every literal in
    /// `text` (`lower` is scratch space), in order of start (at one start,
    /// the literals of four bytes and more first).
    pub fn for_each(&self, text: &[u8], lower: &mut Vec<u8>, mut hit: impl FnMut(usize, usize)) {
        self.for_each_hit(text, lower, |h| hit(h.payload as usize, h.start));
    }

    /// [`LiteralSet::for_each`], each occurrence told in full.
    #[inline(always)]
    pub fn for_each_hit(&self, text: &[u8], lower: &mut Vec<u8>, mut hit: impl FnMut(Hit)) {
        lower.clear();
        lower.extend(text.iter().map(u8::to_ascii_lowercase));
        let lower = &lower[..];
        if let Some(skip) = &self.skip {
            self.jumping(lower, skip, &mut hit);
            return;
        }
        // One filter test per place, on its first three bytes: the filter
        // holds the first three bytes of every literal, whatever its length.
        // Eight bytes are read at a time, and the first three bytes of six
        // places taken from them.
        let mut at = 0;
        while let Some(chunk) = lower.get(at..at + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            let w = u64::from_le_bytes(w);
            for j in 0..6 {
                self.place(lower, at + j, (w >> (8 * j)) as u32 & 0x00FF_FFFF, &mut hit);
            }
            at += 6;
        }
        while let Some(&[a, b, c]) = lower.get(at..at + 3) {
            self.place(lower, at, u32::from_le_bytes([a, b, c, 0]), &mut hit);
            at += 1;
        }
    }

    /// The filter tests of one place, whose first three bytes are `k3`, and
    /// its check if they pass.
    #[inline(always)]
    fn place(&self, lower: &[u8], at: usize, k3: u32, hit: &mut impl FnMut(Hit)) {
        let (word, bit) = filter_bit(k3);
        if self.filter.get(word).is_some_and(|w| w >> bit & 1 == 1) && self.may_start(lower, at, k3)
        {
            self.check(lower, at, k3, hit);
        }
    }

    /// Whether a literal may start at `at`, whose first three bytes are
    /// `k3`, by the second filters: a literal of four bytes or more by its
    /// first four, one of three by its three.
    #[inline]
    fn may_start(&self, lower: &[u8], at: usize, k3: u32) -> bool {
        let four = lower.get(at + 3).is_some_and(|&d| {
            let (word, bit) = filter_bit(k3 | u32::from(d) << 24);
            self.filter4.get(word).is_some_and(|w| w >> bit & 1 == 1)
        });
        let (word, bit) = three_bit(k3);
        four || self
            .three_filter
            .get(word)
            .is_some_and(|w| w >> bit & 1 == 1)
    }

    /// [`LiteralSet::for_each`] for a set of long literals: the places the
    /// jumps of `skip` leave are looked at as every place is by the filter.
    fn jumping(&self, lower: &[u8], skip: &Skip, hit: &mut impl FnMut(Hit)) {
        let mut at = 0;
        while let Some(end) = lower.get(at + skip.window - 3..at + skip.window) {
            let k3 = |b: &[u8]| match *b {
                [a, b, c, ..] => u32::from_le_bytes([a, b, c, 0]),
                _ => 0,
            };
            let jump = skip.jump.get(skip_slot(k3(end))).copied().unwrap_or(1);
            if jump > 0 {
                at += usize::from(jump);
                continue;
            }
            let first = k3(lower.get(at..).unwrap_or_default());
            let (word, bit) = filter_bit(first);
            if self.filter.get(word).is_some_and(|w| w >> bit & 1 == 1) {
                self.check(lower, at, first, hit);
            }
            at += 1;
        }
    }

    /// The literals that start at `at`, whose first three bytes are `k3`.
    /// Not inlined: the loop of [`LiteralSet::for_each`] then keeps its
    /// state in registers.
    #[inline(never)]
    fn check(&self, lower: &[u8], at: usize, k3: u32, hit: &mut impl FnMut(Hit)) {
        if let Some(&d) = lower.get(at + 3) {
            let k4 = k3 | u32::from(d) << 24;
            let window = lower
                .get(at..at + 16)
                .and_then(|w| <[u8; 16]>::try_from(w).ok())
                .map(u128::from_le_bytes);
            if bit_set(&self.filter_four, filter_bit(k4)) {
                let (a, b) = self.four.range(u64::from(k4));
                self.compare::<false>(lower, at, window, a, b, hit);
            }
            if let Some(k8) = key(lower, at, 8) {
                let (word, eight, head) = long_bits(k8);
                let bits = self.filter8.get(word).copied().unwrap_or(0);
                if bits >> eight & 1 == 1 {
                    let (a, b) = self.eight.range(k8);
                    let skip = self.four.ids.len();
                    self.compare::<true>(lower, at, window, skip + a, skip + b, hit);
                }
                if bits >> head & 1 == 1
                    && let Some(w) = window
                    && let k16 = key16(w as u64, (w >> 64) as u64)
                    && bit_set(&self.filter16, long_bit(k16))
                {
                    let (a, b) = self.sixteen.range(k16);
                    let skip = self.four.ids.len() + self.eight.ids.len();
                    self.compare::<true>(lower, at, window, skip + a, skip + b, hit);
                }
            }
        }
        let (word, bit) = three_bit(k3);
        if self
            .three_filter
            .get(word)
            .is_some_and(|w| w >> bit & 1 == 1)
        {
            for &id in self.three.get(u64::from(k3)) {
                hit(Hit {
                    payload: self.payloads.get(id as usize).copied().unwrap_or(0),
                    start: at,
                    len: 3,
                });
            }
        }
    }

    /// Compares the literals of `entries[a..b]` with the text at `at`
    /// (`window`: the 16 bytes there, if the text has them). `LONG`: they
    /// have eight bytes or more.
    #[inline]
    fn compare<const LONG: bool>(
        &self,
        lower: &[u8],
        at: usize,
        window: Option<u128>,
        a: usize,
        b: usize,
        hit: &mut impl FnMut(Hit),
    ) {
        let entries = self.entries.get(a..b).unwrap_or_default();
        match window {
            Some(w) => {
                let (lo, hi) = (w as u64, (w >> 64) as u64);
                for e in entries {
                    if e.heads::<LONG>(lo, hi)
                        && (e.len() <= 16 || {
                            let lit = e.bytes();
                            lower.get(at + 16..at + lit.len())
                                == self.bytes.get(lit.start + 16..lit.end)
                        })
                    {
                        hit(e.hit(at));
                    }
                }
            }
            // Near the end of the text.
            None => {
                for e in entries {
                    let lit = e.bytes();
                    if lower.get(at..at + lit.len()) == self.bytes.get(lit) {
                        hit(e.hit(at));
                    }
                }
            }
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

    /// Every occurrence, by comparing each literal at each place.
    fn naive(lits: &[&[u8]], text: &[u8]) -> Vec<(usize, usize)> {
        let lower = text.to_ascii_lowercase();
        let mut out = Vec::new();
        for at in 0..lower.len() {
            for (id, lit) in lits.iter().enumerate() {
                if lower.get(at..at + lit.len()) == Some(*lit) {
                    out.push((id, at));
                }
            }
        }
        out.sort_by_key(|&(id, at)| (at, id));
        out
    }

    #[test]
    fn literals_sharing_heads_are_each_found() {
        // Heads of 4, 8 and 16 bytes shared; some literals only as long as
        // a head, some past 16 bytes; three-byte ones beside them.
        let lits: [&[u8]; 10] = [
            b"recipient addres",
            b"recipient address rejected",
            b"recipient address invalid",
            b"recipient unknown",
            b"recipient",
            b"recipien",
            b"reci",
            b"rec",
            b"address invalid here",
            b"ess",
        ];
        let set = LiteralSet::new(lits).unwrap();
        assert!(set.skip.is_none());
        let texts: [&[u8]; 6] = [
            b"550 Recipient address rejected: Recipient address invalid here",
            b"recipient address rejecte",
            b"RECIPIENT ADDRESS",
            b"x recipient unknown recipient",
            b"recipient addres",
            b"reci rec recipien recipient address invalid",
        ];
        for t in texts {
            let mut got = Vec::new();
            set.for_each(t, &mut Vec::new(), |id, at| got.push((id, at)));
            got.sort_by_key(|&(id, at)| (at, id));
            assert_eq!(got, naive(&lits, t), "{:?}", String::from_utf8_lossy(t));
        }
    }

    #[test]
    fn jumping_scan_finds_what_every_place_does() {
        // Long literals only (the scan jumps), sharing heads and tails.
        let lits: [&[u8]; 7] = [
            b"in reply to rcpt to",
            b"after rcpt to",
            b"rcpt to:<",
            b"to data command",
            b"[data]",
            b"data]x",
            b"aaaaaaa",
        ];
        let set = LiteralSet::new(lits).unwrap();
        assert!(set.skip.is_some());
        let pieces: [&[u8]; 9] = [
            b"IN REPLY TO RCPT TO",
            b"after ",
            b"rcpt to:<a@b>",
            b" to DATA command",
            b"[data]x",
            b"aaaaaaaaaa",
            b"x",
            b"data",
            b"  ",
        ];
        // Texts of up to three pieces, in every order: matches at every
        // offset, overlapping and cut at the end.
        let mut texts = vec![Vec::new()];
        for _ in 0..3 {
            let mut next = Vec::new();
            for t in &texts {
                for p in pieces {
                    let mut t: Vec<u8> = t.clone();
                    t.extend_from_slice(p);
                    next.push(t);
                }
            }
            texts.extend(next);
            texts.dedup();
        }
        for t in &texts {
            let mut got = Vec::new();
            set.for_each(t, &mut Vec::new(), |id, at| got.push((id, at)));
            got.sort_by_key(|&(id, at)| (at, id));
            assert_eq!(got, naive(&lits, t), "{:?}", String::from_utf8_lossy(t));
        }
    }

    #[test]
    fn a_large_set_finds_what_every_place_does() {
        // Phrases of 3 to 70 bytes from a few words, as the rule table's
        // literals are: thousands share their first 4, 8 or 16 bytes, so
        // every table, filter and tail comparison is used, and the filters
        // are as full as the table's.
        let words = [
            "user",
            "unknown",
            "mailbox",
            "full",
            "recipient",
            "address",
            "rejected",
            "not",
            "found",
            "the",
            "is",
            "over",
            "quota",
            "spam",
            "blocked",
            "policy",
            "no such",
            "domain",
            "denied",
            "relay",
            "access",
            "service",
            "unavailable",
            "5.1.1",
        ];
        let mut random = crate::testing::xorshift(0x2545_F491_4F6C_DD1D);
        let mut next = |n: usize| (random() % n as u64) as usize;
        let mut lits: Vec<Vec<u8>> = Vec::new();
        while lits.len() < 4000 {
            let mut l = String::new();
            for _ in 0..1 + next(8) {
                if !l.is_empty() {
                    l.push(' ');
                }
                l.push_str(words[next(words.len())]);
            }
            let cut = 3 + next(70);
            let l = l.as_bytes().get(..cut).unwrap_or(l.as_bytes()).to_vec();
            if l.len() >= 3 && !lits.contains(&l) {
                lits.push(l);
            }
        }
        let refs: Vec<&[u8]> = lits.iter().map(Vec::as_slice).collect();
        let set = LiteralSet::new(refs.iter().copied()).unwrap();
        for _ in 0..300 {
            let mut t = String::new();
            for _ in 0..next(16) {
                t.push_str(if next(4) == 0 { "x " } else { " " });
                let w = words[next(words.len())];
                t.push_str(&if next(3) == 0 {
                    w.to_ascii_uppercase()
                } else {
                    w.to_string()
                });
            }
            let mut got = Vec::new();
            set.for_each(t.as_bytes(), &mut Vec::new(), |id, at| got.push((id, at)));
            got.sort_by_key(|&(id, at)| (at, id));
            assert_eq!(got, naive(&refs, t.as_bytes()), "{t:?}");
        }
        // A literal too long for an entry: no set.
        assert!(LiteralSet::new([&[b'a'; 1024][..]]).is_none());
        assert!(LiteralSet::new([&[b'a'; 1023][..]]).is_some());
    }
}
