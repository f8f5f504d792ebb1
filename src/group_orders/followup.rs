//! After the close: the producer's confirmation and the delivery (which re-run the allocation
//! on the units really supplied), shipping, cancellation, settlement and pickup.

use entity::CampaignId;
use entity::ProducerId;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::payment_request::{self, RequestStatus};
use entity::{basket_line, campaign, campaign_product, campaign_share};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::campaign_news::{News, notify_members};
use super::domain::Lifecycle;
use super::domain::{Stage, State, has_order};
use super::groups::{self, Access};
use super::service::{self, CampaignFull, PURPOSE};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::money::Cents;
use crate::payments::service::{self as payments, NewRequest};
use crate::security::{AuthUser, Role};

use super::close::{
    Ctx, allocate, bill_members, creditor, description, users_by_id, vat_detail, write_allocations,
};
use super::result_mail::{self, Input, Pending};

/// Runs the allocation again on the units confirmed or delivered: lines, shares and payment
/// requests follow, and the members whose result changed are told: their emails are left to
/// render after the commit (`result_mail`), with their job scheduled here. `rebill` bills the
/// members again even when no allocation changed (the transport cost did).
pub(super) async fn reallocate(
    conn: &impl ConnectionTrait,
    ctx: &Ctx<'_>,
    campaign_id: CampaignId,
    stage: Stage,
    rebill: bool,
    now: DateTime<Utc>,
) -> AppResult<(usize, Option<Pending>)> {
    let c = service::load(conn, campaign_id).await?;
    let lines = basket_line::Entity::find()
        .filter(basket_line::Column::CampaignId.eq(campaign_id))
        .order_by_asc(basket_line::Column::Id)
        .all(conn)
        .await?;
    let (all, _) = allocate(&c.products, lines, stage);
    let mut changed: Vec<i64> = all
        .iter()
        .filter(|a| a.line.allocated.map(i64::from) != Some(a.units))
        .map(|a| a.line.user_id)
        .collect();
    changed.sort_unstable();
    changed.dedup();
    if changed.is_empty() && !rebill {
        return Ok((0, None));
    }
    write_allocations(conn, &all).await?;
    let revision = c.campaign.revision + 1;
    campaign::Entity::update_many()
        .col_expr(campaign::Column::Revision, Expr::value(revision))
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now))
        .filter(campaign::Column::Id.eq(campaign_id))
        .exec(conn)
        .await?;
    let billed = bill_members(&c.campaign, &c.group.partnership, &c.products, &all);
    let shares: HashMap<i64, campaign_share::Model> = campaign_share::Entity::find()
        .filter(campaign_share::Column::CampaignId.eq(campaign_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.user_id, s))
        .collect();
    // Transport and fee shares move with the others' goods: every share whose amounts changed
    // is rewritten, and its member told, not only those whose lines changed.
    for b in &billed {
        if let Some(s) = shares.get(&b.user_id)
            && (s.goods_cents, s.transport_cents, s.fee_cents, s.total_cents)
                != (
                    b.bill.goods_cents,
                    b.bill.transport_cents,
                    b.bill.fee_cents,
                    b.bill.total_cents,
                )
        {
            changed.push(b.user_id);
        }
    }
    changed.sort_unstable();
    changed.dedup();
    if changed.is_empty() {
        return Ok((0, None));
    }
    let users = users_by_id(conn, changed.iter().copied()).await?;
    let mut requests = HashMap::new();
    for b in billed.iter().filter(|b| changed.contains(&b.user_id)) {
        let Some(s) = shares.get(&b.user_id) else {
            continue;
        };
        let mut a: campaign_share::ActiveModel = s.clone().into();
        a.goods_cents = Set(b.bill.goods_cents);
        a.vat_cents = Set(b.bill.vat_cents);
        a.vat_detail = Set(vat_detail(&b.bill));
        a.transport_cents = Set(b.bill.transport_cents);
        a.fee_cents = Set(b.bill.fee_cents);
        a.total_cents = Set(b.bill.total_cents);
        a.revision = Set(revision);
        a.updated_at = Set(now);
        let r = match s.payment_request_id {
            Some(id) => Some(
                payments::adjust_request(conn, id, b.bill.total_cents, b.allocation, now).await?,
            ),
            None if b.bill.total_cents > Cents::ZERO => {
                let Some(u) = users.get(&b.user_id) else {
                    continue;
                };
                let r = payments::create_requests(
                    conn,
                    vec![NewRequest {
                        partnership_id: c.group.group.partnership_id,
                        payer_user_id: Some(u.id),
                        payer_email: u.email.clone(),
                        payer_name: u.display_name.clone(),
                        purpose_type: PURPOSE,
                        group_id: Some(c.group.group.id),
                        purpose_id: s.id,
                        description: description(&c),
                        amount_cents: b.bill.total_cents,
                        allocation: b.allocation,
                        due_on: Some(c.campaign.delivery_on),
                        fund_project_id: None,
                    }],
                    creditor(&c.group.group),
                    now,
                )
                .await?
                .pop();
                if let Some(r) = &r {
                    a.payment_request_id = Set(Some(r.id));
                }
                r
            }
            None => None,
        };
        a.update(conn).await?;
        if let Some(r) = r {
            requests.insert(b.user_id, r);
        }
    }
    let c = service::load(conn, campaign_id).await?;
    let job = match ctx.mailer {
        Some(_) => {
            result_mail::schedule(conn, campaign_id, Some(revision), Some(&changed), now).await?
        }
        None => None,
    };
    let n = changed.len();
    let pending = job.map(|job| Pending {
        job,
        input: Input {
            c,
            all,
            billed,
            requests,
            users,
            only: Some(changed),
        },
    });
    Ok((n, pending))
}

