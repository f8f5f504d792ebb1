//! The demo's exchange of practices: a few practice sheets of the demo territories, the topics
//! they can help with, and one open support request.

use chrono::{DateTime, Duration, Utc};
use entity::support_request::SupportStatus;
use entity::trip::Texts;
use entity::{practice_sheet, support_recipient, support_request, territory_expertise};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};

use crate::network::domain;

fn tx(fr: &str, en: &str) -> entity::I18nText {
    [("fr", fr), ("en", en)].into_iter().collect()
}

struct Sheet {
    territory: &'static str,
    topics: &'static [&'static str],
    title: entity::I18nText,
    summary: entity::I18nText,
    method: entity::I18nText,
    results: entity::I18nText,
}

fn sheets() -> Vec<Sheet> {
    vec![
        Sheet {
            territory: "schaerbeek",
            topics: &["waste", "citizen_participation"],
            title: tx(
                "Coopération déchets avec Al Hoceima",
                "Waste cooperation with Al Hoceima",
            ),
            summary: tx(
                "Depuis 2003, Schaerbeek et Al Hoceima échangent leurs méthodes de collecte et de tri des déchets.",
                "Since 2003 Schaerbeek and Al Hoceima have been exchanging their waste collection and sorting methods.",
            ),
            method: tx(
                "1. Visites croisées des agents de propreté.\n2. Diagnostic partagé des points noirs.\n3. Formation aux collectes sélectives.\n4. Campagne de sensibilisation dans les écoles.",
                "1. Cross visits of the cleaning staff.\n2. A shared diagnosis of the worst spots.\n3. Training in separate collection.\n4. An awareness campaign in schools.",
            ),
            results: tx(
                "Collecte sélective dans trois quartiers pilotes.",
                "Separate collection in three pilot neighbourhoods.",
            ),
        },
        Sheet {
            territory: "pro-senectute-vaud",
            topics: &["seniors", "social_cohesion"],
            title: tx(
                "Quartiers solidaires pour les aînés",
                "Solidarity neighbourhoods for seniors",
            ),
            summary: tx(
                "La méthode des quartiers solidaires réunit les aînés d'un quartier pour qu'ils construisent eux-mêmes des réponses à leur isolement.",
                "The solidarity neighbourhood method brings a neighbourhood's seniors together to build their own answers to isolation.",
            ),
            method: tx(
                "1. Diagnostic communautaire avec les habitants.\n2. Forums ouverts.\n3. Groupes d'habitants autonomes.\n4. Passage du relais après quatre ans.",
                "1. A community diagnosis with the residents.\n2. Open forums.\n3. Autonomous residents' groups.\n4. Handing over after four years.",
            ),
            results: tx(
                "Des dizaines de quartiers en Suisse romande.",
                "Dozens of neighbourhoods in French-speaking Switzerland.",
            ),
        },
        Sheet {
            territory: "braine-l-alleud",
            topics: &["citizen_participation", "social_cohesion"],
            title: tx(
                "Ateliers SPIRAL : les critères de bien-être définis par les citoyens",
                "SPIRAL workshops: well-being criteria defined by citizens",
            ),
            summary: tx(
                "Des groupes homogènes de citoyens disent ce que sont pour eux le bien-être et le mal-être ; la commune en fait ses critères.",
                "Homogeneous groups of citizens say what well-being and ill-being mean to them; the municipality makes them its criteria.",
            ),
            method: tx(
                "1. Constituer des groupes homogènes.\n2. Trois questions : bien-être, mal-être, que faire.\n3. Regrouper les critères par familles.\n4. Plans d'action de coresponsabilité.",
                "1. Form homogeneous groups.\n2. Three questions: well-being, ill-being, what to do.\n3. Group the criteria into families.\n4. Co-responsibility action plans.",
            ),
            results: tx(
                "Plan de cohésion sociale révisé avec les habitants.",
                "A social cohesion plan revised with the residents.",
            ),
        },
    ]
}

pub async fn load(
    txn: &DatabaseTransaction,
    territory_id: &dyn Fn(&str) -> anyhow::Result<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for s in sheets() {
        let topics: Vec<String> = s.topics.iter().map(|t| (*t).to_owned()).collect();
        let text = crate::network::service::sheet_search_text(
            [&s.title, &s.summary, &s.method, &s.results],
            &topics,
        );
        practice_sheet::ActiveModel {
            slug: Set(slug::slugify(s.title.pick("fr"))),
            territory_id: Set(territory_id(s.territory)?),
            pillar: Set("practices".into()),
            topics: Set(Texts(topics)),
            languages: Set(Texts(s.title.0.keys().cloned().collect())),
            title: Set(s.title),
            summary: Set(s.summary),
            method: Set(s.method),
            results: Set(s.results),
            contacts: Set(String::new()),
            search_text: Set(text),
            created_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    for (territory, topics) in [
        ("al-hoceima", &["waste"][..]),
        ("braine-l-alleud", &["citizen_participation", "seniors"][..]),
        ("pro-senectute-vaud", &["seniors", "social_cohesion"][..]),
        ("charleroi", &["social_cohesion", "youth"][..]),
    ] {
        for topic in topics {
            territory_expertise::ActiveModel {
                territory_id: Set(territory_id(territory)?),
                topic: Set((*topic).to_owned()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    // Sidi Bibi asks about its souk's waste: Jette (its partner) and Al Hoceima (expertise).
    let sidi_bibi = territory_id("sidi-bibi")?;
    let request = support_request::ActiveModel {
        territory_id: Set(sidi_bibi),
        topic: Set("waste".into()),
        title: Set("Tri des déchets du souk hebdomadaire".into()),
        need: Set("Le souk de Sidi Bibi produit chaque semaine beaucoup de déchets organiques et de plastiques. Comment organiser leur tri avec les commerçants ?".into()),
        deadline: Set(Some((now + Duration::days(45)).date_naive())),
        status: Set(SupportStatus::Open),
        practice_sheet_id: Set(None),
        created_by: Set(None),
        resolved_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    for (t, reason) in domain::recipients(
        sidi_bibi,
        &[territory_id("jette")?],
        &[territory_id("al-hoceima")?],
    ) {
        support_recipient::ActiveModel {
            request_id: Set(request.id),
            territory_id: Set(t),
            reason: Set(reason),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    // The network's SPIRAL training, next June in Braine-l'Alleud.
    use chrono::Datelike;
    let year = if now.month() < 6 {
        now.year()
    } else {
        now.year() + 1
    };
    let starts = chrono::NaiveDate::from_ymd_opt(year, 6, 15)
        .and_then(|d| d.and_hms_opt(7, 30, 0))
        .map(|t| t.and_utc())
        .unwrap_or(now + Duration::days(180));
    entity::training::ActiveModel {
        territory_id: Set(territory_id("braine-l-alleud")?),
        title: Set("Formation SPIRAL du réseau TOGETHER".into()),
        description: Set("Trois jours pour apprendre à animer des groupes homogènes de citoyens et à construire des plans d'action de coresponsabilité.".into()),
        starts_at: Set(starts),
        ends_at: Set(starts + Duration::days(2) + Duration::hours(8)),
        place: Set("Braine-l'Alleud, maison communale".into()),
        online_url: Set(None),
        capacity: Set(24),
        seats_taken: Set(0),
        audience: Set(Texts(Vec::new())),
        created_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}
