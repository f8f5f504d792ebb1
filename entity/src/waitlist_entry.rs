use sea_orm::entity::prelude::*;

use crate::trip::Texts;

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
    /// The travellers' names.
    pub travellers: Texts,
    pub contact_email: String,
    /// waiting, offered (places held for them: `booking_id`) or withdrawn.
    pub status: String,
    pub booking_id: Option<i64>,
    /// The community fund project the party chose to support.
    pub fund_project_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
