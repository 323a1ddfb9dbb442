//! `--report FILE`: one self-contained HTML page about all the bounces read.
//!
//! The classifying threads turn each failed recipient into a [`Row`]; the
//! writer adds the rows into an [`Aggregate`] of counters, so memory grows
//! with the number of distinct domains, reply lines and addresses (each
//! capped), not with the number of messages. The page is an askama template
//! (`templates/report.html`) that escapes every value it is given: no text
//! is escaped by hand, and none is marked safe.

use std::collections::HashMap;
use std::fmt::Write as _;

use askama::Template;
use bounce_cause::{Fix, Lang, Reason, Report, Smtp550Cause};

use crate::i18n::{Ui, ui};
use crate::summary::{Category, Outcome};

/// Distinct keys a counter keeps; past it, new keys are counted together.
const MAX_DOMAINS: usize = 10_000;
const MAX_LINES: usize = 5_000;
const MAX_ADDRESSES: usize = 200_000;
/// Rows shown per table; the rest is said as "and N more".
const DOMAIN_ROWS: usize = 5;
const LINE_ROWS: usize = 5;
const ADDRESS_ROWS: usize = 100;
/// Characters of a reply line kept.
const LINE_CHARS: usize = 160;

/// What a failed recipient is counted under: one of the eight causes, or the
/// reason of a failure that is none of them.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Group {
    Cause(Smtp550Cause),
    Other(Reason),
}

impl Group {
    fn id(self) -> String {
        match self {
            Group::Cause(c) => format!("cause-{c}"),
            Group::Other(r) => format!("reason-{r}"),
        }
    }

    fn title(self, lang: Lang) -> &'static str {
        match self {
            Group::Cause(c) => c.title_in(lang),
            Group::Other(r) => r.title_in(lang),
        }
    }

    fn explain(self, lang: Lang) -> &'static str {
        match self {
            Group::Cause(c) => c.explain_in(lang),
            Group::Other(r) => r.explain_in(lang),
        }
    }

    fn fixes(self) -> &'static [Fix] {
        match self {
            Group::Cause(c) => c.fixes(),
            Group::Other(r) => r.fixes(),
        }
    }
}

/// One failed recipient, as the report counts it.
pub struct Row {
    group: Group,
    reason: Reason,
    address: String,
    domain: String,
    line: String,
    permanent: bool,
    hard: bool,
    /// Fixes beyond its group's general ones (a rule's own first step, a
    /// user rule's text).
    extra: Vec<Fix>,
}

/// The rows of a report's failed recipients.
pub fn rows(report: &Report) -> Vec<Row> {
    report
        .recipients
        .iter()
        .filter(|d| Category::of(report.kind, d) == Category::Failed)
        .map(|d| {
            let group = d.cause.map_or(Group::Other(d.reason), Group::Cause);
            let general = group.fixes();
            Row {
                group,
                reason: d.reason,
                address: d.recipient.clone(),
                domain: d
                    .recipient
                    .rsplit_once('@')
                    .map(|(_, dom)| dom.to_ascii_lowercase())
                    .unwrap_or_default(),
                line: reply_line(&d.diagnostic),
                permanent: d.permanent,
                hard: d.hard_bounce,
                extra: d
                    .fixes
                    .iter()
                    .filter(|f| !general.contains(f))
                    .cloned()
                    .collect(),
            }
        })
        .collect()
}

/// A diagnostic as a reply line to count: spaces collapsed, the local part
/// of each address hidden (so that one server's refusals of many addresses
/// count as one line), cut to `LINE_CHARS` characters.
fn reply_line(diagnostic: &str) -> String {
    let mut out = String::new();
    for word in diagnostic.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        match word.rsplit_once('@') {
            Some((local, domain)) if !domain.is_empty() => {
                // Keep what opens the address: `<`, a quote, `RCPT TO:<`.
                let lead = local
                    .rfind(['<', '"', '\'', '(', '[', ':'])
                    .map_or("", |i| &local[..=i]);
                let _ = write!(out, "{lead}…@{domain}");
            }
            _ => out.push_str(word),
        }
        if out.chars().count() > LINE_CHARS {
            let cut: String = out.chars().take(LINE_CHARS).collect();
            return cut + "…";
        }
    }
    out
}

