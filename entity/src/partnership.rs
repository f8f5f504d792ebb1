use sea_orm::entity::prelude::*;

use serde::{Deserialize, Serialize};

use crate::I18nText;

crate::stored_enum! {
/// How a carrier's invoice is shared among the campaigns of a shipment. Stored as its
/// snake_case name.
pub enum TransportBasis {
    /// By the gross weight of each campaign's goods.
    Weight,
    /// By the declared value of each campaign's goods.
    Value,
}
}

crate::stored_enum! {
/// Who takes the difference between the real transport cost and a campaign's estimate. Stored
/// as its snake_case name.
pub enum TransportDifference {
    /// The members pay the real cost: their requests ask more, or less (refunded).
    Members,
    /// The estimate is final: the partnership's costs take the difference.
    Partnership,
}
}

/// A Belgian territory paired with a partner territory.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partnerships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::PartnershipId,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub belgian_territory_id: i64,
    pub partner_territory_id: i64,
    /// Year the partnership was signed.
    pub since_year: i32,
    pub pillar_practices: bool,
    pub pillar_tourism: bool,
    pub pillar_trade: bool,
    /// An example pairing rather than a signed partnership.
    pub illustrative: bool,
    pub description: I18nText,
    /// What the Belgian side brings.
    pub belgian_offers: I18nText,
    /// What the partner side brings.
    pub partner_offers: I18nText,
    /// Shares of the price (VAT excluded) for transport, group and platform costs, and the
    /// community fund, in basis points; the producer gets the rest.
    pub transport_bp: i32,
    pub costs_bp: i32,
    pub fund_bp: i32,
    /// How a carrier's invoice is shared among a shipment's campaigns.
    pub transport_basis: TransportBasis,
    /// Who takes the difference between the real transport cost and the estimate.
    pub transport_difference: TransportDifference,
    /// The account that receives transfers for this partnership.
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub account_name: Option<String>,
    /// The data controller: the municipality or association answerable for personal data.
    pub controller_name: String,
    /// How to reach the controller (an email address or a postal address).
    pub controller_contact: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    #[sea_orm(
        belongs_to,
        relation_enum = "BelgianTerritory",
        from = "belgian_territory_id",
        to = "id"
    )]
    pub belgian_territory: BelongsTo<super::territory::Entity>,
    #[sea_orm(
        belongs_to,
        relation_enum = "PartnerTerritory",
        from = "partner_territory_id",
        to = "id"
    )]
    pub partner_territory: BelongsTo<super::territory::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
