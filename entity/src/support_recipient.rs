use sea_orm::entity::prelude::*;

/// A territory a support request went to, and why (its partner, or its declared expertise).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "support_recipients")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    pub territory_id: i64,
    /// partner or expertise.
    pub reason: String,
    /// Nobody at the territory had an account when the request was posted: the network's
    /// administrators were emailed instead, to pass it on.
    pub relayed: bool,
}

impl ActiveModelBehavior for ActiveModel {}
