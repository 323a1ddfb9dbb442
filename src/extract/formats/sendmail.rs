//! Sendmail's session transcript, in its notices with and without a
//! delivery-status part (Sendmail 8 and the older V5/V8 text-only form).
//!
//! After a `----- Transcript of session follows -----` line, Sendmail writes
//! what happened per remote host:
//!
//! ```text
//! ... while talking to mx.example.net.:
//! >>> RCPT To:<ann@example.net>
//! <<< 550 5.1.1 <ann@example.net>... User unknown
//! 550 5.1.1 <ann@example.net>... User unknown
//! ```
//!
//! `>>>` is the command Sendmail sent, `<<<` the remote reply, and a line
//! `NNN <address>... text` its own verdict on a recipient (V5 writes only
//! these, with the remote reply inside the text). Local delivery failures
//! show the program's output and a `NNN x.y.z unknown mailer error N` line.

use crate::address::clean_address;
use crate::extract::command::Command;
use crate::extract::record::Record;
use crate::limits::Limits;
use crate::mime::Bounce;
use crate::text::{contains_ci, push_words};

/// The transcript, read into sessions and Sendmail's own verdict lines.
#[derive(Debug, Default)]
pub(crate) struct Transcript<'a> {
    sessions: Vec<Session<'a>>,
    /// Sendmail's own lines: the recipient they name, the session they
    /// belong to, the text.
    verdicts: Vec<Verdict<'a>>,
}

#[derive(Debug, Default)]
struct Session<'a> {
    host: Option<&'a str>,
    /// The last SMTP command sent (QUIT and RSET not counted).
    command: Option<Command>,
    /// RCPT TO addresses sent in this session.
    rcpts: Vec<String>,
    /// Remote replies, in order.
    replies: Vec<&'a str>,
}

#[derive(Debug)]
struct Verdict<'a> {
    recipient: Option<String>,
    session: Option<usize>,
    /// The leading reply code Sendmail gives its verdict.
    code: Option<&'a str>,
    /// The status code Sendmail 8 writes after it.
    status: Option<&'a str>,
    /// The text after `address... `, or the whole line.
    text: &'a str,
}

const MAX_LINES: usize = 2000;

impl<'a> Transcript<'a> {
    /// Reads the transcript section of a notice, if it has one.
    pub(crate) fn read(notice: &'a str) -> Option<Transcript<'a>> {
        // Sendmail and Postfix write "Transcript of session follows" in this
        // case; a fast exact search first spares most notices the scan.
        if !notice.contains("ranscript of session") && !notice.contains("RANSCRIPT OF SESSION") {
            return None;
        }
        let start = find_ci(notice, "transcript of session follows")?;
        let rest = notice.get(start..)?;
        // A bounce forwarded inline has every line quoted with "> ".
        let quoted = rest.trim_start().starts_with('>');
        let mut t = Transcript::default();
        for line in rest.lines().skip(1).take(MAX_LINES) {
            let line = if quoted {
                line.strip_prefix("> ")
                    .or_else(|| line.strip_prefix('>'))
                    .unwrap_or(line)
            } else {
                line
            };
            let line = line.trim_end();
            let trimmed = line.trim_start();
            if trimmed.is_empty() {
                continue;
            }
            // The next section: "----- Unsent message follows -----", ...
            if trimmed.starts_with("-----") || trimmed.starts_with("--") && !trimmed.contains(' ') {
                break;
            }
            if let Some(host) = talking_to(trimmed) {
                t.sessions.push(Session {
                    host: Some(host),
                    ..Session::default()
                });
                continue;
            }
            if let Some(cmd) = trimmed.strip_prefix(">>>") {
                let cmd = cmd.trim();
                let s = t.session_mut();
                if let Some(name) = command_of(cmd) {
                    s.command = Some(name);
                }
                if name_is(cmd, "RCPT")
                    && let Some(a) = cmd.split_once(':').and_then(|(_, a)| clean_address(a))
                {
                    s.rcpts.push(a);
                }
                continue;
            }
            if let Some(reply) = trimmed.strip_prefix("<<<") {
                let reply = reply.trim();
                let s = t.session_mut();
                if !reply.is_empty() && s.replies.len() < 32 {
                    s.replies.push(reply);
                }
                continue;
            }
            if t.verdicts.len() < 256 {
                let session = t.sessions.len().checked_sub(1);
                t.verdicts.push(verdict(trimmed, session));
            }
        }
        (!t.sessions.is_empty() || !t.verdicts.is_empty()).then_some(t)
    }

    fn session_mut(&mut self) -> &mut Session<'a> {
        if self.sessions.is_empty() {
            self.sessions.push(Session::default());
        }
        let last = self.sessions.len() - 1;
        &mut self.sessions[last]
    }

