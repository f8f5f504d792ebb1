//! The catalogue paged by cursors (`next` / `prev`), counted up to 1,000, and read from its
//! indexes (issue 19).

use passerelle::catalog::cursor::Position;
use passerelle::catalog::listing;
use passerelle::catalog::service::{CatalogQuery, search_text};
use passerelle::money::Cents;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, Set, Statement};
use serde_json::Value;

use crate::builders::{ProducerApp, signed_out_producer_app};
use crate::helpers::TestApp;

/// Inserts `n` listed products of `producer`: names, prices and creation times repeat, so the
/// sort orders have ties for the ids to break; one in seven says "safran".
pub(crate) async fn insert_products(app: &TestApp, producer: i64, n: usize) {
    let base = chrono::Utc::now();
    let rows: Vec<entity::product::ActiveModel> = (0..n)
        .map(|i| {
            let word = if i % 7 == 0 { "safran" } else { "thym" };
            let name: entity::I18nText = [("fr", format!("{word} lot {}", i % 10))]
                .into_iter()
                .collect();
            let at = base - chrono::Duration::milliseconds((i % 4) as i64 * 1500);
            entity::product::ActiveModel {
                producer_id: Set(entity::ProducerId(producer)),
                search_text: Set(search_text(
                    &name,
                    &Default::default(),
                    &[("fr", "1 kg")].into_iter().collect(),
                    "Tifawin",
                )),
                sort_name: Set(format!("{word} lot {}", i % 10)),
                name: Set(name),
                description: Set(Default::default()),
                category: Set(if i % 3 == 0 { "spices" } else { "nuts" }.into()),
                unit: Set("1 kg".into()),
                unit_i18n: Set(Default::default()),
                case_size: Set(10),
                min_cases: Set(1),
                weight_grams: Set(1000),
                price_cents: Set(Cents(500 + (i % 6) as i64 * 100)),
                vat_rate_bp: Set(600),
                stock: Set(None),
                archived_at: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(400) {
        entity::product::Entity::insert_many(chunk.to_vec())
            .exec(&app.db)
            .await
            .unwrap();
    }
}

/// The plan the database chooses for `statement`, one line per step (PostgreSQL's `EXPLAIN`,
/// SQLite's `EXPLAIN QUERY PLAN` details).
async fn plan_of(app: &TestApp, statement: Statement) -> String {
    let backend = app.db.get_database_backend();
    let prefix = if backend == DbBackend::Postgres {
        "EXPLAIN"
    } else {
        "EXPLAIN QUERY PLAN"
    };
    let explain = Statement::from_sql_and_values(
        backend,
        format!("{prefix} {}", statement.sql),
        statement.values.map(|v| v.0).unwrap_or_default(),
    );
    let rows = app.db.query_all_raw(explain).await.unwrap();
    let lines: Vec<String> = rows
        .iter()
        .map(|r| {
            if backend == DbBackend::Postgres {
                r.try_get_by_index::<String>(0).unwrap()
            } else {
                r.try_get::<String>("", "detail").unwrap()
            }
        })
        .collect();
    lines.join("\n")
}

pub(crate) fn ids(body: &Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

/// Follows `field` ("next" or "prev", as `param`) from `start` to the end: the ids met in order.
pub(crate) async fn walk(
    app: &TestApp,
    query: &str,
    start: Value,
    field: &str,
    param: &str,
) -> Vec<i64> {
    let mut seen = ids(&start);
    let mut body = start;
    let mut pages = 1;
    while let Some(cursor) = body[field].as_str().map(str::to_owned) {
        let (status, next) = app
            .get_json(
                &format!("/api/v1/products?{query}&per_page=7&{param}={cursor}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{next}");
        seen.extend(ids(&next));
        body = next;
        pages += 1;
        assert!(pages < 200, "the walk ends");
    }
    seen
}

#[tokio::test]
async fn cursor_pages_walk_the_whole_filtered_catalogue_in_every_sort_without_gap_or_repeat() {
    let ProducerApp { app, producer, .. } = signed_out_producer_app().await;
    insert_products(&app, producer, 60).await;
    for filters in ["", "q=safran", "category=nuts", "q=thym&category=spices"] {
        for sort in ["name", "price_asc", "price_desc", "newest"] {
            let query = format!("{filters}&sort={sort}");
            let (_, all) = app
                .get_json(&format!("/api/v1/products?{query}&per_page=100"), None)
                .await;
            let all_ids = ids(&all);
            assert!(all_ids.len() > 7, "{query}: several pages");
            assert_eq!(all["total"], all_ids.len());
            assert_eq!(all["next"], Value::Null, "one page holds them all");
            let (_, first) = app
                .get_json(&format!("/api/v1/products?{query}&per_page=7"), None)
                .await;
            assert_eq!(first["prev"], Value::Null);
            let forwards = walk(&app, &query, first, "next", "after").await;
            assert_eq!(forwards, all_ids, "{query}: forwards, in order, each once");
            // And back from the last page.
            let last_page = all_ids.len().div_ceil(7);
            let (_, last) = app
                .get_json(
                    &format!("/api/v1/products?{query}&per_page=7&page={last_page}"),
                    None,
                )
                .await;
            assert_eq!(last["next"], Value::Null);
            let mut backwards = walk(&app, &query, last, "prev", "before").await;
            // Each page is in order; the pages come last to first.
            let mut pages: Vec<Vec<i64>> = Vec::new();
            let mut rest = all_ids.as_slice();
            while !rest.is_empty() {
                let (head, tail) = rest.split_at(rest.len().min(7));
                pages.push(head.to_vec());
                rest = tail;
            }
            let expected: Vec<i64> = pages.into_iter().rev().flatten().collect();
            assert_eq!(backwards.len(), all_ids.len(), "{query}: backwards");
            assert_eq!(backwards, expected, "{query}: backwards, page by page");
            backwards.sort_unstable();
            backwards.dedup();
            assert_eq!(backwards.len(), all_ids.len());
        }
    }
    // The HTML page links to the next page by cursor, and the link shows the next products.
    let (_, html) = app.page("/catalogue?sort=price_asc&per_page=7").await;
    let next = html
        .split("rel=\"next\"")
        .next()
        .and_then(|s| s.rsplit("href=\"").next())
        .and_then(|s| s.split('"').next())
        .expect("a next link")
        .replace("&amp;", "&");
    assert!(next.contains("after="), "{next}");
    let (status, second) = app.page(&next).await;
    assert_eq!(status, StatusCode::OK);
    assert!(second.contains("rel=\"prev\""));
}

#[tokio::test]
async fn a_forged_cursor_gets_422_in_the_api_and_the_first_page_in_html() {
    let ProducerApp { app, producer, .. } = signed_out_producer_app().await;
    insert_products(&app, producer, 20).await;
    let (_, first) = app
        .get_json("/api/v1/products?per_page=5&sort=name", None)
        .await;
    let name_cursor = first["next"].as_str().unwrap().to_owned();
    for bad in [
        "garbage".to_owned(),
        "WyJuYW1lIiwxMiwxLDFd".to_owned(), // ["name",12,1,1]: a number for a name
        format!("{name_cursor}&sort=price_asc"), // another sort's cursor
        format!("{name_cursor}&before={name_cursor}"),
    ] {
        let res = app
            .get(&format!("/api/v1/products?per_page=5&after={bad}"))
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{bad}"
        );
        let problem: Value = res.json().await.unwrap();
        assert!(
            problem["errors"]["after"].is_array() || problem["errors"]["before"].is_array(),
            "{problem}"
        );
        let (status, html) = app
            .page(&format!("/catalogue?per_page=5&after={bad}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{bad}");
        let sort = if bad.contains("sort=price_asc") {
            "&sort=price_asc"
        } else {
            ""
        };
        let (_, plain) = app.page(&format!("/catalogue?per_page=5{sort}")).await;
        let cards = |h: &str| h.matches("class=\"card product-card\"").count();
        assert_eq!(cards(&html), 5);
        assert_eq!(
            html.split("href=\"/products/").nth(1).map(|s| &s[..8]),
            plain.split("href=\"/products/").nth(1).map(|s| &s[..8]),
            "the first page"
        );
    }
}

#[tokio::test]
async fn past_a_thousand_products_the_count_says_more_than_a_thousand_and_deep_pages_cost_the_same()
{
    let ProducerApp { app, producer, .. } = signed_out_producer_app().await;
    insert_products(&app, producer, 1_050).await;
    let (_, body) = app.get_json("/api/v1/products?per_page=50", None).await;
    assert_eq!(body["total_exact"], false);
    assert_eq!(body["total"], listing::COUNT_LIMIT + 1);
    let (_, fr) = app.page("/catalogue?lang=fr").await;
    assert!(fr.contains("Plus de 1\u{202F}000 produits"), "fr");
    let (_, en) = app.page("/catalogue?lang=en").await;
    assert!(en.contains("More than 1,000 products"), "en");
    let (_, nl) = app.page("/catalogue?lang=nl").await;
    assert!(nl.contains("Meer dan 1.000 producten"), "nl");
    let (_, ar) = app.page("/catalogue?lang=ar").await;
    assert!(ar.contains("أكثر من"), "ar");
    // Under the threshold the count is exact.
    let (_, safran) = app.get_json("/api/v1/products?q=safran", None).await;
    assert_eq!(safran["total_exact"], true);
    assert_eq!(safran["total"], 1_050usize.div_ceil(7));

    // A narrow search not counted yet: one statement counts it and reads its page. Its pages by number (each counted afresh) hold what the cursors walk (counted
    // once), every match once; past the last page, no product and the same count.
    let statements = |app: &TestApp| app.state.metrics.db_queries.get();
    let mut by_number = Vec::new();
    for page in 1..=22 {
        app.state.catalog.invalidate();
        let before = statements(&app);
        let (_, body) = app
            .get_json(
                &format!("/api/v1/products?q=safran&sort=price_desc&per_page=7&page={page}"),
                None,
            )
            .await;
        assert_eq!(statements(&app) - before, 1, "counted and paged at once");
        assert_eq!(body["total"], 150, "page {page}");
        assert_eq!(body["total_exact"], true);
        by_number.extend(ids(&body));
    }
    app.state.catalog.invalidate();
    let (_, first) = app
        .get_json("/api/v1/products?q=safran&sort=price_desc&per_page=7", None)
        .await;
    let walked = walk(&app, "q=safran&sort=price_desc", first, "next", "after").await;
    assert_eq!(by_number, walked);
    let mut unique = by_number.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 150);
    app.state.catalog.invalidate();
    let (status, past) = app
        .get_json("/api/v1/products?q=safran&per_page=7&page=40", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(past["items"].as_array().unwrap().len(), 0);
    assert_eq!(past["total"], 150);
    app.state.catalog.invalidate();
    let before = statements(&app);
    let (_, none) = app.get_json("/api/v1/products?q=zzzqx", None).await;
    assert_eq!(none["total"], 0);
    assert_eq!(
        statements(&app) - before,
        1,
        "nothing matches: one statement says so"
    );

    // A word in every product ("lot": more than 1,000 matches, read by walking the sort
    // order's index): the pages by cursor hold every match once, in order.
    for sort in ["name", "price_desc", "newest"] {
        let mut expected = Vec::new();
        for page in 1..=11 {
            let (_, body) = app
                .get_json(
                    &format!("/api/v1/products?q=lot&sort={sort}&per_page=100&page={page}"),
                    None,
                )
                .await;
            expected.extend(ids(&body));
        }
        assert_eq!(expected.len(), 1_050, "{sort}");
        let (_, first) = app
            .get_json(
                &format!("/api/v1/products?q=lot&sort={sort}&per_page=7"),
                None,
            )
            .await;
        assert_eq!(first["total_exact"], false);
        let walked = walk(&app, &format!("q=lot&sort={sort}"), first, "next", "after").await;
        assert_eq!(walked, expected, "{sort}");
    }

    // The same statements for page 1 and for page 20 reached by cursor; the count is not
    // repeated from one page to the next.
    let queries = |app: &TestApp| app.state.metrics.db_queries.get();
    let mut cursor = body["next"].as_str().unwrap().to_owned();
    for _ in 0..18 {
        let (_, next) = app
            .get_json(
                &format!("/api/v1/products?per_page=50&after={cursor}"),
                None,
            )
            .await;
        cursor = next["next"].as_str().unwrap().to_owned();
    }
    app.state.catalog.invalidate();
    let before = queries(&app);
    app.get_json("/api/v1/products?per_page=50", None).await;
    let first = queries(&app) - before;
    assert_eq!(
        first, 2,
        "the count, then the page with its producers, partnerships and photos"
    );
    app.state.catalog.invalidate();
    let before = queries(&app);
    let (_, deep) = app
        .get_json(
            &format!("/api/v1/products?per_page=50&after={cursor}"),
            None,
        )
        .await;
    assert_eq!(deep["page"], 20);
    assert_eq!(deep["items"].as_array().unwrap().len(), 50);
    assert_eq!(queries(&app) - before, first, "page 20 as page 1");
    let before = queries(&app);
    let next = deep["next"].as_str().unwrap();
    app.get_json(&format!("/api/v1/products?per_page=50&after={next}"), None)
        .await;
    assert_eq!(
        queries(&app) - before,
        first - 1,
        "counted once per filters"
    );
}

#[tokio::test]
async fn postgres_searches_read_the_gin_index_of_the_stored_search_words() {
    let ProducerApp { app, producer, .. } = signed_out_producer_app().await;
    if app.db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    insert_products(&app, producer, 3_000).await;
    app.db.execute_unprepared("ANALYZE").await.unwrap();
    for (q, filters) in [
        ("safran", ""),
        ("safran", "category"),
        ("thym lot", "partnership"),
        ("safran", "label"),
    ] {
        for sort in ["name", "price_asc", "price_desc", "newest"] {
            let query = CatalogQuery {
                q: q.into(),
                sort: sort.into(),
                category: if filters == "category" {
                    "nuts".into()
                } else {
                    String::new()
                },
                partnership: if filters == "partnership" {
                    "jette-sidi-bibi".into()
                } else {
                    String::new()
                },
                label: if filters == "label" {
                    "organic".into()
                } else {
                    String::new()
                },
                ..Default::default()
            };
            // Up to 1,000 matches (and the count): from the GIN index. More ("dense"): the
            // planner may walk a sort index, testing the stored words, never `to_tsvector`.
            let page = |dense| {
                listing::page_statement(
                    DbBackend::Postgres,
                    &query,
                    &Position::Page(1),
                    24,
                    false,
                    dense,
                )
            };
            for (statement, gin) in [
                (page(false), true),
                (listing::count_statement(DbBackend::Postgres, &query), true),
                (page(true), false),
            ] {
                let plan = plan_of(&app, statement).await;
                assert!(
                    !gin || plan.contains("ix_products_terms_tsv"),
                    "{q} {filters} {sort}: {plan}"
                );
                assert!(!plan.contains("to_tsvector"), "{plan}");
            }
        }
    }
}

/// SQLite: every statement of the catalogue reads an index chosen for it, never the whole
/// table: counts the index by producer and category, narrow pages the same with the sort keys
/// (or the FTS5 matches of the words and category),
/// dense pages the sort order's index, which carries what the filters test.
#[tokio::test]
async fn sqlite_reads_the_catalogue_from_the_index_each_filter_calls_for() {
    let ProducerApp { app, producer, .. } = signed_out_producer_app().await;
    if app.db.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    insert_products(&app, producer, 300).await;
    for (q, category, partnership) in [
        ("", "", ""),
        ("", "nuts", ""),
        ("", "nuts", "jette-sidi-bibi"),
        ("safran", "", ""),
        ("safran", "nuts", ""),
        ("thym lot", "", "jette-sidi-bibi"),
    ] {
        for sort in ["name", "price_asc", "price_desc", "newest"] {
            let query = CatalogQuery {
                q: q.into(),
                sort: sort.into(),
                category: category.into(),
                partnership: partnership.into(),
                ..Default::default()
            };
            let walk = match sort {
                "name" => "ix_products_walk_name",
                "newest" => "ix_products_walk_newest",
                _ => "ix_products_walk_price",
            };
            let page = |dense| {
                listing::page_statement(
                    DbBackend::Sqlite,
                    &query,
                    &Position::Page(2),
                    24,
                    false,
                    dense,
                )
            };
            let (narrow, count_index) = if q.is_empty() {
                (
                    "COVERING INDEX ix_products_listed_cover",
                    "ix_products_listed_producer",
                )
            } else {
                ("product_terms", "product_terms")
            };
            let mut statements = vec![
                (
                    "count",
                    listing::count_statement(DbBackend::Sqlite, &query),
                    count_index,
                ),
                ("narrow page", page(false), narrow),
                ("dense page", page(true), walk),
            ];
            if listing::counts_with_page(&query) {
                let counted = listing::counted_page_statement(
                    DbBackend::Sqlite,
                    &query,
                    &Position::Page(2),
                    24,
                    false,
                );
                statements.push(("counted page", counted, narrow));
            }
            for (what, statement, index) in statements {
                let plan = plan_of(&app, statement).await;
                let context =
                    format!("{what}, q={q:?} category={category:?} {partnership:?} {sort}");
                assert!(plan.contains(index), "{context}: {plan}");
                assert!(
                    !plan.lines().any(|l| l.trim() == "SCAN products"),
                    "{context}: the whole table read: {plan}"
                );
            }
        }
    }
}
