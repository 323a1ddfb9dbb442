//! The reading thread: every input, message by message, handed on as jobs.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::mbox::{Mbox, Message};
use crate::run::Feeder;
use crate::walk::Input;

/// One message to classify: where it came from and its bytes, or why there
/// are none to classify.
pub struct Job {
    pub source: Source,
    pub bytes: Result<Vec<u8>, Failure>,
    /// Input bytes this job accounts for (for the progress line).
    pub size: u64,
}

/// Where a message came from. Every message is named the same way: the
/// path of its file, and its 1-based position when the file holds more than
/// one message.
#[derive(Clone)]
pub struct Source {
    /// The path as text (see `escape::path`); `-` for stdin.
    pub path: String,
    /// The path's bytes, when it is not UTF-8.
    pub bytes: Option<Vec<u8>>,
    pub index: Option<u32>,
}

impl Source {
    fn new(path: &Path) -> Source {
        let (path, bytes) = crate::escape::path(path);
        Source {
            path,
            bytes,
            index: None,
        }
    }

    fn stdin() -> Source {
        Source {
            path: "-".into(),
            bytes: None,
            index: None,
        }
    }

    fn at(&self, index: u32) -> Source {
        Source {
            index: Some(index),
            ..self.clone()
        }
    }
}

/// Why a job has no message to classify.
pub enum Failure {
    /// The input could not be read (exit status 2, said on stderr).
    Io(String),
    /// The message is over `max_input_bytes`.
    TooLarge(String),
}

/// Reads every input. One read buffer serves them all.
pub fn read_all(inputs: &[Input], limit: usize, feed: &mut Feeder<'_>) {
    let mut buf = Vec::new();
    for input in inputs {
        let ok = match input {
            Input::Stdin => read_stream(
                io::stdin().lock(),
                None,
                &Source::stdin(),
                limit,
                &mut buf,
                feed,
            ),
            Input::File(path, _) | Input::Stream(path) => {
                let source = Source::new(path);
                match File::open(path) {
                    Ok(f) => {
                        // A regular file's size sizes its buffer; a stream's
                        // is unknown.
                        let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
                        read_stream(f, size, &source, limit, &mut buf, feed)
                    }
                    Err(e) => feed.push(cannot_read(source, &e)),
                }
            }
            Input::Unreadable(path, why) => feed.push(Job {
                source: Source::new(path),
                bytes: Err(Failure::Io(why.clone())),
                size: 0,
            }),
        };
        if !ok {
            return;
        }
    }
    feed.flush();
}

/// One input: a single message, or each message of an mbox. Returns false
/// when the consumer has gone away.
fn read_stream(
    r: impl Read,
    size_hint: Option<u64>,
    source: &Source,
    limit: usize,
    buf: &mut Vec<u8>,
    feed: &mut Feeder<'_>,
) -> bool {
    let mut mbox = Mbox::new(r, limit, std::mem::take(buf));
    mbox.size_hint = size_hint;
    let ok = read_messages(&mut mbox, source, feed);
    *buf = mbox.into_buffer();
    ok
}

fn read_messages<R: Read>(mbox: &mut Mbox<R>, source: &Source, feed: &mut Feeder<'_>) -> bool {
    let limit = mbox.limit;
    let first = match mbox.next_message() {
        Ok(Some(m)) => m,
        Ok(None) => Message::default(),
        Err(e) => return feed.push(cannot_read(source.clone(), &e)),
    };
    if !first.mbox {
        return feed.push(job(source.clone(), first, limit));
    }
    // Numbered only when there is more than one message.
    let second = match mbox.next_message() {
        Ok(m) => m,
        Err(e) => {
            return feed.push(job(source.at(1), first, limit))
                && feed.push(cannot_read(source.at(2), &e));
        }
    };
    let Some(second) = second else {
        return feed.push(job(source.clone(), first, limit));
    };
    if !feed.push(job(source.at(1), first, limit)) || !feed.push(job(source.at(2), second, limit)) {
        return false;
    }
    for n in 3.. {
        match mbox.next_message() {
            Ok(Some(m)) => {
                if !feed.push(job(source.at(n), m, limit)) {
                    return false;
                }
            }
            Ok(None) => break,
            Err(e) => return feed.push(cannot_read(source.at(n), &e)),
        }
    }
    true
}

fn cannot_read(source: Source, e: &io::Error) -> Job {
    Job {
        source,
        bytes: Err(Failure::Io(format!("cannot read: {e}"))),
        size: 0,
    }
}

fn job(source: Source, m: Message, limit: usize) -> Job {
    // A message over the limit was not kept whole, nor read to its end.
    let bytes = if m.over {
        Err(Failure::TooLarge(format!(
            "input over the limit of {limit} bytes: reading stopped after {} bytes",
            m.size
        )))
    } else {
        Ok(m.bytes)
    };
    Job {
        source,
        bytes,
        size: m.size,
    }
}
