//! The catalogue pages' data, in the visitor's language.

use crate::money::Cents;
use std::collections::BTreeMap;

use entity::producer::{ProducerKind, ProducerStatus};
use sea_orm::{ActiveEnum, Iterable};
use serde::Serialize;

use super::approval::{self, Gap, Responsible};
use super::domain::{CATEGORIES, LABELS, PriceBreakdown, VAT_RATES};
use super::input::{ProducerForm, ProductForm};
use super::service::CatalogItem;
use crate::security::{AuthUser, Role};
use crate::web::choice::Choice;
use crate::web::i18n::{Lang, translate};

#[derive(Serialize)]
pub struct ProductCard {
    pub id: entity::ProductId,
    pub name: String,
    pub unit: String,
    pub case_size: i32,
    pub price_cents: Cents,
    pub category: String,
    pub producer_name: String,
    pub producer_slug: String,
    pub women_led: bool,
    pub labels: Vec<String>,
    pub partnership_name: String,
    pub photo: Option<String>,
    pub archived: bool,
}

impl ProductCard {
    pub fn new(i: &CatalogItem, lang: Lang) -> Self {
        ProductCard {
            id: i.product.id,
            name: i.product.name.pick(lang.code()).to_owned(),
            unit: i.product.unit_in(lang.code()).to_owned(),
            case_size: i.product.case_size,
            price_cents: i.product.price_cents,
            category: i.product.category.clone(),
            producer_name: i.producer.name.clone(),
            producer_slug: i.producer.slug.clone(),
            women_led: i.producer.women_led,
            labels: i.producer.labels.clone(),
            partnership_name: i.partnership.name.clone(),
            photo: i.photo.clone(),
            archived: i.product.archived_at.is_some(),
        }
    }
}

/// One part of a price breakdown, with its share of the whole for the bar.
#[derive(Serialize)]
pub struct BreakdownPart {
    pub key: &'static str,
    pub cents: Cents,
    /// Per mille of the price (the bar's widths).
    pub permille: i64,
    /// Where the part starts on the bar, per mille.
    pub offset: i64,
    /// The share of the price in basis points (to the nearest), for the text.
    pub bp: i64,
}

pub fn breakdown_parts(b: &PriceBreakdown) -> Vec<BreakdownPart> {
    let mut offset = 0;
    [
        ("producer", b.producer_cents),
        ("transport", b.transport_cents),
        ("costs", b.costs_cents),
        ("fund", b.community_fund_cents),
        ("vat", b.vat_cents),
    ]
    .into_iter()
    .map(|(key, cents)| {
        let (whole, part) = (b.price_cents.get(), cents.get());
        let permille = if b.price_cents > Cents::ZERO {
            part * 1000 / whole
        } else {
            0
        };
        let part = BreakdownPart {
            key,
            cents,
            permille,
            offset,
            bp: if b.price_cents > Cents::ZERO {
                (part * 10_000 + whole / 2) / whole
            } else {
                0
            },
        };
        offset += permille;
        part
    })
    .collect()
}

fn choices(values: &[&str], prefix: &str, lang: Lang) -> Vec<Choice> {
    values
        .iter()
        .map(|v| Choice {
            value: (*v).to_owned(),
            label: translate(lang, &format!("{prefix}-{v}"), &[]),
        })
        .collect()
}

pub fn category_choices(lang: Lang) -> Vec<Choice> {
    choices(&CATEGORIES, "category", lang)
}

pub fn label_choices(lang: Lang) -> Vec<Choice> {
    choices(&LABELS, "label", lang)
}

pub fn kind_choices(lang: Lang) -> Vec<Choice> {
    let kinds: Vec<String> = ProducerKind::iter().map(|k| k.to_value()).collect();
    choices(
        &kinds.iter().map(String::as_str).collect::<Vec<_>>(),
        "producer-kind",
        lang,
    )
}

