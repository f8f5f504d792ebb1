//! The demo groups' monthly orders over the past year, closed and then paid and settled.

use entity::CampaignId;
use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, Utc};
use entity::{basket_line, campaign, campaign_share, consumer_group, payment_request, product};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, Set,
};

use crate::group_orders::domain::State;
use crate::group_orders::service::offer_products;
use crate::payments::service::{self as payments, Receipt};

/// The monthly orders of a group `months` ago (2 to [`MONTHS`]: the past year before the demo's
/// own autumn order): returns (campaign, when it closed).
pub async fn campaigns(
    txn: &DatabaseTransaction,
    group: &consumer_group::Model,
    pickup_point_id: i64,
    products: &[product::Model],
    members: &[i64],
    months: std::ops::RangeInclusive<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<(CampaignId, DateTime<Utc>)>> {
    let err = |e: crate::error::AppError| anyhow::anyhow!("{e}");
    let mut out = Vec::new();
    for m in months {
        let opens_at = now - Duration::days(30 * m + 12);
        let closes_at = opens_at + Duration::days(10);
        // "Commande d'octobre 2026", "Commande de décembre 2026".
        let title = format!(
            "Commande {} {}",
            crate::web::format::of_month_fr(closes_at.month()),
            closes_at.year()
        );
        let row = crate::demo::groups::insert_campaign(
            txn,
            group,
            pickup_point_id,
            &title,
            opens_at,
            closes_at,
            opens_at,
        )
        .await?;
        offer_products(txn, row.id, products).await.map_err(err)?;
        let offered: HashMap<entity::ProductId, i64> = entity::campaign_product::Entity::find()
            .filter(entity::campaign_product::Column::CampaignId.eq(row.id))
            .all(txn)
            .await?
            .into_iter()
            .map(|cp| (cp.product_id, cp.id))
            .collect();
        // Households order a little differently each month; some skip a month.
        for (i, member) in members.iter().enumerate() {
            if (m + i as i64) % 5 == 4 {
                continue;
            }
            for (j, p) in products.iter().enumerate().take(5) {
                let quantity = 3 + ((m as usize * 7 + i * 3 + j * 5) % 6) as i32;
                let Some(cp) = offered.get(&p.id) else {
                    continue;
                };
                basket_line::ActiveModel {
                    campaign_id: Set(row.id),
                    campaign_product_id: Set(*cp),
                    user_id: Set(*member),
                    quantity: Set(quantity),
                    tolerance: Set((p.case_size / 3).min(p.case_size.max(1) - 1)),
                    allocated: Set(None),
                    reason: Set(None),
                    created_at: Set(opens_at + Duration::days(2)),
                    updated_at: Set(opens_at + Duration::days(2)),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
            }
        }
        out.push((row.id, closes_at));
    }
    Ok(out)
}

/// After a past order closed: every household paid its share by transfer a few days later, the
/// goods were delivered and the order settled.
pub async fn settle(
    db: &DatabaseConnection,
    campaign_id: CampaignId,
    closed_at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let err = |e: crate::error::AppError| anyhow::anyhow!("{e}");
    let txn = crate::db::begin_write(db).await?;
    let shares = campaign_share::Entity::find()
        .filter(campaign_share::Column::CampaignId.eq(campaign_id))
        .all(&txn)
        .await?;
    let ids: Vec<entity::PaymentRequestId> =
        shares.iter().filter_map(|s| s.payment_request_id).collect();
    let requests = payment_request::Entity::find()
        .filter(payment_request::Column::Id.is_in(ids))
        .all(&*txn)
        .await?;
    for (k, r) in requests.iter().enumerate() {
        let when = closed_at + Duration::days(2 + k as i64 % 4);
        payments::apply_payment(
            &txn,
            r,
            Receipt {
                amount_cents: r.amount_cents,
                received_on: when.date_naive(),
                method: "bank",
                external_id: None,
                counterparty: Some(r.payer_name.clone()),
                recorded_by: None,
                expected_cents: None,
            },
            when,
        )
        .await
        .map_err(err)?;
    }
    let delivered = closed_at + Duration::days(14);
    campaign::Entity::update_many()
        .col_expr(campaign::Column::State, Expr::value(State::Settled))
        .col_expr(campaign::Column::ConfirmedAt, Expr::value(Some(closed_at)))
        .col_expr(campaign::Column::ShippedAt, Expr::value(Some(delivered)))
        .col_expr(campaign::Column::DeliveredAt, Expr::value(Some(delivered)))
        .col_expr(
            campaign::Column::SettledAt,
            Expr::value(Some(delivered + Duration::days(3))),
        )
        .filter(campaign::Column::Id.eq(campaign_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
