//! `bounce-cause [OPTIONS] PATH...`: classifies bounce emails in files,
//! directories (recursive; maildir included), mbox files or stdin (`-`) and
//! prints one JSON object per recipient (or a text block), optionally ending
//! with a summary table.
//!
//! Built for large inputs: one thread reads (mbox files are streamed message
//! by message, never loaded whole), all cores classify, and the output keeps
//! input order. Memory stays flat however large the input: a bounded window
//! of small chunks of messages is in flight between the reader and the
//! writer.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvError, SyncSender, sync_channel};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bounce_cause::{Classifier, Diagnosis, Error, Limits, Report};
use serde::Serialize;

const USAGE: &str = "usage: bounce-cause [--format jsonl|text|none] [--summary] [--jobs N] PATH...
  PATH          an .eml file, a directory (recursive, maildir included), an mbox file, or - for stdin
  --format      jsonl (default): one JSON object per recipient; text: a block per recipient;
                none: no per-recipient output (with --summary: the table alone)
  --summary     end with a table: recipients per cause and per reason, top domains per cause
  --jobs N      classify on N threads (default: all cores)
A progress line is shown on stderr when it is a terminal.";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Jsonl,
    Text,
    None,
}

struct Args {
    format: Format,
    summary: bool,
    jobs: Option<usize>,
    paths: Vec<String>,
}

fn parse_args() -> Result<Args, lexopt::Error> {
    use lexopt::prelude::*;
    let mut args = Args {
        format: Format::Jsonl,
        summary: false,
        jobs: None,
        paths: Vec::new(),
    };
    let mut p = lexopt::Parser::from_env();
    while let Some(arg) = p.next()? {
        match arg {
            Long("format") | Short('f') => {
                args.format = match p.value()?.string()?.as_str() {
                    "jsonl" | "json" => Format::Jsonl,
                    "text" => Format::Text,
                    "none" => Format::None,
                    other => return Err(format!("unknown format {other:?}").into()),
                }
            }
            Long("summary") | Short('s') => args.summary = true,
            Long("jobs") | Short('j') => {
                let n: usize = p.value()?.parse()?;
                args.jobs = Some(n.max(1));
            }
            Long("help") | Short('h') => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            Value(v) => args.paths.push(v.string()?),
            _ => return Err(arg.unexpected()),
        }
    }
    if args.paths.is_empty() {
        return Err("no PATH given".into());
    }
    Ok(args)
}

/// One message to classify: where it came from and its bytes, or why there
/// are none to classify.
struct Job {
    source: String,
    /// For a file holding several messages whose name says it is one message
    /// (`*.eml`): the message's 1-based position, reported beside `source`.
    index: Option<u32>,
    bytes: Result<Vec<u8>, String>,
    /// Input bytes this job accounts for (for the progress line).
    size: u64,
}

/// What a worker hands back for one job: the output, already formatted, and
/// what the summary needs.
struct Done {
    out: Vec<u8>,
    size: u64,
    /// (cause, reason, recipient domain) per recipient, with `--summary`.
    recipients: Vec<(&'static str, String, String)>,
    report: bool,
}

/// Messages travel from the reader to the classifying threads and on to the
/// writer in chunks of at most this many messages or (past) this many bytes:
/// handing each message on alone cost a thread wake-up or two per message,
/// a quarter of the CPU time on a large mbox.
const CHUNK_MESSAGES: usize = 16;
const CHUNK_BYTES: usize = 128 << 10;
/// Chunks read but not yet written, per classifying thread: one being
/// classified and one ready for when it is done (while the writer waits for
/// an earlier, slower one).
const WINDOW_CHUNKS_PER_THREAD: usize = 2;
/// Message bytes in that window, per classifying thread (a chunk larger than
/// the window is let in alone).
const WINDOW_BYTES_PER_THREAD: usize = 1 << 20;

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bounce-cause: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let threads = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    // No warm_up: the rule table compiles each group of patterns when a
    // message first needs it, so a small run compiles (and keeps) only those.
    let classifier = Classifier::new();

