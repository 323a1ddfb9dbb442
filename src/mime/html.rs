//! HTML as text: mail-parser's `html_to_text`, the same output byte for
//! byte, with its per-byte state machine run only where a byte can change
//! something. Runs of bytes that only extend a word are skipped as a whole,
//! and where nothing but a `<` can change the state (inside `<head>`,
//! `<style>`, `<script>` and `<template>`, and a tag past its name) or a
//! `-` or `>` (a comment), the search jumps to it with `memchr`. A styled
//! page is mostly such bytes.
//!
//! The words and entities are written by mail-parser's own
//! `add_html_token`; a test compares the whole with its `html_to_text`.

use mail_parser::decoders::html::add_html_token;

/// Bytes that the state machine reads for more than extending a word.
const fn special(b: u8) -> bool {
    matches!(
        b,
        b'<' | b'>' | b'/' | b'!' | b' ' | b'\t' | b'\r' | b'\n' | b'&' | b';'
    )
}

static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = special(i as u8);
        i += 1;
    }
    t
};

/// The end of the run of bytes from `pos` that are not [`special`].
fn ordinary_run(input: &[u8], mut pos: usize) -> usize {
    while let Some(&b) = input.get(pos) {
        if SPECIAL[usize::from(b)] {
            break;
        }
        pos += 1;
    }
    pos
}

