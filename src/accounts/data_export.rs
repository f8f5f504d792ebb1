//! Everything kept about one person, gathered for them to read or take away (`/account/data`,
//! `/account/data.json`, `GET /api/v1/me/export`). One query per kind of record, whatever the
//! history: a person with years of baskets costs the same number of queries as a newcomer.
//! Only what is theirs: the accounts of others they dealt with are never named (an invitation
//! they sent does not show the invitee's address; a message shows only their own words).

use chrono::{DateTime, Utc};
use entity::{
    basket_line, booking, campaign, campaign_share, departure, payment, payment_request, refund,
    role_assignment, traveller, trip, user, waitlist_entry,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement, Value,
};
use serde::Serialize;

pub use super::data_dto::*;

use crate::error::{AppError, AppResult};

/// Every (table, column) naming an account, and how the export reads it. A test reads the
/// schema and fails when a table names accounts and is missing here.
pub const EXPORTED: &[(&str, &str)] = &[
    ("role_assignments", "user_id"),
    ("basket_lines", "user_id"),
    ("campaign_shares", "user_id"),
    ("bookings", "user_id"),
    ("waitlist_entries", "user_id"),
    ("support_messages", "user_id"),
    ("support_requests", "created_by"),
    ("training_registrations", "user_id"),
    ("payment_requests", "payer_user_id"),
    ("practice_sheets", "created_by"),
    ("invitations", "accepted_by"),
    ("sessions", "user_id"),
    ("api_tokens", "user_id"),
    ("account_tokens", "user_id"),
];

/// Records a person made or changed in a role (a coordinator, a treasurer, a host): listed by
/// kind and id under "records". The rows belong to the partnership's work, not to the person.
pub const RECORDED: &[(&str, &str)] = &[
    ("invitations", "invited_by"),
    ("campaigns", "created_by"),
    ("carrier_invoices", "recorded_by"),
    ("category_rules", "updated_by"),
    ("consumer_groups", "created_by"),
    ("fund_disbursements", "recorded_by"),
    ("fund_projects", "created_by"),
    ("fund_reports", "author_id"),
    ("payments", "recorded_by"),
    ("payouts", "recorded_by"),
    ("payout_batches", "created_by"),
    ("personal_data_exports", "user_id"),
    ("producers", "reviewed_by"),
    ("producers", "created_by"),
    ("refunds", "requested_by"),
    ("shipments", "created_by"),
    ("shipment_delays", "recorded_by"),
    ("shipment_events", "recorded_by"),
    ("shipment_orders", "added_by"),
    ("shipment_papers", "updated_by"),
    ("statement_lines", "imported_by"),
    ("trainings", "created_by"),
    ("trips", "created_by"),
];

/// The column that identifies a row of `table`.
fn key_of(table: &str) -> &'static str {
    match table {
        "category_rules" => "category",
        _ => "id",
    }
}

/// A stored enum's name as written in the database.
pub(super) fn name_of(v: &impl Serialize) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Everything kept about the account `user_id`, in `lang` where a text has several languages.
pub async fn export(
    conn: &impl ConnectionTrait,
    user_id: i64,
    lang: &str,
    now: DateTime<Utc>,
) -> AppResult<PersonalData> {
    let u = user::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .order_by_asc(role_assignment::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| RoleData {
            role: r.role,
            scope_type: r.scope_type,
            scope_id: r.scope_id,
            since: r.created_at,
        })
        .collect();
    Ok(PersonalData {
        generated_at: now,
        roles,
        baskets: baskets(conn, user_id).await?,
        payment_requests: payment_requests(conn, user_id).await?,
        bookings: bookings(conn, user_id, lang).await?,
        waitlist: waitlist(conn, user_id).await?,
        messages: super::data_sections::messages(conn, user_id).await?,
        support_requests: super::data_sections::support_requests(conn, user_id).await?,
        training_registrations: super::data_sections::registrations(conn, user_id).await?,
        practice_sheets: super::data_sections::sheets(conn, user_id, lang).await?,
        invitations_accepted: super::data_sections::invitations(conn, user_id).await?,
        api_tokens: super::data_sections::tokens(conn, user_id).await?,
        sessions: super::data_sections::sessions(conn, user_id).await?,
        links: super::data_sections::links(conn, user_id).await?,
        records: records(conn, user_id).await?,
        account: AccountData {
            id: u.id,
            display_name: u.display_name,
            email: u.email,
            locale: u.locale,
            created_at: u.created_at,
            email_verified_at: u.email_verified_at,
        },
    })
}

