//! Making text from a bounce safe to show: every text in a bounce is written
//! by a stranger, so nothing of it may reach a terminal as a control sequence.
//! These functions do not rely on the library having cleaned anything.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// True for the characters that must never reach a terminal as they are:
/// C0 controls (tab excepted), DEL, C1 controls (U+0080–U+009F: U+009B is a
/// CSI for some terminals), the Unicode bidirectional controls (they can make
/// one address look like another) and zero-width characters.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\0'..='\u{8}' | '\u{a}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Appends `s` to `out` for a terminal: each unsafe character is written as
/// a visible escape, `\x1b` for a byte-sized control and `\u{202e}` for the
/// others, as ripgrep shows such bytes.
pub fn push_terminal(out: &mut String, s: &str) {
    for c in s.chars() {
        if !is_unsafe(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `s` escaped for a terminal (see [`push_terminal`]).
pub fn terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_terminal(&mut out, s);
    out
}

/// A path as text that maps back to exactly one path. A path that is valid
/// UTF-8 is written as it is. Otherwise each byte that is not part of valid
/// UTF-8 is written `\xNN` and a backslash is doubled, and the second value
/// holds the path's bytes (`source_bytes` in JSON).
pub fn path(p: &Path) -> (String, Option<Vec<u8>>) {
    let bytes = path_bytes(p);
    match std::str::from_utf8(&bytes) {
        Ok(s) => (s.to_string(), None),
        Err(_) => {
            let mut s = String::with_capacity(bytes.len() + 8);
            for chunk in bytes.utf8_chunks() {
                for c in chunk.valid().chars() {
                    if c == '\\' {
                        s.push_str("\\\\");
                    } else {
                        s.push(c);
                    }
                }
                for b in chunk.invalid() {
                    let _ = write!(s, "\\x{b:02x}");
                }
            }
            (s, Some(bytes))
        }
    }
}

#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().into_owned().into_bytes()
}

/// A serde_json formatter that also writes DEL, C1 controls, bidirectional
/// controls and zero-width characters as `\uXXXX` (serde_json escapes only
/// C0 controls): the JSON means the same, and printing it (`cat`, `less`, a
/// log viewer) cannot drive the terminal.
pub struct SafeJson;

impl serde_json::ser::Formatter for SafeJson {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // serde_json has escaped C0 already: ASCII below DEL is safe.
        if fragment.bytes().all(|b| b < 0x7f) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut rest = fragment;
        while let Some((i, c)) = rest.char_indices().find(|&(_, c)| is_unsafe(c)) {
            writer.write_all(&rest.as_bytes()[..i])?;
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                write!(writer, "\\u{u:04x}")?;
            }
            rest = &rest[i + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }
}

/// Writes `value` as one line of JSON through [`SafeJson`].
pub fn json_line<W: io::Write, T: serde::Serialize>(out: &mut W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, SafeJson);
    value.serialize(&mut ser).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_keeps_no_control_but_tab() {
        let hostile = "a\x1b]0;T\x07b\x1b[2J\0c\u{202e}d\u{9b}e\u{200b}f\tg\nh";
        let t = terminal(hostile);
        assert_eq!(
            t,
            "a\\x1b]0;T\\x07b\\x1b[2J\\x00c\\u{202e}d\\u{9b}e\\u{200b}f\tg\\x0ah"
        );
        assert!(!t.chars().any(|c| is_unsafe(c) || c == '\n'));
        assert_eq!(terminal("ünïcode ok"), "ünïcode ok");
    }

    #[test]
    fn json_escapes_what_serde_json_leaves() {
        let mut out = Vec::new();
        json_line(&mut out, &"x\u{7f}\u{9b}\u{202e}\u{1b}y").unwrap();
        assert_eq!(out, b"\"x\\u007f\\u009b\\u202e\\u001by\"\n");
        let back: String = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, "x\u{7f}\u{9b}\u{202e}\u{1b}y");
    }

    #[cfg(unix)]
    #[test]
    fn json_escapes_each_unsafe_character_and_only_those() {
        // Every character of the unsafe ranges, their neighbours, and text
        // around them (ASCII, Thai, other characters whose UTF-8 starts with
        // the same bytes as an unsafe one's).
        let mut chars: Vec<char> = (0x7e..=0xa1)
            .chain(0x2000..=0x2070)
            .chain(0xfefe..=0xff00)
            .filter_map(char::from_u32)
            .collect();
        chars.extend(['a', 'ก', 'ไ', '€', '\u{e000}', '\u{ffef}', '→']);
        for &c in &chars {
            for text in [c.to_string(), format!("ok {c} ไทย"), format!("ไทย{c}{c}x")] {
                let mut out = Vec::new();
                json_line(&mut out, &text).unwrap();
                let line = String::from_utf8(out).unwrap();
                assert_eq!(line.contains(c), !is_unsafe(c), "{:x} in {line}", c as u32);
                let back: String = serde_json::from_str(&line).unwrap();
                assert_eq!(back, text);
            }
        }
    }

    #[test]
    fn a_non_utf8_path_is_escaped_and_kept_as_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(std::ffi::OsStr::from_bytes(b"dir\\a/bad\xffname.eml"));
        let (s, bytes) = path(p);
        assert_eq!(s, "dir\\\\a/bad\\xffname.eml");
        assert_eq!(bytes.as_deref(), Some(&b"dir\\a/bad\xffname.eml"[..]));
        assert_eq!(path(Path::new("ok/ü.eml")), ("ok/ü.eml".to_string(), None));
    }
}
