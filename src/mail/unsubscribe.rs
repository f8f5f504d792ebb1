//! One-click unsubscribe (RFC 8058) from optional emails: the link carries the recipient's
//! account id signed with a key derived from the site's secret, so it works without logging
//! in and cannot be forged for another account. Which emails are optional is the features'
//! call; they ask for a link here and skip the people who withdrew.

use base64::Engine as _;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use sha2::{Digest, Sha256};

const BLOCK: usize = 64;

/// HMAC-SHA256 (RFC 2104) of `msg` under `key`.
fn hmac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| k.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(msg)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// Signs and checks unsubscribe tokens (`<account id>.<signature>`).
#[derive(Clone)]
pub struct UnsubscribeKey([u8; 32]);

impl UnsubscribeKey {
    /// A key for this purpose only, derived from the site's secret key.
    pub fn derive(secret: &[u8]) -> Self {
        UnsubscribeKey(hmac(secret, b"passerelle unsubscribe v1"))
    }

    fn signature(&self, user_id: i64) -> String {
        let mac = hmac(&self.0, user_id.to_string().as_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&mac[..20])
    }

    /// The token for `user_id`.
    pub fn token(&self, user_id: i64) -> String {
        format!("{user_id}.{}", self.signature(user_id))
    }

    /// The account a token was made for, if it was made here.
    pub fn check(&self, token: &str) -> Option<i64> {
        let (id, sig) = token.split_once('.')?;
        let id: i64 = id.parse().ok()?;
        let expected = self.signature(id);
        // Compared in constant time: a forger learns nothing from how long a refusal takes.
        let same = expected.len() == sig.len()
            && expected
                .bytes()
                .zip(sig.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        same.then_some(id)
    }
}

type HeaderError = Box<dyn std::error::Error + Send + Sync>;

/// `List-Unsubscribe: <https://…/unsubscribe/…>` (RFC 2369).
#[derive(Clone, Debug)]
pub struct ListUnsubscribe(pub String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, HeaderError> {
        Ok(ListUnsubscribe(s.trim_matches(['<', '>']).to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): mail clients may then
/// unsubscribe with a POST to the link, without opening a page.
#[derive(Clone, Debug)]
pub struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, HeaderError> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let mac = hmac(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_token_opens_its_own_account_only() {
        let key = UnsubscribeKey::derive(&[7u8; 64]);
        let t = key.token(42);
        assert_eq!(key.check(&t), Some(42));
        let other = key.token(43);
        let forged = format!("42.{}", other.split_once('.').unwrap().1);
        assert_eq!(key.check(&forged), None);
        assert_eq!(key.check("42.AAAA"), None);
        assert_eq!(key.check("nonsense"), None);
        assert_eq!(UnsubscribeKey::derive(&[8u8; 64]).check(&t), None);
    }
}
