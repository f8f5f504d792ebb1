//! Page numbers for lists: `?page=&per_page=` (at most 100) and the API's list envelope.
//!
//! Page numbers come from anyone: they are clamped to `1..=MAX_PAGE` and sizes to
//! `1..=MAX_PER_PAGE`, so that the offset computed from them always fits the databases'
//! signed 64-bit integers (a page beyond the last is simply empty).

use serde::{Deserialize, Serialize};

pub const MAX_PER_PAGE: u64 = 100;
/// The last page number a list answers; a larger one is read as this one.
pub const MAX_PAGE: u64 = 100_000;

/// A page number as asked (1 when absent or 0), at most [`MAX_PAGE`].
pub fn page_number(asked: Option<u64>) -> u64 {
    asked.unwrap_or(1).clamp(1, MAX_PAGE)
}

/// A page size as asked (`default` when absent), between 1 and [`MAX_PER_PAGE`].
pub fn page_size(asked: Option<u64>, default: u64) -> u64 {
    asked.unwrap_or(default).clamp(1, MAX_PER_PAGE)
}

/// The rows skipped before `page` (1-based) of `per_page` rows; saturates rather than
/// overflowing, and never passes `i64::MAX` (what the databases take).
pub fn offset(page: u64, per_page: u64) -> u64 {
    page.saturating_sub(1)
        .saturating_mul(per_page)
        .min(i64::MAX as u64)
}

#[derive(Clone, Copy, Debug, Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// 1-based page number (at most 100000).
    pub page: Option<u64>,
    /// Items per page (default 20, at most 100).
    pub per_page: Option<u64>,
}

impl PageQuery {
    pub fn page(&self) -> u64 {
        page_number(self.page)
    }

    pub fn per_page(&self) -> u64 {
        page_size(self.per_page, 20)
    }

    pub fn offset(&self) -> u64 {
        offset(self.page(), self.per_page())
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_page_and_size_give_an_offset_the_database_takes(
            page in proptest::option::of(any::<u64>()),
            per_page in proptest::option::of(any::<u64>()),
        ) {
            let q = PageQuery { page, per_page };
            prop_assert!((1..=MAX_PAGE).contains(&q.page()));
            prop_assert!((1..=MAX_PER_PAGE).contains(&q.per_page()));
            prop_assert!(q.offset() <= (MAX_PAGE - 1) * MAX_PER_PAGE);
            prop_assert!(i64::try_from(q.offset()).is_ok());
        }

        #[test]
        fn offsets_never_overflow(page in any::<u64>(), per_page in any::<u64>()) {
            prop_assert!(i64::try_from(offset(page, per_page)).is_ok());
        }
    }

    #[test]
    fn pages_read_as_people_mean_them() {
        let q = |page, per_page| PageQuery { page, per_page };
        assert_eq!(q(None, None).offset(), 0);
        assert_eq!(q(Some(0), None).page(), 1);
        assert_eq!(q(Some(3), Some(10)).offset(), 20);
        assert_eq!(q(Some(u64::MAX), Some(u64::MAX)).page(), MAX_PAGE);
        assert_eq!(q(Some(u64::MAX), Some(0)).per_page(), 1);
    }
}