/// Moves the campaign from one state to the next with a conditional update: 409 when it is no
/// longer in `from` (someone else moved it).
pub(super) async fn advance(
    conn: &impl ConnectionTrait,
    c: &campaign::Model,
    to: State,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let from = c.state;
    if !from.may_become(to) {
        return Err(AppError::conflict("campaign-wrong-state"));
    }
    let stamp = match to {
        State::Confirmed => Some(campaign::Column::ConfirmedAt),
        State::Shipped => Some(campaign::Column::ShippedAt),
        State::Delivered => Some(campaign::Column::DeliveredAt),
        State::Settled => Some(campaign::Column::SettledAt),
        State::Cancelled => Some(campaign::Column::CancelledAt),
        _ => None,
    };
    let mut q = campaign::Entity::update_many()
        .col_expr(campaign::Column::State, Expr::value(to))
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now));
    if let Some(col) = stamp {
        q = q.col_expr(col, Expr::value(now));
    }
    let res = q
        .filter(campaign::Column::Id.eq(c.id))
        .filter(campaign::Column::State.eq(from))
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    Ok(())
}

/// A coordinator cancels the campaign before shipping: nothing more is owed (money already
/// received shows on the treasurer's page to refund) and members with a basket are told.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn cancel(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    actor: &AuthUser,
    campaign_id: CampaignId,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<campaign::Model> {
    let txn = crate::db::begin_write(db).await?;
    let c = service::for_coordinator(&txn, actor, campaign_id).await?;
    advance(&txn, &c.campaign, State::Cancelled, now).await?;
    let reason: String = reason.trim().chars().take(300).collect();
    campaign::Entity::update_many()
        .col_expr(
            campaign::Column::CancelReason,
            Expr::value(Some(reason).filter(|r| !r.is_empty())),
        )
        .filter(campaign::Column::Id.eq(campaign_id))
        .exec(&txn)
        .await?;
    // Goods ordered and not shipped go back to the producers' stock.
    if c.campaign.closed_at.is_some() {
        for p in c.products.iter().filter(|p| p.ordered_units > 0) {
            let units = p.confirmed_units.unwrap_or(p.ordered_units);
            entity::product::Entity::update_many()
                .col_expr(
                    entity::product::Column::Stock,
                    Expr::col(entity::product::Column::Stock).add(units),
                )
                .filter(entity::product::Column::Id.eq(p.product_id))
                .filter(entity::product::Column::Stock.is_not_null())
                .exec(&txn)
                .await?;
        }
    }
    let request_ids: Vec<entity::PaymentRequestId> = campaign_share::Entity::find()
        .filter(campaign_share::Column::CampaignId.eq(campaign_id))
        .all(&txn)
        .await?
        .into_iter()
        .filter_map(|s| s.payment_request_id)
        .collect();
    for id in request_ids {
        payments::cancel_request(&txn, id, now).await?;
    }
    let c = service::load(&txn, campaign_id).await?;
    if let Some(mailer) = ctx.mailer {
        notify_members(&txn, mailer, &c.campaign, &c.group, News::Cancelled, now).await?;
    }
    txn.commit().await?;
    ctx.stock_changed();
    Ok(c.campaign)
}

