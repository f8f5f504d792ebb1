use sea_orm::FromJsonQueryResult;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::I18nText;

/// The programme, one entry per day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Programme(pub Vec<I18nText>);

/// A list of short texts (language codes spoken on a trip, travellers' names).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Texts(pub Vec<String>);

crate::stored_enum! {
/// Whether a trip is shown to travellers. Stored as its snake_case name.
pub enum TripStatus {
    /// Being written: only its organisers see it.
    Draft,
    /// Listed in the public catalogue.
    Published,
}
}

/// A solidarity stay hosted in a partner territory.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trips")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::TripId,
    #[sea_orm(unique)]
    pub slug: String,
    pub partnership_id: crate::PartnershipId,
    pub territory_id: i64,
    pub title: I18nText,
    pub description: I18nText,
    pub programme: Programme,
    pub included: I18nText,
    pub not_included: I18nText,
    pub pre_departure: I18nText,
    pub languages: Texts,
    #[sea_orm(column_type = "Text")]
    pub accessibility: String,
    pub min_group: i32,
    pub max_group: i32,
    pub status: TripStatus,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
