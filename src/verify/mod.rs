//! Checks a [`Diagnosis`] against live DNS and says whether it holds (the
//! `verify` feature).
//!
//! The source article's Method 3 asks the sender to look their own mail
//! domain's MX up, find the mail server's IP and check it against the DNS
//! blocklists; its cause 8 is a recipient domain whose MX records are wrong.
//! A bounce only tells what a server thought when it refused the mail;
//! [`Verifier`] asks DNS what holds now:
//!
//! | check | for | results |
//! |---|---|---|
//! | `recipient_domain` | `bad_mx`, `recipient_typo`, `nonexistent_mailbox`, `server_down` | `no_domain`, `no_mx`, `null_mx`, `bad_mx_host`, `mx_ok`, `error` |
//! | `suggestion_domain` | a typo suggestion on another domain | the same |
//! | `dnsbl` | `spam_filter`, and any diagnostic that names a blocklist | `listed`, `not_listed`, `refused`, `error` |
//! | `sender_auth` | `auth_failure` | `spf_ok`, `no_spf`, `dmarc_ok`, `no_dmarc`, `error` |
//!
//! and gives a [`Verdict`]: `confirmed` (the live state agrees with the
//! cause), `contradicted` (it does not: the domain has a working MX now, no
//! list answering lists the IP now) or `inconclusive` (DNS could not tell:
//! timeouts, SERVFAIL, refused queries, nothing to check). A timeout or a
//! SERVFAIL is never read as "no such domain".
//!
//! Within one [`Verifier`] every lookup is made once: 40,000 recipients at
//! one domain cost one MX query, and callers that ask at the same time share
//! the lookup in flight. Lookups are bounded by a per-query timeout, a total
//! time budget for the run and a number of queries in flight ([`Config`]).
//!
//! # Privacy
//!
//! A DNSBL query tells the list's operator, and every resolver on the way,
//! which IP you are checking. Spamhaus refuses queries that come through
//! public resolvers; use your own resolver (or Spamhaus's Data Query
//! Service) for it.
//!
//! # Examples
//!
//! Against a resolver that cannot be reached, every check is an error and the
//! verdict `inconclusive`, within the time limits:
//!
//! ```
//! use std::time::Duration;
//! use bounce_cause::verify::{Config, Context, Verdict, Verifier};
//!
//! let raw = b"From: MAILER-DAEMON@mx.example.net\r\n\
//! Subject: Undelivered Mail Returned to Sender\r\n\
//! Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\
//! \r\n--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\
//! --b\r\nContent-Type: message/delivery-status\r\n\r\n\
//! Reporting-MTA: dns; mx.example.net\r\n\r\n\
//! Final-Recipient: rfc822; erin@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\
//! Diagnostic-Code: smtp; 550 5.1.1 <erin@example.org>: user unknown\r\n--b--\r\n";
//! let report = bounce_cause::classify(raw).unwrap();
//!
//! let mut config = Config::default();
//! config.add_resolver("127.0.0.1:9")?; // the discard port: nothing answers
//! config.timeout = Duration::from_millis(100);
//! config.attempts = 1;
//! let verifier = Verifier::new(config)?;
//!
//! let v = verifier.verify(&report.recipients[0], &Context::new());
//! assert_eq!(v.verdict, Verdict::Inconclusive);
//! assert_eq!(v.checks[0].subject, "example.org");
//! let json = serde_json::to_string(&v).unwrap();
//! assert!(json.starts_with(r#"{"verdict":"inconclusive","checks":[{"check":"recipient_domain""#));
//! # Ok::<(), bounce_cause::verify::ConfigError>(())
//! ```

mod addr;
mod checks;
mod dns;
mod dnsbl;

use std::fmt;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serde::Serialize;
use tokio::runtime::Runtime;

use crate::report::{Diagnosis, Report};
use dns::Dns;

pub use dns::Stats;
pub use dnsbl::DEFAULT_ZONES;

