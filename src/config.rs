//! Configuration from the environment. Every variable has a default that works with no set-up,
//! except in production where the secret key must be given explicitly.

use std::net::SocketAddr;
use std::path::PathBuf;

use base64::Engine as _;

use crate::security::{Secret, UrlWithPassword, redact_url};

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
    pub database_url: UrlWithPassword,
    pub db_max_connections: u32,
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
}

#[derive(Clone, Debug)]
pub struct StripeConfig {
    pub secret_key: Secret<String>,
    pub webhook_secret: Secret<String>,
    /// The API's address (a local stub in tests); none: Stripe itself.
    pub api_base: Option<String>,
    /// How long a Checkout session stays open (at least 30 minutes, as Stripe requires).
    pub checkout_minutes: i64,
}

/// Reads variables through a lookup function, so tests can pass a map instead of the process environment.
struct Vars<F: Fn(&str) -> Option<String>>(F);

impl<F: Fn(&str) -> Option<String>> Vars<F> {
    fn get(&self, var: &str) -> Option<String> {
        (self.0)(var)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    fn parse<T: std::str::FromStr>(
        &self,
        var: &'static str,
        default: T,
        expected: &str,
    ) -> Result<T, ConfigError> {
        match self.get(var) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| ConfigError::new(var, format!("'{v}' is not {expected}"))),
        }
    }

    fn bool(&self, var: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.get(var).map(|v| v.to_ascii_lowercase()) {
            None => Ok(default),
            Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
            Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => Ok(false),
            Some(v) => Err(ConfigError::new(
                var,
                format!("'{v}' is not a boolean (use true or false)"),
            )),
        }
    }
}

