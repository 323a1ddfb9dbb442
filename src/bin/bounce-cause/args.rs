//! The command line: flags, help texts, usage errors.

use std::ffi::OsString;
use std::io::IsTerminal;

/// Shown by `-h`.
const SHORT_HELP: &str = "\
bounce-cause: why each recipient of a bounce email failed, and what to do

usage: bounce-cause [OPTIONS] PATH...

  PATH                 an .eml file, an mbox, a directory (walked; maildirs read as such),
                       - for stdin, or any special file (read as a stream)
  -f, --format FMT     jsonl (default), text or none
      --lines          read PATHs as logs, line by line: Postfix, Exim, Sendmail, OpenSMTPD,
                       KumoMTA and Amazon SES JSON events, bare replies (550 5.1.1 ...)
  -s, --summary        a summary table on stderr
      --summary-json P the summary as one JSON object into file P (- for stdout, with --format none)
  -j, --jobs N         classifying threads (0, the default: all cores)
  -L, --follow         follow symbolic links in directories (loops are detected)
      --verify         check each diagnosis against live DNS (MX, blocklists, SPF/DMARC);
                       with --resolver IP[:PORT], --dnsbl ZONE, --sending-ip IP,
                       --sender-domain DOMAIN, --dns-timeout MS, --dns-budget S
      --color WHEN     auto (default), always or never
      --[no-]progress  a progress line on stderr
      --rules FILE     your own rules (a TOML rule file), tried before the built-in ones; repeatable
      --explain        per recipient, every rule that matched and the text it matched
  -h, --help           this help (--help: the long one)
  -V, --version        the version

exit status: 0 a failed recipient was found, 1 none was, 2 an input could not be read or bad usage";

/// Shown by `--help`.
const LONG_HELP: &str = "\
bounce-cause: why each recipient of a bounce email failed, and what to do

usage: bounce-cause [OPTIONS] PATH...

