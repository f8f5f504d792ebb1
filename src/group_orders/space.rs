//! What collective orders put on a person's own page: for a household, baskets to fill before a
//! close and past orders with their results; for a group coordinator, campaigns to move on (what
//! to do next and by when) and the groups they coordinate; for a producer's members, purchase
//! orders to confirm or ship, and past ones. A fixed number of queries whatever the data.

use entity::{CampaignId, GroupId};
use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use entity::payment_request::{self, RequestStatus};
use entity::producer;
use entity::{basket_line, campaign, campaign_product, campaign_share, consumer_group};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::domain::Lifecycle;
use super::domain::{OrderState, State};
use super::service::accepts_baskets;
use crate::error::AppResult;
use crate::security::{AuthUser, Role};
use crate::web::format;
use crate::web::i18n::{Arg, Lang, translate, translate_args};
use crate::web::space::{SpaceItem, SpaceKind};

const AREA: &str = "orders";
/// Past orders shown per person (the newest).
const PAST: usize = 12;

fn tr(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    translate_args(lang, key, args)
}

/// A day as an instant (noon in Brussels), so lines sort with the others.
fn noon(d: chrono::NaiveDate) -> DateTime<Utc> {
    format::DEFAULT_ZONE
        .from_local_datetime(&d.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| d.and_time(NaiveTime::MIN).and_utc())
}

fn item(
    kind: SpaceKind,
    title: String,
    detail: String,
    href: String,
    when: Option<DateTime<Utc>>,
) -> SpaceItem {
    SpaceItem {
        kind,
        area: AREA,
        title,
        detail,
        href,
        when,
        extra: None,
    }
}

