//! SQLite runs each statement prepared once (issue 19): a statement run again with other
//! values is not compiled again.

use passerelle::catalog::cursor::Position;
use passerelle::catalog::listing;
use passerelle::catalog::service::CatalogQuery;
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, Statement};

use crate::builders::{ProducerApp, signed_out_producer_app};
use crate::catalog_paging::{ids, insert_products};

/// SQLite: a statement run again with other values is not prepared again. SQLite reads the
/// value bound to a `LIMIT ?` while planning, and binding it again expired the statement: every
/// listing page, and every `.one()` of sea-orm, was prepared anew at each run. The listing
/// writes its limits out and the bundled SQLite keeps its plans whatever is bound
/// (`SQLITE_ENABLE_QPSG`); `sqlite_stmt` counts each cached statement's runs and re-prepares.
#[tokio::test]
async fn sqlite_prepares_each_statement_once() {
    let ProducerApp { app, producer, .. } = signed_out_producer_app().await;
    if app.db.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    insert_products(&app, producer, 30).await;
    // One connection, so the statements below are all in its cache.
    let db = passerelle::db::connect_url(&app.config.database_url, 1)
        .await
        .unwrap();
    let some: Vec<i64> = ids(&app.get_json("/api/v1/products?per_page=3", None).await.1);
    assert_eq!(some.len(), 3);
    for category in ["nuts", "spices", "nuts"] {
        let query = CatalogQuery {
            category: category.into(),
            ..Default::default()
        };
        for statement in [
            listing::count_statement(DbBackend::Sqlite, &query),
            listing::page_statement(
                DbBackend::Sqlite,
                &query,
                &Position::Page(1),
                24,
                false,
                false,
            ),
        ] {
            assert!(!db.query_all_raw(statement).await.unwrap().is_empty());
        }
    }
    for id in &some {
        let found = entity::product::Entity::find_by_id(entity::ProductId(*id))
            .one(&db)
            .await
            .unwrap();
        assert_eq!(found.map(|p| p.id.get()), Some(*id));
    }
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT sql, run, reprep FROM sqlite_stmt WHERE sql NOT LIKE '%sqlite_stmt%'",
        ))
        .await
        .unwrap();
    let stats: Vec<(String, i64, i64)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get("", "sql").unwrap(),
                r.try_get("", "run").unwrap(),
                r.try_get("", "reprep").unwrap(),
            )
        })
        .collect();
    let runs_of = |part: &str| {
        stats
            .iter()
            .filter(|(sql, ..)| sql.contains(part))
            .map(|(_, run, _)| *run)
            .sum::<i64>()
    };
    assert!(runs_of("AS upto") >= 3, "{stats:?}");
    assert!(runs_of("FROM \"products\" WHERE") >= 3, "{stats:?}");
    for (sql, _, reprep) in &stats {
        assert_eq!(*reprep, 0, "prepared again: {sql}");
    }
}
