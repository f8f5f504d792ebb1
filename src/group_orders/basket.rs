//! Members' baskets while a campaign is open: one product at a time (the API) or the whole basket
//! at once (the campaign page's one form), refused beyond what the producer's stock can serve,
//! and read back priced.

use crate::db::OneOrNotFound;
use crate::money::Cents;
use entity::CampaignId;
use entity::ProductId;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{basket_line, campaign, campaign_product};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter,
    QueryResult, QuerySelect, Set, Statement, Value,
};
use serde::Serialize;

use super::domain;
use super::domain::Lifecycle;
use super::domain::State;
use super::groups::{self, Access};
use super::input::{BasketAsk, BasketLine};
use super::service::{CampaignFull, accepts_baskets};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::security::AuthUser;
use crate::web::format;
use crate::web::i18n::Lang;

/// One line of a member's basket, priced.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct BasketItem {
    pub product_id: i64,
    pub name: String,
    pub unit: String,
    pub case_size: i32,
    #[schema(value_type = i64)]
    pub price_cents: Cents,
    pub vat_rate_bp: i32,
    pub quantity: i32,
    pub tolerance: i32,
    /// What the quantity costs.
    #[schema(value_type = i64)]
    pub line_cents: Cents,
    /// Units received at close (none while open).
    pub allocated: Option<i32>,
    pub reason: Option<String>,
}

/// A member's basket: lines and the goods total (quantities only while open; allocated units
/// after close).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Basket {
    pub campaign_id: i64,
    #[schema(value_type = String)]
    pub state: State,
    pub items: Vec<BasketItem>,
    #[schema(value_type = i64)]
    pub total_cents: Cents,
    /// The most it can cost if every tolerance is used.
    #[schema(value_type = i64)]
    pub max_total_cents: Cents,
}

/// The member's basket lines, in the order of the campaign's products (two queries).
pub async fn basket(
    conn: &impl ConnectionTrait,
    c: &CampaignFull,
    user_id: i64,
    lang: Lang,
) -> AppResult<Basket> {
    basket_of(conn, &c.campaign, user_id, lang).await
}

/// The member's basket from the lines and the products they name (one query).
pub async fn basket_of(
    conn: &impl ConnectionTrait,
    c: &campaign::Model,
    user_id: i64,
    lang: Lang,
) -> AppResult<Basket> {
    read_basket(conn, c.id, user_id, lang).await
}

/// The member's basket in the campaign's state as it is now (one query: the campaign, its lines
/// and their products).
pub async fn read_basket(
    conn: &impl ConnectionTrait,
    campaign_id: CampaignId,
    user_id: i64,
    lang: Lang,
) -> AppResult<Basket> {
    let backend = conn.get_database_backend();
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            crate::db::numbered(backend, BASKET_SQL),
            basket_values(campaign_id, user_id),
        ))
        .await?;
    basket_from_rows(&rows, campaign_id, lang)
}

/// The statement [`read_basket`] runs (its values: [`basket_values`]), and its columns.
pub(super) const BASKET_SQL: &str = "SELECT c.state AS c_state, l.quantity AS l_quantity, \
    l.tolerance AS l_tolerance, l.allocated AS l_allocated, l.reason AS l_reason, cp.* \
    FROM campaigns c \
    LEFT JOIN basket_lines l ON l.campaign_id = c.id AND l.user_id = ? \
    LEFT JOIN campaign_products cp ON cp.id = l.campaign_product_id \
    WHERE c.id = ? ORDER BY cp.producer_id, cp.id";

pub(super) fn basket_values(campaign_id: CampaignId, user_id: i64) -> [Value; 2] {
    [user_id.into(), campaign_id.get().into()]
}