pub const DEFAULT_DEMO_PASSWORD: &str = "demo-passerelle";
const SECRET_FILE: &str = "secret.key";

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
        let mailbox = |var: &'static str, value: String| {
            value.parse::<lettre::message::Mailbox>().map_err(|e| {
                ConfigError::new(
                    var,
                    format!(
                        "'{value}' is not an address such as Passerelle <noreply@example.org> ({e})"
                    ),
                )
            })
        };
        let mail_from = mailbox(
            "PASSERELLE_MAIL_FROM",
            vars.get("PASSERELLE_MAIL_FROM")
                .unwrap_or(format!("Passerelle <noreply@{host}>")),
        )?;
        let mail_reply_to = vars
            .get("PASSERELLE_MAIL_REPLY_TO")
            .map(|v| mailbox("PASSERELLE_MAIL_REPLY_TO", v))
            .transpose()?;
        let smtp_url = match vars.get("PASSERELLE_SMTP_URL") {
            None => None,
            Some(u) => {
                lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&u).map_err(|e| {
                    ConfigError::new("PASSERELLE_SMTP_URL", format!("'{}' is not an SMTP URL such as smtp://user:pass@host:587?tls=required ({e})", redact_url(&u)))
                })?;
                Some(Secret::new(u))
            }
        };
        let mail_max_attempts: i32 =
            vars.parse("PASSERELLE_MAIL_MAX_ATTEMPTS", 8, "a number of attempts")?;
        if !(1..=50).contains(&mail_max_attempts) {
            return Err(ConfigError::new(
                "PASSERELLE_MAIL_MAX_ATTEMPTS",
                "must be between 1 and 50",
            ));
        }
        let smtp_timeout: u64 =
            vars.parse("PASSERELLE_SMTP_TIMEOUT_SECS", 30, "a number of seconds")?;
        if !(1..=600).contains(&smtp_timeout) {
            return Err(ConfigError::new(
                "PASSERELLE_SMTP_TIMEOUT_SECS",
                "must be between 1 and 600",
            ));
        }
        let poll_ms: u64 = vars.parse(
            "PASSERELLE_WORKER_POLL_MS",
            1000,
            "a number of milliseconds",
        )?;
        let cache_secs: u64 = vars.parse("PASSERELLE_CACHE_TTL_SECS", 5, "a number of seconds")?;
        let stripe = match (
            vars.get("STRIPE_SECRET_KEY"),
            vars.get("STRIPE_WEBHOOK_SECRET"),
        ) {
            (None, None) => None,
            (Some(_), None) => {
                return Err(ConfigError::new(
                    "STRIPE_WEBHOOK_SECRET",
                    "must be set with STRIPE_SECRET_KEY",
                ));
            }
            (None, Some(_)) => {
                return Err(ConfigError::new(
                    "STRIPE_SECRET_KEY",
                    "must be set with STRIPE_WEBHOOK_SECRET",
                ));
            }
            (Some(secret_key), Some(webhook_secret)) => {
                let api_base = vars.get("STRIPE_API_BASE");
                if let Some(b) = &api_base
                    && url::Url::parse(b).is_err()
                {
                    return Err(ConfigError::new(
                        "STRIPE_API_BASE",
                        format!("'{b}' is not a URL"),
                    ));
                }
                let minutes: i64 =
                    vars.parse("PASSERELLE_CHECKOUT_MINUTES", 60, "a number of minutes")?;
                if !(30..=1440).contains(&minutes) {
                    return Err(ConfigError::new(
                        "PASSERELLE_CHECKOUT_MINUTES",
                        "must be between 30 and 1440 (Stripe's limits)",
                    ));
                }
                Some(StripeConfig {
                    secret_key: Secret::new(secret_key),
                    webhook_secret: Secret::new(webhook_secret),
                    api_base,
                    checkout_minutes: minutes,
                })
            }
        };
        let hold_minutes: i64 = vars.parse("PASSERELLE_HOLD_MINUTES", 75, "a number of minutes")?;
        let checkout = stripe.as_ref().map(|s| s.checkout_minutes).unwrap_or(30);
        if hold_minutes <= checkout || hold_minutes > 7 * 24 * 60 {
            return Err(ConfigError::new(
                "PASSERELLE_HOLD_MINUTES",
                format!(
                    "must be longer than a Checkout session ({checkout} minutes) and at most a week"
                ),
            ));
        }
        let token_days: i64 = vars.parse("PASSERELLE_TOKEN_DAYS", 90, "a number of days")?;
        if !(1..=3650).contains(&token_days) {
            return Err(ConfigError::new(
                "PASSERELLE_TOKEN_DAYS",
                "must be between 1 and 3650",
            ));
        }
        let idle_minutes: i64 = vars.parse(
            "PASSERELLE_SESSION_IDLE_MINUTES",
            7 * 24 * 60,
            "a number of minutes",
        )?;
        let lifetime_days: i64 =
            vars.parse("PASSERELLE_SESSION_MAX_DAYS", 30, "a number of days")?;
        if !(1..=365).contains(&lifetime_days) {
            return Err(ConfigError::new(
                "PASSERELLE_SESSION_MAX_DAYS",
                "must be between 1 and 365",
            ));
        }
        if !(5..=lifetime_days * 24 * 60).contains(&idle_minutes) {
            return Err(ConfigError::new(
                "PASSERELLE_SESSION_IDLE_MINUTES",
                "must be at least 5 and at most PASSERELLE_SESSION_MAX_DAYS",
            ));
        }
        let metrics_token = vars.get("PASSERELLE_METRICS_TOKEN");
        if metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err(ConfigError::new(
                "PASSERELLE_METRICS_TOKEN",
                "must hold at least 16 characters (e.g. `openssl rand -hex 24`)",
            ));
        }
        let metrics_bind = match vars.get("PASSERELLE_METRICS_BIND") {
            None => None,
            Some(a) => Some(a.parse::<SocketAddr>().map_err(|_| {
                ConfigError::new(
                    "PASSERELLE_METRICS_BIND",
                    format!("'{a}' is not a socket address such as 127.0.0.1:9090"),
                )
            })?),
        };
        Ok(Config {
            metrics_token: metrics_token.map(Secret::new),
            metrics_bind,
            token_days,
            session_idle: chrono::Duration::minutes(idle_minutes),
            session_lifetime: chrono::Duration::days(lifetime_days),
            hold_minutes,
            stripe,
            cache_ttl: std::time::Duration::from_secs(cache_secs.min(3600)),
            public_url_explicit: vars.get("PASSERELLE_PUBLIC_URL").is_some(),
            smtp_url,
            mail_from,
            mail_reply_to,
            mail_max_attempts,
            smtp_timeout: std::time::Duration::from_secs(smtp_timeout),
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
            secret_key: Secret::new(secret_key),
            load_demo: vars.bool("PASSERELLE_LOAD_DEMO", !production)?,
            demo_history: vars.bool("PASSERELLE_DEMO_HISTORY", true)?,
            demo_password: Secret::new(demo_password),
            workers: vars.parse("PASSERELLE_WORKERS", 0, "a number of worker threads")?,
            login_rate_ip: positive(vars.parse(
                "PASSERELLE_LOGIN_RATE_IP",
                30,
                "a number of attempts per minute",
            )?)
            .ok_or_else(|| ConfigError::new("PASSERELLE_LOGIN_RATE_IP", "must be at least 1"))?,
            login_rate_account: positive(vars.parse(
                "PASSERELLE_LOGIN_RATE_ACCOUNT",
                5,
                "a number of attempts per minute",
            )?)
            .ok_or_else(|| {
                ConfigError::new("PASSERELLE_LOGIN_RATE_ACCOUNT", "must be at least 1")
            })?,
            signup_rate_ip: positive(vars.parse(
                "PASSERELLE_SIGNUP_RATE_IP",
                10,
                "a number of sign-ups per minute",
            )?)
            .ok_or_else(|| ConfigError::new("PASSERELLE_SIGNUP_RATE_IP", "must be at least 1"))?,
            signup_rate_address: positive(vars.parse(
                "PASSERELLE_SIGNUP_RATE_ADDRESS",
                3,
                "a number of sign-ups per minute",
            )?)
            .ok_or_else(|| {
                ConfigError::new("PASSERELLE_SIGNUP_RATE_ADDRESS", "must be at least 1")
            })?,
            trusted_proxies: match vars.get("PASSERELLE_TRUSTED_PROXIES") {
                Some(p) => crate::web::ratelimit::TrustedProxies::parse(&p)
                    .map_err(|m| ConfigError::new("PASSERELLE_TRUSTED_PROXIES", m))?,
                // The older switch: one proxy in front.
                None if vars.bool("PASSERELLE_TRUST_PROXY", false)? => {
                    crate::web::ratelimit::TrustedProxies::Count(1)
                }
                None => crate::web::ratelimit::TrustedProxies::None,
            },
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

fn positive(n: u32) -> Option<u32> {
    (n > 0).then_some(n)
}

fn decode_key(k: &str) -> Result<Vec<u8>, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(k)
        .or_else(|_| hex::decode(k))
        .map_err(|_| "must be base64 or hex".to_owned())?;
    if bytes.len() < 64 {
        return Err(format!(
            "must hold at least 64 bytes, it holds {} (generate one with `openssl rand -base64 64`)",
            bytes.len()
        ));
    }
    Ok(bytes)
}

fn load_or_create_key(dir: &std::path::Path) -> Result<Vec<u8>, String> {
    let path = dir.join(SECRET_FILE);
    match std::fs::read_to_string(&path) {
        Ok(s) => decode_key(s.trim()).map_err(|m| format!("{}: {m}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut key = vec![0u8; 64];
            rand::fill(&mut key[..]);
            let encoded = base64::engine::general_purpose::STANDARD.encode(&key);
            write_private(&path, &encoded)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok(key)
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

fn write_private(path: &std::path::Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?.write_all(content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let mut map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        map.entry("PASSERELLE_DATA_DIR".into())
            .or_insert(dir.path().display().to_string());
        let c = Config::from_lookup(|k| map.get(k).cloned());
        drop(dir);
        c
    }

    #[test]
    fn defaults_work_with_no_setup() {
        let c = config(&[]).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert!(c.is_sqlite());
        assert!(c.load_demo);
        assert_eq!(c.secret_key.expose().len(), 64);
        assert!(!c.secure_cookies());
        assert_eq!(c.token_days, 90);
        assert_eq!(c.session_idle, chrono::Duration::days(7));
        assert_eq!(c.session_lifetime, chrono::Duration::days(30));
        assert!(c.metrics_token.is_none() && c.metrics_bind.is_none());
        assert_eq!(
            c.trusted_proxies,
            crate::web::ratelimit::TrustedProxies::None
        );
    }

    #[test]
    fn generated_key_is_kept_between_starts() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display().to_string();
        let lookup = |k: &str| (k == "PASSERELLE_DATA_DIR").then(|| d.clone());
        let a = Config::from_lookup(lookup).unwrap();
        let b = Config::from_lookup(lookup).unwrap();
        assert_eq!(a.secret_key.expose(), b.secret_key.expose());
    }

    #[test]
    fn errors_name_the_variable() {
        assert_eq!(
            config(&[("PASSERELLE_BIND", "nowhere")]).unwrap_err().var,
            "PASSERELLE_BIND"
        );
        assert_eq!(
            config(&[("DATABASE_URL", "mysql://x")]).unwrap_err().var,
            "DATABASE_URL"
        );
        assert_eq!(
            config(&[("PASSERELLE_SECRET_KEY", "c2hvcnQ=")])
                .unwrap_err()
                .var,
            "PASSERELLE_SECRET_KEY"
        );
        assert_eq!(
            config(&[("PASSERELLE_LOAD_DEMO", "maybe")])
                .unwrap_err()
                .var,
            "PASSERELLE_LOAD_DEMO"
        );
    }

    #[test]
    fn production_requires_an_explicit_key_and_url_and_no_demo() {
        let e = config(&[
            ("PASSERELLE_ENV", "production"),
            ("PASSERELLE_PUBLIC_URL", "https://p.example"),
        ])
        .unwrap_err();
        assert_eq!(e.var, "PASSERELLE_SECRET_KEY");
        let key = base64::engine::general_purpose::STANDARD.encode([7u8; 64]);
        let c = config(&[
            ("PASSERELLE_ENV", "production"),
            ("PASSERELLE_PUBLIC_URL", "https://p.example"),
            ("PASSERELLE_SECRET_KEY", &key),
        ])
        .unwrap();
        assert!(!c.load_demo);
        assert!(c.secure_cookies());
    }

    #[test]
    fn mail_settings_are_checked() {
        let c = config(&[]).unwrap();
        assert_eq!(c.mail_from.email.to_string(), "noreply@localhost");
        assert!(c.smtp_url.is_none());
        assert_eq!(
            config(&[("PASSERELLE_MAIL_FROM", "not an address")])
                .unwrap_err()
                .var,
            "PASSERELLE_MAIL_FROM"
        );
        assert_eq!(
            config(&[("PASSERELLE_SMTP_URL", "ftp://x")])
                .unwrap_err()
                .var,
            "PASSERELLE_SMTP_URL"
        );
        let c = config(&[(
            "PASSERELLE_SMTP_URL",
            "smtp://u:p@mail.example.org:587?tls=required",
        )])
        .unwrap();
        assert!(c.smtp_url.is_some());
    }

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let key = base64::engine::general_purpose::STANDARD.encode([7u8; 64]);
        let c = config(&[
            ("PASSERELLE_SECRET_KEY", &key),
            (
                "PASSERELLE_SMTP_URL",
                "smtp://mailer:smtp-pass-42@mail.example.org:587",
            ),
            ("STRIPE_SECRET_KEY", "sk_test_stripe-secret-43"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_webhook-secret-44"),
            ("PASSERELLE_METRICS_TOKEN", "metrics-token-45-long"),
            ("DATABASE_URL", "postgres://app:db-pass-46@db.example.org/p"),
            ("PASSERELLE_DEMO_PASSWORD", "demo-pass-47"),
        ])
        .unwrap();
        let shown = format!("{c:?} {c:#?}");
        for secret in [
            "smtp-pass-42",
            "stripe-secret-43",
            "webhook-secret-44",
            "metrics-token-45",
            "db-pass-46",
            "demo-pass-47",
            &key[..20],
            "7, 7, 7, 7",
        ] {
            assert!(!shown.contains(secret), "{secret} shown in {shown}");
        }
        assert!(shown.contains("db.example.org"), "the rest stays readable");
        assert_eq!(
            c.stripe.unwrap().secret_key.expose(),
            "sk_test_stripe-secret-43"
        );
        assert!(c.database_url.starts_with("postgres://app:db-pass-46@"));
        assert_eq!(c.demo_password.expose(), "demo-pass-47");
    }
}
