//! Configuration from the environment. Every variable has a default that works with no set-up,
//! except in production where the secret key must be given explicitly.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::security::{Secret, UrlWithPassword, redact_url};

mod access;
mod mail;
mod retention;
mod secret_key;
mod shutdown;
mod storage;
mod stripe;
mod vars;

pub use retention::Retention;
use secret_key::{decode_key, load_or_create_key};
pub use storage::{S3_VARS, StorageConfig};
pub use stripe::StripeConfig;
use vars::Vars;

/// A configuration problem, naming the variable to fix.
#[derive(Debug, thiserror::Error)]
#[error("{var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

impl ConfigError {
    fn new(var: &'static str, message: impl Into<String>) -> Self {
        Self {
            var,
            message: message.into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub env: Environment,
    pub bind: SocketAddr,
    pub public_url: url::Url,
    /// Whether PASSERELLE_PUBLIC_URL was given (else it follows the address actually bound).
    pub public_url_explicit: bool,
    pub data_dir: PathBuf,
    /// Where uploaded and generated files are kept (the data directory by default).
    pub storage: StorageConfig,
    pub database_url: UrlWithPassword,
    pub db_max_connections: u32,
    /// MiB of a SQLite file each connection reads through a memory map (0: none).
    pub sqlite_mmap_mb: u64,
    /// At least 64 bytes: signs and encrypts the session cookie.
    pub secret_key: Secret<Vec<u8>>,
    /// Load the demo partnerships into an empty database at start-up.
    pub load_demo: bool,
    /// With the demo, a year of its partnerships' past activity (orders, stays, fund projects).
    pub demo_history: bool,
    pub demo_password: Secret<String>,
    /// HTTP worker threads (0 = one per core).
    pub workers: usize,
    /// Login attempts allowed per minute from one IP address.
    pub login_rate_ip: u32,
    /// Login attempts allowed per minute for one account.
    pub login_rate_account: u32,
    /// Sign-ups allowed per minute from one IP address.
    pub signup_rate_ip: u32,
    /// Sign-ups allowed per minute for one email address.
    pub signup_rate_address: u32,
    /// The reverse proxies whose X-Forwarded-For entries give the client's address.
    pub trusted_proxies: crate::web::ratelimit::TrustedProxies,
    pub log_format: LogFormat,
    /// `smtp://user:pass@host:587?tls=required`, `smtps://...`; none writes .eml files instead.
    pub smtp_url: Option<Secret<String>>,
    /// The From of every email (`Passerelle <noreply@example.org>`).
    pub mail_from: lettre::message::Mailbox,
    pub mail_reply_to: Option<lettre::message::Mailbox>,
    /// Attempts before a message is marked failed and shown to admins.
    pub mail_max_attempts: i32,
    /// Longest an SMTP sending may take (connecting, each command, the whole message).
    pub smtp_timeout: std::time::Duration,
    /// What a message's lease adds to the SMTP timeout.
    pub mail_lease_margin: std::time::Duration,
    /// How a stop drains the instance and how long what is in flight may take.
    pub shutdown: crate::shutdown::ShutdownSettings,
    /// Run the mail and job worker inside `serve` (several instances may all run it).
    pub run_worker: bool,
    /// How often the worker looks for due messages and jobs.
    pub worker_poll: std::time::Duration,
    /// How long catalogue pages and results may be served from memory (changes made through
    /// this instance show at once; through another instance, within this time).
    pub cache_ttl: std::time::Duration,
    /// How long places stay held for a traveller who pays; outlives a Stripe Checkout session.
    pub hold_minutes: i64,
    /// Card and Bancontact payments through Stripe Checkout; none: bank transfer only.
    pub stripe: Option<StripeConfig>,
    /// Photos whose header announces more pixels are refused before being decoded.
    pub photo_max_pixels: u64,
    /// Photos decoded at once (each may need a few hundred megabytes while it is).
    pub photo_decodes: usize,
    /// How long a new API token works.
    pub token_days: i64,
    /// A browser session left unused this long ends.
    pub session_idle: chrono::Duration,
    /// A browser session ends this long after it began, used or not.
    pub session_lifetime: chrono::Duration,
    /// `/metrics` answers on the public address only with `Authorization: Bearer <token>`.
    pub metrics_token: Option<Secret<String>>,
    /// A separate address (e.g. 127.0.0.1:9090) that serves only `/metrics`, without a token.
    pub metrics_bind: Option<SocketAddr>,
    /// How long personal data is kept before the daily retention jobs erase it.
    pub retention: Retention,
}

pub const DEFAULT_DEMO_PASSWORD: &str = "demo-passerelle";

impl Config {
    /// Configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Configuration from any variable lookup (the process environment, or a map in tests).
    /// Creates the data directory and, outside production, the session key file.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let vars = Vars(lookup);
        let env = match vars.get("PASSERELLE_ENV").as_deref() {
            None | Some("development") | Some("dev") => Environment::Development,
            Some("production") | Some("prod") => Environment::Production,
            Some(other) => {
                return Err(ConfigError::new(
                    "PASSERELLE_ENV",
                    format!("'{other}' is not an environment (use development or production)"),
                ));
            }
        };
        let production = env == Environment::Production;
        let bind: SocketAddr = vars.parse(
            "PASSERELLE_BIND",
            SocketAddr::from(([127, 0, 0, 1], 8080)),
            "a socket address such as 127.0.0.1:8080",
        )?;
        let public_url = match vars.get("PASSERELLE_PUBLIC_URL") {
            Some(u) => url::Url::parse(&u).map_err(|e| {
                ConfigError::new("PASSERELLE_PUBLIC_URL", format!("'{u}' is not a URL ({e})"))
            })?,
            None if production => {
                return Err(ConfigError::new(
                    "PASSERELLE_PUBLIC_URL",
                    "must be set in production (e.g. https://passerelle.example.org)",
                ));
            }
            None => url::Url::parse(&format!("http://{bind}"))
                .map_err(|e| ConfigError::new("PASSERELLE_BIND", e.to_string()))?,
        };
        if !["http", "https"].contains(&public_url.scheme()) {
            return Err(ConfigError::new(
                "PASSERELLE_PUBLIC_URL",
                "must start with http:// or https://",
            ));
        }
        let data_dir = PathBuf::from(vars.get("PASSERELLE_DATA_DIR").unwrap_or("data".into()));
        std::fs::create_dir_all(&data_dir).map_err(|e| {
            ConfigError::new(
                "PASSERELLE_DATA_DIR",
                format!("cannot create '{}': {e}", data_dir.display()),
            )
        })?;
        let database_url = match vars.get("DATABASE_URL") {
            Some(u)
                if u.starts_with("sqlite:")
                    || u.starts_with("postgres://")
                    || u.starts_with("postgresql://") =>
            {
                u
            }
            Some(u) => {
                return Err(ConfigError::new(
                    "DATABASE_URL",
                    format!(
                        "'{}' is neither sqlite:... nor postgres://...",
                        redact_url(&u)
                    ),
                ));
            }
            None => format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("passerelle.db").display()
            ),
        };
        let secret_key = match vars.get("PASSERELLE_SECRET_KEY") {
            Some(k) => decode_key(&k).map_err(|m| ConfigError::new("PASSERELLE_SECRET_KEY", m))?,
            None if production => {
                return Err(ConfigError::new(
                    "PASSERELLE_SECRET_KEY",
                    "must be set in production: 64 random bytes in base64 (e.g. `openssl rand -base64 64`)",
                ));
            }
            None => load_or_create_key(&data_dir)
                .map_err(|m| ConfigError::new("PASSERELLE_DATA_DIR", m))?,
        };
        let log_format = match vars.get("PASSERELLE_LOG_FORMAT").as_deref() {
            None | Some("pretty") | Some("text") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError::new(
                    "PASSERELLE_LOG_FORMAT",
                    format!("'{other}' is not a log format (use pretty or json)"),
                ));
            }
        };
        let demo_password = vars
            .get("PASSERELLE_DEMO_PASSWORD")
            .unwrap_or(DEFAULT_DEMO_PASSWORD.into());
        if demo_password.chars().count() < 8 {
            return Err(ConfigError::new(
                "PASSERELLE_DEMO_PASSWORD",
                "must be at least 8 characters",
            ));
        }
        let host = match public_url.host() {
            Some(url::Host::Domain(d)) if d.contains('.') => d.to_owned(),
            _ => "localhost".to_owned(),
        };
        let mail = mail::mail_settings(&vars, &host)?;
        let poll_ms: u64 = vars.parse(
            "PASSERELLE_WORKER_POLL_MS",
            1000,
            "a number of milliseconds",
        )?;
        let cache_secs: u64 = vars.parse("PASSERELLE_CACHE_TTL_SECS", 5, "a number of seconds")?;
        let stripe = stripe::stripe(&vars)?;
        let hold_minutes = stripe::hold_minutes(&vars, stripe.as_ref())?;
        let sessions = access::sessions(&vars)?;
        let metrics = access::metrics(&vars)?;
        let rates = access::rates(&vars)?;
        let storage = storage::storage(&vars)?;
        Ok(Config {
            retention: retention::retention(&vars)?,
            storage,
            metrics_token: metrics.metrics_token,
            metrics_bind: metrics.metrics_bind,
            token_days: sessions.token_days,
            session_idle: sessions.session_idle,
            session_lifetime: sessions.session_lifetime,
            hold_minutes,
            stripe,
            cache_ttl: std::time::Duration::from_secs(cache_secs.min(3600)),
            public_url_explicit: vars.get("PASSERELLE_PUBLIC_URL").is_some(),
            smtp_url: mail.smtp_url,
            mail_from: mail.mail_from,
            mail_reply_to: mail.mail_reply_to,
            mail_max_attempts: mail.mail_max_attempts,
            smtp_timeout: mail.smtp_timeout,
            mail_lease_margin: mail.mail_lease_margin,
            shutdown: shutdown::settings(&vars)?,
            run_worker: vars.bool("PASSERELLE_RUN_WORKER", true)?,
            worker_poll: std::time::Duration::from_millis(poll_ms.clamp(50, 60_000)),
            env,
            bind,
            public_url,
            data_dir,
            database_url: UrlWithPassword(database_url),
            db_max_connections: vars.parse(
                "PASSERELLE_DB_MAX_CONNECTIONS",
                10,
                "a number of connections",
            )?,
            sqlite_mmap_mb: vars
                .parse(
                    "PASSERELLE_SQLITE_MMAP_MB",
                    crate::db::SQLITE_MMAP_MB,
                    "a number of MiB",
                )?
                .min(1 << 20),
            secret_key: Secret::new(secret_key),
            load_demo: vars.bool("PASSERELLE_LOAD_DEMO", !production)?,
            demo_history: vars.bool("PASSERELLE_DEMO_HISTORY", true)?,
            demo_password: Secret::new(demo_password),
            workers: vars.parse("PASSERELLE_WORKERS", 0, "a number of worker threads")?,
            login_rate_ip: rates.login_rate_ip,
            login_rate_account: rates.login_rate_account,
            signup_rate_ip: rates.signup_rate_ip,
            signup_rate_address: rates.signup_rate_address,
            trusted_proxies: rates.trusted_proxies,
            log_format,
            photo_max_pixels: vars
                .parse(
                    "PASSERELLE_PHOTO_MAX_PIXELS",
                    crate::media::photos::DEFAULT_MAX_PIXELS,
                    "a number of pixels",
                )?
                .max(1),
            photo_decodes: vars
                .parse("PASSERELLE_PHOTO_DECODES", 2, "a number of decodes at once")?
                .max(1),
        })
    }

    pub fn is_production(&self) -> bool {
        self.env == Environment::Production
    }

    /// Cookies carry the Secure flag whenever the site is served over HTTPS or in production.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https" || self.is_production()
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    /// Absolute URL for a path of this site (for emails and redirects shown to users).
    pub fn url_for(&self, path: &str) -> String {
        let base = self.public_url.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }
}

#[cfg(test)]
mod tests;
