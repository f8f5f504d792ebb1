//! The waiting list of a full departure: whole families or groups (n places) wait in order; when
//! places free up, the first entry that fits gets them held for a limited time, with the link to
//! pay (the same hold as a booking: unpaid, it expires and goes to the next).

use chrono::{DateTime, Duration, Utc};
use entity::DepartureId;
use entity::departure::DepartureStatus;
use entity::trip::Texts;
use entity::waitlist_entry::WaitlistStatus;
use entity::{departure, waitlist_entry};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::booking::hold_places;
use super::input::NewBooking;
use super::notify::{self, Kind};
use super::service::{departure_with_trip, seats_left, trip_today};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::mail::outbox::Mailer;
use crate::security::AuthUser;
use crate::web::i18n::Lang;

/// Joins the waiting list of a departure with too few places left for these travellers.
pub async fn join(
    db: &DatabaseConnection,
    actor: &AuthUser,
    departure_id: DepartureId,
    b: NewBooking,
    now: DateTime<Utc>,
) -> AppResult<waitlist_entry::Model> {
    let (d, t) = departure_with_trip(db, departure_id).await?;
    let seats = b.travellers.len() as i64;
    let today = trip_today(db, &t, now).await?;
    super::booking::check_party(actor, &d, &t, seats, today)?;
    crate::fund::service::check_choice(db, t.partnership_id, b.fund_project).await?;
    if seats_left(&d) >= seats {
        return Err(AppError::conflict("waitlist-places-left"));
    }
    Ok(waitlist_entry::ActiveModel {
        departure_id: Set(d.id),
        user_id: Set(actor.id),
        seats: Set(seats as i32),
        travellers: Set(Texts(b.travellers)),
        contact_email: Set(b.contact_email),
        status: Set(WaitlistStatus::Waiting),
        booking_id: Set(None),
        fund_project_id: Set(b.fund_project),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Offers freed places, in the caller's transaction: in order of arrival, the first entries
/// whose whole party fits get the places held for them and are told.
pub async fn offer_freed(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    departure_id: DepartureId,
    hold: Duration,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let (d, t) = departure_with_trip(conn, departure_id).await?;
    if d.status == DepartureStatus::Cancelled || d.starts_on <= trip_today(conn, &t, now).await? {
        return Ok(0);
    }
    let waiting = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::DepartureId.eq(departure_id))
        .filter(waitlist_entry::Column::Status.eq(WaitlistStatus::Waiting))
        .order_by_asc(waitlist_entry::Column::Id)
        .all(conn)
        .await?;
    let mut left = seats_left(&d);
    let mut offers = 0;
    for e in waiting {
        if left == 0 {
            break;
        }
        if i64::from(e.seats) > left {
            continue;
        }
        let lang = entity::user::Entity::find_by_id(e.user_id)
            .one(conn)
            .await?
            .and_then(|u| Lang::parse(&u.locale))
            .unwrap_or(Lang::Fr);
        let booking = NewBooking {
            contact_name: e.travellers.0.first().cloned().unwrap_or_default(),
            travellers: e.travellers.0.clone(),
            contact_email: e.contact_email.clone(),
            contact_phone: None,
            dietary: None,
            accessibility: None,
            // The project chosen, if it still takes support (else the fund as a whole).
            fund_project: match e.fund_project_id {
                Some(id)
                    if crate::fund::service::check_choice(conn, t.partnership_id, Some(id))
                        .await
                        .is_ok() =>
                {
                    Some(id)
                }
                _ => None,
            },
        };
        let d_now = departure::Entity::find_by_id(d.id).one_or_404(conn).await?;
        let Some(held) = hold_places(
            conn,
            Some(mailer),
            (e.user_id, lang),
            &d_now,
            &t,
            booking,
            hold,
            now,
        )
        .await?
        else {
            break;
        };
        left -= i64::from(e.seats);
        offers += 1;
        let mut a: waitlist_entry::ActiveModel = e.into();
        a.status = Set(WaitlistStatus::Offered);
        a.booking_id = Set(Some(held.booking.id));
        a.updated_at = Set(now);
        a.update(conn).await?;
        notify::later(
            conn,
            held.booking.id,
            Kind::WaitlistOffer,
            "offer",
            now,
            now,
        )
        .await?;
    }
    Ok(offers)
}

/// Leaves the waiting list.
pub async fn leave(
    db: &DatabaseConnection,
    actor: &AuthUser,
    entry_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    use sea_orm::sea_query::Expr;
    let res = waitlist_entry::Entity::update_many()
        .col_expr(
            waitlist_entry::Column::Status,
            Expr::value(WaitlistStatus::Withdrawn),
        )
        .col_expr(waitlist_entry::Column::UpdatedAt, Expr::value(now))
        .filter(waitlist_entry::Column::Id.eq(entry_id))
        .filter(waitlist_entry::Column::UserId.eq(actor.id))
        .filter(waitlist_entry::Column::Status.eq(WaitlistStatus::Waiting))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Leaves a waiting list from the trip page: returns the trip's slug to go back to.
pub async fn leave_from_page(
    db: &DatabaseConnection,
    actor: &AuthUser,
    entry_id: i64,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let entry = waitlist_entry::Entity::find_by_id(entry_id)
        .one(db)
        .await?
        .filter(|e| e.user_id == actor.id)
        .ok_or(AppError::NotFound)?;
    if entry.status != WaitlistStatus::Waiting {
        return Err(AppError::conflict("waitlist-not-waiting"));
    }
    leave(db, actor, entry_id, now).await?;
    let (_, t) = departure_with_trip(db, entry.departure_id).await?;
    Ok(t.slug)
}
