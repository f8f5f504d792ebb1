//! Campaigns and baskets: creating an order window with producers of the group's partnership,
//! opening it (members are emailed), members' basket lines while it is open by the server's
//! clock, and what each person may see of it.

use entity::{CampaignId, GroupId};
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::producer::{self, ProducerStatus};
use entity::{basket_line, campaign, campaign_product, campaign_share, product};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

pub use super::basket::{Basket, BasketItem, basket, basket_of, set_basket};
use super::campaign_input::NewCampaign;
use super::campaign_news::{News, notify_members};
use super::domain::{self, State};
use super::groups::{self, Access, GroupFull};
pub use super::line::set_line;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::jobs::service::schedule;
use crate::mail::outbox::Mailer;
use crate::security::{AuthUser, Role};

/// Payment requests of campaign shares carry this purpose (and the share's id).
pub const PURPOSE: entity::payment_request::Purpose =
    entity::payment_request::Purpose::CampaignShare;
pub const JOB_OPEN: &str = "campaign_open";
pub const JOB_REMIND: &str = "campaign_remind";
pub const JOB_CLOSE: &str = "campaign_close";

/// Baskets may change while the window is open by the server's clock (even before the opening
/// job has run), never after `closes_at`.
pub fn accepts_baskets(c: &campaign::Model, now: DateTime<Utc>) -> bool {
    matches!(c.state, State::Draft | State::Open) && c.opens_at <= now && now < c.closes_at
}

/// A campaign with its group and products.
#[derive(Clone, Debug)]
pub struct CampaignFull {
    pub campaign: campaign::Model,
    pub group: GroupFull,
    pub products: Vec<campaign_product::Model>,
    pub producers: Vec<producer::Model>,
}

pub async fn load(db: &impl ConnectionTrait, id: CampaignId) -> AppResult<CampaignFull> {
    let campaign = campaign::Entity::find_by_id(id).one_or_404(db).await?;
    let group = groups::find(db, campaign.group_id).await?;
    let products = campaign_product::Entity::find()
        .filter(campaign_product::Column::CampaignId.eq(id))
        .order_by_asc(campaign_product::Column::ProducerId)
        .order_by_asc(campaign_product::Column::Id)
        .all(db)
        .await?;
    let mut producer_ids: Vec<entity::ProducerId> =
        products.iter().map(|p| p.producer_id).collect();
    producer_ids.dedup();
    let producers = producer::Entity::find()
        .filter(producer::Column::Id.is_in(producer_ids))
        .order_by_asc(producer::Column::Name)
        .all(db)
        .await?;
    Ok(CampaignFull {
        campaign,
        group,
        products,
        producers,
    })
}

/// Whether `actor` is a member of one of the campaign's producers.
pub fn supplies(actor: Option<&AuthUser>, c: &CampaignFull) -> bool {
    actor.is_some_and(|a| {
        c.producers
            .iter()
            .any(|p| a.holds(Role::ProducerMember, p.id))
    })
}

/// The campaign as `actor` may see it: its group's members and coordinators; 401 for someone
/// not signed in, 404 for others.
pub async fn for_viewer(
    db: &DatabaseConnection,
    actor: Option<&AuthUser>,
    id: CampaignId,
) -> AppResult<(CampaignFull, Access)> {
    // Someone not signed in may be a member following an emailed link: 401 sends them to the
    // login page and back here; a signed-in outsider learns nothing (404).
    let Some(actor) = actor else {
        return Err(AppError::Unauthorized);
    };
    let c = load(db, id).await?;
    let access = groups::access(Some(actor), &c.group.group);
    if access == Access::Outsider {
        return Err(AppError::NotFound);
    }
    Ok((c, access))
}

/// The campaign for its coordinators (404 for outsiders, 403 for members).
pub async fn for_coordinator(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: CampaignId,
) -> AppResult<CampaignFull> {
    let c = load(db, id).await?;
    groups::require(Some(actor), &c.group.group, Access::Coordinator)?;
    Ok(c)
}

