//! The demo's consumer groups: one per partnership with a coordinator and four households, an
//! open campaign with baskets partly filled, and a campaign closed with its results.

use entity::CampaignId;
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::{basket_line, campaign, consumer_group, pickup_point, producer, product};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::{DEMO_DOMAIN, DemoReport, insert_account};
use crate::accounts::service as accounts;
use crate::group_orders::campaign_input::NewCampaign;
use crate::group_orders::domain::{State, TransportSplit};
use crate::group_orders::service::{campaign_row, offer_products, schedule_jobs};
use crate::money::Cents;
use crate::security::{Grant, Role};
use crate::web::i18n::Lang;

struct DemoGroup {
    partnership: &'static str,
    name: &'static str,
    description: &'static str,
    pickup: (&'static str, &'static str, &'static str),
}

fn demo_groups() -> [DemoGroup; 3] {
    [
        DemoGroup {
            partnership: "schaerbeek-al-hoceima",
            name: "GAS Josaphat",
            description: "Groupe d'achat solidaire du quartier Josaphat : une vingtaine de ménages, une commande par saison auprès des coopératives d'Al Hoceima.",
            pickup: (
                "Maison de quartier Josaphat",
                "Rue Josaphat 200, 1030 Schaerbeek",
                "Jeudi 17h-19h30",
            ),
        },
        DemoGroup {
            partnership: "jette-sidi-bibi",
            name: "GAC Jette",
            description: "Groupe d'achat commun de Jette, partenaire des coopératives de femmes de Sidi Bibi.",
            pickup: (
                "Centre culturel de Jette",
                "Boulevard de Smet de Naeyer 145, 1090 Jette",
                "Samedi 10h-12h",
            ),
        },
        DemoGroup {
            partnership: "braine-l-alleud-tafraout-ammelne",
            name: "GAC Braine-l'Alleud",
            description: "Groupe d'achat de Braine-l'Alleud, avec les coopératives de la vallée des Ammelne.",
            pickup: (
                "Ferme du Castegier",
                "Rue du Castegier 4, 1420 Braine-l'Alleud",
                "Vendredi 16h-19h",
            ),
        },
    ]
}

/// A campaign to close once the demo's transaction is committed: when it closed, and whether
/// its households paid and the order was settled.
pub struct ToClose {
    pub id: CampaignId,
    pub at: DateTime<Utc>,
    pub settle: bool,
}

/// Inserts the groups, their accounts and campaigns (with a year of past monthly orders);
/// returns the campaigns to close once the transaction is committed.
pub async fn load(
    txn: &DatabaseTransaction,
    hash: &str,
    partnership_ids: &HashMap<&str, entity::PartnershipId>,
    history: bool,
    report: &mut DemoReport,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<ToClose>> {
    let err = |e: crate::error::AppError| anyhow::anyhow!("{e}");
    let mut to_close = Vec::new();
    for d in demo_groups() {
        let Some(&partnership_id) = partnership_ids.get(d.partnership) else {
            continue;
        };
        let p = entity::partnership::Entity::find_by_id(partnership_id)
            .one(txn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo partnership {}", d.partnership))?;
        let group = consumer_group::ActiveModel {
            slug: Set(slug::slugify(d.name)),
            name: Set(d.name.into()),
            partnership_id: Set(partnership_id),
            territory_id: Set(p.belgian_territory_id),
            description: Set(d.description.into()),
            iban: Set(None),
            bic: Set(None),
            account_name: Set(None),
            created_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let point = pickup_point::ActiveModel {
            group_id: Set(group.id),
            name: Set(d.pickup.0.into()),
            address: Set(d.pickup.1.into()),
            opening_hours: Set(d.pickup.2.into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let email = format!("group.{}@{DEMO_DOMAIN}", d.partnership);
        let coordinator = insert_account(
            txn,
            hash,
            &email,
            &format!("Coordination {}", d.name),
            Lang::Fr,
            now,
        )
        .await?;
        accounts::grant(
            txn,
            coordinator.id,
            Grant::new(Role::GroupCoordinator, group.id),
            now,
        )
        .await
        .map_err(err)?;
        report
            .accounts
            .push((email, format!("group_coordinator of {}", d.name)));
        let households = ["Famille Peeters", "Amina & Luc", "Famille Benali", "Sofie"];
        let mut members = Vec::new();
        for (i, name) in households.iter().enumerate() {
            let email = format!("member{}.{}@{DEMO_DOMAIN}", i + 1, d.partnership);
            let lang = if i == 1 { Lang::Nl } else { Lang::Fr };
            let m = insert_account(txn, hash, &email, name, lang, now).await?;
            accounts::grant(txn, m.id, Grant::new(Role::GroupMember, group.id), now)
                .await
                .map_err(err)?;
            report
                .accounts
                .push((email, format!("group_member of {}", d.name)));
            members.push(m.id);
        }
        let producer_ids: Vec<entity::ProducerId> = producer::Entity::find()
            .filter(producer::Column::PartnershipId.eq(partnership_id))
            .all(txn)
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        let products = product::Entity::find()
            .filter(product::Column::ProducerId.is_in(producer_ids))
            .filter(product::Column::ArchivedAt.is_null())
            .order_by_asc(product::Column::ProducerId)
            .order_by_asc(product::Column::SortName)
            .all(txn)
            .await?;
        if products.is_empty() {
            continue;
        }
        // Last season's campaign, closed below (after the commit) with its results.
        let past = insert_campaign(
            txn,
            &group,
            point.id,
            "Commande d'automne",
            now - Duration::days(40),
            now - Duration::days(26),
            now,
        )
        .await?;
        offer_products(txn, past.id, &products).await.map_err(err)?;
        // This season's, open for another ten days.
        let open = insert_campaign(
            txn,
            &group,
            point.id,
            "Commande d'hiver",
            now - Duration::days(3),
            now + Duration::days(10),
            now,
        )
        .await?;
        offer_products(txn, open.id, &products).await.map_err(err)?;
        schedule_jobs(txn, &open, now).await.map_err(err)?;
        let lines = |campaign_id: CampaignId| {
            let products = &products;
            let members = &members;
            // (member index, product index, quantity, tolerance)
            let asks: [(usize, usize, i32, i32); 7] = [
                (0, 0, 4, 2),
                (1, 0, 3, 0),
                (2, 0, 2, 1),
                (3, 0, 1, 0),
                (0, 1, 2, 0),
                (1, 1, 1, 1),
                (2, 1 % products.len(), 2, 0),
            ];
            let mut seen = std::collections::HashSet::new();
            asks.into_iter()
                .filter(|(m, p, _, _)| *p < products.len() && seen.insert((*m, *p)))
                .map(move |(m, p, q, t)| {
                    let size = products[p].case_size.max(1);
                    let line = basket_line::ActiveModel {
                        campaign_id: Set(campaign_id),
                        campaign_product_id: Set(0),
                        user_id: Set(members[m]),
                        quantity: Set(q),
                        tolerance: Set(t.min(size - 1)),
                        allocated: Set(None),
                        reason: Set(None),
                        created_at: Set(now),
                        updated_at: Set(now),
                        ..Default::default()
                    };
                    (line, products[p].id)
                })
                .collect::<Vec<_>>()
        };
        for c in [&past, &open] {
            let offered: HashMap<entity::ProductId, i64> = entity::campaign_product::Entity::find()
                .filter(entity::campaign_product::Column::CampaignId.eq(c.id))
                .all(txn)
                .await?
                .into_iter()
                .map(|cp| (cp.product_id, cp.id))
                .collect();
            for (mut line, product_id) in lines(c.id) {
                let Some(cp) = offered.get(&product_id) else {
                    continue;
                };
                line.campaign_product_id = Set(*cp);
                line.insert(txn).await?;
            }
        }
        to_close.push(ToClose {
            id: past.id,
            at: now,
            settle: false,
        });
        // The past monthly orders, settled: a year of them with the history; without it, last
        // month's order of the partnership whose producers the demo pays, so that it owes them.
        let months = if history {
            2..=super::history::MONTHS
        } else if d.partnership == super::payouts::PAID_PARTNERSHIP {
            2..=2
        } else {
            continue;
        };
        for (id, at) in super::history::orders::campaigns(
            txn, &group, point.id, &products, &members, months, now,
        )
        .await?
        {
            to_close.push(ToClose {
                id,
                at,
                settle: true,
            });
        }
    }
    Ok(to_close)
}

/// A campaign of the group, open from `opens_at` to `closes_at`, written at `now`.
pub(super) async fn insert_campaign(
    txn: &DatabaseTransaction,
    group: &consumer_group::Model,
    pickup_point_id: i64,
    title: &str,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> anyhow::Result<campaign::Model> {
    let c = NewCampaign {
        title: title.into(),
        producer_ids: Vec::new(),
        opens_at,
        closes_at,
        delivery_on: (closes_at + Duration::days(14)).date_naive(),
        transport_cents: Cents(2400),
        transport_split: TransportSplit::Weight,
        fee_cents: Cents(300),
        min_total_cents: None,
        pickup_point_id: Some(pickup_point_id),
        note: None,
    };
    Ok(campaign_row(group, c, State::Open, None, now)
        .insert(txn)
        .await?)
}

/// Closes the demo's past campaigns, each when it closed (no email: the demo's addresses are
/// not real), and settles the older ones.
pub async fn close_past(db: &sea_orm::DatabaseConnection, all: &[ToClose]) -> anyhow::Result<()> {
    let ctx = crate::group_orders::close::Ctx {
        mailer: None,
        card: false,
        probe: None,
        catalog: None,
    };
    for c in all {
        crate::group_orders::close::close(db, &ctx, None, c.id, true, c.at)
            .await
            .map_err(|e| anyhow::anyhow!("closing demo campaign {}: {e}", c.id))?;
        if c.settle {
            super::history::orders::settle(db, c.id, c.at).await?;
        }
    }
    Ok(())
}
