//! A real authoritative DNS server (hickory-server) on loopback for the zone
//! files of `tests/dns/`, counting the queries it answers. The `verify`
//! tests start it on a free port (`../mod.rs`); `examples/loopback_dns.rs`
//! on a port given, to try `--verify` by hand. Nothing leaves loopback.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hickory_server::Server;
use hickory_server::net::runtime::Time;
use hickory_server::proto::rr::Name;
use hickory_server::server::{Request, RequestHandler, ResponseHandler, ResponseInfo};
use hickory_server::store::file::{FileConfig, FileZoneHandler};
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneType};

/// Queries the server received: (name, lowercased, with its final dot;
/// type) -> count.
pub type Seen = Arc<Mutex<HashMap<(String, String), u32>>>;

/// The zone catalog, counting every query it answers.
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
                info.query.name().to_string().to_ascii_lowercase(),
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

/// The directory of the zone files.
pub fn zone_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dns")
}

/// Each `tests/dns/ORIGIN.zone` as the zone `ORIGIN.`; how many there are.
fn catalog() -> Result<(Catalog, usize), String> {
    let dir = zone_dir();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f.ends_with(".zone"))
        .collect();
    files.sort();
    let mut catalog = Catalog::new();
    for file in &files {
        let origin = format!("{}.", file.trim_end_matches(".zone"));
        let name = Name::from_ascii(&origin).map_err(|e| format!("{file}: {e}"))?;
        let zone = FileZoneHandler::try_from_config(
            name.clone(),
            ZoneType::Primary,
            AxfrPolicy::Deny,
            Some(&dir),
            &FileConfig {
                zone_path: file.into(),
            },
        )
        .map_err(|e| format!("{file}: {e}"))?;
        catalog.upsert(name.into(), vec![Arc::new(zone)]);
    }
    Ok((catalog, files.len()))
}

/// The server, on a thread of its own; stopped when dropped.
pub struct DnsServer {
    /// Where it answers, over UDP and TCP.
    pub addr: SocketAddr,
    pub seen: Seen,
    /// The zone files it serves.
    pub zones: usize,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl DnsServer {
    /// On 127.0.0.1, UDP and TCP on one free port.
    pub fn start() -> DnsServer {
        let server = (0..20)
            .find_map(|_| DnsServer::start_on(SocketAddr::from(([127, 0, 0, 1], 0))).ok())
            .expect("a free port on 127.0.0.1, and the zones of tests/dns/");
        assert!(
            server.zones >= 5,
            "zone files in tests/dns/: {}",
            server.zones
        );
        server
    }

    /// On `addr` (a loopback address), UDP and TCP; port 0 for a free one.
    pub fn start_on(addr: SocketAddr) -> Result<DnsServer, String> {
        if !addr.ip().is_loopback() {
            return Err(format!("{addr}: serve on a loopback address only"));
        }
        let (catalog, zones) = catalog()?;
        let udp = UdpSocket::bind(addr).map_err(|e| format!("{addr} (UDP): {e}"))?;
        let addr = udp.local_addr().map_err(|e| e.to_string())?;
        let tcp = TcpListener::bind(addr).map_err(|e| format!("{addr} (TCP): {e}"))?;
        udp.set_nonblocking(true).map_err(|e| e.to_string())?;
        tcp.set_nonblocking(true).map_err(|e| e.to_string())?;
        let seen = Seen::default();
        let handler = Counting {
            catalog,
            seen: Arc::clone(&seen),
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                let mut server = Server::new(handler);
                if let (Ok(udp), Ok(tcp)) = (
                    tokio::net::UdpSocket::from_std(udp),
                    tokio::net::TcpListener::from_std(tcp),
                ) {
                    server.register_socket(udp);
                    server.register_listener(tcp, Duration::from_secs(5), 1 << 16);
                }
                let _ = stopped.await;
                let _ = server.shutdown_gracefully().await;
            });
        });
        Ok(DnsServer {
            addr,
            seen,
            zones,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Times the server was asked `name` (`type_`).
    pub fn count(&self, name: &str, type_: &str) -> u32 {
        let key = (format!("{}.", name.to_ascii_lowercase()), type_.to_string());
        self.seen
            .lock()
            .map_or(0, |seen| seen.get(&key).copied().unwrap_or(0))
    }

    /// Queries received in all.
    pub fn total(&self) -> u32 {
        self.seen.lock().map_or(0, |seen| seen.values().sum())
    }
}

impl Drop for DnsServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
