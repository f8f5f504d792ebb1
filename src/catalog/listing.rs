//! The catalogue's two statements, written out so each database reads them from an index and
//! a page costs the same at 10,000 and at 100,000 products:
//! - the count stops at [`COUNT_LIMIT`] + 1 rows (past it the page says "more than 1,000"),
//!   read from the index by producer and category;
//! - a page of a wide filter (more than [`COUNT_LIMIT`] products) walks the index of its sort
//!   order (`ix_products_walk_*`, partial on the listed products) from the cursor's key and id
//!   and stops after one page; the index carries the category and the producer, so the filters
//!   are tested without reading the rows left out; no join order can make the database read
//!   every product and sort them;
//! - a page of a narrow filter (up to [`COUNT_LIMIT`]) reads its few products from the index by
//!   producer and category, then sorts them (on SQLite from `ix_products_listed_cover`, which
//!   carries their sort keys: ids and keys sorted, the page's rows read afterwards): walking a
//!   sort order would pass over the whole catalogue to find them (on PostgreSQL without words,
//!   the planner chooses between the two from its statistics);
//! - each page row comes with its producer, partnership and first photo (joined by key after
//!   the page is chosen): a page is the count and one statement.
//!
//! Searching depends on how many products match, which the count (taken first, and kept per
//! filters) tells:
//! - up to [`COUNT_LIMIT`]: the matches are taken first, then sorted. On PostgreSQL a
//!   materialized CTE holds the products matching, read with every filter at once (the GIN
//!   index of the stored `terms_tsv`, whose lexemes include the category, one heap visit per
//!   product kept, its producer tested there), so the planner cannot walk a sort index testing every row, which costs
//!   the whole table for a rare word. On SQLite the FTS5 matches lead (`product_terms`, whose
//!   category column lets FTS5 cross the words with the category itself, and whose prefix
//!   indexes read a word's list without merging the lists of every word it begins); the
//!   matches held are ids and sort keys, the page's columns read for its products alone;
//! - more ("dense" words): sorting thousands of matches would cost more than walking the sort
//!   order's index and testing each product, which finds a page after a few dozen rows (on
//!   PostgreSQL the stored `terms_tsv`, never `to_tsvector` row by row, and the planner may
//!   still take the GIN index; on SQLite `+products.id`, so the FTS5 matches, with the
//!   category, are probed rather than sorted).
//!
//! The count on SQLite reads the FTS5 matches (words and category) as the outer loop of a join
//! (it stops after [`COUNT_LIMIT`] + 1), and on PostgreSQL reads the GIN index of the words and
//! category.

use sea_orm::{DbBackend, FromQueryResult, Statement, Value};

use super::catalogue::CatalogQuery;
use super::cursor::{Key, Position, Sort};
use super::domain::{fts5_query, known_category, search_terms, tsquery};

/// Counting stops past this many products.
pub const COUNT_LIMIT: u64 = 1000;

