use crate::cents::Cents;
use sea_orm::entity::prelude::*;

use crate::I18nText;

/// A product offered in a campaign, with its terms as they were when the campaign was made,
/// and what was ordered, confirmed by the producer and delivered.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: crate::CampaignId,
    pub product_id: crate::ProductId,
    pub producer_id: crate::ProducerId,
    pub name: I18nText,
    /// The product's unit when the campaign was made, in the reference language.
    pub unit: String,
    /// The same unit per language (empty for campaigns made before units were translated).
    pub unit_i18n: I18nText,
    pub case_size: i32,
    pub min_cases: i32,
    pub weight_grams: i32,
    pub price_cents: Cents,
    pub vat_rate_bp: i32,
    pub stock: Option<i32>,
    pub ordered_cases: i32,
    pub ordered_units: i32,
    /// Units the producer can supply (none: not answered yet).
    pub confirmed_units: Option<i32>,
    /// Units that arrived in good condition (none: not delivered yet).
    pub delivered_units: Option<i32>,
    /// minimum or stock, when the cases ordered were limited.
    pub limited_by: Option<String>,
}

impl Model {
    /// The unit in `lang`, else in the reference language.
    pub fn unit_in(&self, lang: &str) -> &str {
        crate::i18n_text::pick_or(&self.unit_i18n, lang, &self.unit)
    }
}

impl ActiveModelBehavior for ActiveModel {}