    let mut inputs = Vec::new();
    for p in &args.paths {
        if p == "-" {
            inputs.push(PathBuf::from("-"));
        } else {
            collect(Path::new(p), &mut inputs);
        }
    }
    let total: u64 = inputs
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let stdin_used = inputs.iter().any(|p| p == Path::new("-"));

    // One thread reads, `threads` classify, this one writes in input order.
    // The window bounds what is in flight between reading and writing: the
    // reader waits for room, the writer makes room as it writes.
    let chunks = threads * WINDOW_CHUNKS_PER_THREAD;
    let window = Window::new(chunks, threads * WINDOW_BYTES_PER_THREAD);
    let (job_tx, job_rx) = sync_channel::<Chunk<Job>>(chunks);
    let (done_tx, done_rx) = sync_channel::<Chunk<Done>>(chunks);
    let job_rx = Mutex::new(job_rx);
    let status = std::thread::scope(|s| {
        let window = &window;
        s.spawn(move || {
            read_all(
                &inputs,
                &mut Feeder {
                    tx: job_tx,
                    window,
                    seq: 0,
                    chunk: Vec::new(),
                    bytes: 0,
                },
            );
        });
        for _ in 0..threads {
            let (job_rx, done_tx, classifier) = (&job_rx, done_tx.clone(), &classifier);
            let (format, summary) = (args.format, args.summary);
            s.spawn(move || {
                let _stop = StopOnPanic(window);
                while let Ok(chunk) = next_chunk(job_rx) {
                    let done = Chunk {
                        seq: chunk.seq,
                        bytes: chunk.bytes,
                        items: chunk
                            .items
                            .into_iter()
                            .map(|job| process(classifier, job, format, summary))
                            .collect(),
                    };
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let status = write_all(&args, done_rx, window, (!stdin_used).then_some(total));
        // Written, or the output has gone away: either way the reader stops.
        window.close();
        status
    });
    if status.is_err() {
        // Broken pipe: the reader of our output has gone away.
        std::process::exit(0);
    }
}

/// Jobs, or their results, in input order: the chunk numbered `seq`.
struct Chunk<T> {
    seq: u64,
    /// Message bytes the chunk holds in the window.
    bytes: usize,
    items: Vec<T>,
}

fn next_chunk(rx: &Mutex<Receiver<Chunk<Job>>>) -> Result<Chunk<Job>, RecvError> {
    rx.lock().unwrap_or_else(PoisonError::into_inner).recv()
}

/// Writes the results in input order as they come (the window bounds how
/// many wait for an earlier one), keeps the progress line and the summary.
fn write_all(
    args: &Args,
    rx: Receiver<Chunk<Done>>,
    window: &Window,
    total: Option<u64>,
) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(64 << 10, stdout.lock());
    let mut summary = Summary::default();
    let mut progress = Progress::new(total);
    // `pending[i]` is chunk `next + i`, once it has come.
    let mut pending: VecDeque<Option<Chunk<Done>>> = VecDeque::new();
    let mut next = 0u64;
    for chunk in rx {
        let Some(i) = chunk
            .seq
            .checked_sub(next)
            .and_then(|i| usize::try_from(i).ok())
        else {
            continue;
        };
        if pending.len() <= i {
            pending.resize_with(i + 1, || None);
        }
        if let Some(slot) = pending.get_mut(i) {
            *slot = Some(chunk);
        }
        while let Some(Some(chunk)) = pending.front() {
            for d in &chunk.items {
                out.write_all(&d.out)?;
                progress.add(d.size);
                if args.summary {
                    summary.add(d);
                }
            }
            window.leave(chunk.bytes);
            pending.pop_front();
            next += 1;
        }
        progress.show();
    }
    progress.finish();
    if args.summary {
        if args.format != Format::None {
            writeln!(out)?;
        }
        summary.write(&mut out)?;
    }
    out.flush()
}

fn process(classifier: &Classifier, job: Job, format: Format, summary: bool) -> Done {
    let result = job.bytes.and_then(|b| {
        let r = classifier.classify(&b).map_err(|e| e.to_string());
        // The message is no longer needed while its output is made.
        drop(b);
        r
    });
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = match format {
        Format::Jsonl => write_jsonl(&mut out, &job.source, job.index, &result),
        Format::Text => write_text(&mut out, &job.source, job.index, &result),
        Format::None => Ok(()),
    };
    let recipients = match &result {
        Ok(report) if summary => report
            .recipients
            .iter()
            .map(|d| {
                let domain = d
                    .recipient
                    .rsplit_once('@')
                    .map(|(_, dom)| dom.to_ascii_lowercase())
                    .unwrap_or_default();
                (
                    d.cause.map_or("(none of the eight)", |c| c.as_str()),
                    d.reason.to_string(),
                    domain,
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    Done {
        out,
        size: job.size,
        recipients,
        report: result.is_ok(),
    }
}

/// Files under `path`, sorted per directory so that output order does not
/// depend on the file system. Hidden entries, maildir `tmp/` and our own
/// `.json`/`.jsonl` outputs are skipped.
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(rd) = std::fs::read_dir(path) else {
            files.push(path.to_path_buf());
            return;
        };
        let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for e in entries {
            let name = e.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.starts_with('.') || name == "tmp" {
                continue;
            }
            if e.is_dir() {
                collect(&e, files);
            } else if ![".json", ".jsonl", ".md"].iter().any(|x| name.ends_with(x)) {
                files.push(e);
            }
        }
    } else {
        files.push(path.to_path_buf());
    }
}

/// The reading thread: every input, message by message. One read buffer
/// serves every input.
fn read_all(inputs: &[PathBuf], feed: &mut Feeder<'_>) {
    let mut buf = Vec::new();
    for path in inputs {
        let source = path.display().to_string();
        let ok = if path == Path::new("-") {
            read_stream(io::stdin().lock(), None, &source, &mut buf, feed)
        } else {
            match File::open(path) {
                Ok(f) => {
                    let size = f.metadata().ok().map(|m| m.len());
                    read_stream(f, size, &source, &mut buf, feed)
                }
                Err(e) => feed.push(Job {
                    source,
                    index: None,
                    bytes: Err(format!("cannot read: {e}")),
                    size: 0,
                }),
            }
        };
        if !ok {
            return;
        }
    }
    feed.flush();
}

/// Hands the jobs read to the classifying threads in chunks, numbered in
/// input order, each once the window has room for it.
struct Feeder<'a> {
    tx: SyncSender<Chunk<Job>>,
    window: &'a Window,
    seq: u64,
    chunk: Vec<Job>,
    bytes: usize,
}

impl Feeder<'_> {
    /// Adds a job; false when the consumer has gone away.
    fn push(&mut self, job: Job) -> bool {
        self.bytes += job.bytes.as_ref().map_or(0, Vec::len);
        self.chunk.push(job);
        if self.chunk.len() >= CHUNK_MESSAGES || self.bytes >= CHUNK_BYTES {
            return self.flush();
        }
        true
    }

    /// Sends the chunk begun; false when the consumer has gone away.
    fn flush(&mut self) -> bool {
        if self.chunk.is_empty() {
            return true;
        }
        let bytes = std::mem::take(&mut self.bytes);
        if !self.window.enter(bytes) {
            return false;
        }
        let chunk = Chunk {
            seq: self.seq,
            bytes,
            items: std::mem::take(&mut self.chunk),
        };
        self.seq += 1;
        self.tx.send(chunk).is_ok()
    }
}

/// Bounds the chunks read but not yet written, in number and in bytes.
struct Window {
    max_chunks: usize,
    max_bytes: usize,
    state: Mutex<WindowState>,
    room: Condvar,
}

#[derive(Default)]
struct WindowState {
    /// Chunks and message bytes in flight.
    chunks: usize,
    bytes: usize,
    /// The reader waits for room (the writer wakes it only then).
    waiting: bool,
    /// The writer has finished.
    closed: bool,
}

impl Window {
    fn new(max_chunks: usize, max_bytes: usize) -> Self {
        Window {
            max_chunks: max_chunks.max(1),
            max_bytes,
            state: Mutex::new(WindowState::default()),
            room: Condvar::new(),
        }
    }

    /// Waits for room for a chunk of `bytes` (a chunk larger than the window
    /// enters when it is empty); false once the writer has finished.
    fn enter(&self, bytes: usize) -> bool {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if s.closed {
                return false;
            }
            if s.chunks == 0 || (s.chunks < self.max_chunks && s.bytes + bytes <= self.max_bytes) {
                s.chunks += 1;
                s.bytes += bytes;
                return true;
            }
            s.waiting = true;
            s = self.room.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// A chunk of `bytes` has been written.
    fn leave(&self, bytes: usize) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.chunks = s.chunks.saturating_sub(1);
        s.bytes = s.bytes.saturating_sub(bytes);
        if std::mem::take(&mut s.waiting) {
            self.room.notify_one();
        }
    }

    fn close(&self) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .closed = true;
        self.room.notify_all();
    }
}

/// Closes the window if a classifying thread panics: its chunk would never be
/// written, so the writer would make no more room and the reader would wait
/// for it forever. Closed, the reader stops, the other threads run out of
/// jobs, and the panic reaches `main`.
struct StopOnPanic<'a>(&'a Window);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.close();
        }
    }
}

