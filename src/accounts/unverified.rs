//! Accounts whose address was never confirmed are deleted a configured number of days after
//! sign-up (`PASSERELLE_RETENTION_UNVERIFIED_DAYS`), by a daily job: an address typed by
//! someone else, or a sign-up left half-way, is not kept. An account that owns anything (a
//! role, a basket, a booking, a payment request, a record it wrote) is left alone: deleting it
//! would cascade into, or orphan, what others rely on.

use chrono::{DateTime, Duration, Utc};
use entity::{account_token, api_token, job, session, user};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use crate::error::AppResult;
use crate::jobs::JobFuture;
use crate::state::AppState;

/// The daily job kind that deletes accounts never confirmed.
pub const JOB_DELETE: &str = "delete_unverified_accounts";

/// Where an account may own something, as (table, column): an account named in any of these
/// is kept. Its sessions, API tokens and one-time links go with it ([`GOES_WITH`]). A test
/// reads the schema and fails when a table names accounts and is in neither list.
pub const OWNING: &[(&str, &str)] = &[
    ("role_assignments", "user_id"),
    ("basket_lines", "user_id"),
    ("campaign_shares", "user_id"),
    ("bookings", "user_id"),
    ("waitlist_entries", "user_id"),
    ("support_messages", "user_id"),
    ("training_registrations", "user_id"),
    ("payment_requests", "payer_user_id"),
    ("invitations", "invited_by"),
    ("invitations", "accepted_by"),
    ("campaigns", "created_by"),
    ("carrier_invoices", "recorded_by"),
    ("category_rules", "updated_by"),
    ("consumer_groups", "created_by"),
    ("fund_disbursements", "recorded_by"),
    ("fund_projects", "created_by"),
    ("fund_reports", "author_id"),
    ("payments", "recorded_by"),
    ("payouts", "recorded_by"),
    ("personal_data_exports", "user_id"),
    ("payout_batches", "created_by"),
    ("practice_sheets", "created_by"),
    ("producers", "reviewed_by"),
    ("producers", "created_by"),
    ("refunds", "requested_by"),
    ("shipments", "created_by"),
    ("shipment_delays", "recorded_by"),
    ("shipment_events", "recorded_by"),
    ("shipment_orders", "added_by"),
    ("shipment_papers", "updated_by"),
    ("statement_lines", "imported_by"),
    ("support_requests", "created_by"),
    ("trainings", "created_by"),
    ("trips", "created_by"),
];

/// What is deleted with the account, as (table, column).
pub const GOES_WITH: &[(&str, &str)] = &[
    ("sessions", "user_id"),
    ("api_tokens", "user_id"),
    ("account_tokens", "user_id"),
];

/// Accounts are deleted this many at a time.
const BATCH: u64 = 200;

/// The job handler (registered as a daily kind in `startup.rs`).
pub fn delete_job<'a>(state: &'a AppState, _job: &'a job::Model) -> JobFuture<'a> {
    Box::pin(async move {
        let days = state.config.retention.unverified_days;
        let deleted = delete_unverified(&state.db, days, state.now()).await?;
        if deleted > 0 {
            tracing::info!(accounts = deleted, "accounts never confirmed deleted");
        }
        Ok(())
    })
}

/// The account is named nowhere in [`OWNING`].
fn owns_nothing() -> Condition {
    OWNING
        .iter()
        .fold(Condition::all(), |all, (table, column)| {
            let named: SelectStatement = Query::select()
                .expr(Expr::val(1))
                .from(Alias::new(*table))
                .and_where(
                    Expr::col((Alias::new(*table), Alias::new(*column)))
                        .equals((user::Entity, user::Column::Id)),
                )
                .to_owned();
            all.add(Expr::exists(named).not())
        })
}

/// The accounts to delete: never confirmed, created more than `days` days before `now`, and
/// owning nothing.
fn doomed(days: i64, now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(user::Column::EmailVerifiedAt.is_null())
        .add(user::Column::CreatedAt.lt(now - Duration::days(days)))
        .add(owns_nothing())
}

/// Deletes the accounts never confirmed `days` days after sign-up that own nothing, with their
/// sessions, API tokens and one-time links. Returns how many accounts went.
pub async fn delete_unverified(
    db: &DatabaseConnection,
    days: i64,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let mut deleted = 0;
    loop {
        let txn = crate::db::begin_write(db).await?;
        let ids: Vec<i64> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(doomed(days, now))
            .limit(BATCH)
            .into_tuple()
            .all(&txn)
            .await?;
        if ids.is_empty() {
            return Ok(deleted);
        }
        session::Entity::delete_many()
            .filter(session::Column::UserId.is_in(ids.clone()))
            .exec(&txn)
            .await?;
        api_token::Entity::delete_many()
            .filter(api_token::Column::UserId.is_in(ids.clone()))
            .exec(&txn)
            .await?;
        account_token::Entity::delete_many()
            .filter(account_token::Column::UserId.is_in(ids.clone()))
            .exec(&txn)
            .await?;
        // The condition again: an account that came to own something since is kept.
        let gone = user::Entity::delete_many()
            .filter(user::Column::Id.is_in(ids.clone()))
            .filter(doomed(days, now))
            .exec(&txn)
            .await?
            .rows_affected;
        txn.commit().await?;
        deleted += gone;
        if (ids.len() as u64) < BATCH {
            return Ok(deleted);
        }
    }
}
