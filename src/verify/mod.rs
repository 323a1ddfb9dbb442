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
mod config;
mod dns;
mod dnsbl;

use std::fmt;
use std::future::Future;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use tokio::runtime::Runtime;

use crate::report::Diagnosis;
use dns::Dns;

pub use config::{Config, ConfigError, Context, Options};
pub use dns::Stats;
pub use dnsbl::DEFAULT_ZONES;

/// MX hosts looked at per domain, in order of preference.
const MAX_MX_HOSTS: usize = 5;
/// Sending IPs found through the sender domain's MX that are checked.
const MAX_SENDING_IPS: usize = 4;
/// Characters of a TXT record or answer kept in a check's detail.
const MAX_DETAIL: usize = 300;

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
