//! Closing a campaign and what follows: whole cases and the fair allocation (domain.rs) written
//! back, each member's bill, payment requests and result emails — once, however many times it is
//! asked; then the producer's confirmation and the delivery, which re-run the allocation on the
//! units really supplied; cancellation; settlement.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use entity::campaign_share::VatDetail;
use entity::{basket_line, campaign, campaign_product, campaign_share, payment_request, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, Statement,
};
use serde::Serialize;

use super::domain::{
    self, Ask, Cases, Limit, PricedLine, Stage, State, Terms, TransportSplit, Why,
};
use super::groups::{self, Access};
use super::service::{self, CampaignFull, News, PURPOSE, state_of};
use crate::accounts::domain::{AuthUser, Role};
use crate::catalog::domain::price_breakdown;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::payments::domain::Allocation;
use crate::payments::service::{self as payments, Creditor, NewRequest};
use crate::web::i18n::{self, Lang};

/// What closing needs besides the database.
pub struct Ctx<'a> {
    /// None: no email at all (the demo data closes its example campaign silently).
    pub mailer: Option<&'a Mailer>,
    /// Card payment is offered (Stripe configured).
    pub card: bool,
}

/// The allocation of one basket line.
struct Allotted {
    line: basket_line::Model,
    units: i64,
    why: Why,
}