async fn baskets(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<BasketData>> {
    let lines = basket_line::Entity::find()
        .filter(basket_line::Column::UserId.eq(user_id))
        .order_by_asc(basket_line::Column::Id)
        .all(conn)
        .await?;
    let shares = campaign_share::Entity::find()
        .filter(campaign_share::Column::UserId.eq(user_id))
        .all(conn)
        .await?;
    let mut ids: Vec<i64> = lines
        .iter()
        .map(|l| l.campaign_id.get())
        .chain(shares.iter().map(|s| s.campaign_id.get()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(ids.clone()))
        .all(conn)
        .await?;
    Ok(ids
        .into_iter()
        .map(|id| BasketData {
            campaign_id: id,
            campaign_title: campaigns
                .iter()
                .find(|c| c.id.get() == id)
                .map(|c| c.title.clone())
                .unwrap_or_default(),
            lines: lines
                .iter()
                .filter(|l| l.campaign_id.get() == id)
                .map(|l| BasketLineData {
                    campaign_product_id: l.campaign_product_id,
                    quantity: l.quantity,
                    tolerance: l.tolerance,
                    allocated: l.allocated,
                })
                .collect(),
            share: shares
                .iter()
                .find(|s| s.campaign_id.get() == id)
                .map(|s| ShareData {
                    goods_cents: s.goods_cents.0,
                    vat_cents: s.vat_cents.0,
                    transport_cents: s.transport_cents.0,
                    fee_cents: s.fee_cents.0,
                    total_cents: s.total_cents.0,
                    collected_at: s.collected_at,
                }),
        })
        .collect())
}

async fn payment_requests(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> AppResult<Vec<PaymentRequestData>> {
    let requests = payment_request::Entity::find()
        .filter(payment_request::Column::PayerUserId.eq(user_id))
        .order_by_asc(payment_request::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i64> = requests.iter().map(|r| r.id.get()).collect();
    let payments = payment::Entity::find()
        .filter(payment::Column::PaymentRequestId.is_in(ids.clone()))
        .order_by_asc(payment::Column::Id)
        .all(conn)
        .await?;
    let refunds = refund::Entity::find()
        .filter(refund::Column::PaymentRequestId.is_in(ids))
        .order_by_asc(refund::Column::Id)
        .all(conn)
        .await?;
    Ok(requests
        .into_iter()
        .map(|r| PaymentRequestData {
            payments: payments
                .iter()
                .filter(|p| p.payment_request_id == r.id)
                .map(|p| MovementData {
                    method: p.method.clone(),
                    amount_cents: p.amount_cents.0,
                    on: p.created_at,
                })
                .collect(),
            refunds: refunds
                .iter()
                .filter(|f| f.payment_request_id == r.id)
                .map(|f| MovementData {
                    method: f.method.clone(),
                    amount_cents: f.amount_cents.0,
                    on: f.created_at,
                })
                .collect(),
            reference: r.reference,
            ogm: r.ogm,
            description: r.description,
            payer_name: r.payer_name,
            payer_email: r.payer_email,
            amount_cents: r.amount_cents.0,
            paid_cents: r.paid_cents.0,
            refunded_cents: r.refunded_cents.0,
            status: name_of(&r.status),
            due_on: r.due_on,
            created_at: r.created_at,
        })
        .collect())
}

async fn bookings(
    conn: &impl ConnectionTrait,
    user_id: i64,
    lang: &str,
) -> AppResult<Vec<BookingData>> {
    let found = booking::Entity::find()
        .filter(booking::Column::UserId.eq(user_id))
        .order_by_asc(booking::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i64> = found.iter().map(|b| b.id.get()).collect();
    let travellers = traveller::Entity::find()
        .filter(traveller::Column::BookingId.is_in(ids))
        .order_by_asc(traveller::Column::Position)
        .all(conn)
        .await?;
    let departures = departure::Entity::find()
        .filter(departure::Column::Id.is_in(found.iter().map(|b| b.departure_id.get())))
        .all(conn)
        .await?;
    let trips = trip::Entity::find()
        .filter(trip::Column::Id.is_in(departures.iter().map(|d| d.trip_id.get())))
        .all(conn)
        .await?;
    Ok(found
        .into_iter()
        .filter_map(|b| {
            let d = departures.iter().find(|d| d.id == b.departure_id)?;
            let title = trips
                .iter()
                .find(|t| t.id == d.trip_id)
                .map(|t| t.title.pick(lang).to_owned())
                .unwrap_or_default();
            Some(BookingData {
                travellers: travellers
                    .iter()
                    .filter(|t| t.booking_id == b.id)
                    .map(|t| t.name.clone())
                    .collect(),
                reference: b.reference,
                trip: title,
                starts_on: d.starts_on,
                ends_on: d.ends_on,
                seats: b.seats,
                status: name_of(&b.status),
                contact_name: b.contact_name,
                contact_email: b.contact_email,
                contact_phone: b.contact_phone,
                dietary: b.dietary,
                accessibility: b.accessibility,
                total_cents: b.total_cents.0,
                created_at: b.created_at,
            })
        })
        .collect())
}

async fn waitlist(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<WaitlistData>> {
    Ok(waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::UserId.eq(user_id))
        .order_by_asc(waitlist_entry::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|w| WaitlistData {
            departure_id: w.departure_id.get(),
            seats: w.seats,
            travellers: w.travellers.0,
            contact_email: w.contact_email,
            created_at: w.created_at,
        })
        .collect())
}

/// The records made in a role, in one query over every table of [`RECORDED`].
async fn records(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<RecordData>> {
    let backend = conn.get_database_backend();
    let sql = RECORDED
        .iter()
        .map(|(table, column)| {
            let key = key_of(table);
            format!("SELECT '{table}' AS kind, CAST({key} AS TEXT) AS k FROM {table} WHERE {column} = $1")
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let sql = if backend == sea_orm::DbBackend::Sqlite {
        sql.replace("$1", "?1")
    } else {
        sql
    };
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            format!("{sql} ORDER BY kind, k"),
            [Value::from(user_id)],
        ))
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(RecordData {
                kind: r.try_get::<String>("", "kind")?,
                key: r.try_get::<String>("", "k")?,
            })
        })
        .collect::<Result<_, sea_orm::DbErr>>()
        .map_err(Into::into)
}
