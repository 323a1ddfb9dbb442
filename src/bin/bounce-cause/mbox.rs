//! Splitting a stream into messages: an mbox (mboxo/mboxrd) message by
//! message, anything else as one message, never holding more than one
//! message (cut at the size limit) and a read buffer.

use std::io::{self, Read};

/// One message read from a stream.
#[derive(Default)]
pub struct Message {
    /// Its bytes, up to the size limit plus one.
    pub bytes: Vec<u8>,
    /// Its size: the full size, or, when `over`, the bytes read when the
    /// limit was passed.
    pub size: u64,
    /// It came from an mbox (the stream starts with `From `).
    pub mbox: bool,
    /// It passed the size limit; reading it stopped there.
    pub over: bool,
}

/// Reads a stream as an mbox: a message starts at each line that starts
/// with `From `. A stream that does not start with `From ` is one message.
/// Memory: one buffer of `CHUNK` bytes (handed from stream to stream) and
/// the current message, kept up to `limit + 1` bytes. A message that passes
/// the limit is handed on at once (an endless input gives its error without
/// waiting for an end), and the rest of it is skipped unread or unkept.
pub struct Mbox<R> {
    src: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    started: bool,
    is_mbox: bool,
    /// The line end messages are split at: `\n`, or `\r` in an mbox whose
    /// lines end in a lone CR (old Mac mail programs).
    eol: u8,
    pub limit: usize,
    /// The stream's size, when known: a stream that is one message is read
    /// into a buffer of that size rather than one grown by doubling.
    pub size_hint: Option<u64>,
    /// The last message passed the limit: skip the rest of it first.
    skip_rest: bool,
    /// The last byte taken ended a line.
    at_line_start: bool,
}

pub const CHUNK: usize = 64 << 10;

impl<R: Read> Mbox<R> {
    /// A reader of `src` that reads through `buf` (its contents are
    /// dropped, its allocation reused).
    pub fn new(src: R, limit: usize, mut buf: Vec<u8>) -> Self {
        buf.clear();
        Mbox {
            src,
            buf,
            pos: 0,
            eof: false,
            started: false,
            is_mbox: false,
            eol: b'\n',
            limit,
            size_hint: None,
            skip_rest: false,
            at_line_start: true,
        }
    }

    /// The read buffer, for the next stream.
    pub fn into_buffer(self) -> Vec<u8> {
        self.buf
    }

