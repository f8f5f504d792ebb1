//! What the trip, booking and host pages show, one struct per template.

use crate::money::Cents;
use entity::DepartureId;
use std::collections::BTreeMap;

use serde::Serialize;

use chrono::{DateTime, NaiveDate, Utc};

use super::domain::{Breakdown, Span};
use entity::departure::DepartureStatus;

#[derive(Serialize)]
pub struct TripCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub partnership: String,
    pub territory: String,
    pub next_departure: Option<NaiveDate>,
    pub from_price_cents: Option<Cents>,
}

#[derive(Serialize)]
pub struct TripsView {
    pub trips: Vec<TripCard>,
}

/// One cancellation tier, worded by its span of days ("30–59 days before the start").
#[derive(Serialize)]
pub struct TierRow {
    #[serde(flatten)]
    pub span: Span,
    pub keep_bp: i32,
}

/// One of the viewer's bookings on a departure ("you have booked").
#[derive(Serialize)]
pub struct MyBooking {
    pub reference: String,
    pub status: String,
    pub seats: i32,
}

/// The viewer's place on a departure's waiting list.
#[derive(Serialize)]
pub struct MyWait {
    pub id: i64,
    pub seats: i32,
}

#[derive(Serialize)]
pub struct DepartureRow {
    pub id: DepartureId,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub price_cents: Cents,
    pub deposit_bp: i32,
    pub community_share_bp: i32,
    pub balance_due_on: Option<NaiveDate>,
    pub capacity: i32,
    pub seats_left: i64,
    pub status: DepartureStatus,
    pub breakdown: Breakdown,
    pub tiers: Vec<TierRow>,
    pub bookable: bool,
    pub mine: Vec<MyBooking>,
    pub waiting: Vec<MyWait>,
}

/// A language spoken on a stay: its code (for `lang=`) and its own name.
#[derive(Serialize)]
pub struct Language {
    pub code: String,
    pub name: String,
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
    pub languages: Vec<Language>,
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
    pub form_for: Option<DepartureId>,
    pub form: BookingForm,
    pub errors: BTreeMap<String, Vec<String>>,
    /// Days after the stay when the phone and needs are erased (said where they are asked).
    pub retention_days: i64,
}

/// The balance still to pay on a confirmed booking.
#[derive(Serialize)]
pub struct BalanceDue {
    pub reference: String,
    pub amount_cents: Cents,
    pub due_on: Option<NaiveDate>,
}

#[derive(Serialize)]
pub struct BookingView {
    pub reference: String,
    pub status: String,
    pub trip_title: String,
    pub trip_slug: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub seats: i32,
    pub travellers: Vec<String>,
    pub expires_at: DateTime<Utc>,
    pub total_cents: Cents,
    pub deposit_cents: Cents,
    /// What is paid (less what was refunded).
    pub paid_cents: Cents,
    /// The deposit request to pay while the places are held.
    pub deposit_reference: Option<String>,
    pub balance: Option<BalanceDue>,
    pub refund_cents: Cents,
    pub cancel_reason: Option<String>,
    /// Whether the viewer is the traveller (else a host or coordinator of the trip).
    pub own: bool,
    /// Held or confirmed: it can still be cancelled, unless the stay has begun.
    pub active: bool,
    pub started: bool,
    /// What cancelling today would give back (to the traveller: by tier; by a host: all).
    pub refund_if_cancelled: Cents,
    /// Days from today to the start, for the preview's tier.
    pub days_before: i64,
    /// A confirmed booking has its calendar file.
    pub calendar: bool,
    pub from_waitlist: bool,
    /// The community fund project its share supports: (id, title).
    pub fund_project: Option<(i64, String)>,
}

#[derive(Serialize)]
pub struct HostDeparture {
    pub id: DepartureId,
    pub trip_id: entity::TripId,
    pub trip_title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub capacity: i32,
    pub seats_taken: i32,
    pub status: DepartureStatus,
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
    pub paid_cents: Cents,
    pub total_cents: Cents,
}

#[derive(Serialize)]
pub struct RosterView {
    pub id: DepartureId,
    pub trip_title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub capacity: i32,
    pub seats_taken: i32,
    pub status: DepartureStatus,
    pub min_group: i32,
    /// Places of confirmed bookings (the minimum group counts these).
    pub confirmed_seats: i32,
    pub can_confirm: bool,
    pub can_cancel: bool,
    /// Why the departure can no longer be moved (cancelled, begun), in the page's language.
    pub closed_reason: Option<String>,
    pub travellers: Vec<TravellerRow>,
}
