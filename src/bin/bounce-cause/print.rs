//! The per-recipient printers: JSON Lines and text.

use std::io::{self, Write};

use bounce_cause::{Diagnosis, Kind, Report, RuleMatch};
use serde::Serialize;

use crate::escape::{self, json_line};
use crate::read::Source;
use crate::summary::Category;

/// A classified message, with what the CLI read beside the library.
pub struct Classified {
    pub report: Report,
    /// The bounce's own Date header, as RFC 3339.
    pub date: Option<String>,
    /// With `--explain`, per recipient the rules that matched; else empty.
    pub matches: Vec<Vec<RuleMatch>>,
    /// One per recipient with `--verify`, else none.
    pub verify: Vec<crate::verify::Verification>,
}

#[derive(Serialize)]
struct Line<'a> {
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_bytes: Option<&'a [u8]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_index: Option<u32>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    matches: Option<&'a [RuleMatch]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verify: Option<&'a crate::verify::Verification>,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_bytes: Option<&'a [u8]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_index: Option<u32>,
    error: &'a str,
}

pub fn write_jsonl(
    out: &mut impl Write,
    source: &Source,
    result: &Result<Classified, String>,
) -> io::Result<()> {
    match result {
        Ok(c) => {
            let report = &c.report;
            for (i, d) in report.recipients.iter().enumerate() {
                json_line(
                    out,
                    &Line {
                        source: &source.path,
                        source_bytes: source.bytes.as_deref(),
                        message_index: source.index,
                        kind: report.kind,
                        format: &report.format,
                        reporting_mta: report.reporting_mta.as_deref(),
                        date: c.date.as_deref(),
                        diagnosis: d,
                        message_id: report.original.message_id.as_deref(),
                        original_subject: report.original.subject.as_deref(),
                        original_sender: report.original.from.as_deref(),
                        original_to: report.original.to.as_deref(),
                        truncated: report.truncated,
                        matches: c.matches.get(i).map(Vec::as_slice),
                        verify: c.verify.get(i),
                    },
                )?;
            }
        }
        Err(e) => json_line(
            out,
            &ErrorLine {
                source: &source.path,
                source_bytes: source.bytes.as_deref(),
                message_index: source.index,
                error: e,
            },
        )?,
    }
    Ok(())
}

/// ANSI colours, written only by us and only when colour is on.
pub struct Paint(pub bool);

impl Paint {
    pub fn paint(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// How a source is named in text and on stderr: `path` or `path (message N)`,
/// escaped for a terminal.
pub fn source_text(source: &Source) -> String {
    let path = escape::terminal(&source.path);
    match source.index {
        Some(n) => format!("{path} (message {n})"),
        None => path,
    }
}

/// Every text from the bounce goes through `escape::terminal` here: a
/// bounce's control characters are shown, never sent to the terminal.
pub fn write_text(
    out: &mut impl Write,
    source: &Source,
    result: &Result<Classified, String>,
    color: bool,
) -> io::Result<()> {
    let p = Paint(color);
    let t = escape::terminal;
    let name = p.paint("1", &source_text(source));
    let (report, matches, verify) = match result {
        Ok(c) => (&c.report, &c.matches, &c.verify),
        Err(e) => return writeln!(out, "{name}\n  {}: {}\n", p.paint("31", "error"), t(e)),
    };
    for (i, d) in report.recipients.iter().enumerate() {
        let category = Category::of(report.kind, d);
        writeln!(out, "{name}")?;
        writeln!(out, "  {:<12} {}", "recipient", t(&d.recipient))?;
        let status = d.status.map_or_else(|| "-".into(), |s| s.to_string());
        let reply = d.reply_code.map_or_else(|| "-".into(), |c| c.to_string());
        writeln!(out, "  {:<12} {status} / {reply}", "status")?;
        let verdict = match category {
            Category::Failed if d.permanent => p.paint("31", "permanent"),
            Category::Failed => p.paint("33", "temporary"),
            Category::Delayed => p.paint("33", "delayed"),
            Category::Delivered => p.paint("32", "delivered"),
            Category::Feedback => "feedback".into(),
            Category::AutoReply => "auto-reply".into(),
        };
        writeln!(out, "  {:<12} {} ({verdict})", "reason", d.reason)?;
        let cause = d.cause.map_or("none of the eight", |c| c.as_str());
        writeln!(out, "  {:<12} {cause}", "cause")?;
        if d.hard_bounce {
            writeln!(
                out,
                "  {:<12} yes: take the address off your lists",
                "hard bounce"
            )?;
        }
        if let Some(s) = &d.suggestion {
            writeln!(out, "  {:<12} {}", "did you mean", t(s))?;
        }
        if let Some(m) = &d.remote_mta {
            writeln!(out, "  {:<12} {}", "remote", t(m))?;
        }
        let diag: String = d.diagnostic.chars().take(160).collect();
        writeln!(out, "  {:<12} {}", "diagnostic", t(&diag))?;
        writeln!(
            out,
            "  {:<12} {}",
            "rule",
            t(d.rule.as_deref().unwrap_or("-"))
        )?;
        crate::verify::write_text(out, verify.get(i))?;
        for (i, f) in d.fixes.iter().enumerate() {
            writeln!(
                out,
                "  {:<12} {}. [{}] {}",
                if i == 0 { "fixes" } else { "" },
                i + 1,
                f.actor,
                t(f.step_in(bounce_cause::Lang::En))
            )?;
        }
        if let Some(ms) = matches.get(i) {
            crate::rules::write_matches(out, ms)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The bounce's Date header, as RFC 3339, read from its top header section.
pub fn bounce_date(raw: &[u8]) -> Option<String> {
    let mut value: Option<Vec<u8>> = None;
    let mut lines = raw.split(|&b| b == b'\n');
    // An mbox separator line is not a header.
    if raw.starts_with(b"From ") {
        lines.next();
    }
    for line in lines {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        match (&mut value, line.first()) {
            (Some(v), Some(b' ' | b'\t')) => v.extend_from_slice(line),
            (Some(_), _) => break,
            (None, _) => {
                if line.len() > 5 && line[..5].eq_ignore_ascii_case(b"date:") {
                    value = Some(line[5..].to_vec());
                }
            }
        }
    }
    let value = String::from_utf8_lossy(&value?).into_owned();
    mail_parser::DateTime::parse_rfc822(value.trim()).map(|d| d.to_rfc3339())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_date_header() {
        let raw =
            b"From x\nSubject: a\nDate: Tue, 3 Mar 2026\n 10:20:30 +0100\nTo: b\n\nDate: no\n";
        assert_eq!(
            bounce_date(raw).as_deref(),
            Some("2026-03-03T10:20:30+01:00")
        );
        assert_eq!(
            bounce_date(b"Subject: a\n\nDate: Tue, 3 Mar 2026 10:20:30 +0000\n"),
            None
        );
        assert_eq!(bounce_date(b"Date: garbage\n\n"), None);
    }
}
