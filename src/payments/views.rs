//! The payment pages' data. Dates are raw (`NaiveDate`, `DateTime<Utc>`): the templates write
//! them in the page's language with the `date` and `datetime` filters.

use crate::money::Cents;
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::payment_request::RequestStatus;
use entity::refund::RefundStatus;
use serde::Serialize;

use super::actions::Action;

/// A figure of a request, as the pages show it.
#[derive(Serialize)]
pub struct Figures {
    /// What was first asked.
    pub asked_cents: Cents,
    /// What refunds took off.
    pub waived_cents: Cents,
    /// What is owed now.
    pub owed_cents: Cents,
    /// Paid and not refunded.
    pub held_cents: Cents,
    pub paid_cents: Cents,
    pub refunded_cents: Cents,
    pub remaining_cents: Cents,
}

impl Figures {
    pub fn of(r: &entity::payment_request::Model) -> Figures {
        let cancelled = r.cancelled_at.is_some();
        Figures {
            asked_cents: r.amount_cents + r.waived_cents,
            waived_cents: r.waived_cents,
            owed_cents: if cancelled {
                Cents::ZERO
            } else {
                r.amount_cents
            },
            held_cents: r.paid_cents - r.refunded_cents,
            paid_cents: r.paid_cents,
            refunded_cents: r.refunded_cents,
            remaining_cents: if cancelled {
                Cents::ZERO
            } else {
                super::domain::remaining(r.amount_cents, r.paid_cents, r.refunded_cents)
            },
        }
    }
}

#[derive(Serialize)]
pub struct PayView {
    pub reference: String,
    pub description: String,
    pub figures: Figures,
    pub status: RequestStatus,
    pub due_on: Option<NaiveDate>,
    pub creditor_name: String,
    pub iban: String,
    pub bic: Option<String>,
    pub ogm: String,
    pub qr_svg: Option<String>,
    /// What the payer can do (pay by transfer, by card), possible or with the reason why not.
    pub actions: Vec<Action>,
    /// The receipt is there once something is paid.
    pub has_receipt: bool,
    /// Back from Stripe: the payment shows once Stripe confirms it.
    pub back_from_checkout: bool,
}

#[derive(Serialize)]
pub struct RequestRow {
    pub reference: String,
    pub payer_name: String,
    pub description: String,
    pub ogm: String,
    pub figures: Figures,
    pub status: RequestStatus,
    pub due_on: Option<NaiveDate>,
}

#[derive(Serialize)]
pub struct LineRow {
    pub id: i64,
    pub booked_on: NaiveDate,
    pub amount_cents: Cents,
    pub communication: String,
    pub counterparty: String,
}

#[derive(Serialize)]
pub struct FlagRow {
    pub amount_cents: Cents,
    pub received_on: NaiveDate,
    /// A Fluent key for the known reasons, else the reason as stored.
    pub reason_key: Option<&'static str>,
    pub reason: String,
    pub request: Option<String>,
    pub payer_name: String,
}

#[derive(Serialize)]
pub struct RefundRow {
    pub id: i64,
    pub amount_cents: Cents,
    pub reason: String,
    pub created_at: DateTime<Utc>,
    pub request: Option<String>,
    pub payer_name: String,
}

/// An import's report with each unreadable line's reason in the page's language.
#[derive(Serialize)]
pub struct ReportView {
    pub applied: usize,
    pub unmatched: usize,
    pub ignored: usize,
    pub already_imported: usize,
    pub errors: Vec<String>,
}

/// What the books page's forms hold (kept when a form comes back with a message).
#[derive(Clone, Debug, Default, Serialize)]
pub struct BooksForms {
    pub communication: String,
    pub reference: String,
    pub amount: String,
    pub received_on: String,
    pub refund_reference: String,
    pub refund_amount: String,
    pub refund_reason: String,
    pub still_owed: bool,
    /// The statement line whose "match by hand" form came back with a message.
    pub match_line: Option<i64>,
    pub match_target: String,
}