/// MX hosts looked at per domain, in order of preference.
const MAX_MX_HOSTS: usize = 5;
/// Sending IPs found through the sender domain's MX that are checked.
const MAX_SENDING_IPS: usize = 4;
/// Characters of a TXT record or answer kept in a check's detail.
const MAX_DETAIL: usize = 300;

/// How the verifier asks DNS. Every knob has a default suited to a command
/// run over a mailbox of bounces.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use bounce_cause::verify::{Config, DEFAULT_ZONES};
///
/// let mut config = Config::default();
/// assert!(config.resolvers.is_empty()); // the system's resolver
/// assert_eq!(config.zones, DEFAULT_ZONES);
/// config.add_resolver("127.0.0.1:5353")?;
/// config.add_resolver("[::1]")?;
/// config.set_timeout_ms("500")?;
/// assert_eq!(config.resolvers[1].port(), 53);
/// assert_eq!(config.timeout, Duration::from_millis(500));
/// assert!(config.add_resolver("resolver.example").is_err());
/// # Ok::<(), bounce_cause::verify::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// Name servers to ask, in order. Empty (the default): the system's
    /// (`/etc/resolv.conf` on Unix).
    pub resolvers: Vec<SocketAddr>,
    /// Time one query may take before it is sent again or given up. Default
    /// 2 s: a resolver that has the answer replies in milliseconds, and one
    /// that has to ask around in well under a second.
    pub timeout: Duration,
    /// Times a query is sent before it is given up. Default 2: one lost UDP
    /// packet should not make a check inconclusive.
    pub attempts: usize,
    /// Total time the lookups of a run (the life of one [`Verifier`]) may
    /// take, from the first query. Past it, checks not yet answered are
    /// `error` without asking. Default 5 minutes: a run over a large mailbox
    /// finishes even when the resolver stalls.
    pub budget: Duration,
    /// Queries in flight at once. Default 16: fast enough for thousands of
    /// domains, gentle on a small resolver and on the lists' rate limits.
    pub concurrency: usize,
    /// DNSBL zones to check, in order. Default [`DEFAULT_ZONES`]. The zones
    /// a bounce names are checked first, whatever this holds.
    pub zones: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            resolvers: Vec::new(),
            timeout: Duration::from_secs(2),
            attempts: 2,
            budget: Duration::from_secs(300),
            concurrency: 16,
            zones: DEFAULT_ZONES.iter().map(|z| (*z).to_string()).collect(),
        }
    }
}

impl Config {
    /// Adds a name server given as `IP`, `IP:PORT`, `[IPv6]` or
    /// `[IPv6]:PORT` (port 53 when none is given).
    ///
    /// # Errors
    ///
    /// [`ConfigError::Resolver`] when `value` is not such an address.
    pub fn add_resolver(&mut self, value: &str) -> Result<(), ConfigError> {
        let v = value.trim();
        let addr = v
            .parse::<SocketAddr>()
            .ok()
            .or_else(|| v.parse::<IpAddr>().ok().map(|ip| SocketAddr::new(ip, 53)))
            .or_else(|| {
                v.strip_prefix('[')
                    .and_then(|r| r.strip_suffix(']'))
                    .and_then(|ip| ip.parse::<IpAddr>().ok())
                    .map(|ip| SocketAddr::new(ip, 53))
            })
            .ok_or_else(|| ConfigError::Resolver(value.to_string()))?;
        self.resolvers.push(addr);
        Ok(())
    }

    /// Replaces the DNSBL zones by `zones` (`--dnsbl ZONE`, repeated).
    ///
    /// # Errors
    ///
    /// [`ConfigError::Zone`] for a name that is not a valid domain name.
    pub fn set_zones<S: AsRef<str>>(&mut self, zones: &[S]) -> Result<(), ConfigError> {
        let mut list = Vec::with_capacity(zones.len());
        for z in zones {
            let z = z.as_ref();
            let name = dns::fqdn(z).map_err(|_| ConfigError::Zone(z.to_string()))?;
            let name = name.to_ascii().trim_end_matches('.').to_ascii_lowercase();
            if !list.contains(&name) {
                list.push(name);
            }
        }
        self.zones = list;
        Ok(())
    }