/// The basket from the rows of [`BASKET_SQL`] (none: the campaign does not exist).
pub(super) fn basket_from_rows(
    rows: &[QueryResult],
    campaign_id: CampaignId,
    lang: Lang,
) -> AppResult<Basket> {
    let Some(first) = rows.first() else {
        return Err(AppError::NotFound);
    };
    let state: State = first.try_get("", "c_state")?;
    let closed = state.is_closed();
    let mut items = Vec::new();
    let (mut total, mut max_total) = (Cents::ZERO, Cents::ZERO);
    for row in rows {
        let Some(quantity) = row.try_get::<Option<i32>>("", "l_quantity")? else {
            continue;
        };
        let tolerance: i32 = row.try_get("", "l_tolerance")?;
        let allocated: Option<i32> = row.try_get("", "l_allocated")?;
        let p = campaign_product::Model::from_query_result(row, "")?;
        let units = if closed {
            i64::from(allocated.unwrap_or(0))
        } else {
            i64::from(quantity)
        };
        total += units * p.price_cents;
        max_total += i64::from(quantity + tolerance) * p.price_cents;
        items.push(BasketItem {
            product_id: p.product_id.get(),
            name: p.name.pick(lang.code()).to_owned(),
            unit: p.unit_in(lang.code()).to_owned(),
            case_size: p.case_size,
            price_cents: p.price_cents,
            vat_rate_bp: p.vat_rate_bp,
            quantity,
            tolerance,
            line_cents: units * p.price_cents,
            allocated,
            reason: row.try_get("", "l_reason")?,
        });
    }
    Ok(Basket {
        campaign_id: campaign_id.get(),
        state,
        items,
        total_cents: total,
        max_total_cents: max_total,
    })
}

/// Units of whole cases a stock can serve (the close never orders a partial case).
pub fn servable(stock: i64, case_size: i64) -> i64 {
    let size = case_size.max(1);
    stock.max(0) / size * size
}

/// Why a quantity cannot be served: sold out, or only `left` units left.
pub fn beyond_stock(left: i64) -> FieldError {
    if left <= 0 {
        FieldError::new("sold-out")
    } else {
        FieldError::new("stock-left").with("count", left)
    }
}

/// What the producers' stock can still serve of each product being raised: units of whole cases
/// of today's stock (the close reads it too) less the quantities the other members asked. Only
/// products with a stock appear. The products are locked on PostgreSQL so that two members
/// cannot both take the last case.
pub(super) async fn room(
    conn: &impl ConnectionTrait,
    campaign_id: CampaignId,
    user_id: i64,
    raised: &[&campaign_product::Model],
) -> AppResult<HashMap<i64, i64>> {
    if raised.is_empty() {
        return Ok(HashMap::new());
    }
    let stocks: HashMap<ProductId, i32> = entity::product::Entity::find()
        .filter(entity::product::Column::Id.is_in(raised.iter().map(|p| p.product_id)))
        .lock_exclusive()
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|p| p.stock.map(|s| (p.id, s)))
        .collect();
    let stocked: Vec<&&campaign_product::Model> = raised
        .iter()
        .filter(|p| stocks.contains_key(&p.product_id))
        .collect();
    if stocked.is_empty() {
        return Ok(HashMap::new());
    }
    let asked: HashMap<i64, i64> = basket_line::Entity::find()
        .select_only()
        .column(basket_line::Column::CampaignProductId)
        .column_as(basket_line::Column::Quantity.sum(), "q")
        .filter(basket_line::Column::CampaignId.eq(campaign_id))
        .filter(basket_line::Column::UserId.ne(user_id))
        .filter(basket_line::Column::CampaignProductId.is_in(stocked.iter().map(|p| p.id)))
        .group_by(basket_line::Column::CampaignProductId)
        .into_tuple::<(i64, Option<i64>)>()
        .all(conn)
        .await?
        .into_iter()
        .map(|(id, q)| (id, q.unwrap_or(0)))
        .collect();
    Ok(stocked
        .into_iter()
        .map(|p| {
            let stock = i64::from(stocks.get(&p.product_id).copied().unwrap_or(0));
            let others = asked.get(&p.id).copied().unwrap_or(0);
            (
                p.id,
                servable(stock, i64::from(p.case_size)).saturating_sub(others),
            )
        })
        .collect())
}

