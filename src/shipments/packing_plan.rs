//! The packing plan of a shipment as kept: its pallets or parcels and their cases; a plan
//! proposed from the contents (replacing the one kept), and cases moved from one unit to another
//! by the partnership's coordinators, until the goods leave. A fixed number of queries.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::shipment::ShipmentStep;
use entity::shipment_unit::{self, UnitKind};
use entity::{ProductId, ShipmentId, shipment_unit_item};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::contents;
use super::domain::{Contents, rank};
use super::packing::{self, Placed};
use super::service::managed;
use crate::error::{AppError, AppResult, FieldError};
use crate::security::AuthUser;

/// A pallet or parcel with its cases.
#[derive(Clone, Debug)]
pub struct Unit {
    pub row: shipment_unit::Model,
    pub items: Vec<shipment_unit_item::Model>,
}

/// The plan kept for a shipment, and whether it still holds exactly the contents' cases.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub units: Vec<Unit>,
    pub matches: bool,
}

impl Plan {
    pub fn placed(&self) -> Vec<Placed> {
        self.units
            .iter()
            .flat_map(|u| u.items.iter())
            .map(|i| Placed {
                producer_id: i.producer_id,
                product_id: i.product_id,
                cases: i64::from(i.cases),
            })
            .collect()
    }
}

/// The plan of the shipment `id`, checked against `contents` (two queries).
pub async fn plan_of(
    conn: &impl ConnectionTrait,
    id: ShipmentId,
    contents: &Contents,
) -> AppResult<Plan> {
    let units = shipment_unit::Entity::find()
        .filter(shipment_unit::Column::ShipmentId.eq(id))
        .order_by_asc(shipment_unit::Column::Number)
        .all(conn)
        .await?;
    if units.is_empty() {
        return Ok(Plan::default());
    }
    let mut items: HashMap<i64, Vec<shipment_unit_item::Model>> = HashMap::new();
    for i in shipment_unit_item::Entity::find()
        .filter(shipment_unit_item::Column::UnitId.is_in(units.iter().map(|u| u.id)))
        .order_by_asc(shipment_unit_item::Column::ProducerId)
        .order_by_asc(shipment_unit_item::Column::ProductId)
        .all(conn)
        .await?
    {
        items.entry(i.unit_id).or_default().push(i);
    }
    let mut plan = Plan {
        units: units
            .into_iter()
            .map(|row| Unit {
                items: items.remove(&row.id).unwrap_or_default(),
                row,
            })
            .collect(),
        matches: false,
    };
    plan.matches = packing::matches(contents, &plan.placed());
    Ok(plan)
}

/// The shipment `id` when its plan may change: managed by `actor`, the goods not gone yet.
async fn packable(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    id: ShipmentId,
) -> AppResult<entity::shipment::Model> {
    let s = managed(conn, actor, id).await?;
    if rank(s.step) >= rank(ShipmentStep::InTransit) {
        return Err(AppError::conflict("packing-closed"));
    }
    Ok(s)
}

async fn insert_unit(
    conn: &impl ConnectionTrait,
    id: ShipmentId,
    kind: UnitKind,
    number: i32,
    now: DateTime<Utc>,
) -> AppResult<shipment_unit::Model> {
    Ok(shipment_unit::ActiveModel {
        shipment_id: Set(id),
        kind: Set(kind),
        number: Set(number),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

async fn delete_units(conn: &impl ConnectionTrait, ids: Vec<i64>) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    shipment_unit_item::Entity::delete_many()
        .filter(shipment_unit_item::Column::UnitId.is_in(ids.iter().copied()))
        .exec(conn)
        .await?;
    shipment_unit::Entity::delete_many()
        .filter(shipment_unit::Column::Id.is_in(ids))
        .exec(conn)
        .await?;
    Ok(())
}

/// Proposes a plan for the shipment `id`'s contents, replacing the one kept: 409 once the
/// goods left, or when the shipment carries nothing.
#[tracing::instrument(skip_all, fields(actor = actor.id, shipment = %id))]
pub async fn propose(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ShipmentId,
    now: DateTime<Utc>,
) -> AppResult<Plan> {
    let txn = crate::db::begin_write(db).await?;
    packable(&txn, actor, id).await?;
    let detail = contents::detail(&txn, id, "fr").await?;
    let planned = packing::propose(&detail.contents);
    if planned.is_empty() {
        return Err(AppError::conflict("shipment-needs-orders"));
    }
    let old = shipment_unit::Entity::find()
        .filter(shipment_unit::Column::ShipmentId.eq(id))
        .all(&txn)
        .await?;
    delete_units(&txn, old.into_iter().map(|u| u.id).collect()).await?;
    let mut items = Vec::new();
    for (n, p) in planned.iter().enumerate() {
        let unit = insert_unit(&txn, id, p.kind, n as i32 + 1, now).await?;
        items.extend(p.items.iter().map(|i| shipment_unit_item::ActiveModel {
            unit_id: Set(unit.id),
            producer_id: Set(i.producer_id),
            product_id: Set(i.product_id),
            cases: Set(i.cases as i32),
            ..Default::default()
        }));
    }
    shipment_unit_item::Entity::insert_many(items)
        .exec(&txn)
        .await?;
    let plan = plan_of(&txn, id, &detail.contents).await?;
    txn.commit().await?;
    Ok(plan)
}

/// Where moved cases go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Unit(i64),
    New(UnitKind),
}

/// Cases of a product moved from one unit to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    pub product_id: ProductId,
    pub from: i64,
    pub to: Target,
    pub cases: i64,
}

