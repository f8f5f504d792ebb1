//! One support request seen whole (its thread and who may act), the replies, and its close:
//! resolved by the requester (with the practice sheet that came of it) or withdrawn.

use chrono::{DateTime, Utc};
use entity::{practice_sheet, support_message, support_recipient, support_request, territory};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::service::{coordinated, my_territories, require_territory};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::security::AuthUser;
use entity::support_request::SupportStatus::{self, Open, Resolved, Withdrawn};

/// A request with its recipients and what the viewer may see and do.
pub struct RequestFull {
    pub request: support_request::Model,
    pub territory: territory::Model,
    pub recipients: Vec<(support_recipient::Model, territory::Model)>,
    /// The recipient territories where someone has an account now.
    pub reachable: Vec<i64>,
    /// Only for the territories involved and admins.
    pub messages: Option<Vec<support_message::Model>>,
    /// The territory the viewer speaks for in this request, if involved (the requester first).
    pub speaks_for: Option<i64>,
    /// The viewer coordinates the requesting territory (resolves or withdraws it).
    pub is_requester: bool,
    /// The practice sheet that came out of it.
    pub sheet: Option<practice_sheet::Model>,
    /// For the requester of an open request: the sheets of the territories involved, newest first.
    pub candidate_sheets: Vec<practice_sheet::Model>,
}

/// A request as `actor` sees it (a fixed number of queries).
pub async fn request_full(
    db: &DatabaseConnection,
    actor: Option<&AuthUser>,
    id: i64,
) -> AppResult<RequestFull> {
    let request = support_request::Entity::find_by_id(id)
        .one_or_404(db)
        .await?;
    let recipients = support_recipient::Entity::find()
        .filter(support_recipient::Column::RequestId.eq(id))
        .order_by_asc(support_recipient::Column::Id)
        .all(db)
        .await?;
    let mut ids: Vec<i64> = recipients.iter().map(|r| r.territory_id).collect();
    ids.push(request.territory_id);
    let territories = territory::Entity::find()
        .filter(territory::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    let mine = match actor {
        Some(a) => my_territories(db, a).await?,
        None => Vec::new(),
    };
    let is_requester = mine.contains(&request.territory_id);
    let speaks_for = if is_requester {
        Some(request.territory_id)
    } else {
        ids.iter().copied().find(|t| mine.contains(t))
    };
    let sees_thread = actor.is_some_and(|a| a.is_admin()) || speaks_for.is_some();
    let messages = if sees_thread {
        Some(
            support_message::Entity::find()
                .filter(support_message::Column::RequestId.eq(id))
                .order_by_asc(support_message::Column::Id)
                .all(db)
                .await?,
        )
    } else {
        None
    };
    let reachable = coordinated(db, &ids).await?;
    let sheet = match request.practice_sheet_id {
        Some(s) => practice_sheet::Entity::find_by_id(s).one(db).await?,
        None => None,
    };
    let candidate_sheets = if is_requester && request.status == Open {
        practice_sheet::Entity::find()
            .filter(practice_sheet::Column::TerritoryId.is_in(ids.clone()))
            .order_by_desc(practice_sheet::Column::Id)
            .limit(50)
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let territory = territories
        .iter()
        .find(|t| t.id == request.territory_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    Ok(RequestFull {
        recipients: recipients
            .into_iter()
            .filter_map(|r| {
                let t = territories.iter().find(|t| t.id == r.territory_id)?.clone();
                Some((r, t))
            })
            .collect(),
        territory,
        request,
        reachable,
        messages,
        speaks_for,
        is_requester,
        sheet,
        candidate_sheets,
    })
}

/// Answers in a request's thread, for one of the territories involved, while it is open.
pub async fn reply(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
    body: &str,
    now: DateTime<Utc>,
) -> AppResult<support_message::Model> {
    let full = request_full(db, Some(actor), id).await?;
    let Some(territory_id) = full.speaks_for else {
        return Err(AppError::NotFound);
    };
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::validation("body", "required"));
    }
    if body.chars().count() > 10_000 {
        return Err(AppError::Validation(crate::error::FieldErrors::single(
            "body",
            crate::error::FieldError::new("length").with("max", 10_000),
        )));
    }
    if full.request.status != Open {
        return Err(AppError::conflict("support-not-open"));
    }
    Ok(support_message::ActiveModel {
        request_id: Set(id),
        territory_id: Set(territory_id),
        user_id: Set(actor.id),
        body: Set(body.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Moves an open request to `status` (one conditional update: a second click, or a colleague's,
/// gets a conflict rather than a second change).
async fn close(
    db: &DatabaseConnection,
    id: i64,
    status: SupportStatus,
    sheet_id: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<support_request::Model> {
    let res = support_request::Entity::update_many()
        .col_expr(support_request::Column::Status, Expr::value(status))
        .col_expr(
            support_request::Column::PracticeSheetId,
            Expr::value(sheet_id),
        )
        .col_expr(support_request::Column::ResolvedAt, Expr::value(now))
        .col_expr(support_request::Column::UpdatedAt, Expr::value(now))
        .filter(support_request::Column::Id.eq(id))
        .filter(support_request::Column::Status.eq(Open))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::conflict("support-not-open"));
    }
    support_request::Entity::find_by_id(id).one_or_404(db).await
}

async fn own_request(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
) -> AppResult<support_request::Model> {
    let r = support_request::Entity::find_by_id(id)
        .one_or_404(db)
        .await?;
    require_territory(db, actor, r.territory_id).await?;
    Ok(r)
}

/// The requester marks its request resolved, optionally linking the practice sheet that came out
/// of it (by its slug or its address).
pub async fn resolve(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
    sheet: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<support_request::Model> {
    own_request(db, actor, id).await?;
    let slug = sheet
        .map(str::trim)
        .and_then(|s| s.trim_end_matches('/').rsplit('/').next())
        .filter(|s| !s.is_empty());
    let sheet_id = match slug {
        Some(slug) => Some(
            practice_sheet::Entity::find()
                .filter(practice_sheet::Column::Slug.eq(slug))
                .one(db)
                .await?
                .ok_or_else(|| AppError::validation("practice_sheet", "unknown-sheet"))?
                .id,
        ),
        None => None,
    };
    close(db, id, Resolved, sheet_id, now).await
}

/// The requester withdraws its request: nobody needs to answer it any more.
pub async fn withdraw(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
    now: DateTime<Utc>,
) -> AppResult<support_request::Model> {
    own_request(db, actor, id).await?;
    close(db, id, Withdrawn, None, now).await
}
