//! The demo's goods on their way, through the shipments' own services: the late autumn orders
//! of GAC Jette and GAC Braine-l'Alleud, closed and confirmed by their producers, travel from
//! the Souss (Chtouka-Aït Baha and Tafraout share a truck) in a shipment in transit, its papers
//! done and its timeline recorded by the coordinator of Jette – Sidi Bibi; the honey waits in a
//! second shipment, collected, for its ONSSA health certificate (the export clearance shows
//! what holds it).

use crate::media::storage::Storage;
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::shipment::ShipmentStep;
use entity::shipment_paper::PaperKind;
use entity::{CampaignId, ProducerId, ShipmentId, basket_line, campaign_product, consumer_group};
use entity::{pickup_point, producer, product};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::{DEMO_DOMAIN, person};
use crate::error::AppError;
use crate::group_orders::close::Ctx;
use crate::group_orders::service::offer_products;
use crate::money::Cents;
use crate::security::AuthUser;
use crate::shipments::cost_input::NewInvoice;
use crate::shipments::costs::{self, InvoiceRecording};
use crate::shipments::input::{NewShipment, NewStep};
use crate::shipments::papers::{NewPaper, Recording};
use crate::shipments::{orders, papers, service};

/// The partnership whose coordinator manages the demo's shipments.
const SHIPPING_PARTNERSHIP: &str = "jette-sidi-bibi";
/// The partnership whose group's order shares the truck.
const SHARING_PARTNERSHIP: &str = "braine-l-alleud-tafraout-ammelne";
const TITLE: &str = "Commande de fin d'automne";
/// The partnership whose order has arrived, its carrier's invoice shared.
const ARRIVED_PARTNERSHIP: &str = "schaerbeek-al-hoceima";
const ARRIVED_TITLE: &str = "Commande de la Toussaint";

/// One line of a household's basket: (household number, product's French name, units,
/// tolerance).
type Ask = (usize, &'static str, i32, i32);

/// What the households of each group asked: whole cases once closed.
fn asks(partnership: &str) -> &'static [Ask] {
    if partnership == ARRIVED_PARTNERSHIP {
        &[
            (1, "Huile d'olive vierge extra", 3, 0),
            (2, "Huile d'olive vierge extra", 3, 0),
            (1, "Amandes décortiquées", 5, 0),
            (3, "Amandes décortiquées", 5, 0),
            (2, "Confiture de figue de Barbarie", 6, 0),
            (4, "Confiture de figue de Barbarie", 6, 0),
        ]
    } else if partnership == SHIPPING_PARTNERSHIP {
        &[
            (1, "Huile d'argan alimentaire", 6, 0),
            (2, "Huile d'argan alimentaire", 4, 2),
            (3, "Huile d'argan alimentaire", 2, 0),
            (1, "Miel d'euphorbe", 4, 0),
            (3, "Miel d'euphorbe", 6, 0),
            (4, "Miel d'euphorbe", 2, 1),
        ]
    } else {
        &[
            (1, "Thym sauvage séché", 8, 0),
            (2, "Thym sauvage séché", 6, 2),
            (3, "Thym sauvage séché", 6, 0),
            (1, "Amandes de Tafraout", 4, 0),
            (2, "Amandes de Tafraout", 3, 0),
            (4, "Amandes de Tafraout", 3, 1),
            (2, "Amlou aux amandes de Tafraout", 6, 0),
            (3, "Amlou aux amandes de Tafraout", 6, 0),
        ]
    }
}

/// The demo's shipments: one in transit, one waiting for a paper, and one arrived with its
/// carrier's invoice and the real transport cost shared among its members.
pub async fn load(
    db: &DatabaseConnection,
    storage: &Storage,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    in_transit(db, storage, now).await?;
    arrived(db, storage, now).await
}

fn err(e: AppError) -> anyhow::Error {
    anyhow::anyhow!("demo shipments: {e}")
}

