//! What payments put on a person's own page: as a payer, the requests still open (what is left,
//! by when, the link to pay) and those paid (with their receipt); as a treasurer (a
//! partnership's coordinators, a group's coordinators for their group's books), the statement
//! lines waiting to be matched, the money to give back and the bank refunds to make by hand.
//! Eight queries at most, whatever the data.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use entity::payment_request::RequestStatus;
use entity::refund::RefundStatus;
use entity::statement_line::LineStatus;
use entity::{consumer_group, partnership, payment_request, refund, statement_line};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::domain::{Ogm, remaining};
use crate::db::rows_by;
use crate::error::AppResult;
use crate::security::{AuthUser, Role};
use crate::web::format;
use crate::web::i18n::{Lang, translate};
use crate::web::space::{SpaceItem, SpaceKind};

/// How many lines of each kind the space shows at most (the rest is on the books pages).
const MAX: u64 = 50;

const AREA: &str = "payments";

/// The end of a due day in Brussels, as an instant (lines are sorted by it).
fn end_of(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_time(NaiveTime::from_hms_opt(23, 59, 0)?)
        .and_local_timezone(format::DEFAULT_ZONE)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

fn t(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    translate(lang, key, args)
}

/// The lines payments gives `user`'s own page.
pub async fn space_items(
    conn: &impl ConnectionTrait,
    user: &AuthUser,
    now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let mut items = payer_items(conn, user, lang).await?;
    items.extend(treasurer_items(conn, user, now, lang).await?);
    Ok(items)
}

async fn payer_items(
    conn: &impl ConnectionTrait,
    user: &AuthUser,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let mut items = Vec::new();
    let open = payment_request::Entity::find()
        .filter(payment_request::Column::PayerUserId.eq(user.id))
        .filter(
            payment_request::Column::Status.is_in([RequestStatus::Open, RequestStatus::PartlyPaid]),
        )
        .filter(payment_request::Column::CancelledAt.is_null())
        .order_by_asc(payment_request::Column::DueOn)
        .order_by_asc(payment_request::Column::Id)
        .limit(MAX)
        .all(conn)
        .await?;
    for r in &open {
        let left = remaining(r.amount_cents, r.paid_cents, r.refunded_cents).euros();
        let detail = match r.due_on {
            Some(d) => t(
                lang,
                "space-pay-left-by",
                &[("amount", &left), ("date", &format::date(lang, d))],
            ),
            None => t(lang, "space-pay-left", &[("amount", &left)]),
        };
        items.push(SpaceItem {
            kind: SpaceKind::Todo,
            area: AREA,
            title: r.description.clone(),
            detail,
            href: format!("/pay/{}", r.reference),
            when: r.due_on.and_then(end_of),
            extra: None,
        });
    }
    let paid = payment_request::Entity::find()
        .filter(payment_request::Column::PayerUserId.eq(user.id))
        .filter(
            payment_request::Column::Status.is_in([RequestStatus::Paid, RequestStatus::Overpaid]),
        )
        .order_by_desc(payment_request::Column::UpdatedAt)
        .limit(MAX)
        .all(conn)
        .await?;
    for r in &paid {
        let held = (r.paid_cents - r.refunded_cents).euros();
        items.push(SpaceItem {
            kind: SpaceKind::Done,
            area: AREA,
            title: r.description.clone(),
            detail: t(
                lang,
                "space-paid",
                &[
                    ("amount", &held),
                    ("date", &format::date(lang, r.updated_at.date_naive())),
                ],
            ),
            href: format!("/pay/{}", r.reference),
            when: Some(r.updated_at),
            extra: Some((
                t(lang, "pay-receipt-link", &[]),
                format!("/pay/{}/receipt", r.reference),
            )),
        });
    }
    Ok(items)
}

/// The books a person keeps: partnerships they coordinate, groups they coordinate.
struct Kept {
    partnerships: HashMap<entity::PartnershipId, partnership::Model>,
    groups: HashMap<entity::GroupId, consumer_group::Model>,
}

impl Kept {
    fn requests(&self) -> Condition {
        Condition::any()
            .add(payment_request::Column::PartnershipId.is_in(self.partnerships.keys().copied()))
            .add(payment_request::Column::GroupId.is_in(self.groups.keys().copied()))
    }

    fn books_of(&self, r: &payment_request::Model) -> String {
        match (self.partnerships.get(&r.partnership_id), r.group_id) {
            (Some(p), _) => p.name.clone(),
            (None, Some(g)) => self
                .groups
                .get(&g)
                .map(|g| g.name.clone())
                .unwrap_or_default(),
            (None, None) => String::new(),
        }
    }
}

async fn treasurer_items(
    conn: &impl ConnectionTrait,
    user: &AuthUser,
    now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let partnership_ids: Vec<entity::PartnershipId> = user
        .scopes_of(Role::PartnershipCoordinator)
        .map(entity::PartnershipId)
        .collect();
    let group_ids: Vec<entity::GroupId> = user
        .scopes_of(Role::GroupCoordinator)
        .map(entity::GroupId)
        .collect();
    if partnership_ids.is_empty() && group_ids.is_empty() {
        return Ok(Vec::new());
    }
    let kept = Kept {
        partnerships: rows_by::<partnership::Entity, _>(
            conn,
            partnership::Column::Id,
            partnership_ids,
            |p| p.id,
        )
        .await?,
        groups: rows_by::<consumer_group::Entity, _>(
            conn,
            consumer_group::Column::Id,
            group_ids,
            |g| g.id,
        )
        .await?,
    };
    let mut items = Vec::new();

    // Statement lines waiting, counted per books: the partnership's account, a group's own.
    let lines: Vec<(
        entity::PartnershipId,
        Option<entity::GroupId>,
        i64,
        Option<NaiveDate>,
    )> = statement_line::Entity::find()
        .select_only()
        .column(statement_line::Column::PartnershipId)
        .column(statement_line::Column::GroupId)
        .column_as(Expr::col(statement_line::Column::Id).count(), "n")
        .column_as(Expr::col(statement_line::Column::BookedOn).min(), "first")
        .filter(statement_line::Column::Status.eq(LineStatus::Unmatched))
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(
                            statement_line::Column::PartnershipId
                                .is_in(kept.partnerships.keys().copied()),
                        )
                        .add(statement_line::Column::GroupId.is_null()),
                )
                .add(statement_line::Column::GroupId.is_in(kept.groups.keys().copied())),
        )
        .group_by(statement_line::Column::PartnershipId)
        .group_by(statement_line::Column::GroupId)
        .into_tuple()
        .all(conn)
        .await?;
    for (pid, gid, n, first) in lines {
        let (name, path) = match gid {
            Some(g) => match kept.groups.get(&g) {
                Some(g) => (g.name.clone(), format!("/groups/{}/payments", g.slug)),
                None => continue,
            },
            None => match kept.partnerships.get(&pid) {
                Some(p) => (p.name.clone(), format!("/partnerships/{}/payments", p.slug)),
                None => continue,
            },
        };
        items.push(SpaceItem {
            kind: SpaceKind::Todo,
            area: AREA,
            title: name,
            detail: crate::web::i18n::translate_args(
                lang,
                "space-lines-to-match",
                &[("count", n.into())],
            ),
            href: format!("{path}#unmatched-title"),
            when: first.and_then(end_of).or(Some(now)),
            extra: None,
        });
    }

    // Money to give back: overpaid, or cancelled after money came in.
    let holding = payment_request::Entity::find()
        .filter(kept.requests())
        .filter(
            Condition::any()
                .add(payment_request::Column::Status.eq(RequestStatus::Overpaid))
                .add(
                    Condition::all()
                        .add(payment_request::Column::Status.eq(RequestStatus::Cancelled))
                        .add(
                            Expr::col(payment_request::Column::PaidCents)
                                .gt(Expr::col(payment_request::Column::RefundedCents)),
                        ),
                ),
        )
        .order_by_asc(payment_request::Column::UpdatedAt)
        .limit(MAX)
        .all(conn)
        .await?;
    for r in &holding {
        let held = r.paid_cents - r.refunded_cents;
        let back = if r.cancelled_at.is_some() {
            held
        } else {
            held - r.amount_cents
        };
        items.push(SpaceItem {
            kind: SpaceKind::Todo,
            area: AREA,
            title: format!("{} — {}", r.payer_name, r.description),
            detail: t(
                lang,
                "space-to-refund",
                &[("amount", &back.euros()), ("books", &kept.books_of(r))],
            ),
            href: format!("/payments/requests/{}#refund", r.reference),
            when: Some(r.updated_at),
            extra: None,
        });
    }

    // Bank refunds recorded, still to transfer by hand.
    let pending = refund::Entity::find()
        .filter(refund::Column::Status.eq(RefundStatus::Pending))
        .filter(refund::Column::Method.eq("bank"))
        .filter(
            refund::Column::PaymentRequestId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(payment_request::Column::Id)
                    .from(payment_request::Entity)
                    .cond_where(kept.requests())
                    .to_owned(),
            ),
        )
        .order_by_asc(refund::Column::CreatedAt)
        .limit(MAX)
        .all(conn)
        .await?;
    // Always asked, even for no refund: the same queries whatever the data.
    let requests: HashMap<entity::PaymentRequestId, payment_request::Model> =
        payment_request::Entity::find()
            .filter(payment_request::Column::Id.is_in(pending.iter().map(|f| f.payment_request_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
    for f in &pending {
        let Some(r) = requests.get(&f.payment_request_id) else {
            continue;
        };
        let ogm = Ogm::parse(&r.ogm)
            .map(|o| o.formatted())
            .unwrap_or_default();
        items.push(SpaceItem {
            kind: SpaceKind::Todo,
            area: AREA,
            title: format!("{} — {}", r.payer_name, r.description),
            detail: t(
                lang,
                "space-refund-by-hand",
                &[("amount", &f.amount_cents.euros()), ("ogm", &ogm)],
            ),
            href: format!("/payments/requests/{}#refunds-title", r.reference),
            when: Some(f.created_at),
            extra: None,
        });
    }
    Ok(items)
}
