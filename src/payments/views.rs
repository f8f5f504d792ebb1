//! The payment pages' data.

use serde::Serialize;

#[derive(Serialize)]
pub struct PayView {
    pub reference: String,
    pub description: String,
    pub amount_cents: i64,
    pub paid_cents: i64,
    pub remaining_cents: i64,
    pub status: String,
    pub due_on: Option<String>,
    pub creditor_name: String,
    pub iban: String,
    pub bic: Option<String>,
    pub ogm: String,
    pub qr_svg: Option<String>,
    pub stripe_enabled: bool,
    /// Back from Stripe: the payment shows once Stripe confirms it.
    pub back_from_checkout: bool,
}

#[derive(Serialize)]
pub struct RequestRow {
    pub reference: String,
    pub payer_name: String,
    pub payer_email: String,
    pub description: String,
    pub ogm: String,
    pub amount_cents: i64,
    pub paid_cents: i64,
    pub refunded_cents: i64,
    pub status: String,
}

#[derive(Serialize)]
pub struct LineRow {
    pub id: i64,
    pub booked_on: String,
    pub amount_cents: i64,
    pub communication: String,
    pub counterparty: String,
}

#[derive(Serialize)]
pub struct FlagRow {
    pub amount_cents: i64,
    pub received_on: String,
    pub reason: String,
}

#[derive(Serialize)]
pub struct RefundRow {
    pub id: i64,
    pub amount_cents: i64,
    pub reason: String,
}

#[derive(Serialize)]
pub struct BooksView {
    pub partnership_name: String,
    pub partnership_slug: String,
    pub account_name: String,
    pub iban: String,
    pub bic: String,
    pub requests: Vec<RequestRow>,
    pub unmatched: Vec<LineRow>,
    pub flagged: Vec<FlagRow>,
    pub pending_refunds: Vec<RefundRow>,
    pub totals: super::service::Totals,
    pub report: Option<super::service::ImportReport>,
    pub errors: std::collections::BTreeMap<String, Vec<String>>,
}
