//! Reading a rule file: TOML into a checked [`RuleSet`], or the first fault
//! with its line and column.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::RegexSetBuilder;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use serde::Deserialize;
use toml::Spanned;

use crate::cause::{Actor, Reason, Smtp550Cause};
use crate::extract::Command;
use crate::fix::Fix;

use super::super::Mask;
use super::{RuleFileError, RuleFileErrorKind as Kind, RuleSet, UserRule};

/// The file: a list of `[[rule]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    #[serde(default)]
    status: Vec<Spanned<String>>,
    #[serde(default)]
    reply: Vec<Spanned<i64>>,
    #[serde(default)]
    commands: Vec<Spanned<String>>,
    #[serde(default)]
    remote_host: Vec<Spanned<String>>,
    #[serde(default)]
    remote_host_patterns: Vec<Spanned<String>>,
    reason: Spanned<String>,
    cause: Option<Spanned<String>>,
    hard_bounce: Option<bool>,
    #[serde(default)]
    fixes: Vec<Spanned<RawFix>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFix {
    actor: Spanned<String>,
    text: Spanned<String>,
}

/// The commands a rule may name, as they are written.
const COMMANDS: &[(&str, Command)] = &[
    ("CONN", Command::Conn),
    ("HELO", Command::Helo),
    ("EHLO", Command::Ehlo),
    ("MAIL", Command::Mail),
    ("RCPT", Command::Rcpt),
    ("DATA", Command::Data),
    ("BDAT", Command::Bdat),
    ("STARTTLS", Command::Starttls),
    ("AUTH", Command::Auth),
    ("UNKNOWN", Command::Unknown),
];

const ACTORS: &[(&str, Actor)] = &[
    ("sender", Actor::Sender),
    ("sender_admin", Actor::SenderAdmin),
    ("recipient", Actor::Recipient),
    ("recipient_admin", Actor::RecipientAdmin),
];

impl RuleSet {
    /// Reads a rule file. Each `[[rule]]` has an `id`, at least one match
    /// condition (`patterns`, `status`, `reply`, `commands`, `remote_host`,
    /// `remote_host_patterns`; `unless` only narrows), and a `reason`;
    /// optionally a `cause`, a `hard_bounce` verdict and `fixes`. The README's
    /// "Your own rules" describes each key.
    ///
    /// # Errors
    ///
    /// The first fault, with its line and column: TOML that does not parse,
    /// an unknown key, a bad value (reason, cause, command, mask, reply code,
    /// host, actor, id), a regex that does not compile, matches the empty
    /// text or is too large, a forbidden character, a limit passed. A file
    /// with a fault is refused as a whole.
    ///
    /// # Examples
    ///
    /// ```
    /// use bounce_cause::RuleSet;
    ///
    /// let set = RuleSet::from_toml(r#"
    ///     [[rule]]
    ///     id = "quota-ja"
    ///     patterns = ['容量(が|を)?超過']
    ///     status = ["5.2.*", "4.2.*"]
    ///     reason = "mailboxfull"
    ///
    ///     [[rule.fixes]]
    ///     actor = "recipient"
    ///     text = "Empty the mailbox at the provider's web mail."
    /// "#).unwrap();
    /// assert_eq!(set.ids().collect::<Vec<_>>(), ["user.quota-ja"]);
    ///
    /// let err = RuleSet::from_toml("[[rule]]\nid = 'x'\npatterns = ['a|']\nreason = 'blocked'\n")
    ///     .unwrap_err();
    /// assert_eq!(err.line, 3);
    /// assert!(err.message.contains("empty text"), "{err}");
    /// ```
    pub fn from_toml(text: &str) -> Result<RuleSet, RuleFileError> {
        let src = Source { text };
        if text.len() > RuleSet::MAX_FILE_BYTES {
            return Err(src.error(
                0,
                Kind::TooMany,
                format!("the file is larger than {}", bytes(RuleSet::MAX_FILE_BYTES)),
            ));
        }
        let file: RawFile = toml::from_str(text).map_err(|e| src.toml_error(&e))?;
        if let Some(extra) = file.rule.get(RuleSet::MAX_RULES) {
            return Err(src.error(
                extra.span().start,
                Kind::TooMany,
                format!("more than {} rules in one file", RuleSet::MAX_RULES),
            ));
        }
        let mut b = Builder {
            src,
            set_text: Vec::new(),
            set_host: Vec::new(),
            pattern_bytes: 0,
            compiled_bytes: 0,
            ids: HashMap::new(),
        };
        let rules = file
            .rule
            .iter()
            .map(|r| b.rule(r))
            .collect::<Result<Vec<_>, _>>()?;
        let text_set = b.set(&b.set_text)?;
        let host_set = b.set(&b.set_host)?;
        Ok(RuleSet {
            rules,
            text_alone: b.set_text.iter().map(|_| OnceLock::new()).collect(),
            text: b.set_text.into_iter().map(|(p, _)| p).collect(),
            text_set,
            host: b.set_host.into_iter().map(|(p, _)| p).collect(),
            host_set,
        })
    }
}

