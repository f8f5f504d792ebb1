//! Tests of reading the configuration from variables.

use base64::Engine as _;

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

#[test]
fn retention_periods_have_defaults_and_are_checked() {
    let c = config(&[]).unwrap();
    assert_eq!(
        c.retention,
        Retention {
            traveller_days: 30,
            unverified_days: 30,
            mail_body_days: 90,
            token_days: 7,
            mail_meta_days: 365,
            job_days: 30,
        }
    );
    let c = config(&[
        ("PASSERELLE_RETENTION_TRAVELLER_DAYS", "60"),
        ("PASSERELLE_RETENTION_MAIL_BODY_DAYS", "365"),
    ])
    .unwrap();
    assert_eq!(
        (c.retention.traveller_days, c.retention.mail_body_days),
        (60, 365)
    );
    for (var, value) in [
        ("PASSERELLE_RETENTION_TRAVELLER_DAYS", "0"),
        ("PASSERELLE_RETENTION_UNVERIFIED_DAYS", "a month"),
        ("PASSERELLE_RETENTION_MAIL_BODY_DAYS", "4000"),
        ("PASSERELLE_RETENTION_TOKEN_DAYS", "-1"),
        ("PASSERELLE_RETENTION_MAIL_META_DAYS", "0"),
        ("PASSERELLE_RETENTION_JOB_DAYS", "x"),
    ] {
        assert_eq!(config(&[(var, value)]).unwrap_err().var, var);
    }
}
