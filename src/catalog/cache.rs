//! Read caches of the catalogue: search results, filter choices, and the rendered pages that
//! anonymous visitors see. Every catalogue write in this process empties them at once; other
//! instances (PostgreSQL deployments) see a change within the time-to-live.

use std::sync::Arc;
use std::time::Duration;

use entity::{partnership, territory};
use moka::future::Cache;

use super::service::CatalogItem;

pub type Results = Arc<(Vec<CatalogItem>, u64)>;
pub type Choices = Arc<(Vec<partnership::Model>, Vec<territory::Model>)>;

pub struct CatalogCache {
    pub(super) results: Cache<String, Results>,
    pub(super) choices: Cache<(), Choices>,
    pages: Cache<String, Arc<String>>,
}

impl CatalogCache {
    pub fn new(ttl: Duration) -> Self {
        CatalogCache {
            results: Cache::builder()
                .max_capacity(2_000)
                .time_to_live(ttl)
                .build(),
            choices: Cache::builder().max_capacity(1).time_to_live(ttl).build(),
            pages: Cache::builder()
                .max_capacity(5_000)
                .time_to_live(ttl)
                .build(),
        }
    }

    /// Forgets everything (after any change to producers, products, photos or shares).
    pub fn invalidate(&self) {
        self.results.invalidate_all();
        self.choices.invalidate_all();
        self.pages.invalidate_all();
    }

    pub async fn page(&self, key: &str) -> Option<Arc<String>> {
        self.pages.get(key).await
    }

    /// How many rendered pages are kept (after pending insertions settle).
    pub async fn page_count(&self) -> u64 {
        self.pages.run_pending_tasks().await;
        self.pages.entry_count()
    }

    pub async fn keep_page(&self, key: String, html: Arc<String>) {
        self.pages.insert(key, html).await;
    }
}