/// Counts per key, for at most `cap` distinct keys.
#[derive(Default)]
struct Counter {
    seen: HashMap<String, u64>,
    /// Counted past the cap.
    other: u64,
}

impl Counter {
    fn add(&mut self, key: &str, cap: usize) {
        if let Some(n) = self.seen.get_mut(key) {
            *n += 1;
        } else if self.seen.len() < cap {
            self.seen.insert(key.to_string(), 1);
        } else {
            self.other += 1;
        }
    }

    /// The `n` largest, largest first (ties by key), and how many rows are
    /// not shown (each key past the cap counted as one).
    fn top(&self, n: usize) -> (Vec<(&str, u64)>, u64) {
        let mut v: Vec<(&str, u64)> = self.seen.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let rest = v.len().saturating_sub(n) as u64 + self.other;
        v.truncate(n);
        (v, rest)
    }
}

#[derive(Default)]
struct GroupCounts {
    recipients: u64,
    hard: u64,
    permanent: u64,
    domains: Counter,
    lines: Counter,
    extra: Vec<(Fix, u64)>,
}

/// Everything the page shows, counted as the run goes.
#[derive(Default)]
pub struct Aggregate {
    messages: u64,
    not_read: u64,
    /// Recipients by category (see `Category`).
    recipients: [u64; 5],
    hard: u64,
    groups: HashMap<Group, GroupCounts>,
    reasons: HashMap<Reason, u64>,
    /// Hard bounces and temporary failures, per address, with the reason of
    /// the first.
    remove: HashMap<String, (u64, Reason)>,
    retry: HashMap<String, (u64, Reason)>,
    /// Addresses past the cap.
    remove_other: u64,
    retry_other: u64,
}

fn add_address(
    map: &mut HashMap<String, (u64, Reason)>,
    other: &mut u64,
    address: String,
    reason: Reason,
) {
    if let Some(e) = map.get_mut(&address) {
        e.0 += 1;
    } else if map.len() < MAX_ADDRESSES {
        map.insert(address, (1, reason));
    } else {
        *other += 1;
    }
}

impl Aggregate {
    /// Adds one input: its outcome, its recipients per category and the rows
    /// of its failed recipients.
    pub fn add(&mut self, outcome: &Outcome, counts: &[u64; 5], rows: Vec<Row>) {
        self.messages += 1;
        if !matches!(outcome, Outcome::Report { .. }) {
            self.not_read += 1;
        }
        for (total, n) in self.recipients.iter_mut().zip(counts) {
            *total += n;
        }
        for row in rows {
            self.hard += u64::from(row.hard);
            *self.reasons.entry(row.reason).or_default() += 1;
            let g = self.groups.entry(row.group).or_default();
            g.recipients += 1;
            g.hard += u64::from(row.hard);
            g.permanent += u64::from(row.permanent);
            g.domains.add(&row.domain, MAX_DOMAINS);
            g.lines.add(&row.line, MAX_LINES);
            for f in row.extra {
                match g.extra.iter_mut().find(|e| e.0 == f) {
                    Some(e) => e.1 += 1,
                    None => g.extra.push((f, 1)),
                }
            }
            if row.hard {
                add_address(
                    &mut self.remove,
                    &mut self.remove_other,
                    row.address,
                    row.reason,
                );
            } else if !row.permanent {
                add_address(
                    &mut self.retry,
                    &mut self.retry_other,
                    row.address,
                    row.reason,
                );
            }
        }
    }

    fn failed(&self) -> u64 {
        self.recipients[Category::Failed as usize]
    }

    /// The page, in `lang`.
    pub fn render(&self, lang: Lang) -> Result<String, askama::Error> {
        self.page(lang).render()
    }

