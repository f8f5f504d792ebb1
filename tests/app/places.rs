//! Where a test app lives: a temporary data directory, a fresh database (a SQLite file, or a
//! new PostgreSQL database when PASSERELLE_TEST_POSTGRES points to a server) and, with
//! PASSERELLE_TEST_S3, a prefix of its own in an S3 bucket for its files.

use std::collections::HashMap;

use passerelle::config::Config;
use sea_orm::{ConnectionTrait, Database};

use crate::helpers::Options;

/// A fresh PostgreSQL database, dropped when the test ends.
pub struct PgDatabase {
    server_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (url, name) = (self.server_url.clone(), self.name.clone());
        let _ = on_own_runtime(async move {
            let db = Database::connect(url.as_str())
                .await
                .map_err(|e| e.to_string())?;
            db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await
                .map_err(|e| e.to_string())
        });
    }
}

/// Runs `work` to its end from a `Drop`, which cannot await and may run inside a runtime that
/// is shutting down: a small runtime on a thread of its own. A panic in `work` is an error.
pub fn on_own_runtime<T: Send + 'static>(
    work: impl std::future::Future<Output = Result<T, String>> + Send + 'static,
) -> Result<T, String> {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?
            .block_on(work)
    })
    .join()
    .map_err(|_| "panicked".to_owned())?
}

/// With PASSERELLE_TEST_S3 (an S3-compatible endpoint such as http://127.0.0.1:9000 holding
/// the bucket `passerelle-test`), the files of each test app go to a prefix of their own there.
pub fn s3_storage_vars() -> Vec<(String, String)> {
    let Some(endpoint) = std::env::var("PASSERELLE_TEST_S3")
        .ok()
        .filter(|e| !e.is_empty())
    else {
        return Vec::new();
    };
    let prefix = passerelle::security::random_token(9).to_lowercase();
    [
        (
            "PASSERELLE_STORAGE_URL",
            format!("s3://passerelle-test/{prefix}"),
        ),
        ("AWS_ENDPOINT", endpoint),
        ("AWS_ACCESS_KEY_ID", "test".into()),
        ("AWS_SECRET_ACCESS_KEY", "test".into()),
        ("AWS_REGION", "us-east-1".into()),
        ("AWS_ALLOW_HTTP", "true".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// An HTTP client builder (the TLS crypto provider installed first, as the HTTP client needs).
pub fn http() -> reqwest::ClientBuilder {
    passerelle::security::install_crypto_provider();
    reqwest::Client::builder()
}

/// A data directory, a database and a configuration, not started yet.
pub struct Place {
    pub config: Config,
    pub database_url: String,
    pub dir: tempfile::TempDir,
    pub pg: Option<PgDatabase>,
}

impl Place {
    pub async fn new(opts: Options) -> Place {
        let dir = tempfile::tempdir().expect("temporary directory");
        let (database_url, pg) = match std::env::var("PASSERELLE_TEST_POSTGRES") {
            Ok(server_url) if !server_url.is_empty() => {
                let name = format!(
                    "passerelle_test_{}",
                    passerelle::security::random_token(9)
                        .to_lowercase()
                        .replace(['-', '_'], "x")
                );
                let admin = Database::connect(server_url.as_str())
                    .await
                    .expect("PASSERELLE_TEST_POSTGRES is reachable");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create the test database");
                let mut url =
                    url::Url::parse(&server_url).expect("PASSERELLE_TEST_POSTGRES is a URL");
                url.set_path(&name);
                (url.to_string(), Some(PgDatabase { server_url, name }))
            }
            _ => (
                format!("sqlite://{}/test.db?mode=rwc", dir.path().display()),
                None,
            ),
        };
        let mut vars: HashMap<String, String> = [
            ("PASSERELLE_DATA_DIR", dir.path().display().to_string()),
            ("DATABASE_URL", database_url.clone()),
            ("PASSERELLE_BIND", "127.0.0.1:0".into()),
            ("PASSERELLE_LOAD_DEMO", opts.demo.to_string()),
            // The demo's year of history only where a test asks for it (it makes every demo
            // slower and moves the figures the other tests measure).
            ("PASSERELLE_DEMO_HISTORY", "false".into()),
            ("PASSERELLE_WORKERS", "2".into()),
            ("PASSERELLE_DB_MAX_CONNECTIONS", "5".into()),
            ("PASSERELLE_LOGIN_RATE_IP", "1000".into()),
            ("PASSERELLE_LOGIN_RATE_ACCOUNT", "1000".into()),
            ("PASSERELLE_SIGNUP_RATE_IP", "1000".into()),
            ("PASSERELLE_SIGNUP_RATE_ADDRESS", "1000".into()),
            ("PASSERELLE_RUN_WORKER", opts.background_worker.to_string()),
            ("PASSERELLE_WORKER_POLL_MS", "100".into()),
            // Tests travel months ahead with the same browser and token: sessions and tokens
            // outlast that unless a test sets their lifetimes itself.
            (
                "PASSERELLE_SESSION_IDLE_MINUTES",
                (365 * 24 * 60).to_string(),
            ),
            ("PASSERELLE_SESSION_MAX_DAYS", "365".into()),
            ("PASSERELLE_TOKEN_DAYS", "3650".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        if let Some(url) = opts.smtp {
            vars.insert("PASSERELLE_SMTP_URL".into(), url);
        }
        vars.extend(s3_storage_vars());
        for (k, v) in opts.vars {
            vars.insert(k.to_owned(), v);
        }
        let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test configuration");
        Place {
            config,
            database_url,
            dir,
            pg,
        }
    }
}
