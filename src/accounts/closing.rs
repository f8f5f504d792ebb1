//! Closing one's own account (`/account/close`, `POST /api/v1/me/close`). What still binds the
//! person to others blocks it, each said with the way out: a payment request not fully paid
//! (pay it), a stay to come (cancel it or wait until it ends), a group they alone coordinate or
//! a producer they alone represent (hand it over first). When nothing blocks, the account's
//! personal data is erased in one transaction ([`super::erasure`]) and a last email confirms
//! the closing to the old address.

use chrono::{DateTime, Utc};
use entity::payment_request::RequestStatus;
use entity::{booking, consumer_group, departure, payment_request, producer, role_assignment};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{AppError, AppResult};
use crate::mail::outbox::Mailer;
use crate::security::AuthUser;

/// What stops an account from closing, with where to resolve it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Blocker {
    /// `open_payment`, `stay_to_come`, `sole_group_coordinator` or `sole_producer_member`.
    pub kind: &'static str,
    /// What it is about: a payment reference, a booking reference, a group's or producer's name.
    pub what: String,
    /// The page where it is resolved.
    pub url: String,
}

/// What a request to close gave.
#[derive(Debug)]
pub enum Closing {
    Closed,
    Blocked(Vec<Blocker>),
}

/// Everything that blocks closing the account `user_id` on `now`.
pub async fn blockers(
    conn: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> AppResult<Vec<Blocker>> {
    let mut found: Vec<Blocker> = payment_request::Entity::find()
        .filter(payment_request::Column::PayerUserId.eq(user_id))
        .filter(
            payment_request::Column::Status.is_in([RequestStatus::Open, RequestStatus::PartlyPaid]),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|r| Blocker {
            kind: "open_payment",
            url: format!("/pay/{}", r.reference),
            what: r.reference,
        })
        .collect();
    let bookings = booking::Entity::find()
        .filter(booking::Column::UserId.eq(user_id))
        .filter(booking::Column::Status.is_in([
            booking::BookingStatus::Held,
            booking::BookingStatus::Confirmed,
        ]))
        .all(conn)
        .await?;
    let to_come = departure::Entity::find()
        .filter(departure::Column::Id.is_in(bookings.iter().map(|b| b.departure_id.get())))
        .filter(departure::Column::EndsOn.gte(now.date_naive()))
        .all(conn)
        .await?;
    found.extend(
        bookings
            .into_iter()
            .filter(|b| to_come.iter().any(|d| d.id == b.departure_id))
            .map(|b| Blocker {
                kind: "stay_to_come",
                url: format!("/bookings/{}", b.reference),
                what: b.reference,
            }),
    );
    let (groups, producers) = sole_holder_of(conn, user_id).await?;
    found.extend(
        consumer_group::Entity::find()
            .filter(consumer_group::Column::Id.is_in(groups))
            .all(conn)
            .await?
            .into_iter()
            .map(|g| Blocker {
                kind: "sole_group_coordinator",
                url: format!("/groups/{}", g.slug),
                what: g.name,
            }),
    );
    found.extend(
        producer::Entity::find()
            .filter(producer::Column::Id.is_in(producers))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| Blocker {
                kind: "sole_producer_member",
                url: format!("/producer/{}", p.id),
                what: p.name,
            }),
    );
    Ok(found)
}

/// The groups the person alone coordinates and the producers they alone represent.
async fn sole_holder_of(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> AppResult<(Vec<i64>, Vec<i64>)> {
    const HELD: [(&str, &str); 2] = [
        ("group_coordinator", "group"),
        ("producer_member", "producer"),
    ];
    let mine = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .filter(role_assignment::Column::Role.is_in(HELD.map(|(r, _)| r)))
        .all(conn)
        .await?;
    let everyone = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.is_in(HELD.map(|(r, _)| r)))
        .filter(role_assignment::Column::ScopeId.is_in(mine.iter().map(|r| r.scope_id)))
        .all(conn)
        .await?;
    let alone = |role: &str| -> Vec<i64> {
        mine.iter()
            .filter(|m| m.role == role)
            .filter(|m| {
                !everyone.iter().any(|o| {
                    o.role == m.role
                        && o.scope_type == m.scope_type
                        && o.scope_id == m.scope_id
                        && o.user_id != user_id
                })
            })
            .map(|m| m.scope_id)
            .collect()
    };
    Ok((alone(HELD[0].0), alone(HELD[1].0)))
}

/// Closes the account of `user` if `password` is theirs and nothing blocks: one transaction
/// erases its personal data, and queues the last email to the address it had.
#[tracing::instrument(skip_all, fields(user = user.id))]
pub async fn close(
    db: &DatabaseConnection,
    mailer: &Mailer,
    user: &AuthUser,
    password: &str,
    now: DateTime<Utc>,
) -> AppResult<Closing> {
    super::profile::check_password(db, user, password, "password").await?;
    let txn = crate::db::begin_write(db).await?;
    let blocked = blockers(&txn, user.id, now).await?;
    if !blocked.is_empty() {
        return Ok(Closing::Blocked(blocked));
    }
    let account = entity::user::Entity::find_by_id(user.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    super::erasure::erase(&txn, &account, now).await?;
    super::erasure::queue_last_mail(&txn, mailer, &account, now).await?;
    txn.commit().await?;
    tracing::info!("account closed");
    Ok(Closing::Closed)
}
