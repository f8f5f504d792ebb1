//! What the group and campaign pages show, one struct per template.

use crate::money::Cents;
use entity::CampaignId;
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::campaign_input::CampaignForm;
use super::close::CampaignResult;
use super::domain::State;
use super::domain::{Act, Offer};
use super::input::GroupForm;
use super::service::Basket;
use crate::web::choice::Choice;

#[derive(Serialize)]
pub struct GroupCard {
    pub slug: String,
    pub name: String,
    pub partnership: String,
    pub partnership_slug: String,
    pub territory: String,
    pub description: String,
    pub mine: bool,
}

#[derive(Serialize)]
pub struct GroupsView {
    pub mine: Vec<GroupCard>,
    pub all: Vec<GroupCard>,
}

#[derive(Serialize)]
pub struct GroupFormView {
    pub form: GroupForm,
    pub errors: BTreeMap<String, Vec<String>>,
    pub partnerships: Vec<Choice>,
}

#[derive(Serialize)]
pub struct PickupRow {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub opening_hours: String,
}

#[derive(Serialize)]
pub struct MemberRow {
    pub name: String,
    pub email: String,
    pub coordinator: bool,
}

#[derive(Serialize)]
pub struct CampaignRow {
    pub id: CampaignId,
    pub title: String,
    pub state: State,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// When it really closed (earlier than `closes_at` when closed early).
    pub closed_at: Option<DateTime<Utc>>,
    pub delivery_on: NaiveDate,
    pub accepts_baskets: bool,
}

#[derive(Serialize)]
pub struct GroupView {
    pub card: GroupCard,
    /// outsider, member or coordinator.
    pub access: &'static str,
    pub pickup_points: Vec<PickupRow>,
    pub campaigns: Vec<CampaignRow>,
    pub members: Vec<MemberRow>,
    pub errors: BTreeMap<String, Vec<String>>,
    pub invite_email: String,
    /// The group's own account (coordinators), none while the partnership's is used.
    pub account_name: String,
    pub iban: String,
    pub bic: String,
}

#[derive(Serialize)]
pub struct ProducerChoice {
    pub id: entity::ProducerId,
    pub name: String,
    pub checked: bool,
}

#[derive(Serialize)]
pub struct CampaignFormView {
    pub group_slug: String,
    pub group_name: String,
    pub form: CampaignForm,
    pub errors: BTreeMap<String, Vec<String>>,
    pub producers: Vec<ProducerChoice>,
    pub pickup_points: Vec<Choice>,
}