    fn page(&self, lang: Lang) -> Page {
        let ui = ui(lang);
        let failed = self.failed();
        let bar = |label: String, id: String, count: u64, max: u64| Bar {
            label,
            id,
            count: number(count),
            raw: count,
            share: percent(count, failed),
            width: format!("{:.1}", 100.0 * count as f64 / max.max(1) as f64),
        };

        let mut groups: Vec<(&Group, &GroupCounts)> = self.groups.iter().collect();
        groups.sort_by(|a, b| {
            b.1.recipients
                .cmp(&a.1.recipients)
                .then_with(|| a.0.id().cmp(&b.0.id()))
        });

        let mut causes: Vec<(String, String, u64)> = Vec::new();
        let mut none_of_eight = 0;
        for (g, c) in &groups {
            match g {
                Group::Cause(cause) => {
                    causes.push((cause.title_in(lang).into(), g.id(), c.recipients));
                }
                Group::Other(_) => none_of_eight += c.recipients,
            }
        }
        if none_of_eight > 0 {
            causes.push((ui.none_of_eight.into(), "none".into(), none_of_eight));
        }
        causes.sort_by_key(|c| std::cmp::Reverse(c.2));
        let max = causes.first().map_or(0, |c| c.2);
        let cause_chart = causes
            .into_iter()
            .map(|(label, id, n)| bar(label, id, n, max))
            .collect();

        let mut reasons: Vec<(&Reason, &u64)> = self.reasons.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.as_str().cmp(b.0.as_str())));
        let max = reasons.first().map_or(0, |r| *r.1);
        let reason_chart = reasons
            .into_iter()
            .map(|(r, n)| bar(r.title_in(lang).into(), r.as_str().into(), *n, max))
            .collect();

        let soft = failed - self.hard;
        let max = self.hard.max(soft);
        let hard_soft = vec![
            bar(
                format!("{}: {}", ui.hard_bounce, ui.hard_explain),
                "hard".into(),
                self.hard,
                max,
            ),
            bar(
                format!("{}: {}", ui.soft_bounce, ui.soft_explain),
                "soft".into(),
                soft,
                max,
            ),
        ];

        let sections = groups
            .iter()
            .map(|(g, c)| section(ui, lang, **g, c, failed))
            .collect();

        let [_, delayed, delivered, feedback, auto_reply] = self.recipients;
        Page {
            lang: lang.code(),
            ui,
            totals: vec![
                total(ui.messages, "messages", self.messages),
                total(ui.not_read, "not-read", self.not_read),
                total(ui.failed, "failed", failed),
                total(ui.hard_bounce, "hard", self.hard),
                total(ui.soft_bounce, "soft", soft),
                total(
                    ui.others,
                    "others",
                    delayed + delivered + feedback + auto_reply,
                ),
            ],
            cause_chart,
            reason_chart,
            hard_soft,
            sections,
            remove: addresses(ui, lang, &self.remove, self.remove_other),
            retry: addresses(ui, lang, &self.retry, self.retry_other),
        }
    }
}

fn section(ui: &Ui, lang: Lang, g: Group, c: &GroupCounts, failed: u64) -> Section {
    let (domains, domains_more) = c.domains.top(DOMAIN_ROWS);
    let (lines, lines_more) = c.lines.top(LINE_ROWS);
    let mut extra: Vec<&(Fix, u64)> = c.extra.iter().collect();
    extra.sort_by_key(|e| std::cmp::Reverse(e.1));
    Section {
        id: g.id(),
        title: g.title(lang),
        explain: g.explain(lang),
        count: number(c.recipients),
        raw: c.recipients,
        share: percent(c.recipients, failed),
        hard: number(c.hard),
        permanent: number(c.permanent),
        domains: domains
            .into_iter()
            .map(|(d, n)| Counted {
                text: if d.is_empty() {
                    ui.no_domain.to_string()
                } else {
                    d.to_string()
                },
                count: number(n),
            })
            .collect(),
        domains_more: more(ui, domains_more),
        lines: lines
            .into_iter()
            .map(|(l, n)| Counted {
                text: if l.is_empty() {
                    "-".into()
                } else {
                    l.to_string()
                },
                count: number(n),
            })
            .collect(),
        lines_more: more(ui, lines_more),
        fixes: g
            .fixes()
            .iter()
            .map(|f| Step {
                actor: f.actor.title_in(lang),
                text: f.step_in(lang).to_string(),
                count: String::new(),
            })
            .collect(),
        extra: extra
            .into_iter()
            .map(|(f, n)| Step {
                actor: f.actor.title_in(lang),
                text: f.step_in(lang).to_string(),
                count: number(*n),
            })
            .collect(),
    }
}