/// `mail_parser::decoders::html::html_to_text`, faster.
pub(super) fn html_to_text(text: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let input = text.as_bytes();
    let token = |from: usize, to: usize| input.get(from..to).unwrap_or_default();

    let mut in_tag = false;
    let mut in_head = false;
    let mut in_style = false;
    let mut in_script = false;
    let mut in_template = false;
    let mut in_comment = false;

    let mut is_token_start = true;
    let mut is_after_space = false;
    let mut is_tag_close = false;
    let mut is_new_line = true;

    let mut token_start = 0;
    let mut token_end = 0;

    let mut tag_token_pos = 0;
    let mut comment_pos = 0;

    let mut pos = 0;
    while let Some(&ch) = input.get(pos) {
        let hidden = in_head || in_style || in_script || in_template;
        if in_comment {
            // Any byte but `-` and `>` resets the count of dashes.
            let rest = input.get(pos..).unwrap_or_default();
            match memchr::memchr2(b'-', b'>', rest) {
                Some(0) => {}
                Some(i) => {
                    comment_pos = 0;
                    pos += i;
                    continue;
                }
                None => break,
            }
            match ch {
                b'-' => comment_pos += 1,
                b'>' if comment_pos == 2 => {
                    comment_pos = 0;
                    in_comment = false;
                    in_tag = false;
                    is_token_start = true;
                }
                _ => comment_pos = 0,
            }
            pos += 1;
            continue;
        }
        if in_tag && tag_token_pos >= 2 {
            // Past the tag's name only its end (or a new tag) counts: the
            // name is read at `>` only when the tag has one word, and `/`
            // and `!` count only before the first.
            let rest = input.get(pos..).unwrap_or_default();
            match memchr::memchr2(b'<', b'>', rest) {
                Some(0) => {}
                Some(i) => {
                    pos += i;
                    continue;
                }
                None => break,
            }
        } else if !in_tag && hidden {
            // Nothing is written and no state kept until the next tag.
            match memchr::memchr(b'<', input.get(pos..).unwrap_or_default()) {
                Some(0) => {}
                Some(i) => {
                    pos += i;
                    continue;
                }
                None => break,
            }
        }
        match ch {
            b'<' => {
                if !in_tag && !hidden && !is_token_start {
                    add_html_token(
                        &mut result,
                        token(token_start, token_end + 1),
                        is_after_space,
                    );
                    is_after_space = false;
                }
                tag_token_pos = 0;
                in_tag = true;
                is_token_start = true;
                is_tag_close = false;
                pos += 1;
                continue;
            }
            b'>' if in_tag => {
                if tag_token_pos == 1 {
                    let tag = token(token_start, token_end + 1);
                    if tag.eq_ignore_ascii_case(b"br")
                        || (tag.eq_ignore_ascii_case(b"p") && is_tag_close)
                    {
                        result.push('\n');
                        is_after_space = false;
                        is_new_line = true;
                    } else if tag.eq_ignore_ascii_case(b"head") {
                        in_head = !is_tag_close;
                    } else if tag.eq_ignore_ascii_case(b"style") {
                        in_style = !is_tag_close;
                    } else if tag.eq_ignore_ascii_case(b"script") {
                        in_script = !is_tag_close;
                    } else if tag.eq_ignore_ascii_case(b"template") {
                        in_template = !is_tag_close;
                    }
                }
                in_tag = false;
                is_token_start = true;
                pos += 1;
                continue;
            }
            b'/' if in_tag => {
                if tag_token_pos == 0 {
                    is_tag_close = true;
                }
                pos += 1;
                continue;
            }
            b'!' if in_tag && tag_token_pos == 0 && input.get(pos + 1..pos + 3) == Some(b"--") => {
                in_comment = true;
                pos += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => {
                if !in_tag && !hidden {
                    if !is_token_start {
                        add_html_token(
                            &mut result,
                            token(token_start, token_end + 1),
                            is_after_space && !is_new_line,
                        );
                        is_new_line = false;
                    }
                    is_after_space = true;
                }
                is_token_start = true;
                pos += 1;
                continue;
            }
            b'&' if !in_tag && !is_token_start && !in_head => {
                if hidden {
                    pos += 1;
                    continue;
                }
                add_html_token(
                    &mut result,
                    token(token_start, token_end + 1),
                    is_after_space && !is_new_line,
                );
                is_new_line = false;
                is_token_start = true;
                is_after_space = false;
            }
            b';' if !in_tag && !is_token_start && !in_head => {
                if hidden {
                    pos += 1;
                    continue;
                }
                add_html_token(
                    &mut result,
                    token(token_start, pos + 1),
                    is_after_space && !is_new_line,
                );
                is_token_start = true;
                is_after_space = false;
                is_new_line = false;
                pos += 1;
                continue;
            }
            _ => (),
        }
        // A byte that starts or extends a word, and the bytes after it that
        // can only extend it.
        if is_token_start {
            token_start = pos;
            is_token_start = false;
            if in_tag {
                tag_token_pos += 1;
            }
        }
        let end = ordinary_run(input, pos + 1);
        token_end = end - 1;
        pos = end;
    }

    let hidden = in_head || in_style || in_script || in_template;
    if !in_tag && !is_token_start && !hidden {
        add_html_token(
            &mut result,
            token(token_start, token_end + 1),
            is_after_space && !is_new_line,
        );
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces that drive every branch of the state machine.
    const PIECES: &[&str] = &[
        "<",
        ">",
        "/",
        "!",
        "--",
        "-",
        " ",
        "\t",
        "\r\n",
        "\n",
        "&",
        ";",
        "&amp;",
        "&#65;",
        "&#x42;",
        "&bogus;",
        "&lt",
        "<br>",
        "<BR/>",
        "</p>",
        "<p>",
        "<head>",
        "</head>",
        "<style>",
        "</style>",
        "<script>",
        "</script>",
        "<template>",
        "</template>",
        "<!--",
        "-->",
        "--->",
        "<!x>",
        "<a href=\"x\">",
        "</a>",
        "<td class=a b c>",
        "word",
        "Wörd",
        "é",
        "x",
        "p",
        "br",
        "head",
        "style",
        "\u{a0}",
        "配信",
    ];

    /// A small generator: the same texts on every run.
    fn texts() -> impl Iterator<Item = String> {
        let mut next = crate::testing::xorshift(0x9E37_79B9_7F4A_7C15);
        (0..20_000).map(move |_| {
            let n = (next() % 24) as usize;
            (0..n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect()
        })
    }

    #[test]
    fn the_same_text_as_mail_parser() {
        for text in texts() {
            assert_eq!(
                html_to_text(&text),
                mail_parser::decoders::html::html_to_text(&text),
                "{text:?}"
            );
        }
        let page = "<html><head><title>Undeliverable</title><style>p { color: red; }\n td > a { x: y }</style></head>\n<body><!-- a comment -- with > in it --><p>Delivery to <b>ann@example.com</b> failed&nbsp;:&#32;550&nbsp;5.1.1</p>\n<table><tr><td style=\"a:b\">Remote server</td><td>mx.example.com</td></tr></table><script>if (a < b) {}</script><br/>Done.</body></html>";
        assert_eq!(
            html_to_text(page),
            mail_parser::decoders::html::html_to_text(page)
        );
        assert!(html_to_text(page).contains("ann@example.com failed"));
    }
}