/// The late autumn order of the partnership's group: opened 24 days ago, closed 12 days ago
/// (delivery in two days), and confirmed in full by each producer the next day.
async fn confirmed_order(
    db: &DatabaseConnection,
    partnership: &str,
    title: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<CampaignId> {
    let p = entity::partnership::Entity::find()
        .filter(entity::partnership::Column::Slug.eq(partnership))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo partnership {partnership}"))?;
    let group = consumer_group::Entity::find()
        .filter(consumer_group::Column::PartnershipId.eq(p.id))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo group of {partnership}"))?;
    let point = pickup_point::Entity::find()
        .filter(pickup_point::Column::GroupId.eq(group.id))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the pickup point of {}", group.name))?;
    let producers: Vec<ProducerId> = producer::Entity::find()
        .filter(producer::Column::PartnershipId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let products = product::Entity::find()
        .filter(product::Column::ProducerId.is_in(producers))
        .all(db)
        .await?;
    let (opens_at, closes_at) = (now - Duration::days(24), now - Duration::days(12));
    let txn = crate::db::begin_write(db).await?;
    let c = super::groups::insert_campaign(
        &txn, &group, point.id, title, opens_at, closes_at, opens_at,
    )
    .await?;
    offer_products(&txn, c.id, &products).await.map_err(err)?;
    let offered: HashMap<String, (i64, ProducerId)> = campaign_product::Entity::find()
        .filter(campaign_product::Column::CampaignId.eq(c.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|cp| (cp.name.pick("fr").to_owned(), (cp.id, cp.producer_id)))
        .collect();
    for (household, name, quantity, tolerance) in asks(partnership) {
        let email = format!("member{household}.{partnership}@{DEMO_DOMAIN}");
        let member = person(db, &email).await?;
        let (cp, _) = offered
            .get(*name)
            .ok_or_else(|| anyhow::anyhow!("{name} in the demo's {title}"))?;
        basket_line::ActiveModel {
            campaign_id: Set(c.id),
            campaign_product_id: Set(*cp),
            user_id: Set(member.id),
            quantity: Set(*quantity),
            tolerance: Set(*tolerance),
            allocated: Set(None),
            reason: Set(None),
            created_at: Set(opens_at + Duration::days(3)),
            updated_at: Set(opens_at + Duration::days(3)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    // A new harvest where the year's orders (with the history) emptied a producer's stock.
    for p in &products {
        let asked: i32 = asks(partnership)
            .iter()
            .filter(|(_, name, _, _)| p.name.pick("fr") == *name)
            .map(|(_, _, quantity, tolerance)| quantity + tolerance)
            .sum();
        if p.stock.is_some_and(|s| s < asked) {
            let mut restocked: product::ActiveModel = p.clone().into();
            restocked.stock = Set(Some(asked));
            restocked.update(&txn).await?;
        }
    }
    txn.commit().await?;
    let ctx = Ctx {
        mailer: None,
        card: false,
        probe: None,
        catalog: None,
    };
    crate::group_orders::close::close(db, &ctx, None, c.id, true, closes_at)
        .await
        .map_err(err)?;
    let supplier = person(db, &format!("producer.{partnership}@{DEMO_DOMAIN}")).await?;
    let mut suppliers: Vec<ProducerId> = asks(partnership)
        .iter()
        .filter_map(|(_, name, _, _)| offered.get(*name).map(|(_, p)| *p))
        .collect();
    suppliers.sort_unstable();
    suppliers.dedup();
    for producer_id in suppliers {
        let at = closes_at + Duration::days(1);
        crate::group_orders::followup::confirm_supply(
            db,
            &ctx,
            &supplier,
            c.id,
            producer_id,
            &[],
            at,
        )
        .await
        .map_err(err)?;
    }
    Ok(c.id)
}

/// A demo producer, by its name.
async fn producer_named(db: &DatabaseConnection, name: &str) -> anyhow::Result<ProducerId> {
    Ok(producer::Entity::find()
        .filter(producer::Column::Name.eq(name))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo producer {name}"))?
        .id)
}

/// Records the steps of the shipment `id` after "preparing", each `days` ago with its note.
async fn steps(
    db: &DatabaseConnection,
    who: &AuthUser,
    id: ShipmentId,
    steps: &[(ShipmentStep, i64, &str)],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for (step, days, note) in steps {
        let at = now - Duration::days(*days);
        let s = NewStep {
            step: *step,
            on: crate::clock::today(at),
            note: (*note).to_owned(),
        };
        service::record_step(db, None, who, id, s, at)
            .await
            .map_err(err)?;
    }
    Ok(())
}

/// Records a paper of an exporter as obtained at `at`.
async fn paper(
    db: &DatabaseConnection,
    storage: &Storage,
    who: &AuthUser,
    id: ShipmentId,
    (kind, producer_id): (PaperKind, ProducerId),
    reference: &str,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let rec = Recording {
        kind,
        paper: Ok(NewPaper {
            producer_id: Some(producer_id),
            reference: reference.into(),
            obtained_on: crate::clock::today(at),
        }),
        scan: None,
    };
    papers::record(db, storage, who, id, rec, at)
        .await
        .map_err(err)?;
    Ok(())
}

/// The shipment in transit (the argan oil of Jette and the whole order of Braine-l'Alleud) and
/// the honey's, collected and waiting for its health certificate.
async fn in_transit(
    db: &DatabaseConnection,
    storage: &Storage,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let jette = confirmed_order(db, SHIPPING_PARTNERSHIP, TITLE, now).await?;
    let braine = confirmed_order(db, SHARING_PARTNERSHIP, TITLE, now).await?;
    let coordinator = person(
        db,
        &format!("coordinator.{SHIPPING_PARTNERSHIP}@{DEMO_DOMAIN}"),
    )
    .await?;
    // Only someone who coordinates both partnerships puts Braine-l'Alleud's order in the truck.
    let admin = person(db, &format!("admin@{DEMO_DOMAIN}")).await?;
    let tifawin = producer_named(db, "Coopérative féminine Tifawin").await?;
    let achbaro = producer_named(db, "Coopérative apicole Achbaro").await?;
    let tigmi = producer_named(db, "Coopérative Tigmi n'Ammelne").await?;
    let almonds = producer_named(db, "Coopérative Amandes de Tafraout").await?;
    let created = now - Duration::days(10);
    let today = crate::clock::today(now);
    let shipment = |origin: &str, expected_in: i64| {
        let s = NewShipment {
            origin: origin.into(),
            carrier: "Trans Souss Logistique".into(),
            expected_on: Some(today + Duration::days(expected_in)),
        };
        let coordinator = &coordinator;
        async move {
            let created = service::create(db, coordinator, SHIPPING_PARTNERSHIP, s, created).await;
            created.map(|s| s.row.id).map_err(err)
        }
    };
    let truck = shipment("Souss-Massa : Chtouka-Aït Baha et Tafraout", 1).await?;
    let honey = shipment("Chtouka-Aït Baha", 9).await?;
    for (who, id, campaign, producer) in [
        (&coordinator, truck, jette, tifawin),
        (&admin, truck, braine, tigmi),
        (&admin, truck, braine, almonds),
        (&coordinator, honey, jette, achbaro),
    ] {
        orders::add_order(db, who, id, campaign, producer, created)
            .await
            .map_err(err)?;
    }
    // The thyme's phytosanitary certificate; invoice, packing list and origin declarations
    // are printed from the contents.
    paper(
        db,
        storage,
        &coordinator,
        truck,
        (PaperKind::PhytosanitaryCertificate, tigmi),
        "ONSSA-PV-2026-0412",
        now - Duration::days(9),
    )
    .await?;
    steps(
        db,
        &coordinator,
        truck,
        &[
            (
                ShipmentStep::Collected,
                8,
                "Ramassage à Sidi Bibi puis à Tafraout",
            ),
            (
                ShipmentStep::ExportCleared,
                6,
                "Dédouanement au port d'Agadir",
            ),
            (
                ShipmentStep::InTransit,
                5,
                "Départ d'Agadir par camion, via Tanger Med",
            ),
        ],
        now,
    )
    .await?;
    steps(
        db,
        &coordinator,
        honey,
        &[(
            ShipmentStep::Collected,
            8,
            "Le miel attend son certificat sanitaire de l'ONSSA",
        )],
        now,
    )
    .await
}

/// GAS Josaphat's All Saints' order from the Rif: shipped by its own partnership, arrived a week
/// ago, every paper it needed obtained, and the carrier's invoice (30.45 EUR more than the
/// group's 24.00 EUR estimate) shared among the members, who pay the real cost.
async fn arrived(
    db: &DatabaseConnection,
    storage: &Storage,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let then = now - Duration::days(8);
    let campaign = confirmed_order(db, ARRIVED_PARTNERSHIP, ARRIVED_TITLE, then).await?;
    let coordinator = person(
        db,
        &format!("coordinator.{ARRIVED_PARTNERSHIP}@{DEMO_DOMAIN}"),
    )
    .await?;
    let s = NewShipment {
        origin: "Al Hoceima".into(),
        carrier: "Rif Transports".into(),
        expected_on: Some(crate::clock::today(now - Duration::days(7))),
    };
    let created = now - Duration::days(17);
    let id = service::create(db, &coordinator, ARRIVED_PARTNERSHIP, s, created)
        .await
        .map_err(err)?
        .row
        .id;
    let mut producers: Vec<ProducerId> = campaign_product::Entity::find()
        .filter(campaign_product::Column::CampaignId.eq(campaign))
        .filter(campaign_product::Column::OrderedUnits.gt(0))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.producer_id)
        .collect();
    producers.sort_unstable();
    producers.dedup();
    for producer in producers {
        orders::add_order(db, &coordinator, id, campaign, producer, created)
            .await
            .map_err(err)?;
    }
    steps(
        db,
        &coordinator,
        id,
        &[(ShipmentStep::Collected, 16, "Ramassage à Al Hoceima")],
        now,
    )
    .await?;
    // Whatever paper the contents need (by the category rules), obtained the next day.
    let (needed, _) = papers::list(db, &coordinator, id).await.map_err(err)?;
    for (n, p) in needed.iter().filter(|p| p.missing()).enumerate() {
        let reference = format!("ONSSA-AH-2026-{:03}", n + 1);
        let need = (p.need.kind, p.need.producer_id);
        paper(
            db,
            storage,
            &coordinator,
            id,
            need,
            &reference,
            now - Duration::days(15),
        )
        .await?;
    }
    steps(
        db,
        &coordinator,
        id,
        &[
            (ShipmentStep::ExportCleared, 14, "Dédouanement à Nador"),
            (
                ShipmentStep::InTransit,
                13,
                "Ferry Nador – Almería, puis camion",
            ),
            (ShipmentStep::ImportCleared, 9, "Dédouanement à Bruxelles"),
            (ShipmentStep::Arrived, 7, "Au local de GAS Josaphat"),
        ],
        now,
    )
    .await?;
    let ctx = Ctx {
        mailer: None,
        card: false,
        probe: None,
        catalog: None,
    };
    let at = now - Duration::days(6);
    let rec = InvoiceRecording {
        invoice: Ok(NewInvoice {
            carrier: String::new(),
            reference: "RT-2026-1187".into(),
            invoiced_on: crate::clock::today(at),
            amount: Cents(5_445),
        }),
        scan: None,
    };
    costs::record_invoice(db, &ctx, storage, &coordinator, id, rec, at)
        .await
        .map_err(err)?;
    Ok(())
}