/// One input: a single message, or each message of an mbox (a file that
/// starts with a `From ` line), named `source#N`. A file named `*.eml` names
/// one message: when it holds several, each keeps the file's name as
/// `source` and its position goes in `message_index`. Returns false when the
/// consumer has gone away.
fn read_stream(
    r: impl Read,
    size_hint: Option<u64>,
    source: &str,
    buf: &mut Vec<u8>,
    feed: &mut Feeder<'_>,
) -> bool {
    let mut mbox = Mbox::new(r, Limits::default().max_input_bytes, std::mem::take(buf));
    mbox.size_hint = size_hint;
    let ok = read_messages(&mut mbox, source, feed);
    *buf = mbox.into_buffer();
    ok
}

fn read_messages<R: Read>(mbox: &mut Mbox<R>, source: &str, feed: &mut Feeder<'_>) -> bool {
    let limit = mbox.limit;
    let one_message_name = Path::new(source)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("eml"));
    let name = |n: u32| -> (String, Option<u32>) {
        if one_message_name {
            (source.to_string(), Some(n))
        } else {
            (format!("{source}#{n}"), None)
        }
    };
    let first = match mbox.next_message() {
        Ok(Some(m)) => m,
        Ok(None) => Message::default(),
        Err(e) => return feed.push(cannot_read((source.to_string(), None), &e)),
    };
    if !first.mbox {
        return feed.push(job((source.to_string(), None), first, limit));
    }
    // Numbered only when there is more than one message.
    let second = match mbox.next_message() {
        Ok(m) => m,
        Err(e) => return feed.push(cannot_read((source.to_string(), None), &e)),
    };
    let Some(second) = second else {
        return feed.push(job((source.to_string(), None), first, limit));
    };
    if !feed.push(job(name(1), first, limit)) || !feed.push(job(name(2), second, limit)) {
        return false;
    }
    for n in 3.. {
        match mbox.next_message() {
            Ok(Some(m)) => {
                if !feed.push(job(name(n), m, limit)) {
                    return false;
                }
            }
            Ok(None) => break,
            Err(e) => return feed.push(cannot_read(name(n), &e)),
        }
    }
    true
}