/// Runs the rules of domain.rs over the campaign's lines: at close on the cases the requests
/// make, later on the units confirmed or delivered.
fn allocate(
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
        let got = domain::allocate(units, &asks, p.product_id);
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
async fn write_allocations(conn: &impl ConnectionTrait, all: &[Allotted]) -> AppResult<()> {
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
struct Billed {
    user_id: i64,
    bill: domain::Bill,
    allocation: Allocation,
}

fn bill_members(
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
    let bills = domain::bills(&lines, c.transport_cents, split, c.fee_cents);
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

fn vat_detail(b: &domain::Bill) -> VatDetail {
    VatDetail(
        b.vat_by_rate
            .iter()
            .map(|(r, v)| (r.to_string(), *v))
            .collect(),
    )
}

async fn users_by_id(
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

fn creditor(g: &entity::consumer_group::Model) -> Option<Creditor> {
    g.iban.clone().map(|iban| Creditor {
        name: g.account_name.clone().unwrap_or_else(|| g.name.clone()),
        iban,
        bic: g.bic.clone(),
    })
}

fn description(c: &CampaignFull) -> String {
    format!("{} — {}", c.campaign.title, c.group.group.name)
}

/// Closes the campaign: whole cases, fair allocation, bills, payment requests and result emails,
/// in one transaction. Closing before `closes_at` needs `early`. Closing a campaign already
/// closed (a second coordinator, the job, a retry) returns the result computed the first time.
pub async fn close(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    actor: Option<&AuthUser>,
    campaign_id: i64,
    early: bool,
    now: DateTime<Utc>,
) -> AppResult<CampaignResult> {
    let txn = crate::db::begin_write(db).await?;
    let c = service::load(&txn, campaign_id).await?;
    if let Some(a) = actor {
        groups::require(Some(a), &c.group.group, Access::Coordinator)?;
    }
    let st = state_of(&c.campaign);
    if st.is_closed() || st == State::Cancelled {
        let r = result(&txn, &c, None, Lang::Fr).await?;
        txn.commit().await?;
        return Ok(r);
    }
    if now < c.campaign.closes_at && !early {
        return Err(AppError::Validation(FieldErrors::single(
            "confirm_early",
            FieldError::new("close-early")
                .with("closes_at", service::local_time(c.campaign.closes_at)),
        )));
    }
    // The one conditional update that decides who closes: the others see 0 rows.
    let res = campaign::Entity::update_many()
        .col_expr(campaign::Column::State, Expr::value(State::Closed.as_str()))
        .col_expr(campaign::Column::ClosedAt, Expr::value(now))
        .col_expr(campaign::Column::Revision, Expr::value(1))
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now))
        .filter(campaign::Column::Id.eq(campaign_id))
        .filter(campaign::Column::State.is_in([State::Draft.as_str(), State::Open.as_str()]))
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
    let (all, cases) = allocate(&c.products, lines, Stage::Close);
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
    let goods_total: i64 = billed.iter().map(|b| b.bill.goods_cents).sum();
    if let Some(min) = c.campaign.min_total_cents
        && goods_total < min
    {
        campaign::Entity::update_many()
            .col_expr(
                campaign::Column::State,
                Expr::value(State::Cancelled.as_str()),
            )
            .col_expr(campaign::Column::CancelledAt, Expr::value(now))
            .col_expr(campaign::Column::CancelReason, Expr::value("minimum"))
            .filter(campaign::Column::Id.eq(campaign_id))
            .exec(&txn)
            .await?;
        let c = service::load(&txn, campaign_id).await?;
        if let Some(mailer) = ctx.mailer {
            service::notify_members(
                &txn,
                mailer,
                &c.campaign,
                &c.group,
                News::CancelledMinimum,
                now,
            )
            .await?;
        }
        let r = result(&txn, &c, None, Lang::Fr).await?;
        txn.commit().await?;
        return Ok(r);
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
    for b in billed.iter().filter(|b| b.bill.total_cents > 0) {
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
            purpose_id: *share_id,
            description: what.clone(),
            amount_cents: b.bill.total_cents,
            allocation: b.allocation,
            due_on: Some(c.campaign.delivery_on),
        });
    }
    let requests =
        payments::create_requests(&txn, requests_new, creditor(&c.group.group), now).await?;
    link_requests(&txn, campaign_id).await?;
    let by_user: HashMap<i64, payment_request::Model> = owing.into_iter().zip(requests).collect();
    let c = service::load(&txn, campaign_id).await?;
    queue_results(&txn, ctx, &c, &all, &billed, &by_user, &users, None, now).await?;
    let r = result(&txn, &c, None, Lang::Fr).await?;
    txn.commit().await?;
    Ok(r)
}

/// Points each share at its payment request, in one statement.
async fn link_requests(conn: &impl ConnectionTrait, campaign_id: i64) -> AppResult<()> {
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

/// One product line of a member's result, explained.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ResultLine {
    pub product_id: i64,
    pub name: String,
    pub unit: String,
    pub price_cents: i64,
    pub asked: i32,
    pub tolerance: i32,
    pub allocated: i32,
    pub reason: String,
    /// The reason in words, in the reader's language.
    pub explanation: String,
    pub line_cents: i64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct VatLine {
    pub rate_bp: i32,
    /// The rate as a percentage ("6", "21").
    pub percent: String,
    pub vat_cents: i64,
}

/// What one member received and owes.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MemberResult {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub lines: Vec<ResultLine>,
    pub goods_cents: i64,
    pub vat_cents: i64,
    pub vat: Vec<VatLine>,
    pub transport_cents: i64,
    pub fee_cents: i64,
    pub total_cents: i64,
    pub payment_reference: Option<String>,
    pub ogm: Option<String>,
    pub payment_status: Option<String>,
    pub collected: bool,
}

/// One product of the campaign after close.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ProductResult {
    pub product_id: i64,
    pub producer_id: i64,
    pub name: String,
    pub unit: String,
    pub case_size: i32,
    pub asked_units: i64,
    pub tolerance_units: i64,
    pub ordered_cases: i32,
    pub ordered_units: i32,
    pub confirmed_units: Option<i32>,
    pub delivered_units: Option<i32>,
    pub allocated_units: i64,
    pub limited_by: Option<String>,
}

/// The result of a closed campaign: per product, and per member (all members for coordinators,
/// only theirs for a member).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CampaignResult {
    pub campaign_id: i64,
    pub state: String,
    pub revision: i32,
    pub products: Vec<ProductResult>,
    pub members: Vec<MemberResult>,
    pub goods_cents: i64,
    pub transport_cents: i64,
    pub fee_cents: i64,
    pub total_cents: i64,
}

