use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "network_memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub network_id: i64,
    pub territory_id: i64,
    pub joined_year: Option<i32>,
    pub created_at: DateTimeUtc,
    #[sea_orm(belongs_to, from = "network_id", to = "id")]
    pub network: BelongsTo<super::network::Entity>,
    #[sea_orm(belongs_to, from = "territory_id", to = "id")]
    pub territory: BelongsTo<super::territory::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
