//! `bounce-cause [--format jsonl|text] PATH...`: classifies bounce emails in
//! files, directories (recursive; maildir included), mbox files or stdin (`-`)
//! and prints one JSON object per recipient (or a table).

use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use bounce_cause::{Classifier, Diagnosis, Report};
use rayon::prelude::*;
use serde::Serialize;

const USAGE: &str = "usage: bounce-cause [--format jsonl|text] PATH...
  PATH  an .eml file, a directory (recursive, maildir included), an mbox file, or - for stdin";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Jsonl,
    Text,
}

struct Args {
    format: Format,
    paths: Vec<String>,
}

fn parse_args() -> Result<Args, lexopt::Error> {
    use lexopt::prelude::*;
    let mut format = Format::Jsonl;
    let mut paths = Vec::new();
    let mut p = lexopt::Parser::from_env();
    while let Some(arg) = p.next()? {
        match arg {
            Long("format") | Short('f') => {
                format = match p.value()?.string()?.as_str() {
                    "jsonl" | "json" => Format::Jsonl,
                    "text" => Format::Text,
                    other => return Err(format!("unknown format {other:?}").into()),
                }
            }
            Long("help") | Short('h') => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            Value(v) => paths.push(v.string()?),
            _ => return Err(arg.unexpected()),
        }
    }
    if paths.is_empty() {
        return Err("no PATH given".into());
    }
    Ok(Args { format, paths })
}

/// One message to classify: where it came from and its bytes (or why they
/// could not be read).
struct Input {
    source: String,
    bytes: Result<Vec<u8>, String>,
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bounce-cause: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let classifier = Classifier::new();
    classifier.warm_up();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut files = Vec::new();
    for p in &args.paths {
        if p == "-" {
            files.push(PathBuf::from("-"));
        } else {
            collect(Path::new(p), &mut files);
        }
    }
    // Read and classify in parallel, in chunks, printing in input order.
    for chunk in files.chunks(256) {
        let results: Vec<Vec<(String, Result<Report, String>)>> = chunk
            .par_iter()
            .map(|path| {
                inputs_of(path)
                    .into_iter()
                    .map(|inp| {
                        let r = inp
                            .bytes
                            .and_then(|b| classifier.classify(&b).map_err(|e| e.to_string()));
                        (inp.source, r)
                    })
                    .collect()
            })
            .collect();
        for (source, result) in results.into_iter().flatten() {
            let written = match args.format {
                Format::Jsonl => write_jsonl(&mut out, &source, &result),
                Format::Text => write_text(&mut out, &source, &result),
            };
            if written.is_err() {
                // Broken pipe: the reader has gone away.
                return;
            }
        }
    }
    let _ = out.flush();
}

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
            } else if !name.ends_with(".json") && !name.ends_with(".jsonl") {
                files.push(e);
            }
        }
    } else {
        files.push(path.to_path_buf());
    }
}

/// The messages in one path: a single message, or each message of an mbox.
fn inputs_of(path: &Path) -> Vec<Input> {
    let source = path.display().to_string();
    let bytes = if path == Path::new("-") {
        let mut v = Vec::new();
        io::stdin().read_to_end(&mut v).map(|_| v)
    } else {
        std::fs::read(path)
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            return vec![Input {
                source,
                bytes: Err(format!("cannot read: {e}")),
            }];
        }
    };
    let messages = split_mbox(&bytes);
    if messages.len() <= 1 {
        return vec![Input {
            source,
            bytes: Ok(bytes),
        }];
    }
    messages
        .into_iter()
        .enumerate()
        .map(|(i, m)| Input {
            source: format!("{source}#{}", i + 1),
            bytes: Ok(m.to_vec()),
        })
        .collect()
}

/// Splits an mbox on its "From " separator lines (mboxo/mboxrd). A file that
/// does not start with "From " is one message.
fn split_mbox(bytes: &[u8]) -> Vec<&[u8]> {
    if !bytes.starts_with(b"From ") {
        return vec![bytes];
    }
    let mut starts = vec![0usize];
    let mut i = 0;
    while let Some(off) = bytes.get(i..).and_then(|s| s.windows(6).position(|w| w == b"\nFrom ")) {
        let at = i + off + 1;
        starts.push(at);
        i = at;
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let e = starts.get(k + 1).copied().unwrap_or(bytes.len());
            bytes.get(s..e).unwrap_or_default()
        })
        .collect()
}

#[derive(Serialize)]
struct Line<'a> {
    source: &'a str,
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
    error: &'a str,
}

fn write_jsonl(out: &mut impl Write, source: &str, result: &Result<Report, String>) -> io::Result<()> {
    match result {
        Ok(report) => {
            for d in &report.recipients {
                let line = Line {
                    source,
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
            serde_json::to_writer(&mut *out, &ErrorLine { source, error: e })?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

fn write_text(out: &mut impl Write, source: &str, result: &Result<Report, String>) -> io::Result<()> {
    match result {
        Ok(report) => {
            for d in &report.recipients {
                writeln!(out, "{source}")?;
                writeln!(out, "  {:<12} {}", "recipient", d.recipient)?;
                writeln!(
                    out,
                    "  {:<12} {} / {}",
                    "status",
                    d.status.map(|s| s.to_string()).unwrap_or_else(|| "-".into()),
                    d.reply_code.map(|c| c.to_string()).unwrap_or_else(|| "-".into())
                )?;
                writeln!(
                    out,
                    "  {:<12} {} ({})",
                    "reason",
                    d.reason,
                    if d.permanent { "permanent" } else { "temporary" }
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
                    writeln!(out, "  {:<12} {}. [{who}] {}", if i == 0 { "fixes" } else { "" }, i + 1, f.step)?;
                }
                writeln!(out)?;
            }
        }
        Err(e) => writeln!(out, "{source}\n  error: {e}\n")?,
    }
    Ok(())
}
