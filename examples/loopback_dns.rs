//! An authoritative DNS server for the zones of `tests/dns/`, on loopback, to
//! try `--verify` by hand: `cargo run --example loopback_dns -- [ADDR] [SECONDS]`.
//!
//! ADDR defaults to 127.0.0.1:5353 (UDP and TCP). With SECONDS, it stops after
//! that long and prints how many times each name and type was asked;
//! without, it serves until killed. `scripts/loopback-dns.sh` wraps it.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hickory_server::Server;
use hickory_server::net::runtime::Time;
use hickory_server::proto::rr::Name;
use hickory_server::server::{Request, RequestHandler, ResponseHandler, ResponseInfo};
use hickory_server::store::file::{FileConfig, FileZoneHandler};
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneType};

type Seen = Arc<Mutex<BTreeMap<(String, String), u32>>>;

struct Counting {
    catalog: Catalog,
    seen: Seen,
}

#[async_trait::async_trait]
impl RequestHandler for Counting {
    async fn handle_request<R: ResponseHandler, T: Time>(
        &self,
        request: &Request,
        response_handle: R,
    ) -> ResponseInfo {
        if let Ok(info) = request.request_info() {
            let key = (
                info.query.name().to_string(),
                info.query.query_type().to_string(),
            );
            if let Ok(mut seen) = self.seen.lock() {
                *seen.entry(key).or_default() += 1;
            }
        }
        self.catalog
            .handle_request::<R, T>(request, response_handle)
            .await
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let addr: SocketAddr = args.next().as_deref().unwrap_or("127.0.0.1:5353").parse()?;
    let seconds: Option<u64> = args.next().map(|s| s.parse()).transpose()?;
    if !addr.ip().is_loopback() {
        return Err("serve on a loopback address only".into());
    }

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dns");
    let mut catalog = Catalog::new();
    // Each tests/dns/ORIGIN.zone is the zone ORIGIN.
    let mut files: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f.ends_with(".zone"))
        .collect();
    files.sort();
    for file in &files {
        let name = Name::from_ascii(format!("{}.", file.trim_end_matches(".zone")))?;
        let zone = FileZoneHandler::try_from_config(
            name.clone(),
            ZoneType::Primary,
            AxfrPolicy::Deny,
            Some(&dir),
            &FileConfig {
                zone_path: file.into(),
            },
        )?;
        catalog.upsert(name.into(), vec![Arc::new(zone)]);
    }
    let seen = Seen::default();
    let handler = Counting {
        catalog,
        seen: Arc::clone(&seen),
    };

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let mut server = Server::new(handler);
        server.register_socket(tokio::net::UdpSocket::bind(addr).await?);
        server.register_listener(
            tokio::net::TcpListener::bind(addr).await?,
            Duration::from_secs(5),
            1 << 16,
        );
        eprintln!("serving {} on {addr}", dir.display());
        match seconds {
            Some(s) => tokio::time::sleep(Duration::from_secs(s)).await,
            None => std::future::pending::<()>().await,
        }
        server.shutdown_gracefully().await?;
        Ok::<_, Box<dyn std::error::Error>>(())
    })?;

    let seen = seen.lock().map_err(|_| "counter lock poisoned")?;
    let total: u32 = seen.values().sum();
    for ((name, kind), n) in seen.iter() {
        println!("{n:>5}  {kind:<5} {name}");
    }
    println!(
        "{total:>5}  queries, {} distinct names and types",
        seen.len()
    );
    Ok(())
}
