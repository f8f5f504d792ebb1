//! A producer's statement: by month, the campaigns delivered with the units and what they
//! earned, what was paid, and the balance carried from month to month. For the producer's
//! members, its partnership's coordinators and admins.

use std::collections::BTreeMap;

use entity::{ProducerId, producer};
use sea_orm::{DatabaseConnection, EntityTrait};
use serde::Serialize;

use super::owed::{self, Account, PaidPayout};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::money::Cents;
use crate::security::{AuthUser, Role};

/// One campaign on a statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StatementOrder {
    pub campaign_id: i64,
    pub title: String,
    pub units: i64,
    #[schema(value_type = i64)]
    pub owed_cents: Cents,
}

/// One month of a statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StatementMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub orders: Vec<StatementOrder>,
    pub units: i64,
    /// Earned in the month (the producer share of goods delivered and paid).
    #[schema(value_type = i64)]
    pub owed_cents: Cents,
    /// Paid to the producer in the month.
    #[schema(value_type = i64)]
    pub paid_cents: Cents,
    /// The payouts paid in the month, by day.
    pub payouts: Vec<PaidPayout>,
    /// What is still owed at the end of the month (all months so far).
    #[schema(value_type = i64)]
    pub balance_cents: Cents,
}

fn month_of<'a>(by: &'a mut BTreeMap<String, StatementMonth>, m: &str) -> &'a mut StatementMonth {
    by.entry(m.to_owned()).or_insert_with(|| StatementMonth {
        month: m.to_owned(),
        orders: Vec::new(),
        units: 0,
        owed_cents: Cents::ZERO,
        paid_cents: Cents::ZERO,
        payouts: Vec::new(),
        balance_cents: Cents::ZERO,
    })
}

/// The months of an account, oldest first, with the balance carried.
pub fn months(a: &Account) -> Vec<StatementMonth> {
    let mut by: BTreeMap<String, StatementMonth> = BTreeMap::new();
    for p in &a.parts {
        let m = month_of(&mut by, &p.month);
        m.orders.push(StatementOrder {
            campaign_id: p.campaign_id.get(),
            title: p.title.clone(),
            units: p.units,
            owed_cents: p.earned_cents,
        });
        m.units += p.units;
        m.owed_cents += p.earned_cents;
    }
    for p in &a.payouts {
        let m = month_of(&mut by, &p.paid_on.format("%Y-%m").to_string());
        m.paid_cents += p.amount_cents;
        m.payouts.push(p.clone());
    }
    let mut balance = Cents::ZERO;
    by.into_values()
        .map(|mut m| {
            balance += m.owed_cents - m.paid_cents;
            m.balance_cents = balance;
            m
        })
        .collect()
}

/// A producer's statement.
#[derive(Clone, Debug)]
pub struct Statement {
    pub producer: producer::Model,
    pub months: Vec<StatementMonth>,
    pub account: Account,
}

/// Whether `actor` may read a producer's statement and bank details: its members, its
/// partnership's coordinators, admins.
pub fn may_see(actor: &AuthUser, p: &producer::Model) -> bool {
    actor.holds(Role::ProducerMember, p.id) || actor.coordinates_partnership(p.partnership_id)
}

/// The statement of producer `id`: 404 unknown or not the actor's to see.
pub async fn statement(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ProducerId,
) -> AppResult<Statement> {
    let p = producer::Entity::find_by_id(id).one_or_404(db).await?;
    if !may_see(actor, &p) {
        return Err(AppError::NotFound);
    }
    let account = owed::accounts(db, p.partnership_id, Some(p.id))
        .await?
        .remove(&p.id)
        .unwrap_or_default();
    Ok(Statement {
        months: months(&account),
        producer: p,
        account,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payouts::owed::CampaignPart;
    use chrono::NaiveDate;
    use entity::CampaignId;

    #[test]
    fn months_carry_the_balance() {
        let part = |id, month: &str, units, cents| CampaignPart {
            campaign_id: CampaignId(id),
            title: format!("C{id}"),
            month: month.into(),
            units,
            earned_cents: Cents(cents),
        };
        let a = Account {
            parts: vec![
                part(1, "2026-10", 12, 10_000),
                part(2, "2026-10", 6, 5_000),
                part(3, "2026-12", 1, 100),
            ],
            earned_cents: Cents(15_100),
            paid_cents: Cents(12_000),
            payouts: vec![PaidPayout {
                paid_on: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
                payout_id: 1,
                batch_id: 1,
                amount_cents: Cents(12_000),
                bank_reference: Some("VIR-1".into()),
                has_proof: false,
            }],
        };
        let m = months(&a);
        assert_eq!(
            m.iter()
                .map(|m| (
                    m.month.as_str(),
                    m.units,
                    m.owed_cents.get(),
                    m.paid_cents.get(),
                    m.balance_cents.get()
                ))
                .collect::<Vec<_>>(),
            vec![
                ("2026-10", 18, 15_000, 0, 15_000),
                ("2026-11", 0, 0, 12_000, 3_000),
                ("2026-12", 1, 100, 0, 3_100)
            ]
        );
        assert_eq!(m[0].orders.len(), 2);
        assert_eq!(m[1].payouts.len(), 1, "the payout on its month");
    }
}
