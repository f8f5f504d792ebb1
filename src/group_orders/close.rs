//! Closing a campaign: whole cases and the fair allocation (domain.rs) written back, each
//! member's bill, payment requests and result emails — once, however many times it is asked.
//! The result is read back by result.rs, emails are written by notify.rs, what follows the close
//! is in followup.rs.

use entity::CampaignId;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use entity::campaign_share::VatDetail;
use entity::{basket_line, campaign, campaign_product, campaign_share, payment_request, user};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, Statement,
};

use super::campaign_news::{News, notify_members};
use super::domain::Lifecycle;
use super::domain::{
    self, Ask, Cases, Limit, PricedLine, Stage, State, Terms, TransportSplit, Why,
};
use super::groups::{self, Access};
use super::service::{self, CampaignFull, PURPOSE};
use crate::catalog::domain::price_breakdown;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::mail::outbox::Mailer;
use crate::money::Cents;
use crate::payments::domain::Allocation;
use crate::payments::service::{self as payments, Creditor, NewRequest};
use crate::security::AuthUser;
use crate::web::i18n::Lang;

pub use super::followup::{
    cancel, confirm_supply, mark_collected, mark_shipped, record_delivery, settle,
};
use super::notify::queue_purchase_orders;
pub use super::result::{
    CampaignResult, MemberResult, ProductResult, ResultLine, VatLine, explain, result,
};
use super::result_mail;

/// What closing needs besides the database.
pub struct Ctx<'a> {
    /// None: no email at all (the demo data closes its example campaign silently).
    pub mailer: Option<&'a Arc<Mailer>>,
    /// Card payment is offered (Stripe configured).
    pub card: bool,
    /// Tests only: called (with the campaign id) on the blocking thread that renders the result
    /// emails after the close's commit, before rendering; false stops there, as if the process
    /// died between the commit and the emails (the job sends them later).
    #[doc(hidden)]
    pub probe: Option<Probe>,
    /// The catalogue's caches, emptied when a close or a cancel moves producers' stock.
    pub catalog: Option<&'a crate::catalog::cache::CatalogCache>,
}

impl Ctx<'_> {
    /// After a commit that changed stock: the catalogue shows it at once, on every instance.
    pub(super) fn stock_changed(&self) {
        if let Some(c) = self.catalog {
            c.invalidate();
        }
    }
}

/// See [`Ctx::probe`].
pub type Probe = Arc<dyn Fn(CampaignId) -> bool + Send + Sync>;

/// The allocation of one basket line.
pub(super) struct Allotted {
    pub line: basket_line::Model,
    pub units: i64,
    pub why: Why,
}

/// Runs the rules of domain.rs over the campaign's lines: at close on the cases the requests
/// make, later on the units confirmed or delivered.
pub(super) fn allocate(
    products: &[campaign_product::Model],
    lines: Vec<basket_line::Model>,
    stage: Stage,
) -> (Vec<Allotted>, HashMap<i64, Cases>) {
    let mut by_product: BTreeMap<i64, Vec<basket_line::Model>> = BTreeMap::new();
    for l in lines {
        by_product.entry(l.campaign_product_id).or_default().push(l);
    }
    let mut out = Vec::new();
    let mut cases = HashMap::new();
    for p in products {
        let lines = by_product.remove(&p.id).unwrap_or_default();
        let asks: Vec<Ask> = lines
            .iter()
            .map(|l| Ask {
                member: l.user_id,
                quantity: i64::from(l.quantity),
                tolerance: i64::from(l.tolerance),
            })
            .collect();
        let c = match stage {
            Stage::Close => domain::cases_for(
                Terms {
                    case_size: i64::from(p.case_size),
                    min_cases: i64::from(p.min_cases),
                    stock: p.stock.map(i64::from),
                },
                &asks,
            ),
            Stage::Confirmation | Stage::Delivery => Cases {
                cases: i64::from(p.ordered_cases),
                units: i64::from(p.ordered_units),
                limited_by: p.limited_by.as_deref().and_then(Limit::parse),
            },
        };
        let units = match stage {
            Stage::Close => c.units,
            Stage::Confirmation | Stage::Delivery => i64::from(
                p.delivered_units
                    .or(p.confirmed_units)
                    .unwrap_or(p.ordered_units),
            ),
        };
        let got = domain::allocate(units, &asks, p.product_id.get());
        // A line short at confirmation keeps its reason from the close when the close already
        // explained it (the case was never ordered).
        for ((line, ask), units) in lines.into_iter().zip(&asks).zip(got) {
            let mut why = domain::explain(ask, units, &c, stage);
            if stage != Stage::Close
                && units < ask.quantity
                && let Some(before) = line.reason.as_deref().and_then(Why::parse)
                && line.allocated.map(i64::from) == Some(units)
            {
                why = before;
            }
            out.push(Allotted { line, units, why });
        }
        cases.insert(p.id, c);
    }
    (out, cases)
}

