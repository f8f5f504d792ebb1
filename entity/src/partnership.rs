use sea_orm::entity::prelude::*;

use crate::I18nText;

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
    /// The account that receives transfers for this partnership.
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub account_name: Option<String>,
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
