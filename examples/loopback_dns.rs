//! An authoritative DNS server for the zones of `tests/dns/`, on loopback, to
//! try `--verify` by hand: `cargo run --example loopback_dns -- [ADDR] [SECONDS]`.
//!
//! ADDR defaults to 127.0.0.1:5353 (UDP and TCP). With SECONDS, it stops after
//! that long and prints how many times each name and type was asked;
//! without, it serves until killed. `scripts/loopback-dns.sh` wraps it. The
//! server is the `verify` tests' (`tests/dns_server/server.rs`).

use std::net::SocketAddr;
use std::time::Duration;

#[path = "../tests/dns_server/server.rs"]
mod server;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let addr: SocketAddr = args.next().as_deref().unwrap_or("127.0.0.1:5353").parse()?;
    let seconds: Option<u64> = args.next().map(|s| s.parse()).transpose()?;
    let server = server::DnsServer::start_on(addr)?;
    eprintln!(
        "serving {} zones of {} on {}",
        server.zones,
        server::zone_dir().display(),
        server.addr
    );
    match seconds {
        Some(s) => std::thread::sleep(Duration::from_secs(s)),
        None => loop {
            std::thread::park();
        },
    }
    let mut seen: Vec<((String, String), u32)> = server
        .seen
        .lock()
        .map_err(|_| "counter lock poisoned")?
        .iter()
        .map(|(k, n)| (k.clone(), *n))
        .collect();
    drop(server);
    seen.sort();
    let total: u32 = seen.iter().map(|(_, n)| n).sum();
    for ((name, kind), n) in &seen {
        println!("{n:>5}  {kind:<5} {name}");
    }
    println!(
        "{total:>5}  queries, {} distinct names and types",
        seen.len()
    );
    Ok(())
}
