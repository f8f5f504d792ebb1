use sea_orm::entity::prelude::*;

/// A person travelling on a booking.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "travellers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub booking_id: crate::BookingId,
    pub name: String,
    pub position: i32,
}

impl ActiveModelBehavior for ActiveModel {}
