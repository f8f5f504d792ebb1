//! Hearing the other instances' catalogue changes (PostgreSQL `LISTEN`): each notification from
//! another instance empties this one's caches. A lost connection empties them too once it is
//! back, since notifications sent meanwhile are lost; while it is down, the time to live bounds
//! how stale a page can be. Started next to the worker in `startup.rs`, it ends with the server
//! (or the pool). It holds one connection of the pool for as long as it listens.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::sqlx::{self, PgPool};

use super::cache::{CHANNEL, CatalogCache};

/// The longest pause between two attempts to listen again.
const MAX_PAUSE: Duration = Duration::from_secs(30);

/// Runs until the database pool closes (does nothing on SQLite).
pub async fn listen(cache: Arc<CatalogCache>) {
    let Some(db) = cache.peers_db() else {
        return;
    };
    let pool = db.get_postgres_connection_pool().clone();
    let mut pause = Duration::from_millis(250);
    loop {
        let outcome = hear(&pool, &cache, &mut pause).await;
        cache.set_listening(false);
        match outcome {
            Err(sqlx::Error::PoolClosed) => return,
            Err(e) => {
                tracing::warn!(error = %e, retry_in_ms = pause.as_millis() as u64,
                    "not hearing the other instances' catalogue changes");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(MAX_PAUSE);
            }
            Ok(()) => {}
        }
    }
}

/// Listens on one connection (re-established by sqlx when it drops) until an error.
async fn hear(pool: &PgPool, cache: &CatalogCache, pause: &mut Duration) -> sqlx::Result<()> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    // Whatever changed while nobody listened is unknown.
    cache.forget();
    cache.set_listening(true);
    *pause = Duration::from_millis(250);
    loop {
        match listener.try_recv().await? {
            Some(n) if Some(n.payload()) != cache.instance() => cache.forget(),
            Some(_) => {}
            None => {
                // The connection dropped and is back, listening again: messages sent in
                // between were lost.
                tracing::info!("listening to the other instances again");
                cache.forget();
            }
        }
    }
}
