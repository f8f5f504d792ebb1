//! What each producer earned, from the ledger: the producer share of every member's payment
//! request of the partnership's delivered (or settled) campaigns, received less refunded,
//! divided among the producers whose goods are in that member's lines (domain.rs); and what
//! payouts already paid. A fixed number of queries, whatever the number of campaigns.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use entity::campaign::CampaignState;
use entity::payout::PayoutStatus;
use entity::{
    CampaignId, PartnershipId, PaymentRequestId, ProducerId, basket_line, campaign,
    campaign_product, campaign_share, ledger_entry, partnership, payout,
};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use super::domain::{self, Line};
use crate::catalog::domain::price_breakdown;
use crate::db::OneOrNotFound;
use crate::error::AppResult;
use crate::ledger::{self, LedgerKind};
use crate::money::Cents;

/// What a producer earned in one campaign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignPart {
    pub campaign_id: CampaignId,
    pub title: String,
    /// The month it was delivered, `YYYY-MM`.
    pub month: String,
    /// Units of this producer's goods delivered (or allotted) to the members.
    pub units: i64,
    pub earned_cents: Cents,
}

/// What a producer earned, was paid and is owed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Account {
    pub parts: Vec<CampaignPart>,
    pub earned_cents: Cents,
    pub paid_cents: Cents,
    /// Payouts paid, by day paid.
    pub payouts: Vec<PaidPayout>,
}

/// A payout paid to a producer, as its statement lists it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, utoipa::ToSchema)]
pub struct PaidPayout {
    pub paid_on: chrono::NaiveDate,
    pub payout_id: i64,
    pub batch_id: i64,
    #[schema(value_type = i64)]
    pub amount_cents: Cents,
    pub bank_reference: Option<String>,
    /// Whether the bank's confirmation is attached (the producer may read it).
    pub has_proof: bool,
}

impl Account {
    /// What is still owed (never negative).
    pub fn owed_cents(&self) -> Cents {
        domain::owed(self.earned_cents, self.paid_cents)
    }
}

/// The campaigns that count: delivered or settled, of the partnership (and selling goods of
/// `only`, when given).
fn campaigns_query(partnership_id: PartnershipId, only: Option<ProducerId>) -> SelectStatement {
    let mut q = Query::select();
    q.column(campaign::Column::Id)
        .from(campaign::Entity)
        .and_where(campaign::Column::PartnershipId.eq(partnership_id))
        .and_where(
            campaign::Column::State.is_in([CampaignState::Delivered, CampaignState::Settled]),
        );
    if let Some(p) = only {
        q.and_where(
            campaign::Column::Id.in_subquery(
                Query::select()
                    .column(campaign_product::Column::CampaignId)
                    .from(campaign_product::Entity)
                    .and_where(campaign_product::Column::ProducerId.eq(p))
                    .to_owned(),
            ),
        );
    }
    q.to_owned()
}

