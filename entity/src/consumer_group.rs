use sea_orm::entity::prelude::*;

/// A Belgian buying group (GASAP / GAC) of a partnership, with its pickup points.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consumer_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::GroupId,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub partnership_id: crate::PartnershipId,
    /// The Belgian territory the group is in.
    pub territory_id: i64,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// The group's own account for members' transfers; the partnership's when none.
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub account_name: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    #[sea_orm(belongs_to, from = "partnership_id", to = "id")]
    pub partnership: BelongsTo<super::partnership::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
