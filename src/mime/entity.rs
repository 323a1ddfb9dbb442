//! MIME structure (RFC 2045, RFC 2046), read in place: header sections,
//! the fields that shape a body (Content-Type, Content-Transfer-Encoding,
//! Content-Disposition), multipart bodies split at their delimiter lines,
//! and the two transfer decodings.
//!
//! A bounce is read for a few of its parts: the notice text, the
//! delivery-status fields, the header section of the returned message. A
//! general parser (mail-parser) decodes every part, attachments and the
//! returned message's HTML alike, and builds a tree of owned parts; that was
//! most of the time `classify` took. Here nothing is decoded or copied
//! until a caller asks for that part, and the split itself is a `memmem`
//! search for each multipart's delimiter. mail-parser still decodes
//! charsets, encoded words, addresses and HTML.
//!
//! Nothing here allocates in proportion to the input but the decoders'
//! output, and nothing recurses but the caller's walk, which bounds depth.

use std::borrow::Cow;

/// A header section and the body after it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entity<'a> {
    /// The header section, without the blank line that ends it.
    pub head: &'a [u8],
    /// Everything after that blank line.
    pub body: &'a [u8],
}

impl<'a> Entity<'a> {
    /// Splits `raw` at the line that ends its header section: an empty
    /// line, or a line of only whitespace where no field is open (a
    /// whitespace line after a field continues it, as in mail-parser). With
    /// no such line, all of `raw` is header section.
    pub fn split(raw: &'a [u8]) -> Entity<'a> {
        let mut at = 0;
        let mut open = false;
        while at < raw.len() {
            let end = line_end(raw, at);
            let line = raw.get(at..end).unwrap_or_default();
            let content = trim_line_end(line);
            let blank = content.iter().all(|c| matches!(c, b' ' | b'\t' | b'\r'));
            if content.is_empty() || (blank && !open) {
                return Entity {
                    head: raw.get(..at).unwrap_or_default(),
                    body: raw.get(end..).unwrap_or_default(),
                };
            }
            if !matches!(line.first(), Some(b' ' | b'\t')) || !open {
                open = memchr::memchr(b':', content).is_some();
            }
            at = end;
        }
        Entity {
            head: raw,
            body: &[],
        }
    }

    /// The fields that shape the body.
    pub fn shape(&self) -> Shape<'a> {
        Shape::of(self.head)
    }
}

/// A line without its line end (`\n` or `\r\n`).
fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A header field: its name, and its value from after the colon to the end
/// of its last folded line (line end included; callers trim).
pub(crate) type Field<'a> = (&'a [u8], &'a [u8]);

/// The fields of a header section, in order. A line that starts with a
/// space or tab continues the field before it; a line with no colon, that
/// continues nothing, is no field and is skipped (mail-parser does the
/// same). Names are trimmed of whitespace.
pub(crate) fn fields(head: &[u8]) -> Fields<'_> {
    Fields { head, at: 0 }
}

/// See [`fields`].
pub(crate) struct Fields<'a> {
    head: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Fields<'a> {
    type Item = Field<'a>;

    fn next(&mut self) -> Option<Field<'a>> {
        let head = self.head;
        loop {
            if self.at >= head.len() {
                return None;
            }
            let start = self.at;
            let end = line_end(head, start);
            self.at = end;
            let line = head.get(start..end).unwrap_or_default();
            let Some(colon) = memchr::memchr(b':', line) else {
                continue;
            };
            let name = line.get(..colon).unwrap_or_default().trim_ascii();
            if name.is_empty() {
                continue;
            }
            // Folded lines.
            while matches!(head.get(self.at), Some(b' ' | b'\t')) {
                self.at = line_end(head, self.at);
            }
            let value = head.get(start + colon + 1..self.at).unwrap_or_default();
            return Some((name, value));
        }
    }
}

/// Where the line that starts at `from` ends: past its `\n`, or at the end.
fn line_end(raw: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', raw.get(from..).unwrap_or_default()).map_or(raw.len(), |i| from + i + 1)
}

