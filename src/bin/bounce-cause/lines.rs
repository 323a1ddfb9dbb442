//! `--lines`: MTA logs, sending services' JSON events and bare replies, read
//! line by line. One thread reads lines into batches, `jobs` threads read
//! and classify them, this thread writes the output in input order. A fixed
//! number of batches is in flight, so memory stays flat over any log.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Mutex, PoisonError};

use bounce_cause::{
    Action, Classifier, Diagnosis, Kind, LogRecord, MAX_LOG_LINE_BYTES, read_log_line,
};
use serde::Serialize;

use crate::args::{Args, Format};
use crate::escape::{self, json_line};

/// Lines per batch, and bytes past which a batch is sent early.
const BATCH_LINES: usize = 2048;
const BATCH_BYTES: usize = 512 << 10;
/// Batches read but not yet written, per classifying thread.
const IN_FLIGHT_PER_THREAD: usize = 3;

/// What a `--lines` run found.
#[derive(Default)]
pub struct Outcome {
    /// At least one failed recipient.
    pub found: bool,
    /// An input could not be opened or read to its end.
    pub input_error: bool,
    pub counts: Counts,
}

/// Lines and recipients counted, for `--summary`.
#[derive(Default, Serialize, Clone)]
pub struct Counts {
    pub lines_read: u64,
    pub lines_recognised: u64,
    pub lines_skipped: u64,
    /// Skipped lines over the length cap.
    pub lines_too_long: u64,
    pub failed: u64,
    pub delayed: u64,
    /// Failed recipients per cause (`none` for none of the eight).
    pub causes: BTreeMap<&'static str, u64>,
    /// Recognised lines per format.
    pub formats: BTreeMap<&'static str, u64>,
}

impl Counts {
    fn merge(&mut self, o: &Counts) {
        self.lines_read += o.lines_read;
        self.lines_recognised += o.lines_recognised;
        self.lines_skipped += o.lines_skipped;
        self.lines_too_long += o.lines_too_long;
        self.failed += o.failed;
        self.delayed += o.delayed;
        for (k, v) in &o.causes {
            *self.causes.entry(k).or_default() += v;
        }
        for (k, v) in &o.formats {
            *self.formats.entry(k).or_default() += v;
        }
    }

    /// The table `--summary` writes to stderr.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "lines read        {}", self.lines_read)?;
        writeln!(out, "  recognised      {}", self.lines_recognised)?;
        writeln!(out, "  skipped         {}", self.lines_skipped)?;
        if self.lines_too_long > 0 {
            writeln!(
                out,
                "    too long      {} (over {} KiB)",
                self.lines_too_long,
                MAX_LOG_LINE_BYTES >> 10
            )?;
        }
        for (f, n) in &self.formats {
            writeln!(out, "  {f:<15} {n}")?;
        }
        writeln!(out, "recipients failed {}", self.failed)?;
        let mut causes: Vec<_> = self.causes.iter().collect();
        causes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (c, n) in causes {
            writeln!(out, "  {c:<22} {n}")?;
        }
        writeln!(out, "recipients delayed {}", self.delayed)
    }
}

/// One line of a log: where it is and its text (none when over the cap).
struct Line {
    number: u64,
    text: Option<String>,
}

struct Batch {
    seq: u64,
    /// The source's name as printed (`PATH` in `PATH:LINE`).
    path: std::sync::Arc<str>,
    lines: Vec<Line>,
}

struct Done {
    seq: u64,
    out: Vec<u8>,
    counts: Counts,
}

