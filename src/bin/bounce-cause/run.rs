//! The run: one thread reads, `jobs` threads classify, this thread writes in
//! input order. A bounded window of small chunks of messages is in flight
//! between the reader and the writer, so memory stays flat however large
//! the input.

use std::collections::VecDeque;
use std::io::{self, BufWriter, Write};
use std::sync::mpsc::{Receiver, RecvError, SyncSender, sync_channel};
use std::sync::{Condvar, Mutex, PoisonError};

use bounce_cause::{Classifier, Error, Limits};

use crate::args::{Args, Format};
use crate::html;
use crate::print::{self, Classified};
use crate::progress::Progress;
use crate::read::{self, Failure, Job};
use crate::summary::{Outcome, Summary};
use crate::walk::Input;

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

/// What a run found, for the exit status and the summary.
#[derive(Default)]
pub struct Outcomes {
    /// At least one failed recipient.
    pub found: bool,
    /// At least one input could not be read.
    pub input_error: bool,
    pub summary: Summary,
    /// stdout went away (a closed pipe): the run stopped there.
    pub stdout_closed: bool,
    /// With `--report`: what the HTML page shows.
    pub report: Option<html::Aggregate>,
}

/// What a worker hands back for one job: the output, already formatted, and
/// what the writer counts.
struct Done {
    out: Vec<u8>,
    size: u64,
    /// An input error, for stderr (escaped).
    error: Option<String>,
    outcome: Outcome,
    /// Recipients per category (see `summary::Category`).
    counts: [u64; 5],
    /// With `--report`: the failed recipients, as the report counts them.
    rows: Vec<html::Row>,
}