/// Units per product as given, checked against what can be: each product of the campaign (and of
/// `producer` when given), from 0 to `most` of it.
fn units_given(
    c: &CampaignFull,
    producer: Option<ProducerId>,
    lines: &[(i64, i64)],
    most: impl Fn(&campaign_product::Model) -> i32,
) -> AppResult<HashMap<i64, i32>> {
    let mut errors = FieldErrors::new();
    let mut out = HashMap::new();
    for (product_id, units) in lines {
        let Some(p) = c.products.iter().find(|p| {
            p.product_id.get() == *product_id && producer.is_none_or(|id| p.producer_id == id)
        }) else {
            errors.add(
                &format!("units[{product_id}]"),
                FieldError::new("not-in-campaign"),
            );
            continue;
        };
        let max = most(p);
        if *units < 0 || *units > i64::from(max) {
            errors.add(
                &format!("units[{product_id}]"),
                FieldError::new("range").with("min", 0).with("max", max),
            );
            continue;
        }
        out.insert(p.id, *units as i32);
    }
    errors.into_result()?;
    Ok(out)
}

/// The producer says what it can supply of the campaign's order (units per product; products
/// not given are supplied in full). Short supply re-runs the allocation; once every producer
/// has answered, the campaign is confirmed.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn confirm_supply(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    actor: &AuthUser,
    campaign_id: CampaignId,
    producer_id: ProducerId,
    lines: &[(i64, i64)],
    now: DateTime<Utc>,
) -> AppResult<usize> {
    if !(actor.holds(Role::ProducerMember, producer_id) || actor.is_admin()) {
        return Err(AppError::NotFound);
    }
    let txn = crate::db::begin_write(db).await?;
    let c = service::load(&txn, campaign_id).await?;
    if !c.products.iter().any(|p| p.producer_id == producer_id) {
        return Err(AppError::NotFound);
    }
    if c.campaign.state != State::Closed {
        return Err(AppError::conflict("campaign-wrong-state"));
    }
    let own = c.products.iter().filter(|p| p.producer_id == producer_id);
    if !has_order(own.map(|p| i64::from(p.ordered_units))) {
        return Err(AppError::conflict("nothing-to-confirm"));
    }
    let given = units_given(&c, Some(producer_id), lines, |p| p.ordered_units)?;
    for p in c.products.iter().filter(|p| p.producer_id == producer_id) {
        let units = given.get(&p.id).copied().unwrap_or(p.ordered_units);
        campaign_product::Entity::update_many()
            .col_expr(campaign_product::Column::ConfirmedUnits, Expr::value(units))
            .filter(campaign_product::Column::Id.eq(p.id))
            .exec(&txn)
            .await?;
    }
    let (changed, pending) =
        reallocate(&txn, ctx, campaign_id, Stage::Confirmation, false, now).await?;
    let c = service::load(&txn, campaign_id).await?;
    if producers_waiting(&c.products).is_empty() {
        advance(&txn, &c.campaign, State::Confirmed, now).await?;
    }
    txn.commit().await?;
    if let Some(p) = pending {
        result_mail::after_commit(db, ctx, p.job, p.input, now).await;
    }
    Ok(changed)
}

