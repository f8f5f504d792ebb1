//! Trips and their departures: who may describe them (the partnership's coordinators and the
//! trips' hosts), and what a departure shows (places left, price breakdown, policy).

use crate::db::OneOrNotFound;
use crate::money::Cents;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Brussels;
use entity::booking::BookingStatus;
use entity::trip::{Programme, Texts, TripStatus};
use entity::{DepartureId, TripId};
use entity::{departure, partnership, territory, trip};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

use super::domain;
use super::input::{NewDeparture, NewTrip};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::security::{AuthUser, Role};
use entity::departure::DepartureStatus;

/// Today where the trip takes place: its departures begin on local days there, and the days
/// before a departure (booking, cancellation tiers) are counted there too.
pub async fn trip_today(
    conn: &impl ConnectionTrait,
    t: &trip::Model,
    now: DateTime<Utc>,
) -> AppResult<NaiveDate> {
    use sea_orm::QuerySelect;
    let country: Option<String> = territory::Entity::find_by_id(t.territory_id)
        .select_only()
        .column(territory::Column::Country)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(today_in(country.as_deref(), now))
}

/// A day before today everywhere (the SQL bound before each trip's own today is applied).
fn any_today(now: DateTime<Utc>) -> NaiveDate {
    now.date_naive() - chrono::Duration::days(1)
}

/// Today in a territory's country (Brussels when it has none).
pub fn today_in(country: Option<&str>, now: DateTime<Utc>) -> NaiveDate {
    let zone = country
        .map(crate::territories::domain::time_zone)
        .unwrap_or(Brussels);
    now.with_timezone(&zone).date_naive()
}

/// Whether `actor` may describe trips of a partnership: its coordinators, admins, and hosts of
/// one of its trips.
async fn may_host(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    partnership_id: entity::PartnershipId,
) -> AppResult<bool> {
    if actor.coordinates_partnership(partnership_id) {
        return Ok(true);
    }
    let hosted: Vec<i64> = actor.scopes_of(Role::TripHost).collect();
    if hosted.is_empty() {
        return Ok(false);
    }
    Ok(trip::Entity::find()
        .filter(trip::Column::Id.is_in(hosted))
        .filter(trip::Column::PartnershipId.eq(partnership_id))
        .one(conn)
        .await?
        .is_some())
}

/// Whether `actor` runs this trip: its hosts and its partnership's coordinators.
pub fn runs(actor: &AuthUser, t: &trip::Model) -> bool {
    actor.holds(Role::TripHost, t.id) || actor.coordinates_partnership(t.partnership_id)
}

