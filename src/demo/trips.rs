//! The demo's stays (shared/DOMAIN.md): one per partnership, each with a host account and two or
//! three departures, one of them nearly full with paid bookings.

use crate::money::Cents;
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::trip::{Programme, Texts, TripStatus};
use entity::{departure, trip};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, EntityTrait, Set};

use super::{DEMO_DOMAIN, DemoReport, insert_account};
use crate::accounts::service as accounts;
use crate::payments::service::{self as payments, Receipt};
use crate::security::{Grant, Role};
use crate::trips::booking::hold_places;
use crate::trips::domain;
use crate::trips::input::NewBooking;
use crate::web::i18n::Lang;
use entity::departure::DepartureStatus;

fn tx(fr: &str, en: &str) -> entity::I18nText {
    [("fr", fr), ("en", en)].into_iter().collect()
}

struct DemoTrip {
    partnership: &'static str,
    territory: &'static str,
    title: entity::I18nText,
    description: entity::I18nText,
    programme: Vec<entity::I18nText>,
    included: entity::I18nText,
    not_included: entity::I18nText,
    pre_departure: entity::I18nText,
    price_cents: Cents,
    transport_cents: Cents,
    capacity: i32,
    days: i64,
}

fn demo_trips() -> Vec<DemoTrip> {
    vec![
        DemoTrip {
            partnership: "schaerbeek-al-hoceima",
            territory: "al-hoceima",
            title: tx(
                "Parc national d'Al Hoceima : mer et montagne",
                "Al Hoceima National Park: sea and mountains",
            ),
            description: tx(
                "Cinq jours entre les falaises du Rif et la Méditerranée, avec les pêcheurs de Cala Iris et les familles des douars du parc.",
                "Five days between the Rif cliffs and the Mediterranean, with the fishermen of Cala Iris and the families of the park's villages.",
            ),
            programme: vec![
                tx(
                    "Arrivée à Al Hoceima, accueil par l'association partenaire",
                    "Arrival in Al Hoceima, welcome by the partner association",
                ),
                tx(
                    "Sentier côtier jusqu'à Cala Iris",
                    "Coastal path to Cala Iris",
                ),
                tx(
                    "Journée avec la coopérative de figue de Barbarie",
                    "A day with the prickly-pear cooperative",
                ),
                tx(
                    "Douar de Bades, repas chez l'habitant",
                    "Bades village, a meal with a family",
                ),
                tx("Retour", "Departure"),
            ],
            included: tx(
                "Hébergement chez l'habitant, repas, guide local, transferts sur place.",
                "Homestay, meals, local guide, local transfers.",
            ),
            not_included: tx("Vols, assurance voyage.", "Flights, travel insurance."),
            pre_departure: tx(
                "Prévoir de bonnes chaussures de marche et un coupe-vent. Passeport valable six mois.",
                "Bring good walking shoes and a windbreaker. Passport valid for six months.",
            ),
            price_cents: Cents(58_000),
            transport_cents: Cents(6_000),
            capacity: 10,
            days: 4,
        },
        DemoTrip {
            partnership: "jette-sidi-bibi",
            territory: "sidi-bibi",
            title: tx(
                "Six jours dans la réserve de biosphère de l'arganeraie",
                "Six days in the argan biosphere reserve",
            ),
            description: tx(
                "Séjour chez les femmes de la coopérative d'argan de Sidi Bibi : la cueillette, le concassage, le souk, les randonnées dans l'arganeraie.",
                "A stay with the women of the Sidi Bibi argan cooperative: the harvest, the cracking, the souk, walks in the argan forest.",
            ),
            programme: vec![
                tx(
                    "Arrivée à Agadir, route vers Sidi Bibi",
                    "Arrival in Agadir, road to Sidi Bibi",
                ),
                tx(
                    "Atelier à la coopérative d'argan",
                    "Workshop at the argan cooperative",
                ),
                tx(
                    "Souk hebdomadaire et rucher de la coopérative de miel",
                    "Weekly souk and the honey cooperative's apiary",
                ),
                tx("Randonnée dans l'arganeraie", "Walk in the argan forest"),
                tx("Journée libre à Tiznit", "Free day in Tiznit"),
                tx("Retour", "Departure"),
            ],
            included: tx(
                "Hébergement, repas, ateliers, guide.",
                "Lodging, meals, workshops, guide.",
            ),
            not_included: tx("Vols, assurance.", "Flights, insurance."),
            pre_departure: tx(
                "Les ateliers se font en tamazight et en français ; une traductrice accompagne le groupe.",
                "Workshops are in Tamazight and French; an interpreter travels with the group.",
            ),
            price_cents: Cents(64_000),
            transport_cents: Cents(9_000),
            capacity: 8,
            days: 5,
        },
        DemoTrip {
            partnership: "braine-l-alleud-tafraout-ammelne",
            territory: "tafraout-ammelne",
            title: tx(
                "Randonnée dans la vallée des Ammelne",
                "Hiking the Ammelne valley",
            ),
            description: tx(
                "Quatre jours de marche entre les villages de la vallée, au temps de la floraison des amandiers.",
                "Four days of walking between the valley's villages, when the almond trees blossom.",
            ),
            programme: vec![
                tx(
                    "Tafraout et ses rochers peints",
                    "Tafraout and its painted rocks",
                ),
                tx(
                    "Villages d'Oumesnat et d'Anameur",
                    "Oumesnat and Anameur villages",
                ),
                tx("Coopérative d'amandes", "Almond cooperative"),
                tx("Retour", "Departure"),
            ],
            included: tx(
                "Gîtes, repas, guide de montagne, mules.",
                "Guesthouses, meals, mountain guide, mules.",
            ),
            not_included: tx("Vols, assurance.", "Flights, insurance."),
            pre_departure: tx(
                "Bonne condition physique : 5 à 6 heures de marche par jour.",
                "Good fitness needed: 5 to 6 hours of walking a day.",
            ),
            price_cents: Cents(49_000),
            transport_cents: Cents(5_000),
            capacity: 12,
            days: 3,
        },
    ]
}

