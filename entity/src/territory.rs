use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::I18nText;

crate::stored_enum! {
/// What kind of place or body a territory is. Stored as its snake_case name.
pub enum TerritoryKind {
    /// A town or commune.
    Municipality,
    /// A province or region.
    Province,
    /// A multi-stakeholder platform.
    Platform,
    /// An organisation acting for an area.
    Organisation,
}
}

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
    pub kind: TerritoryKind,
    /// A territory of co-responsibility (SPIRAL, Wallonia's PCS ...).
    pub coresponsibility: bool,
    pub description: I18nText,
    pub website: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