fn cannot_read((source, index): (String, Option<u32>), e: &io::Error) -> Job {
    Job {
        source,
        index,
        bytes: Err(format!("cannot read: {e}")),
        size: 0,
    }
}

fn job((source, index): (String, Option<u32>), m: Message, limit: usize) -> Job {
    // A message over the limit was not kept whole: say what classify says.
    let bytes = if m.size > limit as u64 {
        Err(Error::TooLarge {
            size: usize::try_from(m.size).unwrap_or(usize::MAX),
            limit,
        }
        .to_string())
    } else {
        Ok(m.bytes)
    };
    Job {
        source,
        index,
        bytes,
        size: m.size,
    }
}

/// One message read from a stream.
#[derive(Default)]
struct Message {
    /// Its bytes, up to the size limit plus one.
    bytes: Vec<u8>,
    /// Its full size.
    size: u64,
    /// It came from an mbox (the stream starts with `From `).
    mbox: bool,
}

/// Reads a stream as an mbox (mboxo/mboxrd): a message starts at each line
/// that starts with `From `. A stream that does not start with `From ` is one
/// message. Memory: one buffer of `CHUNK` bytes (handed from stream to
/// stream) and the current message, kept up to `limit + 1` bytes (a longer
/// one is only counted).
struct Mbox<R> {
    src: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    started: bool,
    is_mbox: bool,
    /// The line end messages are split at: `\n`, or `\r` in an mbox whose
    /// lines end in a lone CR (old Mac mail programs).
    eol: u8,
    limit: usize,
    /// The stream's size, when known: a stream that is one message is read
    /// into a buffer of that size rather than one grown by doubling.
    size_hint: Option<u64>,
}