/// A transfer encoding (RFC 2045 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Encoding {
    /// 7bit, 8bit, binary, or anything unknown: the bytes as they are.
    #[default]
    Identity,
    Base64,
    QuotedPrintable,
}

/// The fields of a header section that shape its body. The last of each
/// field counts, as in mail-parser.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Shape<'a> {
    /// The Content-Type value, when there is one with a type.
    pub content_type: Option<&'a [u8]>,
    /// The type and subtype, as written (compare ignoring case); empty
    /// when absent.
    pub ctype: &'a [u8],
    pub subtype: &'a [u8],
    pub encoding: Encoding,
    /// Content-Disposition: attachment.
    pub attachment: bool,
}

impl<'a> Shape<'a> {
    fn of(head: &'a [u8]) -> Shape<'a> {
        let mut shape = Shape::default();
        for (name, value) in fields(head) {
            shape.add(name, value);
        }
        shape
    }

    /// Reads one header field, if it is one of the three.
    pub fn add(&mut self, name: &[u8], value: &'a [u8]) {
        // Each of the three names is longer than 11 bytes and starts with
        // "content-": most fields are out at the length check.
        if name.len() < 12
            || !name
                .get(..8)
                .is_some_and(|p| p.eq_ignore_ascii_case(b"content-"))
        {
            return;
        }
        let rest = name.get(8..).unwrap_or_default();
        if rest.eq_ignore_ascii_case(b"type") {
            let (ctype, subtype) = media_type(value);
            if ctype.is_empty() {
                self.content_type = None;
                self.ctype = b"";
                self.subtype = b"";
            } else {
                self.content_type = Some(value);
                self.ctype = ctype;
                self.subtype = subtype;
            }
        } else if rest.eq_ignore_ascii_case(b"transfer-encoding") {
            let token = first_token(value);
            self.encoding = if token.eq_ignore_ascii_case(b"base64") {
                Encoding::Base64
            } else if token.eq_ignore_ascii_case(b"quoted-printable") {
                Encoding::QuotedPrintable
            } else {
                Encoding::Identity
            };
        } else if rest.eq_ignore_ascii_case(b"disposition") {
            self.attachment = first_token(value).eq_ignore_ascii_case(b"attachment");
        }
    }

    /// True when the type is `ctype` (ASCII case ignored).
    pub fn is_type(&self, ctype: &str) -> bool {
        self.ctype.eq_ignore_ascii_case(ctype.as_bytes())
    }

    /// True when the subtype is `subtype` (ASCII case ignored).
    pub fn is_subtype(&self, subtype: &str) -> bool {
        self.subtype.eq_ignore_ascii_case(subtype.as_bytes())
    }

    /// A Content-Type parameter, by name (ASCII case ignored).
    pub fn param(&self, name: &str) -> Option<Cow<'a, [u8]>> {
        param(self.content_type?, name.as_bytes())
    }
}

/// The first token of a field value: up to `;`, whitespace or a comment.
fn first_token(value: &[u8]) -> &[u8] {
    let v = skip_space_and_comments(value);
    let end = v
        .iter()
        .position(|c| matches!(c, b';' | b'(') || c.is_ascii_whitespace())
        .unwrap_or(v.len());
    v.get(..end).unwrap_or_default()
}

/// Skips whitespace and (unnested) comments.
fn skip_space_and_comments(mut v: &[u8]) -> &[u8] {
    loop {
        v = v.trim_ascii_start();
        if v.first() == Some(&b'(') {
            let close = memchr::memchr(b')', v).map_or(v.len(), |i| i + 1);
            v = v.get(close..).unwrap_or_default();
        } else {
            return v;
        }
    }
}

