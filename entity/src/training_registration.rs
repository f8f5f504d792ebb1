use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::trip::Texts;

crate::stored_enum! {
/// Where a territory's registration for a training stands. Stored as its snake_case name.
pub enum RegistrationStatus {
    /// The participants have their places.
    Registered,
    /// The training is full: in line for places that free up.
    Waiting,
    /// Cancelled, left or declined; its places are free again.
    Cancelled,
}
}

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
    pub status: RegistrationStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
