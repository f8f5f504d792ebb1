//! The document of a person's data ([`super::data_export`]), as the JSON file, the API and the
//! page show it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct PersonalData {
    pub generated_at: DateTime<Utc>,
    pub account: AccountData,
    pub roles: Vec<RoleData>,
    pub baskets: Vec<BasketData>,
    pub payment_requests: Vec<PaymentRequestData>,
    pub bookings: Vec<BookingData>,
    pub waitlist: Vec<WaitlistData>,
    pub messages: Vec<MessageData>,
    pub support_requests: Vec<SupportRequestData>,
    pub training_registrations: Vec<RegistrationData>,
    pub practice_sheets: Vec<SheetData>,
    pub invitations_accepted: Vec<InvitationData>,
    pub api_tokens: Vec<TokenData>,
    pub sessions: Vec<SessionData>,
    pub links: Vec<LinkData>,
    pub records: Vec<RecordData>,
}

#[derive(Serialize, ToSchema)]
pub struct AccountData {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub locale: String,
    pub created_at: DateTime<Utc>,
    pub email_verified_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct RoleData {
    pub role: String,
    pub scope_type: String,
    pub scope_id: i64,
    pub since: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct BasketData {
    pub campaign_id: i64,
    pub campaign_title: String,
    pub lines: Vec<BasketLineData>,
    /// What fell to the person when the campaign closed.
    pub share: Option<ShareData>,
}

#[derive(Serialize, ToSchema)]
pub struct BasketLineData {
    pub campaign_product_id: i64,
    pub quantity: i32,
    pub tolerance: i32,
    pub allocated: Option<i32>,
}

#[derive(Serialize, ToSchema)]
pub struct ShareData {
    pub goods_cents: i64,
    pub vat_cents: i64,
    pub transport_cents: i64,
    pub fee_cents: i64,
    pub total_cents: i64,
    pub collected_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct PaymentRequestData {
    pub reference: String,
    pub ogm: String,
    pub description: String,
    pub payer_name: String,
    pub payer_email: String,
    pub amount_cents: i64,
    pub paid_cents: i64,
    pub refunded_cents: i64,
    pub status: String,
    pub due_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub payments: Vec<MovementData>,
    pub refunds: Vec<MovementData>,
}

/// Money received or sent back on a request.
#[derive(Serialize, ToSchema)]
pub struct MovementData {
    pub method: String,
    pub amount_cents: i64,
    pub on: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct BookingData {
    pub reference: String,
    pub trip: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub seats: i32,
    pub status: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: Option<String>,
    /// Kept until some days after the stay, then erased.
    pub dietary: Option<String>,
    pub accessibility: Option<String>,
    pub total_cents: i64,
    pub travellers: Vec<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct WaitlistData {
    pub departure_id: i64,
    pub seats: i32,
    pub travellers: Vec<String>,
    pub contact_email: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct MessageData {
    pub support_request_id: i64,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct SupportRequestData {
    pub id: i64,
    pub title: String,
    pub need: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct RegistrationData {
    pub training_id: i64,
    pub seats: i32,
    pub participants: Vec<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct SheetData {
    pub slug: String,
    pub title: String,
    pub contacts: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationData {
    pub role: String,
    pub scope_type: String,
    pub scope_id: i64,
    pub accepted_at: Option<DateTime<Utc>>,
}

/// An API token, without its secret (only a digest is kept anyway).
#[derive(Serialize, ToSchema)]
pub struct TokenData {
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A browser session: its dates only.
#[derive(Serialize, ToSchema)]
pub struct SessionData {
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// A one-time link sent (address confirmation, password reset): dates only.
#[derive(Serialize, ToSchema)]
pub struct LinkData {
    pub purpose: String,
    pub created_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

/// A record made or changed in a role, by kind (table) and key (its id, or a category's name).
#[derive(Serialize, ToSchema)]
pub struct RecordData {
    pub kind: String,
    pub key: String,
}