const CHUNK: usize = 64 << 10;

impl<R: Read> Mbox<R> {
    /// A reader of `src` that reads through `buf` (its contents are
    /// dropped, its allocation reused).
    fn new(src: R, limit: usize, mut buf: Vec<u8>) -> Self {
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
        }
    }

    /// The read buffer, for the next stream.
    fn into_buffer(self) -> Vec<u8> {
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

    fn take(&mut self, n: usize, m: &mut Message) {
        let room = (self.limit + 1).saturating_sub(m.bytes.len());
        let part = &self.buf[self.pos..self.pos + n];
        m.bytes.extend_from_slice(&part[..n.min(room)]);
        m.size += n as u64;
        self.pos += n;
    }

    fn next_message(&mut self) -> io::Result<Option<Message>> {
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
        self.fill(1)?;
        if self.unread().is_empty() {
            return Ok(None);
        }
        let mut m = Message {
            mbox: self.is_mbox,
            ..Message::default()
        };
        if !self.is_mbox {
            // One message: the whole stream.
            if let Some(size) = self.size_hint {
                let size = usize::try_from(size).unwrap_or(usize::MAX);
                m.bytes.reserve_exact(size.min(self.limit + 1));
            }
            loop {
                let n = self.unread().len();
                self.take(n, &mut m);
                self.fill(1)?;
                if self.unread().is_empty() {
                    return Ok(Some(m));
                }
            }
        }
        loop {
            match memchr::memchr(self.eol, self.unread()) {
                Some(k) => {
                    self.take(k + 1, &mut m);
                    self.fill(5)?;
                    if self.unread().starts_with(b"From ") || self.unread().is_empty() {
                        return Ok(Some(m));
                    }
                }
                None => {
                    let n = self.unread().len();
                    self.take(n, &mut m);
                    self.fill(1)?;
                    if self.unread().is_empty() {
                        return Ok(Some(m));
                    }
                }
            }
        }
    }
}

/// The progress line: only when stderr is a terminal, at most five times a
/// second, cleared at the end.
struct Progress {
    on: bool,
    start: Instant,
    last: Instant,
    messages: u64,
    bytes: u64,
    total: Option<u64>,
}

impl Progress {
    fn new(total: Option<u64>) -> Self {
        let now = Instant::now();
        Progress {
            on: io::stderr().is_terminal(),
            start: now,
            last: now,
            messages: 0,
            bytes: 0,
            total: total.filter(|&t| t > 0),
        }
    }

    fn add(&mut self, size: u64) {
        self.messages += 1;
        self.bytes += size;
    }

    fn show(&mut self) {
        if !self.on || self.last.elapsed() < Duration::from_millis(200) {
            return;
        }
        self.last = Instant::now();
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let rate = self.messages as f64 / secs;
        let left = match self.total {
            Some(t) if self.bytes > 0 && t > self.bytes => {
                let s = secs * (t - self.bytes) as f64 / self.bytes as f64;
                format!(", {} left", human_time(s))
            }
            _ => String::new(),
        };
        eprint!(
            "\r\x1b[K{} messages, {:.0}/s, {:.1} MB/s{left}",
            self.messages,
            rate,
            self.bytes as f64 / 1e6 / secs
        );
    }