/// A statement being written: its text and values, placeholders in the backend's style.
struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new(backend: DbBackend) -> Self {
        Sql {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value` (values are bound in the order they are written).
    fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        if self.backend == DbBackend::Postgres {
            self.text.push_str(&format!("${}", self.values.len()));
        } else {
            self.text.push('?');
        }
        self
    }

    /// Appends `LIMIT n`, the number written out, so the planner knows it: SQLite built with
    /// `SQLITE_ENABLE_QPSG` (`.cargo/config.toml`) plans a bound `LIMIT` without reading its
    /// value, and without that flag it prepared the statement again at every run.
    fn limit(&mut self, n: u64) -> &mut Self {
        self.text.push_str(&format!(" LIMIT {n}"));
        self
    }

    fn statement(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// How SQLite reads the products a statement keeps (PostgreSQL's planner chooses by itself).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    /// From `ix_products_listed_producer` (a count) or `ix_products_listed_cover` (a page,
    /// with the sort keys): the producers' products in the category (a filter
    /// without words).
    Filters,
    /// The words' matches first, crossed with the category inside FTS5 (`product_terms` has
    /// the category as a column): a narrow page with words.
    Words,
    /// The words' matches as the outer loop of a join, so a count stops after
    /// [`COUNT_LIMIT`] + 1 of them instead of collecting them all first.
    WordsJoined,
    /// The sort order's index `ix_products_walk_*` walked, each entry tested from the index
    /// (it carries the producer and the category), the words' matches probed (a dense page).
    Walk,
}

/// The index a page in `sort` walks.
fn walk_index(sort: Sort) -> &'static str {
    match sort {
        Sort::Name => "ix_products_walk_name",
        Sort::PriceAsc | Sort::PriceDesc => "ix_products_walk_price",
        Sort::Newest => "ix_products_walk_newest",
    }
}

/// `FROM products WHERE ...`: the listed products the filters keep (`dense`: they keep more
/// than [`COUNT_LIMIT`] products, and the page walks the index of its sort order; `count`:
/// the statement counts them).
///
/// Every filter but the category and the words is the producer's (approved, partnership,
/// territory, labels): a set of producers, read first. On SQLite `+` keeps a test from
/// choosing the index read, which [`Access`] decides.
fn filtered(sql: &mut Sql, q: &CatalogQuery, dense: bool, count: bool) {
    let sqlite = sql.backend != DbBackend::Postgres;
    let terms = search_terms(&q.q);
    let category = q.category.trim();
    // PostgreSQL: a known category is a lexeme of the words' vector (any other keeps nothing,
    // which the column's own test says).
    let lexeme = if sqlite {
        None
    } else {
        known_category(category)
    };
    let access = match (dense, terms.is_empty(), count) {
        (true, _, _) => Access::Walk,
        (false, true, _) => Access::Filters,
        (false, false, true) => Access::WordsJoined,
        (false, false, false) => Access::Words,
    };
    match access {
        Access::WordsJoined if sqlite => {
            sql.push(" FROM product_terms CROSS JOIN products WHERE product_terms MATCH ")
                .bind(fts5_query(&terms, category))
                .push(" AND products.id = product_terms.rowid AND");
        }
        // A page's products chosen from the index that carries their sort keys: ids and keys
        // sorted, the rows read for the page alone (`ix_products_listed_cover`).
        Access::Filters if sqlite => {
            sql.push(if count {
                " FROM products INDEXED BY ix_products_listed_producer WHERE"
            } else {
                " FROM products INDEXED BY ix_products_listed_cover WHERE"
            });
        }
        // Named: SQLite's planner, not knowing how many products the tests leave out, would
        // take the older index on the sort column alone and read every row to test it.
        Access::Walk if sqlite => {
            sql.push(" FROM products INDEXED BY ")
                .push(walk_index(Sort::parse(&q.sort)))
                .push(" WHERE");
        }
        _ => {
            sql.push(" FROM products WHERE");
        }
    }
    sql.push(" products.archived_at IS NULL");
    // Whether the producer's and category's tests lead the read.
    let lead = if sqlite && access != Access::Filters {
        "+"
    } else {
        ""
    };
    if !terms.is_empty() {
        match sql.backend {
            // The stored vector, never `to_tsvector` row by row; the category, a lexeme of
            // it, is crossed with the words inside the GIN index.
            DbBackend::Postgres => {
                sql.push(" AND products.terms_tsv @@ CAST(")
                    .bind(tsquery(&terms, lexeme))
                    .push(" AS tsquery)");
            }
            _ if access == Access::WordsJoined => {}
            // A dense page probes the matches collected once (`+`: the walk leads). Testing
            // each walked product's own search text instead was measured: 0.25 instead of
            // 5 ms for a word in a fifth of 100,000 products, but 7 to 12 instead of 3 to 6
            // ms for a word whose products sort together (as names beginning with the word
            // do), which the walk passes over thousands of products to reach.
            _ => {
                sql.push(if access == Access::Words {
                    " AND products.id"
                } else {
                    " AND +products.id"
                })
                .push(" IN (SELECT rowid FROM product_terms WHERE product_terms MATCH ")
                .bind(fts5_query(&terms, category))
                .push(")");
            }
        }
    }
    // PostgreSQL with words tests a known category in the GIN index (the tsquery's lexeme):
    // the column's own test would let the planner cross the words' bitmap with the category's
    // index, which the lexeme makes needless.
    if !category.is_empty() && (lexeme.is_none() || terms.is_empty()) {
        sql.push(&format!(" AND {lead}products.category = "))
            .bind(category.to_owned());
    }
    if sqlite {
        // A set of producers, so their ids can drive the read of ix_products_listed_*.
        sql.push(&format!(
            " AND {lead}products.producer_id IN (SELECT producers.id FROM producers WHERE producers.status = "
        ));
    } else {
        // An array computed once (an InitPlan), not a join: with a join, PostgreSQL's planner
        // hashed every product after a cursor and sorted them (ties in the sort key fool its
        // estimate); with the array it walks the sort order's index, testing each entry.
        // With words and no filter of the producers but their approval, `+ 0`: tested on each
        // product the GIN index keeps, never read from the producer's index over the whole
        // catalogue to be crossed with the words' bitmap (measured at 100,000 products: 40
        // instead of 8 ms). A partnership, territory or label keeps a few producers, whose
        // index the planner may still cross with the words'.
        let producers_filtered = !(q.partnership.trim().is_empty()
            && q.territory.trim().is_empty()
            && q.label.trim().is_empty());
        sql.push(if terms.is_empty() || producers_filtered {
            " AND products.producer_id"
        } else {
            " AND (products.producer_id + 0)"
        })
        .push(" = ANY (ARRAY(SELECT producers.id FROM producers WHERE producers.status = ");
    }
    sql.bind("approved");
    if !q.partnership.trim().is_empty() {
        sql.push(" AND producers.partnership_id IN (SELECT id FROM partnerships WHERE slug = ")
            .bind(q.partnership.trim().to_owned())
            .push(")");
    }
    if !q.territory.trim().is_empty() {
        sql.push(" AND producers.territory_id IN (SELECT id FROM territories WHERE slug = ")
            .bind(q.territory.trim().to_owned())
            .push(")");
    }
    let label = q.label.trim();
    if !label.is_empty() {
        if sql.backend == DbBackend::Postgres {
            sql.push(" AND producers.labels @> ")
                .bind(serde_json::json!([label]).to_string())
                .push("::jsonb");
        } else {
            sql.push(" AND EXISTS (SELECT 1 FROM json_each(producers.labels) WHERE value = ")
                .bind(label.to_owned())
                .push(")");
        }
    }
    sql.push(if sqlite { ")" } else { "))" });
}

/// How many products the filters keep, counted up to [`COUNT_LIMIT`] + 1.
pub fn count_statement(backend: DbBackend, q: &CatalogQuery) -> Statement {
    let mut sql = Sql::new(backend);
    sql.push("SELECT count(*) AS n FROM (SELECT 1 AS one");
    filtered(&mut sql, q, false, true);
    sql.limit(COUNT_LIMIT + 1).push(") AS upto");
    sql.statement()
}

/// What a card and an API item show of a product (not its search words, nor, for the cards,
/// its description in every language).
const COLUMNS: &str = "products.id, products.producer_id, products.name, products.sort_name, \
    products.category, products.unit, products.unit_i18n, products.case_size, products.min_cases, \
    products.weight_grams, products.price_cents, products.vat_rate_bp, products.stock, \
    products.hs_code, products.case_tare_grams, products.originating, products.created_at";

/// What a page row adds to its product: the producer and partnership as a card names them and
/// a price breaks down (read as [`ProducerRow`] with the prefix `pr_`), and the first photo.
const PRODUCER_COLUMNS: &str = "pr.id AS pr_id, pr.slug AS pr_slug, pr.name AS pr_name, \
    pr.women_led AS pr_women_led, pr.labels AS pr_labels, pr.partnership_id AS pr_partnership_id, \
    pa.slug AS pr_partnership_slug, pa.name AS pr_partnership_name, \
    pa.transport_bp AS pr_transport_bp, pa.costs_bp AS pr_costs_bp, pa.fund_bp AS pr_fund_bp";

/// One page of `per_page` products at `position` with their producers, partnerships and first
/// photos, plus one row that tells whether more follow (in the direction read: a `Before` page
/// is read backwards, see [`read_backwards`]); `dense`: the filters keep more than
/// [`COUNT_LIMIT`] products.
///
/// One statement: the page is chosen first (from the indexes, as the module says), then each of
/// its products joined to its producer and partnership by key and its first photo looked up, so
/// a page costs one round trip after the count, not three.
pub fn page_statement(
    backend: DbBackend,
    q: &CatalogQuery,
    position: &Position,
    per_page: u64,
    descriptions: bool,
    dense: bool,
) -> Statement {
    let read = if dense { Read::Dense } else { Read::Narrow };
    page_sql(backend, q, position, per_page, descriptions, read)
}

/// How a page statement reads its products (see the module's doc).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    /// Up to [`COUNT_LIMIT`] products kept: read whole, then sorted.
    Narrow,
    /// More: the sort order's index walked.
    Dense,
    /// A search not counted yet: its matches (up to [`COUNT_LIMIT`] + 1) held once, counted
    /// and sorted.
    Counted,
}

/// Whether a search not yet counted is counted and paged by one statement
/// ([`counted_page_statement`]): with words, on either database (the words' matches crossed
/// with the filters cost more than the rest of the page).
pub fn counts_with_page(q: &CatalogQuery) -> bool {
    !search_terms(&q.q).is_empty()
}

/// [`page_statement`] of a narrow search whose rows also carry, in `counted`, how many products
/// the filters keep (up to [`COUNT_LIMIT`] + 1): the products matching are read once for both.
/// When `counted` is past [`COUNT_LIMIT`], the page is not the right one (the search is dense:
/// its page walks the sort order's index, a second statement).
pub fn counted_page_statement(
    backend: DbBackend,
    q: &CatalogQuery,
    position: &Position,
    per_page: u64,
    descriptions: bool,
) -> Statement {
    page_sql(backend, q, position, per_page, descriptions, Read::Counted)
}

fn page_sql(
    backend: DbBackend,
    q: &CatalogQuery,
    position: &Position,
    per_page: u64,
    descriptions: bool,
    read: Read,
) -> Statement {
    let (dense, counted) = (read == Read::Dense, read == Read::Counted);
    let sort = Sort::parse(&q.sort);
    let mut sql = Sql::new(backend);
    let col = sort.column();
    // Reading forwards in a descending order, or backwards in an ascending one, goes down.
    let down = sort.descending() != read_backwards(position);
    let dir = if down { "DESC" } else { "ASC" };
    let description = match (descriptions, backend) {
        (true, _) => ", products.description",
        (false, DbBackend::Postgres) => ", NULL::jsonb AS description",
        (false, _) => ", NULL AS description",
    };
    // PostgreSQL, words keeping up to COUNT_LIMIT products: all of them read first (the GIN
    // index of the words crossed with the filters' indexes), then sorted; written as a
    // materialized CTE so the planner, which cannot tell how many products words match, does
    // not walk a sort index testing every product instead. Without words the planner knows
    // from its statistics how many products a category keeps and chooses: it walks the sort
    // order's index when the filters keep a tenth of the catalogue (0.09 instead of 0.48 ms
    // for a category and partnership page, 10,000 products) and reads the few products of a
    // narrower filter from the filters' index.
    // SQLite too when the page counts its matches: read once, counted and paged from the CTE,
    // the FTS5 matches (words and category) as the outer loop of a join, as a count reads
    // them, so a common word stops after COUNT_LIMIT + 1 matches instead of collecting them
    // all first (100,000 products, a word and a partnership: 1.6 instead of 3.0 ms).
    let words = !search_terms(&q.q).is_empty();
    let hits = counted || (!dense && words && backend == DbBackend::Postgres);
    // The matches held are their ids and sort keys only: the page's columns are read for the
    // page's products alone, not copied for up to a thousand matches.
    if hits {
        sql.push(&format!(
            "WITH hits AS MATERIALIZED (SELECT products.id, products.{col}"
        ));
        filtered(&mut sql, q, dense, counted);
        if counted {
            sql.limit(COUNT_LIMIT + 1);
        }
        sql.push(") ");
    }
    sql.push("SELECT page.*, ");
    if counted {
        sql.push("(SELECT count(*) FROM hits) AS counted, ");
    }
    sql.push(PRODUCER_COLUMNS)
        .push(", (SELECT ph.file_key FROM photos AS ph WHERE ph.owner_type = '")
        .push(crate::media::OwnerKind::Product.stored())
        .push("' AND ph.owner_id = page.id ORDER BY ph.position, ph.id LIMIT 1) AS photo FROM (");
    // What the page is chosen from: the matches held, or the table. Chosen as ids and sort
    // keys, then joined to the products for the page's rows, when more than a page of
    // products is sorted (the matches held; on SQLite a narrow page, whose index carries the
    // sort keys): the sort then moves two columns per product, not every column a card shows.
    let from = if hits { "hits" } else { "products" };
    let chosen = hits || (backend != DbBackend::Postgres && !dense);
    sql.push("SELECT ").push(COLUMNS).push(description);
    if chosen {
        sql.push(&format!(" FROM (SELECT {from}.id, {from}.{col}"));
    }
    if hits {
        sql.push(" FROM hits WHERE true");
    } else {
        filtered(&mut sql, q, dense, false);
    }
    if let Position::After(c) | Position::Before(c) = position {
        sql.push(&format!(" AND ({from}.{col}, {from}.id) "))
            .push(if down { "< (" } else { "> (" });
        match &c.key {
            Key::Name(s) => sql.bind(s.clone()),
            Key::Price(p) => sql.bind(*p),
            Key::Newest(t) => sql.bind(*t),
        };
        sql.push(", ").bind(c.id).push(")");
    }
    sql.push(&format!(" ORDER BY {from}.{col} {dir}, {from}.id {dir}"))
        .limit(per_page + 1);
    if let Position::Page(n) = position {
        let offset = crate::web::pagination::offset(*n, per_page);
        if offset > 0 {
            sql.push(" OFFSET ").bind(offset as i64);
        }
    }
    if chosen {
        sql.push(") AS chosen JOIN products ON products.id = chosen.id");
    }
    sql.push(&format!(
        ") AS page JOIN producers AS pr ON pr.id = page.producer_id \
         JOIN partnerships AS pa ON pa.id = pr.partnership_id \
         ORDER BY page.{col} {dir}, page.id {dir}"
    ));
    sql.statement()
}

/// Whether the page at `position` is read from its end (the "previous" link).
pub fn read_backwards(position: &Position) -> bool {
    matches!(position, Position::Before(_))
}

/// A page row's producer and partnership (columns `pr_*` of [`page_statement`]), as a card
/// shows them and a price breaks down.
#[derive(Clone, Debug, FromQueryResult)]
pub struct ProducerRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub women_led: bool,
    pub labels: entity::producer::Labels,
    pub partnership_id: i64,
    pub partnership_slug: String,
    pub partnership_name: String,
    pub transport_bp: i32,
    pub costs_bp: i32,
    pub fund_bp: i32,
}
