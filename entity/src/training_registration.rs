use sea_orm::entity::prelude::*;

use crate::trip::Texts;

/// The participants a territory registers for a training.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_registrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub training_id: i64,
    pub territory_id: i64,
    pub user_id: i64,
    pub participants: Texts,
    pub seats: i32,
    /// registered, waiting or cancelled.
    pub status: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