/// The type and subtype of a Content-Type value. The type is empty when
/// there is none; the subtype when only a type is written.
fn media_type(value: &[u8]) -> (&[u8], &[u8]) {
    let v = skip_space_and_comments(value);
    let token_end = |s: &[u8]| {
        s.iter()
            .position(|c| matches!(c, b'/' | b';' | b'(' | b'"') || c.is_ascii_whitespace())
            .unwrap_or(s.len())
    };
    let t = token_end(v);
    let ctype = v.get(..t).unwrap_or_default();
    let rest = v.get(t..).unwrap_or_default().trim_ascii_start();
    let Some(rest) = rest.strip_prefix(b"/") else {
        return (ctype, b"");
    };
    let rest = rest.trim_ascii_start();
    let s = token_end(rest);
    (ctype, rest.get(..s).unwrap_or_default())
}

/// A parameter of a structured value (`type/subtype; name=value; ...`),
/// quotes and escapes removed. RFC 2231 continuations (`name*0`,
/// `name*1*`, ...) are joined, and their `%XX` escapes decoded; the
/// charset named before the first `'` is not applied (boundaries and
/// charset names are ASCII).
pub(crate) fn param<'a>(value: &'a [u8], name: &[u8]) -> Option<Cow<'a, [u8]>> {
    let mut plain: Option<Cow<'a, [u8]>> = None;
    let mut pieces: Vec<(u32, bool, Cow<'a, [u8]>)> = Vec::new();
    let mut rest = value;
    // Past the type.
    let first_semi = semicolon(rest)?;
    rest = rest.get(first_semi + 1..).unwrap_or_default();
    loop {
        let end = semicolon(rest).unwrap_or(rest.len());
        let item = rest.get(..end).unwrap_or_default();
        if let Some(eq) = memchr::memchr(b'=', item) {
            let key = item.get(..eq).unwrap_or_default().trim_ascii();
            let raw_value = item.get(eq + 1..).unwrap_or_default().trim_ascii();
            let key_name = key.split(|&c| c == b'*').next().unwrap_or_default();
            if key_name.eq_ignore_ascii_case(name) {
                let value = unquote(raw_value);
                if key.len() == name.len() {
                    plain.get_or_insert(value);
                } else {
                    // name*, name*N, name*N*
                    let ext = key.get(name.len()..).unwrap_or_default();
                    let encoded = ext.ends_with(b"*");
                    let digits = ext
                        .trim_ascii_start()
                        .strip_prefix(b"*")
                        .unwrap_or_default();
                    let digits = digits.strip_suffix(b"*").unwrap_or(digits);
                    let index = std::str::from_utf8(digits).ok().and_then(|d| {
                        if d.is_empty() {
                            Some(0)
                        } else {
                            d.parse().ok()
                        }
                    });
                    if let Some(index) = index
                        && pieces.len() < 64
                    {
                        pieces.push((index, encoded, value));
                    }
                }
            }
        }
        if end >= rest.len() {
            break;
        }
        rest = rest.get(end + 1..).unwrap_or_default();
    }
    if let Some(v) = plain {
        return Some(v);
    }
    if pieces.is_empty() {
        return None;
    }
    pieces.sort_by_key(|p| p.0);
    let mut out = Vec::new();
    for (n, (index, encoded, value)) in pieces.iter().enumerate() {
        let mut v: &[u8] = value;
        if *encoded && n == 0 && *index == 0 {
            // charset'language'text
            let mut quotes = memchr::memchr_iter(b'\'', v);
            if let (Some(_), Some(second)) = (quotes.next(), quotes.next()) {
                v = v.get(second + 1..).unwrap_or_default();
            }
        }
        if *encoded {
            percent_decode(v, &mut out);
        } else {
            out.extend_from_slice(v);
        }
    }
    Some(Cow::Owned(out))
}

/// Where the next `;` outside a quoted string is. Outside quotes only `;`
/// and `"` count, inside only `"` and `\\` (which hides the byte after
/// it): the search jumps from one to the next.
fn semicolon(v: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        i += memchr::memchr2(b';', b'"', v.get(i..)?)?;
        if v.get(i) == Some(&b';') {
            return Some(i);
        }
        // In a quoted string, to the byte after its closing quote.
        i += 1;
        loop {
            i += memchr::memchr2(b'"', b'\\', v.get(i..)?)?;
            if v.get(i) == Some(&b'"') {
                i += 1;
                break;
            }
            i += 2;
        }
    }
}

