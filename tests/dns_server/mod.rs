//! A real authoritative DNS server (hickory-server) on 127.0.0.1 for the
//! `verify` tests, library (`tests/verify.rs`) and command line
//! (`tests/cli_verify.rs`): it serves every zone file of `tests/dns/` and
//! counts the queries it answers. Nothing leaves loopback.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bounce_cause::verify::{Config, Verifier};
use hickory_server::Server;
use hickory_server::net::runtime::Time;
use hickory_server::proto::rr::Name;
use hickory_server::server::{Request, RequestHandler, ResponseHandler, ResponseInfo};
use hickory_server::store::file::{FileConfig, FileZoneHandler};
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneType};

/// Queries the server received: (name, type) -> count.
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
            *self.seen.lock().unwrap().entry(key).or_default() += 1;
        }
        self.catalog
            .handle_request::<R, T>(request, response_handle)
            .await
    }
}

/// An authoritative server for the zones of `tests/dns/` on 127.0.0.1 (UDP
/// and TCP on one free port), on a thread of its own; stopped when dropped.
pub struct DnsServer {
    pub addr: SocketAddr,
    pub seen: Seen,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl DnsServer {
    /// Serves each `tests/dns/ORIGIN.zone` as the zone `ORIGIN.`.
    pub fn start() -> DnsServer {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dns");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|f| f.ends_with(".zone"))
            .collect();
        files.sort();
        assert!(
            files.len() >= 5,
            "zone files in {}: {files:?}",
            dir.display()
        );
        let mut catalog = Catalog::new();
        for file in files {
            let origin = format!("{}.", file.trim_end_matches(".zone"));
            let name = Name::from_ascii(&origin).unwrap();
            let zone = FileZoneHandler::try_from_config(
                name.clone(),
                ZoneType::Primary,
                AxfrPolicy::Deny,
                Some(&dir),
                &FileConfig {
                    zone_path: file.clone().into(),
                },
            )
            .unwrap_or_else(|e| panic!("{file}: {e}"));
            catalog.upsert(name.into(), vec![Arc::new(zone)]);
        }
        let seen = Seen::default();
        let handler = Counting {
            catalog,
            seen: Arc::clone(&seen),
        };
        // One port for UDP and TCP: bind UDP on a free port, then TCP on it.
        let (udp, tcp) = (0..20)
            .find_map(|_| {
                let udp = std::net::UdpSocket::bind("127.0.0.1:0").ok()?;
                let tcp = std::net::TcpListener::bind(udp.local_addr().ok()?).ok()?;
                Some((udp, tcp))
            })
            .expect("a free port on 127.0.0.1");
        let addr = udp.local_addr().unwrap();
        udp.set_nonblocking(true).unwrap();
        tcp.set_nonblocking(true).unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let mut server = Server::new(handler);
                server.register_socket(tokio::net::UdpSocket::from_std(udp).unwrap());
                server.register_listener(
                    tokio::net::TcpListener::from_std(tcp).unwrap(),
                    Duration::from_secs(5),
                    1 << 16,
                );
                let _ = stopped.await;
                let _ = server.shutdown_gracefully().await;
            });
        });
        DnsServer {
            addr,
            seen,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Times the server was asked `name` (`type_`).
    pub fn count(&self, name: &str, type_: &str) -> u32 {
        let key = (format!("{}.", name.to_ascii_lowercase()), type_.to_string());
        self.seen.lock().unwrap().get(&key).copied().unwrap_or(0)
    }

    /// Queries received in all.
    pub fn total(&self) -> u32 {
        self.seen.lock().unwrap().values().sum()
    }

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