/// Runs over `inputs`.
pub fn run(
    args: &Args,
    inputs: Vec<Input>,
    classifier: Classifier,
    verifier: Option<&crate::verify::Run>,
) -> Outcomes {
    let limits = Limits::default();
    // No warm_up: the rule table compiles each group of patterns when a
    // message first needs it, so a small run compiles (and keeps) only those.
    let classifier = classifier.limits(limits);
    let streams = inputs
        .iter()
        .any(|i| matches!(i, Input::Stdin | Input::Stream(_)));
    let total: u64 = inputs
        .iter()
        .map(|i| match i {
            Input::File(_, size) => *size,
            _ => 0,
        })
        .sum();
    let threads = args.jobs.max(1);
    let chunks = threads * WINDOW_CHUNKS_PER_THREAD;
    let window = Window::new(chunks, threads * WINDOW_BYTES_PER_THREAD);
    let (job_tx, job_rx) = sync_channel::<Chunk<Job>>(chunks);
    let (done_tx, done_rx) = sync_channel::<Chunk<Done>>(chunks);
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|s| {
        let window = &window;
        let inputs = &inputs;
        s.spawn(move || {
            read::read_all(
                inputs,
                limits.max_input_bytes,
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
            s.spawn(move || {
                let _stop = StopOnPanic(window);
                while let Ok(chunk) = next_chunk(job_rx) {
                    let done = Chunk {
                        seq: chunk.seq,
                        bytes: chunk.bytes,
                        items: chunk
                            .items
                            .into_iter()
                            .map(|job| process(classifier, job, args, verifier))
                            .collect(),
                    };
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut outcomes = Outcomes {
            report: args.report.is_some().then(html::Aggregate::default),
            ..Outcomes::default()
        };
        let progress = Progress::new(
            crate::progress::wanted(args.progress),
            (!streams).then_some(total),
        );
        outcomes.stdout_closed = write_all(done_rx, window, progress, &mut outcomes).is_err();
        // Written, or the output has gone away: either way the reader stops.
        window.close();
        outcomes
    })
}

fn process(
    classifier: &Classifier,
    job: Job,
    args: &Args,
    verifier: Option<&crate::verify::Run>,
) -> Done {
    let mut error = None;
    let (result, outcome) = match job.bytes {
        Ok(b) => {
            // Only JSON Lines shows the date.
            let date = (args.format == Format::Jsonl)
                .then(|| print::bounce_date(&b))
                .flatten();
            let r = if args.explain {
                classifier.explain(&b).map(|e| (e.report, e.matches))
            } else {
                classifier.classify(&b).map(|r| (r, Vec::new()))
            };
            // The message is no longer needed while its output is made.
            drop(b);
            match r {
                Ok((report, matches)) => {
                    let verify = crate::verify::report(verifier, &report);
                    (
                        Ok(Classified {
                            report,
                            date,
                            matches,
                            verify,
                        }),
                        None,
                    )
                }
                Err(e @ Error::TooLarge { .. }) => (Err(e.to_string()), Some(Outcome::TooLarge)),
                Err(e) => (Err(e.to_string()), Some(Outcome::NotABounce)),
            }
        }
        Err(Failure::Io(e)) => {
            error = Some(format!(
                "{}: {}",
                print::source_text(&job.source),
                crate::escape::terminal(&e)
            ));
            (Err(e), Some(Outcome::Unreadable))
        }
        Err(Failure::TooLarge(e)) => (Err(e), Some(Outcome::TooLarge)),
    };
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = match args.format {
        Format::Jsonl => print::write_jsonl(&mut out, &job.source, &result),
        Format::Human => crate::human::write(&mut out, &job.source, &result, args.lang, args.color),
        Format::Text => print::write_text(&mut out, &job.source, &result, args.color),
        Format::None => Ok(()),
    };
    let (outcome, counts) = match (outcome, &result) {
        (Some(o), _) => (o, [0; 5]),
        (None, Ok(c)) => Outcome::of(&c.report, &c.verify),
        (None, Err(_)) => (Outcome::NotABounce, [0; 5]),
    };
    let rows = match (&result, args.report.is_some()) {
        (Ok(c), true) => html::rows(&c.report),
        _ => Vec::new(),
    };
    Done {
        out,
        size: job.size,
        error,
        outcome,
        counts,
        rows,
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
/// many wait for an earlier one); input errors also go to stderr, after the
/// progress line is cleared.
fn write_all(
    rx: Receiver<Chunk<Done>>,
    window: &Window,
    mut progress: Progress,
    outcomes: &mut Outcomes,
) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(64 << 10, stdout.lock());
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
        while let Some(Some(_)) = pending.front() {
            let Some(Some(chunk)) = pending.pop_front() else {
                break;
            };
            for d in chunk.items {
                out.write_all(&d.out)?;
                if let Some(e) = &d.error {
                    // stdout first, so that a terminal shows both in order.
                    out.flush()?;
                    progress.clear();
                    eprintln!("bounce-cause: {e}");
                    outcomes.input_error = true;
                }
                outcomes.found |= d.counts[0] > 0;
                outcomes.summary.add(&d.outcome, &d.counts);
                if let Some(r) = &mut outcomes.report {
                    r.add(&d.outcome, &d.counts, d.rows);
                }
                progress.add(d.size);
            }
            window.leave(chunk.bytes);
            next += 1;
        }
        progress.show();
    }
    progress.clear();
    out.flush()
}

/// Hands the jobs read to the classifying threads in chunks, numbered in
/// input order, each once the window has room for it.
pub struct Feeder<'a> {
    tx: SyncSender<Chunk<Job>>,
    window: &'a Window,
    seq: u64,
    chunk: Vec<Job>,
    bytes: usize,
}

impl Feeder<'_> {
    /// Adds a job; false when the consumer has gone away.
    pub fn push(&mut self, job: Job) -> bool {
        self.bytes += job.bytes.as_ref().map_or(0, Vec::len);
        self.chunk.push(job);
        if self.chunk.len() >= CHUNK_MESSAGES || self.bytes >= CHUNK_BYTES {
            return self.flush();
        }
        true
    }

    /// Sends the chunk begun; false when the consumer has gone away.
    pub fn flush(&mut self) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

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
}