/// Moves cases of a product from one unit of the shipment `id` to another (or to a new pallet
/// or parcel): 404 for a unit not of this shipment, 422 when the product is not on it, for a
/// number of cases out of 1 to what is there, or the same unit; a unit left empty goes.
#[tracing::instrument(skip_all, fields(actor = actor.id, shipment = %id))]
pub async fn move_cases(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ShipmentId,
    mv: Move,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    packable(&txn, actor, id).await?;
    let units = shipment_unit::Entity::find()
        .filter(shipment_unit::Column::ShipmentId.eq(id))
        .all(&txn)
        .await?;
    if !units.iter().any(|u| u.id == mv.from) {
        return Err(AppError::NotFound);
    }
    let item = shipment_unit_item::Entity::find()
        .filter(shipment_unit_item::Column::UnitId.eq(mv.from))
        .filter(shipment_unit_item::Column::ProductId.eq(mv.product_id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::validation("item", "packing-not-on-unit"))?;
    if !(1..=i64::from(item.cases)).contains(&mv.cases) {
        return Err(AppError::Validation(crate::error::FieldErrors::single(
            "cases",
            FieldError::new("range")
                .with("min", "1")
                .with("max", item.cases.to_string()),
        )));
    }
    let to = match mv.to {
        Target::Unit(u) if u == mv.from => {
            return Err(AppError::validation("to", "packing-same-unit"));
        }
        Target::Unit(u) if units.iter().any(|x| x.id == u) => u,
        Target::Unit(_) => return Err(AppError::validation("to", "choice")),
        Target::New(kind) => {
            let number = units.iter().map(|u| u.number).max().unwrap_or(0) + 1;
            insert_unit(&txn, id, kind, number, now).await?.id
        }
    };
    let cases = mv.cases as i32;
    let left = shipment_unit_item::Entity::update_many()
        .col_expr(
            shipment_unit_item::Column::Cases,
            Expr::col(shipment_unit_item::Column::Cases).sub(cases),
        )
        .filter(shipment_unit_item::Column::Id.eq(item.id))
        .filter(shipment_unit_item::Column::Cases.gte(cases))
        .exec(&txn)
        .await?;
    if left.rows_affected != 1 {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    let there = shipment_unit_item::Entity::find()
        .filter(shipment_unit_item::Column::UnitId.eq(to))
        .filter(shipment_unit_item::Column::ProductId.eq(mv.product_id))
        .one(&txn)
        .await?;
    match there {
        Some(t) => {
            shipment_unit_item::Entity::update_many()
                .col_expr(
                    shipment_unit_item::Column::Cases,
                    Expr::col(shipment_unit_item::Column::Cases).add(cases),
                )
                .filter(shipment_unit_item::Column::Id.eq(t.id))
                .exec(&txn)
                .await?;
        }
        None => {
            shipment_unit_item::ActiveModel {
                unit_id: Set(to),
                producer_id: Set(item.producer_id),
                product_id: Set(mv.product_id),
                cases: Set(cases),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    shipment_unit_item::Entity::delete_many()
        .filter(shipment_unit_item::Column::Id.eq(item.id))
        .filter(shipment_unit_item::Column::Cases.lte(0))
        .exec(&txn)
        .await?;
    let remaining = shipment_unit_item::Entity::find()
        .filter(shipment_unit_item::Column::UnitId.eq(mv.from))
        .one(&txn)
        .await?;
    if remaining.is_none() {
        delete_units(&txn, vec![mv.from]).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The plan of the shipment `id` with its contents, for its managers.
pub async fn show(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ShipmentId,
    lang: &str,
) -> AppResult<(Plan, contents::Detail)> {
    managed(db, actor, id).await?;
    let detail = contents::detail(db, id, lang).await?;
    Ok((plan_of(db, id, &detail.contents).await?, detail))
}
