//! A campaign's real transport cost, once every shipment carrying its goods has its carrier's
//! invoice: billed to the members instead of the estimate (their requests ask more, or less,
//! and their result emails explain it), or the difference taken by the partnership's costs in
//! the ledger, as the partnership chose.

use chrono::{DateTime, Utc};
use entity::{CampaignId, campaign, carrier_invoice, shipment_order, transport_share};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::close::Ctx;
use super::domain::{Stage, State};
use super::followup::reallocate;
use super::result_mail::{self, Pending};
use super::service;
use crate::error::AppResult;
use crate::ledger::LedgerKind;
use crate::money::Cents;
use crate::shipments::cost_rules::{Settlement, settle};

/// Result emails left to send once the transaction that re-billed the members has committed.
#[derive(Default)]
pub struct Emails(Vec<Pending>);

impl Emails {
    /// Renders and sends them (after the commit).
    pub async fn send(self, db: &DatabaseConnection, ctx: &Ctx<'_>, now: DateTime<Utc>) {
        for p in self.0 {
            result_mail::after_commit(db, ctx, p.job, p.input, now).await;
        }
    }
}

/// What the carrier invoices of a campaign's shipments add up to, None while a shipment
/// carrying its goods has no invoice yet (three queries).
pub async fn real_cost(conn: &impl ConnectionTrait, id: CampaignId) -> AppResult<Option<Cents>> {
    let mut shipments: Vec<entity::ShipmentId> = shipment_order::Entity::find()
        .filter(shipment_order::Column::CampaignId.eq(id))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| o.shipment_id)
        .collect();
    shipments.sort_unstable();
    shipments.dedup();
    if shipments.is_empty() {
        return Ok(None);
    }
    let invoiced = carrier_invoice::Entity::find()
        .filter(carrier_invoice::Column::ShipmentId.is_in(shipments.iter().copied()))
        .all(conn)
        .await?
        .len();
    if invoiced < shipments.len() {
        return Ok(None);
    }
    let shares = transport_share::Entity::find()
        .filter(transport_share::Column::CampaignId.eq(id))
        .all(conn)
        .await?;
    Ok(Some(shares.iter().map(|s| s.share_cents).sum()))
}

/// Settles the real transport cost of the campaign `id` in the caller's transaction, when it
/// is known: the members billed it (a campaign confirmed, shipped or delivered, in a
/// partnership whose members pay the real cost), else the partnership's costs take the
/// difference with what was billed. The members whose bill changed get their result email
/// once the caller commits.
#[tracing::instrument(skip_all, fields(campaign = %id))]
pub async fn apply(
    conn: &impl ConnectionTrait,
    ctx: &Ctx<'_>,
    id: CampaignId,
    emails: &mut Emails,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(real) = real_cost(conn, id).await? else {
        return Ok(());
    };
    let c = service::load(conn, id).await?;
    let open = matches!(
        c.campaign.state,
        State::Confirmed | State::Shipped | State::Delivered
    );
    let settlement = settle(
        c.group.partnership.transport_difference,
        open,
        c.campaign.transport_cents,
        real,
        c.campaign.real_transport_cents,
        c.campaign.transport_absorbed_cents,
    );
    match settlement {
        Settlement::Nothing => {}
        Settlement::Members { real } => {
            campaign::Entity::update_many()
                .col_expr(
                    campaign::Column::RealTransportCents,
                    Expr::value(Some(real)),
                )
                .filter(campaign::Column::Id.eq(id))
                .exec(conn)
                .await?;
            let stage = match c.campaign.state {
                State::Delivered => Stage::Delivery,
                _ => Stage::Confirmation,
            };
            let (_, pending) = reallocate(conn, ctx, id, stage, true, now).await?;
            emails.0.extend(pending);
        }
        Settlement::Partnership { delta } => {
            let memo = format!(
                "campaign {id}: real transport {} for an estimate of {}, the partnership's costs take {}",
                real.get(),
                c.campaign
                    .real_transport_cents
                    .unwrap_or(c.campaign.transport_cents)
                    .get(),
                delta.get()
            );
            crate::ledger::transfer(
                conn,
                c.campaign.partnership_id,
                (LedgerKind::Costs, LedgerKind::Transport),
                delta,
                &memo,
                now,
            )
            .await?;
            campaign::Entity::update_many()
                .col_expr(
                    campaign::Column::TransportAbsorbedCents,
                    Expr::value(c.campaign.transport_absorbed_cents + delta),
                )
                .filter(campaign::Column::Id.eq(id))
                .exec(conn)
                .await?;
        }
    }
    Ok(())
}
