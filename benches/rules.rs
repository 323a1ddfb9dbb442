//! The rule matcher alone, and the first build of the rule table:
//!
//! ```sh
//! cargo bench --bench rules
//! ```
//!
//! - `matcher/<line>`: `rule_for_text` on typical diagnostic lines (the
//!   literal pass, then anchored searches of the rules it names).
//! - `table/first-build`: building the rule table (prefix literals and their
//!   hash tables) in a fresh process, as the first `classify` of a process
//!   pays it; the rule regexes then compile group by group on first use.
//! - `table/warm-up`: `Classifier::warm_up()` in a fresh process: the table
//!   and every rule regex. Target (issue 5): under 50 ms.
//!
//! A fresh process per measurement: the table is built once per process.

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use bounce_cause::__private::rule_for_text;
use bounce_cause::Classifier;
use criterion::{Criterion, Throughput, criterion_group};

/// Diagnostic lines as servers write them; the last ones match no rule text.
const LINES: &[(&str, &str)] = &[
    (
        "postfix-user-unknown",
        "550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
    ),
    (
        "gmail-no-such-user",
        "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.",
    ),
    (
        "mailbox-full",
        "552 5.2.2 <bob@example.org>: Mailbox full, quota exceeded",
    ),
    (
        "spamhaus",
        "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1",
    ),
    (
        "dmarc",
        "550 5.7.26 This mail has been blocked because the sender is unauthenticated. DMARC policy of example.com requires authentication.",
    ),
    (
        "timeout",
        "Connection timed out while talking to mx.example.net [192.0.2.9]; retry timeout exceeded",
    ),
    (
        "japanese",
        "550 5.1.1 宛先のメールアドレスが見つかりません (unknown user)",
    ),
    ("no-rule", "250 2.0.0 Ok: queued as 4F2A1B0C3D"),
];

const CHILD: &str = "BOUNCE_CAUSE_BENCH_CHILD";

fn matcher(c: &mut Criterion) {
    Classifier::new().warm_up();
    let mut group = c.benchmark_group("matcher");
    for (name, line) in LINES {
        group.throughput(Throughput::Bytes(line.len() as u64));
        group.bench_function(*name, |b| b.iter(|| rule_for_text(black_box(line))));
    }
    group.finish();
}

/// Runs this benchmark binary as a child that measures one thing once.
fn in_fresh_process(what: &str) -> Duration {
    let exe = std::env::current_exe().expect("current exe");
    let out = Command::new(exe)
        .env(CHILD, what)
        .output()
        .expect("run child");
    let nanos: u64 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    Duration::from_nanos(nanos)
}

fn table(c: &mut Criterion) {
    let mut group = c.benchmark_group("table");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    for what in ["first-build", "warm-up"] {
        group.bench_function(what, |b| {
            b.iter_custom(|iters| (0..iters).map(|_| in_fresh_process(what)).sum())
        });
    }
    group.finish();
}

/// In a child: time the one thing and print nanoseconds.
fn child(what: &str) {
    let t = Instant::now();
    match what {
        // An empty text decides nothing, but builds the table to look.
        "first-build" => {
            black_box(rule_for_text(""));
        }
        _ => Classifier::new().warm_up(),
    }
    println!("{}", t.elapsed().as_nanos());
}

criterion_group!(benches, matcher, table);

fn main() {
    if let Ok(what) = std::env::var(CHILD) {
        child(&what);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
