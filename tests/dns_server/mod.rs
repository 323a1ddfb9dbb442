//! A real authoritative DNS server (hickory-server) on 127.0.0.1 for the
//! `verify` tests, library (`tests/verify.rs`) and command line
//! (`tests/cli_verify.rs`): it serves every zone file of `tests/dns/` and
//! counts the queries it answers (`server.rs`, which
//! `examples/loopback_dns.rs` shares). Nothing leaves loopback.
#![allow(dead_code)]

mod server;

use std::time::Duration;

use bounce_cause::verify::{Config, Verifier};

pub use server::DnsServer;

impl DnsServer {
    /// A verifier that asks this server, with `dnsbl.test` as its only zone.
    pub fn verifier(&self, config: impl FnOnce(&mut Config)) -> Verifier {
        let mut c = Config::default();
        c.add_resolver(&self.addr.to_string()).unwrap();
        c.timeout = Duration::from_secs(2);
        c.set_zones(&["dnsbl.test"]).unwrap();
        config(&mut c);
        Verifier::new(c).unwrap()
    }
}