#[derive(Serialize)]
pub struct OfferRow {
    pub product_id: entity::ProductId,
    pub name: String,
    pub producer: String,
    pub unit: String,
    pub case_size: i32,
    pub price_cents: Cents,
    pub vat_rate_bp: i32,
    pub asked: i64,
    pub full_cases: i64,
    pub in_open_case: i64,
    pub to_complete: i64,
    pub percent: i64,
    pub completed_by_tolerance: bool,
    /// What the member asked, or typed when the form comes back with errors.
    pub my_quantity: String,
    pub my_tolerance: String,
    pub max_tolerance: i32,
    /// Units the producer's stock can still serve (none: made to order).
    pub stock_left: Option<i64>,
    /// The most this member may ask: what they have plus what is left.
    pub max_quantity: i64,
    pub ordered_cases: i32,
    pub ordered_units: i32,
    pub confirmed_units: Option<i32>,
    pub delivered_units: Option<i32>,
    pub errors: BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
pub struct CampaignView {
    pub id: CampaignId,
    pub title: String,
    pub state: State,
    pub group_slug: String,
    pub group_name: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// When it really closed (earlier than `closes_at` when closed early).
    pub closed_at: Option<DateTime<Utc>>,
    pub delivery_on: NaiveDate,
    pub pickup: Option<String>,
    pub note: Option<String>,
    pub cancel_reason: Option<String>,
    pub transport_cents: Cents,
    /// The real transport cost billed instead of the estimate, once the carrier's invoices
    /// are in (members paying the real cost).
    pub real_transport_cents: Option<Cents>,
    pub transport_split: String,
    pub fee_cents: Cents,
    pub min_total_cents: Option<Cents>,
    pub accepts_baskets: bool,
    pub orders: bool,
    pub verified: bool,
    pub coordinator: bool,
    pub closed: bool,
    pub offers: Vec<OfferRow>,
    pub basket: Option<Basket>,
    /// The viewer's own result (members), or everyone's (coordinators).
    pub result: Option<CampaignResult>,
    /// What the coordinators can do next (enabled, or disabled with the reason).
    pub actions: Vec<ActionView>,
    /// Producers whose purchase order is not confirmed yet (closed campaigns).
    pub waiting_producers: Vec<String>,
    /// The basket was just saved: said beside the form, where the member is.
    pub saved: bool,
    /// Lines refused in the form sent (nothing was saved).
    pub basket_errors: usize,
    pub errors: BTreeMap<String, Vec<String>>,
    /// Where the goods are, when the campaign's purchase orders travel in a shipment.
    pub shipment: Option<ShipmentWhere>,
}

/// The shipment a campaign's goods travel in, as its members see it.
#[derive(Serialize)]
pub struct ShipmentWhere {
    pub reference: String,
    /// The label key of its current step.
    pub step_key: String,
    pub expected_on: Option<NaiveDate>,
}

/// An action offered on a page: `act` names the form the template draws.
#[derive(Serialize)]
pub struct ActionView {
    pub act: Act,
    pub enabled: bool,
    /// Why it is disabled, in the page's language.
    pub reason: Option<String>,
}

impl ActionView {
    pub fn of(o: &Offer, lang: crate::web::i18n::Lang) -> ActionView {
        ActionView {
            act: o.act,
            enabled: o.enabled(),
            reason: o.blocked.map(|b| {
                crate::error::FieldError::new(b.code)
                    .with("count", b.count)
                    .message(lang)
            }),
        }
    }
}

#[derive(Serialize)]
pub struct PickupSheetView {
    pub id: CampaignId,
    pub title: String,
    pub group_name: String,
    pub delivery_on: NaiveDate,
    pub pickup: Option<String>,
    pub result: CampaignResult,
}

#[derive(Serialize)]
pub struct PurchaseOrderRow {
    pub campaign_id: CampaignId,
    pub title: String,
    pub group_name: String,
    /// Where this producer's purchase order stands (`OrderState`).
    pub order_state: &'static str,
    pub closed_at: Option<DateTime<Utc>>,
    pub delivery_on: NaiveDate,
    pub cases: i64,
}

#[derive(Serialize)]
pub struct PurchaseOrdersView {
    pub producer_id: entity::ProducerId,
    pub producer_name: String,
    pub orders: Vec<PurchaseOrderRow>,
}

#[derive(Serialize)]
pub struct PurchaseOrderLine {
    pub product_id: i64,
    pub name: String,
    pub unit: String,
    pub case_size: i32,
    pub ordered_cases: i32,
    pub ordered_units: i32,
    pub confirmed_units: Option<i32>,
    pub price_cents: Cents,
    /// What the units confirmed (else ordered) come to.
    pub line_cents: Cents,
}

#[derive(Serialize)]
pub struct PurchaseOrderView {
    pub producer_id: entity::ProducerId,
    pub producer_name: String,
    pub campaign_id: CampaignId,
    pub title: String,
    pub group_name: String,
    pub state: State,
    /// Where this producer's purchase order stands (`OrderState`).
    pub order_state: &'static str,
    pub closed_at: Option<DateTime<Utc>>,
    pub delivery_on: NaiveDate,
    pub pickup: Option<String>,
    pub lines: Vec<PurchaseOrderLine>,
    /// The producer has answered (the confirmed units are shown, not a form).
    pub confirmed: bool,
    /// What the producer can do next (enabled, or disabled with the reason).
    pub actions: Vec<ActionView>,
    pub total_cents: Cents,
    pub errors: BTreeMap<String, Vec<String>>,
}
