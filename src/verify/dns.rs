//! The DNS side of `verify`: one resolver, a per-run cache where concurrent
//! callers share one in-flight lookup, a bound on queries in flight, a
//! per-lookup timeout and a total time budget.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{Name, RData, RecordType};
use tokio::sync::{OnceCell, Semaphore};

use super::{Config, ConfigError};

/// The record types the checks ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Mx,
    A,
    Aaaa,
    Txt,
}

impl Kind {
    fn record_type(self) -> RecordType {
        match self {
            Kind::Mx => RecordType::MX,
            Kind::A => RecordType::A,
            Kind::Aaaa => RecordType::AAAA,
            Kind::Txt => RecordType::TXT,
        }
    }
}

/// What one lookup gave, reduced to what the checks read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// MX records: (preference, exchange without the final dot; empty for
    /// the root, i.e. a null MX).
    Mx(Vec<(u16, String)>),
    /// A or AAAA records.
    Ip(Vec<IpAddr>),
    /// TXT records, each one's strings joined (RFC 7208 §3.3).
    Txt(Vec<String>),
    /// The name does not exist.
    NxDomain,
    /// The name exists but has no record of this type.
    NoData,
    /// No usable answer: timeout, SERVFAIL, REFUSED, unreadable answers, an
    /// invalid name, the budget used up. Never a verdict.
    Failed(String),
}

type Key = (String, Kind);

/// Counts of what a run did, for tests and for the user.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Lookups the checks asked for.
    pub lookups: u64,
    /// Of those, the ones sent to the resolver (the rest came from the
    /// run's cache or joined a lookup already in flight).
    pub queries: u64,
}

pub(crate) struct Dns {
    resolver: TokioResolver,
    cache: Mutex<HashMap<Key, Arc<OnceCell<Answer>>>>,
    slots: Semaphore,
    /// Time one lookup may take, retries included.
    per_lookup: Duration,
    budget: Duration,
    /// Set by the first query of the run.
    started: OnceLock<Instant>,
    lookups: AtomicU64,
    queries: AtomicU64,
}

impl Dns {
    pub(crate) fn new(config: &Config) -> Result<Dns, ConfigError> {
        let provider = TokioRuntimeProvider::default();
        let mut builder = if config.resolvers.is_empty() {
            TokioResolver::builder(provider)
                .map_err(|e| ConfigError::SystemResolver(e.to_string()))?
        } else {
            let servers = config
                .resolvers
                .iter()
                .map(|addr| {
                    let mut ns = NameServerConfig::udp_and_tcp(addr.ip());
                    for c in &mut ns.connections {
                        c.port = addr.port();
                    }
                    ns
                })
                .collect();
            TokioResolver::builder_with_config(ResolverConfig::from_name_servers(servers), provider)
        };
        let opts: &mut ResolverOpts = builder.options_mut();
        opts.timeout = config.timeout;
        opts.attempts = config.attempts.max(1);
        // Names are always asked fully qualified: no search list, no hosts file.
        opts.ndots = 0;
        opts.use_hosts_file = ResolveHosts::Never;
        // This module keeps its own cache for the run.
        opts.cache_size = 0;
        let resolver = builder
            .build()
            .map_err(|e| ConfigError::SystemResolver(e.to_string()))?;
        let attempts = u32::try_from(config.attempts.max(1)).unwrap_or(u32::MAX);
        Ok(Dns {
            resolver,
            cache: Mutex::new(HashMap::new()),
            slots: Semaphore::new(config.concurrency.clamp(1, Semaphore::MAX_PERMITS)),
            per_lookup: config.timeout.saturating_mul(attempts),
            budget: config.budget,
            started: OnceLock::new(),
            lookups: AtomicU64::new(0),
            queries: AtomicU64::new(0),
        })
    }

    pub(crate) fn stats(&self) -> Stats {
        Stats {
            lookups: self.lookups.load(Ordering::Relaxed),
            queries: self.queries.load(Ordering::Relaxed),
        }
    }

    /// Looks `name` up once per run: later and concurrent callers get the
    /// same answer.
    pub(crate) async fn lookup(&self, name: &str, kind: Kind) -> Answer {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        let key = (name.trim_end_matches('.').to_ascii_lowercase(), kind);
        let cell = {
            let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(cache.entry(key).or_default())
        };
        cell.get_or_init(|| self.query(name, kind)).await.clone()
    }

    fn remaining(&self) -> Duration {
        let started = *self.started.get_or_init(Instant::now);
        self.budget.saturating_sub(started.elapsed())
    }