    /// Sets the per-query timeout from a number of milliseconds (`--dns-timeout MS`).
    ///
    /// # Errors
    ///
    /// [`ConfigError::Number`] unless `ms` is a whole number from 1 to 60,000.
    pub fn set_timeout_ms(&mut self, ms: &str) -> Result<(), ConfigError> {
        self.timeout = Duration::from_millis(number(ms, 1, 60_000)?);
        Ok(())
    }

    /// Sets the run's time budget from a number of seconds (`--dns-budget S`).
    ///
    /// # Errors
    ///
    /// [`ConfigError::Number`] unless `s` is a whole number from 1 to 86,400.
    pub fn set_budget_s(&mut self, s: &str) -> Result<(), ConfigError> {
        self.budget = Duration::from_secs(number(s, 1, 86_400)?);
        Ok(())
    }
}

fn number(s: &str, min: u64, max: u64) -> Result<u64, ConfigError> {
    s.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| ConfigError::Number(format!("{s:?} (from {min} to {max})")))
}

/// A bad option, or a system resolver that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A resolver that is not `IP[:PORT]`.
    #[error("not a resolver address (IP, IP:PORT or [IPv6]:PORT): {0:?}")]
    Resolver(String),
    /// A DNSBL zone that is not a domain name.
    #[error("not a DNSBL zone name: {0:?}")]
    Zone(String),
    /// A sending IP that is not an IP address.
    #[error("not an IP address: {0:?}")]
    Ip(String),
    /// A sender domain that is not a domain name.
    #[error("not a domain name: {0:?}")]
    Domain(String),
    /// A number out of range.
    #[error("not a valid number: {0}")]
    Number(String),
    /// The system's resolver configuration could not be read.
    #[error("cannot use the system's resolver: {0}")]
    SystemResolver(String),
}

/// What is known of the sender: the domain mail is sent from and the IPs it
/// leaves from. The DNSBL check uses the IPs if given, or else finds them as
/// the source article says, through the sender domain's MX.
///
/// # Examples
///
/// ```
/// use bounce_cause::verify::Context;
///
/// let ctx = Context::new()
///     .with_sender_domain("example.com")?
///     .with_sending_ip("2001:db8::25")?;
/// assert_eq!(ctx.sender_domain.as_deref(), Some("example.com"));
/// assert!(Context::new().with_sending_ip("mail.example.com").is_err());
/// # Ok::<(), bounce_cause::verify::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Context {
    /// The sender's mail domain (`--sender-domain`).
    pub sender_domain: Option<String>,
    /// The sending servers' IPs (`--sending-ip`, repeated).
    pub sending_ips: Vec<IpAddr>,
}

impl Context {
    /// Nothing known.
    pub fn new() -> Self {
        Context::default()
    }

    /// Sets the sender domain.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Domain`] when `domain` is not a domain name.
    pub fn with_sender_domain(mut self, domain: &str) -> Result<Self, ConfigError> {
        let d = domain.trim().trim_end_matches('.').to_ascii_lowercase();
        dns::fqdn(&d).map_err(|_| ConfigError::Domain(domain.to_string()))?;
        self.sender_domain = Some(d);
        Ok(self)
    }

    /// Adds a sending IP.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Ip`] when `ip` is not an IPv4 or IPv6 address.
    pub fn with_sending_ip(mut self, ip: &str) -> Result<Self, ConfigError> {
        let parsed = ip
            .trim()
            .parse::<IpAddr>()
            .map_err(|_| ConfigError::Ip(ip.to_string()))?;
        if !self.sending_ips.contains(&parsed) {
            self.sending_ips.push(parsed);
        }
        Ok(self)
    }

