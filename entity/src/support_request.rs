use sea_orm::entity::prelude::*;

/// A territory asking the network for help on a topic.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "support_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub territory_id: i64,
    pub topic: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub need: String,
    pub deadline: Option<Date>,
    /// open or resolved.
    pub status: String,
    /// The practice sheet that came out of it.
    pub practice_sheet_id: Option<i64>,
    pub created_by: Option<i64>,
    pub resolved_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