/// Describes a trip hosted in the partner territory of a partnership; its creator becomes one of
/// its hosts.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn create_trip(
    db: &DatabaseConnection,
    actor: &AuthUser,
    t: NewTrip,
    now: DateTime<Utc>,
) -> AppResult<trip::Model> {
    let p = partnership::Entity::find()
        .filter(partnership::Column::Slug.eq(t.partnership.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation("partnership", "unknown-partnership"))?;
    if !may_host(db, actor, p.id).await? {
        return Err(AppError::Forbidden);
    }
    let host = territory::Entity::find()
        .filter(territory::Column::Slug.eq(t.territory.as_str()))
        .one(db)
        .await?;
    let Some(host) = host.filter(|h| h.id == p.partner_territory_id) else {
        return Err(AppError::Validation(FieldErrors::single(
            "territory",
            FieldError::new("territory-not-partner"),
        )));
    };
    let txn = crate::db::begin_write(db).await?;
    let base = slug::slugify(t.title.pick("fr"));
    let slug = crate::db::free_slug::<trip::Entity>(
        &txn,
        trip::Column::Slug,
        if base.is_empty() { "trip" } else { &base },
    )
    .await?;
    let model = trip::ActiveModel {
        slug: Set(slug),
        partnership_id: Set(p.id),
        territory_id: Set(host.id),
        title: Set(t.title),
        description: Set(t.description),
        programme: Set(Programme(t.programme)),
        included: Set(t.included),
        not_included: Set(t.not_included),
        pre_departure: Set(t.pre_departure),
        languages: Set(Texts(t.languages)),
        accessibility: Set(t.accessibility),
        min_group: Set(t.min_group),
        max_group: Set(t.max_group),
        status: Set(TripStatus::Published),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::accounts::service::grant(
        &txn,
        actor.id,
        crate::security::Grant::new(Role::TripHost, model.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn trip(conn: &impl ConnectionTrait, id: TripId) -> AppResult<trip::Model> {
    trip::Entity::find_by_id(id).one_or_404(conn).await
}

/// Adds a dated departure (hosts and coordinators of the trip).
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn create_departure(
    db: &DatabaseConnection,
    actor: &AuthUser,
    trip_id: TripId,
    d: NewDeparture,
    now: DateTime<Utc>,
) -> AppResult<departure::Model> {
    let t = trip(db, trip_id).await?;
    if !runs(actor, &t) {
        return Err(AppError::NotFound);
    }
    if i64::from(d.capacity) < i64::from(t.min_group) {
        return Err(AppError::Validation(FieldErrors::single(
            "capacity",
            FieldError::new("capacity-below-minimum").with("min", t.min_group),
        )));
    }
    let txn = crate::db::begin_write(db).await?;
    let d = departure::ActiveModel {
        trip_id: Set(t.id),
        starts_on: Set(d.starts_on),
        ends_on: Set(d.ends_on),
        capacity: Set(d.capacity),
        seats_taken: Set(0),
        price_cents: Set(d.price_cents),
        deposit_bp: Set(d.deposit_bp),
        community_share_bp: Set(d.community_share_bp),
        transport_cents: Set(d.transport_cents),
        organisation_bp: Set(d.organisation_bp),
        balance_due_on: Set(Some(d.balance_due_on)),
        policy: Set(d.policy),
        status: Set(DepartureStatus::Scheduled),
        confirmed_at: Set(None),
        cancelled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::booking::schedule_check(&txn, &d, now).await?;
    txn.commit().await?;
    Ok(d)
}

/// Changes a departure's capacity; never below the places already held or booked (a single
/// conditional update, so a booking arriving meanwhile is counted).
pub async fn set_capacity(
    db: &DatabaseConnection,
    actor: &AuthUser,
    departure_id: DepartureId,
    capacity: i64,
    now: DateTime<Utc>,
) -> AppResult<departure::Model> {
    let (d, t) = departure_with_trip(db, departure_id).await?;
    if !runs(actor, &t) {
        return Err(AppError::NotFound);
    }
    if !(1..=super::input::MAX_CAPACITY).contains(&capacity) {
        return Err(AppError::Validation(FieldErrors::single(
            "capacity",
            FieldError::new("range")
                .with("min", 1)
                .with("max", super::input::MAX_CAPACITY),
        )));
    }
    use sea_orm::sea_query::Expr;
    let res = departure::Entity::update_many()
        .col_expr(departure::Column::Capacity, Expr::value(capacity as i32))
        .col_expr(departure::Column::UpdatedAt, Expr::value(now))
        .filter(departure::Column::Id.eq(d.id))
        .filter(departure::Column::SeatsTaken.lte(capacity as i32))
        .exec(db)
        .await?;
    let d = departure::Entity::find_by_id(d.id).one_or_404(db).await?;
    if res.rows_affected == 0 {
        return Err(AppError::Validation(FieldErrors::single(
            "capacity",
            FieldError::new("capacity-below-booked").with("taken", d.seats_taken),
        )));
    }
    Ok(d)
}

pub async fn departure_with_trip(
    conn: &impl ConnectionTrait,
    id: DepartureId,
) -> AppResult<(departure::Model, trip::Model)> {
    let d = departure::Entity::find_by_id(id).one_or_404(conn).await?;
    let t = trip(conn, d.trip_id).await?;
    Ok((d, t))
}

/// Places left on a departure.
pub fn seats_left(d: &departure::Model) -> i64 {
    i64::from((d.capacity - d.seats_taken).max(0))
}

pub fn breakdown(d: &departure::Model) -> domain::Breakdown {
    domain::breakdown(
        d.price_cents,
        d.community_share_bp,
        d.transport_cents,
        d.organisation_bp,
    )
    .unwrap_or(domain::Breakdown {
        price_cents: d.price_cents,
        hosts_cents: d.price_cents,
        transport_cents: Cents::ZERO,
        organisation_cents: Cents::ZERO,
        community_fund_cents: Cents::ZERO,
    })
}

/// A trip with what its pages show.
pub struct TripFull {
    pub trip: trip::Model,
    pub partnership: partnership::Model,
    pub territory: territory::Model,
    pub departures: Vec<departure::Model>,
}

/// Every published trip with its partnership, territory and coming departures (four queries).
pub async fn all_trips(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<Vec<TripFull>> {
    use sea_orm::QueryOrder;
    let trips = trip::Entity::find()
        .filter(trip::Column::Status.eq(TripStatus::Published))
        .order_by_asc(trip::Column::Id)
        .all(db)
        .await?;
    let departures = departure::Entity::find()
        .filter(departure::Column::TripId.is_in(trips.iter().map(|t| t.id)))
        .filter(departure::Column::StartsOn.gt(any_today(now)))
        .order_by_asc(departure::Column::StartsOn)
        .all(db)
        .await?;
    let partnerships: std::collections::HashMap<entity::PartnershipId, partnership::Model> =
        partnership::Entity::find()
            .filter(partnership::Column::Id.is_in(trips.iter().map(|t| t.partnership_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
    let territories: std::collections::HashMap<i64, territory::Model> = territory::Entity::find()
        .filter(territory::Column::Id.is_in(trips.iter().map(|t| t.territory_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    Ok(trips
        .into_iter()
        .filter_map(|t| {
            let territory = territories.get(&t.territory_id)?.clone();
            let today = today_in(Some(&territory.country), now);
            Some(TripFull {
                partnership: partnerships.get(&t.partnership_id)?.clone(),
                departures: departures
                    .iter()
                    .filter(|d| d.trip_id == t.id && d.starts_on > today)
                    .cloned()
                    .collect(),
                territory,
                trip: t,
            })
        })
        .collect())
}

/// One trip by its slug, with its coming departures.
pub async fn trip_by_slug(
    db: &DatabaseConnection,
    slug: &str,
    now: DateTime<Utc>,
) -> AppResult<TripFull> {
    use sea_orm::QueryOrder;
    let t = trip::Entity::find()
        .filter(trip::Column::Slug.eq(slug))
        .one_or_404(db)
        .await?;
    let partnership = partnership::Entity::find_by_id(t.partnership_id)
        .one_or_404(db)
        .await?;
    let territory = territory::Entity::find_by_id(t.territory_id)
        .one_or_404(db)
        .await?;
    // The coming departures: not begun where the trip takes place.
    let departures = departure::Entity::find()
        .filter(departure::Column::TripId.eq(t.id))
        .filter(departure::Column::StartsOn.gt(today_in(Some(&territory.country), now)))
        .order_by_asc(departure::Column::StartsOn)
        .all(db)
        .await?;
    Ok(TripFull {
        trip: t,
        partnership,
        territory,
        departures,
    })
}

/// The departures of the trips `actor` runs, soonest first.
pub async fn hosted_departures(
    db: &DatabaseConnection,
    actor: &AuthUser,
) -> AppResult<Vec<(departure::Model, trip::Model)>> {
    use sea_orm::QueryOrder;
    let trips: Vec<trip::Model> = trip::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter(|t| runs(actor, t))
        .collect();
    let departures = departure::Entity::find()
        .filter(departure::Column::TripId.is_in(trips.iter().map(|t| t.id)))
        .order_by_asc(departure::Column::StartsOn)
        .all(db)
        .await?;
    Ok(departures
        .into_iter()
        .filter_map(|d| {
            let t = trips.iter().find(|t| t.id == d.trip_id)?.clone();
            Some((d, t))
        })
        .collect())
}

/// A traveller on a departure's list, with their booking.
pub struct RosterLine {
    pub traveller: String,
    pub booking: entity::booking::Model,
    pub paid_cents: Cents,
}

/// Everyone holding or booked on a departure (hosts and coordinators; a fixed number of queries).
/// Also today where the trip takes place.
pub async fn roster(
    db: &DatabaseConnection,
    actor: &AuthUser,
    departure_id: DepartureId,
    now: DateTime<Utc>,
) -> AppResult<(departure::Model, trip::Model, Vec<RosterLine>, NaiveDate)> {
    use entity::{booking, payment_request, traveller};
    use sea_orm::QueryOrder;
    let (d, t) = departure_with_trip(db, departure_id).await?;
    if !runs(actor, &t) {
        return Err(AppError::NotFound);
    }
    let bookings = booking::Entity::find()
        .filter(booking::Column::DepartureId.eq(d.id))
        .filter(booking::Column::Status.is_in([BookingStatus::Held, BookingStatus::Confirmed]))
        .order_by_asc(booking::Column::Id)
        .all(db)
        .await?;
    let travellers = traveller::Entity::find()
        .filter(traveller::Column::BookingId.is_in(bookings.iter().map(|b| b.id)))
        .order_by_asc(traveller::Column::BookingId)
        .order_by_asc(traveller::Column::Position)
        .all(db)
        .await?;
    let requests = payment_request::Entity::find()
        .filter(
            payment_request::Column::Id.is_in(
                bookings
                    .iter()
                    .flat_map(|b| [b.deposit_request_id, b.balance_request_id])
                    .flatten(),
            ),
        )
        .all(db)
        .await?;
    let lines = travellers
        .into_iter()
        .filter_map(|tr| {
            let b = bookings.iter().find(|b| b.id == tr.booking_id)?.clone();
            let paid = requests
                .iter()
                .filter(|r| {
                    Some(r.id) == b.deposit_request_id || Some(r.id) == b.balance_request_id
                })
                .map(|r| r.paid_cents - r.refunded_cents)
                .sum();
            Some(RosterLine {
                traveller: tr.name,
                booking: b,
                paid_cents: paid,
            })
        })
        .collect();
    let today = trip_today(db, &t, now).await?;
    Ok((d, t, lines, today))
}

/// Appoints a host of a trip (its partnership's coordinators): an emailed invitation that gives
/// the `trip_host` role to whoever accepts it with this address.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn invite_host(
    db: &DatabaseConnection,
    mailer: &crate::mail::outbox::Mailer,
    actor: &AuthUser,
    trip_id: TripId,
    email: &str,
    lang: crate::web::i18n::Lang,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let t = trip(db, trip_id).await?;
    if !actor.coordinates_partnership(t.partnership_id) {
        return Err(if runs(actor, &t) {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    let email = crate::accounts::domain::normalize_email(email);
    if email.is_empty() || !validator::ValidateEmail::validate_email(&email.as_str()) {
        return Err(AppError::validation("email", "email"));
    }
    let txn = crate::db::begin_write(db).await?;
    crate::accounts::invitations::invite(
        &txn,
        mailer,
        actor,
        &email,
        crate::security::Grant::new(Role::TripHost, t.id),
        t.title.pick(lang.code()),
        lang,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