/// The file's text, to turn byte offsets into lines and columns.
#[derive(Clone, Copy)]
struct Source<'a> {
    text: &'a str,
}

impl Source<'_> {
    fn error(&self, offset: usize, kind: Kind, message: String) -> RuleFileError {
        let mut at = offset.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let before = self.text.get(..at).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        RuleFileError {
            line: before.matches('\n').count() + 1,
            column: before.get(line_start..).unwrap_or_default().chars().count() + 1,
            kind,
            message,
        }
    }

    fn toml_error(&self, e: &toml::de::Error) -> RuleFileError {
        let message = e.message().trim().to_string();
        let kind = if message.starts_with("unknown field") {
            Kind::UnknownKey
        } else {
            Kind::Toml
        };
        self.error(e.span().map_or(0, |s| s.start), kind, message)
    }

    /// The offset in the file of byte `at` of a string value whose quoted
    /// source is at `span`: exact when the source between the quotes is the
    /// value itself (no escapes), else the opening quote.
    fn in_string(&self, span: &Range<usize>, value: &str, at: usize) -> usize {
        let Some(quoted) = self.text.get(span.clone()) else {
            return span.start;
        };
        let delim = if quoted.starts_with("'''") || quoted.starts_with("\"\"\"") {
            3
        } else {
            1
        };
        let inner = quoted
            .get(delim..quoted.len().saturating_sub(delim))
            .unwrap_or_default();
        // A newline right after a multi-line string's opening quotes is not
        // part of the value.
        let skip = if delim == 3 && inner.starts_with('\n') {
            1
        } else if delim == 3 && inner.starts_with("\r\n") {
            2
        } else {
            0
        };
        if inner.get(skip..) == Some(value) {
            span.start + delim + skip + at
        } else {
            span.start
        }
    }
}

/// The checks of one file in progress.
struct Builder<'a> {
    src: Source<'a>,
    /// Text patterns (`patterns` and `unless`) and where each is written.
    set_text: Vec<(String, usize)>,
    /// Remote host patterns and where each is written.
    set_host: Vec<(String, usize)>,
    pattern_bytes: usize,
    compiled_bytes: usize,
    /// The ids seen, and the line of each.
    ids: HashMap<String, usize>,
}