/// Inserts the stays, their hosts, departures and the bookings of the nearly full ones.
pub async fn load(
    txn: &DatabaseTransaction,
    hash: &str,
    partnership_ids: &HashMap<&str, entity::PartnershipId>,
    territory_id: &dyn Fn(&str) -> anyhow::Result<i64>,
    report: &mut DemoReport,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let err = |e: crate::error::AppError| anyhow::anyhow!("{e}");
    let travellers_account = insert_account(
        txn,
        hash,
        &format!("traveller@{DEMO_DOMAIN}"),
        "Famille Janssens",
        Lang::Nl,
        now,
    )
    .await?;
    report.accounts.push((
        travellers_account.email.clone(),
        "traveller with bookings".into(),
    ));
    for (i, d) in demo_trips().into_iter().enumerate() {
        let Some(&partnership_id) = partnership_ids.get(d.partnership) else {
            continue;
        };
        let t = trip::ActiveModel {
            slug: Set(slug::slugify(d.title.pick("fr"))),
            partnership_id: Set(partnership_id),
            territory_id: Set(territory_id(d.territory)?),
            title: Set(d.title),
            description: Set(d.description),
            programme: Set(Programme(d.programme)),
            included: Set(d.included),
            not_included: Set(d.not_included),
            pre_departure: Set(d.pre_departure),
            languages: Set(Texts(vec!["fr".into(), "ar".into(), "ber".into()])),
            accessibility: Set("Chemins de terre ; pas d'accès en fauteuil roulant.".into()),
            min_group: Set(4),
            max_group: Set(d.capacity),
            status: Set(TripStatus::Published),
            created_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let email = format!("host.{}@{DEMO_DOMAIN}", d.partnership);
        let host = insert_account(
            txn,
            hash,
            &email,
            &format!("Accueil {}", d.territory),
            Lang::Fr,
            now,
        )
        .await?;
        accounts::grant(txn, host.id, Grant::new(Role::TripHost, t.id), now)
            .await
            .map_err(err)?;
        report
            .accounts
            .push((email, format!("trip_host of {}", t.slug)));
        for (k, weeks) in [6i64, 14, 30].into_iter().enumerate() {
            let starts_on = (now + Duration::weeks(weeks + i as i64)).date_naive();
            let dep = departure::ActiveModel {
                trip_id: Set(t.id),
                starts_on: Set(starts_on),
                ends_on: Set(starts_on + Duration::days(d.days)),
                capacity: Set(d.capacity),
                seats_taken: Set(0),
                price_cents: Set(d.price_cents),
                deposit_bp: Set(3_000),
                community_share_bp: Set(500),
                transport_cents: Set(d.transport_cents),
                organisation_bp: Set(800),
                balance_due_on: Set(Some(starts_on - Duration::days(30))),
                policy: Set(domain::default_policy(3_000)),
                status: Set(DepartureStatus::Scheduled),
                confirmed_at: Set(None),
                cancelled_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            crate::trips::booking::schedule_check(txn, &dep, now)
                .await
                .map_err(err)?;
            // The first departure is nearly full: paid bookings leave one or two places.
            if k == 0 {
                let parties: &[&[&str]] = &[
                    &["Els", "Pieter", "Noor"],
                    &["Mohamed", "Samira"],
                    &["Anne"],
                    &["Karim", "Lina"],
                ];
                let mut taken = 0;
                for names in parties {
                    if taken + names.len() as i32 > d.capacity - 1 {
                        break;
                    }
                    book_paid(txn, &dep, &t, &travellers_account, names, None, now)
                        .await
                        .map_err(err)?;
                    taken += names.len() as i32;
                }
            }
        }
    }
    Ok(())
}

/// A booking whose deposit was paid by transfer at `now` (confirmed, its balance asked), its
/// community share supporting `project`; returns it (none when the places were gone).
pub(super) async fn book_paid(
    txn: &DatabaseTransaction,
    d: &departure::Model,
    t: &trip::Model,
    who: &entity::user::Model,
    names: &[&str],
    project: Option<i64>,
    now: DateTime<Utc>,
) -> crate::error::AppResult<Option<entity::booking::Model>> {
    let party = NewBooking {
        travellers: names.iter().map(|n| (*n).to_owned()).collect(),
        contact_email: who.email.clone(),
        contact_name: names[0].to_owned(),
        contact_phone: None,
        dietary: None,
        accessibility: None,
        fund_project: project,
    };
    let current = departure::Entity::find_by_id(d.id)
        .one(txn)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let Some(held) = hold_places(
        txn,
        None,
        (who.id, Lang::Nl),
        &current,
        t,
        party,
        Duration::hours(1),
        now,
    )
    .await?
    else {
        return Ok(None);
    };
    payments::apply_payment(
        txn,
        &held.request,
        Receipt {
            amount_cents: held.request.amount_cents,
            received_on: now.date_naive(),
            method: "bank",
            external_id: None,
            counterparty: Some(who.display_name.clone()),
            recorded_by: None,
            expected_cents: None,
        },
        now,
    )
    .await?;
    Ok(entity::booking::Entity::find_by_id(held.booking.id)
        .one(txn)
        .await?)
}