/// The producers of a closed campaign whose purchase order is not confirmed yet: those with
/// units ordered and a product not answered. Producers allotted nothing are never waited for.
pub fn producers_waiting(products: &[campaign_product::Model]) -> Vec<ProducerId> {
    let mut out: Vec<ProducerId> = products
        .iter()
        .filter(|p| p.ordered_units > 0 && p.confirmed_units.is_none())
        .map(|p| p.producer_id)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The goods left: the coordinators, or a producer of the campaign.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn mark_shipped(
    db: &DatabaseConnection,
    actor: &AuthUser,
    campaign_id: CampaignId,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let c = service::load(&txn, campaign_id).await?;
    if groups::access(Some(actor), &c.group.group) != Access::Coordinator
        && !service::supplies(Some(actor), &c)
    {
        return Err(AppError::NotFound);
    }
    advance(&txn, &c.campaign, State::Shipped, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The goods arrived: units received in good condition per product (products not given arrived
/// in full). A short or damaged delivery re-runs the allocation.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn record_delivery(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    actor: &AuthUser,
    campaign_id: CampaignId,
    lines: &[(i64, i64)],
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let txn = crate::db::begin_write(db).await?;
    let c = service::for_coordinator(&txn, actor, campaign_id).await?;
    if c.campaign.state != State::Shipped {
        return Err(AppError::conflict("campaign-wrong-state"));
    }
    let expected = |p: &campaign_product::Model| p.confirmed_units.unwrap_or(p.ordered_units);
    let given = units_given(&c, None, lines, expected)?;
    for p in &c.products {
        let units = given.get(&p.id).copied().unwrap_or_else(|| expected(p));
        campaign_product::Entity::update_many()
            .col_expr(campaign_product::Column::DeliveredUnits, Expr::value(units))
            .filter(campaign_product::Column::Id.eq(p.id))
            .exec(&txn)
            .await?;
    }
    let (changed, pending) =
        reallocate(&txn, ctx, campaign_id, Stage::Delivery, false, now).await?;
    advance(&txn, &c.campaign, State::Delivered, now).await?;
    txn.commit().await?;
    if let Some(p) = pending {
        result_mail::after_commit(db, ctx, p.job, p.input, now).await;
    }
    Ok(changed)
}

/// Closes the books of a delivered campaign once every share is paid (or cancelled).
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn settle(
    db: &DatabaseConnection,
    actor: &AuthUser,
    campaign_id: CampaignId,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let c = service::for_coordinator(&txn, actor, campaign_id).await?;
    let ids: Vec<entity::PaymentRequestId> = campaign_share::Entity::find()
        .filter(campaign_share::Column::CampaignId.eq(campaign_id))
        .all(&txn)
        .await?
        .into_iter()
        .filter_map(|s| s.payment_request_id)
        .collect();
    let mut unpaid = 0;
    for chunk in ids.chunks(500) {
        unpaid += payment_request::Entity::find()
            .filter(payment_request::Column::Id.is_in(chunk.iter().copied()))
            .filter(payment_request::Column::Status.is_in([
                RequestStatus::Open,
                RequestStatus::PartlyPaid,
                RequestStatus::Overpaid,
            ]))
            .all(&txn)
            .await?
            .len();
    }
    if unpaid > 0 {
        return Err(AppError::Conflict(
            FieldError::new("unpaid-shares").with("count", unpaid),
        ));
    }
    advance(&txn, &c.campaign, State::Settled, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Marks a member's basket collected at the pickup point (or not, to undo).
pub async fn mark_collected(
    db: &DatabaseConnection,
    actor: &AuthUser,
    campaign_id: CampaignId,
    user_id: i64,
    collected: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let c = service::for_coordinator(db, actor, campaign_id).await?;
    if !c.campaign.state.is_closed() {
        return Err(AppError::conflict("campaign-not-closed"));
    }
    let res = campaign_share::Entity::update_many()
        .col_expr(
            campaign_share::Column::CollectedAt,
            Expr::value(collected.then_some(now)),
        )
        .col_expr(campaign_share::Column::UpdatedAt, Expr::value(now))
        .filter(campaign_share::Column::CampaignId.eq(campaign_id))
        .filter(campaign_share::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
