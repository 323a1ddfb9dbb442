//! `--format human`: per recipient, in the chosen language, what happened,
//! the cause, the evidence and the numbered fixes, each saying who acts.
//! Labels line up by display width (a Thai vowel or tone mark takes no
//! column); every text from the bounce goes through `escape::terminal`.

use std::io::{self, Write};

use bounce_cause::{Diagnosis, Lang, Report};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::escape;
use crate::i18n::{Ui, ui};
use crate::print::{Classified, Paint};
use crate::read::Source;
use crate::summary::Category;

/// Display columns of the evidence line before it is cut.
const EVIDENCE_COLUMNS: usize = 110;

/// `s` padded with spaces to `width` display columns.
pub fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    let mut out = String::with_capacity(s.len() + width.saturating_sub(w));
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// `s` cut to at most `columns` display columns, with "…" when cut. A cut
/// never separates a character from the marks drawn on it.
pub fn shorten(s: &str, columns: usize) -> String {
    if s.width() <= columns {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if w > 0 && used + w > columns.saturating_sub(1) {
            break;
        }
        used += w;
        out.push(c);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    out
}

/// The verdict of a recipient, and its colour.
fn verdict(ui: &Ui, category: Category, d: &Diagnosis) -> (String, &'static str) {
    let (word, colour) = match category {
        Category::Failed if d.permanent => (ui.permanent, "31"),
        Category::Failed => (ui.temporary, "33"),
        Category::Delayed => (ui.delayed, "33"),
        Category::Delivered => (ui.delivered, "32"),
        Category::Feedback => (ui.feedback, "35"),
        Category::AutoReply => (ui.auto_reply, "36"),
    };
    if d.hard_bounce {
        (format!("{word} · {}", ui.hard_bounce), colour)
    } else {
        (word.to_string(), colour)
    }
}

/// Writes the human text of one input.
pub fn write(
    out: &mut impl Write,
    source: &Source,
    result: &Result<Classified, String>,
    lang: Lang,
    color: bool,
) -> io::Result<()> {
    let ui = ui(lang);
    let p = Paint(color);
    let t = escape::terminal;
    let path = t(&source.path);
    let name = match source.index {
        Some(n) => format!("{path} ({} {n})", ui.message),
        None => path,
    };
    let name = p.paint("1", &name);
    let (report, verify): (&Report, &[crate::verify::Verification]) = match result {
        Ok(c) => (&c.report, &c.verify),
        Err(e) => {
            return writeln!(out, "{name}\n  {}: {}\n", p.paint("31", ui.error), t(e));
        }
    };
    let labels = [
        ui.what_happened,
        ui.cause,
        ui.evidence,
        ui.suggestion,
        ui.verify,
        ui.fixes,
    ];
    let width = labels.iter().map(|l| l.width()).max().unwrap_or(0) + 2;
    let label = |l: &str| p.paint("2", &pad(l, width));
    writeln!(out, "{name}")?;
    for (i, d) in report.recipients.iter().enumerate() {
        let category = Category::of(report.kind, d);
        let (verdict, colour) = verdict(ui, category, d);
        writeln!(
            out,
            "  {}  [{}]",
            p.paint("1", &t(&d.recipient)),
            p.paint(colour, &verdict)
        )?;
        let happened = d.reason.explain_in(lang);
        if category == Category::Delayed {
            writeln!(
                out,
                "    {}{} {happened}",
                label(ui.what_happened),
                ui.delayed_note
            )?;
        } else {
            writeln!(out, "    {}{happened}", label(ui.what_happened))?;
        }
        let cause = match d.cause {
            Some(c) => c.title_in(lang).to_string(),
            None if matches!(category, Category::Failed) => {
                format!("{} ({})", d.reason.title_in(lang), ui.not_550)
            }
            None => d.reason.title_in(lang).to_string(),
        };
        let code = match (d.status, d.reply_code) {
            (Some(s), Some(r)) => format!(", {r} {s}"),
            (Some(s), None) => format!(", {s}"),
            (None, Some(r)) => format!(", {r}"),
            (None, None) => String::new(),
        };
        writeln!(out, "    {}{cause}  ({}{code})", label(ui.cause), d.reason)?;
        let line = if d.diagnostic.trim().is_empty() {
            "-".to_string()
        } else {
            t(&shorten(
                &d.diagnostic
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                EVIDENCE_COLUMNS,
            ))
        };
        match &d.rule {
            Some(rule) => writeln!(
                out,
                "    {}{line}  [{} {}]",
                label(ui.evidence),
                ui.rule,
                t(rule)
            )?,
            None => writeln!(out, "    {}{line}", label(ui.evidence))?,
        }
        if let Some(s) = &d.suggestion {
            writeln!(out, "    {}{}", label(ui.suggestion), t(s))?;
        }
        for (j, line) in crate::verify::text_lines(verify.get(i)).iter().enumerate() {
            let head = if j == 0 {
                label(ui.verify)
            } else {
                " ".repeat(width)
            };
            writeln!(out, "    {head}{}", t(line))?;
        }
        if d.fixes.is_empty() {
            writeln!(out, "    {}{}", label(ui.fixes), ui.no_fix)?;
        }
        let number_width = d.fixes.len().to_string().len();
        for (i, f) in d.fixes.iter().enumerate() {
            let head = if i == 0 {
                label(ui.fixes)
            } else {
                " ".repeat(width)
            };
            writeln!(
                out,
                "    {head}{:>number_width$}. {}: {}",
                i + 1,
                p.paint("1", f.actor.title_in(lang)),
                // A user's rule file wrote this one: text from outside.
                t(f.step_in(lang))
            )?;
        }
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_and_cuts_by_display_columns() {
        // Seven characters, of which four are marks drawn on the other
        // three: three columns.
        let thai = "ที่อยู่";
        assert_eq!(thai.chars().count(), 7);
        assert_eq!(thai.width(), 3);
        assert_eq!(pad(thai, 6).width(), 6);
        assert_eq!(pad("Cause", 8), "Cause   ");
        assert_eq!(pad("too long", 3), "too long");

        assert_eq!(shorten("short", 10), "short");
        let cut = shorten("550 5.1.1 user unknown here", 12);
        assert_eq!(cut, "550 5.1.1 u…");
        assert_eq!(cut.width(), 12);
        let cut = shorten("ไม่มีผู้ใช้นี้ในระบบของเรา", 8);
        assert!(cut.width() <= 8, "{cut}");
        // The last kept base character keeps its marks.
        let kept = cut.trim_end_matches('…');
        assert!("ไม่มีผู้ใช้นี้ในระบบของเรา".starts_with(kept), "{kept}");
        let next = "ไม่มีผู้ใช้นี้ในระบบของเรา"[kept.len()..].chars().next();
        assert!(next.is_some_and(|c| c.width() != Some(0)), "{cut}");
    }
}