    /// This context for one bounce: when no sender domain is set, the domain
    /// of the original message's `From` address, if the bounce returned it.
    ///
    /// ```
    /// use bounce_cause::verify::Context;
    ///
    /// let raw = b"From: MAILER-DAEMON@mx.example.net\r\nSubject: failure\r\n\
    /// Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\
    /// \r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n\
    /// Reporting-MTA: dns; mx.example.net\r\n\r\n\
    /// Final-Recipient: rfc822; erin@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\
    /// --b\r\nContent-Type: text/rfc822-headers\r\n\r\n\
    /// From: Frank <frank@Mail.Example.COM>\r\nTo: erin@example.org\r\n--b--\r\n";
    /// let report = bounce_cause::classify(raw).unwrap();
    /// let ctx = Context::new().for_report(&report);
    /// assert_eq!(ctx.sender_domain.as_deref(), Some("mail.example.com"));
    /// ```
    pub fn for_report(&self, report: &Report) -> Context {
        let mut ctx = self.clone();
        if ctx.sender_domain.is_none() {
            ctx.sender_domain = report
                .original
                .from
                .as_deref()
                .and_then(address_domain)
                .filter(|d| dns::fqdn(d).is_ok());
        }
        ctx
    }
}

/// The domain of an address, or of the first address in a header value
/// (`Name <user@domain>`).
fn address_domain(value: &str) -> Option<String> {
    let addr = match (value.rfind('<'), value.rfind('>')) {
        (Some(a), Some(b)) if a < b => value.get(a + 1..b)?,
        _ => value.trim(),
    };
    let (_, domain) = addr.rsplit_once('@')?;
    let domain = domain
        .trim()
        .trim_end_matches(['>', '.', ',', ';'])
        .to_ascii_lowercase();
    (!domain.is_empty()).then_some(domain)
}

/// The command-line options of `--verify`, as given, turned into a
/// [`Config`] and a [`Context`] by [`Options::parse`].
///
/// # Examples
///
/// ```
/// use bounce_cause::verify::Options;
///
/// let mut opts = Options::default();
/// opts.resolvers.push("127.0.0.1:5353".into());
/// opts.dnsbl.push("bl.example.net".into());
/// opts.sending_ips.push("192.0.2.25".into());
/// opts.dns_timeout_ms = Some("800".into());
/// let (config, context) = opts.parse()?;
/// assert_eq!(config.zones, ["bl.example.net"]);
/// assert_eq!(context.sending_ips.len(), 1);
///
/// let mut bad = Options::default();
/// bad.sending_ips.push("not-an-ip".into());
/// assert!(bad.parse().is_err());
/// # Ok::<(), bounce_cause::verify::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// `--resolver IP[:PORT]`, repeated.
    pub resolvers: Vec<String>,
    /// `--dnsbl ZONE`, repeated; when given, they replace [`DEFAULT_ZONES`].
    pub dnsbl: Vec<String>,
    /// `--sending-ip IP`, repeated.
    pub sending_ips: Vec<String>,
    /// `--sender-domain DOMAIN`.
    pub sender_domain: Option<String>,
    /// `--dns-timeout MS`.
    pub dns_timeout_ms: Option<String>,
    /// `--dns-budget SECONDS`.
    pub dns_budget_s: Option<String>,
}

impl Options {
    /// Checks every option and builds the configuration and the context.
    ///
    /// # Errors
    ///
    /// The first option that is not valid, as a [`ConfigError`].
    pub fn parse(&self) -> Result<(Config, Context), ConfigError> {
        let mut config = Config::default();
        for r in &self.resolvers {
            config.add_resolver(r)?;
        }
        if !self.dnsbl.is_empty() {
            config.set_zones(&self.dnsbl)?;
        }
        if let Some(ms) = &self.dns_timeout_ms {
            config.set_timeout_ms(ms)?;
        }
        if let Some(s) = &self.dns_budget_s {
            config.set_budget_s(s)?;
        }
        let mut context = Context::new();
        if let Some(d) = &self.sender_domain {
            context = context.with_sender_domain(d)?;
        }
        for ip in &self.sending_ips {
            context = context.with_sending_ip(ip)?;
        }
        Ok((config, context))
    }
}

