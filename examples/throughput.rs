//! Corpus throughput: `cargo run --release --example throughput -- DIR [PASSES]`.
//!
//! Log lines: `cargo run --release --example throughput -- --lines FILE [PASSES]`
//! takes FILE as bare reply lines (`550 5.1.1 ...`), also wraps each in a
//! Postfix `status=bounced` log line, and times, alternating, N passes of
//! `read_log_line` + `classify_reply` over each set on one thread; it prints
//! lines/s of a pass, each slice of 64 lines at its median over the passes,
//! and each half (reading, classifying) alone.
//! Last, each bare line read and classified several times in a row: the
//! cost of a line whose tables and states are in the caches, for
//! comparison (the target is the lines one after another).
//!
//! Loads every file under DIR once, then times, on one thread and in the same
//! process, N passes of mail-parser's parse alone and N passes of `classify`,
//! alternating, and prints messages/s, MB/s and µs per message for each
//! (median pass), and their ratio.
//! The rule table is compiled before timing (`Classifier::warm_up`) and that
//! first build is timed on its own. Last, the rule matcher alone runs on
//! every line of the corpus, and the allocations it makes are counted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bounce_cause::__private::rule_for_text;
use bounce_cause::{Classifier, read_log_line};
use mail_parser::MessageParser;

/// Counts allocations, to show that the rule matcher makes none per call.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--lines") {
        args.next();
        let file = args.next().unwrap_or_else(|| {
            eprintln!("usage: throughput --lines FILE [PASSES]");
            std::process::exit(2);
        });
        let passes = args
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(20usize)
            .max(1);
        log_lines(&file, passes);
        return;
    }
    let Some(dir) = args.next() else {
        eprintln!("usage: throughput DIR [PASSES]");
        std::process::exit(2);
    };
    let passes: usize = args
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(20)
        .max(1);

    let mut paths = Vec::new();
    collect(Path::new(&dir), &mut paths);
    paths.sort();
    let inputs: Vec<Vec<u8>> = paths.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    if inputs.is_empty() {
        eprintln!("throughput: no files under {dir}");
        std::process::exit(1);
    }
    let bytes: usize = inputs.iter().map(Vec::len).sum();

    let classifier = Classifier::new();
    // An empty text decides nothing but builds the table to look: what the
    // first classify of a process pays before its rules' regexes.
    let t = Instant::now();
    black_box(rule_for_text(""));
    let table = t.elapsed();
    let t = Instant::now();
    classifier.warm_up();
    let regexes = t.elapsed();

    // One untimed pass of each warms caches and the lazily built decoders.
    let reports = inputs
        .iter()
        .filter(|m| classifier.classify(m).is_ok())
        .count();
    parse_pass(&inputs);

    let (parse, classify, ratio) = time_pairs(
        passes,
        || parse_pass(&inputs),
        || classify_pass(&classifier, &inputs),
    );

    println!(
        "corpus: {} messages, {:.2} MB, {} classified as bounces; {passes} passes, 1 thread",
        inputs.len(),
        bytes as f64 / 1e6,
        reports
    );
    println!(
        "rule table first build: {:.1} ms (literal set and pattern groups), then {:.1} ms to compile every rule regex (warm_up)",
        table.as_secs_f64() * 1e3,
        regexes.as_secs_f64() * 1e3
    );
    let n = (inputs.len() * passes) as f64;
    let mb = (bytes * passes) as f64 / 1e6;
    for (name, d) in [("parse only (mail-parser)", parse), ("classify", classify)] {
        let s = d.as_secs_f64();
        println!(
            "{name:<26} {:>9.0} msgs/s {:>8.1} MB/s {:>8.2} µs/msg",
            n / s,
            mb / s,
            s * 1e6 / n
        );
    }
    println!(
        "classify / parse:          {:.2}x (ratio of the medians; median of the {passes} per-pair ratios {ratio:.2}x)",
        classify.as_secs_f64() / parse.as_secs_f64()
    );

    // The matcher alone, on every line of every message: after one pass to
    // meet the rules, a second pass must not allocate.
    let lines: Vec<String> = inputs
        .iter()
        .flat_map(|m| {
            String::from_utf8_lossy(m)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|l| l.len() <= 4096)
        .collect();
    lines.iter().for_each(|l| {
        black_box(rule_for_text(l));
    });
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let t = Instant::now();
    lines.iter().for_each(|l| {
        black_box(rule_for_text(l));
    });
    let took = t.elapsed();
    let made = ALLOCATIONS.load(Ordering::Relaxed) - before;
    println!(
        "rule matcher alone:        {} lines, {:.2} µs/line, {made} allocations",
        lines.len(),
        took.as_secs_f64() * 1e6 / lines.len().max(1) as f64
    );
}