    fn finish(&self) {
        if self.on && self.last != self.start {
            eprint!("\r\x1b[K");
        }
    }
}

fn human_time(s: f64) -> String {
    let s = s.round() as u64;
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, s / 60 % 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

/// Distinct recipient domains counted per cause; past it, a domain not yet
/// seen counts as "other domains" (keeps memory flat on huge inputs).
const MAX_DOMAINS: usize = 10_000;

#[derive(Default)]
struct Summary {
    messages: u64,
    reports: u64,
    recipients: u64,
    causes: HashMap<&'static str, u64>,
    reasons: HashMap<String, u64>,
    domains: HashMap<&'static str, (HashMap<String, u64>, u64)>,
}

impl Summary {
    fn add(&mut self, d: &Done) {
        self.messages += 1;
        self.reports += u64::from(d.report);
        for (cause, reason, domain) in &d.recipients {
            self.recipients += 1;
            *self.causes.entry(cause).or_default() += 1;
            *self.reasons.entry(reason.clone()).or_default() += 1;
            let (seen, other) = self.domains.entry(cause).or_default();
            if let Some(n) = seen.get_mut(domain) {
                *n += 1;
            } else if seen.len() < MAX_DOMAINS {
                seen.insert(domain.clone(), 1);
            } else {
                *other += 1;
            }
        }
    }

    fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let share = |n: u64| 100.0 * n as f64 / self.recipients.max(1) as f64;
        writeln!(
            out,
            "{} messages: {} reports, {} not a bounce or unreadable; {} recipients",
            self.messages,
            self.reports,
            self.messages - self.reports,
            self.recipients
        )?;
        let width = self
            .reasons
            .keys()
            .map(String::len)
            .chain(self.causes.keys().map(|k| k.len()))
            .max()
            .unwrap_or(0)
            .max(6);
        for (title, counts) in [
            (
                "cause",
                self.causes
                    .iter()
                    .map(|(k, v)| (*k, *v))
                    .collect::<Vec<_>>(),
            ),
            (
                "reason",
                self.reasons.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
            ),
        ] {
            writeln!(out)?;
            writeln!(out, "{title:<width$} {:>10} {:>7}", "recipients", "share")?;
            for (k, v) in sorted(counts) {
                writeln!(out, "{k:<width$} {v:>10} {:>6.1}%", share(v))?;
            }
        }
        writeln!(out)?;
        writeln!(out, "top recipient domains per cause")?;
        let mut causes: Vec<(&str, u64)> = self.causes.iter().map(|(k, v)| (*k, *v)).collect();
        causes = sorted(causes);
        for (cause, _) in causes {
            let Some((seen, other)) = self.domains.get(cause) else {
                continue;
            };
            let top: Vec<String> = sorted(seen.iter().map(|(k, v)| (k.as_str(), *v)).collect())
                .into_iter()
                .take(5)
                .map(|(d, n)| format!("{} {n}", if d.is_empty() { "(no domain)" } else { d }))
                .collect();
            let more = if *other > 0 {
                format!(", other domains {other}")
            } else {
                String::new()
            };
            writeln!(out, "{cause:<width$} {}{more}", top.join(", "))?;
        }
        Ok(())
    }
}

/// By count, largest first; ties by name, so that output is deterministic.
fn sorted<K: Ord>(mut v: Vec<(K, u64)>) -> Vec<(K, u64)> {
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

#[derive(Serialize)]
struct Line<'a> {
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_index: Option<u32>,
    kind: bounce_cause::Kind,
    format: &'a str,
    #[serde(flatten)]
    diagnosis: &'a Diagnosis,
    message_id: Option<&'a str>,
    original_subject: Option<&'a str>,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_index: Option<u32>,
    error: &'a str,
}

