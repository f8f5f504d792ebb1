use sea_orm::entity::prelude::*;

/// Where a group's members collect their goods.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pickup_points")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: crate::GroupId,
    pub name: String,
    pub address: String,
    pub opening_hours: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
