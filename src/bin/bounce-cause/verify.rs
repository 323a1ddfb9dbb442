//! `--verify`: each diagnosis checked against live DNS (the library's
//! `verify` module, behind the `verify` feature). A binary built without the
//! feature still knows the flags, and refuses them with a message that says
//! why.

use std::io::{self, Write};

use crate::escape;

/// The flags of this file, without their `--`.
pub const FLAGS: &[&str] = &[
    "verify",
    "resolver",
    "dnsbl",
    "sending-ip",
    "sender-domain",
    "dns-timeout",
    "dns-budget",
];

/// Classifying threads with `--verify` and no `--jobs`: a thread mostly
/// waits for DNS then, so as many as the queries the verifier lets fly
/// (16) keep it busy; the verifier's cap still bounds the load on DNS.
pub const JOBS: usize = 16;

#[cfg(feature = "verify")]
pub use on::*;

#[cfg(not(feature = "verify"))]
pub use off::*;

#[cfg(feature = "verify")]
mod on {
    use bounce_cause::verify::{Config, Context, Options, Verifier};

    pub use bounce_cause::verify::Verification;

    /// The flags as read.
    #[derive(Debug, Default)]
    pub struct Flags {
        on: bool,
        /// The first DNS flag given, for the error when `--verify` is not.
        first: Option<String>,
        opts: Options,
    }

    impl Flags {
        /// Reads `--NAME` (one of [`super::FLAGS`]) and its value. Each value
        /// is checked here, so that an error names its flag.
        pub fn flag(&mut self, name: &str, p: &mut lexopt::Parser) -> Result<(), String> {
            if name == "verify" {
                self.on = true;
                return Ok(());
            }
            let value = p
                .value()
                .map_err(|e| e.to_string())?
                .into_string()
                .map_err(|v| format!("--{name}: not UTF-8: {:?}", v.to_string_lossy()))?;
            let mut one = Options::default();
            for opts in [&mut one, &mut self.opts] {
                let v = value.clone();
                match name {
                    "resolver" => opts.resolvers.push(v),
                    "dnsbl" => opts.dnsbl.push(v),
                    "sending-ip" => opts.sending_ips.push(v),
                    "sender-domain" => opts.sender_domain = Some(v),
                    "dns-timeout" => opts.dns_timeout_ms = Some(v),
                    _ => opts.dns_budget_s = Some(v),
                }
            }
            one.parse().map_err(|e| format!("--{name}: {e}"))?;
            self.first.get_or_insert_with(|| name.to_string());
            Ok(())
        }

        /// What the flags ask for: `None` without `--verify`.
        pub fn finish(self) -> Result<Option<Setup>, String> {
            if !self.on {
                return match self.first {
                    Some(name) => Err(format!("--{name} is an option of --verify: add --verify")),
                    None => Ok(None),
                };
            }
            let (config, context) = self.opts.parse().map_err(|e| e.to_string())?;
            Ok(Some(Setup { config, context }))
        }
    }

    /// `--verify` and its options, checked.
    #[derive(Debug)]
    pub struct Setup {
        config: Config,
        context: Context,
    }

    /// One run's verifier, shared by the classifying threads.
    pub struct Run {
        verifier: Verifier,
        context: Context,
    }

    /// The verifier for `setup`, if any. No query is sent yet.
    ///
    /// # Errors
    ///
    /// The system's resolver configuration cannot be read.
    pub fn start(setup: Option<&Setup>) -> Result<Option<Run>, String> {
        let Some(s) = setup else { return Ok(None) };
        let verifier = Verifier::new(s.config.clone()).map_err(|e| e.to_string())?;
        Ok(Some(Run {
            verifier,
            context: s.context.clone(),
        }))
    }

    /// One verification per recipient of `report`, in order; none without
    /// `--verify`.
    pub fn report(run: Option<&Run>, report: &bounce_cause::Report) -> Vec<Verification> {
        match run {
            Some(r) => r
                .verifier
                .verify_all(&report.recipients, &r.context.for_report(report)),
            None => Vec::new(),
        }
    }

    /// The verdict's JSON name, for the summary.
    pub fn verdict(v: &Verification) -> &'static str {
        match v.verdict {
            bounce_cause::verify::Verdict::Confirmed => "confirmed",
            bounce_cause::verify::Verdict::Contradicted => "contradicted",
            bounce_cause::verify::Verdict::Inconclusive => "inconclusive",
        }
    }

    /// The end-of-run line for stderr.
    pub fn stats(run: &Run) -> String {
        let s = run.verifier.stats();
        format!("verify: {} lookups, {} DNS queries", s.lookups, s.queries)
    }

    /// The text lines of one verification (see [`super::write_text`]).
    pub(super) fn lines(v: &Verification) -> Vec<String> {
        let mut lines = vec![v.summary()];
        for c in &v.checks {
            let zone = c
                .zone
                .as_ref()
                .map_or(String::new(), |z| format!(" on {z}"));
            lines.push(format!(
                "{} {}{zone}: {} ({})",
                c.check.as_str(),
                c.subject,
                c.result.as_str(),
                c.detail
            ));
        }
        lines
    }
}

#[cfg(not(feature = "verify"))]
mod off {
    use serde::Serialize;

    /// Said for any flag of `--verify` by a binary built without it.
    const NOT_BUILT: &str = "this bounce-cause was built without the `verify` feature \
         (cargo install bounce-cause --features verify)";

    /// The flags as read: none is accepted.
    #[derive(Debug, Default)]
    pub struct Flags {
        _none: (),
    }

    impl Flags {
        pub fn flag(&mut self, name: &str, _: &mut lexopt::Parser) -> Result<(), String> {
            Err(format!("--{name}: {NOT_BUILT}"))
        }

        pub fn finish(self) -> Result<Option<Setup>, String> {
            Ok(None)
        }
    }

    /// Never made.
    #[derive(Debug)]
    pub enum Setup {}

    /// Never made.
    pub enum Run {}

    /// Never made.
    #[derive(Serialize)]
    pub enum Verification {}

    pub fn start(_: Option<&Setup>) -> Result<Option<Run>, String> {
        Ok(None)
    }

    pub fn report(_: Option<&Run>, _: &bounce_cause::Report) -> Vec<Verification> {
        Vec::new()
    }

    pub fn verdict(v: &Verification) -> &'static str {
        match *v {}
    }

    pub fn stats(run: &Run) -> String {
        match *run {}
    }

    pub(super) fn lines(v: &Verification) -> Vec<String> {
        match *v {}
    }
}

/// The lines `write_text` writes, unlabelled and unescaped; none without a
/// verification.
pub fn text_lines(v: Option<&Verification>) -> Vec<String> {
    v.map(lines).unwrap_or_default()
}

/// Writes a `verify` line (the verdict and each check's result) and one line
/// per check with what DNS answered, escaped: a bounce names the domains.
pub fn write_text(out: &mut impl Write, v: Option<&Verification>) -> io::Result<()> {
    let Some(v) = v else { return Ok(()) };
    for (i, line) in lines(v).iter().enumerate() {
        let label = if i == 0 { "verify" } else { "" };
        writeln!(out, "  {label:<12} {}", escape::terminal(line))?;
    }
    Ok(())
}