/// Whether the live DNS state agrees with a diagnosis.
///
/// ```
/// use bounce_cause::verify::Verdict;
///
/// assert_eq!(Verdict::Contradicted.to_string(), "contradicted");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The live state agrees with the cause.
    Confirmed,
    /// The live state disagrees: the domain has a working MX now, no list
    /// lists the IP now, ...
    Contradicted,
    /// DNS could not tell (timeouts, SERVFAIL, refused queries), or there
    /// is nothing DNS can check for this cause.
    Inconclusive,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Contradicted => "contradicted",
            Verdict::Inconclusive => "inconclusive",
        })
    }
}

/// Which check a [`Check`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CheckKind {
    /// Does the recipient's domain receive mail?
    RecipientDomain,
    /// Does the domain of a typo suggestion receive mail?
    SuggestionDomain,
    /// Is a sending IP on a DNS blocklist?
    Dnsbl,
    /// Does the sender domain publish SPF and DMARC?
    SenderAuth,
}

/// What a check found.
///
/// ```
/// use bounce_cause::verify::{CheckKind, CheckResult};
///
/// assert_eq!(CheckResult::BadMxHost.as_str(), "bad_mx_host");
/// assert_eq!(CheckKind::Dnsbl.as_str(), "dnsbl");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CheckResult {
    /// The domain does not exist (NXDOMAIN).
    NoDomain,
    /// The domain exists but has neither MX nor address records.
    NoMx,
    /// The domain publishes a null MX (`MX 0 .`, RFC 7505): it accepts no mail.
    NullMx,
    /// No MX host resolves to an address mail can be delivered to: no
    /// address at all, or only loopback, private or reserved ones.
    BadMxHost,
    /// At least one MX host (or, without MX, the domain itself) has a
    /// public address.
    MxOk,
    /// The zone lists the IP.
    Listed,
    /// The zone does not list the IP (NXDOMAIN), and does list its test
    /// address 127.0.0.2 (RFC 5782 §5), so it is a working list.
    NotListed,
    /// The zone refused to answer (e.g. Spamhaus's 127.255.255.254 for
    /// queries through public resolvers): neither listed nor clean.
    Refused,
    /// The domain publishes one SPF record.
    SpfOk,
    /// The domain publishes no valid SPF record (none, or more than one).
    NoSpf,
    /// The domain publishes one DMARC record.
    DmarcOk,
    /// The domain publishes no valid DMARC record.
    NoDmarc,
    /// DNS gave no usable answer (timeout, SERVFAIL, invalid name, ...): never a verdict.
    Error,
}

/// One check and what it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Check {
    /// Which check.
    pub check: CheckKind,
    /// The domain or the IP checked.
    pub subject: String,
    /// The DNSBL zone, for `dnsbl` checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// What it found.
    pub result: CheckResult,
    /// What was answered, in words.
    pub detail: String,
}

impl Check {
    fn new(check: CheckKind, subject: &str, result: CheckResult, detail: String) -> Check {
        Check {
            check,
            subject: subject.to_string(),
            zone: None,
            result,
            detail,
        }
    }
}

