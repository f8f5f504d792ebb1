//! What travellers are told: the confirmation with an .ics invitation (RFC 5545) and the
//! pre-departure information, the balance reminder, a freed place offered from the waiting list,
//! refunds, cancelled departures. Emails are queued by jobs (`booking_mail`), so a payment
//! recorded anywhere (bank import, Stripe webhook) leads to the same messages.

use chrono::{DateTime, Duration, Utc};
use entity::{booking, departure, trip};
use icalendar::{Calendar, Component, Event, EventLike};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::jobs::service::schedule;
use crate::mail::domain::{Attachment, MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::money::Cents;
use crate::web::i18n::Lang;

pub const JOB_MAIL: &str = "booking_mail";

/// What a booking email announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Confirmed,
    BalanceReminder,
    WaitlistOffer,
    LateRefund,
    Cancelled,
    DepartureCancelled,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::Confirmed,
        Kind::BalanceReminder,
        Kind::WaitlistOffer,
        Kind::LateRefund,
        Kind::Cancelled,
        Kind::DepartureCancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Confirmed => "confirmed",
            Kind::BalanceReminder => "balance_reminder",
            Kind::WaitlistOffer => "waitlist_offer",
            Kind::LateRefund => "late_refund",
            Kind::Cancelled => "cancelled",
            Kind::DepartureCancelled => "departure_cancelled",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Asks the worker to tell the traveller (once per booking and kind, or per `key`).
pub async fn later(
    conn: &impl ConnectionTrait,
    booking_id: i64,
    kind: Kind,
    key: &str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let kind_name = kind.as_str();
    schedule(
        conn,
        JOB_MAIL,
        serde_json::json!({ "booking_id": booking_id, "kind": kind_name }),
        at,
        Some(format!("{JOB_MAIL}:{booking_id}:{kind_name}:{key}")),
        5,
        now,
    )
    .await?;
    Ok(())
}

/// The stay as an all-day calendar event (the end date is exclusive in RFC 5545).
pub fn ics(
    b: &booking::Model,
    d: &departure::Model,
    t: &trip::Model,
    lang: Lang,
    site: &str,
) -> String {
    let mut event = Event::new();
    event
        .uid(&format!("booking-{}@passerelle", b.reference))
        .summary(t.title.pick(lang.code()))
        .description(&format!(
            "{}\n\n{}\n{site}/trips/{}",
            t.description.pick(lang.code()),
            t.pre_departure.pick(lang.code()),
            t.slug
        ))
        .starts(d.starts_on)
        .ends(d.ends_on + Duration::days(1));
    let mut cal = Calendar::new();
    cal.name(t.title.pick(lang.code())).push(event.done());
    cal.done().to_string()
}

#[derive(Serialize)]
struct BookingMail {
    kind: Kind,
    title: String,
    starts_on: String,
    ends_on: String,
    seats: i32,
    travellers: Vec<String>,
    total: String,
    refund: String,
    balance: Option<String>,
    balance_due_on: Option<String>,
    pre_departure: String,
    link: String,
    pay_link: Option<String>,
    expires_at: String,
}

/// The job: renders the email in the traveller's language (with the .ics for a confirmation).
pub async fn send(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    payload: &serde_json::Value,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let id = payload
        .get("booking_id")
        .and_then(|v| v.as_i64())
        .unwrap_or(0);
    let Some(kind) = payload
        .get("kind")
        .and_then(|v| v.as_str())
        .and_then(Kind::parse)
    else {
        return Err(AppError::Unexpected(anyhow::anyhow!(
            "booking mail without a kind"
        )));
    };
    let Some(b) = booking::Entity::find_by_id(id).one(conn).await? else {
        return Ok(());
    };
    let d = departure::Entity::find_by_id(b.departure_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let t = trip::Entity::find_by_id(d.trip_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let user = entity::user::Entity::find_by_id(b.user_id)
        .one(conn)
        .await?;
    let lang = user
        .as_ref()
        .and_then(|u| Lang::parse(&u.locale))
        .unwrap_or(Lang::Fr);
    let travellers = sea_orm::QueryFilter::filter(
        entity::traveller::Entity::find(),
        sea_orm::ColumnTrait::eq(&entity::traveller::Column::BookingId, b.id),
    )
    .all(conn)
    .await?
    .into_iter()
    .map(|t| t.name)
    .collect();
    let balance = match b.balance_request_id {
        Some(rid) => {
            entity::payment_request::Entity::find_by_id(rid)
                .one(conn)
                .await?
        }
        None => None,
    };
    let owed = balance
        .as_ref()
        .map(|r| r.amount_cents - (r.paid_cents - r.refunded_cents))
        .filter(|o| *o > 0);
    if kind == Kind::BalanceReminder && owed.is_none() {
        return Ok(());
    }
    let deposit_reference = match b.deposit_request_id {
        Some(rid) => entity::payment_request::Entity::find_by_id(rid)
            .one(conn)
            .await?
            .map(|r| r.reference),
        None => None,
    };
    let pay_link = match kind {
        Kind::BalanceReminder => balance
            .as_ref()
            .map(|r| mailer.link(&format!("/pay/{}", r.reference))),
        Kind::WaitlistOffer => deposit_reference.map(|r| mailer.link(&format!("/pay/{r}"))),
        _ => None,
    };
    let mail = BookingMail {
        kind,
        title: t.title.pick(lang.code()).to_owned(),
        starts_on: d.starts_on.format("%d/%m/%Y").to_string(),
        ends_on: d.ends_on.format("%d/%m/%Y").to_string(),
        seats: b.seats,
        travellers,
        total: Cents(b.total_cents).euros(),
        refund: Cents(b.refund_cents).euros(),
        balance: owed.map(|o| Cents(o).euros()),
        balance_due_on: d.balance_due_on.map(|x| x.format("%d/%m/%Y").to_string()),
        pre_departure: t.pre_departure.pick(lang.code()).to_owned(),
        link: mailer.link(&format!("/bookings/{}", b.reference)),
        pay_link,
        expires_at: crate::group_orders::service::local_time(b.expires_at),
    };
    let name = user
        .as_ref()
        .map(|u| u.display_name.clone())
        .unwrap_or_else(|| b.contact_name.clone());
    let mut email = OutgoingEmail::new(
        MailTemplate::BookingNews,
        lang,
        &b.contact_email,
        &name,
        mail,
    );
    if kind == Kind::Confirmed {
        email = email.attach(Attachment {
            filename: "sejour.ics".into(),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
            bytes: ics(&b, &d, &t, lang, mailer.link("").trim_end_matches('/')).into_bytes(),
        });
    }
    outbox::queue(conn, mailer, email, now).await?;
    Ok(())
}