    /// The sessions that concern `rcpt`: those that sent it a RCPT TO, else
    /// (when no session names any recipient) all of them.
    fn sessions_for(&self, rcpt: &str) -> Vec<&Session<'a>> {
        let named: Vec<&Session<'a>> = self
            .sessions
            .iter()
            .filter(|s| s.rcpts.iter().any(|a| a.eq_ignore_ascii_case(rcpt)))
            .collect();
        if !named.is_empty() || self.sessions.iter().any(|s| !s.rcpts.is_empty()) {
            return named;
        }
        self.sessions.iter().collect()
    }

    /// Adds to a delivery-status record what the transcript says about its
    /// recipient: the remote replies the Diagnostic-Code leaves out, the
    /// command, and Sendmail's own verdict when the record has no reply.
    pub(crate) fn enrich(&self, r: &mut Record, limits: &Limits) {
        let max = limits.max_text_bytes;
        let sessions = self.sessions_for(&r.recipient);
        // A Diagnostic-Code that holds only the first line of a multi-line
        // reply ("550-5.7.1 ..."): the transcript has the lines after it.
        for line in continued_reply(&sessions, &r.diagnostic) {
            push_words(&mut r.diagnostic, line, max);
        }
        // The Diagnostic-Code holds one reply; when it quotes no status
        // code, the session's other replies may say more.
        if crate::extract::codes::quoted(reply_text(r)).0.is_none() {
            for s in &sessions {
                for reply in &s.replies {
                    if !contains_ci(&r.diagnostic, reply) {
                        push_words(&mut r.diagnostic, reply, max);
                    }
                }
            }
        }
        if r.command.is_none() {
            r.command = sessions.iter().rev().find_map(|s| s.command);
        }
        if r.remote_mta.is_none() {
            r.remote_mta = sessions
                .iter()
                .rev()
                .find_map(|s| s.host)
                .map(str::to_string);
        }
        let has_reply = crate::extract::codes::quoted(reply_text(r)).1.is_some();
        if has_reply {
            return;
        }
        let mine: Vec<&Verdict<'a>> = self
            .verdicts
            .iter()
            .filter(|v| {
                v.recipient
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(&r.recipient))
            })
            .collect();
        let lines: Vec<&Verdict<'a>> = if mine.is_empty() {
            self.verdicts
                .iter()
                .filter(|v| v.recipient.is_none() && v.session.is_none())
                .collect()
        } else {
            mine
        };
        for v in lines {
            let line = v.line();
            if !contains_ci(&r.diagnostic, &line) {
                push_words(&mut r.diagnostic, &line, max);
            }
        }
    }
}

use crate::extract::codes::reply_text;

/// `NNN-text`: a line of a multi-line reply that more lines follow.
fn is_continued(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() > 4
        && b.get(..3).is_some_and(|c| c.iter().all(u8::is_ascii_digit))
        && b.get(3) == Some(&b'-')
}

/// When `diag` is the first line of a multi-line reply some session
/// received, the reply's other lines, up to its last (`NNN text`).
fn continued_reply<'a>(sessions: &[&Session<'a>], diag: &str) -> Vec<&'a str> {
    let d = diag.trim();
    if !is_continued(d) {
        return Vec::new();
    }
    for s in sessions {
        let Some(i) = s
            .replies
            .iter()
            .position(|x| x.trim().eq_ignore_ascii_case(d))
        else {
            continue;
        };
        let mut out = Vec::new();
        for line in s.replies.get(i + 1..).unwrap_or_default() {
            out.push(*line);
            if !is_continued(line) {
                break;
            }
        }
        return out;
    }
    Vec::new()
}

/// Sendmail V5 and text-only Sendmail notices: one record per verdict line
/// that names a recipient (`554 <ann@example.net>... 550 Host unknown`).
pub(crate) fn decode_v5(_b: &Bounce, notice: &str, limits: &Limits) -> Option<Vec<Record>> {
    let t = Transcript::read(notice)?;
    let mut out: Vec<Record> = Vec::new();
    // A session's remote replies explain the first recipient verdict after
    // them; later verdicts in the same session are about other hosts.
    let mut used_sessions: Vec<usize> = Vec::new();
    for v in &t.verdicts {
        let Some(rcpt) = &v.recipient else { continue };
        if out.iter().any(|r| r.recipient.eq_ignore_ascii_case(rcpt))
            || out.len() >= limits.max_recipients
        {
            continue;
        }
        let mut r = Record {
            recipient: rcpt.clone(),
            ..Record::default()
        };
        let fresh = v.session.filter(|i| !used_sessions.contains(i));
        if let Some(i) = fresh {
            used_sessions.push(i);
        }
        if let Some(s) = fresh.and_then(|i| t.sessions.get(i)) {
            for reply in &s.replies {
                push_words(&mut r.diagnostic, reply, limits.max_text_bytes);
            }
            r.command = s.command;
            r.remote_mta = s.host.map(str::to_string);
        }
        push_words(&mut r.diagnostic, &v.line(), limits.max_text_bytes);
        out.push(r);
    }
    Some(out)
}

