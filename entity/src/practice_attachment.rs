use sea_orm::entity::prelude::*;

/// A PDF attached to a practice sheet, stored as `<data dir>/attachments/<file_key>.pdf`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub sheet_id: i64,
    /// SHA-256 of the content, hex.
    pub file_key: String,
    pub filename: String,
    pub size_bytes: i64,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