pub fn vat_choices(lang: Lang) -> Vec<Choice> {
    VAT_RATES
        .iter()
        .map(|v| Choice {
            value: v.to_string(),
            label: crate::web::format::percent_bp(lang, i64::from(*v)),
        })
        .collect()
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: u64,
    pub href: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct CatalogueView {
    pub products: Vec<ProductCard>,
    pub total: u64,
    /// false: more than `total_text` products (counting stopped there).
    pub total_exact: bool,
    /// The total written the reader's way ("1 200").
    pub total_text: String,
    pub q: String,
    pub partnership: String,
    pub territory: String,
    pub category: String,
    pub label: String,
    pub sort: String,
    pub partnerships: Vec<Choice>,
    pub territories: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub labels: Vec<Choice>,
    pub pages: Vec<PageLink>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

#[derive(Serialize)]
pub struct ProductView {
    pub card: ProductCard,
    pub description: String,
    pub min_cases: i32,
    pub weight_grams: i32,
    pub vat_rate_bp: i32,
    pub stock: Option<i32>,
    /// The stock written the reader's way ("1 200").
    pub stock_text: String,
    pub territory_name: String,
    pub territory_slug: String,
    pub partnership_slug: String,
    pub breakdown: Vec<BreakdownPart>,
    pub photos: Vec<String>,
    pub can_edit: bool,
    pub producer_id: entity::ProducerId,
}

#[derive(Serialize)]
pub struct ProducerView {
    pub id: entity::ProducerId,
    pub name: String,
    pub kind: ProducerKind,
    pub status: ProducerStatus,
    pub description: String,
    pub odco_number: Option<String>,
    pub women_led: bool,
    pub labels: Vec<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub territory_name: String,
    pub territory_slug: String,
    pub partnership_name: String,
    pub partnership_slug: String,
    pub products: Vec<ProductCard>,
    pub photos: Vec<String>,
    pub members: Vec<String>,
    pub can_edit: bool,
    /// For its coordinators and members: where its approval stands and what they can do.
    pub approval: Option<ApprovalView>,
    /// This page, where a review made here comes back to.
    pub back: String,
}

#[derive(Serialize)]
pub struct DashboardView {
    pub producers: Vec<DashboardProducer>,
}

#[derive(Serialize)]
pub struct DashboardProducer {
    pub id: entity::ProducerId,
    pub slug: String,
    pub name: String,
    pub status: ProducerStatus,
    pub review_note: Option<String>,
}

#[derive(Serialize)]
pub struct ProducerFormView {
    pub form: ProducerForm,
    pub errors: BTreeMap<String, Vec<String>>,
    pub editing: Option<i64>,
    pub partnerships: Vec<Choice>,
    pub territories: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub labels: Vec<Choice>,
}

#[derive(Serialize)]
pub struct PhotoRow {
    pub id: i64,
    pub key: String,
}

impl From<&entity::photo::Model> for PhotoRow {
    fn from(p: &entity::photo::Model) -> Self {
        PhotoRow {
            id: p.id,
            key: p.file_key.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct ManageView {
    pub producer: DashboardProducer,
    pub approval: ApprovalView,
    pub partnership_name: String,
    pub photos: Vec<PhotoRow>,
    pub products: Vec<ManagedProduct>,
    /// The producer is not approved and the member's address not confirmed: no photo yet.
    pub photos_need_confirmation: bool,
}

#[derive(Serialize)]
pub struct ManagedProduct {
    pub id: entity::ProductId,
    pub name: String,
    pub unit: String,
    pub price_cents: Cents,
    pub case_size: i32,
    pub stock: Option<i32>,
    pub archived: bool,
}

#[derive(Serialize)]
pub struct ProductFormView {
    pub form: ProductForm,
    pub errors: BTreeMap<String, Vec<String>>,
    pub producer_id: entity::ProducerId,
    pub producer_name: String,
    pub editing: Option<entity::ProductId>,
    pub categories: Vec<Choice>,
    pub vat_rates: Vec<Choice>,
    pub photos: Vec<PhotoRow>,
    /// A photo was sent with a form that came back: the person chooses it again.
    pub photo_again: bool,
    /// The producer is not approved and the member's address not confirmed: no photo yet.
    pub photos_need_confirmation: bool,
}

#[derive(Serialize)]
pub struct ReviewRow {
    pub p: DashboardProducer,
    pub ap: ApprovalView,
}

#[derive(Serialize)]
pub struct ReviewView {
    pub partnership_name: String,
    pub partnership_slug: String,
    pub producers: Vec<ReviewRow>,
    pub transport_bp: String,
    pub costs_bp: String,
    pub fund_bp: String,
    pub errors: BTreeMap<String, Vec<String>>,
    pub example: Vec<BreakdownPart>,
}

/// One thing a person can do on a producer's approval: a form or a link, or the same shown
/// disabled with what it waits for.
#[derive(Serialize)]
pub struct ActionView {
    /// approve, reject, edit_profile or resubmit.
    pub action: &'static str,
    pub enabled: bool,
    /// Why it is not possible yet, in the viewer's language.
    pub reason: Option<String>,
}

/// A producer's approval as one viewer sees it: where it stands and what they can do.
#[derive(Serialize)]
pub struct ApprovalView {
    pub producer_id: entity::ProducerId,
    pub producer_slug: String,
    pub status: ProducerStatus,
    pub review_note: Option<String>,
    pub reviewed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// What the profile lacks, worded ("a photo").
    pub missing: Vec<String>,
    pub actions: Vec<ActionView>,
}

fn list(lang: Lang, items: &[String]) -> String {
    items.join(if lang == Lang::Ar { "، " } else { ", " })
}

pub fn approval_view(
    p: &entity::producer::Model,
    gaps: &[Gap],
    viewer: Option<&AuthUser>,
    lang: Lang,
) -> ApprovalView {
    let coordinator = viewer.is_some_and(|v| v.coordinates_partnership(p.partnership_id));
    let member = viewer.is_some_and(|v| v.is_admin() || v.holds(Role::ProducerMember, p.id));
    let word = |g: &Gap| translate(lang, &format!("gap-{}", g.code()), &[]);
    let actions = approval::offers(p.status, gaps)
        .into_iter()
        .filter(|o| match o.by {
            Responsible::Coordinator => coordinator,
            Responsible::Member => member,
        })
        .map(|o| {
            let waiting: Vec<String> = o.waiting_for.iter().map(word).collect();
            ActionView {
                action: o.action.code(),
                enabled: waiting.is_empty(),
                reason: (!waiting.is_empty()).then(|| {
                    translate(
                        lang,
                        "producer-waiting-for",
                        &[("missing", &list(lang, &waiting))],
                    )
                }),
            }
        })
        .collect();
    ApprovalView {
        producer_id: p.id,
        producer_slug: p.slug.clone(),
        status: p.status,
        review_note: p.review_note.clone(),
        reviewed_at: p.reviewed_at,
        missing: gaps.iter().map(word).collect(),
        actions,
    }
}