#[derive(Serialize)]
pub struct BooksView {
    /// partnership or group.
    pub kind: &'static str,
    /// The books' page (`/partnerships/<slug>/payments` or `/groups/<slug>/payments`); forms
    /// post under it.
    pub path: String,
    pub name: String,
    /// The page the books belong to (the partnership's or the group's).
    pub back_href: String,
    pub account_name: String,
    pub iban: String,
    pub bic: String,
    /// Statements can be imported (the books' own account is known), else why not.
    pub import_blocked: Option<&'static str>,
    pub requests: Vec<RequestRow>,
    pub listed_max: u64,
    pub to_refund: Vec<RequestRow>,
    pub unmatched: Vec<LineRow>,
    pub flagged: Vec<FlagRow>,
    pub pending_refunds: Vec<RefundRow>,
    pub totals: crate::ledger::Totals,
    pub report: Option<ReportView>,
    pub forms: BooksForms,
    pub errors: BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
pub struct PaymentRow {
    pub received_on: NaiveDate,
    pub amount_cents: Cents,
    /// bank or stripe.
    pub method: String,
    pub counterparty: String,
    pub flag_key: Option<&'static str>,
    pub flag: Option<String>,
}

#[derive(Serialize)]
pub struct RefundLine {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub amount_cents: Cents,
    pub waived_cents: Cents,
    pub method: String,
    pub status: RefundStatus,
    pub reason: String,
}

/// What the request page's forms hold.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RequestForms {
    pub amount: String,
    pub received_on: String,
    pub refund_amount: String,
    pub refund_reason: String,
    pub still_owed: bool,
}

/// One request for its treasurer.
#[derive(Serialize)]
pub struct RequestView {
    pub reference: String,
    pub payer_name: String,
    pub payer_email: String,
    pub description: String,
    pub ogm: String,
    pub status: RequestStatus,
    pub due_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub creditor_name: String,
    pub iban: String,
    pub figures: Figures,
    pub payments: Vec<PaymentRow>,
    pub refunds: Vec<RefundLine>,
    pub actions: Vec<Action>,
    pub books_path: String,
    pub books_name: String,
    pub forms: RequestForms,
    pub errors: BTreeMap<String, Vec<String>>,
}

/// A printable receipt.
#[derive(Serialize)]
pub struct ReceiptView {
    pub reference: String,
    pub description: String,
    pub payer_name: String,
    pub ogm: String,
    pub creditor_name: String,
    pub iban: String,
    pub figures: Figures,
    pub status: RequestStatus,
    pub payments: Vec<PaymentRow>,
    pub refunds: Vec<RefundLine>,
    pub issued_on: NaiveDate,
}

/// The Fluent key of a reason a payment was flagged (stored in English for the API).
pub fn flag_key(reason: &str) -> Option<&'static str> {
    match reason {
        "the request was cancelled" => Some("payment-flag-cancelled"),
        "the request was already paid" => Some("payment-flag-already-paid"),
        "more than was owed" => Some("payment-flag-more-than-owed"),
        super::domain::FLAG_OTHER_AMOUNT => Some("payment-flag-other-amount"),
        _ => None,
    }
}

impl RequestRow {
    pub fn of(r: &entity::payment_request::Model) -> RequestRow {
        RequestRow {
            reference: r.reference.clone(),
            payer_name: r.payer_name.clone(),
            description: r.description.clone(),
            ogm: super::domain::Ogm::parse(&r.ogm)
                .map(|o| o.formatted())
                .unwrap_or_default(),
            figures: Figures::of(r),
            status: r.status,
            due_on: r.due_on,
        }
    }
}

impl PaymentRow {
    pub fn of(p: &entity::payment::Model) -> PaymentRow {
        let flag = p.flag_reason.clone().filter(|_| p.flagged);
        PaymentRow {
            received_on: p.received_on,
            amount_cents: p.amount_cents,
            method: p.method.clone(),
            counterparty: p.counterparty.clone().unwrap_or_default(),
            flag_key: flag.as_deref().and_then(flag_key),
            flag,
        }
    }
}

impl RefundLine {
    pub fn of(f: &entity::refund::Model) -> RefundLine {
        RefundLine {
            id: f.id,
            created_at: f.created_at,
            done_at: f.done_at,
            amount_cents: f.amount_cents,
            waived_cents: f.waived_cents,
            method: f.method.clone(),
            status: f.status,
            reason: f.reason.clone().unwrap_or_default(),
        }
    }
}
