//! Exports of other people's personal data (member lists, travellers' lists, transfer lists)
//! are recorded: who, when, what, of which partnership, how many rows. The CSV helper
//! records before it answers (`web::csv::personal`), so an export is never served unrecorded;
//! admins read the record, a page at a time, with a fixed number of queries.

use chrono::{DateTime, Utc};
use entity::{partnership, personal_data_export, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::AuthUser;
use crate::error::{AppError, AppResult};
use crate::web::pagination::PageQuery;

/// What kind of list was exported (stored by name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// A departure's travellers (names, contacts, sensitive needs while kept).
    TravellersCsv,
    /// A closed campaign's members with their amounts and payment status.
    MembersCsv,
    /// A closed campaign's lines per member.
    MemberLinesCsv,
    /// A payout batch's transfers (account holders, accounts).
    TransfersCsv,
}

impl ExportKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::TravellersCsv => "travellers_csv",
            Self::MembersCsv => "members_csv",
            Self::MemberLinesCsv => "member_lines_csv",
            Self::TransfersCsv => "transfers_csv",
        }
    }
}

/// One export about to be served: what, of which partnership, of what (`departure 12`).
#[derive(Clone, Debug)]
pub struct PersonalExport {
    pub kind: ExportKind,
    pub partnership_id: Option<entity::PartnershipId>,
    pub subject: String,
}

/// Records that `who` exported `rows` rows of `what` at `now`.
pub async fn record(
    conn: &impl ConnectionTrait,
    who: &AuthUser,
    what: &PersonalExport,
    rows: usize,
    now: DateTime<Utc>,
) -> AppResult<()> {
    personal_data_export::ActiveModel {
        user_id: Set(who.id),
        kind: Set(what.kind.as_str().to_owned()),
        partnership_id: Set(what.partnership_id.map(|p| p.get())),
        subject: Set(what.subject.clone()),
        row_count: Set(i32::try_from(rows).unwrap_or(i32::MAX)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// A recorded export with the names of who made it (if the account still exists) and of the
/// partnership.
#[derive(Clone, Debug)]
pub struct ExportRecord {
    pub export: personal_data_export::Model,
    pub who: Option<(String, String)>,
    pub partnership: Option<(String, String)>,
}

/// One page of exports, newest first, and their total (admins only): three queries whatever
/// the number of rows.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    q: &PageQuery,
) -> AppResult<(Vec<ExportRecord>, u64)> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let query = personal_data_export::Entity::find()
        .order_by_desc(personal_data_export::Column::CreatedAt)
        .order_by_desc(personal_data_export::Column::Id);
    let total = query.clone().count(conn).await?;
    let rows = query
        .offset(q.offset())
        .limit(q.per_page())
        .all(conn)
        .await?;
    let user_ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    let partnership_ids: Vec<i64> = rows.iter().filter_map(|r| r.partnership_id).collect();
    let users: Vec<(i64, String, String)> = user::Entity::find()
        .select_only()
        .columns([
            user::Column::Id,
            user::Column::DisplayName,
            user::Column::Email,
        ])
        .filter(user::Column::Id.is_in(user_ids))
        .into_tuple()
        .all(conn)
        .await?;
    let partnerships: Vec<(i64, String, String)> = partnership::Entity::find()
        .select_only()
        .columns([
            partnership::Column::Id,
            partnership::Column::Slug,
            partnership::Column::Name,
        ])
        .filter(partnership::Column::Id.is_in(partnership_ids))
        .into_tuple()
        .all(conn)
        .await?;
    let records = rows
        .into_iter()
        .map(|export| ExportRecord {
            who: users
                .iter()
                .find(|(id, _, _)| *id == export.user_id)
                .map(|(_, name, email)| (name.clone(), email.clone())),
            partnership: partnerships
                .iter()
                .find(|(id, _, _)| Some(*id) == export.partnership_id)
                .map(|(_, slug, name)| (slug.clone(), name.clone())),
            export,
        })
        .collect();
    Ok((records, total))
}