    fn budget_used(&self) -> Answer {
        Answer::Failed(format!(
            "not asked: the DNS time budget of this run ({} ms) is used up",
            self.budget.as_millis()
        ))
    }

    async fn query(&self, name: &str, kind: Kind) -> Answer {
        let name = match fqdn(name) {
            Ok(n) => n,
            Err(e) => return Answer::Failed(e),
        };
        let remaining = self.remaining();
        if remaining.is_zero() {
            return self.budget_used();
        }
        let Ok(Ok(_slot)) = tokio::time::timeout(remaining, self.slots.acquire()).await else {
            return self.budget_used();
        };
        let remaining = self.remaining();
        if remaining.is_zero() {
            return self.budget_used();
        }
        self.queries.fetch_add(1, Ordering::Relaxed);
        let limit = self.per_lookup.min(remaining);
        let lookup = self.resolver.lookup(name, kind.record_type());
        match tokio::time::timeout(limit, lookup).await {
            Err(_) if limit < self.per_lookup => self.budget_used(),
            Err(_) => Answer::Failed(format!("no answer within {} ms", limit.as_millis())),
            Ok(Ok(found)) => read_answers(found.answers().iter().map(|r| &r.data), kind),
            Ok(Err(e)) => read_error(&e),
        }
    }
}

/// Checks and normalises a name: IDNA for non-ASCII names, at most 253
/// characters, labels of 1 to 63 letters, digits, hyphens or underscores.
pub(crate) fn fqdn(name: &str) -> Result<Name, String> {
    let bad = |why: &str| Err(format!("{name:?} is not a valid domain name ({why})"));
    let trimmed = name.strip_suffix('.').unwrap_or(name);
    if trimmed.is_empty() {
        return bad("empty");
    }
    let parsed = if trimmed.is_ascii() {
        Name::from_ascii(trimmed)
    } else {
        Name::from_utf8(trimmed)
    };
    let Ok(mut parsed) = parsed else {
        return bad("unreadable");
    };
    let ascii = parsed.to_ascii();
    let ascii = ascii.strip_suffix('.').unwrap_or(&ascii);
    if ascii.len() > 253 {
        return bad("longer than 253 characters");
    }
    for label in ascii.split('.') {
        if label.is_empty() || label.len() > 63 {
            return bad("a label is empty or longer than 63 characters");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return bad("a label holds a character other than a letter, digit, '-' or '_'");
        }
    }
    parsed.set_fqdn(true);
    Ok(parsed)
}

fn read_answers<'a>(data: impl Iterator<Item = &'a RData>, kind: Kind) -> Answer {
    let mut mx = Vec::new();
    let mut ips = Vec::new();
    let mut txt = Vec::new();
    for d in data {
        match (kind, d) {
            (Kind::Mx, RData::MX(m)) => {
                let host = m.exchange.to_ascii();
                let host = host.strip_suffix('.').unwrap_or(&host);
                mx.push((m.preference, host.to_ascii_lowercase()));
            }
            (Kind::A, RData::A(a)) => ips.push(IpAddr::V4(a.0)),
            (Kind::Aaaa, RData::AAAA(a)) => ips.push(IpAddr::V6(a.0)),
            (Kind::Txt, RData::TXT(t)) => {
                let joined: Vec<u8> = t.txt_data.iter().flat_map(|s| s.iter().copied()).collect();
                txt.push(String::from_utf8_lossy(&joined).into_owned());
            }
            // CNAMEs on the way, or records of another type.
            _ => {}
        }
    }
    match kind {
        Kind::Mx if !mx.is_empty() => Answer::Mx(mx),
        Kind::A | Kind::Aaaa if !ips.is_empty() => Answer::Ip(ips),
        Kind::Txt if !txt.is_empty() => Answer::Txt(txt),
        _ => Answer::NoData,
    }
}

fn read_error(e: &NetError) -> Answer {
    match e {
        NetError::Dns(DnsError::NoRecordsFound(nr)) => match nr.response_code {
            ResponseCode::NXDomain => Answer::NxDomain,
            ResponseCode::NoError => Answer::NoData,
            code => Answer::Failed(format!("the resolver answered {code}")),
        },
        NetError::Dns(DnsError::ResponseCode(code)) => {
            Answer::Failed(format!("the resolver answered {code}"))
        }
        NetError::Timeout => Answer::Failed("no answer in time".to_string()),
        other => Answer::Failed(format!("lookup failed: {other}")),
    }
}
