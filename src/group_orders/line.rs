//! One basket line set at a time (the API's `PUT /campaigns/{id}/basket/{product}`), the hot
//! path of an open campaign: one conditional write that checks everything the rules ask (the
//! window open by the server's clock, the product in the campaign, the caller's group, the
//! tolerance below a case, the producer's stock), then one read of the basket (on SQLite both
//! in one round trip). Only when that write is refused does the line go through the checked
//! path, which says why.

use chrono::{DateTime, Utc};
use entity::{CampaignId, ProductId, basket_line, campaign, campaign_product};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    Statement, Value,
};

use super::basket::{
    BASKET_SQL, Basket, basket_from_rows, basket_of, basket_values, beyond_stock, may_order,
    open_for_baskets, read_basket, room, write_lines,
};
use super::domain::State;
use super::input::{BasketInput, BasketLine};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::security::{AuthUser, Role};
use crate::web::i18n::Lang;

/// Sets what the member asks of one product (quantity 0 removes the line). Refused once the
/// window has closed by the server's clock, for non-members, for unverified addresses, and
/// (409) beyond what the producer's stock can serve. Accepted in two statements after the
/// caller's (one conditional write, one read, sent together on SQLite; on PostgreSQL one more
/// that locks the campaign and the product first); refusals take the checked path.
#[tracing::instrument(level = "debug", skip_all, fields(campaign = campaign_id.get(), product = product_id.get()))]
pub async fn set_line(
    db: &DatabaseConnection,
    actor: &AuthUser,
    campaign_id: CampaignId,
    product_id: ProductId,
    ask: &BasketInput,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<Basket> {
    let groups: Vec<i64> = actor
        .scopes_of(Role::GroupMember)
        .chain(actor.scopes_of(Role::GroupCoordinator))
        .collect();
    // What does not depend on the product's case is checked before anything is written.
    let simple = BasketLine::parse(ask.quantity, ask.tolerance, i32::MAX).ok();
    if let Some(line) = simple
        && actor.email_verified
        && !groups.is_empty()
        && let Some(basket) = quick_write(
            db,
            (actor.id, &groups),
            (campaign_id, product_id),
            line,
            (lang, now),
        )
        .await?
    {
        return Ok(basket);
    }
    // The line checked rule by rule: says why it is refused (or writes it when the quick
    // write was refused by what has since passed, such as a line removed that did not exist).
    let c = campaign::Entity::find_by_id(campaign_id)
        .one_or_404(db)
        .await?;
    may_order(db, actor, &c).await?;
    let p = campaign_product::Entity::find()
        .filter(campaign_product::Column::CampaignId.eq(campaign_id))
        .filter(campaign_product::Column::ProductId.eq(product_id))
        .one_or_404(db)
        .await?;
    let line = BasketLine::parse(ask.quantity, ask.tolerance, p.case_size)
        .map_err(AppError::Validation)?;
    let txn = crate::db::begin_write(db).await?;
    let locked = open_for_baskets(&txn, campaign_id, lang, now).await?;
    if line.quantity > 0 {
        let room = room(&txn, campaign_id, actor.id, &[&p]).await?;
        if let Some(left) = room.get(&p.id)
            && i64::from(line.quantity) > *left
        {
            // Lowering a quantity is always possible, even below a stock that fell meanwhile.
            let mine = basket_line::Entity::find()
                .filter(basket_line::Column::CampaignId.eq(campaign_id))
                .filter(basket_line::Column::UserId.eq(actor.id))
                .filter(basket_line::Column::CampaignProductId.eq(p.id))
                .one(&txn)
                .await?
                .map(|l| l.quantity)
                .unwrap_or(0);
            if line.quantity > mine {
                return Err(AppError::Conflict(beyond_stock(*left)));
            }
        }
    }
    write_lines(&txn, campaign_id, actor.id, &[(p.id, line)], now).await?;
    txn.commit().await?;
    basket_of(db, &locked, actor.id, lang).await
}

/// The line written by one statement, under the write lock, when every rule holds, and the
/// basket it leaves; `None` (and nothing written) otherwise. On SQLite the statement is its own
/// transaction, sent with the basket's read in one round trip; on PostgreSQL it runs in one
/// after locking the campaign and the product.
async fn quick_write(
    db: &DatabaseConnection,
    (user_id, groups): (i64, &[i64]),
    (campaign_id, product_id): (CampaignId, ProductId),
    line: BasketLine,
    (lang, now): (Lang, DateTime<Utc>),
) -> AppResult<Option<Basket>> {
    let backend = db.get_database_backend();
    let (sql, mut values) = if line.quantity > 0 {
        upsert(user_id, groups, (campaign_id, product_id), line, now)
    } else {
        removal(user_id, groups, (campaign_id, product_id), now)
    };
    if backend == DbBackend::Sqlite {
        // The write, then the basket with how many lines the write changed (`changes()`: the
        // upsert and the removal change at most one).
        let both = format!(
            "{sql}; {}",
            BASKET_SQL.replacen("SELECT ", "SELECT changes() AS written, ", 1)
        );
        values.extend(basket_values(campaign_id, user_id));
        let rows = crate::db::write_then_read_sqlite(
            db,
            Statement::from_sql_and_values(backend, both, values),
        )
        .await?;
        let written = match rows.first() {
            Some(row) => row.try_get::<i64>("", "written")?,
            None => 0,
        };
        return Ok(match written {
            1 => Some(basket_from_rows(&rows, campaign_id, lang)?),
            _ => None,
        });
    }
    let write = Statement::from_sql_and_values(backend, crate::db::numbered(backend, &sql), values);
    let txn = crate::db::begin_write(db).await?;
    // The close waits for basket changes and they for it (the campaign shared); two members
    // cannot both take the last case (the product locked, campaign first as the close does).
    let lock = if line.quantity > 0 {
        Statement::from_sql_and_values(
            backend,
            "SELECT c.id FROM campaigns c, products p WHERE c.id = $1 AND p.id = $2 \
             FOR SHARE OF c FOR UPDATE OF p",
            [campaign_id.get().into(), product_id.get().into()],
        )
    } else {
        Statement::from_sql_and_values(
            backend,
            "SELECT c.id FROM campaigns c WHERE c.id = $1 FOR SHARE",
            [campaign_id.get().into()],
        )
    };
    txn.query_all_raw(lock).await?;
    let written = txn.execute_raw(write).await?.rows_affected();
    if written == 1 {
        txn.commit().await?;
        Ok(Some(read_basket(db, campaign_id, user_id, lang).await?))
    } else {
        txn.rollback().await?;
        Ok(None)
    }
}

/// `(?, ?, ...)` for the caller's groups, and the condition of an open window (state and dates,
/// as `accepts_baskets` reads them) on the campaign `c`.
fn open_in_groups(groups: &[i64], now: DateTime<Utc>, values: &mut Vec<Value>) -> String {
    let marks = vec!["?"; groups.len()].join(", ");
    values.extend(groups.iter().map(|g| Value::from(*g)));
    values.extend([
        State::Draft.as_str().into(),
        State::Open.as_str().into(),
        now.into(),
        now.into(),
    ]);
    format!("c.group_id IN ({marks}) AND c.state IN (?, ?) AND c.opens_at <= ? AND c.closes_at > ?")
}

/// Inserts or updates the line when the product is in the open campaign of one of the caller's
/// groups, its tolerance is below a case, and the stock (whole cases of it, less what the other
/// members asked) can serve the quantity, or the member lowers it.
fn upsert(
    user_id: i64,
    groups: &[i64],
    (campaign_id, product_id): (CampaignId, ProductId),
    line: BasketLine,
    now: DateTime<Utc>,
) -> (String, Vec<Value>) {
    let (q, tol) = (line.quantity, line.tolerance);
    let mut values: Vec<Value> = vec![
        user_id.into(),
        q.into(),
        tol.into(),
        now.into(),
        now.into(),
        campaign_id.get().into(),
        product_id.get().into(),
    ];
    let open = open_in_groups(groups, now, &mut values);
    values.extend([
        tol.into(),
        tol.into(),
        q.into(),
        user_id.into(),
        q.into(),
        user_id.into(),
    ]);
    let sql = format!(
        "INSERT INTO basket_lines \
         (campaign_id, campaign_product_id, user_id, quantity, tolerance, created_at, updated_at) \
         SELECT cp.campaign_id, cp.id, ?, ?, ?, ?, ? \
         FROM campaign_products cp \
         JOIN campaigns c ON c.id = cp.campaign_id \
         JOIN products p ON p.id = cp.product_id \
         WHERE cp.campaign_id = ? AND cp.product_id = ? AND {open} \
         AND (? = 0 OR ? < cp.case_size) \
         AND (p.stock IS NULL \
              OR ? <= COALESCE((SELECT m.quantity FROM basket_lines m \
                  WHERE m.campaign_id = cp.campaign_id AND m.user_id = ? \
                  AND m.campaign_product_id = cp.id), 0) \
              OR ? + COALESCE((SELECT SUM(o.quantity) FROM basket_lines o \
                  WHERE o.campaign_id = cp.campaign_id AND o.user_id <> ? \
                  AND o.campaign_product_id = cp.id), 0) \
                 <= CASE WHEN p.stock <= 0 THEN 0 WHEN cp.case_size <= 1 THEN p.stock \
                    ELSE p.stock / cp.case_size * cp.case_size END) \
         ON CONFLICT (campaign_id, user_id, campaign_product_id) DO UPDATE SET \
         quantity = excluded.quantity, tolerance = excluded.tolerance, \
         updated_at = excluded.updated_at"
    );
    (sql, values)
}

/// Deletes the line when the product is in the open campaign of one of the caller's groups.
fn removal(
    user_id: i64,
    groups: &[i64],
    (campaign_id, product_id): (CampaignId, ProductId),
    now: DateTime<Utc>,
) -> (String, Vec<Value>) {
    let mut values: Vec<Value> = vec![
        campaign_id.get().into(),
        user_id.into(),
        campaign_id.get().into(),
        product_id.get().into(),
    ];
    let open = open_in_groups(groups, now, &mut values);
    let sql = format!(
        "DELETE FROM basket_lines WHERE campaign_id = ? AND user_id = ? \
         AND campaign_product_id IN (SELECT cp.id FROM campaign_products cp \
         JOIN campaigns c ON c.id = cp.campaign_id \
         WHERE cp.campaign_id = ? AND cp.product_id = ? AND {open})"
    );
    (sql, values)
}
