//! What travellers are told: the confirmation with an .ics invitation (RFC 5545) and the
//! pre-departure information, the balance reminder, a freed place offered from the waiting list,
//! refunds, cancelled departures. Emails are queued by jobs (`booking_mail`), so a payment
//! recorded anywhere (bank import, Stripe webhook) leads to the same messages.

use chrono::{DateTime, Duration, Utc};
use entity::BookingId;
use entity::booking::BookingStatus;
use entity::{booking, departure, trip};
use icalendar::{Calendar, Component, Event, EventLike};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;

use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::jobs::service::schedule;
use crate::mail::domain::{Attachment, MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::money::Cents;
use crate::web::format;
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
    /// Cancelled by the traveller (the policy's tier decided the refund).
    Cancelled,
    /// Cancelled by the trip's hosts or coordinators (everything paid goes back).
    CancelledByHost,
    /// The departure did not reach its minimum group on its balance date.
    DepartureCancelled,
    /// The hosts called the departure off.
    DepartureCalledOff,
}

impl Kind {
    const ALL: [Kind; 8] = [
        Kind::Confirmed,
        Kind::BalanceReminder,
        Kind::WaitlistOffer,
        Kind::LateRefund,
        Kind::Cancelled,
        Kind::CancelledByHost,
        Kind::DepartureCancelled,
        Kind::DepartureCalledOff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Confirmed => "confirmed",
            Kind::BalanceReminder => "balance_reminder",
            Kind::WaitlistOffer => "waitlist_offer",
            Kind::LateRefund => "late_refund",
            Kind::Cancelled => "cancelled",
            Kind::CancelledByHost => "cancelled_by_host",
            Kind::DepartureCancelled => "departure_cancelled",
            Kind::DepartureCalledOff => "departure_called_off",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A cancellation in which everything paid goes back.
    fn refunds_all(self) -> bool {
        matches!(
            self,
            Kind::CancelledByHost | Kind::DepartureCancelled | Kind::DepartureCalledOff
        )
    }
}

/// Asks the worker to tell the traveller (once per booking and kind, or per `key`).
pub async fn later(
    conn: &impl ConnectionTrait,
    booking_id: BookingId,
    kind: Kind,
    key: &str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    later_with(conn, booking_id, kind, key, None, at, now).await
}

/// As [`later`], with what the traveller had paid when the booking was cancelled (the email
/// is written after the refund may already have gone, so it cannot be read back then).
pub async fn later_with(
    conn: &impl ConnectionTrait,
    booking_id: BookingId,
    kind: Kind,
    key: &str,
    paid_cents: Option<Cents>,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let kind_name = kind.as_str();
    schedule(
        conn,
        JOB_MAIL,
        serde_json::json!({ "booking_id": booking_id, "kind": kind_name, "paid_cents": paid_cents }),
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
            "{}\n\n{}\n{site}/bookings/{}",
            t.description.pick(lang.code()),
            t.pre_departure.pick(lang.code()),
            b.reference
        ))
        .url(&format!("{site}/bookings/{}", b.reference))
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
    expires_at: String,
    /// Why the hosts cancelled, as they wrote it.
    reason: Option<String>,
    /// What is true about the money after this: paid, kept, refunded and how, owed and by when.
    facts: Vec<String>,
    pre_departure: String,
    link: String,
    pay_link: Option<String>,
}

/// How a refund reaches the traveller: to the card for card payments, else by transfer.
fn refund_way(payments: &[entity::payment::Model]) -> &'static str {
    let card = payments.iter().filter(|p| p.method == "stripe").count();
    match card {
        0 => "mail-booking-refund-by-transfer",
        n if n == payments.len() => "mail-booking-refund-to-card",
        _ => "mail-booking-refund-mixed",
    }
}