impl Builder<'_> {
    fn rule(&mut self, raw: &Spanned<RawRule>) -> Result<UserRule, RuleFileError> {
        let r = raw.get_ref();
        let id = self.id(&r.id)?;
        let reason = self.reason(&r.reason)?;
        let cause = r.cause.as_ref().map(|c| self.cause(c)).transpose()?;
        let start = self.set_text.len();
        for p in &r.patterns {
            self.pattern(p, false)?;
        }
        let patterns = start..self.set_text.len();
        for p in &r.unless {
            self.pattern(p, false)?;
        }
        let unless = patterns.end..self.set_text.len();
        let status = r
            .status
            .iter()
            .map(|m| self.mask(m))
            .collect::<Result<_, _>>()?;
        let reply = r
            .reply
            .iter()
            .map(|c| self.reply(c))
            .collect::<Result<_, _>>()?;
        let commands = r
            .commands
            .iter()
            .map(|c| self.command(c))
            .collect::<Result<_, _>>()?;
        let hosts = r
            .remote_host
            .iter()
            .map(|h| self.host(h))
            .collect::<Result<_, _>>()?;
        let start = self.set_host.len();
        for p in &r.remote_host_patterns {
            self.pattern(p, true)?;
        }
        let host_patterns = start..self.set_host.len();
        let rule = UserRule {
            id,
            reason,
            cause,
            hard_bounce: r.hard_bounce,
            fixes: Vec::new(),
            patterns,
            unless,
            status,
            reply,
            commands,
            hosts,
            host_patterns,
        };
        let has_condition = !(rule.patterns.is_empty()
            && rule.status.is_empty()
            && rule.reply.is_empty()
            && rule.commands.is_empty()
            && rule.hosts.is_empty()
            && rule.host_patterns.is_empty());
        if !has_condition {
            return Err(self.src.error(
                r.id.span().start,
                Kind::NoCondition,
                "the rule has no condition: give at least one of patterns, status, reply, \
                 commands, remote_host or remote_host_patterns (unless alone would match \
                 nearly every bounce)"
                    .to_string(),
            ));
        }
        let fixes = self.fixes(&r.fixes)?;
        Ok(UserRule { fixes, ..rule })
    }

    fn id(&mut self, id: &Spanned<String>) -> Result<String, RuleFileError> {
        let (v, at) = (id.get_ref(), id.span().start);
        let fault = if v.is_empty() {
            Some("empty id".to_string())
        } else if v.len() > RuleSet::MAX_ID_BYTES {
            Some(format!(
                "the id is longer than {} bytes",
                RuleSet::MAX_ID_BYTES
            ))
        } else if !v.starts_with(|c: char| c.is_ascii_alphanumeric())
            || !v
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            Some(format!(
                "bad id \"{}\": an id starts with a letter or digit and holds letters, \
                 digits, '.', '-' and '_' only",
                shown(v)
            ))
        } else {
            None
        };
        if let Some(message) = fault {
            return Err(self.src.error(at, Kind::BadId, message));
        }
        let line = self.src.error(at, Kind::BadId, String::new()).line;
        if let Some(first) = self.ids.insert(v.clone(), line) {
            return Err(self.src.error(
                at,
                Kind::DuplicateId,
                format!("duplicate id \"{}\" (first used on line {first})", shown(v)),
            ));
        }
        Ok(format!("user.{v}"))
    }

    fn reason(&self, r: &Spanned<String>) -> Result<Reason, RuleFileError> {
        // Reason names are lowercase; `UserUnknown` as docs write it is meant.
        r.get_ref()
            .to_ascii_lowercase()
            .parse::<Reason>()
            .map_err(|_| {
                let names: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
                self.src.error(
                    r.span().start,
                    Kind::UnknownReason,
                    format!(
                        "unknown reason \"{}\" (one of: {})",
                        shown(r.get_ref()),
                        names.join(", ")
                    ),
                )
            })
    }

    fn cause(&self, c: &Spanned<String>) -> Result<Smtp550Cause, RuleFileError> {
        Smtp550Cause::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(c.get_ref()))
            .ok_or_else(|| {
                let names: Vec<&str> = Smtp550Cause::ALL.iter().map(|k| k.as_str()).collect();
                self.src.error(
                    c.span().start,
                    Kind::UnknownCause,
                    format!(
                        "unknown cause \"{}\" (one of: {})",
                        shown(c.get_ref()),
                        names.join(", ")
                    ),
                )
            })
    }

    fn mask(&self, m: &Spanned<String>) -> Result<Mask, RuleFileError> {
        Mask::parse(m.get_ref()).ok_or_else(|| {
            self.src.error(
                m.span().start,
                Kind::BadMask,
                format!(
                    "bad status mask \"{}\": want three dot-separated parts, each a number \
                     (up to three digits) or *, as 5.7.1 or 5.7.*",
                    shown(m.get_ref())
                ),
            )
        })
    }

    fn reply(&self, c: &Spanned<i64>) -> Result<u16, RuleFileError> {
        u16::try_from(*c.get_ref())
            .ok()
            .filter(|c| (200..=599).contains(c))
            .ok_or_else(|| {
                self.src.error(
                    c.span().start,
                    Kind::BadReplyCode,
                    format!(
                        "bad reply code {}: want an SMTP reply code from 200 to 599",
                        c.get_ref()
                    ),
                )
            })
    }

    fn command(&self, c: &Spanned<String>) -> Result<Command, RuleFileError> {
        COMMANDS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(c.get_ref()))
            .map(|&(_, cmd)| cmd)
            .ok_or_else(|| {
                let names: Vec<&str> = COMMANDS.iter().map(|(n, _)| *n).collect();
                self.src.error(
                    c.span().start,
                    Kind::UnknownCommand,
                    format!(
                        "unknown SMTP command \"{}\" (one of: {})",
                        shown(c.get_ref()),
                        names.join(", ")
                    ),
                )
            })
    }

    fn host(&self, h: &Spanned<String>) -> Result<String, RuleFileError> {
        let v = h.get_ref().trim_matches('.').to_ascii_lowercase();
        let ok = !v.is_empty()
            && v.len() <= 253
            && v.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if ok {
            Ok(v)
        } else {
            Err(self.src.error(
                h.span().start,
                Kind::BadHost,
                format!(
                    "bad remote host \"{}\": want a host or domain name such as \
                     mx.example.net (it matches that name and the names under it); \
                     use remote_host_patterns for a regex",
                    shown(h.get_ref())
                ),
            ))
        }
    }

    /// Checks a regex and adds it to the text or host list.
    fn pattern(&mut self, p: &Spanned<String>, host: bool) -> Result<(), RuleFileError> {
        let (v, span) = (p.get_ref(), p.span());
        self.check_chars(v, &span, "pattern")?;
        let at = self.src.in_string(&span, v, 0);
        self.pattern_bytes += v.len();
        if self.pattern_bytes > RuleSet::MAX_PATTERN_BYTES {
            return Err(self.src.error(
                at,
                Kind::PatternTooLarge,
                format!(
                    "the file's patterns add up to more than {}",
                    bytes(RuleSet::MAX_PATTERN_BYTES)
                ),
            ));
        }
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(v)
            .map_err(|e| {
                let (offset, what) = match &e {
                    regex_syntax::Error::Parse(e) => (e.span().start.offset, e.kind().to_string()),
                    regex_syntax::Error::Translate(e) => {
                        (e.span().start.offset, e.kind().to_string())
                    }
                    other => (0, other.to_string()),
                };
                self.src.error(
                    self.src.in_string(&span, v, offset),
                    Kind::BadPattern,
                    format!("the pattern does not compile: {what}"),
                )
            })?;
        match hir.properties().minimum_len() {
            Some(0) => {
                return Err(self.src.error(
                    at,
                    Kind::EmptyMatch,
                    "the pattern can match the empty text, so it would match every text; \
                     make each alternative match at least one character"
                        .to_string(),
                ));
            }
            None => {
                return Err(self.src.error(
                    at,
                    Kind::EmptyMatch,
                    "the pattern can never match".to_string(),
                ));
            }
            Some(_) => {}
        }
        let limit = RuleSet::MAX_COMPILED_BYTES;
        let size = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(limit)),
            )
            .build_from_hir(&hir)
            .map(|nfa| nfa.memory_usage())
            .unwrap_or(usize::MAX);
        if size > limit {
            return Err(self.src.error(
                at,
                Kind::PatternTooLarge,
                format!("the pattern compiles to more than {}", bytes(limit)),
            ));
        }
        self.compiled_bytes += size;
        if self.compiled_bytes > limit {
            return Err(self.src.error(
                at,
                Kind::PatternTooLarge,
                format!(
                    "the file's patterns compile to more than {} together",
                    bytes(limit)
                ),
            ));
        }
        let list = if host {
            &mut self.set_host
        } else {
            &mut self.set_text
        };
        list.push((v.clone(), at));
        Ok(())
    }

    /// One set over the patterns, with the limits the checks assumed.
    fn set(&self, patterns: &[(String, usize)]) -> Result<regex::RegexSet, RuleFileError> {
        RegexSetBuilder::new(patterns.iter().map(|(p, _)| p))
            .case_insensitive(true)
            .size_limit(RuleSet::MAX_COMPILED_BYTES * 4)
            .dfa_size_limit(RuleSet::DFA_CACHE_BYTES)
            .build()
            .map_err(|e| {
                let at = patterns.last().map_or(0, |(_, at)| *at);
                let message = match e {
                    regex::Error::CompiledTooBig(limit) => {
                        format!(
                            "the file's patterns compile to more than {} together",
                            bytes(limit)
                        )
                    }
                    other => other.to_string(),
                };
                self.src.error(at, Kind::PatternTooLarge, message)
            })
    }

    fn fixes(&self, raw: &[Spanned<RawFix>]) -> Result<Vec<Fix>, RuleFileError> {
        if let Some(extra) = raw.get(RuleSet::MAX_FIXES) {
            return Err(self.src.error(
                extra.span().start,
                Kind::BadFix,
                format!("more than {} fixes in one rule", RuleSet::MAX_FIXES),
            ));
        }
        raw.iter()
            .map(|f| {
                let f = f.get_ref();
                let actor = ACTORS
                    .iter()
                    .find(|(name, _)| name == f.actor.get_ref())
                    .map(|&(_, a)| a)
                    .ok_or_else(|| {
                        let names: Vec<&str> = ACTORS.iter().map(|(n, _)| *n).collect();
                        self.src.error(
                            f.actor.span().start,
                            Kind::UnknownActor,
                            format!(
                                "unknown actor \"{}\" (one of: {})",
                                shown(f.actor.get_ref()),
                                names.join(", ")
                            ),
                        )
                    })?;
                let (text, span) = (f.text.get_ref(), f.text.span());
                self.check_chars(text, &span, "fix text")?;
                let chars = text.chars().count();
                if text.trim().is_empty() || chars > RuleSet::MAX_FIX_CHARS {
                    return Err(self.src.error(
                        span.start,
                        Kind::BadFix,
                        format!(
                            "a fix text is one sentence of 1 to {} characters ({chars} here)",
                            RuleSet::MAX_FIX_CHARS
                        ),
                    ));
                }
                Ok(Fix::custom(actor, text.trim().to_string()))
            })
            .collect()
    }

    /// Refuses control characters (but tab), bidirectional controls and
    /// zero-width characters: the file's text is shown to people, and such
    /// characters hide or reorder what they see.
    fn check_chars(&self, v: &str, span: &Range<usize>, what: &str) -> Result<(), RuleFileError> {
        match v.char_indices().find(|&(_, c)| forbidden(c)) {
            Some((i, c)) => Err(self.src.error(
                self.src.in_string(span, v, i),
                Kind::ForbiddenCharacter,
                format!(
                    "forbidden character U+{:04X} in {what}: control, bidirectional and \
                     zero-width characters are refused",
                    u32::from(c)
                ),
            )),
            None => Ok(()),
        }
    }
}

/// A control character (C0 but tab, DEL, C1), a bidirectional control
/// (embeddings, overrides, isolates, marks) or a zero-width character.
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// A value as an error message shows it: escaped, and cut when long.
fn shown(v: &str) -> String {
    let cut: String = v.chars().take(40).collect();
    let mut s = cut.escape_debug().to_string();
    if v.chars().count() > 40 {
        s.push_str("...");
    }
    s
}

/// A size as limits are written: `2 MiB`, `32 KiB`.
fn bytes(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}
