//! Reply lines and Postfix log lines, read and classified on one thread:
//!
//! ```sh
//! cargo bench --bench lines
//! python3 scripts/catalogue-lines.py ../shared/catalogue/replies.jsonl > /tmp/lines.txt
//! BENCH_LINES=/tmp/lines.txt cargo bench --bench lines
//! ```
//!
//! Each iteration reads (`read_log_line`) and classifies (`classify_reply`)
//! every line of the set once, one after another, as a run through a log
//! does; the throughput is in lines.
//!
//! - `lines/bare`: the lines of `fixtures/logs/replies.txt`, or of the file
//!   `BENCH_LINES` names (one bare reply a line, `550 5.1.1 ...`);
//! - `lines/postfix`: the same replies, each in a Postfix `status=bounced`
//!   log line.
//!
//! Targets (issue 18): 500,000 bare lines/s on one core; Postfix lines
//! within 2× of that. `examples/throughput --lines` measures the same sets.

use std::hint::black_box;

use bounce_cause::{Classifier, EnhancedStatus, read_log_line};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bare_lines() -> Vec<String> {
    let path = std::env::var("BENCH_LINES").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/logs/replies.txt").to_string()
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// `reply` as Postfix logs a bounce to the `i`th recipient.
fn postfix_line(i: usize, reply: &str) -> String {
    let dsn = EnhancedStatus::find(reply).map_or_else(|| "5.0.0".to_string(), |s| s.to_string());
    format!(
        "Dec  7 03:00:01 relay2 postfix/smtp[2207]: 7Dk2P{i:05X}: to=<user{i}@example.org>, \
         relay=mx.example.org[198.51.100.7]:25, delay=2.1, delays=0.2/0/0.9/1, dsn={dsn}, \
         status=bounced (host mx.example.org[198.51.100.7] said: {reply} (in reply to RCPT TO command))"
    )
}

fn lines(c: &mut Criterion) {
    let bare = bare_lines();
    let postfix: Vec<String> = bare
        .iter()
        .enumerate()
        .map(|(i, r)| postfix_line(i, r))
        .collect();
    let classifier = Classifier::new();
    classifier.warm_up();
    let mut group = c.benchmark_group("lines");
    for (name, set) in [("bare", &bare), ("postfix", &postfix)] {
        group.throughput(Throughput::Elements(set.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                for line in set {
                    for record in read_log_line(black_box(line)) {
                        black_box(classifier.classify_reply(&record.reply));
                    }
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, lines);
criterion_main!(benches);
