//! Login attempts limited per client address and per account (GCRA, in memory, per instance).

use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use crate::error::AppError;

type Keyed = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock>;

pub struct LoginLimiter {
    by_ip: Keyed,
    by_account: Keyed,
}

impl LoginLimiter {
    pub fn new(per_ip_per_minute: u32, per_account_per_minute: u32) -> Self {
        let quota =
            |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN));
        Self {
            by_ip: RateLimiter::keyed(quota(per_ip_per_minute)),
            by_account: RateLimiter::keyed(quota(per_account_per_minute)),
        }
    }

    /// Counts one attempt from `ip` for `email`; 429 with the wait when either limit is reached.
    pub fn check(&self, ip: &str, email: &str) -> Result<(), AppError> {
        for (limiter, key) in [
            (&self.by_ip, ip.to_owned()),
            (&self.by_account, email.trim().to_lowercase()),
        ] {
            if limiter.len() > 100_000 {
                limiter.retain_recent();
            }
            if let Err(not_until) = limiter.check_key(&key) {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                return Err(AppError::TooManyRequests {
                    retry_after_secs: wait.as_secs().max(1),
                });
            }
        }
        Ok(())
    }
}

/// The client's address: the peer, or the first X-Forwarded-For hop behind a trusted proxy.
pub fn client_ip(req: &actix_web::HttpRequest, trust_proxy: bool) -> String {
    if trust_proxy && let Some(ip) = req.connection_info().realip_remote_addr() {
        return ip.to_owned();
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_limited_across_addresses() {
        let l = LoginLimiter::new(100, 3);
        for i in 0..3 {
            l.check(&format!("10.0.0.{i}"), "a@b.c").unwrap();
        }
        assert!(matches!(
            l.check("10.0.0.9", "A@b.c"),
            Err(AppError::TooManyRequests { .. })
        ));
        l.check("10.0.0.9", "other@b.c").unwrap();
    }

    #[test]
    fn an_address_is_limited_across_accounts() {
        let l = LoginLimiter::new(2, 100);
        l.check("10.0.0.1", "a@b.c").unwrap();
        l.check("10.0.0.1", "b@b.c").unwrap();
        assert!(l.check("10.0.0.1", "c@b.c").is_err());
    }
}
