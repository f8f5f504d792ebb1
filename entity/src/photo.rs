use sea_orm::entity::prelude::*;

/// A photo of a producer, a product, a stay or a fund project: decoded, re-encoded and stored
/// under the data dir as `<file_key>-display.jpg` and `<file_key>-thumb.jpg` (the app's `media`).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "photos")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// producer, product, trip or fund_project (`media::OwnerKind`).
    pub owner_type: String,
    pub owner_id: i64,
    pub file_key: String,
    pub width: i32,
    pub height: i32,
    pub position: i32,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
