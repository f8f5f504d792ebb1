use sea_orm::entity::prelude::*;

/// A browser session kept on the server. The cookie holds a random key; `id` is its SHA-256,
/// so the table alone does not let anyone take a session over.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The signed-in account, none for a visitor (who may still hold a CSRF token or messages).
    pub user_id: Option<i64>,
    /// The session's values as a JSON object of strings.
    pub data: String,
    pub created_at: DateTimeUtc,
    /// Written at most once a minute.
    pub last_seen_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
