//! A year of the demo partnerships' life before today, so that the impact dashboard and the
//! community funds are alive on first run: a collective order each month, paid; stays that
//! took place, paid and partly designated to fund projects; two fund projects per partnership
//! with their reports and disbursements (never more than the fund held at the time); practice
//! sheets and support requests spread over the months.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use entity::{
    basket_line, campaign, campaign_share, consumer_group, departure, fund_project, fund_report,
    payment_request, practice_sheet, product, support_request, trip, user,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::fund::domain as fund;
use crate::fund::input::NewDisbursement;
use crate::fund::service::{StoredProof, record_disbursement, store_proof};
use crate::group_orders::domain::State;
use crate::group_orders::service::offer_products;
use crate::payments::service::{self as payments, Receipt};

/// Months of history.
pub const MONTHS: i64 = 12;

/// The monthly orders of a group over the past year (before the demo's own autumn order):
/// returns (campaign, when it closed).
pub async fn campaigns(
    txn: &DatabaseTransaction,
    group: &consumer_group::Model,
    pickup_point_id: i64,
    products: &[product::Model],
    members: &[i64],
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<(i64, DateTime<Utc>)>> {
    let err = |e: crate::error::AppError| anyhow::anyhow!("{e}");
    let mut out = Vec::new();
    for m in 2..=MONTHS {
        let opens_at = now - Duration::days(30 * m + 12);
        let closes_at = opens_at + Duration::days(10);
        // "Commande d'octobre 2026", "Commande de décembre 2026".
        let title = format!(
            "Commande {} {}",
            crate::web::format::of_month_fr(closes_at.month()),
            closes_at.year()
        );
        let row = super::groups::insert_campaign(
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
        let offered: HashMap<i64, i64> = entity::campaign_product::Entity::find()
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
    campaign_id: i64,
    closed_at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let err = |e: crate::error::AppError| anyhow::anyhow!("{e}");
    let txn = crate::db::begin_write(db).await?;
    let shares = campaign_share::Entity::find()
        .filter(campaign_share::Column::CampaignId.eq(campaign_id))
        .all(&txn)
        .await?;
    let ids: Vec<i64> = shares.iter().filter_map(|s| s.payment_request_id).collect();
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
        .col_expr(
            campaign::Column::State,
            Expr::value(State::Settled.as_str()),
        )
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

struct DemoProject {
    partnership: &'static str,
    territory: &'static str,
    title: &'static str,
    description: &'static str,
    budget_cents: i64,
    /// Completed a month ago (else still under way).
    completed: bool,
    /// Months ago it was chosen.
    chosen: i64,
    decision: &'static str,
    reports: &'static [(&'static str, &'static str)],
}

fn projects() -> [DemoProject; 6] {
    [
        DemoProject {
            partnership: "schaerbeek-al-hoceima",
            territory: "al-hoceima",
            title: "Bacs de tri pour le marché central",
            description: "Des bacs de tri et un local de compostage pour les déchets du marché central, avec l'association des commerçants et le service de propreté de la commune.",
            budget_cents: 600_000,
            completed: true,
            chosen: 11,
            decision: "Choisi par la plateforme multi-acteurs d'Al Hoceima (commune, association des commerçants, coopératives), après la visite d'échange sur la gestion des déchets à Schaerbeek.",
            reports: &[
                (
                    "Les bacs sont installés",
                    "Vingt bacs de tri et un composteur collectif fonctionnent au marché depuis le printemps ; les commerçants trient les cartons et les déchets organiques.",
                ),
                (
                    "Premier bilan",
                    "Un tiers des déchets du marché est désormais composté et sert aux jardins de l'école voisine.",
                ),
            ],
        },
        DemoProject {
            partnership: "schaerbeek-al-hoceima",
            territory: "al-hoceima",
            title: "Séchoir solaire pour les figues de Barbarie",
            description: "Un séchoir solaire partagé pour que la coopérative transforme elle-même les fruits invendus en figues séchées et en confiture.",
            budget_cents: 450_000,
            completed: false,
            chosen: 5,
            decision: "Choisi par l'assemblée des coopératives du territoire, avec l'appui du conseil communal.",
            reports: &[(
                "Le chantier commence",
                "La dalle est coulée ; les panneaux sont commandés auprès d'un artisan de la région.",
            )],
        },
        DemoProject {
            partnership: "jette-sidi-bibi",
            territory: "sidi-bibi",
            title: "Citerne d'eau de pluie pour l'école primaire",
            description: "Une citerne enterrée de 40 m³ qui recueille l'eau du toit de l'école, pour les sanitaires et le jardin pédagogique.",
            budget_cents: 520_000,
            completed: true,
            chosen: 10,
            decision: "Choisi par la plateforme multi-acteurs de Sidi Bibi (commune, association des parents, coopérative d'argan).",
            reports: &[
                (
                    "La citerne est creusée",
                    "Les parents d'élèves ont participé au chantier pendant les vacances.",
                ),
                (
                    "De l'eau toute l'année",
                    "La citerne a traversé l'été sans être vide ; le jardin de l'école produit des légumes pour la cantine.",
                ),
            ],
        },
        DemoProject {
            partnership: "jette-sidi-bibi",
            territory: "sidi-bibi",
            title: "Alphabétisation des femmes de la coopérative",
            description: "Des cours d'alphabétisation et de gestion pour les membres de la coopérative d'argan, deux soirs par semaine.",
            budget_cents: 380_000,
            completed: false,
            chosen: 4,
            decision: "Proposé par les membres de la coopérative, choisi par la plateforme multi-acteurs.",
            reports: &[(
                "Vingt-deux inscrites",
                "Les cours ont commencé avec vingt-deux femmes ; une deuxième classe ouvrira à la rentrée.",
            )],
        },
        DemoProject {
            partnership: "braine-l-alleud-tafraout-ammelne",
            territory: "tafraout-ammelne",
            title: "Restauration d'une séguia de la vallée",
            description: "La réfection d'un canal d'irrigation traditionnel qui arrose les terrasses d'amandiers et d'arganiers de trois douars.",
            budget_cents: 750_000,
            completed: true,
            chosen: 11,
            decision: "Choisi lors de l'atelier SPIRAL de la vallée, où les habitants ont placé l'eau en tête de leurs critères de bien-être.",
            reports: &[(
                "L'eau coule à nouveau",
                "Huit cents mètres de canal ont été refaits en pierre sèche par les habitants et un maçon du village.",
            )],
        },
        DemoProject {
            partnership: "braine-l-alleud-tafraout-ammelne",
            territory: "tafraout-ammelne",
            title: "Bibliothèque itinérante des douars",
            description: "Une bibliothèque qui passe chaque semaine dans les douars de l'Ammelne, avec des livres en arabe, en amazigh et en français.",
            budget_cents: 290_000,
            completed: false,
            chosen: 3,
            decision: "Choisi par la plateforme multi-acteurs, sur la proposition du groupe de jeunes de Tafraout.",
            reports: &[],
        },
    ]
}

fn months_ago(now: DateTime<Utc>, months: i64) -> DateTime<Utc> {
    now - Duration::days(30 * months)
}

/// The fund projects, two per partnership: returns each partnership's (first, second) project.
pub async fn fund_projects(
    txn: &DatabaseTransaction,
    partnership_ids: &HashMap<&str, i64>,
    territory_id: &dyn Fn(&str) -> anyhow::Result<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<HashMap<i64, Vec<fund_project::Model>>> {
    let mut out: HashMap<i64, Vec<fund_project::Model>> = HashMap::new();
    for p in projects() {
        let Some(&partnership_id) = partnership_ids.get(p.partnership) else {
            continue;
        };
        let chosen = months_ago(now, p.chosen);
        let model = fund_project::ActiveModel {
            partnership_id: Set(partnership_id),
            territory_id: Set(territory_id(p.territory)?),
            title: Set(p.title.into()),
            description: Set(p.description.into()),
            budget_cents: Set(p.budget_cents),
            // Completed ones are marked so once the stays that supported them are in.
            status: Set(fund::OPEN.into()),
            decision: Set(Some(p.decision.into())),
            chosen_on: Set(Some(chosen.date_naive())),
            created_by: Set(None),
            created_at: Set(chosen - Duration::days(20)),
            updated_at: Set(if p.completed {
                months_ago(now, 1)
            } else {
                chosen
            }),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for (k, (title, body)) in p.reports.iter().enumerate() {
            let on = months_ago(
                now,
                (p.chosen * (k as i64 + 1) / (p.reports.len() as i64 + 1)).max(1),
            );
            fund_report::ActiveModel {
                project_id: Set(model.id),
                title: Set((*title).into()),
                body: Set((*body).into()),
                reported_on: Set(on.date_naive()),
                author_id: Set(None),
                created_at: Set(on),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
        let mut model = model;
        if p.completed {
            model.status = fund::COMPLETED.into();
        }
        out.entry(partnership_id).or_default().push(model);
    }
    Ok(out)
}

/// Marks completed the projects that were (once the stays that supported them are in).
pub async fn complete_projects(
    txn: &DatabaseTransaction,
    projects: &HashMap<i64, Vec<fund_project::Model>>,
) -> anyhow::Result<()> {
    let done: Vec<i64> = projects
        .values()
        .flatten()
        .filter(|p| p.status == fund::COMPLETED)
        .map(|p| p.id)
        .collect();
    fund_project::Entity::update_many()
        .col_expr(fund_project::Column::Status, Expr::value(fund::COMPLETED))
        .filter(fund_project::Column::Id.is_in(done))
        .exec(txn)
        .await?;
    Ok(())
}

/// Stays that took place over the year: four past departures of each trip, each with paid
/// parties, some of which chose the project under way at the time.
pub async fn stays(
    txn: &DatabaseTransaction,
    traveller: &user::Model,
    projects: &HashMap<i64, Vec<fund_project::Model>>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let err = |e: crate::error::AppError| anyhow::anyhow!("{e}");
    let trips = trip::Entity::find()
        .order_by_asc(trip::Column::Id)
        .all(txn)
        .await?;
    let template: HashMap<i64, departure::Model> = departure::Entity::find()
        .order_by_asc(departure::Column::StartsOn)
        .all(txn)
        .await?
        .into_iter()
        .rev()
        .map(|d| (d.trip_id, d))
        .collect();
    let parties: [&[&str]; 4] = [
        &["Els", "Pieter"],
        &["Hanane", "Youssef", "Rania"],
        &["Marc"],
        &["Sara", "Tom"],
    ];
    for (i, t) in trips.iter().enumerate() {
        let Some(model) = template.get(&t.id) else {
            continue;
        };
        for (k, months) in [10i64, 7, 4, 2].into_iter().enumerate() {
            let starts_on = months_ago(now, months).date_naive() + Duration::days(i as i64 * 5);
            let length = (model.ends_on - model.starts_on).num_days();
            let d = departure::ActiveModel {
                trip_id: Set(t.id),
                starts_on: Set(starts_on),
                ends_on: Set(starts_on + Duration::days(length)),
                capacity: Set(model.capacity),
                seats_taken: Set(0),
                price_cents: Set(model.price_cents),
                deposit_bp: Set(model.deposit_bp),
                community_share_bp: Set(model.community_share_bp),
                transport_cents: Set(model.transport_cents),
                organisation_bp: Set(model.organisation_bp),
                balance_due_on: Set(Some(starts_on - Duration::days(30))),
                policy: Set(model.policy.clone()),
                status: Set(crate::trips::domain::SCHEDULED.into()),
                confirmed_at: Set(None),
                cancelled_at: Set(None),
                created_at: Set(midnight(starts_on) - Duration::days(120)),
                updated_at: Set(midnight(starts_on) - Duration::days(120)),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            for (n, names) in parties.iter().enumerate().skip(k % 2) {
                let booked_at = midnight(starts_on) - Duration::days(70 - n as i64 * 6);
                // The project under way when they booked, for every other party.
                let project = projects.get(&t.partnership_id).and_then(|ps| {
                    ps.iter()
                        .rev()
                        .filter(|p| p.chosen_on.is_some_and(|c| c <= booked_at.date_naive()))
                        .find(|p| p.status == fund::OPEN || p.updated_at > booked_at)
                        .filter(|_| n % 2 == 0)
                        .map(|p| p.id)
                });
                paid_party(txn, &d, t, traveller, names, project, booked_at)
                    .await
                    .map_err(err)?;
            }
        }
    }
    Ok(())
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc()
}

/// A party that booked at `at`, paid its deposit that day and its balance when it was due.
async fn paid_party(
    txn: &DatabaseTransaction,
    d: &departure::Model,
    t: &trip::Model,
    who: &user::Model,
    names: &[&str],
    project: Option<i64>,
    at: DateTime<Utc>,
) -> crate::error::AppResult<()> {
    let Some(b) = super::trips::book_paid(txn, d, t, who, names, project, at).await? else {
        return Ok(());
    };
    if let Some(id) = b.balance_request_id
        && let Some(balance) = payment_request::Entity::find_by_id(id).one(txn).await?
    {
        let when = Ord::max(midnight(d.starts_on) - Duration::days(32), at);
        payments::apply_payment(
            txn,
            &balance,
            Receipt {
                amount_cents: balance.amount_cents,
                received_on: when.date_naive(),
                method: "bank",
                external_id: None,
                counterparty: Some(who.display_name.clone()),
                recorded_by: None,
                expected_cents: None,
            },
            when,
        )
        .await?;
    }
    Ok(())
}

/// What the funds paid out: for each project, a payment when it was chosen and another later,
/// each at most what the fund could pay at the time; proofs stored under the data directory.
pub async fn disbursements(
    db: &DatabaseConnection,
    data_dir: &Path,
    projects: &HashMap<i64, Vec<fund_project::Model>>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let err = |e: crate::error::AppError| anyhow::anyhow!("{e}");
    let mut plan: Vec<(DateTime<Utc>, &fund_project::Model, i64)> = Vec::new();
    for p in projects.values().flatten() {
        let chosen = p.chosen_on.map(midnight).unwrap_or(now);
        let months = (now - chosen).num_days() / 30;
        // A first payment two months after the choice, the rest a month before completion
        // (or last week for projects under way).
        plan.push((chosen + Duration::days(60), p, p.budget_cents * 45 / 100));
        let later = if p.status == fund::COMPLETED {
            months_ago(now, 1) - Duration::days(3)
        } else {
            now - Duration::days(7)
        };
        if months > 3 {
            plan.push((later, p, p.budget_cents));
        }
    }
    plan.sort_by_key(|(at, p, _)| (*at, p.id));
    for (k, (at, p, want)) in plan.into_iter().enumerate() {
        if at >= now {
            continue;
        }
        let txn = crate::db::begin_write(db).await?;
        let figures = crate::fund::service::figures(&*txn, &[p.partnership_id], at)
            .await
            .map_err(err)?;
        let paid = crate::fund::service::project_sums(&*txn, &[p.id])
            .await
            .map_err(err)?
            .get(&p.id)
            .map(|s| s.disbursed_cents)
            .unwrap_or(0);
        let available = figures
            .get(&p.partnership_id)
            .map(|f| f.available_cents)
            .unwrap_or(0);
        // Round euros, what is left of the budget, at most four fifths of what the fund could
        // pay then (the demo's coordinators keep something to pay out themselves).
        let amount = Ord::min(want - paid, available * 4 / 5) / 100 * 100;
        if amount <= 0 {
            continue;
        }
        let memo = format!("Facture {}-{:03} — {}", at.year(), k + 1, p.title);
        let pdf = proof_pdf(&memo, amount);
        let key = store_proof(data_dir, pdf, "pdf").await.map_err(err)?;
        record_disbursement(
            &*txn,
            p,
            &NewDisbursement {
                amount_cents: amount,
                paid_on: at.date_naive(),
                memo: memo.chars().take(300).collect(),
            },
            StoredProof {
                key,
                name: format!("facture-{}-{:03}.pdf", at.year(), k + 1),
                mime: "application/pdf",
            },
            None,
            at,
        )
        .await
        .map_err(err)?;
        txn.commit().await?;
    }
    Ok(())
}

/// A one-page PDF saying what was paid (a stand-in for the scanned invoice).
fn proof_pdf(memo: &str, cents: i64) -> Vec<u8> {
    let text: String = format!("{memo} : {}", crate::money::Cents(cents).euros())
        .chars()
        .filter(|c| c.is_ascii() && !matches!(c, '(' | ')' | '\\'))
        .collect();
    let content = format!("BT /F1 12 Tf 50 750 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).into_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}

/// Practice sheets published and support requests answered over the year (the demo's sheets
/// are dated back; three requests that found their answer are added).
pub async fn exchanges(
    txn: &DatabaseTransaction,
    territory_id: &dyn Fn(&str) -> anyhow::Result<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let sheets = practice_sheet::Entity::find()
        .order_by_asc(practice_sheet::Column::Id)
        .all(txn)
        .await?;
    for (i, s) in sheets.iter().enumerate() {
        let at = months_ago(now, 9 - 3 * i as i64 % 9);
        practice_sheet::Entity::update_many()
            .col_expr(practice_sheet::Column::CreatedAt, Expr::value(at))
            .col_expr(practice_sheet::Column::UpdatedAt, Expr::value(at))
            .filter(practice_sheet::Column::Id.eq(s.id))
            .exec(txn)
            .await?;
    }
    let answered = [
        (
            "al-hoceima",
            "tourism",
            8,
            "Accueil chez l'habitant : quelles règles ?",
            "Plusieurs familles veulent accueillir des visiteurs. Quelles règles d'hygiène, d'assurance et de prix ont été adoptées ailleurs ?",
        ),
        (
            "tafraout-ammelne",
            "water",
            6,
            "Gestion partagée de l'eau d'irrigation",
            "Comment les habitants d'autres territoires se répartissent-ils l'entretien et les tours d'eau d'un canal commun ?",
        ),
        (
            "sidi-bibi",
            "women_cooperatives",
            3,
            "Étiqueter l'huile d'argan pour la Belgique",
            "Quelles mentions l'étiquette de l'huile alimentaire doit-elle porter pour être vendue aux groupes d'achat belges ?",
        ),
    ];
    for (territory, topic, months, title, need) in answered {
        let at = months_ago(now, months);
        support_request::ActiveModel {
            territory_id: Set(territory_id(territory)?),
            topic: Set(topic.into()),
            title: Set(title.into()),
            need: Set(need.into()),
            deadline: Set(Some((at + Duration::days(45)).date_naive())),
            status: Set(crate::network::service::RESOLVED.into()),
            practice_sheet_id: Set(None),
            created_by: Set(None),
            resolved_at: Set(Some(at + Duration::days(30))),
            created_at: Set(at),
            updated_at: Set(at + Duration::days(30)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}
