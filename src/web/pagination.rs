//! Page numbers for lists: `?page=&per_page=` (at most 100) and the API's list envelope.

use serde::{Deserialize, Serialize};

pub const MAX_PER_PAGE: u64 = 100;

#[derive(Clone, Copy, Debug, Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// 1-based page number.
    pub page: Option<u64>,
    /// Items per page (default 20, at most 100).
    pub per_page: Option<u64>,
}

impl PageQuery {
    pub fn page(&self) -> u64 {
        self.page.unwrap_or(1).max(1)
    }

    pub fn per_page(&self) -> u64 {
        self.per_page.unwrap_or(20).clamp(1, MAX_PER_PAGE)
    }

    pub fn offset(&self) -> u64 {
        (self.page() - 1) * self.per_page()
    }
}

/// `{"items": [...], "page": 1, "per_page": 20, "total": 123}`
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl<T> ListPage<T> {
    pub fn new(items: Vec<T>, q: &PageQuery, total: u64) -> Self {
        ListPage {
            items,
            page: q.page(),
            per_page: q.per_page(),
            total,
        }
    }
}