/// A coordinator opens an order window with approved producers of the group's partnership: the
/// products on offer are copied with their terms, the opening, the reminder and the close are
/// scheduled, and if it opens now the members are told at once.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn create_campaign(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: &AuthUser,
    group_id: GroupId,
    c: NewCampaign,
    now: DateTime<Utc>,
) -> AppResult<campaign::Model> {
    let g = groups::find(db, group_id).await?;
    groups::require(Some(actor), &g.group, Access::Coordinator)?;
    let mut errors = FieldErrors::new();
    let producers = producer::Entity::find()
        .filter(producer::Column::Id.is_in(c.producer_ids.clone()))
        .all(db)
        .await?;
    let usable = |id: &entity::ProducerId| {
        producers.iter().any(|p| {
            p.id == *id
                && p.partnership_id == g.group.partnership_id
                && p.status == ProducerStatus::Approved
        })
    };
    if !c.producer_ids.iter().all(usable) {
        errors.add(
            "producer_ids",
            FieldError::new("producer-not-in-partnership"),
        );
    }
    let pickup_point_id = match c.pickup_point_id {
        Some(id) if g.pickup_points.iter().any(|p| p.id == id) => Some(id),
        Some(_) => {
            errors.add("pickup_point_id", FieldError::new("choice"));
            None
        }
        None => g.pickup_points.first().map(|p| p.id),
    };
    if g.group.iban.is_none() && g.partnership.iban.is_none() {
        errors.add("account", FieldError::new("no-bank-account"));
    }
    errors.into_result()?;
    let products = product::Entity::find()
        .filter(product::Column::ProducerId.is_in(c.producer_ids.clone()))
        .filter(product::Column::ArchivedAt.is_null())
        .order_by_asc(product::Column::ProducerId)
        .order_by_asc(product::Column::SortName)
        .all(db)
        .await?;
    if products.is_empty() {
        return Err(AppError::validation("producer_ids", "no-products"));
    }
    let opens_now = c.opens_at <= now;
    let txn = crate::db::begin_write(db).await?;
    let state = if opens_now { State::Open } else { State::Draft };
    let c = NewCampaign {
        pickup_point_id,
        ..c
    };
    let model = campaign_row(&g.group, c, state, Some(actor.id), now)
        .insert(&txn)
        .await?;
    offer_products(&txn, model.id, &products).await?;
    schedule_jobs(&txn, &model, now).await?;
    if opens_now {
        notify_members(&txn, mailer, &model, &g, News::Opened, now).await?;
    }
    txn.commit().await?;
    Ok(model)
}