Reads bounce emails (delivery status notifications, standard or not) and prints, per recipient,
the status, the reason (Sisimai's names), which of the eight SMTP 550 causes it is, and ordered
fixes saying who must act.

INPUTS
  PATH is an .eml file, an mbox (a file starting with a \"From \" line: each message is read
  apart), a directory, or - for stdin. A FIFO, device or other special file named here is read
  as a stream, as - is (bounce-cause <(zcat bounces.mbox.gz)).

  A directory is walked in name order, regular files only:
  - symbolic links are skipped unless --follow is given (then loops are detected and skipped);
  - FIFOs, sockets and devices are skipped, never opened;
  - a maildir (a directory holding cur/ and new/) is read from cur/, new/ and its Maildir++
    folders (.Sent/, .Archive/, ...); its tmp/ (mail being delivered) and its own files
    (dovecot-uidlist, maildirfolder, ...) are skipped;
  - other hidden files and directories, and .json, .jsonl and .md files, are skipped.
  Each skipped path is said on stderr (files skipped by name: one count at the end).

LOGS
      --lines          read each PATH (- for stdin) as text, line by line, and print one JSON
                       object per failed or delayed recipient a line records: Postfix
                       (status=bounced, status=deferred), Exim's main log (**, ==), Sendmail
                       (stat=), OpenSMTPD (result=\"PermFail\", \"TempFail\"), KumoMTA log records
                       and Amazon SES bounce and delay events (JSON), and bare replies
                       (550 5.1.1 <a@example.com>: user unknown). Fields as for emails, with
                       \"source\": PATH:LINE (from 1), \"queue_id\" and \"time\" where the log has
                       them; delayed recipients have \"kind\": \"delayed\". Other lines are
                       skipped and counted (--summary: lines read, recognised, skipped). Lines
                       over 64 KiB are skipped; bytes that are not UTF-8 are read as U+FFFD.
                       --format text is not available here.

OUTPUT
  -f, --format FMT     jsonl (default): one JSON object per recipient, or per input that could
                       not be read or is not a bounce (with \"error\"); text: a block per recipient,
                       control characters shown as \\x1b or \\u{202e}; none: nothing per recipient
  -s, --summary        write a summary table to stderr at the end: messages by kind, recipients
                       failed (permanent, temporary, hard bounces), delayed, delivered, feedback,
                       auto-reply; failed recipients per cause, per reason, top domains
      --summary-json P write the same summary as one JSON object into the file P; - writes it to
                       stdout, allowed only with --format none (stdout stays JSON Lines)
      --color WHEN     colour in text output: auto (stdout is a terminal and NO_COLOR is unset),
                       always or never
      --progress       show a progress line on stderr; by default it is shown when stderr is a
      --no-progress    terminal and stdout is not

  A message inside a file that holds several (an mbox) has \"source\": the file's path, and
  \"message_index\": its 1-based position. A path that is not UTF-8 is written with \\xNN for each
  byte that is not UTF-8 (and \\\\ for a backslash), and \"source_bytes\" holds its bytes.

RULES
      --rules FILE     read your own rules from the TOML file FILE (see the README, \"Your own
                       rules\"); they are tried before the built-in ones, and the first that
                       matches decides, reported as user.ID. Repeatable: files are tried in the
                       order given. A file with any fault stops the run before any input is read
                       (exit status 2), with the line and column of the fault.
      --explain        for each recipient, print the rule that decided and every other rule,
                       built-in or yours, that matched, with the conditions that held and the
                       text each matched: how to see what a rule of yours must match, and which
                       rule it must beat. Text output unless -f is given; with -f jsonl each line
                       gains \"matches\".
VERIFY (a binary built with the `verify` feature)
      --verify         check each diagnosis against live DNS and say whether it is confirmed,
                       contradicted or inconclusive (\"verify\" in JSON, a verify line in text,
                       verdicts per cause in the summary): the recipient domain's MX (null MX,
                       hosts that resolve nowhere usable), a typo suggestion's domain, the sending
                       IPs on DNS blocklists, the sender domain's SPF and DMARC. Each name is
                       looked up once per run; stderr says how many lookups and queries it took.
                       DNSBL queries tell the list operator which IPs you check.
      --resolver ADDR  a name server to ask, IP or IP:PORT (repeatable; default: the system's)
      --dnsbl ZONE     a blocklist zone to check (repeatable; replaces the default
                       zen.spamhaus.org, b.barracudacentral.org, bl.spamcop.net); a list the
                       bounce names is checked first in any case. Spamhaus refuses public
                       resolvers: use your own
      --sending-ip IP  an IP your mail leaves from (repeatable; default: the addresses of the
                       sender domain's MX hosts)
      --sender-domain DOMAIN
                       your mail domain (default: that of the returned message's From)
      --dns-timeout MS time one query may take (default 2000; sent twice)
      --dns-budget S   time all lookups of the run may take (default 300); past it, checks
                       are inconclusive without asking

RUNNING
  -j, --jobs N         classify on N threads; 0 (the default) uses all cores (with --verify, at
                       least 16: threads wait for DNS)
  -L, --follow         follow symbolic links found in directories
  -h, --help           short help (-h) or this help (--help)
  -V, --version        print the version

EXIT STATUS
  0  at least one failed recipient was found
  1  none was found (delayed, delivered, feedback and auto-reply recipients are not failures)
  2  an input could not be read (missing, unreadable, vanished, read error) or the usage was
     wrong; this wins over 0 and 1. Input errors are also written to stderr.";

/// The per-recipient output.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Jsonl,
    Text,
    None,
}

/// What the command line asks for.
#[derive(Debug)]
pub struct Args {
    pub format: Format,
    /// `--summary`: the table on stderr.
    pub summary: bool,
    /// `--summary-json P`: the summary as JSON into `P`, or stdout for `-`.
    pub summary_json: Option<OsString>,
    /// Classifying threads (resolved: at least 1).
    pub jobs: usize,
    pub follow: bool,
    /// Colour in text output (resolved).
    pub color: bool,
    /// `--progress` / `--no-progress`, if given.
    pub progress: Option<bool>,
    /// `--rules FILE`, in the order given.
    pub rules: Vec<OsString>,
    /// `--explain`: the rules that matched, per recipient.
    pub explain: bool,
    /// `--verify` and its DNS options (see `verify.rs`).
    pub verify: Option<crate::verify::Setup>,
    pub paths: Vec<OsString>,
    /// `--lines`: read the paths as logs, line by line.
    pub lines: bool,
}

/// The outcome of reading the command line.
#[derive(Debug)]
pub enum Parsed {
    Run(Box<Args>),
    /// Help or version text to print on stdout, then exit 0.
    Print(String),
}

#[derive(Clone, Copy)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Reads the command line (without the program name).
pub fn parse(argv: impl IntoIterator<Item = OsString>) -> Result<Parsed, String> {
    use lexopt::prelude::*;
    let mut format = None;
    let mut summary = false;
    let mut summary_json = None;
    let mut jobs = 0usize;
    let mut follow = false;
    let mut color = Color::Auto;
    let mut progress = None;
    let mut rules = Vec::new();
    let mut explain = false;
    let mut verify = crate::verify::Flags::default();
    let mut paths = Vec::new();
    let mut lines = false;
    let mut p = lexopt::Parser::from_args(argv);
    let err = |e: lexopt::Error| e.to_string();
    while let Some(arg) = p.next().map_err(err)? {
        match arg {
            Long("format") | Short('f') => {
                let v = p.value().map_err(err)?;
                format = match v.to_str() {
                    Some("jsonl" | "json") => Some(Format::Jsonl),
                    Some("text") => Some(Format::Text),
                    Some("none") => Some(Format::None),
                    _ => {
                        return Err(format!(
                            "unknown format {:?} (jsonl, text or none)",
                            v.to_string_lossy()
                        ));
                    }
                }
            }
            Long("summary") | Short('s') => summary = true,
            Long("lines") => lines = true,
            Long("summary-json") => summary_json = Some(p.value().map_err(err)?),
            Long("jobs") | Short('j') => {
                let v = p.value().map_err(err)?;
                jobs = v.to_str().and_then(|s| s.parse().ok()).ok_or_else(|| {
                    format!("--jobs wants a number, not {:?}", v.to_string_lossy())
                })?;
            }
            Long("follow") | Short('L') => follow = true,
            Long("color") | Long("colour") => {
                let v = p.value().map_err(err)?;
                color = match v.to_str() {
                    Some("auto") => Color::Auto,
                    Some("always") => Color::Always,
                    Some("never") => Color::Never,
                    _ => {
                        return Err(format!(
                            "--color wants auto, always or never, not {:?}",
                            v.to_string_lossy()
                        ));
                    }
                }
            }
            Long("progress") => progress = Some(true),
            Long("no-progress") => progress = Some(false),
            Long("rules") => rules.push(p.value().map_err(err)?),
            Long("explain") => explain = true,
            Long(name) if crate::verify::FLAGS.contains(&name) => {
                let name = name.to_string();
                verify.flag(&name, &mut p)?;
            }
            Short('h') => return Ok(Parsed::Print(SHORT_HELP.to_string())),
            Long("help") => return Ok(Parsed::Print(LONG_HELP.to_string())),
            Short('V') | Long("version") => {
                return Ok(Parsed::Print(format!(
                    "bounce-cause {}",
                    env!("CARGO_PKG_VERSION")
                )));
            }
            Value(v) => paths.push(v),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    // An explanation is for a person: text unless a format is asked for.
    let format = format.unwrap_or(if explain { Format::Text } else { Format::Jsonl });
    if paths.is_empty() {
        return Err("no PATH given (- reads stdin)".into());
    }
    if summary_json.as_deref() == Some("-".as_ref()) && format != Format::None {
        return Err("--summary-json - writes to stdout: use it with --format none".into());
    }
    if lines && format == Format::Text {
        return Err("--lines prints JSON Lines (--format jsonl) or nothing (--format none)".into());
    }
    let verify = verify.finish()?;
    if lines && verify.is_some() {
        return Err("--verify checks bounce emails, not --lines".into());
    }
    let jobs = if jobs == 0 {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        if verify.is_some() {
            cores.max(crate::verify::JOBS)
        } else {
            cores
        }
    } else {
        jobs
    };
    let color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    Ok(Parsed::Run(Box::new(Args {
        format,
        summary,
        summary_json,
        jobs,
        follow,
        color,
        progress,
        rules,
        explain,
        verify,
        paths,
        lines,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Args, String> {
        match parse(args.iter().map(OsString::from))? {
            Parsed::Run(a) => Ok(*a),
            Parsed::Print(t) => Err(format!("printed {t}")),
        }
    }

    #[test]
    fn reads_flags() {
        let a = run(&[
            "-f",
            "text",
            "--summary",
            "-j",
            "3",
            "-L",
            "--color=always",
            "x",
        ])
        .unwrap();
        assert_eq!(a.format, Format::Text);
        assert!(a.summary && a.follow && a.color);
        assert_eq!(a.jobs, 3);
        assert_eq!(a.paths, vec![OsString::from("x")]);
        assert!(run(&["--jobs", "0", "x"]).unwrap().jobs >= 1);
        assert!(!run(&["--color", "never", "x"]).unwrap().color);
        assert_eq!(run(&["--no-progress", "x"]).unwrap().progress, Some(false));
        let a = run(&["--rules", "a.toml", "--rules=b.toml", "--explain", "x"]).unwrap();
        assert_eq!(a.rules, ["a.toml", "b.toml"]);
        assert!(a.explain);
        assert_eq!(a.format, Format::Text);
        let a = run(&["--explain", "-f", "jsonl", "x"]).unwrap();
        assert_eq!(a.format, Format::Jsonl);
        assert!(!run(&["x"]).unwrap().explain);
    }

    #[test]
    fn usage_errors_are_one_line() {
        for bad in [
            &["--nope", "x"][..],
            &["-f", "xml", "x"],
            &["--jobs", "many", "x"],
            &[],
            &["--summary-json", "-", "x"],
            &["--rules"],
        ] {
            let e = run(bad).unwrap_err();
            assert!(
                !e.contains('\n') && !e.starts_with("printed"),
                "{bad:?}: {e}"
            );
        }
        assert!(run(&["--summary-json", "-", "-f", "none", "x"]).is_ok());
    }

    #[test]
    fn verify_flags() {
        let dns = [
            "--resolver",
            "127.0.0.1:5353",
            "--sending-ip",
            "192.0.2.1",
            "x",
        ];
        let e = run(&dns).unwrap_err();
        assert!(!e.contains('\n'), "{e}");
        assert!(run(&["x"]).unwrap().verify.is_none());
        let with = run(&[&["--verify"][..], &dns].concat());
        if cfg!(feature = "verify") {
            assert!(
                e.contains("--resolver") && e.contains("add --verify"),
                "{e}"
            );
            let a = with.unwrap();
            assert!(a.verify.is_some());
            assert!(a.jobs >= crate::verify::JOBS);
            assert_eq!(run(&["--verify", "-j", "2", "x"]).unwrap().jobs, 2);
        } else {
            assert!(e.contains("built without the `verify` feature"), "{e}");
            assert!(
                with.unwrap_err()
                    .contains("--verify: this bounce-cause was built without")
            );
        }
    }

    #[test]
    fn help_and_version() {
        let short = run(&["-h"]).unwrap_err();
        let long = run(&["--help"]).unwrap_err();
        assert!(short.len() < long.len());
        assert!(
            run(&["-V"])
                .unwrap_err()
                .contains(env!("CARGO_PKG_VERSION"))
        );
    }
}
