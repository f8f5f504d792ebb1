use sea_orm::entity::prelude::*;

/// What a product category needs to leave its country: data coordinators and admins edit.
/// A category without a row needs no certificate.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "category_rules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub category: String,
    pub needs_health_certificate: bool,
    pub needs_phytosanitary: bool,
    pub note: String,
    pub updated_by: Option<i64>,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
