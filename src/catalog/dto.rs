//! The catalogue's JSON shapes: producers and products as the API returns them.

use entity::producer::{ProducerKind, ProducerStatus};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

use super::domain::PriceBreakdown;
use super::service::{CatalogItem, ProducerFull};
use crate::money::Cents;
use crate::web::i18n::Lang;

#[derive(Serialize, ToSchema)]
pub struct Ref {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProducerDto {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// cooperative, association or family_business.
    #[schema(value_type = String)]
    pub kind: ProducerKind,
    /// pending, approved or rejected.
    #[schema(value_type = String)]
    pub status: ProducerStatus,
    pub review_note: Option<String>,
    pub partnership: Ref,
    pub territory: Ref,
    pub description: BTreeMap<String, String>,
    pub odco_number: Option<String>,
    pub women_led: bool,
    pub labels: Vec<String>,
}

impl From<&ProducerFull> for ProducerDto {
    fn from(f: &ProducerFull) -> Self {
        let p = &f.producer;
        ProducerDto {
            id: p.id.get(),
            slug: p.slug.clone(),
            name: p.name.clone(),
            kind: p.kind,
            status: p.status,
            review_note: p.review_note.clone(),
            partnership: Ref {
                id: f.partnership.id.get(),
                slug: f.partnership.slug.clone(),
                name: f.partnership.name.clone(),
            },
            territory: Ref {
                id: f.territory.id,
                slug: f.territory.slug.clone(),
                name: f.territory.name.clone(),
            },
            description: p.description.0.clone(),
            odco_number: p.odco_number.clone(),
            women_led: p.women_led,
            labels: p.labels.0.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProducerRef {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub women_led: bool,
    pub labels: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PartnershipRef {
    pub slug: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProductDto {
    pub id: i64,
    /// In the language asked for (`?lang=` or Accept-Language), else French.
    pub name: String,
    pub description: String,
    pub name_i18n: BTreeMap<String, String>,
    pub description_i18n: BTreeMap<String, String>,
    pub category: String,
    /// What one unit is, in the language asked for, else French.
    pub unit: String,
    /// What one unit is, per language written.
    pub unit_i18n: BTreeMap<String, String>,
    pub case_size: i32,
    pub min_cases: i32,
    pub weight_grams: i32,
    /// Consumer price of one unit, VAT included.
    #[schema(value_type = i64)]
    pub price_cents: Cents,
    pub vat_rate_bp: i32,
    /// null: made to order.
    pub stock: Option<i32>,
    /// Customs code (HS), 6 to 10 digits; null: not given.
    pub hs_code: Option<String>,
    /// Packaging weight of one case in grams; null: not given.
    pub case_tare_grams: Option<i32>,
    /// Of Moroccan or Tunisian preferential origin.
    pub originating: bool,
    pub archived: bool,
    pub producer: ProducerRef,
    pub partnership: PartnershipRef,
    pub price_breakdown: PriceBreakdown,
    /// URL of the first photo's thumbnail, if any.
    pub photo: Option<String>,
}

impl ProductDto {
    pub fn new(i: &CatalogItem, lang: Lang) -> Self {
        let p = &i.product;
        ProductDto {
            id: p.id.get(),
            name: p.name.pick(lang.code()).to_owned(),
            description: p.description_in(lang.code()).to_owned(),
            name_i18n: p.name.0.clone(),
            description_i18n: p
                .description
                .as_ref()
                .map(|d| d.0.clone())
                .unwrap_or_default(),
            category: p.category.clone(),
            unit: p.unit_in(lang.code()).to_owned(),
            unit_i18n: if p.unit_i18n.is_empty() {
                [("fr".to_owned(), p.unit.clone())].into()
            } else {
                p.unit_i18n.0.clone()
            },
            case_size: p.case_size,
            min_cases: p.min_cases,
            weight_grams: p.weight_grams,
            price_cents: p.price_cents,
            vat_rate_bp: p.vat_rate_bp,
            stock: p.stock,
            hs_code: p.hs_code.clone(),
            case_tare_grams: p.case_tare_grams,
            originating: p.originating,
            archived: p.archived_at.is_some(),
            producer: ProducerRef {
                id: i.producer.id.get(),
                slug: i.producer.slug.clone(),
                name: i.producer.name.clone(),
                women_led: i.producer.women_led,
                labels: i.producer.labels.clone(),
            },
            partnership: PartnershipRef {
                slug: i.partnership.slug.clone(),
                name: i.partnership.name.clone(),
            },
            price_breakdown: i.breakdown(),
            photo: i.photo.as_ref().map(|k| format!("/photos/{k}-thumb.jpg")),
        }
    }
}
