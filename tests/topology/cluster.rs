//! The topology on loopback: a fresh PostgreSQL database, the moto S3 server, `passerelle
//! serve` instances (the real binary) and HAProxy with a configuration derived from
//! deploy/haproxy.cfg. Logs go to /var/tmp/passerelle-topology/ for a failure's diagnosis.

use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

pub const BUCKET: &str = "passerelle-topology";
pub const LOGS: &str = "/var/tmp/passerelle-topology";

/// A free port on loopback (bound then released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn log_file(name: &str) -> std::fs::File {
    std::fs::create_dir_all(LOGS).unwrap();
    std::fs::File::create(format!("{LOGS}/{name}.log")).unwrap()
}

/// A child process killed when dropped.
pub struct Proc(pub Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Proc {
    pub fn signal(&self, sig: &str) {
        let sent = Command::new("kill")
            .args([&format!("-{sig}"), &self.0.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success(), "kill -{sig} {}", self.0.id());
    }

    /// Waits at most `limit` for the process to exit.
    pub async fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// A fresh database on the PostgreSQL server, dropped at the end.
pub struct FreshDb {
    server: String,
    name: String,
    pub url: String,
}

impl FreshDb {
    pub async fn create(server: &str) -> FreshDb {
        let name = format!("passerelle_topology_{}", std::process::id());
        let admin = Database::connect(server).await.unwrap();
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await
            .unwrap();
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        let mut url = url::Url::parse(server).unwrap();
        url.set_path(&name);
        FreshDb {
            server: server.to_owned(),
            name,
            url: url.to_string(),
        }
    }

    pub async fn connect(&self) -> DatabaseConnection {
        Database::connect(self.url.as_str()).await.unwrap()
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let admin = Database::connect(server.as_str()).await.ok()?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await
                    .ok()
            })
        })
        .join();
    }
}

/// The moto S3 server (from PyPI) with the bucket created.
pub async fn start_moto() -> (Proc, u16) {
    let exe = std::env::var("PASSERELLE_MOTO").unwrap_or("moto_server".into());
    let port = free_port();
    let child = Command::new(&exe)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(log_file("moto"))
        .stderr(log_file("moto.err"))
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{exe} starts (PASSERELLE_MOTO, .ci/topology installs it): {e}")
        });
    let proc = Proc(child);
    let client = reqwest::Client::new();
    let bucket = format!("http://127.0.0.1:{port}/{BUCKET}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        // moto takes an unsigned PUT as "create this bucket".
        if let Ok(res) = client.put(&bucket).send().await
            && res.status().is_success()
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "moto answered no bucket creation in 30 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (proc, port)
}

/// One `passerelle serve` instance.
pub struct Instance {
    pub name: &'static str,
    pub port: u16,
    pub proc: Proc,
}

