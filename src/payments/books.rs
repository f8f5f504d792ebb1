//! What treasurers read: the books of a partnership or of a group (requests, what waits on
//! them, ledger totals), and the file of one request (its payments and refunds). Each in a
//! fixed number of queries whatever the data.

use std::collections::HashMap;

use entity::payment_request::RequestStatus;
use entity::refund::RefundStatus;
use entity::statement_line::LineStatus;
use entity::{
    consumer_group, ledger_entry, partnership, payment, payment_request, refund, statement_line,
};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::scope::{self, Scope, ScopeRef};
use crate::db::OneOrNotFound;
use crate::db::rows_by;
use crate::error::{AppError, AppResult};
use crate::ledger::{self, Totals, totals};
use crate::money::Cents;
use crate::security::AuthUser;

/// How many requests the books list (newest first); older ones are found by their
/// communication.
pub const LISTED: u64 = 200;

/// Some books for their treasurers.
pub struct Books {
    pub scope: Scope,
    /// The newest requests.
    pub requests: Vec<payment_request::Model>,
    /// Requests holding money to give back: overpaid, or cancelled after money came in.
    pub to_refund: Vec<payment_request::Model>,
    /// Statement lines of these books' account that named no request.
    pub unmatched: Vec<statement_line::Model>,
    pub flagged: Vec<payment::Model>,
    /// Bank refunds still to transfer by hand.
    pub pending_refunds: Vec<refund::Model>,
    /// The requests the flagged payments and pending refunds are about.
    pub named: HashMap<entity::PaymentRequestId, payment_request::Model>,
    pub totals: Totals,
}

/// The ids of the requests of `scope`, as a subquery.
fn request_ids(scope: &Scope) -> sea_orm::sea_query::SelectStatement {
    let mut q = Query::select();
    q.column(payment_request::Column::Id)
        .from(payment_request::Entity)
        .cond_where(scope.requests());
    q
}

/// Requests holding money to give back.
fn holding_money() -> Condition {
    Condition::any()
        .add(payment_request::Column::Status.eq(RequestStatus::Overpaid))
        .add(
            Condition::all()
                .add(payment_request::Column::Status.eq(RequestStatus::Cancelled))
                .add(
                    Expr::col(payment_request::Column::PaidCents)
                        .gt(Expr::col(payment_request::Column::RefundedCents)),
                ),
        )
}

pub async fn books(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    which: ScopeRef<'_>,
) -> AppResult<Books> {
    let scope = scope::load(conn, actor, which).await?;
    let requests = payment_request::Entity::find()
        .filter(scope.requests())
        .order_by_desc(payment_request::Column::Id)
        .limit(LISTED)
        .all(conn)
        .await?;
    let to_refund = payment_request::Entity::find()
        .filter(scope.requests())
        .filter(holding_money())
        .order_by_asc(payment_request::Column::Id)
        .all(conn)
        .await?;
    let lines_of_account = match scope.group_id() {
        None => statement_line::Column::GroupId.is_null(),
        Some(g) => statement_line::Column::GroupId.eq(g),
    };
    let unmatched = statement_line::Entity::find()
        .filter(statement_line::Column::PartnershipId.eq(scope.partnership().id))
        .filter(lines_of_account)
        .filter(statement_line::Column::Status.eq(LineStatus::Unmatched))
        .order_by_asc(statement_line::Column::BookedOn)
        .order_by_asc(statement_line::Column::Id)
        .all(conn)
        .await?;
    let flagged = payment::Entity::find()
        .filter(payment::Column::Flagged.eq(true))
        .filter(payment::Column::PaymentRequestId.in_subquery(request_ids(&scope)))
        .order_by_desc(payment::Column::Id)
        .limit(LISTED)
        .all(conn)
        .await?;
    let pending_refunds = refund::Entity::find()
        .filter(refund::Column::Status.eq(RefundStatus::Pending))
        .filter(refund::Column::Method.eq("bank"))
        .filter(refund::Column::PaymentRequestId.in_subquery(request_ids(&scope)))
        .order_by_asc(refund::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<entity::PaymentRequestId> = flagged
        .iter()
        .map(|p| p.payment_request_id)
        .chain(pending_refunds.iter().map(|f| f.payment_request_id))
        .collect();
    let named =
        rows_by::<payment_request::Entity, _>(conn, payment_request::Column::Id, ids, |r| r.id)
            .await?;
    let totals = match &scope {
        Scope::Partnership(p) => totals(conn, &[p.id])
            .await?
            .remove(&p.id)
            .unwrap_or_default(),
        Scope::Group { .. } => {
            let rows = ledger::sums_by(
                conn,
                ledger_entry::Column::PartnershipId,
                ledger_entry::Column::PaymentRequestId.in_subquery(request_ids(&scope)),
            )
            .await?;
            Totals::from_rows(rows.into_iter().map(|(_, k, v)| (k, v)))
        }
    };
    Ok(Books {
        scope,
        requests,
        to_refund,
        unmatched,
        flagged,
        pending_refunds,
        named,
        totals,
    })
}

/// One request for its treasurer: what came in and what went back, and the books it belongs to
/// (the partnership's for its coordinators, else the group's).
pub struct RequestFile {
    pub request: payment_request::Model,
    pub payments: Vec<payment::Model>,
    pub refunds: Vec<refund::Model>,
    pub books: Scope,
}

pub async fn request_file(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    key: &str,
) -> AppResult<RequestFile> {
    let r = scope::request_kept_by(conn, actor, key).await?;
    let payments = payment::Entity::find()
        .filter(payment::Column::PaymentRequestId.eq(r.id))
        .order_by_asc(payment::Column::Id)
        .all(conn)
        .await?;
    let refunds = refund::Entity::find()
        .filter(refund::Column::PaymentRequestId.eq(r.id))
        .order_by_asc(refund::Column::Id)
        .all(conn)
        .await?;
    let p = partnership::Entity::find_by_id(r.partnership_id)
        .one_or_404(conn)
        .await?;
    let books = match r.group_id {
        Some(g) if !actor.coordinates_partnership(p.id) => {
            let group = consumer_group::Entity::find_by_id(g)
                .one_or_404(conn)
                .await?;
            Scope::Group {
                group: Box::new(group),
                partnership: p,
            }
        }
        _ => Scope::Partnership(p),
    };
    Ok(RequestFile {
        request: r,
        payments,
        refunds,
        books,
    })
}

/// One paid request for its receipt: the request and the payments that paid it.
pub struct ReceiptFile {
    pub request: payment_request::Model,
    pub payments: Vec<payment::Model>,
    pub refunds: Vec<refund::Model>,
}

/// The receipt of a request, for its payer or its treasurers; 409 while nothing is paid.
pub async fn receipt(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    key: &str,
) -> AppResult<ReceiptFile> {
    let r = scope::request_for(conn, actor, key).await?;
    if r.paid_cents - r.refunded_cents <= Cents::ZERO {
        return Err(AppError::conflict("nothing-paid-yet"));
    }
    let payments = payment::Entity::find()
        .filter(payment::Column::PaymentRequestId.eq(r.id))
        .order_by_asc(payment::Column::ReceivedOn)
        .order_by_asc(payment::Column::Id)
        .all(conn)
        .await?;
    let refunds = refund::Entity::find()
        .filter(refund::Column::PaymentRequestId.eq(r.id))
        .order_by_asc(refund::Column::Id)
        .all(conn)
        .await?;
    Ok(ReceiptFile {
        request: r,
        payments,
        refunds,
    })
}