/// Explains a line in `lang`: "asked 4 (+2), received 5: one unit of your tolerance completed a case".
pub fn explain(lang: Lang, why: &str, asked: i32, tolerance: i32, received: i32) -> String {
    let args = [
        ("asked", asked.to_string()),
        ("tolerance", tolerance.to_string()),
        ("received", received.to_string()),
        ("used", (received - asked).max(0).to_string()),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    i18n::translate(lang, &format!("why-{}", why.replace('_', "-")), &args)
}

/// Reads the result back (a fixed number of queries). `only`: one member's view.
pub async fn result(
    conn: &impl ConnectionTrait,
    c: &CampaignFull,
    only: Option<i64>,
    lang: Lang,
) -> AppResult<CampaignResult> {
    let mut q = basket_line::Entity::find()
        .filter(basket_line::Column::CampaignId.eq(c.campaign.id))
        .order_by_asc(basket_line::Column::Id);
    let mut sq = campaign_share::Entity::find()
        .filter(campaign_share::Column::CampaignId.eq(c.campaign.id))
        .order_by_asc(campaign_share::Column::Id);
    if let Some(uid) = only {
        q = q.filter(basket_line::Column::UserId.eq(uid));
        sq = sq.filter(campaign_share::Column::UserId.eq(uid));
    }
    let lines = q.all(conn).await?;
    let shares = sq.all(conn).await?;
    let users = users_by_id(conn, shares.iter().map(|s| s.user_id)).await?;
    let request_ids: Vec<i64> = shares.iter().filter_map(|s| s.payment_request_id).collect();
    let mut requests = HashMap::new();
    for chunk in request_ids.chunks(500) {
        for r in payment_request::Entity::find()
            .filter(payment_request::Column::Id.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            requests.insert(r.id, r);
        }
    }
    let products: HashMap<i64, &campaign_product::Model> =
        c.products.iter().map(|p| (p.id, p)).collect();
    let mut per_product: HashMap<i64, (i64, i64, i64)> = HashMap::new();
    let mut per_member: HashMap<i64, Vec<ResultLine>> = HashMap::new();
    for l in &lines {
        let Some(p) = products.get(&l.campaign_product_id) else {
            continue;
        };
        let e = per_product.entry(p.id).or_default();
        e.0 += i64::from(l.quantity);
        e.1 += i64::from(l.tolerance);
        e.2 += i64::from(l.allocated.unwrap_or(0));
        let allocated = l.allocated.unwrap_or(0);
        let reason = l.reason.clone().unwrap_or_else(|| "as_asked".into());
        per_member.entry(l.user_id).or_default().push(ResultLine {
            product_id: p.product_id,
            name: p.name.pick(lang.code()).to_owned(),
            unit: p.unit.clone(),
            price_cents: p.price_cents,
            asked: l.quantity,
            tolerance: l.tolerance,
            allocated,
            explanation: explain(lang, &reason, l.quantity, l.tolerance, allocated),
            reason,
            line_cents: i64::from(allocated) * p.price_cents,
        });
    }
    let members = shares
        .iter()
        .map(|s| {
            let u = users.get(&s.user_id);
            let r = s.payment_request_id.and_then(|id| requests.get(&id));
            MemberResult {
                user_id: s.user_id,
                name: u.map(|u| u.display_name.clone()).unwrap_or_default(),
                email: u.map(|u| u.email.clone()).unwrap_or_default(),
                lines: per_member.remove(&s.user_id).unwrap_or_default(),
                goods_cents: s.goods_cents,
                vat_cents: s.vat_cents,
                vat: s
                    .vat_detail
                    .0
                    .iter()
                    .map(|(k, v)| {
                        let rate_bp = k.parse().unwrap_or(0);
                        VatLine {
                            rate_bp,
                            percent: format!("{}%", super::handlers::percent(rate_bp)),
                            vat_cents: *v,
                        }
                    })
                    .collect(),
                transport_cents: s.transport_cents,
                fee_cents: s.fee_cents,
                total_cents: s.total_cents,
                payment_reference: r.map(|r| r.reference.clone()),
                ogm: r
                    .and_then(|r| crate::payments::domain::Ogm::parse(&r.ogm))
                    .map(|o| o.formatted()),
                payment_status: r.map(|r| r.status.clone()),
                collected: s.collected_at.is_some(),
            }
        })
        .collect::<Vec<_>>();
    let products = c
        .products
        .iter()
        .map(|p| {
            let (asked, tol, alloc) = per_product.get(&p.id).copied().unwrap_or_default();
            ProductResult {
                product_id: p.product_id,
                producer_id: p.producer_id,
                name: p.name.pick(lang.code()).to_owned(),
                unit: p.unit.clone(),
                case_size: p.case_size,
                asked_units: asked,
                tolerance_units: tol,
                ordered_cases: p.ordered_cases,
                ordered_units: p.ordered_units,
                confirmed_units: p.confirmed_units,
                delivered_units: p.delivered_units,
                allocated_units: alloc,
                limited_by: p.limited_by.clone(),
            }
        })
        .collect();
    let goods: i64 = members.iter().map(|m| m.goods_cents).sum();
    let transport: i64 = members.iter().map(|m| m.transport_cents).sum();
    let fee: i64 = members.iter().map(|m| m.fee_cents).sum();
    Ok(CampaignResult {
        campaign_id: c.campaign.id,
        state: c.campaign.state.clone(),
        revision: c.campaign.revision,
        products,
        members,
        goods_cents: goods,
        transport_cents: transport,
        fee_cents: fee,
        total_cents: goods + transport + fee,
    })
}

#[derive(Serialize)]
struct ResultMail<'a> {
    title: &'a str,
    group: &'a str,
    changed: bool,
    lines: Vec<MailLine>,
    goods: String,
    vat: Vec<MailVat>,
    transport: String,
    fee: Option<String>,
    total: String,
    pickup: Option<String>,
    delivery_on: String,
    link: String,
    payment: Option<payments::PaymentMail>,
    card: bool,
}

