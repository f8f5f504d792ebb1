//! What the trip, booking and host pages show, one struct per template.

use std::collections::BTreeMap;

use serde::Serialize;

use super::domain::Breakdown;

#[derive(Serialize)]
pub struct TripCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub partnership: String,
    pub territory: String,
    pub next_departure: Option<String>,
    pub from_price_cents: Option<i64>,
}

#[derive(Serialize)]
pub struct TripsView {
    pub trips: Vec<TripCard>,
}

#[derive(Serialize)]
pub struct TierRow {
    pub from_days: i32,
    pub keep_percent: String,
}

#[derive(Serialize)]
pub struct DepartureRow {
    pub id: i64,
    pub starts_on: String,
    pub ends_on: String,
    pub price_cents: i64,
    pub deposit_percent: String,
    pub community_percent: String,
    pub balance_due_on: Option<String>,
    pub capacity: i32,
    pub seats_left: i64,
    pub status: String,
    pub breakdown: Breakdown,
    pub tiers: Vec<TierRow>,
    pub bookable: bool,
}

#[derive(Serialize, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct BookingForm {
    pub travellers: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub dietary: String,
    pub accessibility: String,
    /// The chosen community fund project's id, or "" (where the fund needs it most).
    pub fund_project: String,
}

/// An open community fund project a traveller may support.
#[derive(Serialize)]
pub struct FundChoice {
    pub id: i64,
    pub title: String,
    pub territory: String,
}

#[derive(Serialize)]
pub struct TripView {
    pub fund_projects: Vec<FundChoice>,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub programme: Vec<String>,
    pub included: String,
    pub not_included: String,
    pub languages: Vec<String>,
    pub accessibility: String,
    pub min_group: i32,
    pub max_group: i32,
    pub partnership: String,
    pub partnership_slug: String,
    pub territory: String,
    pub departures: Vec<DepartureRow>,
    /// Photo keys (`/photos/<key>-display.jpg`).
    pub photos: Vec<String>,
    pub signed_in: bool,
    pub verified: bool,
    pub hosts: bool,
    /// The departure a form was sent for, with its input and errors.
    pub form_for: Option<i64>,
    pub form: BookingForm,
    pub errors: BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
pub struct BookingView {
    pub reference: String,
    pub status: String,
    pub trip_title: String,
    pub trip_slug: String,
    pub starts_on: String,
    pub ends_on: String,
    pub seats: i32,
    pub travellers: Vec<String>,
    pub expires_at: String,
    pub total_cents: i64,
    pub deposit_cents: i64,
    pub deposit_reference: Option<String>,
    pub deposit_status: Option<String>,
    pub balance_reference: Option<String>,
    pub balance_status: Option<String>,
    pub balance_due_on: Option<String>,
    pub refund_cents: i64,
    /// What cancelling today would give back.
    pub refund_if_cancelled: i64,
    pub can_cancel: bool,
    /// The community fund project its share supports: (id, title).
    pub fund_project: Option<(i64, String)>,
}

#[derive(Serialize)]
pub struct HostDeparture {
    pub id: i64,
    pub trip_id: i64,
    pub trip_title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub capacity: i32,
    pub seats_taken: i32,
    pub status: String,
}

#[derive(Serialize)]
pub struct HostView {
    pub departures: Vec<HostDeparture>,
}

#[derive(Serialize)]
pub struct TravellerRow {
    pub name: String,
    pub booking: String,
    pub status: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub dietary: String,
    pub accessibility: String,
    pub paid_cents: i64,
    pub total_cents: i64,
}

#[derive(Serialize)]
pub struct RosterView {
    pub id: i64,
    pub trip_title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub capacity: i32,
    pub seats_taken: i32,
    pub travellers: Vec<TravellerRow>,
}
