//! The summary: what a run found, counted by kind, as a table for people
//! (stderr) or one JSON object.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use bounce_cause::{Action, Diagnosis, Kind, Report};
use serde::Serialize;

use crate::escape;

/// What a recipient line is, for counting: only `Failed` is a failure.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Category {
    Failed,
    Delayed,
    Delivered,
    Feedback,
    AutoReply,
}

impl Category {
    pub fn of(kind: Kind, d: &Diagnosis) -> Category {
        match kind {
            Kind::Feedback => Category::Feedback,
            Kind::AutoReply => Category::AutoReply,
            _ => match d.action {
                Action::Failed => Category::Failed,
                Action::Delayed => Category::Delayed,
                _ => Category::Delivered,
            },
        }
    }
}

/// What one message adds to the summary.
pub enum Outcome {
    Report { kind: Kind, recipients: Vec<Seen> },
    NotABounce,
    TooLarge,
    Unreadable,
}

/// A failed recipient, as the tables need it.
pub struct Seen {
    cause: &'static str,
    reason: &'static str,
    domain: String,
    permanent: bool,
    hard_bounce: bool,
    /// The `--verify` verdict.
    verdict: Option<&'static str>,
}

impl Outcome {
    /// The outcome of a report; the per-recipient detail only for failed
    /// recipients (the tables count those), the rest counted by category.
    /// `verify` holds the recipients' verifications, if any.
    pub fn of(report: &Report, verify: &[crate::verify::Verification]) -> (Outcome, [u64; 5]) {
        let mut counts = [0u64; 5];
        let mut recipients = Vec::new();
        for (i, d) in report.recipients.iter().enumerate() {
            let c = Category::of(report.kind, d);
            counts[c as usize] += 1;
            if c == Category::Failed {
                recipients.push(Seen {
                    cause: d.cause.map_or("(none of the eight)", |c| c.as_str()),
                    reason: d.reason.as_str(),
                    domain: d
                        .recipient
                        .rsplit_once('@')
                        .map(|(_, dom)| dom.to_ascii_lowercase())
                        .unwrap_or_default(),
                    permanent: d.permanent,
                    hard_bounce: d.hard_bounce,
                    verdict: verify.get(i).map(crate::verify::verdict),
                });
            }
        }
        (
            Outcome::Report {
                kind: report.kind,
                recipients,
            },
            counts,
        )
    }
}

/// Distinct recipient domains counted per cause; past it, a domain not yet
/// seen counts as "other domains" (keeps memory flat on huge inputs).
const MAX_DOMAINS: usize = 10_000;
/// Rows shown per table; the rest is said as "and N more".
const TABLE_ROWS: usize = 12;
const DOMAIN_ROWS: usize = 5;

#[derive(Default)]
pub struct Summary {
    messages: u64,
    /// Reports by kind: failed, delayed, delivered, feedback, auto-reply.
    kinds: [u64; 5],
    not_a_bounce: u64,
    too_large: u64,
    unreadable: u64,
    /// Recipients by category (see `Category`).
    recipients: [u64; 5],
    permanent: u64,
    hard_bounces: u64,
    causes: HashMap<&'static str, u64>,
    reasons: HashMap<&'static str, u64>,
    domains: HashMap<&'static str, (HashMap<String, u64>, u64)>,
    /// `--verify` verdicts of the failed, per cause, in `VERDICTS` order.
    verdicts: BTreeMap<&'static str, [u64; 3]>,
}

fn kind_index(k: Kind) -> usize {
    match k {
        Kind::Failed => 0,
        Kind::Delayed => 1,
        Kind::Delivered => 2,
        Kind::Feedback => 3,
        _ => 4,
    }
}

const NAMES: [&str; 5] = ["failed", "delayed", "delivered", "feedback", "auto_reply"];
const VERDICTS: [&str; 3] = ["confirmed", "contradicted", "inconclusive"];

impl Summary {
    pub fn add(&mut self, outcome: &Outcome, counts: &[u64; 5]) {
        self.messages += 1;
        for (total, n) in self.recipients.iter_mut().zip(counts) {
            *total += n;
        }
        match outcome {
            Outcome::NotABounce => self.not_a_bounce += 1,
            Outcome::TooLarge => self.too_large += 1,
            Outcome::Unreadable => self.unreadable += 1,
            Outcome::Report { kind, recipients } => {
                self.kinds[kind_index(*kind)] += 1;
                for r in recipients {
                    self.permanent += u64::from(r.permanent);
                    self.hard_bounces += u64::from(r.hard_bounce);
                    *self.causes.entry(r.cause).or_default() += 1;
                    *self.reasons.entry(r.reason).or_default() += 1;
                    if let Some(i) = r
                        .verdict
                        .and_then(|v| VERDICTS.iter().position(|n| *n == v))
                    {
                        self.verdicts.entry(r.cause).or_default()[i] += 1;
                    }
                    let (seen, other) = self.domains.entry(r.cause).or_default();
                    if let Some(n) = seen.get_mut(&r.domain) {
                        *n += 1;
                    } else if seen.len() < MAX_DOMAINS {
                        seen.insert(r.domain.clone(), 1);
                    } else {
                        *other += 1;
                    }
                }
            }
        }
    }

    fn failed(&self) -> u64 {
        self.recipients[0]
    }