/// Who may fill a basket in the campaign's group (404 for outsiders, 403 for others, 409 for an
/// unverified address).
pub(super) async fn may_order(
    db: &DatabaseConnection,
    actor: &AuthUser,
    c: &campaign::Model,
) -> AppResult<()> {
    if !groups::orders_in(actor, c.group_id) {
        let g = groups::find(db, c.group_id).await?;
        return Err(match groups::access(Some(actor), &g.group) {
            Access::Outsider => AppError::NotFound,
            _ => AppError::Forbidden,
        });
    }
    if !actor.email_verified {
        return Err(AppError::conflict("email-unverified"));
    }
    Ok(())
}

/// The campaign locked for a basket change (shared on PostgreSQL: basket changes do not wait for
/// each other, but the close waits for them and they for it), refused when the window is not
/// open by the server's clock.
pub(super) async fn open_for_baskets(
    conn: &impl ConnectionTrait,
    campaign_id: CampaignId,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<campaign::Model> {
    let locked = campaign::Entity::find_by_id(campaign_id)
        .lock_shared()
        .one_or_404(conn)
        .await?;
    if !accepts_baskets(&locked, now) {
        return Err(if now < locked.opens_at {
            AppError::Conflict(
                FieldError::new("campaign-not-open-yet")
                    .with("opens", format::datetime(lang, locked.opens_at)),
            )
        } else {
            AppError::conflict("campaign-closed")
        });
    }
    Ok(locked)
}

/// Writes the member's lines: quantity 0 removes a line (two statements at most).
pub(super) async fn write_lines(
    conn: &impl ConnectionTrait,
    campaign_id: CampaignId,
    user_id: i64,
    lines: &[(i64, BasketLine)],
    now: DateTime<Utc>,
) -> AppResult<()> {
    let removed: Vec<i64> = lines
        .iter()
        .filter(|(_, l)| l.quantity == 0)
        .map(|(id, _)| *id)
        .collect();
    if !removed.is_empty() {
        basket_line::Entity::delete_many()
            .filter(basket_line::Column::CampaignId.eq(campaign_id))
            .filter(basket_line::Column::UserId.eq(user_id))
            .filter(basket_line::Column::CampaignProductId.is_in(removed))
            .exec(conn)
            .await?;
    }
    let kept: Vec<basket_line::ActiveModel> = lines
        .iter()
        .filter(|(_, l)| l.quantity > 0)
        .map(|(id, l)| basket_line::ActiveModel {
            campaign_id: Set(campaign_id),
            campaign_product_id: Set(*id),
            user_id: Set(user_id),
            quantity: Set(l.quantity),
            tolerance: Set(l.tolerance),
            allocated: Set(None),
            reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    if !kept.is_empty() {
        basket_line::Entity::insert_many(kept)
            .on_conflict(
                OnConflict::columns([
                    basket_line::Column::CampaignId,
                    basket_line::Column::UserId,
                    basket_line::Column::CampaignProductId,
                ])
                .update_columns([
                    basket_line::Column::Quantity,
                    basket_line::Column::Tolerance,
                    basket_line::Column::UpdatedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// Saves the whole basket at once, as the campaign page's one form sends it: every product is
/// checked (quantity, tolerance, stock) and nothing is written unless all are right; the errors
/// are named as the form's fields (`quantity[<product id>]`), so the page can show the form again
/// with what was typed and a message beside each field.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn set_basket(
    db: &DatabaseConnection,
    actor: &AuthUser,
    campaign_id: CampaignId,
    asks: &[BasketAsk],
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<Basket> {
    let c = super::service::load(db, campaign_id).await?;
    may_order(db, actor, &c.campaign).await?;
    let mut errors = FieldErrors::new();
    let mut wanted: Vec<(&campaign_product::Model, BasketLine)> = Vec::new();
    for a in asks {
        let Some(p) = c.products.iter().find(|p| p.product_id == a.product_id) else {
            errors.add(
                &format!("quantity[{}]", a.product_id),
                FieldError::new("not-in-campaign"),
            );
            continue;
        };
        match BasketLine::parse(a.quantity, a.tolerance, p.case_size) {
            Ok(l) => wanted.push((p, l)),
            Err(e) => {
                for (field, errs) in e.0 {
                    for err in errs {
                        errors.add(&format!("{field}[{}]", a.product_id), err);
                    }
                }
            }
        }
    }
    errors.into_result()?;
    let mut errors = FieldErrors::new();
    let txn = crate::db::begin_write(db).await?;
    let locked = open_for_baskets(&txn, campaign_id, lang, now).await?;
    let mine: HashMap<i64, (i32, i32)> = basket_line::Entity::find()
        .filter(basket_line::Column::CampaignId.eq(campaign_id))
        .filter(basket_line::Column::UserId.eq(actor.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|l| (l.campaign_product_id, (l.quantity, l.tolerance)))
        .collect();
    // Only what changes is written; only what rises is checked against the stock.
    let changed: Vec<(&campaign_product::Model, BasketLine)> = wanted
        .into_iter()
        .filter(|(p, l)| mine.get(&p.id).copied().unwrap_or((0, 0)) != (l.quantity, l.tolerance))
        .collect();
    let raised: Vec<&campaign_product::Model> = changed
        .iter()
        .filter(|(p, l)| l.quantity > mine.get(&p.id).map(|m| m.0).unwrap_or(0))
        .map(|(p, _)| *p)
        .collect();
    let room = room(&txn, campaign_id, actor.id, &raised).await?;
    for p in &raised {
        let asked = changed
            .iter()
            .find(|(q, _)| q.id == p.id)
            .map(|(_, l)| i64::from(l.quantity))
            .unwrap_or(0);
        if let Some(left) = room.get(&p.id)
            && asked > *left
        {
            errors.add(&format!("quantity[{}]", p.product_id), beyond_stock(*left));
        }
    }
    errors.into_result()?;
    let lines: Vec<(i64, BasketLine)> = changed.iter().map(|(p, l)| (p.id, *l)).collect();
    write_lines(&txn, campaign_id, actor.id, &lines, now).await?;
    txn.commit().await?;
    basket_of(db, &locked, actor.id, lang).await
}

/// What each product of an open campaign can still serve, for the campaign page: units of whole
/// cases of today's stock less every member's quantities (one query). Products made to order are
/// left out.
pub async fn stock_left(
    conn: &impl ConnectionTrait,
    c: &CampaignFull,
    fills: &HashMap<i64, domain::Fill>,
) -> AppResult<HashMap<i64, i64>> {
    let stocks: HashMap<ProductId, i32> = entity::product::Entity::find()
        .filter(entity::product::Column::Id.is_in(c.products.iter().map(|p| p.product_id)))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|p| p.stock.map(|s| (p.id, s)))
        .collect();
    Ok(c.products
        .iter()
        .filter_map(|p| {
            let stock = i64::from(*stocks.get(&p.product_id)?);
            let asked = fills.get(&p.id).map(|f| f.quantity).unwrap_or(0);
            Some((
                p.id,
                (servable(stock, i64::from(p.case_size)) - asked).max(0),
            ))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_cases_of_the_stock_can_be_served() {
        assert_eq!(servable(13, 6), 12);
        assert_eq!(servable(5, 6), 0);
        assert_eq!(servable(-2, 6), 0);
        assert_eq!(beyond_stock(0).code, "sold-out");
        let e = beyond_stock(4);
        assert_eq!(
            (e.code.as_str(), &e.params["count"]),
            ("stock-left", &crate::web::i18n::Arg::Number(4))
        );
    }
}
