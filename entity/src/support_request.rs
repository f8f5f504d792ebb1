use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// Where a support request stands. Stored as its snake_case name.
pub enum SupportStatus {
    /// Asking: those it reached may answer in its thread.
    Open,
    /// Resolved by the requester, perhaps with the practice sheet that came out of it.
    Resolved,
    /// The requester no longer needs help (final, like resolved).
    Withdrawn,
}
}

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
    pub status: SupportStatus,
    /// The practice sheet that came out of it.
    pub practice_sheet_id: Option<i64>,
    pub created_by: Option<i64>,
    pub resolved_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
