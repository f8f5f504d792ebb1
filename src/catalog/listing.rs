//! The catalogue's two statements, written out so each database reads them from an index:
//! - the page walks the index of its sort order (`ix_products_listed_*`, partial on the listed
//!   products) from the cursor's key and id and stops after one page; the producer's approval
//!   and the filters on producers are an `EXISTS` on its primary key, so no join order can make
//!   the database read every product and sort them;
//! - the count stops at [`COUNT_LIMIT`] + 1 rows: past it the page says "more than 1,000".
//!
//! Searching depends on how many products match, which the count (taken first, and kept per
//! filters) tells:
//! - up to [`COUNT_LIMIT`]: the matches are taken from the full-text index first, then sorted
//!   (on PostgreSQL a materialized CTE over the GIN index of the stored `search_tsv`, so the
//!   planner cannot walk a sort index testing every row, which costs the whole table for a
//!   rare word; on SQLite the FTS5 table);
//! - more ("dense" words): sorting thousands of matches would cost more than walking the sort
//!   order's index and testing each product, which finds a page after a few dozen rows (on
//!   PostgreSQL the stored `search_tsv`, never `to_tsvector` row by row, and the planner may
//!   still take the GIN index; on SQLite `+products.id`, so the FTS5 matches are probed rather
//!   than sorted).

use sea_orm::{DbBackend, FromQueryResult, Statement, Value};

use super::catalogue::CatalogQuery;
use super::cursor::{Key, Position, Sort};
use super::domain::{fts5_query, search_terms, tsquery};

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

    fn statement(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// `WITH hits AS MATERIALIZED (...)`: PostgreSQL's matches, from the GIN index.
fn search_cte(sql: &mut Sql, q: &CatalogQuery, dense: bool) {
    let terms = search_terms(&q.q);
    if sql.backend == DbBackend::Postgres && !terms.is_empty() && !dense {
        sql.push("WITH hits AS MATERIALIZED (SELECT id FROM products WHERE search_tsv @@ to_tsquery('simple', ")
            .bind(tsquery(&terms))
            .push(")) ");
    }
}

/// `FROM products WHERE ...`: the listed products the filters keep (`dense`: the search words
/// match more than [`COUNT_LIMIT`] products).
fn filtered(sql: &mut Sql, q: &CatalogQuery, dense: bool) {
    sql.push(" FROM products WHERE products.archived_at IS NULL");
    let terms = search_terms(&q.q);
    if !terms.is_empty() {
        match (sql.backend, dense) {
            (DbBackend::Postgres, false) => {
                sql.push(" AND products.id IN (SELECT id FROM hits)");
            }
            (DbBackend::Postgres, true) => {
                sql.push(" AND products.search_tsv @@ to_tsquery('simple', ")
                    .bind(tsquery(&terms))
                    .push(")");
            }
            (_, dense) => {
                sql.push(if dense {
                    " AND +products.id"
                } else {
                    " AND products.id"
                })
                .push(" IN (SELECT rowid FROM product_search WHERE product_search MATCH ")
                .bind(fts5_query(&terms))
                .push(")");
            }
        }
    }
    if !q.category.trim().is_empty() {
        sql.push(" AND products.category = ")
            .bind(q.category.trim().to_owned());
    }
    sql.push(" AND EXISTS (SELECT 1 FROM producers WHERE producers.id = products.producer_id AND producers.status = ")
        .bind("approved");
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
    sql.push(")");
}

/// How many products the filters keep, counted up to [`COUNT_LIMIT`] + 1.
pub fn count_statement(backend: DbBackend, q: &CatalogQuery) -> Statement {
    let mut sql = Sql::new(backend);
    search_cte(&mut sql, q, false);
    sql.push("SELECT count(*) AS n FROM (SELECT 1 AS one");
    filtered(&mut sql, q, false);
    sql.push(" LIMIT ")
        .bind((COUNT_LIMIT + 1) as i64)
        .push(") AS upto");
    sql.statement()
}

/// What a card and an API item show of a product (not its search words, nor, for the cards,
/// its description in every language).
const COLUMNS: &str = "products.id, products.producer_id, products.name, products.sort_name, \
    products.category, products.unit, products.unit_i18n, products.case_size, products.min_cases, \
    products.weight_grams, products.price_cents, products.vat_rate_bp, products.stock, \
    products.hs_code, products.case_tare_grams, products.originating, products.created_at";

/// One page of `per_page` products at `position`, plus one row that tells whether more follow
/// (in the direction read: a `Before` page is read backwards, see [`read_backwards`]);
/// `dense`: the filters keep more than [`COUNT_LIMIT`] products.
pub fn page_statement(
    backend: DbBackend,
    q: &CatalogQuery,
    position: &Position,
    per_page: u64,
    descriptions: bool,
    dense: bool,
) -> Statement {
    let sort = Sort::parse(&q.sort);
    let mut sql = Sql::new(backend);
    search_cte(&mut sql, q, dense);
    sql.push("SELECT ").push(COLUMNS);
    sql.push(match (descriptions, backend) {
        (true, _) => ", products.description",
        (false, DbBackend::Postgres) => ", NULL::jsonb AS description",
        (false, _) => ", NULL AS description",
    });
    filtered(&mut sql, q, dense);
    let col = format!("products.{}", sort.column());
    // Reading forwards in a descending order, or backwards in an ascending one, goes down.
    let down = sort.descending() != read_backwards(position);
    if let Position::After(c) | Position::Before(c) = position {
        sql.push(&format!(" AND ({col}, products.id) "))
            .push(if down { "< (" } else { "> (" });
        match &c.key {
            Key::Name(s) => sql.bind(s.clone()),
            Key::Price(p) => sql.bind(*p),
            Key::Newest(t) => sql.bind(*t),
        };
        sql.push(", ").bind(c.id).push(")");
    }
    let dir = if down { "DESC" } else { "ASC" };
    sql.push(&format!(" ORDER BY {col} {dir}, products.id {dir} LIMIT "))
        .bind((per_page + 1) as i64);
    if let Position::Page(n) = position {
        let offset = crate::web::pagination::offset(*n, per_page);
        if offset > 0 {
            sql.push(" OFFSET ").bind(offset as i64);
        }
    }
    sql.statement()
}

/// Whether the page at `position` is read from its end (the "previous" link).
pub fn read_backwards(position: &Position) -> bool {
    matches!(position, Position::Before(_))
}

/// What the statement of [`producers_statement`] reads: a product's producer and partnership,
/// as a card shows them and a price breaks down.
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

/// The producers `ids` with their partnerships, in one statement.
pub fn producers_statement(backend: DbBackend, ids: &[i64]) -> Statement {
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT producers.id, producers.slug, producers.name, producers.women_led, producers.labels, \
         producers.partnership_id, partnerships.slug AS partnership_slug, \
         partnerships.name AS partnership_name, partnerships.transport_bp, partnerships.costs_bp, \
         partnerships.fund_bp FROM producers JOIN partnerships ON partnerships.id = producers.partnership_id \
         WHERE producers.id IN (",
    );
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(*id);
    }
    sql.push(")");
    sql.statement()
}