/// `... while talking to mx.example.net.:` / `While talking to host:`.
fn talking_to(line: &str) -> Option<&str> {
    let l = line.trim_start_matches('.').trim_start();
    let rest = l
        .strip_prefix("while talking to ")
        .or_else(|| l.strip_prefix("While talking to "))?;
    let host = rest.trim_end_matches(':').trim_end_matches('.').trim();
    (!host.is_empty() && !host.contains(' ')).then_some(host)
}

/// A verdict line: `554 <ann@example.net>... text`, `550 5.1.1 ann@x... text`,
/// or any other line (program output, `554 5.3.0 unknown mailer error 1`).
fn verdict(line: &str, session: Option<usize>) -> Verdict<'_> {
    let (code, rest) = match line.split_once(' ') {
        Some((c, r)) if c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit()) => {
            (Some(c), r.trim_start())
        }
        _ => (None, line),
    };
    // Sendmail 8 puts the status code before the address.
    let (status, rest_addr) = match rest.split_once(' ') {
        Some((s, r)) if s.contains('.') && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
            (Some(s), r)
        }
        _ => (None, rest),
    };
    if let Some((addr, text)) = rest_addr.split_once("... ")
        && let Some(a) = clean_address(addr)
    {
        return Verdict {
            recipient: Some(a),
            session,
            code,
            status,
            text: text.trim(),
        };
    }
    Verdict {
        recipient: None,
        session,
        code: None,
        status: None,
        text: line,
    }
}

impl Verdict<'_> {
    /// The verdict as a diagnostic: the text after the address, led by
    /// Sendmail's codes unless the text quotes the remote reply itself
    /// (V5: `554 <ann@example.org>... 550 Host unknown`).
    fn line(&self) -> String {
        if crate::extract::codes::quoted(self.text).1.is_some() {
            return self.text.to_string();
        }
        match (self.code, self.status) {
            (Some(c), Some(s)) => format!("{c} {s} {}", self.text),
            (Some(c), None) => format!("{c} {}", self.text),
            _ => self.text.to_string(),
        }
    }
}

/// The command name of a `>>>` line, for the commands whose reply decides.
fn command_of(cmd: &str) -> Option<Command> {
    [
        Command::Rcpt,
        Command::Mail,
        Command::Data,
        Command::Ehlo,
        Command::Helo,
        Command::Bdat,
        Command::Starttls,
        Command::Auth,
    ]
    .into_iter()
    .find(|c| name_is(cmd, c.as_str()))
}

fn name_is(cmd: &str, name: &str) -> bool {
    cmd.get(..name.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(name))
}

/// Byte offset of the line holding `needle` (ASCII case-insensitive).
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let mut at = 0usize;
    for line in hay.split_inclusive('\n').take(4000) {
        if contains_ci(line, needle) {
            return Some(at);
        }
        at += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_a_multi_line_reply() {
        let notice = "----- Transcript of session follows -----\n... while talking to mx.example.net.:\n>>> DATA\n<<< 550-5.7.1 first line\n<<< 550-5.7.1 second line\n<<< 550 5.7.1 last line\n<<< 221 bye\n554 5.0.0 Service unavailable\n";
        let t = Transcript::read(notice).unwrap_or_default();
        let mut r = Record {
            recipient: "ann@example.net".into(),
            diagnostic: "550-5.7.1 first line".into(),
            ..Record::default()
        };
        t.enrich(&mut r, &Limits::default());
        assert_eq!(
            r.diagnostic,
            "550-5.7.1 first line 550-5.7.1 second line 550 5.7.1 last line"
        );
    }

    #[test]
    fn reads_sessions_and_verdicts() {
        let notice = "   ----- Transcript of session follows -----\n... while talking to mx.example.net.:\n>>> RCPT To:<ann@example.net>\n<<< 550 5.1.1 <ann@example.net>... User unknown\n550 5.1.1 <ann@example.net>... User unknown\n554 <bob@example.org>... 550 Host unknown\n\n   ----- Unsent message follows -----\n";
        let limits = Limits::default();
        let recs = decode_v5(&Bounce::default(), notice, &limits).unwrap_or_default();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].recipient, "ann@example.net");
        assert_eq!(recs[0].command, Some(Command::Rcpt));
        assert_eq!(recs[0].remote_mta.as_deref(), Some("mx.example.net"));
        assert_eq!(recs[1].recipient, "bob@example.org");
        assert!(recs[1].diagnostic.starts_with("550 Host unknown"));
    }
}
