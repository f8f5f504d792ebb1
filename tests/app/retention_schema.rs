//! Deleting an account never confirmed must not cascade into what it owns: every table that
//! names accounts (a foreign key to `users`, or a column such as `user_id` or `created_by`) is
//! either checked before the deletion or deleted with the account. Read from the live schema,
//! so a table added later without being listed fails here.

use passerelle::accounts::unverified::{GOES_WITH, OWNING};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::helpers::TestApp;

/// Columns whose name looks like an account's but that hold something else.
const NOT_ACCOUNTS: &[(&str, &str)] = &[
    ("jobs", "locked_by"),
    ("outbox_messages", "locked_by"),
    ("campaign_products", "limited_by"),
];

async fn pairs(app: &TestApp, sql: &str) -> Vec<(String, String)> {
    let backend = app.db.get_database_backend();
    app.db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .expect("the schema query")
        .into_iter()
        .map(|r| {
            (
                r.try_get::<String>("", "t").unwrap(),
                r.try_get::<String>("", "c").unwrap(),
            )
        })
        .collect()
}

/// Every (table, column) that names accounts in the live schema: a foreign key to `users`, or
/// a column named like one (`user_id`, `author_id`, `payer_user_id`, `..._by`), except
/// [`NOT_ACCOUNTS`].
pub async fn naming_accounts(app: &TestApp) -> Vec<(String, String)> {
    let by_name = "(c LIKE '%\\_by' ESCAPE '\\' OR c IN ('user_id', 'author_id', 'payer_user_id'))";
    let (keys, columns) = match app.db.get_database_backend() {
        DbBackend::Sqlite => (
            "SELECT m.name AS t, f.\"from\" AS c FROM sqlite_master m \
             JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f.\"table\" = 'users'"
                .to_owned(),
            format!(
                "SELECT t, c FROM (SELECT m.name AS t, i.name AS c FROM sqlite_master m \
                 JOIN pragma_table_info(m.name) i WHERE m.type = 'table') WHERE {by_name}"
            ),
        ),
        _ => (
            "SELECT k.table_name::text AS t, k.column_name::text AS c \
             FROM information_schema.referential_constraints r \
             JOIN information_schema.key_column_usage k ON k.constraint_name = r.constraint_name \
             JOIN information_schema.constraint_column_usage u ON u.constraint_name = r.unique_constraint_name \
             WHERE u.table_name = 'users' AND k.table_schema = current_schema()"
                .to_owned(),
            format!(
                "SELECT t, c FROM (SELECT table_name::text AS t, column_name::text AS c \
                 FROM information_schema.columns WHERE table_schema = current_schema()) x \
                 WHERE {by_name}"
            ),
        ),
    };
    let keys = pairs(app, &keys).await;
    assert!(
        keys.contains(&("bookings".into(), "user_id".into())),
        "the foreign keys are read: {keys:?}"
    );
    let mut all: Vec<(String, String)> = keys
        .into_iter()
        .chain(pairs(app, &columns).await)
        .filter(|(t, c)| !NOT_ACCOUNTS.iter().any(|(lt, lc)| lt == t && lc == c))
        .collect();
    all.sort();
    all.dedup();
    all
}

/// Whether (table, column) is in `list`.
pub fn listed(list: &[(&str, &str)], (t, c): &(String, String)) -> bool {
    list.iter().any(|(lt, lc)| lt == t && lc == c)
}

#[tokio::test]
async fn retention_knows_every_table_that_names_an_account() {
    let app = TestApp::spawn().await;
    let mut unknown: Vec<(String, String)> = naming_accounts(&app)
        .await
        .into_iter()
        .filter(|p| !listed(OWNING, p) && !listed(GOES_WITH, p))
        .collect();
    unknown.sort();
    unknown.dedup();
    assert!(
        unknown.is_empty(),
        "tables naming accounts that the deletion of unconfirmed accounts does not know: {unknown:?}"
    );
}
