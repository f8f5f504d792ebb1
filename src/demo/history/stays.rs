//! Stays that took place over the year, with their paid parties.

use entity::departure::DepartureStatus;
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::{TripId, departure, fund_project, payment_request, trip, user};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, EntityTrait, QueryOrder, Set};

use super::*;
use crate::fund::domain as fund;
use crate::payments::service::{self as payments, Receipt};

/// Stays that took place over the year: four past departures of each trip, each with paid
/// parties, some of which chose the project under way at the time.
pub async fn stays(
    txn: &DatabaseTransaction,
    traveller: &user::Model,
    projects: &HashMap<entity::PartnershipId, Vec<fund_project::Model>>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let err = |e: crate::error::AppError| anyhow::anyhow!("{e}");
    let trips = trip::Entity::find()
        .order_by_asc(trip::Column::Id)
        .all(txn)
        .await?;
    let template: HashMap<TripId, departure::Model> = departure::Entity::find()
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
                status: Set(DepartureStatus::Scheduled),
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
                        .find(|p| p.status == fund::ProjectStatus::Open || p.updated_at > booked_at)
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
    let Some(b) = crate::demo::trips::book_paid(txn, d, t, who, names, project, at).await? else {
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
