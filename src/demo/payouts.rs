//! The demo's producers paid: in Jette – Sidi Bibi, the treasurer prepared a batch of everything
//! owed after the settled orders, with the dirham rate of the day, and recorded each transfer
//! paid — through the payouts' own services, so the ledger, the statements and the impact
//! dashboard read them as they would real ones.

use chrono::{DateTime, Utc};

use crate::payouts::input::{NewBatch, Paid};
use crate::payouts::service;

/// The partnership whose producers the demo pays.
pub const PAID_PARTNERSHIP: &str = "jette-sidi-bibi";

/// Pays the demo partnership's producers what they are owed at `now` (nothing when nothing is).
pub async fn pay_producers(
    db: &sea_orm::DatabaseConnection,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let err = |e: crate::error::AppError| anyhow::anyhow!("demo payouts: {e}");
    // The partnership's coordinator keeps its books: the transfers are recorded in their name.
    let treasurer = super::person(
        db,
        &format!("coordinator.{PAID_PARTNERSHIP}@{}", super::DEMO_DOMAIN),
    )
    .await?;
    let page = service::payouts_page(db, &treasurer, PAID_PARTNERSHIP)
        .await
        .map_err(err)?;
    let lines: Vec<_> = page
        .owed
        .iter()
        .filter(|r| r.account.owed_cents().is_positive())
        .map(|r| (r.producer.id, r.account.owed_cents()))
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    let today = crate::clock::today(now);
    let batch = NewBatch {
        lines,
        mad_rate_e4: Some(108_500),
        rate_on: Some(today),
        note: "Commandes livrées".into(),
    };
    let id = service::prepare_batch(db, &treasurer, PAID_PARTNERSHIP, batch, now)
        .await
        .map_err(err)?;
    let full = service::batch(db, &treasurer, id).await.map_err(err)?;
    for (po, _) in &full.payouts {
        let paid = Paid {
            bank_reference: format!("VIR-DEMO-{}", po.id),
            paid_on: today,
        };
        service::record_paid(db, None, &treasurer, po.id, paid, None, now)
            .await
            .map_err(err)?;
    }
    Ok(())
}
