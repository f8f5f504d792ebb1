//! A shipment running late: its new expected arrival recorded in its history, the pickup date
//! of the campaigns in it moved, and the households who ordered told, in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{ShipmentId, shipment, shipment_delay, shipment_event, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::contents;
use super::delay_rules::{NewDelay, Standing, can_delay, check_delay, days_moved, moved_pickup};
use super::service::{Shipment, managed};
use crate::db::{OneOrNotFound, rows_by};
use crate::error::{AppError, AppResult};
use crate::mail::outbox::Mailer;
use crate::security::AuthUser;

/// Records that the shipment `id` is late (those who handle its shipments): until it arrived
/// (409 after), the new expected arrival is checked against the old one, today and the last
/// step (422, nothing changed); each campaign in it not delivered, settled nor cancelled gets
/// its pickup date moved, and its households who ordered an email with both dates and the
/// note.
#[tracing::instrument(skip_all, fields(actor = actor.id, shipment = %id))]
pub async fn delay(
    db: &DatabaseConnection,
    mailer: Option<&Mailer>,
    actor: &AuthUser,
    id: ShipmentId,
    d: NewDelay,
    now: DateTime<Utc>,
) -> AppResult<Shipment> {
    let txn = crate::db::begin_write(db).await?;
    let s = managed(&txn, actor, id).await?;
    if !can_delay(s.step) {
        return Err(AppError::conflict("shipment-delay-arrived"));
    }
    let last_step_on = shipment_event::Entity::find()
        .filter(shipment_event::Column::ShipmentId.eq(id))
        .order_by_desc(shipment_event::Column::HappenedOn)
        .one(&txn)
        .await?
        .map(|e| e.happened_on);
    let standing = Standing {
        expected_on: s.expected_on,
        last_step_on,
        today: now.date_naive(),
    };
    check_delay(standing, &d).map_err(AppError::Validation)?;
    // A conditional update: a step or another delay recorded meanwhile is a conflict.
    let expected_before = match s.expected_on {
        Some(on) => shipment::Column::ExpectedOn.eq(on),
        None => shipment::Column::ExpectedOn.is_null(),
    };
    let res = shipment::Entity::update_many()
        .col_expr(shipment::Column::ExpectedOn, Expr::value(d.expected_on))
        .col_expr(shipment::Column::UpdatedAt, Expr::value(now))
        .filter(shipment::Column::Id.eq(id))
        .filter(shipment::Column::Step.eq(s.step))
        .filter(expected_before)
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    let days = days_moved(s.expected_on, d.expected_on);
    shipment_delay::ActiveModel {
        shipment_id: Set(id),
        previous_on: Set(s.expected_on),
        expected_on: Set(d.expected_on),
        pickup_on: Set(d.pickup_on),
        days: Set(i32::try_from(days).unwrap_or(i32::MAX)),
        note: Set(d.note.clone()),
        recorded_by: Set(Some(actor.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for c in contents::campaign_ids(&txn, id).await? {
        let pickup = |before| moved_pickup(before, &d, days);
        crate::group_orders::shipping::delay_delivery(&txn, mailer, c, pickup, &d.note, now)
            .await?;
    }
    let row = shipment::Entity::find_by_id(id).one_or_404(&txn).await?;
    txn.commit().await?;
    Ok(Shipment::of(row))
}

/// The delays of the shipment `id`, oldest first (one query).
pub async fn delays_of(
    conn: &impl ConnectionTrait,
    id: ShipmentId,
) -> AppResult<Vec<shipment_delay::Model>> {
    Ok(shipment_delay::Entity::find()
        .filter(shipment_delay::Column::ShipmentId.eq(id))
        .order_by_asc(shipment_delay::Column::Id)
        .all(conn)
        .await?)
}

/// The names of the people who recorded these steps and delays (one query).
pub async fn recorders(
    conn: &impl ConnectionTrait,
    events: &[shipment_event::Model],
    delays: &[shipment_delay::Model],
) -> AppResult<HashMap<i64, String>> {
    let ids: Vec<i64> = events
        .iter()
        .filter_map(|e| e.recorded_by)
        .chain(delays.iter().filter_map(|d| d.recorded_by))
        .collect();
    Ok(
        rows_by::<user::Entity, _>(conn, user::Column::Id, ids, |u| u.id)
            .await?
            .into_iter()
            .map(|(id, u)| (id, u.display_name))
            .collect(),
    )
}