/// The verdict on one diagnosis, with the checks it rests on. Serialises as
/// `{"verdict": ..., "checks": [{"check", "subject", "zone", "result", "detail"}]}`
/// (`zone` for `dnsbl` checks only).
///
/// ```
/// use std::time::Duration;
/// use bounce_cause::verify::{CheckResult, Config, Context, Verifier};
///
/// let raw = b"From: MAILER-DAEMON@mx.example.net\r\nSubject: failure\r\n\
/// Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\
/// \r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n\
/// Reporting-MTA: dns; mx.example.net\r\n\r\n\
/// Final-Recipient: rfc822; gus@example.net\r\nAction: failed\r\nStatus: 5.7.1\r\n\
/// Diagnostic-Code: smtp; 554 5.7.1 Client host rejected: blocked using bl.example.org\r\n\
/// --b--\r\n";
/// let report = bounce_cause::classify(raw).unwrap();
///
/// let mut config = Config::default();
/// config.add_resolver("127.0.0.1:9")?; // nothing answers there
/// config.timeout = Duration::from_millis(100);
/// config.attempts = 1;
/// config.zones.clear();
/// let verifier = Verifier::new(config)?;
/// let ctx = Context::new().with_sending_ip("198.51.100.25")?;
/// let v = verifier.verify(&report.recipients[0], &ctx);
/// // The list the bounce names is checked even though no zone is configured;
/// // 198.51.100.25 is a documentation address: not asked.
/// assert_eq!(v.checks[0].zone.as_deref(), Some("bl.example.org"));
/// assert_eq!(v.checks[0].result, CheckResult::Error);
/// assert_eq!(v.summary(), "inconclusive: 198.51.100.25 error on bl.example.org");
/// assert_eq!(verifier.stats().queries, 0);
/// # Ok::<(), bounce_cause::verify::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Verification {
    /// Confirmed, contradicted or inconclusive.
    pub verdict: Verdict,
    /// The checks made, in order. Empty when DNS can check nothing for the
    /// diagnosis (a full mailbox, a message too big, ...).
    pub checks: Vec<Check>,
}

impl CheckKind {
    /// The name used in JSON: `recipient_domain`, `dnsbl`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::RecipientDomain => "recipient_domain",
            CheckKind::SuggestionDomain => "suggestion_domain",
            CheckKind::Dnsbl => "dnsbl",
            CheckKind::SenderAuth => "sender_auth",
        }
    }
}

impl CheckResult {
    /// The name used in JSON: `mx_ok`, `listed`, `no_spf`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            CheckResult::NoDomain => "no_domain",
            CheckResult::NoMx => "no_mx",
            CheckResult::NullMx => "null_mx",
            CheckResult::BadMxHost => "bad_mx_host",
            CheckResult::MxOk => "mx_ok",
            CheckResult::Listed => "listed",
            CheckResult::NotListed => "not_listed",
            CheckResult::Refused => "refused",
            CheckResult::SpfOk => "spf_ok",
            CheckResult::NoSpf => "no_spf",
            CheckResult::DmarcOk => "dmarc_ok",
            CheckResult::NoDmarc => "no_dmarc",
            CheckResult::Error => "error",
        }
    }
}

impl Verification {
    /// One line for people: the verdict, then each check's subject and
    /// result (`contradicted: example.org mx_ok`).
    pub fn summary(&self) -> String {
        let mut s = self.verdict.to_string();
        for (i, c) in self.checks.iter().enumerate() {
            s.push_str(if i == 0 { ": " } else { "; " });
            s.push_str(&c.subject);
            s.push(' ');
            s.push_str(c.result.as_str());
            if let Some(z) = &c.zone {
                s.push_str(" on ");
                s.push_str(z);
            }
        }
        s
    }
}

/// Checks diagnoses against live DNS. One verifier is one run: its lookups
/// are cached and shared for its whole life, and its time budget counts from
/// its first query. Cheap to clone (the clones share the run); `Send` and
/// `Sync`, so threads can share one.
///
/// [`Verifier::verify`] blocks (on a small runtime of its own, made on first
/// use); [`Verifier::verify_async`] is for callers on a Tokio runtime.
///
/// # Examples
///
/// Blocking, as in the [module example](self). Async, on the caller's
/// runtime (here nothing is checked: a full mailbox is none of the causes
/// DNS can check):
///
/// ```
/// use bounce_cause::verify::{Config, Context, Verdict, Verifier};
///
/// let raw = b"From: MAILER-DAEMON@mx.example.net\r\nSubject: failure\r\n\
/// Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\
/// \r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n\
/// Reporting-MTA: dns; mx.example.net\r\n\r\n\
/// Final-Recipient: rfc822; carol@example.com\r\nAction: failed\r\nStatus: 5.2.2\r\n\
/// Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\r\n--b--\r\n";
/// let report = bounce_cause::classify(raw).unwrap();
///
/// let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
/// let v = rt.block_on(async {
///     let mut config = Config::default();
///     config.add_resolver("127.0.0.1:9")?;
///     let verifier = Verifier::new(config)?;
///     let v = verifier.verify_async(&report.recipients[0], &Context::new()).await;
///     assert_eq!(verifier.stats().queries, 0);
///     Ok::<_, bounce_cause::verify::ConfigError>(v)
/// })?;
/// assert_eq!(v.verdict, Verdict::Inconclusive);
/// assert!(v.checks.is_empty());
/// # Ok::<(), bounce_cause::verify::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

