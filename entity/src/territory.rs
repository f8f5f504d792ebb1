use sea_orm::entity::prelude::*;

use crate::I18nText;

/// A municipality or area (a town, a province, a multi-stakeholder platform).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "territories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    /// ISO 3166-1 alpha-2 (BE, MA, TN, CH ...).
    pub country: String,
    pub region: String,
    /// municipality, province, platform or organisation.
    pub kind: String,
    /// A territory of co-responsibility (SPIRAL, Wallonia's PCS ...).
    pub coresponsibility: bool,
    pub description: I18nText,
    pub website: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
