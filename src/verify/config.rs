//! The verifier's settings: how it asks DNS ([`Config`]), what it knows of
//! the sender ([`Context`]), and the command line's options ([`Options`]).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use crate::report::Report;

use super::dns;
use super::dnsbl::DEFAULT_ZONES;

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
    /// Total time the lookups of a run (the life of one [`Verifier`](super::Verifier)) may
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
