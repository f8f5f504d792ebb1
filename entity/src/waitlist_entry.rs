use sea_orm::entity::prelude::*;

/// A family or group waiting for `seats` places on a full departure.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "waitlist_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub departure_id: i64,
    pub user_id: i64,
    pub seats: i32,
    /// waiting, offered, booked, expired or withdrawn.
    pub status: String,
    pub offer_token_hash: Option<String>,
    pub offer_expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