    /// Makes at least `n` unread bytes available, unless the stream ends.
    fn fill(&mut self, n: usize) -> io::Result<()> {
        while self.buf.len() - self.pos < n && !self.eof {
            if self.pos > 0 {
                self.buf.drain(..self.pos);
                self.pos = 0;
            }
            let have = self.buf.len();
            self.buf.resize(have + CHUNK, 0);
            let got = loop {
                match self.src.read(&mut self.buf[have..]) {
                    Ok(g) => break g,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.buf.truncate(have);
                        return Err(e);
                    }
                }
            };
            self.buf.truncate(have + got);
            self.eof = got == 0;
        }
        Ok(())
    }

    fn unread(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// Moves `n` unread bytes into `m` (kept up to the limit plus one, and
    /// only when `keep`); true when `m` has now passed the limit.
    fn take(&mut self, n: usize, m: &mut Message, keep: bool) -> bool {
        let part = &self.buf[self.pos..self.pos + n];
        if keep {
            let room = (self.limit + 1).saturating_sub(m.bytes.len());
            m.bytes.extend_from_slice(&part[..n.min(room)]);
            m.size += n as u64;
        }
        if let Some(&last) = part.last() {
            self.at_line_start = last == self.eol;
        }
        self.pos += n;
        keep && m.size > self.limit as u64
    }

    /// Reads mbox lines into `m` up to the next `From ` line or the end;
    /// true when it stopped because `m` passed the limit.
    fn read_mbox_message(&mut self, m: &mut Message, keep: bool) -> io::Result<bool> {
        if !keep && self.at_line_start {
            self.fill(5)?;
            if self.unread().starts_with(b"From ") {
                return Ok(false);
            }
        }
        loop {
            match memchr::memchr(self.eol, self.unread()) {
                Some(k) => {
                    if self.take(k + 1, m, keep) {
                        return Ok(true);
                    }
                    self.fill(5)?;
                    if self.unread().starts_with(b"From ") || self.unread().is_empty() {
                        return Ok(false);
                    }
                }
                None => {
                    let n = self.unread().len();
                    if self.take(n, m, keep) {
                        return Ok(true);
                    }
                    self.fill(1)?;
                    if self.unread().is_empty() {
                        return Ok(false);
                    }
                }
            }
        }
    }

    pub fn next_message(&mut self) -> io::Result<Option<Message>> {
        if !self.started {
            self.started = true;
            self.fill(5)?;
            self.is_mbox = self.unread().starts_with(b"From ");
            if self.is_mbox {
                // The first line's end tells the mbox's: its `From ` line is
                // short, so 4 KiB holds it.
                self.fill(4096)?;
                let at = memchr::memchr2(b'\r', b'\n', self.unread());
                let lone_cr = at.is_some_and(|i| {
                    self.unread().get(i) == Some(&b'\r')
                        && self.unread().get(i + 1).is_some_and(|&c| c != b'\n')
                });
                if lone_cr {
                    self.eol = b'\r';
                }
            }
        }
        if std::mem::take(&mut self.skip_rest) {
            if !self.is_mbox {
                // One message, past the limit: the stream holds nothing else.
                return Ok(None);
            }
            self.read_mbox_message(&mut Message::default(), false)?;
        }
        self.fill(1)?;
        if self.unread().is_empty() {
            return Ok(None);
        }
        let mut m = Message {
            mbox: self.is_mbox,
            ..Message::default()
        };
        if self.is_mbox {
            m.over = self.read_mbox_message(&mut m, true)?;
        } else {
            // One message: the whole stream.
            if let Some(size) = self.size_hint {
                let size = usize::try_from(size).unwrap_or(usize::MAX);
                m.bytes.reserve_exact(size.min(self.limit + 1));
            }
            loop {
                let n = self.unread().len();
                if self.take(n, &mut m, true) {
                    m.over = true;
                    break;
                }
                self.fill(1)?;
                if self.unread().is_empty() {
                    break;
                }
            }
        }
        self.skip_rest = m.over;
        Ok(Some(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(input: &[u8], limit: usize) -> Vec<(Vec<u8>, u64, bool)> {
        let mut m = Mbox::new(input, limit, Vec::new());
        let mut out = Vec::new();
        while let Some(msg) = m.next_message().unwrap() {
            out.push((msg.bytes, msg.size, msg.mbox));
        }
        out
    }

    #[test]
    fn splits_an_mbox_like_the_whole_file_split() {
        let mbox = b"From a@b Mon\nSubject: one\n\nFrom here on\n>From quoted\nFrom b@c Tue\nSubject: two\n\nbody\n";
        let got = messages(mbox, 1 << 20);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, b"From a@b Mon\nSubject: one\n\n");
        assert_eq!(got[1].0, b"From here on\n>From quoted\n");
        assert_eq!(got[2].0, b"From b@c Tue\nSubject: two\n\nbody\n");
        assert!(got.iter().all(|m| m.2));
    }

    #[test]
    fn splits_an_mbox_whose_lines_end_in_a_lone_cr() {
        let mbox = b"From a@b Mon\rSubject: one\r\rFrom here on\r>From quoted\rFrom b@c Tue\rSubject: two\r\rbody\r";
        let got = messages(mbox, 1 << 20);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, b"From a@b Mon\rSubject: one\r\r");
        assert_eq!(got[1].0, b"From here on\r>From quoted\r");
        assert_eq!(got[2].0, b"From b@c Tue\rSubject: two\r\rbody\r");
        // CRLF lines are split at their LF.
        let crlf = b"From a\r\nSubject: one\r\n\r\nFrom b\r\nSubject: two\r\n";
        let got = messages(crlf, 1 << 20);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].0, b"From b\r\nSubject: two\r\n");
    }

    #[test]
    fn a_file_without_from_line_is_one_message() {
        let eml = b"Subject: x\n\nFrom the start\nFrom again\n";
        let got = messages(eml, 1 << 20);
        assert_eq!(got, vec![(eml.to_vec(), eml.len() as u64, false)]);
        assert!(messages(b"", 10).is_empty());
    }

    #[test]
    fn a_message_past_the_limit_is_handed_on_and_its_rest_skipped() {
        let mut mbox = b"From a\n".to_vec();
        mbox.extend(std::iter::repeat_n(b'x', 100));
        mbox.extend_from_slice(b"\nmore\nFrom b\nshort\n");
        let mut m = Mbox::new(&mbox[..], 20, Vec::new());
        let first = m.next_message().unwrap().unwrap();
        assert!(first.over);
        assert_eq!(first.bytes.len(), 21);
        let second = m.next_message().unwrap().unwrap();
        assert!(!second.over);
        assert_eq!(second.bytes, b"From b\nshort\n");
        assert!(m.next_message().unwrap().is_none());
        // Cut exactly at a line end: the next From line is not swallowed.
        let exact = b"From a\n12345678901234\nFrom b\nz\n";
        let got = messages(exact, 21);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].0, b"From b\nz\n");
    }

    #[test]
    fn an_endless_stream_stops_at_the_limit() {
        let mut m = Mbox::new(io::repeat(0), 1 << 20, Vec::new());
        let msg = m.next_message().unwrap().unwrap();
        assert!(msg.over);
        assert!(msg.size > 1 << 20 && msg.size <= (1 << 20) + CHUNK as u64);
        assert!(m.next_message().unwrap().is_none());
    }

    #[test]
    fn reads_across_chunk_boundaries() {
        // "From " split across the read boundary.
        let mut mbox = b"From a\n".to_vec();
        mbox.extend(std::iter::repeat_n(b'y', CHUNK - mbox.len() - 3));
        mbox.extend_from_slice(b"\nFrom b\nz\n");
        let got = messages(&mbox, 1 << 20);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].0, b"From b\nz\n");
    }
}