struct Inner {
    dns: Dns,
    zones: Vec<String>,
    runtime: OnceLock<Option<Runtime>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Dropping a runtime inside another one's context panics; this does not.
        if let Some(Some(rt)) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("zones", &self.inner.zones)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier for `config`. No query is sent until a diagnosis is verified.
    ///
    /// # Errors
    ///
    /// [`ConfigError::SystemResolver`] when `config.resolvers` is empty and
    /// the system's resolver configuration cannot be read.
    pub fn new(config: Config) -> Result<Verifier, ConfigError> {
        Ok(Verifier {
            inner: Arc::new(Inner {
                dns: Dns::new(&config)?,
                zones: config.zones,
                runtime: OnceLock::new(),
            }),
        })
    }

    /// What the run has done so far: lookups asked for, queries sent.
    pub fn stats(&self) -> Stats {
        self.inner.dns.stats()
    }

    /// Verifies one diagnosis, blocking until its checks are answered or
    /// timed out. Never panics; a fault gives `error` checks.
    pub fn verify(&self, diagnosis: &Diagnosis, context: &Context) -> Verification {
        self.block_on(self.verify_async(diagnosis, context))
            .unwrap_or_else(|why| Verification {
                verdict: Verdict::Inconclusive,
                checks: vec![Check::new(
                    CheckKind::RecipientDomain,
                    &diagnosis.recipient,
                    CheckResult::Error,
                    why,
                )],
            })
    }

    /// Verifies the diagnoses of one report (or any list) at once, blocking;
    /// one [`Verification`] per diagnosis, in order.
    pub fn verify_all(&self, diagnoses: &[Diagnosis], context: &Context) -> Vec<Verification> {
        match self.block_on(self.verify_all_async(diagnoses, context)) {
            Ok(v) => v,
            Err(_) => diagnoses.iter().map(|d| self.verify(d, context)).collect(),
        }
    }

    /// The async form of [`Verifier::verify`], for a caller on a Tokio runtime.
    pub async fn verify_async(&self, diagnosis: &Diagnosis, context: &Context) -> Verification {
        checks::verify(&self.inner.dns, &self.inner.zones, diagnosis, context).await
    }

    /// The async form of [`Verifier::verify_all`].
    pub async fn verify_all_async(
        &self,
        diagnoses: &[Diagnosis],
        context: &Context,
    ) -> Vec<Verification> {
        futures_util::future::join_all(diagnoses.iter().map(|d| self.verify_async(d, context)))
            .await
    }

    fn block_on<F: Future + Send>(&self, fut: F) -> Result<F::Output, String>
    where
        F::Output: Send,
    {
        let rt = self
            .inner
            .runtime
            .get_or_init(|| {
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(1)
                    .thread_name("bounce-cause-dns")
                    .enable_all()
                    .build()
                    .ok()
            })
            .as_ref()
            .ok_or_else(|| "cannot start the DNS runtime".to_string())?;
        if tokio::runtime::Handle::try_current().is_err() {
            return Ok(rt.block_on(fut));
        }
        // Called from async code: a runtime cannot block inside another's
        // context, so block a thread of our own.
        std::thread::scope(|s| s.spawn(|| rt.block_on(fut)).join())
            .map_err(|_| "the DNS lookups stopped".to_string())
    }
}