/// Reads every path (`-` is stdin) line by line.
pub fn run(args: &Args, classifier: &Classifier) -> Outcome {
    let threads = args.jobs.max(1);
    let in_flight = threads * IN_FLIGHT_PER_THREAD;
    let (job_tx, job_rx) = sync_channel::<Batch>(in_flight);
    let (done_tx, done_rx) = sync_channel::<Done>(in_flight);
    // A token per batch in flight: the reader takes one before it sends a
    // batch, the writer gives it back once the batch is written.
    let (token_tx, token_rx) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = token_tx.send(());
    }
    let job_rx = Mutex::new(job_rx);
    let mut outcome = Outcome::default();
    std::thread::scope(|s| {
        let reader = s.spawn(move || read_all(&args.paths, &job_tx, &token_rx));
        for _ in 0..threads {
            let (job_rx, done_tx, classifier) = (&job_rx, done_tx.clone(), classifier);
            s.spawn(move || {
                loop {
                    let batch = job_rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    let Ok(batch) = batch else { break };
                    if done_tx.send(process(classifier, batch, args)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        // Written, or stdout has gone away (a closed pipe): either way the
        // reader stops once its token source is gone.
        let _ = write_all(done_rx, &token_tx, &mut outcome);
        drop(token_tx);
        let (read_errors, counts) = reader.join().unwrap_or_default();
        outcome.input_error |= read_errors;
        outcome.counts.merge(&counts);
    });
    outcome
}

/// Reads the paths into batches; returns whether an input failed, and the
/// lines the reader counted alone (those over the cap).
fn read_all(
    paths: &[std::ffi::OsString],
    tx: &SyncSender<Batch>,
    tokens: &Receiver<()>,
) -> (bool, Counts) {
    let mut seq = 0u64;
    let mut failed = false;
    let mut counts = Counts::default();
    for p in paths {
        let (shown, _) = escape::path(Path::new(p));
        let name: std::sync::Arc<str> = shown.as_str().into();
        let input: Box<dyn Read> = if p == "-" {
            Box::new(io::stdin().lock())
        } else {
            match File::open(p) {
                Ok(f) if f.metadata().is_ok_and(|m| m.is_dir()) => {
                    eprintln!(
                        "bounce-cause: {}: is a directory (--lines reads files)",
                        escape::terminal(&shown)
                    );
                    failed = true;
                    continue;
                }
                Ok(f) => Box::new(f),
                Err(e) => {
                    eprintln!("bounce-cause: {}: {e}", escape::terminal(&shown));
                    failed = true;
                    continue;
                }
            }
        };
        let mut reader = BufReader::with_capacity(256 << 10, input);
        let mut batch = Vec::new();
        let mut bytes = 0usize;
        let mut number = 0u64;
        let mut buf = Vec::new();
        loop {
            match read_capped(&mut reader, &mut buf) {
                Ok(None) => break,
                Ok(Some(too_long)) => {
                    number += 1;
                    let text = if too_long {
                        counts.lines_too_long += 1;
                        None
                    } else {
                        bytes += buf.len();
                        Some(String::from_utf8_lossy(&buf).into_owned())
                    };
                    batch.push(Line { number, text });
                    if batch.len() >= BATCH_LINES || bytes >= BATCH_BYTES {
                        if !send(tx, tokens, &mut seq, &name, &mut batch) {
                            return (failed, counts);
                        }
                        bytes = 0;
                    }
                }
                Err(e) => {
                    eprintln!(
                        "bounce-cause: {}: after line {number}: {e}",
                        escape::terminal(&shown)
                    );
                    failed = true;
                    break;
                }
            }
        }
        if !send(tx, tokens, &mut seq, &name, &mut batch) {
            return (failed, counts);
        }
    }
    (failed, counts)
}

fn send(
    tx: &SyncSender<Batch>,
    tokens: &Receiver<()>,
    seq: &mut u64,
    path: &std::sync::Arc<str>,
    lines: &mut Vec<Line>,
) -> bool {
    if lines.is_empty() {
        return true;
    }
    if tokens.recv().is_err() {
        return false;
    }
    let batch = Batch {
        seq: *seq,
        path: path.clone(),
        lines: std::mem::take(lines),
    };
    *seq += 1;
    tx.send(batch).is_ok()
}

/// Reads one line into `buf` (without its end), keeping at most the cap and
/// skipping the rest of a longer line without holding it: `Some(true)` for a
/// line over the cap, `None` at the end of the input. A last line without
/// a line end is a line.
fn read_capped(r: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(any.then_some(too_long));
        }
        any = true;
        let (part, used, end) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (&chunk[..i], i + 1, true),
            None => (chunk, chunk.len(), false),
        };
        if !too_long {
            if buf.len() + part.len() > MAX_LOG_LINE_BYTES {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(part);
            }
        }
        r.consume(used);
        if end {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(too_long));
        }
    }
}