/// The job: renders the email in the traveller's language (with the .ics for a confirmation).
/// An email whose news is no longer true when it is written (a confirmation for a booking
/// cancelled meanwhile, a reminder for a balance paid) is not sent.
pub async fn send(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    payload: &serde_json::Value,
    now: DateTime<Utc>,
) -> AppResult<()> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let id = payload
        .get("booking_id")
        .and_then(|v| v.as_i64())
        .map(BookingId)
        .unwrap_or(BookingId(0));
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
    let still_true = match kind {
        Kind::Confirmed | Kind::BalanceReminder => b.status == BookingStatus::Confirmed,
        Kind::WaitlistOffer => b.status == BookingStatus::Held,
        _ => true,
    };
    if !still_true {
        return Ok(());
    }
    let d = departure::Entity::find_by_id(b.departure_id)
        .one_or_404(conn)
        .await?;
    let t = trip::Entity::find_by_id(d.trip_id).one_or_404(conn).await?;
    let user = entity::user::Entity::find_by_id(b.user_id)
        .one(conn)
        .await?;
    let lang = user
        .as_ref()
        .and_then(|u| Lang::parse(&u.locale))
        .unwrap_or(Lang::Fr);
    let travellers = entity::traveller::Entity::find()
        .filter(entity::traveller::Column::BookingId.eq(b.id))
        .order_by_asc(entity::traveller::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| t.name)
        .collect();
    let ids: Vec<entity::PaymentRequestId> = [b.deposit_request_id, b.balance_request_id]
        .into_iter()
        .flatten()
        .collect();
    let requests = entity::payment_request::Entity::find()
        .filter(entity::payment_request::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    let payments = entity::payment::Entity::find()
        .filter(entity::payment::Column::PaymentRequestId.is_in(ids))
        .all(conn)
        .await?;
    let request = |id: Option<entity::PaymentRequestId>| {
        id.and_then(|id| requests.iter().find(|r| r.id == id))
    };
    let (deposit, balance) = (request(b.deposit_request_id), request(b.balance_request_id));
    let owed = balance
        .filter(|r| r.cancelled_at.is_none())
        .map(|r| r.amount_cents - (r.paid_cents - r.refunded_cents))
        .filter(|o| *o > Cents::ZERO);
    if kind == Kind::BalanceReminder && owed.is_none() {
        return Ok(());
    }
    let paid_now: Cents = requests
        .iter()
        .map(|r| r.paid_cents - r.refunded_cents)
        .sum();
    let paid = payload
        .get("paid_cents")
        .and_then(|v| v.as_i64())
        .map(Cents)
        .unwrap_or(paid_now);
    let euros = |c: Cents| c.euros();
    let tr = |key: &str, args: &[(&str, &str)]| crate::web::i18n::translate(lang, key, args);
    let way = tr(refund_way(&payments), &[]);
    let mut facts = Vec::new();
    let mut pay_link = None;
    match kind {
        Kind::Confirmed | Kind::BalanceReminder => {
            if kind == Kind::Confirmed {
                facts.push(tr(
                    "mail-booking-paid",
                    &[("paid", &euros(paid)), ("total", &euros(b.total_cents))],
                ));
            }
            match (owed, balance) {
                (Some(o), Some(r)) => {
                    facts.push(match r.due_on.or(d.balance_due_on) {
                        Some(due) => tr(
                            "mail-booking-balance",
                            &[("amount", &euros(o)), ("date", &format::date(lang, due))],
                        ),
                        None => tr("mail-booking-balance-now", &[("amount", &euros(o))]),
                    });
                    pay_link = Some(mailer.link(&format!("/pay/{}", r.reference)));
                }
                _ => facts.push(tr("mail-booking-paid-in-full", &[])),
            }
        }
        Kind::WaitlistOffer => {
            if let Some(r) = deposit.filter(|r| r.cancelled_at.is_none()) {
                facts.push(tr(
                    "mail-booking-deposit-due",
                    &[
                        ("amount", &euros(r.amount_cents)),
                        ("date", &format::datetime(lang, b.expires_at)),
                    ],
                ));
                pay_link = Some(mailer.link(&format!("/pay/{}", r.reference)));
            }
        }
        Kind::LateRefund => {
            let amount = deposit.map(|r| r.paid_cents).unwrap_or(paid);
            facts.push(tr(
                "mail-booking-refund",
                &[("amount", &euros(amount)), ("way", &way)],
            ));
            facts.push(tr("mail-booking-nothing-owed", &[]));
        }
        Kind::Cancelled
        | Kind::CancelledByHost
        | Kind::DepartureCancelled
        | Kind::DepartureCalledOff => {
            let refund = b.refund_cents;
            if !paid.is_positive() {
                facts.push(tr("mail-booking-nothing-paid", &[]));
            } else if kind.refunds_all() {
                facts.push(tr(
                    "mail-booking-refund-all",
                    &[("amount", &euros(refund)), ("way", &way)],
                ));
            } else {
                facts.push(tr("mail-booking-had-paid", &[("amount", &euros(paid))]));
                let kept = paid.saturating_sub(refund);
                if kept.is_positive() {
                    let cancelled_on = crate::clock::today(b.cancelled_at.unwrap_or(now));
                    let days = (d.starts_on - cancelled_on).num_days().max(0);
                    facts.push(crate::web::i18n::translate_args(
                        lang,
                        "mail-booking-kept",
                        &[("amount", euros(kept).into()), ("days", days.into())],
                    ));
                }
                facts.push(if refund > Cents::ZERO {
                    tr(
                        "mail-booking-refund",
                        &[("amount", &euros(refund)), ("way", &way)],
                    )
                } else {
                    tr("mail-booking-no-refund", &[])
                });
            }
            facts.push(tr("mail-booking-nothing-owed", &[]));
        }
    }
    let mail = BookingMail {
        kind,
        title: t.title.pick(lang.code()).to_owned(),
        starts_on: format::date(lang, d.starts_on),
        ends_on: format::date(lang, d.ends_on),
        seats: b.seats,
        travellers,
        total: euros(b.total_cents),
        expires_at: format::datetime(lang, b.expires_at),
        reason: b.cancel_reason.clone().filter(|r| {
            matches!(kind, Kind::CancelledByHost | Kind::DepartureCalledOff) && !r.trim().is_empty()
        }),
        facts,
        pre_departure: t.pre_departure.pick(lang.code()).to_owned(),
        link: mailer.link(&format!("/bookings/{}", b.reference)),
        pay_link,
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