    /// The table for people. Domains come from bounces: escaped.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        let failed = self.failed();
        writeln!(
            out,
            "{} messages: {} reports ({}), {} not a bounce, {} too large, {} unreadable",
            self.messages,
            self.kinds.iter().sum::<u64>(),
            NAMES
                .iter()
                .zip(self.kinds)
                .map(|(n, k)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
            self.not_a_bounce,
            self.too_large,
            self.unreadable
        )?;
        writeln!(
            out,
            "recipients: {failed} failed ({} permanent, {} temporary; {} hard bounces: addresses to take off your lists), {} delayed, {} delivered, {} feedback, {} auto-reply",
            self.permanent,
            failed - self.permanent,
            self.hard_bounces,
            self.recipients[1],
            self.recipients[2],
            self.recipients[3],
            self.recipients[4],
        )?;
        if failed == 0 {
            return Ok(());
        }
        let share = |n: u64| 100.0 * n as f64 / failed as f64;
        for (title, counts) in [("cause", &self.causes), ("reason", &self.reasons)] {
            let rows = sorted(counts.iter().map(|(k, v)| (*k, *v)).collect());
            let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(20);
            writeln!(out)?;
            writeln!(
                out,
                "{:<width$} {:>10} {:>7}",
                format!("failed by {title}"),
                "recipients",
                "share"
            )?;
            for (k, v) in rows.iter().take(TABLE_ROWS) {
                writeln!(out, "{k:<width$} {v:>10} {:>6.1}%", share(*v))?;
            }
            if let Some(rest) = more(&rows, TABLE_ROWS) {
                writeln!(out, "{rest}")?;
            }
        }
        writeln!(out)?;
        writeln!(out, "top recipient domains of the failed, per cause")?;
        for (cause, _) in sorted(self.causes.iter().map(|(k, v)| (*k, *v)).collect()) {
            let Some((seen, other)) = self.domains.get(cause) else {
                continue;
            };
            let rows = sorted(seen.iter().map(|(k, v)| (k.as_str(), *v)).collect());
            let mut top: Vec<String> = rows
                .iter()
                .take(DOMAIN_ROWS)
                .map(|(d, n)| {
                    let d = if d.is_empty() {
                        "(no domain)".into()
                    } else {
                        escape::terminal(d)
                    };
                    format!("{d} {n}")
                })
                .collect();
            if let Some(rest) = more(&rows, DOMAIN_ROWS) {
                top.push(rest);
            }
            if *other > 0 {
                top.push(format!("{other} in domains past the first {MAX_DOMAINS}"));
            }
            writeln!(out, "  {cause}: {}", top.join(", "))?;
        }
        if !self.verdicts.is_empty() {
            let width = self
                .verdicts
                .keys()
                .map(|k| k.len())
                .max()
                .unwrap_or(0)
                .max(24);
            writeln!(out)?;
            let [a, b, c] = VERDICTS;
            writeln!(
                out,
                "{:<width$} {a:>9} {b:>12} {c:>12}",
                "verify verdicts by cause"
            )?;
            for (cause, [a, b, c]) in &self.verdicts {
                writeln!(out, "{cause:<width$} {a:>9} {b:>12} {c:>12}")?;
            }
        }
        Ok(())
    }

    /// The same as one JSON object.
    pub fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        #[derive(Serialize)]
        struct Row<'a> {
            name: &'a str,
            recipients: u64,
        }
        #[derive(Serialize)]
        struct Json<'a> {
            messages: u64,
            reports: BTreeMap<&'static str, u64>,
            not_a_bounce: u64,
            too_large: u64,
            unreadable: u64,
            recipients: BTreeMap<&'static str, u64>,
            failed_permanent: u64,
            failed_temporary: u64,
            hard_bounces: u64,
            failed_by_cause: Vec<Row<'a>>,
            failed_by_reason: Vec<Row<'a>>,
            top_domains_by_cause: BTreeMap<&'a str, Vec<Row<'a>>>,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            verify_by_cause: BTreeMap<&'static str, BTreeMap<&'static str, u64>>,
        }
        let rows = |m: &HashMap<&'static str, u64>| -> Vec<Row<'static>> {
            sorted(m.iter().map(|(k, v)| (*k, *v)).collect())
                .into_iter()
                .map(|(name, recipients)| Row { name, recipients })
                .collect()
        };
        let json = Json {
            messages: self.messages,
            reports: NAMES.into_iter().zip(self.kinds).collect(),
            not_a_bounce: self.not_a_bounce,
            too_large: self.too_large,
            unreadable: self.unreadable,
            recipients: NAMES.into_iter().zip(self.recipients).collect(),
            failed_permanent: self.permanent,
            failed_temporary: self.failed() - self.permanent,
            hard_bounces: self.hard_bounces,
            failed_by_cause: rows(&self.causes),
            failed_by_reason: rows(&self.reasons),
            top_domains_by_cause: self
                .domains
                .iter()
                .map(|(cause, (seen, _))| {
                    let top = sorted(seen.iter().map(|(k, v)| (k.as_str(), *v)).collect())
                        .into_iter()
                        .take(DOMAIN_ROWS)
                        .map(|(name, recipients)| Row { name, recipients })
                        .collect();
                    (*cause, top)
                })
                .collect(),
            verify_by_cause: self
                .verdicts
                .iter()
                .map(|(cause, n)| (*cause, VERDICTS.into_iter().zip(*n).collect()))
                .collect(),
        };
        escape::json_line(out, &json)
    }
}

/// "and N more (M recipients)" for the rows past `shown`.
fn more<K>(rows: &[(K, u64)], shown: usize) -> Option<String> {
    let rest = rows.get(shown..).filter(|r| !r.is_empty())?;
    let n: u64 = rest.iter().map(|r| r.1).sum();
    let s = if n == 1 { "" } else { "s" };
    Some(format!("and {} more ({n} recipient{s})", rest.len()))
}

/// By count, largest first; ties by name, so that output is deterministic.
fn sorted<K: Ord>(mut v: Vec<(K, u64)>) -> Vec<(K, u64)> {
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
