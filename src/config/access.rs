//! Who may come in and how often: sessions, API tokens, rate limits, trusted proxies, metrics access.

use std::net::SocketAddr;

use super::ConfigError;
use super::vars::Vars;
use crate::security::Secret;
use crate::web::ratelimit::TrustedProxies;

pub(super) struct Sessions {
    pub token_days: i64,
    pub session_idle: chrono::Duration,
    pub session_lifetime: chrono::Duration,
}

pub(super) fn sessions(
    vars: &Vars<impl Fn(&str) -> Option<String>>,
) -> Result<Sessions, ConfigError> {
    let token_days: i64 = vars.within(
        "PASSERELLE_TOKEN_DAYS",
        90,
        "a number of days",
        1..=3650,
        "must be between 1 and 3650",
    )?;
    let idle_minutes: i64 = vars.parse(
        "PASSERELLE_SESSION_IDLE_MINUTES",
        7 * 24 * 60,
        "a number of minutes",
    )?;
    let lifetime_days: i64 = vars.within(
        "PASSERELLE_SESSION_MAX_DAYS",
        30,
        "a number of days",
        1..=365,
        "must be between 1 and 365",
    )?;
    if !(5..=lifetime_days * 24 * 60).contains(&idle_minutes) {
        return Err(ConfigError::new(
            "PASSERELLE_SESSION_IDLE_MINUTES",
            "must be at least 5 and at most PASSERELLE_SESSION_MAX_DAYS",
        ));
    }
    Ok(Sessions {
        token_days,
        session_idle: chrono::Duration::minutes(idle_minutes),
        session_lifetime: chrono::Duration::days(lifetime_days),
    })
}

pub(super) struct Metrics {
    pub metrics_token: Option<Secret<String>>,
    pub metrics_bind: Option<SocketAddr>,
}

pub(super) fn metrics(
    vars: &Vars<impl Fn(&str) -> Option<String>>,
) -> Result<Metrics, ConfigError> {
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
    Ok(Metrics {
        metrics_token: metrics_token.map(Secret::new),
        metrics_bind,
    })
}

pub(super) struct Rates {
    pub login_rate_ip: u32,
    pub login_rate_account: u32,
    pub signup_rate_ip: u32,
    pub signup_rate_address: u32,
    pub trusted_proxies: TrustedProxies,
}

pub(super) fn rates(vars: &Vars<impl Fn(&str) -> Option<String>>) -> Result<Rates, ConfigError> {
    Ok(Rates {
        login_rate_ip: vars.rate(
            "PASSERELLE_LOGIN_RATE_IP",
            30,
            "a number of attempts per minute",
        )?,
        login_rate_account: vars.rate(
            "PASSERELLE_LOGIN_RATE_ACCOUNT",
            5,
            "a number of attempts per minute",
        )?,
        signup_rate_ip: vars.rate(
            "PASSERELLE_SIGNUP_RATE_IP",
            10,
            "a number of sign-ups per minute",
        )?,
        signup_rate_address: vars.rate(
            "PASSERELLE_SIGNUP_RATE_ADDRESS",
            3,
            "a number of sign-ups per minute",
        )?,
        trusted_proxies: match vars.get("PASSERELLE_TRUSTED_PROXIES") {
            Some(p) => TrustedProxies::parse(&p)
                .map_err(|m| ConfigError::new("PASSERELLE_TRUSTED_PROXIES", m))?,
            // The older switch: one proxy in front.
            None if vars.bool("PASSERELLE_TRUST_PROXY", false)? => TrustedProxies::Count(1),
            None => TrustedProxies::None,
        },
    })
}