// Not inlined, so that a profiler can collect these alone:
// valgrind --tool=callgrind --collect-atstart=no --toggle-collect='throughput::classify_pass' ...
#[inline(never)]
fn parse_pass(inputs: &[Vec<u8>]) {
    for m in inputs {
        black_box(MessageParser::default().parse(black_box(m.as_slice())));
    }
}

#[inline(never)]
fn classify_pass(classifier: &Classifier, inputs: &[Vec<u8>]) {
    for m in inputs {
        let _ = black_box(classifier.classify(black_box(m)));
    }
}

/// Runs `f` and `g` in turn, `passes` times each: a parse pass, then a
/// classify pass, and again. Returns the median pass of each (times
/// `passes`), and the median of the per-pair ratios g / f. Alternating
/// keeps both under the same load: the machine is shared, and a busy spell
/// during one block of passes would skew a ratio of two blocks.
fn time_pairs(
    passes: usize,
    mut f: impl FnMut(),
    mut g: impl FnMut(),
) -> (Duration, Duration, f64) {
    let mut fs = Vec::with_capacity(passes);
    let mut gs = Vec::with_capacity(passes);
    let mut ratios = Vec::with_capacity(passes);
    for _ in 0..passes {
        let t = Instant::now();
        f();
        let a = t.elapsed();
        let t = Instant::now();
        g();
        let b = t.elapsed();
        fs.push(a);
        gs.push(b);
        ratios.push(b.as_secs_f64() / a.as_secs_f64().max(1e-9));
    }
    fs.sort();
    gs.sort();
    ratios.sort_by(f64::total_cmp);
    let median = |v: &[Duration]| v[v.len() / 2] * passes as u32;
    (median(&fs), median(&gs), ratios[ratios.len() / 2])
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(rd) = std::fs::read_dir(path) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.starts_with('.') || name.ends_with(".json") || name.ends_with(".jsonl") {
                continue;
            }
            collect(&p, out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}

/// `--lines FILE`: bare replies, and the same replies in Postfix log lines.
///
/// Timed as [`sliced`] says: passes over each set in turn, each slice of
/// 64 lines at its median over the passes.
fn log_lines(file: &str, passes: usize) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| {
        eprintln!("throughput: {file}: {e}");
        std::process::exit(1);
    });
    let bare: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    let postfix: Vec<String> = bare
        .iter()
        .enumerate()
        .map(|(i, reply)| {
            let dsn = bounce_cause::EnhancedStatus::find(reply)
                .map_or_else(|| "5.0.0".to_string(), |s| s.to_string());
            format!(
                "Nov  2 10:00:01 out1 postfix/smtp[4101]: 4Bc9Q{i:05X}: to=<r{i}@example.com>, \
                 relay=mx.example.com[192.0.2.10]:25, delay=1.4, delays=0.1/0/0.6/0.7, dsn={dsn}, \
                 status=bounced (host mx.example.com[192.0.2.10] said: {reply} (in reply to RCPT TO command))"
            )
        })
        .collect();
    let classifier = Classifier::new();
    classifier.warm_up();
    let recognised = |lines: &[String]| {
        lines
            .iter()
            .filter(|l| !read_log_line(l).is_empty())
            .count()
    };
    println!(
        "{} reply lines ({} recognised), {} Postfix lines ({} recognised); {passes} passes in slices of {SLICE} lines, 1 thread",
        bare.len(),
        recognised(&bare),
        postfix.len(),
        recognised(&postfix)
    );
    let replies: Vec<_> = postfix
        .iter()
        .flat_map(|l| read_log_line(l))
        .map(|r| r.reply)
        .collect();
    let texts: Vec<&str> = replies.iter().map(|r| r.text.as_str()).collect();
    // Untimed: every rule group the lines need is compiled.
    warm_pass(&classifier, &bare);
    warm_pass(&classifier, &postfix);
    for t in &texts {
        black_box(rule_for_text(black_box(t)));
    }
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    bare_pass(&classifier, &bare);
    let bare_allocs = ALLOCATIONS.load(Ordering::Relaxed) - before;
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    postfix_pass(&classifier, &postfix);
    let postfix_allocs = ALLOCATIONS.load(Ordering::Relaxed) - before;

    let full = sliced(passes, &bare, &postfix, |l, set| match set {
        Set::A => bare_pass(&classifier, l),
        Set::B => postfix_pass(&classifier, l),
    });
    let read = sliced(passes, &bare, &postfix, |l, _| read_pass(l));
    let classify = sliced(passes, &replies, &replies, |rs, _| {
        for r in rs {
            black_box(classifier.classify_reply(black_box(r)));
        }
    });
    let matcher = sliced(passes, &texts, &texts, |ts, _| matcher_pass(ts));
    // Each line several times in a row: what a line costs when the caches
    // hold what it needs, which the catalogue's lines one after another
    // (each from another server, in other words) do not.
    let warm = sliced(passes, &bare, &bare, |l, _| repeat_pass(&classifier, l));
    println!("lines/s (µs/line), each slice of {SLICE} at its median pass:");
    let show = |name: &str, us: f64| println!("  {name:<38} {:>10.0} ({us:.2} µs)", 1e6 / us);
    show("bare replies: read + classify", full.0);
    show("Postfix lines: read + classify", full.1);
    show("bare replies: read only", read.0);
    show("Postfix lines: read only", read.1);
    show("the replies: classify_reply only", classify.0);
    show("the replies' texts: rule matcher alone", matcher.0);
    show(
        &format!("bare replies, each {REPEAT}x in a row"),
        warm.0 / REPEAT as f64,
    );
    println!("Postfix / bare: {:.2}x", full.1 / full.0);
    println!(
        "allocations per line, read + classify: bare {:.1}, Postfix {:.1}",
        bare_allocs as f64 / bare.len().max(1) as f64,
        postfix_allocs as f64 / postfix.len().max(1) as f64
    );
}

