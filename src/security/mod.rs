//! Secrets and one-time tokens: values that must never show in logs, and the random tokens
//! that CSRF, sessions, files, photos, the worker and payment references are made of.

pub mod exports;
mod principal;

pub(crate) use principal::with_grants;
pub use principal::{AuthUser, Grant, Role, ScopeType, session_user, token_user};

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// `n` random bytes, base64url without padding.
/// Makes ring the TLS crypto provider of the process (SMTP, Stripe, the S3 client): the build
/// carries no other, and the HTTP client refuses to guess. Safe to call any number of times.
pub fn install_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

pub fn random_token(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::fill(&mut bytes[..]);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// SHA-256 hex of a secret token: what the database keeps.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A secret (a key, a password): never shown by `Debug`, so neither in logs nor in panics;
/// read it with [`Secret::expose`] where it is used.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> std::fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Implements `Debug` for a struct holding a secret (a password, a token): the `shown` fields
/// as usual, `***` for the `hidden` ones, so that the secret is in no log nor panic message.
/// `debug_redacted!(Type { shown_a, shown_b; hidden_a })`.
#[macro_export]
macro_rules! debug_redacted {
    ($t:ident { $($shown:ident),* ; $($hidden:ident),+ $(,)? }) => {
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($t))
                    $(.field(stringify!($shown), &self.$shown))*
                    $(.field(stringify!($hidden), &"***"))+
                    .finish()
            }
        }
    };
}

/// A connection URL whose password `Debug` hides; reads as the full URL where it is used.
#[derive(Clone, PartialEq, Eq)]
pub struct UrlWithPassword(pub(crate) String);

impl std::ops::Deref for UrlWithPassword {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for UrlWithPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", redact_url(&self.0))
    }
}

/// Hides the password in a database URL before it is shown.
pub fn redact_url(u: &str) -> String {
    match url::Url::parse(u) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => u.to_owned(),
    }
}
