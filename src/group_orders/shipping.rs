//! What the shipments do to the campaigns whose goods they carry: a campaign shipped when its
//! goods leave, its members told where their goods are, its pickup date moved by a delay.

use chrono::{DateTime, Utc};
use entity::{CampaignId, campaign};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::campaign_news::{News, notify_members};
use super::domain::State;
use super::service::load;
use crate::db::OneOrNotFound;
use crate::error::AppResult;
use crate::mail::outbox::Mailer;

/// The goods of a confirmed campaign left in a shipment (whose service checked who may act):
/// the campaign becomes shipped as with the one-click action; a campaign in another state is
/// left as it is. Returns whether it moved.
pub async fn ship_with_shipment(
    conn: &impl ConnectionTrait,
    id: CampaignId,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let c = campaign::Entity::find_by_id(id).one_or_404(conn).await?;
    if c.state != State::Confirmed {
        return Ok(false);
    }
    super::followup::advance(conn, &c, State::Shipped, now).await?;
    Ok(true)
}

/// Tells the members who ordered in campaign `id` where its goods are (the shipment carrying
/// them left or arrived), in the same transaction as the shipment's step.
pub async fn tell_members_goods(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    id: CampaignId,
    news: News,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let c = load(conn, id).await?;
    notify_members(conn, mailer, &c.campaign, &c.group, news, now).await
}

/// The shipment carrying the goods of campaign `id` is late (its service checked who may act):
/// the pickup date becomes what `moved` makes of it, and the members who ordered are told the
/// old and the new date with the note, in the same transaction. A campaign already delivered,
/// settled or cancelled is left as it is. Returns whether it moved.
pub async fn delay_delivery(
    conn: &impl ConnectionTrait,
    mailer: Option<&Mailer>,
    id: CampaignId,
    moved: impl FnOnce(chrono::NaiveDate) -> chrono::NaiveDate,
    note: &str,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let c = load(conn, id).await?;
    let before = c.campaign.delivery_on;
    let delivery_on = moved(before);
    if matches!(
        c.campaign.state,
        State::Delivered | State::Settled | State::Cancelled
    ) || before == delivery_on
    {
        return Ok(false);
    }
    campaign::Entity::update_many()
        .col_expr(campaign::Column::DeliveryOn, Expr::value(delivery_on))
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now))
        .filter(campaign::Column::Id.eq(id))
        .exec(conn)
        .await?;
    if let Some(mailer) = mailer {
        let moved = campaign::Model {
            delivery_on,
            updated_at: now,
            ..c.campaign
        };
        let delay = super::campaign_news::Delay {
            previous_delivery_on: Some(before),
            note: note.to_owned(),
        };
        super::campaign_news::notify_members_of_delay(
            conn,
            mailer,
            &moved,
            &c.group,
            News::GoodsDelayed,
            &delay,
            now,
        )
        .await?;
    }
    Ok(true)
}