/// Writes allocations that changed, grouped by value: a few statements, not one per line.
pub(super) async fn write_allocations(
    conn: &impl ConnectionTrait,
    all: &[Allotted],
) -> AppResult<()> {
    let mut groups: HashMap<(i64, &'static str), Vec<i64>> = HashMap::new();
    for a in all {
        if a.line.allocated.map(i64::from) != Some(a.units)
            || a.line.reason.as_deref() != Some(a.why.as_str())
        {
            groups
                .entry((a.units, a.why.as_str()))
                .or_default()
                .push(a.line.id);
        }
    }
    for ((units, why), ids) in groups {
        for chunk in ids.chunks(500) {
            basket_line::Entity::update_many()
                .col_expr(basket_line::Column::Allocated, Expr::value(units as i32))
                .col_expr(basket_line::Column::Reason, Expr::value(why))
                .filter(basket_line::Column::Id.is_in(chunk.iter().copied()))
                .exec(conn)
                .await?;
        }
    }
    Ok(())
}

/// Members' bills from the allocations, and how each splits in the ledger.
pub(super) struct Billed {
    pub user_id: i64,
    pub bill: domain::Bill,
    pub allocation: Allocation,
}

pub(super) fn bill_members(
    c: &campaign::Model,
    p: &entity::partnership::Model,
    products: &[campaign_product::Model],
    all: &[Allotted],
) -> Vec<Billed> {
    let by_id: HashMap<i64, &campaign_product::Model> =
        products.iter().map(|p| (p.id, p)).collect();
    let mut members: BTreeMap<i64, Vec<PricedLine>> = BTreeMap::new();
    for a in all {
        let Some(prod) = by_id.get(&a.line.campaign_product_id) else {
            continue;
        };
        members.entry(a.line.user_id).or_default().push(PricedLine {
            units: a.units,
            price_cents: prod.price_cents,
            vat_rate_bp: prod.vat_rate_bp,
            weight_grams: i64::from(prod.weight_grams),
        });
    }
    let ids: Vec<i64> = members.keys().copied().collect();
    let lines: Vec<Vec<PricedLine>> = members.into_values().collect();
    let split = TransportSplit::parse(&c.transport_split).unwrap_or(TransportSplit::Weight);
    let transport = c.real_transport_cents.unwrap_or(c.transport_cents);
    let bills = domain::bills(&lines, transport, split, c.fee_cents);
    ids.into_iter()
        .zip(bills)
        .map(|(user_id, bill)| {
            let mut a = Allocation {
                transport_cents: bill.transport_cents,
                costs_cents: bill.fee_cents,
                ..Default::default()
            };
            for (rate, goods) in &bill.goods_by_rate {
                let b = price_breakdown(*goods, *rate, p.transport_bp, p.costs_bp, p.fund_bp);
                a.producer_cents += b.producer_cents;
                a.transport_cents += b.transport_cents;
                a.costs_cents += b.costs_cents;
                a.community_fund_cents += b.community_fund_cents;
                a.vat_cents += b.vat_cents;
            }
            Billed {
                user_id,
                bill,
                allocation: a,
            }
        })
        .collect()
}

pub(super) fn vat_detail(b: &domain::Bill) -> VatDetail {
    VatDetail(
        b.vat_by_rate
            .iter()
            .map(|(r, v)| (r.to_string(), *v))
            .collect(),
    )
}

pub(super) async fn users_by_id(
    conn: &impl ConnectionTrait,
    ids: impl Iterator<Item = i64>,
) -> AppResult<HashMap<i64, user::Model>> {
    let ids: Vec<i64> = ids.collect();
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        for u in user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            out.insert(u.id, u);
        }
    }
    Ok(out)
}

pub(super) fn creditor(g: &entity::consumer_group::Model) -> Option<Creditor> {
    g.iban.clone().map(|iban| Creditor {
        name: g.account_name.clone().unwrap_or_else(|| g.name.clone()),
        iban,
        bic: g.bic.clone(),
    })
}

pub(super) fn description(c: &CampaignFull) -> String {
    format!("{} — {}", c.campaign.title, c.group.group.name)
}