/// A parameter value without its quotes and escapes, and without the
/// folding inside it.
fn unquote(v: &[u8]) -> Cow<'_, [u8]> {
    let Some(inner) = v.strip_prefix(b"\"") else {
        // An unquoted value ends at whitespace or a comment.
        let end = v
            .iter()
            .position(|c| c.is_ascii_whitespace() || *c == b'(')
            .unwrap_or(v.len());
        return Cow::Borrowed(v.get(..end).unwrap_or_default());
    };
    let close = inner.iter().position(|&c| c == b'"');
    let body = inner
        .get(..close.unwrap_or(inner.len()))
        .unwrap_or_default();
    if !body.iter().any(|c| matches!(c, b'\\' | b'\r' | b'\n')) {
        return Cow::Borrowed(body);
    }
    let mut out = Vec::with_capacity(body.len());
    let mut escaped = false;
    for &c in inner {
        if escaped {
            out.push(c);
            escaped = false;
        } else if c == b'\\' {
            escaped = true;
        } else if c == b'"' {
            break;
        } else if c != b'\r' && c != b'\n' {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn percent_decode(v: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while let Some(&c) = v.get(i) {
        if c == b'%'
            && let (Some(h), Some(l)) = (
                v.get(i + 1).and_then(|c| hex(*c)),
                v.get(i + 2).and_then(|c| hex(*c)),
            )
        {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        out.push(c);
        i += 1;
    }
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// The body parts of a multipart body, split at the delimiter lines of
/// `boundary`: `--` and the boundary, not followed by a byte that could
/// continue it, or followed by `--` for the closing one (RFC 2046 §5.1.1).
/// The preamble
/// before the first delimiter and the epilogue after the closing one are
/// not parts; a part with no closing delimiter after it runs to the end.
/// `None` when no delimiter line is there at all. At most `max` parts.
pub(crate) fn parts<'a>(body: &'a [u8], boundary: &[u8], max: usize) -> Option<Vec<&'a [u8]>> {
    if boundary.is_empty() {
        return None;
    }
    let mut needle = Vec::with_capacity(boundary.len() + 2);
    needle.extend_from_slice(b"--");
    needle.extend_from_slice(boundary);
    let finder = memchr::memmem::Finder::new(&needle);
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut found = false;
    let mut from = 0;
    while let Some(i) = body.get(from..).and_then(|r| finder.find(r)) {
        let at = from + i;
        from = at + needle.len();
        let close = body.get(from..from + 2) == Some(b"--");
        // A longer boundary that starts with this one is another's; other
        // bytes after it (junk a broken sender left) do not make it one.
        let longer = body.get(from).is_some_and(|&c| is_bchar(c));
        if !at_line_start(body, at) || (longer && !close) {
            continue;
        }
        found = true;
        if let Some(start) = open.take() {
            // The line end before the delimiter belongs to it.
            let line = body.get(..at).and_then(|b| memchr::memrchr(b'\n', b));
            let mut end = line.unwrap_or(0);
            if end > start && body.get(end - 1) == Some(&b'\r') {
                end -= 1;
            }
            out.push(body.get(start..end.max(start)).unwrap_or_default());
            if out.len() >= max {
                return Some(out);
            }
        }
        if close {
            return Some(out);
        }
        open = Some(line_end(body, from));
    }
    if let Some(start) = open {
        out.push(body.get(start..).unwrap_or_default());
    }
    found.then_some(out)
}

/// A byte a boundary may hold (RFC 2046 §5.1.1 `bchars`), space aside.
fn is_bchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"'()+_,-./:=?".contains(&c)
}

/// True when only spaces or tabs come before `at` on its line: a delimiter
/// indented by mistake still counts (mail-parser takes one anywhere).
fn at_line_start(body: &[u8], at: usize) -> bool {
    let before = body.get(..at).unwrap_or_default();
    let indent = before
        .iter()
        .rev()
        .take_while(|c| matches!(c, b' ' | b'\t'))
        .count();
    matches!(before.len() - indent, 0) || before.get(before.len() - indent - 1) == Some(&b'\n')
}

/// A body with its transfer encoding undone. Only the first `max` bytes of
/// the encoded body are read; the flag is true when some were left.
pub(crate) fn decode(body: &[u8], encoding: Encoding, max: usize) -> (Cow<'_, [u8]>, bool) {
    let cut = body.len() > max;
    let body = body.get(..max).unwrap_or(body);
    let out = match encoding {
        Encoding::Identity => Cow::Borrowed(body),
        Encoding::Base64 => Cow::Owned(base64(body)),
        Encoding::QuotedPrintable => Cow::Owned(quoted_printable(body)),
    };
    (out, cut)
}

/// Base64 (RFC 2045 §6.8), leniently: bytes outside the alphabet are
/// skipped, and decoding stops at padding.
fn base64(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 3);
    let mut acc = 0u32;
    let mut n = 0;
    for &c in body {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = acc << 6 | u32::from(v);
        n += 1;
        if n == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            n = 0;
        }
    }
    match n {
        2 => out.push((acc >> 4) as u8),
        3 => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
        _ => {}
    }
    out
}

