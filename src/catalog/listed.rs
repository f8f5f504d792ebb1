//! What the catalogue's lists hold: each product with only what its card and its API item
//! show (not every translation of every description, nor the search words), its producer and
//! partnership as the card names them, and a page of them with its count and cursors.

use entity::{partnership, producer, product};
use sea_orm::FromQueryResult;

use super::cursor::{Cursor, Key, Sort};
use super::domain;

/// What a card and an API item show of a product: not its search words, and its description
/// (every language) only when asked (the API shows it, the cards do not).
#[derive(Clone, Debug, FromQueryResult)]
pub struct ListedProduct {
    pub id: entity::ProductId,
    pub producer_id: entity::ProducerId,
    pub name: entity::I18nText,
    pub description: Option<entity::I18nText>,
    pub sort_name: String,
    pub category: String,
    pub unit: String,
    pub unit_i18n: entity::I18nText,
    pub case_size: i32,
    pub min_cases: i32,
    pub weight_grams: i32,
    pub price_cents: entity::Cents,
    pub vat_rate_bp: i32,
    pub stock: Option<i32>,
    pub hs_code: Option<String>,
    pub case_tare_grams: Option<i32>,
    pub originating: bool,
    pub archived_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl ListedProduct {
    /// The unit in `lang`, else in the reference language.
    pub fn unit_in(&self, lang: &str) -> &str {
        entity::i18n_text::pick_or(&self.unit_i18n, lang, &self.unit)
    }

    /// The description in `lang` (empty when it was not read).
    pub fn description_in(&self, lang: &str) -> &str {
        self.description.as_ref().map_or("", |d| d.pick(lang))
    }

    /// Its place in `sort`.
    pub(super) fn key(&self, sort: Sort) -> Key {
        match sort {
            Sort::Name => Key::Name(self.sort_name.clone()),
            Sort::PriceAsc | Sort::PriceDesc => Key::Price(self.price_cents.get()),
            Sort::Newest => Key::Newest(self.created_at),
        }
    }
}

impl From<&product::Model> for ListedProduct {
    fn from(p: &product::Model) -> Self {
        ListedProduct {
            id: p.id,
            producer_id: p.producer_id,
            name: p.name.clone(),
            description: Some(p.description.clone()),
            sort_name: p.sort_name.clone(),
            category: p.category.clone(),
            unit: p.unit.clone(),
            unit_i18n: p.unit_i18n.clone(),
            case_size: p.case_size,
            min_cases: p.min_cases,
            weight_grams: p.weight_grams,
            price_cents: p.price_cents,
            vat_rate_bp: p.vat_rate_bp,
            stock: p.stock,
            hs_code: p.hs_code.clone(),
            case_tare_grams: p.case_tare_grams,
            originating: p.originating,
            archived_at: p.archived_at,
            created_at: p.created_at,
        }
    }
}

/// What a card shows of a producer.
#[derive(Clone, Debug)]
pub struct ListedProducer {
    pub id: entity::ProducerId,
    pub slug: String,
    pub name: String,
    pub women_led: bool,
    pub labels: Vec<String>,
}

/// What a card shows of a partnership, and how its prices split.
#[derive(Clone, Debug)]
pub struct ListedPartnership {
    pub slug: String,
    pub name: String,
    pub transport_bp: i32,
    pub costs_bp: i32,
    pub fund_bp: i32,
}

impl From<&producer::Model> for ListedProducer {
    fn from(p: &producer::Model) -> Self {
        ListedProducer {
            id: p.id,
            slug: p.slug.clone(),
            name: p.name.clone(),
            women_led: p.women_led,
            labels: p.labels.0.clone(),
        }
    }
}

impl From<&partnership::Model> for ListedPartnership {
    fn from(p: &partnership::Model) -> Self {
        ListedPartnership {
            slug: p.slug.clone(),
            name: p.name.clone(),
            transport_bp: p.transport_bp,
            costs_bp: p.costs_bp,
            fund_bp: p.fund_bp,
        }
    }
}

/// One product of the catalogue with what its card shows.
#[derive(Clone, Debug)]
pub struct CatalogItem {
    pub product: ListedProduct,
    pub producer: ListedProducer,
    pub partnership: ListedPartnership,
    /// The first photo's file key.
    pub photo: Option<String>,
}

impl CatalogItem {
    pub fn breakdown(&self) -> domain::PriceBreakdown {
        domain::price_breakdown(
            self.product.price_cents,
            self.product.vat_rate_bp,
            self.partnership.transport_bp,
            self.partnership.costs_bp,
            self.partnership.fund_bp,
        )
    }
}

/// How many products the filters keep: exact up to [`COUNT_LIMIT`]; past it, at least
/// `COUNT_LIMIT + 1` and `exact` is false (the page says "more than 1,000").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Total {
    pub n: u64,
    pub exact: bool,
}

/// One page of the catalogue, the products matching and the cursors of its neighbours.
#[derive(Clone, Debug)]
pub struct CataloguePage {
    pub items: Vec<CatalogItem>,
    pub total: Total,
    /// The page's number (from the first page, or carried by the cursor followed).
    pub page: u64,
    /// The cursor of the page before (`before=`), none on the first page.
    pub prev: Option<Cursor>,
    /// The cursor of the page after (`after=`), none on the last page.
    pub next: Option<Cursor>,
}