#[derive(Serialize)]
struct MailVat {
    rate: String,
    amount: String,
}

#[derive(Serialize)]
struct MailLine {
    name: String,
    explanation: String,
    amount: String,
}

/// Queues each member's result email (with the transfer details and QR code when they owe
/// something). `only`: the members to tell (after a re-allocation); None: everyone with a line.
#[expect(
    clippy::too_many_arguments,
    reason = "the close's data, already in memory"
)]
async fn queue_results(
    conn: &impl ConnectionTrait,
    ctx: &Ctx<'_>,
    c: &CampaignFull,
    all: &[Allotted],
    billed: &[Billed],
    requests: &HashMap<i64, payment_request::Model>,
    users: &HashMap<i64, user::Model>,
    only: Option<&[i64]>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    use crate::money::Cents;
    let Some(mailer) = ctx.mailer else {
        return Ok(());
    };
    let products: HashMap<i64, &campaign_product::Model> =
        c.products.iter().map(|p| (p.id, p)).collect();
    let mut lines_of: HashMap<i64, Vec<&Allotted>> = HashMap::new();
    for a in all {
        lines_of.entry(a.line.user_id).or_default().push(a);
    }
    let pickup = c
        .campaign
        .pickup_point_id
        .and_then(|id| c.group.pickup_points.iter().find(|p| p.id == id))
        .map(|p| format!("{} — {}", p.name, p.address));
    // Rendering (templates, QR codes) is the costly part: done on every core, then stored in a
    // few statements.
    let build = |b: &Billed| -> AppResult<Option<entity::outbox_message::ActiveModel>> {
        let Some(u) = users.get(&b.user_id) else {
            return Ok(None);
        };
        let lang = Lang::parse(&u.locale).unwrap_or(Lang::Fr);
        let lines = lines_of
            .get(&b.user_id)
            .map(|ls| {
                ls.iter()
                    .filter_map(|a| {
                        let p = products.get(&a.line.campaign_product_id)?;
                        Some(MailLine {
                            name: format!("{} ({})", p.name.pick(lang.code()), p.unit),
                            explanation: explain(
                                lang,
                                a.why.as_str(),
                                a.line.quantity,
                                a.line.tolerance,
                                a.units as i32,
                            ),
                            amount: Cents(a.units * p.price_cents).euros(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let (payment, png) = match requests.get(&b.user_id) {
            Some(r) if b.bill.total_cents > 0 && r.cancelled_at.is_none() => {
                let (m, png) = payments::payment_mail(mailer, r)?;
                (Some(m), png)
            }
            _ => (None, None),
        };
        let mail = ResultMail {
            title: &c.campaign.title,
            group: &c.group.group.name,
            changed: only.is_some(),
            lines,
            goods: Cents(b.bill.goods_cents).euros(),
            vat: b
                .bill
                .vat_by_rate
                .iter()
                .map(|(r, v)| MailVat {
                    rate: format!("{}%", super::handlers::percent(*r)),
                    amount: Cents(*v).euros(),
                })
                .collect(),
            transport: Cents(b.bill.transport_cents).euros(),
            fee: (b.bill.fee_cents > 0).then(|| Cents(b.bill.fee_cents).euros()),
            total: Cents(b.bill.total_cents).euros(),
            pickup: pickup.clone(),
            delivery_on: c.campaign.delivery_on.format("%d/%m/%Y").to_string(),
            link: mailer.link(&format!("/campaigns/{}", c.campaign.id)),
            payment,
            card: ctx.card,
        };
        let mut email = OutgoingEmail::new(
            MailTemplate::CampaignResult,
            lang,
            &u.email,
            &u.display_name,
            mail,
        );
        if let Some(png) = png {
            email = email.attach(png);
        }
        outbox::prepare(mailer, &email, now).map(Some)
    };
    let todo: Vec<&Billed> = billed
        .iter()
        .filter(|b| only.is_none_or(|o| o.contains(&b.user_id)))
        .collect();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let per_thread = todo.len().div_ceil(threads).max(1);
    let built: Vec<AppResult<Option<entity::outbox_message::ActiveModel>>> = if todo.len() < 16 {
        todo.iter().map(|b| build(b)).collect()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = todo
                .chunks(per_thread)
                .map(|chunk| scope.spawn(|| chunk.iter().map(|b| build(b)).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    h.join().unwrap_or_else(|_| {
                        vec![Err(AppError::Unexpected(anyhow::anyhow!(
                            "rendering the result emails failed"
                        )))]
                    })
                })
                .collect()
        })
    };
    let mut rows = Vec::with_capacity(built.len());
    for r in built {
        if let Some(row) = r? {
            rows.push(row);
        }
    }
    outbox::store(conn, rows).await
}

/// Runs the allocation again on the units confirmed or delivered: lines, shares and payment
/// requests follow, and the members whose result changed are told.
async fn reallocate(
    conn: &impl ConnectionTrait,
    ctx: &Ctx<'_>,
    campaign_id: i64,
    stage: Stage,
    now: DateTime<Utc>,
) -> AppResult<usize> {
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
    if changed.is_empty() {
        return Ok(0);
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
            None if b.bill.total_cents > 0 => {
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
                        purpose_id: s.id,
                        description: description(&c),
                        amount_cents: b.bill.total_cents,
                        allocation: b.allocation,
                        due_on: Some(c.campaign.delivery_on),
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
    queue_results(
        conn,
        ctx,
        &c,
        &all,
        &billed,
        &requests,
        &users,
        Some(&changed),
        now,
    )
    .await?;
    Ok(changed.len())
}

/// Moves the campaign from one state to the next with a conditional update: 409 when it is no
/// longer in `from` (someone else moved it).
async fn advance(
    conn: &impl ConnectionTrait,
    c: &campaign::Model,
    to: State,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let from = state_of(c);
    if !from.may_become(to) {
        return Err(AppError::Conflict(format!(
            "a {} campaign cannot become {}",
            from.as_str(),
            to.as_str()
        )));
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
        .col_expr(campaign::Column::State, Expr::value(to.as_str()))
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now));
    if let Some(col) = stamp {
        q = q.col_expr(col, Expr::value(now));
    }
    let res = q
        .filter(campaign::Column::Id.eq(c.id))
        .filter(campaign::Column::State.eq(from.as_str()))
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::Conflict(
            "the campaign changed meanwhile; reload the page".into(),
        ));
    }
    Ok(())
}

/// A coordinator cancels the campaign before shipping: nothing more is owed (money already
/// received shows on the treasurer's page to refund) and members with a basket are told.
pub async fn cancel(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    actor: &AuthUser,
    campaign_id: i64,
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
    let request_ids: Vec<i64> = campaign_share::Entity::find()
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
        service::notify_members(&txn, mailer, &c.campaign, &c.group, News::Cancelled, now).await?;
    }
    txn.commit().await?;
    Ok(c.campaign)
}

/// Units per product as given, checked against what can be: each product of the campaign (and of
/// `producer` when given), from 0 to `most` of it.
fn units_given(
    c: &CampaignFull,
    producer: Option<i64>,
    lines: &[(i64, i64)],
    most: impl Fn(&campaign_product::Model) -> i32,
) -> AppResult<HashMap<i64, i32>> {
    let mut errors = FieldErrors::new();
    let mut out = HashMap::new();
    for (product_id, units) in lines {
        let Some(p) = c
            .products
            .iter()
            .find(|p| p.product_id == *product_id && producer.is_none_or(|id| p.producer_id == id))
        else {
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
pub async fn confirm_supply(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    actor: &AuthUser,
    campaign_id: i64,
    producer_id: i64,
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
    if state_of(&c.campaign) != State::Closed {
        return Err(AppError::Conflict(format!(
            "only a closed campaign can be confirmed (this one is {})",
            c.campaign.state
        )));
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
    let changed = reallocate(&txn, ctx, campaign_id, Stage::Confirmation, now).await?;
    let c = service::load(&txn, campaign_id).await?;
    if c.products.iter().all(|p| p.confirmed_units.is_some()) {
        advance(&txn, &c.campaign, State::Confirmed, now).await?;
    }
    txn.commit().await?;
    Ok(changed)
}

/// The goods left: the coordinators, or a producer of the campaign.
pub async fn mark_shipped(
    db: &DatabaseConnection,
    actor: &AuthUser,
    campaign_id: i64,
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
pub async fn record_delivery(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    actor: &AuthUser,
    campaign_id: i64,
    lines: &[(i64, i64)],
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let txn = crate::db::begin_write(db).await?;
    let c = service::for_coordinator(&txn, actor, campaign_id).await?;
    if state_of(&c.campaign) != State::Shipped {
        return Err(AppError::Conflict(format!(
            "only shipped goods can be received (this campaign is {})",
            c.campaign.state
        )));
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
    let changed = reallocate(&txn, ctx, campaign_id, Stage::Delivery, now).await?;
    advance(&txn, &c.campaign, State::Delivered, now).await?;
    txn.commit().await?;
    Ok(changed)
}

/// Closes the books of a delivered campaign once every share is paid (or cancelled).
pub async fn settle(
    db: &DatabaseConnection,
    actor: &AuthUser,
    campaign_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let c = service::for_coordinator(&txn, actor, campaign_id).await?;
    let ids: Vec<i64> = campaign_share::Entity::find()
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
            .filter(payment_request::Column::Status.is_in(["open", "partly_paid", "overpaid"]))
            .all(&txn)
            .await?
            .len();
    }
    if unpaid > 0 {
        return Err(AppError::Conflict(format!(
            "{unpaid} share(s) are not settled yet (unpaid, partly paid or overpaid)"
        )));
    }
    advance(&txn, &c.campaign, State::Settled, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Marks a member's basket collected at the pickup point (or not, to undo).
pub async fn mark_collected(
    db: &DatabaseConnection,
    actor: &AuthUser,
    campaign_id: i64,
    user_id: i64,
    collected: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let c = service::for_coordinator(db, actor, campaign_id).await?;
    if !state_of(&c.campaign).is_closed() {
        return Err(AppError::Conflict("the campaign is not closed yet".into()));
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