/// The row of a new campaign of `group`, nothing happened to it yet.
pub fn campaign_row(
    group: &entity::consumer_group::Model,
    c: NewCampaign,
    state: State,
    created_by: Option<i64>,
    now: DateTime<Utc>,
) -> campaign::ActiveModel {
    campaign::ActiveModel {
        group_id: Set(group.id),
        partnership_id: Set(group.partnership_id),
        title: Set(c.title),
        state: Set(state),
        opens_at: Set(c.opens_at),
        closes_at: Set(c.closes_at),
        delivery_on: Set(c.delivery_on),
        pickup_point_id: Set(c.pickup_point_id),
        transport_cents: Set(c.transport_cents),
        transport_split: Set(c.transport_split.as_str().to_owned()),
        fee_cents: Set(c.fee_cents),
        min_total_cents: Set(c.min_total_cents),
        revision: Set(0),
        note: Set(c.note),
        reminded_at: Set(None),
        closed_at: Set(None),
        confirmed_at: Set(None),
        shipped_at: Set(None),
        delivered_at: Set(None),
        settled_at: Set(None),
        cancelled_at: Set(None),
        cancel_reason: Set(None),
        created_by: Set(created_by),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Schedules the opening, the reminder 24 hours before the close, and the close (each once).
pub async fn schedule_jobs(
    conn: &impl ConnectionTrait,
    c: &campaign::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let payload = serde_json::json!({ "campaign_id": c.id });
    if c.opens_at > now {
        schedule(
            conn,
            JOB_OPEN,
            payload.clone(),
            c.opens_at,
            Some(format!("{JOB_OPEN}:{}", c.id)),
            5,
            now,
        )
        .await?;
    }
    let remind_at = c.closes_at - Duration::hours(24);
    if remind_at > now && remind_at > c.opens_at {
        schedule(
            conn,
            JOB_REMIND,
            payload.clone(),
            remind_at,
            Some(format!("{JOB_REMIND}:{}", c.id)),
            5,
            now,
        )
        .await?;
    }
    schedule(
        conn,
        JOB_CLOSE,
        payload,
        c.closes_at,
        Some(format!("{JOB_CLOSE}:{}", c.id)),
        8,
        now,
    )
    .await?;
    Ok(())
}

/// Copies the products on offer into the campaign, with their terms of today.
pub async fn offer_products(
    conn: &impl ConnectionTrait,
    campaign_id: CampaignId,
    products: &[product::Model],
) -> AppResult<()> {
    let rows: Vec<campaign_product::ActiveModel> = products
        .iter()
        .map(|p| campaign_product::ActiveModel {
            campaign_id: Set(campaign_id),
            product_id: Set(p.id),
            producer_id: Set(p.producer_id),
            name: Set(p.name.clone()),
            unit: Set(p.unit.clone()),
            unit_i18n: Set(p.unit_i18n.clone()),
            case_size: Set(p.case_size.max(1)),
            min_cases: Set(p.min_cases.max(0)),
            weight_grams: Set(p.weight_grams.max(0)),
            price_cents: Set(p.price_cents),
            vat_rate_bp: Set(p.vat_rate_bp),
            stock: Set(p.stock),
            ordered_cases: Set(0),
            ordered_units: Set(0),
            confirmed_units: Set(None),
            delivered_units: Set(None),
            limited_by: Set(None),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(500) {
        campaign_product::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// The opening job: a draft whose time has come opens and its members are told (once).
#[tracing::instrument(skip_all)]
pub async fn open_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    id: CampaignId,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let txn = crate::db::begin_write(db).await?;
    let res = campaign::Entity::update_many()
        .col_expr(campaign::Column::State, Expr::value(State::Open))
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now))
        .filter(campaign::Column::Id.eq(id))
        .filter(campaign::Column::State.eq(State::Draft))
        .filter(campaign::Column::OpensAt.lte(now))
        .exec(&txn)
        .await?;
    if res.rows_affected == 1 {
        let c = load(&txn, id).await?;
        notify_members(&txn, mailer, &c.campaign, &c.group, News::Opened, now).await?;
    }
    txn.commit().await?;
    Ok(res.rows_affected == 1)
}

/// The reminder job, 24 hours before the close: once, and only while the campaign is open.
#[tracing::instrument(skip_all)]
pub async fn remind_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    id: CampaignId,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let txn = crate::db::begin_write(db).await?;
    let res = campaign::Entity::update_many()
        .col_expr(campaign::Column::RemindedAt, Expr::value(now))
        .filter(campaign::Column::Id.eq(id))
        .filter(campaign::Column::State.is_in([State::Draft, State::Open]))
        .filter(campaign::Column::ClosesAt.gt(now))
        .filter(campaign::Column::RemindedAt.is_null())
        .exec(&txn)
        .await?;
    if res.rows_affected == 1 {
        let c = load(&txn, id).await?;
        notify_members(&txn, mailer, &c.campaign, &c.group, News::Reminder, now).await?;
    }
    txn.commit().await?;
    Ok(res.rows_affected == 1)
}

/// Sums of quantities and tolerances per campaign product (one query).
pub async fn fills(
    conn: &impl ConnectionTrait,
    c: &CampaignFull,
) -> AppResult<HashMap<i64, domain::Fill>> {
    let rows: Vec<(i64, Option<i64>, Option<i64>)> = basket_line::Entity::find()
        .select_only()
        .column(basket_line::Column::CampaignProductId)
        .column_as(basket_line::Column::Quantity.sum(), "q")
        .column_as(basket_line::Column::Tolerance.sum(), "t")
        .filter(basket_line::Column::CampaignId.eq(c.campaign.id))
        .group_by(basket_line::Column::CampaignProductId)
        .into_tuple()
        .all(conn)
        .await?;
    let sizes: HashMap<i64, i64> = c
        .products
        .iter()
        .map(|p| (p.id, i64::from(p.case_size)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|(id, q, t)| {
            let size = sizes.get(&id).copied().unwrap_or(1);
            (id, domain::fill(size, q.unwrap_or(0), t.unwrap_or(0)))
        })
        .collect())
}

/// The member's share of a closed campaign, with its payment request.
pub async fn share_of(
    conn: &impl ConnectionTrait,
    campaign_id: CampaignId,
    user_id: i64,
) -> AppResult<
    Option<(
        campaign_share::Model,
        Option<entity::payment_request::Model>,
    )>,
> {
    let Some(s) = campaign_share::Entity::find()
        .filter(campaign_share::Column::CampaignId.eq(campaign_id))
        .filter(campaign_share::Column::UserId.eq(user_id))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let r = match s.payment_request_id {
        Some(id) => {
            entity::payment_request::Entity::find_by_id(id)
                .one(conn)
                .await?
        }
        None => None,
    };
    Ok(Some((s, r)))
}

/// The group's campaigns, newest first (one query).
pub async fn campaigns_of_group(
    db: &DatabaseConnection,
    group_id: GroupId,
) -> AppResult<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::GroupId.eq(group_id))
        .order_by_desc(campaign::Column::ClosesAt)
        .all(db)
        .await?)
}
