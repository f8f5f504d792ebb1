//! The fund projects, two per partnership, and which of them are completed.

use crate::money::Cents;
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::{fund_project, fund_report};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use super::*;
use crate::fund::domain as fund;

struct DemoProject {
    partnership: &'static str,
    territory: &'static str,
    title: &'static str,
    description: &'static str,
    budget_cents: Cents,
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
            budget_cents: Cents(600_000),
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
            budget_cents: Cents(450_000),
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
            budget_cents: Cents(520_000),
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
            budget_cents: Cents(380_000),
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
            budget_cents: Cents(750_000),
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
            budget_cents: Cents(290_000),
            completed: false,
            chosen: 3,
            decision: "Choisi par la plateforme multi-acteurs, sur la proposition du groupe de jeunes de Tafraout.",
            reports: &[],
        },
    ]
}

/// The fund projects, two per partnership: returns each partnership's (first, second) project.
pub async fn fund_projects(
    txn: &DatabaseTransaction,
    partnership_ids: &HashMap<&str, entity::PartnershipId>,
    territory_id: &dyn Fn(&str) -> anyhow::Result<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<HashMap<entity::PartnershipId, Vec<fund_project::Model>>> {
    let mut out: HashMap<entity::PartnershipId, Vec<fund_project::Model>> = HashMap::new();
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
            status: Set(fund::ProjectStatus::Open),
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
            model.status = fund::ProjectStatus::Completed;
        }
        out.entry(partnership_id).or_default().push(model);
    }
    Ok(out)
}

/// Marks completed the projects that were (once the stays that supported them are in).
pub async fn complete_projects(
    txn: &DatabaseTransaction,
    projects: &HashMap<entity::PartnershipId, Vec<fund_project::Model>>,
) -> anyhow::Result<()> {
    let done: Vec<i64> = projects
        .values()
        .flatten()
        .filter(|p| p.status == fund::ProjectStatus::Completed)
        .map(|p| p.id)
        .collect();
    fund_project::Entity::update_many()
        .col_expr(
            fund_project::Column::Status,
            Expr::value(fund::ProjectStatus::Completed),
        )
        .filter(fund_project::Column::Id.is_in(done))
        .exec(txn)
        .await?;
    Ok(())
}