const SLICE: usize = 64;

/// How many times in a row `repeat_pass` reads and classifies each line.
const REPEAT: usize = 8;

/// Which of the two sets a slice is from.
#[derive(Clone, Copy)]
enum Set {
    A,
    B,
}

/// µs per line of `f` over `a` and over `b`: `passes` passes over each set,
/// a pass over `a` then one over `b`, each timed in slices of 64 lines. A
/// slice's time is its median over the passes, and a set's figure is the
/// sum of its slices' medians over its lines: the time of a pass over the
/// whole set, each slice at its typical speed.
///
/// A slice is a fraction of a millisecond, so on a busy machine most slices
/// run without being preempted, and the median is the speed of one core
/// rather than of the share the scheduler gave. Summing the slices weighs
/// each line once: the median of all slices' per-line times instead leans
/// to the slices of costlier lines (5 % more on the catalogue's replies),
/// and alternating the sets slice by slice puts the other set's work
/// between every 64 lines, which no log read in one format does (15 % more).
fn sliced<T>(passes: usize, a: &[T], b: &[T], mut f: impl FnMut(&[T], Set)) -> (f64, f64) {
    let mut times = [
        vec![Vec::with_capacity(passes); a.len().div_ceil(SLICE)],
        vec![Vec::with_capacity(passes); b.len().div_ceil(SLICE)],
    ];
    for _ in 0..passes {
        for (lines, set, slices) in [(a, Set::A, 0), (b, Set::B, 1)] {
            for (s, out) in lines.chunks(SLICE).zip(times[slices].iter_mut()) {
                let t = Instant::now();
                f(s, set);
                out.push(t.elapsed().as_secs_f64() * 1e6);
            }
        }
    }
    let per_line = |slices: &mut [Vec<f64>], lines: usize| {
        let total: f64 = slices
            .iter_mut()
            .map(|v| {
                v.sort_by(f64::total_cmp);
                v.get(v.len() / 2).copied().unwrap_or(0.0)
            })
            .sum();
        total / lines.max(1) as f64
    };
    let [ta, tb] = &mut times;
    (per_line(ta, a.len()), per_line(tb, b.len()))
}

// The passes are separate functions, not inlined, so that a profiler can
// collect one kind of line alone, after the untimed warm-up:
// valgrind --tool=callgrind --collect-atstart=no --toggle-collect='throughput::bare_pass' \
//   target/profiling/examples/throughput --lines FILE 1
#[inline(never)]
fn warm_pass(classifier: &Classifier, lines: &[String]) {
    // Each pass a body of its own: identical functions would be merged.
    black_box("warm");
    lines_pass(classifier, lines);
}

#[inline(never)]
fn bare_pass(classifier: &Classifier, lines: &[String]) {
    black_box("bare");
    lines_pass(classifier, lines);
}

#[inline(never)]
fn postfix_pass(classifier: &Classifier, lines: &[String]) {
    black_box("postfix");
    lines_pass(classifier, lines);
}

#[inline(never)]
fn repeat_pass(classifier: &Classifier, lines: &[String]) {
    for l in lines {
        for _ in 0..REPEAT {
            lines_pass(classifier, std::slice::from_ref(l));
        }
    }
}

#[inline(never)]
fn matcher_pass(texts: &[&str]) {
    for t in texts {
        black_box(rule_for_text(black_box(t)));
    }
}

#[inline(always)]
fn lines_pass(classifier: &Classifier, lines: &[String]) {
    for l in lines {
        for r in read_log_line(black_box(l)) {
            black_box(classifier.classify_reply(&r.reply));
        }
    }
}

#[inline(never)]
fn read_pass(lines: &[String]) {
    for l in lines {
        black_box(read_log_line(black_box(l)));
    }
}
