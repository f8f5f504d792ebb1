//! `passerelle serve` in a child process, whose memory the tests read.

use std::io::BufRead as _;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::cookie::CookieStore as _;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{DEMO_PASSWORD, csrf_in};

pub const MB: u64 = 1024 * 1024;

/// `passerelle serve` with the demo, on a fresh database, in a child process.
pub struct Server {
    child: Child,
    pub address: String,
    pub data_dir: tempfile::TempDir,
    /// The child's database, which the tests may read and write too.
    pub database_url: String,
    pub client: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
    _pg: Option<(String, String)>,
}

impl Server {
    pub async fn start(vars: &[(&str, &str)]) -> Server {
        let data_dir = tempfile::tempdir().unwrap();
        let (database_url, pg) = match std::env::var("PASSERELLE_TEST_POSTGRES") {
            Ok(server) if !server.is_empty() => {
                let name = format!(
                    "passerelle_child_{}",
                    passerelle::security::random_token(9)
                        .to_lowercase()
                        .replace(['-', '_'], "x")
                );
                let admin = sea_orm::Database::connect(server.as_str()).await.unwrap();
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .unwrap();
                let mut url = url::Url::parse(&server).unwrap();
                url.set_path(&name);
                (url.to_string(), Some((server, name)))
            }
            _ => (
                format!("sqlite://{}/child.db?mode=rwc", data_dir.path().display()),
                None,
            ),
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_passerelle"));
        cmd.arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("PASSERELLE_DATA_DIR", data_dir.path())
            .env("DATABASE_URL", &database_url)
            .env("PASSERELLE_BIND", format!("127.0.0.1:{port}"))
            .env("PASSERELLE_LOAD_DEMO", "true")
            .env("PASSERELLE_DEMO_HISTORY", "false")
            .env("PASSERELLE_WORKERS", "2")
            .env("PASSERELLE_RUN_WORKER", "false")
            .env("PASSERELLE_LOGIN_RATE_IP", "1000")
            .env("PASSERELLE_LOGIN_RATE_ACCOUNT", "1000")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("the passerelle binary starts");
        let stdout = child.stdout.take().unwrap();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        // Reads the ready line, then keeps the pipe drained.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                match line {
                    Ok(l) if l.contains("is ready at") => {
                        let _ = ready_tx.send(());
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        });
        tokio::task::spawn_blocking(move || {
            ready_rx
                .recv_timeout(std::time::Duration::from_secs(120))
                .expect("the server says it is ready")
        })
        .await
        .unwrap();
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = crate::helpers::http()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Server {
            child,
            address: format!("127.0.0.1:{port}"),
            data_dir,
            database_url,
            client,
            jar,
            _pg: pg,
        }
    }

    /// Sends SIGTERM to the child, as systemd stops a unit.
    pub fn terminate(&self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIGTERM sent to the server");
    }

    /// Waits at most `limit` for the child to exit, and how it exited (none: still running).
    pub async fn wait_exit(
        &mut self,
        limit: std::time::Duration,
    ) -> Option<std::process::ExitStatus> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("the child's status") {
                return Some(status);
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// A line of /proc/<pid>/status, in bytes (VmHWM: the peak resident memory so far).
    pub fn memory(&self, key: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("no {key}"));
        let kb: u64 = line
            .split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap();
        kb * 1024
    }

    pub async fn csrf(&self, path: &str) -> String {
        let res = self.client.get(self.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        csrf_in(&res.text().await.unwrap()).expect("a form")
    }

    pub async fn login(&self, email: &str) {
        let token = self.csrf("/login").await;
        let res = self
            .client
            .post(self.url("/login"))
            .form(&[
                ("email", email),
                ("password", DEMO_PASSWORD),
                ("next", "/account"),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "login");
    }

    pub async fn api_token(&self, email: &str) -> String {
        let res = self
            .client
            .post(self.url("/api/v1/tokens"))
            .json(&json!({"email": email, "password": DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        let body: Value = res.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    pub fn cookie(&self) -> String {
        let url = url::Url::parse(&self.url("/")).unwrap();
        self.jar
            .cookies(&url)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some((server, name)) = self._pg.take() {
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                rt.block_on(async {
                    let db = sea_orm::Database::connect(server.as_str()).await.ok()?;
                    db.execute_unprepared(&format!(
                        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                    ))
                    .await
                    .ok()
                })
            })
            .join();
        }
    }
}
