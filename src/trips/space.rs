//! What stays put on a person's own page: for a traveller, holds to pay before they expire,
//! balances due, places on waiting lists (and places offered from them), and their bookings,
//! coming and past, each with its calendar file; for a host (or a coordinator of the trip's
//! partnership), the coming departures of the trips they run with the places taken and the
//! traveller list. At most seven queries whatever the data.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use entity::{TripId, booking, departure, payment_request, trip, waitlist_entry};
use sea_orm::{
    ActiveEnum, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::clock::today;
use crate::error::AppResult;
use crate::money::Cents;
use crate::security::{AuthUser, Role};
use crate::web::format;
use crate::web::i18n::{Arg, Lang, translate, translate_args};
use crate::web::space::{SpaceItem, SpaceKind};
use entity::booking::BookingStatus;
use entity::departure::DepartureStatus;
use entity::waitlist_entry::WaitlistStatus;

/// Past bookings shown (the newest).
const PAST: usize = 12;

fn tr(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    translate_args(lang, key, args)
}

/// A day as an instant (noon in Brussels), so that lines sort with the others.
fn noon(d: NaiveDate) -> DateTime<Utc> {
    format::DEFAULT_ZONE
        .from_local_datetime(&d.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| d.and_time(NaiveTime::MIN).and_utc())
}

fn line(
    kind: SpaceKind,
    area: &'static str,
    title: String,
    detail: String,
    href: String,
    when: Option<DateTime<Utc>>,
    extra: Option<(String, String)>,
) -> SpaceItem {
    SpaceItem {
        kind,
        area,
        title,
        detail,
        href,
        when,
        extra,
    }
}

/// The person's lines for stays: as a traveller, then as a host.
pub async fn space_items(
    conn: &impl ConnectionTrait,
    user: &AuthUser,
    now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let mut items = traveller_items(conn, user, now, lang).await?;
    items.extend(host_items(conn, user, now, lang).await?);
    Ok(items)
}

/// Holds, balances, waiting lists and bookings (five queries at most).
async fn traveller_items(
    conn: &impl ConnectionTrait,
    user: &AuthUser,
    now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let bookings = booking::Entity::find()
        .filter(booking::Column::UserId.eq(user.id))
        .filter(booking::Column::Status.is_in([
            BookingStatus::Held,
            BookingStatus::Confirmed,
            BookingStatus::Cancelled,
        ]))
        .order_by_asc(booking::Column::Id)
        .all(conn)
        .await?;
    let entries = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::UserId.eq(user.id))
        .filter(
            waitlist_entry::Column::Status
                .is_in([WaitlistStatus::Waiting, WaitlistStatus::Offered]),
        )
        .all(conn)
        .await?;
    if bookings.is_empty() && entries.is_empty() {
        return Ok(Vec::new());
    }
    let departure_ids: BTreeSet<entity::DepartureId> = bookings
        .iter()
        .map(|b| b.departure_id)
        .chain(entries.iter().map(|e| e.departure_id))
        .collect();
    let departures: HashMap<entity::DepartureId, departure::Model> = departure::Entity::find()
        .filter(departure::Column::Id.is_in(departure_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let trips: HashMap<TripId, trip::Model> = trip::Entity::find()
        .filter(trip::Column::Id.is_in(departures.values().map(|d| d.trip_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let request_ids: Vec<entity::PaymentRequestId> = bookings
        .iter()
        .filter(|b| b.status != BookingStatus::Cancelled)
        .flat_map(|b| [b.deposit_request_id, b.balance_request_id])
        .flatten()
        .collect();
    let requests: HashMap<entity::PaymentRequestId, payment_request::Model> =
        crate::db::rows_by::<payment_request::Entity, _>(
            conn,
            payment_request::Column::Id,
            request_ids,
            |r| r.id,
        )
        .await?;
    let offered: BTreeSet<entity::BookingId> = entries
        .iter()
        .filter(|e| e.status == WaitlistStatus::Offered)
        .filter_map(|e| e.booking_id)
        .collect();
    let today = today(now);
    let euros = |c: Cents| c.euros();
    let see = || tr(lang, "space-booking-see", &[]);
    let mut items = Vec::new();
    let mut past = Vec::new();
    for b in &bookings {
        let Some(d) = departures.get(&b.departure_id) else {
            continue;
        };
        let Some(t) = trips.get(&d.trip_id) else {
            continue;
        };
        let title = t.title.pick(lang.code()).to_owned();
        let page = format!("/bookings/{}", b.reference);
        let dates = [
            ("start", Arg::from(format::date(lang, d.starts_on))),
            ("end", format::date(lang, d.ends_on).into()),
            ("seats", b.seats.into()),
        ];
        match b.status {
            BookingStatus::Held if b.expires_at > now => {
                let deposit = b.deposit_request_id.and_then(|id| requests.get(&id));
                let key = if offered.contains(&b.id) {
                    "space-trip-offer"
                } else {
                    "space-trip-hold"
                };
                items.push(line(
                    SpaceKind::Todo,
                    "trips",
                    title,
                    tr(
                        lang,
                        key,
                        &[
                            ("amount", euros(b.deposit_cents).into()),
                            ("date", format::datetime(lang, b.expires_at).into()),
                            ("seats", b.seats.into()),
                        ],
                    ),
                    deposit
                        .map(|r| format!("/pay/{}", r.reference))
                        .unwrap_or_else(|| page.clone()),
                    Some(b.expires_at),
                    Some((see(), page)),
                ));
            }
            BookingStatus::Confirmed => {
                let owed = b
                    .balance_request_id
                    .and_then(|id| requests.get(&id))
                    .filter(|r| r.cancelled_at.is_none())
                    .map(|r| (r, r.amount_cents - (r.paid_cents - r.refunded_cents)))
                    .filter(|(_, o)| *o > Cents::ZERO);
                if let Some((r, amount)) = owed {
                    let due = r.due_on.or(d.balance_due_on).unwrap_or(d.starts_on);
                    items.push(line(
                        SpaceKind::Todo,
                        "trips",
                        title.clone(),
                        tr(
                            lang,
                            "space-trip-balance",
                            &[
                                ("amount", euros(amount).into()),
                                ("date", format::date(lang, due).into()),
                            ],
                        ),
                        format!("/pay/{}", r.reference),
                        Some(noon(due)),
                        Some((see(), page.clone())),
                    ));
                }
                let key = if d.status == DepartureStatus::Cancelled {
                    "space-trip-cancelled"
                } else if d.ends_on < today {
                    "space-trip-past"
                } else {
                    "space-trip-coming"
                };
                let row = line(
                    SpaceKind::Done,
                    "trips",
                    title,
                    tr(lang, key, &dates),
                    page.clone(),
                    Some(noon(d.starts_on)),
                    Some((
                        tr(lang, "space-trip-calendar", &[]),
                        format!("{page}/calendar.ics"),
                    )),
                );
                if d.ends_on < today {
                    past.push(row);
                } else {
                    items.push(row);
                }
            }
            BookingStatus::Cancelled => {
                let detail = if b.refund_cents > Cents::ZERO {
                    tr(
                        lang,
                        "space-trip-cancelled-refund",
                        &[("amount", euros(b.refund_cents).into())],
                    )
                } else {
                    tr(lang, "space-trip-cancelled", &dates)
                };
                past.push(line(
                    SpaceKind::Done,
                    "trips",
                    title,
                    detail,
                    page,
                    b.cancelled_at.or(Some(b.updated_at)),
                    None,
                ));
            }
            _ => {}
        }
    }
    past.sort_by_key(|i| std::cmp::Reverse(i.when));
    items.extend(past.into_iter().take(PAST));
    for e in entries
        .iter()
        .filter(|e| e.status == WaitlistStatus::Waiting)
    {
        let Some(d) = departures.get(&e.departure_id) else {
            continue;
        };
        let Some(t) = trips.get(&d.trip_id) else {
            continue;
        };
        if d.starts_on <= today || d.status == DepartureStatus::Cancelled {
            continue;
        }
        items.push(line(
            SpaceKind::Todo,
            "trips",
            t.title.pick(lang.code()).to_owned(),
            tr(
                lang,
                "space-trip-waiting",
                &[
                    ("seats", e.seats.into()),
                    ("start", format::date(lang, d.starts_on).into()),
                ],
            ),
            format!("/trips/{}#departure-{}", t.slug, d.id),
            None,
            None,
        ));
    }
    Ok(items)
}

/// Coming departures of the trips the person hosts or whose partnership they coordinate
/// (granted, not as an admin: an admin would see every departure), and the last stays they
/// hosted. Three queries.
async fn host_items(
    conn: &impl ConnectionTrait,
    user: &AuthUser,
    now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let hosted: Vec<i64> = user.scopes_of(Role::TripHost).collect();
    let coordinated: Vec<entity::PartnershipId> = user
        .scopes_of(Role::PartnershipCoordinator)
        .map(entity::PartnershipId)
        .collect();
    if hosted.is_empty() && coordinated.is_empty() {
        return Ok(Vec::new());
    }
    let trips: HashMap<TripId, trip::Model> = trip::Entity::find()
        .filter(
            Condition::any()
                .add(trip::Column::Id.is_in(hosted))
                .add(trip::Column::PartnershipId.is_in(coordinated)),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    if trips.is_empty() {
        return Ok(Vec::new());
    }
    let departures = departure::Entity::find()
        .filter(departure::Column::TripId.is_in(trips.keys().copied()))
        .filter(departure::Column::EndsOn.gte(today(now)))
        .filter(departure::Column::Status.ne(DepartureStatus::Cancelled))
        .order_by_asc(departure::Column::StartsOn)
        .all(conn)
        .await?;
    // The stays they hosted, most recent first (as many as the personal page shows).
    let hosted_stays = departure::Entity::find()
        .filter(departure::Column::TripId.is_in(trips.keys().copied()))
        .filter(departure::Column::EndsOn.lt(today(now)))
        .filter(departure::Column::Status.ne(DepartureStatus::Cancelled))
        .filter(departure::Column::SeatsTaken.gt(0))
        .order_by_desc(departure::Column::StartsOn)
        .limit(HOSTED_SHOWN)
        .all(conn)
        .await?;
    let past = hosted_stays.iter().filter_map(|d| {
        let t = trips.get(&d.trip_id)?;
        Some(line(
            SpaceKind::Done,
            "hosting",
            t.title.pick(lang.code()).to_owned(),
            tr(
                lang,
                "space-host-hosted",
                &[
                    ("start", format::date(lang, d.starts_on).into()),
                    ("end", format::date(lang, d.ends_on).into()),
                    ("travellers", d.seats_taken.into()),
                ],
            ),
            format!("/host/departures/{}", d.id),
            Some(noon(d.starts_on)),
            None,
        ))
    });
    Ok(departures
        .iter()
        .filter_map(|d| {
            let t = trips.get(&d.trip_id)?;
            Some(line(
                SpaceKind::Todo,
                "hosting",
                t.title.pick(lang.code()).to_owned(),
                tr(
                    lang,
                    "space-host-departure",
                    &[
                        ("start", format::date(lang, d.starts_on).into()),
                        ("end", format::date(lang, d.ends_on).into()),
                        ("taken", d.seats_taken.into()),
                        ("capacity", d.capacity.into()),
                        (
                            "status",
                            translate(
                                lang,
                                &format!("departure-status-{}", d.status.to_value()),
                                &[],
                            )
                            .into(),
                        ),
                    ],
                ),
                format!("/host/departures/{}", d.id),
                Some(noon(d.starts_on)),
                Some((
                    tr(lang, "host-export", &[]),
                    format!("/host/departures/{}/travellers.csv", d.id),
                )),
            ))
        })
        .chain(past)
        .collect())
}

/// How many past stays a host's page lists.
const HOSTED_SHOWN: u64 = 10;