fn write_jsonl(
    out: &mut impl Write,
    source: &str,
    message_index: Option<u32>,
    result: &Result<Report, String>,
) -> io::Result<()> {
    match result {
        Ok(report) => {
            for d in &report.recipients {
                let line = Line {
                    source,
                    message_index,
                    kind: report.kind,
                    format: &report.format,
                    diagnosis: d,
                    message_id: report.original.message_id.as_deref(),
                    original_subject: report.original.subject.as_deref(),
                };
                serde_json::to_writer(&mut *out, &line)?;
                out.write_all(b"\n")?;
            }
        }
        Err(e) => {
            serde_json::to_writer(
                &mut *out,
                &ErrorLine {
                    source,
                    message_index,
                    error: e,
                },
            )?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

fn write_text(
    out: &mut impl Write,
    source: &str,
    message_index: Option<u32>,
    result: &Result<Report, String>,
) -> io::Result<()> {
    let named;
    let source = match message_index {
        Some(n) => {
            named = format!("{source} (message {n})");
            named.as_str()
        }
        None => source,
    };
    match result {
        Ok(report) => {
            for d in &report.recipients {
                writeln!(out, "{source}")?;
                writeln!(out, "  {:<12} {}", "recipient", d.recipient)?;
                writeln!(
                    out,
                    "  {:<12} {} / {}",
                    "status",
                    d.status
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "-".into()),
                    d.reply_code
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| "-".into())
                )?;
                writeln!(
                    out,
                    "  {:<12} {} ({})",
                    "reason",
                    d.reason,
                    if d.permanent {
                        "permanent"
                    } else {
                        "temporary"
                    }
                )?;
                writeln!(
                    out,
                    "  {:<12} {}",
                    "cause",
                    d.cause.map(|c| c.as_str()).unwrap_or("none of the eight")
                )?;
                if let Some(s) = &d.suggestion {
                    writeln!(out, "  {:<12} {s}", "did you mean")?;
                }
                let diag: String = d.diagnostic.chars().take(160).collect();
                writeln!(out, "  {:<12} {diag}", "diagnostic")?;
                writeln!(out, "  {:<12} {}", "rule", d.rule.as_deref().unwrap_or("-"))?;
                for (i, f) in d.fixes.iter().enumerate() {
                    let who = serde_json::to_value(f.actor)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "  {:<12} {}. [{who}] {}",
                        if i == 0 { "fixes" } else { "" },
                        i + 1,
                        f.step_in(bounce_cause::Lang::En)
                    )?;
                }
                writeln!(out)?;
            }
        }
        Err(e) => writeln!(out, "{source}\n  error: {e}\n")?,
    }
    Ok(())
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
        // CRLF lines are split at their LF, as before.
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
    fn keeps_a_long_message_only_up_to_the_limit() {
        let mut mbox = b"From a\n".to_vec();
        mbox.extend(std::iter::repeat_n(b'x', 100));
        mbox.extend_from_slice(b"\nFrom b\nshort\n");
        let got = messages(&mbox, 20);
        assert_eq!(got[0].0.len(), 21);
        assert_eq!(got[0].1, 108);
        assert_eq!(got[1].0, b"From b\nshort\n");
    }

    #[test]
    fn the_window_bounds_jobs_and_bytes() {
        let w = Window::new(2, 100);
        assert!(w.enter(60));
        // Over the byte bound: waits until a job is written.
        std::thread::scope(|s| {
            let waiter = s.spawn(|| w.enter(60));
            std::thread::sleep(Duration::from_millis(20));
            assert!(!waiter.is_finished());
            w.leave(60);
            assert!(waiter.join().unwrap());
        });
        assert!(w.enter(10));
        // At the chunk bound: closing lets a waiting reader stop.
        std::thread::scope(|s| {
            let waiter = s.spawn(|| w.enter(1));
            std::thread::sleep(Duration::from_millis(20));
            w.close();
            assert!(!waiter.join().unwrap());
        });
        // A job larger than the window enters an empty window.
        let w = Window::new(2, 100);
        assert!(w.enter(1000));
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