fn addresses(
    ui: &Ui,
    lang: Lang,
    map: &HashMap<String, (u64, Reason)>,
    other: u64,
) -> AddressTable {
    let mut v: Vec<(&String, &(u64, Reason))> = map.iter().collect();
    v.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(b.0)));
    let rest = v.len().saturating_sub(ADDRESS_ROWS) as u64 + other;
    v.truncate(ADDRESS_ROWS);
    AddressTable {
        distinct: map.len() as u64 + other,
        rows: v
            .into_iter()
            .map(|(a, (n, r))| AddressRow {
                address: a.clone(),
                count: number(*n),
                reason: r.title_in(lang),
            })
            .collect(),
        more: more(ui, rest),
    }
}

fn more(ui: &Ui, rest: u64) -> String {
    if rest == 0 {
        String::new()
    } else {
        ui.more(usize::try_from(rest).unwrap_or(usize::MAX))
    }
}

fn total(label: &'static str, id: &'static str, n: u64) -> Total {
    Total {
        label,
        id,
        value: number(n),
        raw: n,
    }
}

/// 1234567 as "1,234,567".
fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn percent(n: u64, of: u64) -> String {
    if of == 0 {
        "0.0".into()
    } else {
        format!("{:.1}", 100.0 * n as f64 / of as f64)
    }
}

struct Total {
    label: &'static str,
    id: &'static str,
    value: String,
    raw: u64,
}

struct Bar {
    label: String,
    id: String,
    count: String,
    raw: u64,
    share: String,
    /// Of the chart's longest bar, in percent.
    width: String,
}

struct Counted {
    text: String,
    count: String,
}

struct Step {
    actor: &'static str,
    text: String,
    /// For an extra step: the recipients it was advised for.
    count: String,
}

struct Section {
    id: String,
    title: &'static str,
    explain: &'static str,
    count: String,
    raw: u64,
    share: String,
    hard: String,
    permanent: String,
    domains: Vec<Counted>,
    domains_more: String,
    lines: Vec<Counted>,
    lines_more: String,
    fixes: Vec<Step>,
    extra: Vec<Step>,
}

struct AddressRow {
    address: String,
    count: String,
    reason: &'static str,
}

struct AddressTable {
    distinct: u64,
    rows: Vec<AddressRow>,
    more: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page {
    lang: &'static str,
    ui: &'static Ui,
    totals: Vec<Total>,
    cause_chart: Vec<Bar>,
    reason_chart: Vec<Bar>,
    hard_soft: Vec<Bar>,
    sections: Vec<Section>,
    remove: AddressTable,
    retry: AddressTable,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_lines_hide_local_parts_and_are_capped() {
        assert_eq!(
            reply_line("550 5.1.1 <ann@example.com>:  Recipient\taddress rejected"),
            "550 5.1.1 <…@example.com>: Recipient address rejected"
        );
        assert_eq!(
            reply_line("RCPT TO:<bob@example.org> said: no"),
            "RCPT TO:<…@example.org> said: no"
        );
        assert_eq!(reply_line("mail to bob@ failed"), "mail to bob@ failed");
        let long = "word ".repeat(100);
        let l = reply_line(&long);
        assert_eq!(l.chars().count(), LINE_CHARS + 1);
        assert!(l.ends_with('…'));
    }

    #[test]
    fn counters_cap_distinct_keys_and_say_how_many_are_not_shown() {
        let mut c = Counter::default();
        for k in ["a", "b", "b", "c", "c", "c", "d"] {
            c.add(k, 3);
        }
        let (top, rest) = c.top(2);
        assert_eq!(top, vec![("c", 3), ("b", 2)]);
        // "a" not shown, "d" past the cap.
        assert_eq!(rest, 2);
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1000), "1,000");
        assert_eq!(number(1234567), "1,234,567");
        assert_eq!(percent(1, 3), "33.3");
        assert_eq!(percent(1, 0), "0.0");
    }
}