async fn in_chunks<E, C, F>(
    conn: &impl ConnectionTrait,
    ids: &[impl Into<sea_orm::Value> + Copy],
    col: C,
    more: F,
) -> AppResult<Vec<E::Model>>
where
    E: EntityTrait,
    C: ColumnTrait,
    F: Fn(sea_orm::Select<E>) -> sea_orm::Select<E>,
{
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        out.extend(
            more(E::find().filter(col.is_in(chunk.iter().copied())))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

/// The person's lines of the personal space for collective orders.
pub async fn space_items(
    conn: &impl ConnectionTrait,
    user: &AuthUser,
    now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<Vec<crate::web::space::SpaceItem>> {
    let ordering: BTreeSet<GroupId> = user
        .scopes_of(Role::GroupMember)
        .chain(user.scopes_of(Role::GroupCoordinator))
        .map(GroupId)
        .collect();
    let coordinated: BTreeSet<GroupId> = user
        .scopes_of(Role::GroupCoordinator)
        .map(GroupId)
        .collect();
    let producers: Vec<i64> = user.scopes_of(Role::ProducerMember).collect();
    let group_ids: Vec<GroupId> = ordering.iter().copied().collect();

    // 1. The campaigns of the person's groups.
    let campaigns: Vec<campaign::Model> =
        in_chunks::<campaign::Entity, _, _>(conn, &group_ids, campaign::Column::GroupId, |q| {
            q.order_by_desc(campaign::Column::ClosesAt)
        })
        .await?;
    // 2. Purchase order lines of the person's producers, and 3. their campaigns.
    let po_lines: Vec<campaign_product::Model> = in_chunks::<campaign_product::Entity, _, _>(
        conn,
        &producers,
        campaign_product::Column::ProducerId,
        |q| q.filter(campaign_product::Column::OrderedUnits.gt(0)),
    )
    .await?;
    let po_campaign_ids: Vec<CampaignId> = po_lines
        .iter()
        .map(|l| l.campaign_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let po_campaigns: Vec<campaign::Model> =
        in_chunks::<campaign::Entity, _, _>(conn, &po_campaign_ids, campaign::Column::Id, |q| q)
            .await?;
    // 4. The groups' names.
    let all_groups: Vec<GroupId> = campaigns
        .iter()
        .chain(&po_campaigns)
        .map(|c| c.group_id)
        .chain(group_ids.iter().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let groups: HashMap<GroupId, consumer_group::Model> =
        in_chunks::<consumer_group::Entity, _, _>(
            conn,
            &all_groups,
            consumer_group::Column::Id,
            |q| q,
        )
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let name_of = |c: &campaign::Model| match groups.get(&c.group_id) {
        Some(g) => format!("{} — {}", c.title, g.name),
        None => c.title.clone(),
    };
    let mut out = Vec::new();

    // A household: baskets to fill, and orders with their results.
    let ordering_campaigns: Vec<&campaign::Model> = campaigns
        .iter()
        .filter(|c| ordering.contains(&c.group_id))
        .collect();
    let open_ids: Vec<CampaignId> = ordering_campaigns
        .iter()
        .filter(|c| accepts_baskets(c, now))
        .map(|c| c.id)
        .collect();
    // 5. How many products the person has in each open basket.
    let mut filled: HashMap<CampaignId, i64> = HashMap::new();
    for chunk in open_ids.chunks(500) {
        let rows: Vec<(CampaignId, i64)> = basket_line::Entity::find()
            .select_only()
            .column(basket_line::Column::CampaignId)
            .column_as(basket_line::Column::Id.count(), "n")
            .filter(basket_line::Column::UserId.eq(user.id))
            .filter(basket_line::Column::CampaignId.is_in(chunk.iter().copied()))
            .group_by(basket_line::Column::CampaignId)
            .into_tuple()
            .all(conn)
            .await?;
        filled.extend(rows);
    }
    for c in ordering_campaigns
        .iter()
        .filter(|c| accepts_baskets(c, now))
    {
        let closes = format::datetime(lang, c.closes_at);
        let detail = match filled.get(&c.id).copied().unwrap_or(0) {
            0 => tr(
                lang,
                "space-orders-basket-empty",
                &[("date", closes.into())],
            ),
            n => tr(
                lang,
                "space-orders-basket-filled",
                &[("count", n.into()), ("date", closes.into())],
            ),
        };
        out.push(item(
            SpaceKind::Todo,
            name_of(c),
            detail,
            format!("/campaigns/{}#basket", c.id),
            Some(c.closes_at),
        ));
    }
    // 6. The person's shares, and 7. their payment requests.
    let shares: Vec<campaign_share::Model> = if ordering.is_empty() {
        Vec::new()
    } else {
        campaign_share::Entity::find()
            .filter(campaign_share::Column::UserId.eq(user.id))
            .all(conn)
            .await?
    };
    let request_ids: Vec<entity::PaymentRequestId> =
        shares.iter().filter_map(|s| s.payment_request_id).collect();
    let requests: HashMap<entity::PaymentRequestId, payment_request::Model> =
        in_chunks::<payment_request::Entity, _, _>(
            conn,
            &request_ids,
            payment_request::Column::Id,
            |q| q,
        )
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let share_of: HashMap<CampaignId, &campaign_share::Model> =
        shares.iter().map(|s| (s.campaign_id, s)).collect();
    for c in ordering_campaigns
        .iter()
        .filter(|c| share_of.contains_key(&c.id))
        .take(PAST)
    {
        let Some(s) = share_of.get(&c.id) else {
            continue;
        };
        let r = s.payment_request_id.and_then(|id| requests.get(&id));
        let status = r
            .map(|r| {
                translate(
                    lang,
                    &format!("payment-status-{}", r.status.to_value()),
                    &[],
                )
            })
            .unwrap_or_default();
        let state = translate(lang, &format!("campaign-state-{}", c.state.as_str()), &[]);
        let mut line = item(
            SpaceKind::Done,
            name_of(c),
            tr(
                lang,
                "space-orders-result",
                &[
                    ("state", state.into()),
                    ("amount", s.total_cents.euros().into()),
                    ("payment", status.into()),
                ],
            ),
            format!("/campaigns/{}", c.id),
            c.closed_at.or(Some(c.closes_at)),
        );
        if let Some(r) =
            r.filter(|r| matches!(r.status, RequestStatus::Open | RequestStatus::PartlyPaid))
        {
            line.extra = Some((
                translate(lang, "result-pay", &[]),
                format!("/pay/{}", r.reference),
            ));
        }
        out.push(line);
    }

    // A group coordinator: campaigns to move on, and the groups coordinated.
    let to_follow: Vec<&campaign::Model> = campaigns
        .iter()
        .filter(|c| coordinated.contains(&c.group_id))
        .filter(|c| !matches!(c.state, State::Settled | State::Cancelled))
        .collect();
    let closed_ids: Vec<CampaignId> = to_follow
        .iter()
        .filter(|c| c.state == State::Closed)
        .map(|c| c.id)
        .collect();
    let delivered_ids: Vec<CampaignId> = to_follow
        .iter()
        .filter(|c| c.state == State::Delivered)
        .map(|c| c.id)
        .collect();
    // 8. Products of closed campaigns (producers still to answer).
    let mut waiting: HashMap<CampaignId, BTreeSet<entity::ProducerId>> = HashMap::new();
    for p in in_chunks::<campaign_product::Entity, _, _>(
        conn,
        &closed_ids,
        campaign_product::Column::CampaignId,
        |q| {
            q.filter(campaign_product::Column::OrderedUnits.gt(0))
                .filter(campaign_product::Column::ConfirmedUnits.is_null())
        },
    )
    .await?
    {
        waiting
            .entry(p.campaign_id)
            .or_default()
            .insert(p.producer_id);
    }
    // 9. Shares of delivered campaigns, and 10. their requests' statuses (what settling waits
    // for).
    let delivered_shares: Vec<campaign_share::Model> = in_chunks::<campaign_share::Entity, _, _>(
        conn,
        &delivered_ids,
        campaign_share::Column::CampaignId,
        |q| q,
    )
    .await?;
    let delivered_requests: Vec<entity::PaymentRequestId> = delivered_shares
        .iter()
        .filter_map(|s| s.payment_request_id)
        .collect();
    let open_requests: BTreeSet<entity::PaymentRequestId> =
        in_chunks::<payment_request::Entity, _, _>(
            conn,
            &delivered_requests,
            payment_request::Column::Id,
            |q| {
                q.filter(payment_request::Column::Status.is_in([
                    RequestStatus::Open,
                    RequestStatus::PartlyPaid,
                    RequestStatus::Overpaid,
                ]))
            },
        )
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let mut unpaid: HashMap<CampaignId, i64> = HashMap::new();
    for s in &delivered_shares {
        if s.payment_request_id
            .is_some_and(|id| open_requests.contains(&id))
        {
            *unpaid.entry(s.campaign_id).or_default() += 1;
        }
    }
    for c in &to_follow {
        let st = c.state;
        let (detail, when) = match st {
            State::Draft => (
                tr(
                    lang,
                    "space-orders-next-draft",
                    &[("date", format::datetime(lang, c.opens_at).into())],
                ),
                Some(c.opens_at),
            ),
            State::Open => (
                tr(
                    lang,
                    "space-orders-next-open",
                    &[("date", format::datetime(lang, c.closes_at).into())],
                ),
                Some(c.closes_at),
            ),
            State::Closed => (
                tr(
                    lang,
                    "space-orders-next-closed",
                    &[(
                        "count",
                        waiting.get(&c.id).map(|w| w.len()).unwrap_or(0).into(),
                    )],
                ),
                c.closed_at,
            ),
            State::Confirmed => (
                tr(
                    lang,
                    "space-orders-next-confirmed",
                    &[("date", format::date(lang, c.delivery_on).into())],
                ),
                Some(noon(c.delivery_on)),
            ),
            State::Shipped => (
                tr(
                    lang,
                    "space-orders-next-shipped",
                    &[("date", format::date(lang, c.delivery_on).into())],
                ),
                Some(noon(c.delivery_on)),
            ),
            _ => (
                tr(
                    lang,
                    "space-orders-next-delivered",
                    &[("count", unpaid.get(&c.id).copied().unwrap_or(0).into())],
                ),
                c.delivered_at,
            ),
        };
        out.push(item(
            SpaceKind::Todo,
            name_of(c),
            detail,
            format!("/campaigns/{}", c.id),
            when,
        ));
    }
    for gid in &coordinated {
        let Some(g) = groups.get(gid) else { continue };
        let count = campaigns.iter().filter(|c| c.group_id == *gid).count();
        out.push(item(
            SpaceKind::Done,
            g.name.clone(),
            tr(lang, "space-orders-group", &[("count", count.into())]),
            format!("/groups/{}", g.slug),
            None,
        ));
    }

    // A producer's member: purchase orders to confirm or ship, and the past ones.
    if !po_lines.is_empty() {
        // 11. The producers' names.
        let names: HashMap<entity::ProducerId, String> =
            in_chunks::<producer::Entity, _, _>(conn, &producers, producer::Column::Id, |q| q)
                .await?
                .into_iter()
                .map(|p| (p.id, p.name))
                .collect();
        let by_id: HashMap<CampaignId, &campaign::Model> =
            po_campaigns.iter().map(|c| (c.id, c)).collect();
        let mut orders: Vec<(CampaignId, entity::ProducerId, bool, i64)> = Vec::new();
        for l in &po_lines {
            match orders
                .iter_mut()
                .find(|o| o.0 == l.campaign_id && o.1 == l.producer_id)
            {
                Some(o) => {
                    o.2 &= l.confirmed_units.is_some();
                    o.3 += i64::from(l.ordered_cases);
                }
                None => orders.push((
                    l.campaign_id,
                    l.producer_id,
                    l.confirmed_units.is_some(),
                    i64::from(l.ordered_cases),
                )),
            }
        }
        orders.sort_by_key(|o| std::cmp::Reverse(by_id.get(&o.0).map(|c| c.closes_at)));
        let mut past = 0;
        for (cid, pid, confirmed, cases) in orders {
            let Some(c) = by_id.get(&cid) else { continue };
            if !(c.state.is_closed() || c.state == State::Cancelled) {
                continue;
            }
            if c.state == State::Cancelled
                && matches!(c.cancel_reason.as_deref(), Some("minimum" | "nothing"))
            {
                continue;
            }
            let os = OrderState::of(c.state, confirmed);
            let title = match names.get(&pid) {
                Some(n) if producers.len() > 1 => format!("{} — {n}", name_of(c)),
                _ => name_of(c),
            };
            let href = format!("/producer/{pid}/orders/{cid}");
            let delivery = format::date(lang, c.delivery_on);
            let cases_text = tr(lang, "orders-cases", &[("n", cases.into())]);
            let todo = matches!(os, OrderState::ToConfirm | OrderState::ToShip);
            if !todo {
                if past >= PAST {
                    continue;
                }
                past += 1;
            }
            out.push(item(
                if todo {
                    SpaceKind::Todo
                } else {
                    SpaceKind::Done
                },
                title,
                tr(
                    lang,
                    &format!("space-orders-po-{}", os.as_str().replace('_', "-")),
                    &[("cases", cases_text.into()), ("date", delivery.into())],
                ),
                href,
                if todo {
                    Some(noon(c.delivery_on))
                } else {
                    c.closed_at
                },
            ));
        }
    }
    Ok(out)
}
