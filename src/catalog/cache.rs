//! Read caches of the catalogue: search results, filter choices, and the rendered pages that
//! anonymous visitors see. Every catalogue write goes through [`CatalogCache::invalidate`] once
//! it has committed: this process's caches are emptied at once and, on PostgreSQL, the other
//! instances are told through `NOTIFY` ([`super::cache_peers`] listens) and empty theirs within
//! moments. The time to live stays as a safety net (a notification lost with its connection).
//! SQLite runs one instance: nobody else to tell.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use actix_web::web::Bytes;
use moka::future::Cache;
use sea_orm::{DatabaseBackend, DatabaseConnection};

use super::service::{CataloguePage, FilterChoice, Total};

pub type Results = Arc<CataloguePage>;
pub type Choices = Arc<(Vec<FilterChoice>, Vec<FilterChoice>)>;

/// The channel the instances tell each other on; the payload is the sender's instance id.
pub const CHANNEL: &str = "passerelle_cache";

pub struct CatalogCache {
    pub(super) results: Cache<String, Results>,
    /// Counts by filters alone (not page nor sort): paging does not count again.
    pub(super) counts: Cache<String, Total>,
    pub(super) choices: Cache<(), Choices>,
    /// Rendered pages: `Bytes`, so a hit hands the same buffer to the response (no copy).
    pages: Cache<String, Bytes>,
    /// Moves on every emptying: what was read before it is not kept after it.
    generation: AtomicU64,
    /// The other instances, on PostgreSQL.
    peers: Option<Peers>,
    /// Whether this instance hears the others now (its listener is connected).
    listening: AtomicBool,
}

/// How to tell the other instances: this database and this instance's id.
struct Peers {
    db: DatabaseConnection,
    instance: String,
}

impl CatalogCache {
    /// Caches for this process alone.
    pub fn new(ttl: Duration) -> Self {
        CatalogCache {
            results: Cache::builder()
                .max_capacity(2_000)
                .time_to_live(ttl)
                .build(),
            counts: Cache::builder()
                .max_capacity(2_000)
                .time_to_live(ttl)
                .build(),
            choices: Cache::builder().max_capacity(1).time_to_live(ttl).build(),
            pages: Cache::builder()
                .max_capacity(5_000)
                .time_to_live(ttl)
                .build(),
            generation: AtomicU64::new(0),
            peers: None,
            listening: AtomicBool::new(false),
        }
    }

    /// Caches whose invalidation reaches every instance on `db` when it is PostgreSQL.
    pub fn shared(ttl: Duration, db: &DatabaseConnection) -> Self {
        let mut cache = Self::new(ttl);
        if db.get_database_backend() == DatabaseBackend::Postgres {
            cache.peers = Some(Peers {
                db: db.clone(),
                instance: crate::security::random_token(12),
            });
        }
        cache
    }

    /// Forgets everything, here and on the other instances (after any committed change to
    /// producers, products, photos or shares).
    pub fn invalidate(&self) {
        self.forget();
        if let Some(peers) = &self.peers {
            peers.tell();
        }
    }

    /// Forgets everything in this process only (another instance told us of a change).
    pub fn forget(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.results.invalidate_all();
        self.counts.invalidate_all();
        self.choices.invalidate_all();
        self.pages.invalidate_all();
    }

    /// Taken before reading what will be cached; [`Self::keep_page`] refuses a page read under
    /// an older one.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// This instance's id in notifications (none on SQLite).
    pub fn instance(&self) -> Option<&str> {
        self.peers.as_ref().map(|p| p.instance.as_str())
    }

    pub fn is_listening(&self) -> bool {
        self.listening.load(Ordering::SeqCst)
    }

    pub(super) fn set_listening(&self, yes: bool) {
        self.listening.store(yes, Ordering::SeqCst);
    }

    pub(super) fn peers_db(&self) -> Option<&DatabaseConnection> {
        self.peers.as_ref().map(|p| &p.db)
    }

    pub async fn page(&self, key: &str) -> Option<Bytes> {
        self.pages.get(key).await
    }

    /// How many rendered pages are kept (after pending insertions settle).
    pub async fn page_count(&self) -> u64 {
        self.pages.run_pending_tasks().await;
        self.pages.entry_count()
    }

    /// Keeps a page rendered from what was read under `generation`, unless the catalogue
    /// changed since (the page may show the old state).
    pub async fn keep_page(&self, key: String, html: Bytes, generation: u64) {
        self.pages.insert(key.clone(), html).await;
        if self.generation() != generation {
            self.pages.invalidate(&key).await;
        }
    }

    /// Drops the search results kept under `key` (none: the filter choices) if the catalogue
    /// changed since `generation`: they may have been read before the change.
    pub(super) async fn drop_if_stale(&self, key: Option<&str>, generation: u64) {
        if self.generation() == generation {
            return;
        }
        match key {
            Some(key) => self.results.invalidate(key).await,
            None => self.choices.invalidate(&()).await,
        }
    }

    /// Drops the count kept under `key` if the catalogue changed since `generation`.
    pub(super) async fn drop_count_if_stale(&self, key: &str, generation: u64) {
        if self.generation() != generation {
            self.counts.invalidate(key).await;
        }
    }
}

impl Peers {
    /// `NOTIFY` in a task of its own: the writer does not wait, and a failure only leaves the
    /// other instances on their time to live.
    fn tell(&self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!("catalogue change not told to the other instances: no runtime");
            return;
        };
        // Straight on the pool: not one of the statements a request is measured by.
        let pool = self.db.get_postgres_connection_pool().clone();
        let instance = self.instance.clone();
        runtime.spawn(async move {
            let sent = sea_orm::sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(instance)
                .execute(&pool)
                .await;
            if let Err(e) = sent {
                tracing::warn!(error = %e, "catalogue change not told to the other instances");
            }
        });
    }
}