/// Closes the campaign: whole cases, fair allocation, bills, payment requests and result emails,
/// in one transaction. Closing before `closes_at` needs `early`. Closing a campaign already
/// closed (a second coordinator, the job, a retry) returns the result computed the first time.
#[tracing::instrument(skip_all, fields(campaign = campaign_id.get(), early))]
pub async fn close(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    actor: Option<&AuthUser>,
    campaign_id: CampaignId,
    early: bool,
    now: DateTime<Utc>,
) -> AppResult<CampaignResult> {
    let txn = crate::db::begin_write(db).await?;
    let c = service::load(&txn, campaign_id).await?;
    if let Some(a) = actor {
        groups::require(Some(a), &c.group.group, Access::Coordinator)?;
    }
    let st = c.campaign.state;
    if st.is_closed() || st == State::Cancelled {
        let r = result(&txn, &c, None, Lang::Fr).await?;
        txn.commit().await?;
        return Ok(r);
    }
    if now < c.campaign.closes_at && !early {
        return Err(AppError::Validation(FieldErrors::single(
            "confirm_early",
            FieldError::new("close-early").with("closes_at", c.campaign.closes_at.to_rfc3339()),
        )));
    }
    // The one conditional update that decides who closes: the others see 0 rows.
    let res = campaign::Entity::update_many()
        .col_expr(campaign::Column::State, Expr::value(State::Closed))
        .col_expr(campaign::Column::ClosedAt, Expr::value(now))
        .col_expr(campaign::Column::Revision, Expr::value(1))
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now))
        .filter(campaign::Column::Id.eq(campaign_id))
        .filter(campaign::Column::State.is_in([State::Draft, State::Open]))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        let c = service::load(&txn, campaign_id).await?;
        let r = result(&txn, &c, None, Lang::Fr).await?;
        txn.commit().await?;
        return Ok(r);
    }
    let lines = basket_line::Entity::find()
        .filter(basket_line::Column::CampaignId.eq(campaign_id))
        .order_by_asc(basket_line::Column::Id)
        .all(&txn)
        .await?;
    // The producers' stock as it is now (locked on PostgreSQL: two campaigns closing at once
    // cannot both take the last cases), not as it was when the campaign opened.
    let stocks: HashMap<entity::ProductId, Option<i32>> = entity::product::Entity::find()
        .filter(entity::product::Column::Id.is_in(c.products.iter().map(|p| p.product_id)))
        .lock_exclusive()
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.stock))
        .collect();
    let offered: Vec<campaign_product::Model> = c
        .products
        .iter()
        .map(|p| campaign_product::Model {
            stock: stocks.get(&p.product_id).copied().unwrap_or(p.stock),
            ..p.clone()
        })
        .collect();
    let (all, cases) = allocate(&offered, lines, Stage::Close);
    // The cases ordered of each product (a statement per product: tens, not thousands).
    for p in &c.products {
        let k = cases.get(&p.id).copied().unwrap_or(Cases {
            cases: 0,
            units: 0,
            limited_by: None,
        });
        if k.cases == 0 && k.limited_by.is_none() && p.ordered_cases == 0 {
            continue;
        }
        campaign_product::Entity::update_many()
            .col_expr(
                campaign_product::Column::OrderedCases,
                Expr::value(k.cases as i32),
            )
            .col_expr(
                campaign_product::Column::OrderedUnits,
                Expr::value(k.units as i32),
            )
            .col_expr(
                campaign_product::Column::LimitedBy,
                Expr::value(k.limited_by.map(|l| l.as_str().to_owned())),
            )
            .filter(campaign_product::Column::Id.eq(p.id))
            .exec(&txn)
            .await?;
    }
    write_allocations(&txn, &all).await?;
    let billed = bill_members(&c.campaign, &c.group.partnership, &c.products, &all);
    let goods_total: Cents = billed.iter().map(|b| b.bill.goods_cents).sum();
    // Under its minimum, or not a single case ordered: nobody owes anything, no producer has an
    // order to confirm, so the campaign ends here rather than wait for nothing.
    let under_minimum = c
        .campaign
        .min_total_cents
        .is_some_and(|min| goods_total < min);
    if under_minimum || goods_total == Cents::ZERO {
        let (reason, news) = if under_minimum {
            ("minimum", News::CancelledMinimum)
        } else {
            ("nothing", News::CancelledNothing)
        };
        campaign::Entity::update_many()
            .col_expr(campaign::Column::State, Expr::value(State::Cancelled))
            .col_expr(campaign::Column::CancelledAt, Expr::value(now))
            .col_expr(campaign::Column::CancelReason, Expr::value(reason))
            .filter(campaign::Column::Id.eq(campaign_id))
            .exec(&txn)
            .await?;
        let c = service::load(&txn, campaign_id).await?;
        if let Some(mailer) = ctx.mailer {
            notify_members(&txn, mailer, &c.campaign, &c.group, news, now).await?;
        }
        let r = result(&txn, &c, None, Lang::Fr).await?;
        txn.commit().await?;
        return Ok(r);
    }
    // What is ordered leaves the producer's stock (not when the campaign was cancelled above).
    for p in &offered {
        let units = cases.get(&p.id).map(|k| k.units).unwrap_or(0);
        if p.stock.is_some() && units > 0 {
            entity::product::Entity::update_many()
                .col_expr(
                    entity::product::Column::Stock,
                    Expr::col(entity::product::Column::Stock).sub(units as i32),
                )
                .filter(entity::product::Column::Id.eq(p.product_id))
                .exec(&txn)
                .await?;
        }
    }
    // Shares, then their payment requests, then the link between them.
    let shares: Vec<campaign_share::ActiveModel> = billed
        .iter()
        .map(|b| campaign_share::ActiveModel {
            campaign_id: Set(campaign_id),
            user_id: Set(b.user_id),
            goods_cents: Set(b.bill.goods_cents),
            vat_cents: Set(b.bill.vat_cents),
            vat_detail: Set(vat_detail(&b.bill)),
            transport_cents: Set(b.bill.transport_cents),
            fee_cents: Set(b.bill.fee_cents),
            total_cents: Set(b.bill.total_cents),
            payment_request_id: Set(None),
            revision: Set(1),
            collected_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    for chunk in shares.chunks(1000) {
        campaign_share::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    let share_ids: HashMap<i64, i64> = campaign_share::Entity::find()
        .filter(campaign_share::Column::CampaignId.eq(campaign_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| (s.user_id, s.id))
        .collect();
    let users = users_by_id(&txn, billed.iter().map(|b| b.user_id)).await?;
    let what = description(&c);
    let mut owing = Vec::new();
    let mut requests_new = Vec::new();
    for b in billed.iter().filter(|b| b.bill.total_cents > Cents::ZERO) {
        let (Some(u), Some(share_id)) = (users.get(&b.user_id), share_ids.get(&b.user_id)) else {
            continue;
        };
        owing.push(b.user_id);
        requests_new.push(NewRequest {
            partnership_id: c.group.group.partnership_id,
            payer_user_id: Some(u.id),
            payer_email: u.email.clone(),
            payer_name: u.display_name.clone(),
            purpose_type: PURPOSE,
            group_id: Some(c.group.group.id),
            purpose_id: *share_id,
            description: what.clone(),
            amount_cents: b.bill.total_cents,
            allocation: b.allocation,
            due_on: Some(c.campaign.delivery_on),
            fund_project_id: None,
        });
    }
    let requests =
        payments::create_requests(&txn, requests_new, creditor(&c.group.group), now).await?;
    link_requests(&txn, campaign_id).await?;
    let by_user: HashMap<i64, payment_request::Model> = owing.into_iter().zip(requests).collect();
    let c = service::load(&txn, campaign_id).await?;
    // The result emails are rendered after the commit, not under the write lock; the job
    // scheduled here, in the same transaction, sends them if that never happens.
    let job = match ctx.mailer {
        Some(_) => result_mail::schedule(&txn, campaign_id, None, None, now).await?,
        None => None,
    };
    queue_purchase_orders(&txn, ctx, &c, now).await?;
    let r = result(&txn, &c, None, Lang::Fr).await?;
    txn.commit().await?;
    ctx.stock_changed();
    if let Some(job) = job {
        let input = result_mail::Input {
            c,
            all,
            billed,
            requests: by_user,
            users,
            only: None,
        };
        result_mail::after_commit(db, ctx, job, input, now).await;
    }
    Ok(r)
}

/// Points each share at its payment request, in one statement.
async fn link_requests(conn: &impl ConnectionTrait, campaign_id: CampaignId) -> AppResult<()> {
    let backend = conn.get_database_backend();
    let sql = crate::db::numbered(
        backend,
        "UPDATE campaign_shares SET payment_request_id = (SELECT r.id FROM payment_requests r \
         WHERE r.purpose_type = ? AND r.purpose_id = campaign_shares.id) \
         WHERE campaign_id = ? AND payment_request_id IS NULL",
    );
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [PURPOSE.into(), campaign_id.into()],
    ))
    .await?;
    Ok(())
}
