//! The result of a closed campaign as members and coordinators read it: per product, per member,
//! each line explained in the reader's language.

use crate::money::Cents;
use std::collections::HashMap;

use entity::payment_request::{self, RequestStatus};
use entity::{basket_line, campaign_product, campaign_share};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use super::domain::State;
use super::service::CampaignFull;
use crate::error::AppResult;
use crate::web::i18n::{self, Lang};

use super::close::users_by_id;

/// One product line of a member's result, explained.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ResultLine {
    pub product_id: i64,
    pub name: String,
    pub unit: String,
    #[schema(value_type = i64)]
    pub price_cents: Cents,
    pub asked: i32,
    pub tolerance: i32,
    pub allocated: i32,
    pub reason: String,
    /// The reason in words, in the reader's language.
    pub explanation: String,
    #[schema(value_type = i64)]
    pub line_cents: Cents,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct VatLine {
    pub rate_bp: i32,
    /// The rate as a percentage ("6", "21").
    pub percent: String,
    #[schema(value_type = i64)]
    pub vat_cents: Cents,
}

/// What one member received and owes.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MemberResult {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub lines: Vec<ResultLine>,
    #[schema(value_type = i64)]
    pub goods_cents: Cents,
    #[schema(value_type = i64)]
    pub vat_cents: Cents,
    pub vat: Vec<VatLine>,
    #[schema(value_type = i64)]
    pub transport_cents: Cents,
    #[schema(value_type = i64)]
    pub fee_cents: Cents,
    #[schema(value_type = i64)]
    pub total_cents: Cents,
    pub payment_reference: Option<String>,
    pub ogm: Option<String>,
    #[schema(value_type = Option<String>)]
    pub payment_status: Option<RequestStatus>,
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
    #[schema(value_type = String)]
    pub state: State,
    pub revision: i32,
    pub products: Vec<ProductResult>,
    pub members: Vec<MemberResult>,
    #[schema(value_type = i64)]
    pub goods_cents: Cents,
    #[schema(value_type = i64)]
    pub transport_cents: Cents,
    #[schema(value_type = i64)]
    pub fee_cents: Cents,
    #[schema(value_type = i64)]
    pub total_cents: Cents,
}

/// Explains a line in `lang`: "asked 4 (+2), received 5: one unit of your tolerance completed a case".
pub fn explain(lang: Lang, why: &str, asked: i32, tolerance: i32, received: i32) -> String {
    let args = [
        ("asked", asked.into()),
        ("tolerance", tolerance.into()),
        ("received", received.into()),
        ("used", (received - asked).max(0).into()),
    ];
    i18n::translate_args(lang, &format!("why-{}", why.replace('_', "-")), &args)
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
    let request_ids: Vec<entity::PaymentRequestId> =
        shares.iter().filter_map(|s| s.payment_request_id).collect();
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
            product_id: p.product_id.get(),
            name: p.name.pick(lang.code()).to_owned(),
            unit: p.unit_in(lang.code()).to_owned(),
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
                            percent: crate::web::format::percent_bp(lang, i64::from(rate_bp)),
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
                payment_status: r.map(|r| r.status),
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
                product_id: p.product_id.get(),
                producer_id: p.producer_id.get(),
                name: p.name.pick(lang.code()).to_owned(),
                unit: p.unit_in(lang.code()).to_owned(),
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
    let goods: Cents = members.iter().map(|m| m.goods_cents).sum();
    let transport: Cents = members.iter().map(|m| m.transport_cents).sum();
    let fee: Cents = members.iter().map(|m| m.fee_cents).sum();
    Ok(CampaignResult {
        campaign_id: c.campaign.id.get(),
        state: c.campaign.state,
        revision: c.campaign.revision,
        products,
        members,
        goods_cents: goods,
        transport_cents: transport,
        fee_cents: fee,
        total_cents: goods + transport + fee,
    })
}
