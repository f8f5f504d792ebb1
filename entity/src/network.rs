use sea_orm::entity::prelude::*;

use crate::I18nText;

/// A network of territories, such as TOGETHER.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "networks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub founded_year: Option<i32>,
    pub description: I18nText,
    pub created_at: DateTimeUtc,
    #[sea_orm(has_many)]
    pub memberships: HasMany<super::network_membership::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
