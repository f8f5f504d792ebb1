use crate::cents::Cents;
use sea_orm::entity::prelude::*;

use crate::I18nText;

/// Something a producer sells, by the unit, ordered by the case.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::ProductId,
    pub producer_id: crate::ProducerId,
    pub name: I18nText,
    pub description: I18nText,
    /// Lower-case name without accents, for sorting.
    pub sort_name: String,
    pub category: String,
    /// What one unit is ("250 ml bottle"), in the reference language (French, else the first
    /// written): kept for readers that do not know `unit_i18n`.
    pub unit: String,
    /// What one unit is, per language (`{"fr": "bouteille de 250 ml", "ar": "زجاجة 250 مل"}`).
    pub unit_i18n: I18nText,
    /// Units per case.
    pub case_size: i32,
    /// Cases the producer needs per campaign at least.
    pub min_cases: i32,
    /// Weight of one unit, to split transport.
    pub weight_grams: i32,
    /// Consumer price of one unit, VAT included.
    pub price_cents: Cents,
    /// Belgian VAT: 600, 1200 or 2100 basis points.
    pub vat_rate_bp: i32,
    /// Units in stock; none means made to order.
    pub stock: Option<i32>,
    /// Customs code (HS, 6 to 10 digits), for the shipments' papers.
    pub hs_code: Option<String>,
    /// Packaging weight of one case (box, padding), for a shipment's gross weight.
    pub case_tare_grams: Option<i32>,
    /// Of preferential origin (wholly obtained or sufficiently processed in the partner
    /// country): counted in the value an origin declaration covers.
    pub originating: bool,
    /// Names, descriptions and the producer's name, normalised for full-text search.
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    pub archived_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    #[sea_orm(belongs_to, from = "producer_id", to = "id")]
    pub producer: BelongsTo<super::producer::Entity>,
}

impl Model {
    /// The unit in `lang`, else in the reference language.
    pub fn unit_in(&self, lang: &str) -> &str {
        crate::i18n_text::pick_or(&self.unit_i18n, lang, &self.unit)
    }
}

impl ActiveModelBehavior for ActiveModel {}