impl Instance {
    pub fn start(
        name: &'static str,
        port: u16,
        env: &[(String, String)],
        extra: &[(&str, &str)],
    ) -> Instance {
        let bin = std::env::var("PASSERELLE_TOPOLOGY_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_passerelle")));
        let data = format!("{LOGS}/data-{name}");
        let _ = std::fs::remove_dir_all(&data);
        let mut cmd = Command::new(&bin);
        cmd.arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("PASSERELLE_BIND", format!("127.0.0.1:{port}"))
            .env("PASSERELLE_DATA_DIR", &data)
            .stdout(log_file(&format!("{name}.out")))
            .stderr(log_file(name));
        for (k, v) in env {
            cmd.env(k, v);
        }
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("{} starts: {e}", bin.display()));
        Instance {
            name,
            port,
            proc: Proc(child),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Waits until the instance says it is ready (migrations and demo done).
    pub async fn wait_ready(&mut self, limit: Duration) {
        let deadline = Instant::now() + limit;
        let client = reqwest::Client::new();
        loop {
            if let Ok(res) = client.get(self.url("/healthz/ready")).send().await
                && res.status().is_success()
            {
                return;
            }
            if let Some(status) = self.proc.0.try_wait().unwrap() {
                panic!(
                    "instance {} stopped at start ({status}): see {LOGS}/{}.log",
                    self.name, self.name
                );
            }
            assert!(
                Instant::now() < deadline,
                "instance {} not ready in {limit:?}",
                self.name
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// HAProxy with deploy/haproxy.cfg, changed only where a machine's setup must differ: loopback
/// ports, no daemon nor user, its log on standard error, and a stats page for the test to read.
pub struct Proxy {
    pub port: u16,
    stats_port: u16,
    _proc: Proc,
}

impl Proxy {
    pub async fn start(servers: &[(&str, u16)]) -> Proxy {
        let source =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/haproxy.cfg"))
                .unwrap();
        let port = free_port();
        let stats_port = free_port();
        let mut out = Vec::new();
        let (mut bound, mut servers_written) = (false, false);
        for line in source.lines() {
            let t = line.trim_start();
            if ["user ", "group ", "daemon", "stats socket"]
                .iter()
                .any(|p| t.starts_with(p))
            {
                continue;
            }
            if t.starts_with("log /dev/log") {
                // Each request's line (servers, retries, termination state) in haproxy.log.
                out.push("    log stderr format raw local0".to_owned());
            } else if t.starts_with("bind :80") {
                out.push(format!("    bind 127.0.0.1:{port}"));
                bound = true;
            } else if t.starts_with("server ") {
                if !servers_written {
                    for (name, p) in servers {
                        out.push(format!("    server {name} 127.0.0.1:{p}"));
                    }
                    servers_written = true;
                }
            } else {
                out.push(line.to_owned());
            }
        }
        assert!(
            bound && servers_written,
            "deploy/haproxy.cfg has a `bind :80` and `server` lines"
        );
        out.push(format!(
            "\nlisten stats\n    bind 127.0.0.1:{stats_port}\n    stats enable\n    stats uri /stats\n"
        ));
        let cfg = format!("{LOGS}/haproxy.cfg");
        std::fs::write(&cfg, out.join("\n")).unwrap();
        let exe = ["/usr/sbin/haproxy", "haproxy"]
            .into_iter()
            .find(|p| !p.starts_with('/') || std::path::Path::new(p).exists())
            .unwrap();
        let child = Command::new(exe)
            .args(["-db", "-f", &cfg])
            .stdout(log_file("haproxy.out"))
            .stderr(log_file("haproxy"))
            .spawn()
            .unwrap_or_else(|e| panic!("haproxy starts (.ci/topology installs it): {e}"));
        let proxy = Proxy {
            port,
            stats_port,
            _proc: Proc(child),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while proxy.statuses().await.is_empty() {
            assert!(
                Instant::now() < deadline,
                "haproxy's stats page: see {LOGS}/haproxy.log"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        proxy
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Each server's status as HAProxy sees it (UP, DOWN, "UP 1/2" ...).
    pub async fn statuses(&self) -> Vec<(String, String)> {
        let url = format!("http://127.0.0.1:{}/stats;csv", self.stats_port);
        let Ok(res) = reqwest::get(url).await else {
            return Vec::new();
        };
        let text = res.text().await.unwrap_or_default();
        let mut lines = text.lines();
        let header: Vec<&str> = lines
            .next()
            .unwrap_or("")
            .trim_start_matches("# ")
            .split(',')
            .collect();
        let col = |name: &str| header.iter().position(|h| *h == name);
        let (Some(px), Some(sv), Some(st)) = (col("pxname"), col("svname"), col("status")) else {
            return Vec::new();
        };
        lines
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|f| {
                f.get(px) == Some(&"passerelle")
                    && !matches!(f.get(sv), Some(&"BACKEND") | Some(&"FRONTEND"))
            })
            .map(|f| (f[sv].to_owned(), f[st].to_owned()))
            .collect()
    }

    pub async fn status_of(&self, server: &str) -> String {
        self.statuses()
            .await
            .into_iter()
            .find(|(s, _)| s == server)
            .map(|(_, st)| st)
            .unwrap_or_default()
    }

    /// Waits until HAProxy gives `server` a status starting with `status`; how long it took.
    pub async fn wait_status(&self, server: &str, status: &str, limit: Duration) -> Duration {
        let started = Instant::now();
        loop {
            let now = self.status_of(server).await;
            if now.starts_with(status) {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < limit,
                "haproxy still has {server} {now:?} after {limit:?} (waiting for {status})"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
