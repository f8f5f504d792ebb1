//! Where a page of the catalogue starts: the sort order, and a cursor that names the last (or
//! first) product of the page before it by its sort key and id. A page read from a cursor walks
//! the sort order's index from there, so page 400 costs what page 1 costs.
//!
//! A cursor is opaque to readers (base64 of a small JSON array) and checked like any input: a
//! cursor that does not decode, names another sort order, or carries a key of the wrong type is
//! refused (422 in the API; the HTML page shows the first page instead).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};

use crate::web::pagination::MAX_PAGE;

/// The catalogue's sort orders; each breaks ties on the product id, in the same direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sort {
    Name,
    PriceAsc,
    PriceDesc,
    Newest,
}

impl Sort {
    /// The order asked for (`name` when unknown or absent).
    pub fn parse(s: &str) -> Sort {
        match s {
            "price_asc" => Sort::PriceAsc,
            "price_desc" => Sort::PriceDesc,
            "newest" => Sort::Newest,
            _ => Sort::Name,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Newest => "newest",
        }
    }

    /// The products' column this order reads.
    pub fn column(self) -> &'static str {
        match self {
            Sort::Name => "sort_name",
            Sort::PriceAsc | Sort::PriceDesc => "price_cents",
            Sort::Newest => "created_at",
        }
    }

    pub fn descending(self) -> bool {
        matches!(self, Sort::PriceDesc | Sort::Newest)
    }
}

/// A product's place in a sort order: its sort key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Name(String),
    Price(i64),
    Newest(DateTime<Utc>),
}

/// A place in the catalogue: the product `id` with key `key`, and the number of the page that
/// starts next to it (for display only: the rows are found by key and id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub sort: Sort,
    pub key: Key,
    pub id: i64,
    pub page: u64,
}

/// The longest cursor read (a sort name is at most a few hundred characters).
const MAX_LEN: usize = 2048;

impl Cursor {
    pub fn encode(&self) -> String {
        let key = match &self.key {
            Key::Name(s) => serde_json::Value::from(s.as_str()),
            Key::Price(p) => serde_json::Value::from(*p),
            // Nanoseconds: the key is compared with the stored one to the last digit.
            Key::Newest(t) => serde_json::Value::from(t.timestamp_nanos_opt().unwrap_or(i64::MAX)),
        };
        let json = serde_json::json!([self.sort.code(), key, self.id, self.page]);
        URL_SAFE_NO_PAD.encode(json.to_string())
    }

    /// The cursor in `text`, if it is one of `sort`'s.
    pub fn decode(text: &str, sort: Sort) -> Option<Cursor> {
        if text.len() > MAX_LEN {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
        let (code, key, id, page): (String, serde_json::Value, i64, u64) =
            serde_json::from_slice(&bytes).ok()?;
        if code != sort.code() || id < 1 || !(1..=MAX_PAGE).contains(&page) {
            return None;
        }
        let key = match sort {
            Sort::Name => Key::Name(key.as_str()?.to_owned()),
            Sort::PriceAsc | Sort::PriceDesc => Key::Price(key.as_i64()?),
            Sort::Newest => Key::Newest(DateTime::from_timestamp_nanos(key.as_i64()?)),
        };
        Some(Cursor {
            sort,
            key,
            id,
            page,
        })
    }
}

/// Which rows a page holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position {
    /// Page `n` counted from the first: the index is walked over the pages before it.
    Page(u64),
    /// The rows after this place (the "next" link).
    After(Cursor),
    /// The rows before this place (the "previous" link).
    Before(Cursor),
}

impl Position {
    /// The number of the page shown.
    pub fn page(&self) -> u64 {
        match self {
            Position::Page(n) => *n,
            Position::After(c) | Position::Before(c) => c.page,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_cursor_reads_back_as_written_for_its_own_sort_only() {
        let when = DateTime::from_timestamp_nanos(1_765_000_000_123_456_789);
        for (sort, key) in [
            (Sort::Name, Key::Name("huile d argan".into())),
            (Sort::PriceAsc, Key::Price(1490)),
            (Sort::PriceDesc, Key::Price(0)),
            (Sort::Newest, Key::Newest(when)),
        ] {
            let c = Cursor {
                sort,
                key,
                id: 42,
                page: 3,
            };
            let text = c.encode();
            assert_eq!(Cursor::decode(&text, sort), Some(c));
            let other = if sort == Sort::Name {
                Sort::Newest
            } else {
                Sort::Name
            };
            assert_eq!(Cursor::decode(&text, other), None, "another sort's cursor");
        }
    }

    #[test]
    fn forged_cursors_are_refused() {
        let forged = |json: &str| URL_SAFE_NO_PAD.encode(json);
        for text in [
            String::new(),
            "not base64 !".to_owned(),
            forged("{}"),
            forged("[\"name\", 12, 1, 1]"),
            forged("[\"price_asc\", \"cheap\", 1, 1]"),
            forged("[\"name\", \"a\", 0, 1]"),
            forged("[\"name\", \"a\", 1, 0]"),
            forged("[\"name\", \"a\", 1, 100000000]"),
            forged("[\"name\", \"a\", -5, 1]"),
            "A".repeat(5000),
        ] {
            let sort = if text.contains("price") {
                Sort::PriceAsc
            } else {
                Sort::Name
            };
            assert_eq!(Cursor::decode(&text, sort), None, "{text}");
        }
    }

    proptest! {
        #[test]
        fn any_text_decodes_or_is_refused_without_panic(text in ".{0,300}") {
            for sort in [Sort::Name, Sort::PriceAsc, Sort::PriceDesc, Sort::Newest] {
                let _ = Cursor::decode(&text, sort);
            }
        }

        #[test]
        fn any_name_key_survives(name in ".{0,200}", id in 1i64.., page in 1u64..=MAX_PAGE) {
            let c = Cursor { sort: Sort::Name, key: Key::Name(name), id, page };
            prop_assert_eq!(Cursor::decode(&c.encode(), Sort::Name), Some(c));
        }
    }
}
