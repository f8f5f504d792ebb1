//! Shipments of a partnership: who may manage them, creating one, listing them, reading one
//! with its purchase orders, contents and timeline, and recording the next step of its way.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::shipment::{self, ShipmentStep};
use entity::{CampaignId, ShipmentId, partnership, shipment_event, shipment_order};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::contents::{self, Detail};
use super::domain::{self, check_step, next_step};
use super::input::{NewShipment, NewStep};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::group_orders::campaign_news::News;
use crate::mail::outbox::Mailer;
use crate::security::AuthUser;

/// A shipment with its reference.
#[derive(Clone, Debug)]
pub struct Shipment {
    pub row: shipment::Model,
    pub reference: String,
}

impl Shipment {
    pub fn of(row: shipment::Model) -> Shipment {
        let reference = domain::reference(row.id, row.created_at.date_naive());
        Shipment { row, reference }
    }

    /// The step that can be recorded next (none once distributed).
    pub fn next_step(&self) -> Option<ShipmentStep> {
        next_step(self.row.step)
    }
}

/// The shipment `id` when `actor` handles its partnership's shipments (a coordinator, a
/// logistics person they appointed, an admin): 404 when there is no such shipment, 403 when
/// it is not theirs.
pub async fn managed(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    id: ShipmentId,
) -> AppResult<shipment::Model> {
    let s = shipment::Entity::find_by_id(id).one_or_404(conn).await?;
    if actor.handles_shipments_of(s.partnership_id) {
        Ok(s)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A partnership's shipments, newest first, with the number of purchase orders in each.
pub struct ShipmentList {
    pub partnership: partnership::Model,
    pub shipments: Vec<(Shipment, usize)>,
}

/// The shipments of the partnership `slug` (its coordinators): two queries after the
/// partnership's, whatever the number of shipments and orders.
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
) -> AppResult<ShipmentList> {
    let p = actor.shipping_partnership(db, slug).await?;
    let rows = shipment::Entity::find()
        .filter(shipment::Column::PartnershipId.eq(p.id))
        .order_by_desc(shipment::Column::Id)
        .all(db)
        .await?;
    let mut counts: HashMap<ShipmentId, usize> = HashMap::new();
    if !rows.is_empty() {
        let orders = shipment_order::Entity::find()
            .filter(shipment_order::Column::ShipmentId.is_in(rows.iter().map(|s| s.id)))
            .all(db)
            .await?;
        for o in orders {
            *counts.entry(o.shipment_id).or_default() += 1;
        }
    }
    Ok(ShipmentList {
        partnership: p,
        shipments: rows
            .into_iter()
            .map(|s| {
                let n = counts.get(&s.id).copied().unwrap_or(0);
                (Shipment::of(s), n)
            })
            .collect(),
    })
}

/// Creates a shipment in the partnership `slug` (its coordinators), at the step "preparing".
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn create(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    s: NewShipment,
    now: DateTime<Utc>,
) -> AppResult<Shipment> {
    let txn = crate::db::begin_write(db).await?;
    let p = actor.shipping_partnership(&txn, slug).await?;
    let row = shipment::ActiveModel {
        partnership_id: Set(p.id),
        origin: Set(s.origin),
        carrier: Set(s.carrier),
        expected_on: Set(s.expected_on),
        step: Set(ShipmentStep::Preparing),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(Shipment::of(row))
}

/// A shipment as its page and the API show it.
pub struct ShipmentPage {
    pub shipment: Shipment,
    pub partnership: partnership::Model,
    pub detail: Detail,
    pub events: Vec<shipment_event::Model>,
    /// Its delays, oldest first.
    pub delays: Vec<entity::shipment_delay::Model>,
    /// The names of who recorded its steps and delays.
    pub recorders: HashMap<i64, String>,
    /// Its papers: required now, then recorded and no longer needed.
    pub papers: Vec<super::paper_rules::Paper>,
    /// The exporters' rows (the producers of its contents).
    pub exporters: HashMap<entity::ProducerId, entity::producer::Model>,
}

/// The shipment `id` with its purchase orders, contents and timeline (its partnership's
/// coordinators): a fixed number of queries whatever the number of orders.
pub async fn show(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ShipmentId,
    lang: &str,
) -> AppResult<ShipmentPage> {
    let s = managed(db, actor, id).await?;
    let partnership = partnership::Entity::find_by_id(s.partnership_id)
        .one_or_404(db)
        .await?;
    let detail = contents::detail(db, s.id, lang).await?;
    let events = events_of(db, s.id).await?;
    let delays = super::delays::delays_of(db, s.id).await?;
    let recorders = super::delays::recorders(db, &events, &delays).await?;
    let (papers, exporters) = super::papers::papers_of(db, s.id, &detail).await?;
    Ok(ShipmentPage {
        shipment: Shipment::of(s),
        partnership,
        detail,
        events,
        delays,
        recorders,
        papers,
        exporters,
    })
}

async fn events_of(
    conn: &impl ConnectionTrait,
    id: ShipmentId,
) -> AppResult<Vec<shipment_event::Model>> {
    Ok(shipment_event::Entity::find()
        .filter(shipment_event::Column::ShipmentId.eq(id))
        .order_by_asc(shipment_event::Column::Id)
        .all(conn)
        .await?)
}

/// Records the next step of a shipment's way (its partnership's coordinators): only the next
/// step, never dated before the previous one (422, nothing changed). When the goods leave (in
/// transit), each confirmed campaign of the shipment becomes shipped through the group orders.
#[tracing::instrument(skip_all, fields(actor = actor.id, shipment = %id))]
pub async fn record_step(
    db: &DatabaseConnection,
    mailer: Option<&Mailer>,
    actor: &AuthUser,
    id: ShipmentId,
    step: NewStep,
    now: DateTime<Utc>,
) -> AppResult<Shipment> {
    let txn = crate::db::begin_write(db).await?;
    let s = managed(&txn, actor, id).await?;
    let last_on: Option<NaiveDate> = events_of(&txn, id).await?.last().map(|e| e.happened_on);
    check_step(s.step, last_on, step.step, step.on).map_err(AppError::Validation)?;
    // The goods leave the country with their papers: none may still be to prepare.
    if step.step == ShipmentStep::ExportCleared {
        let missing = super::papers::missing(&txn, id).await?;
        if !missing.is_empty() {
            return Err(AppError::Validation(FieldErrors::single(
                "step",
                FieldError::new("shipment-papers-missing").with("papers", missing),
            )));
        }
    }
    // Goods are collected for purchase orders: an empty shipment goes nowhere.
    if s.step == ShipmentStep::Preparing && contents::order_count(&txn, id).await? == 0 {
        return Err(AppError::validation("step", "shipment-empty"));
    }
    // A conditional update: a step recorded meanwhile by someone else is a conflict.
    let res = shipment::Entity::update_many()
        .col_expr(shipment::Column::Step, Expr::value(step.step))
        .col_expr(shipment::Column::UpdatedAt, Expr::value(now))
        .filter(shipment::Column::Id.eq(id))
        .filter(shipment::Column::Step.eq(s.step))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    shipment_event::ActiveModel {
        shipment_id: Set(id),
        step: Set(step.step),
        happened_on: Set(step.on),
        recorded_by: Set(Some(actor.id)),
        note: Set(step.note),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // The campaigns become shipped when the goods leave, and the households who ordered hear
    // when their goods leave and when they arrive.
    let news = match step.step {
        ShipmentStep::InTransit => Some(News::GoodsLeft),
        ShipmentStep::Arrived => Some(News::GoodsArrived),
        _ => None,
    };
    if let Some(news) = news {
        for c in contents::campaign_ids(&txn, id).await? {
            if step.step == ShipmentStep::InTransit {
                crate::group_orders::shipping::ship_with_shipment(&txn, c, now).await?;
            }
            if let Some(mailer) = mailer {
                crate::group_orders::shipping::tell_members_goods(&txn, mailer, c, news, now)
                    .await?;
            }
        }
    }
    let row = shipment::Entity::find_by_id(id).one_or_404(&txn).await?;
    txn.commit().await?;
    Ok(Shipment::of(row))
}

/// Where the goods of campaign `id` are: the step and expected arrival of the shipment its
/// purchase orders travel in (the furthest behind when several), in one query.
pub async fn of_campaign(
    conn: &impl ConnectionTrait,
    id: CampaignId,
) -> AppResult<Option<Shipment>> {
    use sea_orm::sea_query::Query;
    let rows = shipment::Entity::find()
        .filter(
            shipment::Column::Id.in_subquery(
                Query::select()
                    .column(shipment_order::Column::ShipmentId)
                    .from(shipment_order::Entity)
                    .and_where(shipment_order::Column::CampaignId.eq(id))
                    .to_owned(),
            ),
        )
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .min_by_key(|s| (domain::rank(s.step), s.id))
        .map(Shipment::of))
}
