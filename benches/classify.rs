//! `classify` against mail-parser's parse alone, on the same inputs, so the
//! ratio classify / parse shows in one run:
//!
//! ```sh
//! cargo bench --bench classify
//! BENCH_CORPUS=/work/shared/corpus/emails cargo bench --bench classify -- corpus
//! ```
//!
//! One benchmark pair per fixture family (`fixtures/<family>/*.eml`, read at
//! run time), throughput in bytes; with `BENCH_CORPUS` set, one more pair over
//! every file of that directory. Target (issue 5): classify ≤ 1.5 × parse.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use bounce_cause::Classifier;
use criterion::{
    BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main, measurement::WallTime,
};
use mail_parser::MessageParser;

/// Bounces written here, for when the fixture tree is missing.
const SYNTHETIC: &[&str] = &[
    "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\r\n\
Subject: Undelivered Mail Returned to Sender\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"XX\"\r\n\
\r\n\
--XX\r\n\
Content-Type: text/plain\r\n\
\r\n\
I'm sorry to have to inform you that your message could not be delivered.\r\n\
--XX\r\n\
Content-Type: message/delivery-status\r\n\
\r\n\
Reporting-MTA: dns; mx.example.net\r\n\
\r\n\
Final-Recipient: rfc822; alice@example.com\r\n\
Action: failed\r\n\
Status: 5.1.1\r\n\
Diagnostic-Code: smtp; 550 5.1.1 <alice@example.com>: Recipient address rejected:\r\n\
    User unknown in virtual mailbox table\r\n\
--XX--\r\n",
    "From: MAILER-DAEMON@mx.example.org\r\nSubject: failure notice\r\n\r\n\
Hi. This is the qmail-send program at mx.example.org.\r\n\
I'm afraid I wasn't able to deliver your message to the following addresses.\r\n\r\n\
<bob@example.com>:\r\n\
192.0.2.25 does not like recipient.\r\n\
Remote host said: 550 5.2.1 This mailbox has been disabled\r\n",
    "From: Mail Delivery System <Mailer-Daemon@mx.example.com>\r\n\
Subject: Mail delivery failed: returning message to sender\r\n\
X-Failed-Recipients: carol@example.org\r\n\r\n\
This message was created automatically by mail delivery software.\r\n\r\n\
A message that you sent could not be delivered to one or more of its\r\n\
recipients. This is a permanent error. The following address(es) failed:\r\n\r\n\
  carol@example.org\r\n\
    host mx.example.org [192.0.2.7]\r\n\
    SMTP error from remote mail server after RCPT TO:<carol@example.org>:\r\n\
    554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org\r\n",
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every `.eml` under `dir`, sorted, read once.
fn emls(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}

/// Every file under `dir` (recursive), for a corpus without extensions.
fn all_files(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            all_files(&p, out);
        } else if let Ok(b) = std::fs::read(&p) {
            out.push(b);
        }
    }
}

/// (name, messages) per fixture family, or the synthetic set.
fn families() -> Vec<(String, Vec<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    for d in dirs {
        let msgs = emls(&d);
        if !msgs.is_empty() {
            let name = d
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, msgs));
        }
    }
    if out.is_empty() {
        out.push((
            "synthetic".to_string(),
            SYNTHETIC.iter().map(|s| s.as_bytes().to_vec()).collect(),
        ));
    }
    out
}

fn pair(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    msgs: &[Vec<u8>],
    classifier: &Classifier,
) {
    let bytes: usize = msgs.iter().map(Vec::len).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("{name}/parse"), |b| {
        b.iter(|| {
            for m in msgs {
                black_box(MessageParser::default().parse(black_box(m.as_slice())));
            }
        })
    });
    group.bench_function(format!("{name}/classify"), |b| {
        b.iter(|| {
            for m in msgs {
                let _ = black_box(classifier.classify(black_box(m)));
            }
        })
    });
}

fn by_family(c: &mut Criterion) {
    let classifier = Classifier::new();
    classifier.warm_up();
    let mut group = c.benchmark_group("family");
    for (name, msgs) in families() {
        pair(&mut group, &name, &msgs, &classifier);
    }
    group.finish();
}

fn corpus(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("BENCH_CORPUS") else {
        return;
    };
    let mut msgs = Vec::new();
    all_files(Path::new(&dir), &mut msgs);
    if msgs.is_empty() {
        return;
    }
    let classifier = Classifier::new();
    classifier.warm_up();
    let mut group = c.benchmark_group("corpus");
    group.sample_size(20);
    pair(&mut group, "all", &msgs, &classifier);
    group.finish();
}

criterion_group!(benches, by_family, corpus);
criterion_main!(benches);