/// The accounts of the partnership's producers (of `only`, when given), keyed by producer;
/// producers who never earned nor were paid are absent.
pub async fn accounts(
    conn: &impl ConnectionTrait,
    partnership_id: PartnershipId,
    only: Option<ProducerId>,
) -> AppResult<BTreeMap<ProducerId, Account>> {
    let p = partnership::Entity::find_by_id(partnership_id)
        .one_or_404(conn)
        .await?;
    let ids = campaigns_query(partnership_id, only);
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::Id.in_subquery(ids.clone()))
        .all(conn)
        .await?;
    let products = campaign_product::Entity::find()
        .filter(campaign_product::Column::CampaignId.in_subquery(ids.clone()))
        .all(conn)
        .await?;
    let lines = basket_line::Entity::find()
        .filter(basket_line::Column::CampaignId.in_subquery(ids.clone()))
        .filter(basket_line::Column::Allocated.gt(0))
        .all(conn)
        .await?;
    let shares = campaign_share::Entity::find()
        .filter(campaign_share::Column::CampaignId.in_subquery(ids.clone()))
        .filter(campaign_share::Column::PaymentRequestId.is_not_null())
        .all(conn)
        .await?;
    let requests = Query::select()
        .column(campaign_share::Column::PaymentRequestId)
        .from(campaign_share::Entity)
        .and_where(campaign_share::Column::CampaignId.in_subquery(ids))
        .to_owned();
    let sums = ledger::sums_by(
        conn,
        ledger_entry::Column::PaymentRequestId,
        Condition::all()
            .add(ledger_entry::Column::Kind.eq(LedgerKind::Producer))
            .add(ledger_entry::Column::PaymentRequestId.in_subquery(requests)),
    )
    .await?;
    let mut net: HashMap<PaymentRequestId, Cents> = HashMap::new();
    for (rid, _, total) in sums {
        if let Some(rid) = rid {
            *net.entry(PaymentRequestId(rid)).or_default() += total;
        }
    }
    let mut payouts_q = payout::Entity::find()
        .filter(payout::Column::PartnershipId.eq(partnership_id))
        .filter(payout::Column::Status.eq(PayoutStatus::Paid));
    if let Some(only) = only {
        payouts_q = payouts_q.filter(payout::Column::ProducerId.eq(only));
    }
    let paid = payouts_q.all(conn).await?;

    let product_of: HashMap<i64, &campaign_product::Model> =
        products.iter().map(|cp| (cp.id, cp)).collect();
    // The producer's part of one unit of each campaign product.
    let unit_part: HashMap<i64, Cents> = products
        .iter()
        .map(|cp| {
            let b = price_breakdown(
                cp.price_cents,
                cp.vat_rate_bp,
                p.transport_bp,
                p.costs_bp,
                p.fund_bp,
            );
            (cp.id, b.producer_cents)
        })
        .collect();
    // Each member's lines, by campaign and member.
    let mut bills: HashMap<(CampaignId, i64), Vec<Line>> = HashMap::new();
    let mut units: HashMap<(CampaignId, ProducerId), i64> = HashMap::new();
    for l in &lines {
        let Some(cp) = product_of.get(&l.campaign_product_id) else {
            continue;
        };
        let n = i64::from(l.allocated.unwrap_or(0));
        *units.entry((l.campaign_id, cp.producer_id)).or_default() += n;
        bills
            .entry((l.campaign_id, l.user_id))
            .or_default()
            .push(Line {
                producer: cp.producer_id,
                producer_cents: unit_part.get(&cp.id).copied().unwrap_or_default() * n,
            });
    }
    let mut earned: HashMap<(CampaignId, ProducerId), Cents> = HashMap::new();
    for s in &shares {
        let (Some(rid), Some(bill)) =
            (s.payment_request_id, bills.get(&(s.campaign_id, s.user_id)))
        else {
            continue;
        };
        let share = net.get(&rid).copied().unwrap_or_default();
        for (producer, cents) in domain::split_share(share, bill) {
            *earned.entry((s.campaign_id, producer)).or_default() += cents;
        }
    }
    let mut out: BTreeMap<ProducerId, Account> = BTreeMap::new();
    for c in &campaigns {
        let day = c
            .delivered_at
            .map(|d| d.date_naive())
            .unwrap_or(c.delivery_on);
        let month = format!("{:04}-{:02}", day.year(), day.month());
        let mut producers: Vec<ProducerId> = products
            .iter()
            .filter(|cp| cp.campaign_id == c.id)
            .map(|cp| cp.producer_id)
            .collect();
        producers.sort_unstable();
        producers.dedup();
        for producer in producers {
            if only.is_some_and(|o| o != producer) {
                continue;
            }
            let n = units.get(&(c.id, producer)).copied().unwrap_or(0);
            let e = earned.get(&(c.id, producer)).copied().unwrap_or_default();
            if n == 0 && e == Cents::ZERO {
                continue;
            }
            let a = out.entry(producer).or_default();
            a.earned_cents += e;
            a.parts.push(CampaignPart {
                campaign_id: c.id,
                title: c.title.clone(),
                month: month.clone(),
                units: n,
                earned_cents: e,
            });
        }
    }
    for po in paid {
        let a = out.entry(po.producer_id).or_default();
        a.paid_cents += po.amount_cents;
        a.payouts.push(PaidPayout {
            paid_on: po.paid_on.unwrap_or_else(|| po.created_at.date_naive()),
            payout_id: po.id.get(),
            batch_id: po.batch_id.get(),
            amount_cents: po.amount_cents,
            has_proof: po.proof_key.is_some(),
            bank_reference: po.bank_reference,
        });
    }
    for a in out.values_mut() {
        a.parts.sort_by(|x, y| {
            x.month
                .cmp(&y.month)
                .then(x.campaign_id.cmp(&y.campaign_id))
        });
        a.payouts.sort();
    }
    Ok(out)
}