/// One JSON object per recipient: the fields of the mail mode, the log's
/// queue id and time, `source` as `PATH:LINE`.
#[derive(Serialize)]
struct OutLine<'a> {
    source: &'a str,
    kind: Kind,
    format: &'a str,
    reporting_mta: Option<&'a str>,
    date: Option<&'a str>,
    #[serde(flatten)]
    diagnosis: &'a Diagnosis,
    message_id: Option<&'a str>,
    original_subject: Option<&'a str>,
    original_sender: Option<&'a str>,
    original_to: Option<&'a str>,
    truncated: bool,
    queue_id: Option<&'a str>,
    time: Option<&'a str>,
}

fn process(classifier: &Classifier, batch: Batch, args: &Args) -> Done {
    let mut out = Vec::new();
    let mut counts = Counts::default();
    let mut source = String::new();
    for line in &batch.lines {
        counts.lines_read += 1;
        let records = line.text.as_deref().map(read_log_line).unwrap_or_default();
        if records.is_empty() {
            counts.lines_skipped += 1;
            continue;
        }
        counts.lines_recognised += 1;
        *counts
            .formats
            .entry(records[0].format.as_str())
            .or_default() += 1;
        for r in &records {
            let d = classifier.classify_reply(&r.reply);
            count(&mut counts, r, &d);
            if args.format == Format::Jsonl {
                source.clear();
                use std::fmt::Write as _;
                let _ = write!(source, "{}:{}", batch.path, line.number);
                let _ = json_line(
                    &mut out,
                    &OutLine {
                        source: &source,
                        kind: match r.action {
                            Action::Delayed => Kind::Delayed,
                            _ => Kind::Failed,
                        },
                        format: r.format.as_str(),
                        reporting_mta: None,
                        date: None,
                        diagnosis: &d,
                        message_id: None,
                        original_subject: None,
                        original_sender: None,
                        original_to: None,
                        truncated: false,
                        queue_id: r.queue_id.as_deref(),
                        time: r.time.as_deref(),
                    },
                );
            }
        }
    }
    Done {
        seq: batch.seq,
        out,
        counts,
    }
}

fn count(counts: &mut Counts, r: &LogRecord, d: &Diagnosis) {
    if r.action == Action::Delayed {
        counts.delayed += 1;
    } else {
        counts.failed += 1;
        let cause = d.cause.map_or("(none of the eight)", |c| c.as_str());
        *counts.causes.entry(cause).or_default() += 1;
    }
}

/// Writes the batches in input order; each written batch frees a token.
fn write_all(rx: Receiver<Done>, tokens: &SyncSender<()>, outcome: &mut Outcome) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(64 << 10, stdout.lock());
    let mut pending: HashMap<u64, Done> = HashMap::new();
    let mut next = 0u64;
    for done in rx {
        pending.insert(done.seq, done);
        while let Some(d) = pending.remove(&next) {
            out.write_all(&d.out)?;
            outcome.found |= d.counts.failed > 0;
            outcome.counts.merge(&d.counts);
            next += 1;
            let _ = tokens.send(());
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<(Vec<u8>, bool)> {
        let mut r = BufReader::with_capacity(7, input);
        let mut buf = Vec::new();
        let mut got = Vec::new();
        while let Some(long) = read_capped(&mut r, &mut buf).unwrap() {
            got.push((buf.clone(), long));
        }
        got
    }

    #[test]
    fn reads_lines_with_a_cap() {
        let got = lines(b"a\r\nbb\n\nlast");
        let want: Vec<(Vec<u8>, bool)> = vec![
            (b"a".to_vec(), false),
            (b"bb".to_vec(), false),
            (b"".to_vec(), false),
            (b"last".to_vec(), false),
        ];
        assert_eq!(got, want);
        let mut big = vec![b'x'; MAX_LOG_LINE_BYTES + 10];
        big.extend_from_slice(b"\nok\n");
        let got = lines(&big);
        assert_eq!(got.len(), 2);
        assert!(got[0].1 && got[0].0.is_empty());
        assert_eq!(got[1], (b"ok".to_vec(), false));
        assert!(lines(b"").is_empty());
    }
}