/// Quoted-printable (RFC 2045 §6.7): `=XX` is a byte, `=` at a line end a
/// soft line break; anything else, a malformed `=` included, stays as it is.
fn quoted_printable(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut from = 0;
    while let Some(i) = body.get(from..).and_then(|r| memchr::memchr(b'=', r)) {
        let at = from + i;
        out.extend_from_slice(body.get(from..at).unwrap_or_default());
        let next = body.get(at + 1..).unwrap_or_default();
        if let (Some(h), Some(l)) = (
            next.first().and_then(|c| hex(*c)),
            next.get(1).and_then(|c| hex(*c)),
        ) {
            out.push(h << 4 | l);
            from = at + 3;
            continue;
        }
        // A soft line break, trailing whitespace before it allowed.
        let ws = next
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t'))
            .count();
        match next.get(ws..) {
            Some([b'\r', b'\n', ..]) => from = at + 1 + ws + 2,
            Some([b'\n', ..]) => from = at + 1 + ws + 1,
            Some([]) => from = at + 1 + ws,
            _ => {
                out.push(b'=');
                from = at + 1;
            }
        }
    }
    out.extend_from_slice(body.get(from..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `;` outside quotes, found one byte at a time.
    fn semicolon_by_bytes(v: &[u8]) -> Option<usize> {
        let mut quoted = false;
        let mut escaped = false;
        for (i, &c) in v.iter().enumerate() {
            if escaped {
                escaped = false;
            } else if quoted && c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                quoted = !quoted;
            } else if c == b';' && !quoted {
                return Some(i);
            }
        }
        None
    }

    #[test]
    fn semicolon_skips_quoted_strings_and_their_escapes() {
        // Every string of up to six of these bytes.
        let alphabet = [b';', b'"', b'\\', b'a'];
        let mut v = Vec::new();
        for len in 0..=6u32 {
            for n in 0..4usize.pow(len) {
                v.clear();
                let mut k = n;
                for _ in 0..len {
                    v.push(alphabet[k % 4]);
                    k /= 4;
                }
                assert_eq!(
                    semicolon(&v),
                    semicolon_by_bytes(&v),
                    "{:?}",
                    String::from_utf8_lossy(&v)
                );
            }
        }
        assert_eq!(semicolon(b"a=\"x;y\"; b"), Some(7));
    }

    #[test]
    fn split_ends_the_header_section_at_the_first_empty_line() {
        let e = Entity::split(b"A: 1\r\nB: 2\r\n folded\r\n\r\nbody\r\n\r\nmore");
        assert_eq!(e.head, b"A: 1\r\nB: 2\r\n folded\r\n");
        assert_eq!(e.body, b"body\r\n\r\nmore");
        // A whitespace line after a field continues it.
        let e = Entity::split(b"A: 1\n \nB: 2\n\nbody");
        assert_eq!(e.head, b"A: 1\n \nB: 2\n");
        // No empty line: all head.
        assert_eq!(Entity::split(b"A: 1\nB: 2").body, b"");
        // An empty first line: no head.
        assert_eq!(Entity::split(b"\r\nbody").head, b"");
    }

    #[test]
    fn fields_unfold_and_skip_lines_without_a_colon() {
        let head = b"Subject: a\r\n b\r\nnot a field\r\n To : x@example.org\r\n";
        let got: Vec<_> = fields(head).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], (&b"Subject"[..], &b" a\r\n b\r\n"[..]));
        assert_eq!(got[1].0, b"To");
    }

    #[test]
    fn shape_reads_type_parameters_encoding_and_disposition() {
        let head = b"Content-Type: Multipart/Report; report-type=\"delivery-status\";\r\n\tboundary=\"=_b;1\"\r\nContent-Transfer-Encoding: Base64\r\nContent-Disposition: attachment; filename=x\r\n";
        let s = Entity::split(head).shape();
        assert!(s.is_type("multipart") && s.is_subtype("report"));
        assert_eq!(s.param("boundary").as_deref(), Some(&b"=_b;1"[..]));
        assert_eq!(
            s.param("report-type").as_deref(),
            Some(&b"delivery-status"[..])
        );
        assert_eq!(s.param("charset"), None);
        assert_eq!(s.encoding, Encoding::Base64);
        assert!(s.attachment);
        // RFC 2231 continuations, one of them percent-encoded.
        let v = b"text/plain; charset*0*=us-ascii'en'ISO-2022%2D; charset*1=JP";
        assert_eq!(param(v, b"charset").as_deref(), Some(&b"ISO-2022-JP"[..]));
        // No type: no Content-Type.
        assert!(
            Entity::split(b"Content-Type: ; x=1\r\n")
                .shape()
                .content_type
                .is_none()
        );
    }

    #[test]
    fn parts_split_at_delimiter_lines_only() {
        let body = b"preamble --b not here\r\n--b\r\nA: 1\r\n\r\none\r\n--b \r\n\r\ntwo\r\n--b--\r\nepilogue";
        let p = parts(body, b"b", 16).unwrap();
        assert_eq!(p, [&b"A: 1\r\n\r\none"[..], &b"\r\ntwo"[..]]);
        // A longer boundary is not this one; an indented delimiter is.
        let body = b"--b1\n\nouter\n--b10\n\ninner\n  --b1--\n";
        assert_eq!(
            parts(body, b"b1", 16).unwrap(),
            [&b"\nouter\n--b10\n\ninner"[..]]
        );
        // An unclosed last part runs to the end.
        assert_eq!(parts(b"--b\n\nx\n", b"b", 16).unwrap(), [&b"\nx\n"[..]]);
        assert_eq!(parts(b"no delimiter", b"b", 16), None);
        assert_eq!(
            parts(b"--b\n\n1\n--b\n\n2\n--b\n\n3", b"b", 2)
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn transfer_decodings_are_lenient() {
        let (d, cut) = decode(b"aGVs\r\nbG8=\r\n", Encoding::Base64, 100);
        assert_eq!((&*d, cut), (&b"hello"[..], false));
        let (d, _) = decode(
            b"caf=C3=A9 =\r\nau lait =3D x =ZZ",
            Encoding::QuotedPrintable,
            100,
        );
        assert_eq!(&*d, "café au lait = x =ZZ".as_bytes());
        let (d, cut) = decode(b"abcdef", Encoding::Identity, 3);
        assert_eq!((&*d, cut), (&b"abc"[..], true));
    }
}
