//! CSRF protection for HTML forms: one random token per session, sent back in every
//! state-changing form as `csrf_token` and compared in constant time.

use actix_session::Session;

const KEY: &str = "csrf";

/// The session's token, created on first use.
pub fn token(session: &Session) -> String {
    if let Ok(Some(t)) = session.get::<String>(KEY) {
        return t;
    }
    let t = crate::security::random_token(24);
    // A failed insert only means the next form will be refused and shown again.
    let _ = session.insert(KEY, &t);
    t
}

/// The token already in the session, if any (reading never creates a session cookie).
pub fn existing(session: &Session) -> Option<String> {
    session.get::<String>(KEY).ok().flatten()
}

/// Forgets the token (at login), so the next form gets a new one.
pub fn reset(session: &Session) {
    session.remove(KEY);
}

pub fn matches(session: &Session, given: Option<&str>) -> bool {
    match (existing(session), given) {
        (Some(expected), Some(given)) => constant_time_eq(expected.as_bytes(), given.as_bytes()),
        _ => false,
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn comparison_needs_equal_length_and_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
