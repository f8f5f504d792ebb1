//! What happens to a training registration after it is made. A registered one is cancelled by
//! its territory's coordinators or by the training's publisher (its places go to the waiting
//! list, in order). A waiting one leaves the list (its territory), is declined (the publisher) or
//! admitted by the publisher, who adds the places it needs. Nothing changes once the training has
//! begun.

use chrono::{DateTime, Utc};
use entity::{territory, training, training_registration};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use super::service::my_territories;
use super::trainings::{invite, take};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::mail::outbox::Mailer;
use crate::security::AuthUser;
use entity::training_registration::RegistrationStatus::{Cancelled, Registered, Waiting};

/// A training with the registrations the viewer may see, and who the viewer is for it.
pub struct TrainingFull {
    pub training: training::Model,
    pub organiser: territory::Model,
    /// All of them for the publisher; those of the viewer's territories otherwise.
    pub registrations: Vec<(training_registration::Model, territory::Model)>,
    /// The viewer coordinates the organising territory.
    pub is_publisher: bool,
    /// The territories the viewer speaks for, by name.
    pub mine: Vec<territory::Model>,
}

/// The training page's data (a fixed number of queries).
pub async fn training_full(
    db: &DatabaseConnection,
    actor: Option<&AuthUser>,
    id: i64,
) -> AppResult<TrainingFull> {
    let t = training::Entity::find_by_id(id).one_or_404(db).await?;
    let mine_ids = match actor {
        Some(a) => my_territories(db, a).await?,
        None => Vec::new(),
    };
    let is_publisher = mine_ids.contains(&t.territory_id);
    let registrations = if mine_ids.is_empty() {
        Vec::new()
    } else {
        let mut q = training_registration::Entity::find()
            .filter(training_registration::Column::TrainingId.eq(t.id));
        if !is_publisher {
            q = q.filter(training_registration::Column::TerritoryId.is_in(mine_ids.clone()));
        }
        q.order_by_asc(training_registration::Column::Id)
            .all(db)
            .await?
    };
    let mut ids: Vec<i64> = registrations.iter().map(|r| r.territory_id).collect();
    ids.extend(mine_ids.iter().copied());
    ids.push(t.territory_id);
    let territories = territory::Entity::find()
        .filter(territory::Column::Id.is_in(ids))
        .order_by_asc(territory::Column::Name)
        .all(db)
        .await?;
    let organiser = territories
        .iter()
        .find(|o| o.id == t.territory_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    Ok(TrainingFull {
        registrations: registrations
            .into_iter()
            .filter_map(|r| {
                let who = territories.iter().find(|x| x.id == r.territory_id)?.clone();
                Some((r, who))
            })
            .collect(),
        mine: territories
            .iter()
            .filter(|x| mine_ids.contains(&x.id))
            .cloned()
            .collect(),
        organiser,
        is_publisher,
        training: t,
    })
}

/// The registration and its training, locked in `txn`'s order of writes, checked for `actor`:
/// `publisher_only` for admitting; else its territory's coordinators or the publisher.
async fn load(
    txn: &DatabaseTransaction,
    actor: &AuthUser,
    registration_id: i64,
    publisher_only: bool,
    now: DateTime<Utc>,
) -> AppResult<(training_registration::Model, training::Model)> {
    let r = training_registration::Entity::find_by_id(registration_id)
        .one_or_404(txn)
        .await?;
    let t = training::Entity::find_by_id(r.training_id)
        .one_or_404(txn)
        .await?;
    let mine = my_territories(txn, actor).await?;
    let publisher = mine.contains(&t.territory_id);
    let own = r.user_id == actor.id || mine.contains(&r.territory_id);
    if !(publisher || (own && !publisher_only)) {
        return Err(AppError::NotFound);
    }
    if r.status == Cancelled {
        return Err(AppError::conflict("registration-cancelled"));
    }
    if t.starts_at <= now {
        return Err(AppError::conflict("training-started"));
    }
    Ok((r, t))
}

/// Gives freed places to the waiting registrations that fit, in the order they came.
async fn promote_waiting(
    txn: &DatabaseTransaction,
    mailer: &Mailer,
    training_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let t = training::Entity::find_by_id(training_id)
        .one_or_404(txn)
        .await?;
    let waiting = training_registration::Entity::find()
        .filter(training_registration::Column::TrainingId.eq(t.id))
        .filter(training_registration::Column::Status.eq(Waiting))
        .order_by_asc(training_registration::Column::Id)
        .all(txn)
        .await?;
    for w in waiting {
        if take(txn, t.id, w.seats, now).await? {
            let mut a: training_registration::ActiveModel = w.clone().into();
            a.status = Set(Registered);
            a.updated_at = Set(now);
            let w = a.update(txn).await?;
            invite(txn, mailer, &t, &w, now).await?;
        }
    }
    Ok(())
}

/// Cancels a registration (its territory's coordinators, or the publisher who declines it);
/// the places go to the waiting registrations that fit, in order.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn cancel(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: &AuthUser,
    registration_id: i64,
    now: DateTime<Utc>,
) -> AppResult<training_registration::Model> {
    let txn = crate::db::begin_write(db).await?;
    let (r, t) = load(&txn, actor, registration_id, false, now).await?;
    let res = training_registration::Entity::update_many()
        .col_expr(
            training_registration::Column::Status,
            Expr::value(Cancelled),
        )
        .col_expr(training_registration::Column::UpdatedAt, Expr::value(now))
        .filter(training_registration::Column::Id.eq(r.id))
        .filter(training_registration::Column::Status.eq(r.status))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    if r.status == Registered {
        training::Entity::update_many()
            .col_expr(
                training::Column::SeatsTaken,
                Expr::col(training::Column::SeatsTaken).sub(r.seats),
            )
            .filter(training::Column::Id.eq(t.id))
            .filter(training::Column::SeatsTaken.gte(r.seats))
            .exec(&txn)
            .await?;
        promote_waiting(&txn, mailer, t.id, now).await?;
    }
    let r = training_registration::Entity::find_by_id(r.id)
        .one_or_404(&txn)
        .await?;
    txn.commit().await?;
    Ok(r)
}

/// The publisher admits a waiting registration: the training gets the places it lacks, the
/// registration takes them and its territory receives the invitation.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn admit(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: &AuthUser,
    registration_id: i64,
    now: DateTime<Utc>,
) -> AppResult<training_registration::Model> {
    let txn = crate::db::begin_write(db).await?;
    let (r, t) = load(&txn, actor, registration_id, true, now).await?;
    if r.status != Waiting {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    let lacking = r.seats - Ord::max(t.capacity - t.seats_taken, 0);
    if lacking > 0 {
        training::Entity::update_many()
            .col_expr(
                training::Column::Capacity,
                Expr::col(training::Column::Capacity).add(lacking),
            )
            .col_expr(training::Column::UpdatedAt, Expr::value(now))
            .filter(training::Column::Id.eq(t.id))
            .exec(&txn)
            .await?;
    }
    if !take(&txn, t.id, r.seats, now).await? {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    let mut a: training_registration::ActiveModel = r.into();
    a.status = Set(Registered);
    a.updated_at = Set(now);
    let r = a.update(&txn).await?;
    let t = training::Entity::find_by_id(t.id).one_or_404(&txn).await?;
    invite(&txn, mailer, &t, &r, now).await?;
    txn.commit().await?;
    Ok(r)
}
