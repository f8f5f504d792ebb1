//! Browser sessions kept in the database. The cookie carries only a random key (encrypted and
//! signed by actix-session); the row, found by the key's SHA-256, holds the session's values.
//! Logging out deletes the row, so a copied cookie stops working; a session also ends after
//! `PASSERELLE_SESSION_IDLE_MINUTES` unused and `PASSERELLE_SESSION_MAX_DAYS` after it began,
//! and a password change ends every session of the account.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration as CookieDuration;
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use entity::session;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::error::AppResult;

/// The session value that names the signed-in account (see `web::auth`).
const USER_KEY: &str = "uid";
/// Values that only hold for the session they were given to: never carried to a new key.
const AUTH_KEYS: [&str; 2] = [USER_KEY, "epoch"];
/// `last_seen_at` is written at most this often, so reading pages stays cheap.
const SEEN_EVERY: Duration = Duration::minutes(1);
/// Expired rows are deleted once every this many new sessions.
const PRUNE_EVERY: u64 = 200;

/// When sessions end.
#[derive(Clone, Copy, Debug)]
pub struct Lifetimes {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Lifetimes {
    fn alive(&self, s: &session::Model, now: DateTime<Utc>) -> bool {
        s.last_seen_at + self.idle > now && s.created_at + self.absolute > now
    }

    /// The cookie's lifetime: the longest a session can last.
    pub fn cookie_ttl(&self) -> CookieDuration {
        CookieDuration::seconds(self.absolute.num_seconds())
    }
}

pub struct DbSessionStore {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    lifetimes: Lifetimes,
    saves: Arc<AtomicU64>,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, lifetimes: Lifetimes) -> Self {
        Self {
            db,
            clock,
            lifetimes,
            saves: Arc::new(AtomicU64::new(0)),
        }
    }

    async fn insert(&self, state: &HashMap<String, String>) -> anyhow::Result<SessionKey> {
        let mut bytes = [0u8; 32];
        rand::fill(&mut bytes[..]);
        let key = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let now = self.clock.now();
        session::Entity::insert(session::ActiveModel {
            id: Set(digest(&key)),
            user_id: Set(user_of(state)),
            data: Set(serde_json::to_string(state)?),
            created_at: Set(now),
            last_seen_at: Set(now),
        })
        .exec_without_returning(&self.db)
        .await?;
        if self.saves.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            prune(&self.db, self.lifetimes, now).await?;
        }
        Ok(SessionKey::try_from(key)?)
    }
}

fn digest(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

fn user_of(state: &HashMap<String, String>) -> Option<i64> {
    state.get(USER_KEY).and_then(|v| v.parse().ok())
}

impl SessionStore for DbSessionStore {
    async fn load(
        &self,
        session_key: &SessionKey,
    ) -> Result<Option<HashMap<String, String>>, LoadError> {
        let id = digest(session_key.as_ref());
        let found = session::Entity::find_by_id(id.clone())
            .one(&self.db)
            .await
            .map_err(|e| LoadError::Other(e.into()))?;
        let Some(s) = found else {
            return Ok(None);
        };
        let now = self.clock.now();
        if !self.lifetimes.alive(&s, now) {
            session::Entity::delete_by_id(id)
                .exec(&self.db)
                .await
                .map_err(|e| LoadError::Other(e.into()))?;
            return Ok(None);
        }
        if now - s.last_seen_at >= SEEN_EVERY {
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, Expr::value(now))
                .filter(session::Column::Id.eq(id))
                .exec(&self.db)
                .await
                .map_err(|e| LoadError::Other(e.into()))?;
        }
        serde_json::from_str(&s.data)
            .map(Some)
            .map_err(|e| LoadError::Deserialization(e.into()))
    }

    async fn save(
        &self,
        session_state: HashMap<String, String>,
        _ttl: &CookieDuration,
    ) -> Result<SessionKey, SaveError> {
        self.insert(&session_state).await.map_err(SaveError::Other)
    }

    async fn update(
        &self,
        session_key: SessionKey,
        mut session_state: HashMap<String, String>,
        _ttl: &CookieDuration,
    ) -> Result<SessionKey, UpdateError> {
        let data = serde_json::to_string(&session_state)
            .map_err(|e| UpdateError::Serialization(e.into()))?;
        let updated = session::Entity::update_many()
            .col_expr(session::Column::Data, Expr::value(data))
            .col_expr(
                session::Column::UserId,
                Expr::value(user_of(&session_state)),
            )
            .col_expr(session::Column::LastSeenAt, Expr::value(self.clock.now()))
            .filter(session::Column::Id.eq(digest(session_key.as_ref())))
            .exec(&self.db)
            .await
            .map_err(|e| UpdateError::Other(e.into()))?;
        if updated.rows_affected == 1 {
            return Ok(session_key);
        }
        // The session ended while this request ran (logged out elsewhere, password changed):
        // the visitor goes on under a new key, signed out, rather than bringing it back.
        for k in AUTH_KEYS {
            session_state.remove(k);
        }
        self.insert(&session_state)
            .await
            .map_err(UpdateError::Other)
    }

    async fn update_ttl(
        &self,
        _session_key: &SessionKey,
        _ttl: &CookieDuration,
    ) -> Result<(), anyhow::Error> {
        // `load` keeps `last_seen_at`; the absolute lifetime never moves.
        Ok(())
    }

    async fn delete(&self, session_key: &SessionKey) -> Result<(), anyhow::Error> {
        session::Entity::delete_by_id(digest(session_key.as_ref()))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

/// Ends every browser session of an account, in the caller's transaction.
pub async fn end_sessions(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<()> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Deletes the sessions that have ended.
pub async fn prune(
    conn: &impl ConnectionTrait,
    lifetimes: Lifetimes,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    Ok(session::Entity::delete_many()
        .filter(
            session::Column::LastSeenAt
                .lte(now - lifetimes.idle)
                .or(session::Column::CreatedAt.lte(now - lifetimes.absolute)),
        )
        .exec(conn)
        .await?
        .rows_affected)
}
