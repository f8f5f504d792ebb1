//! The community fund: its figures from the ledger, its projects (proposed, chosen, completed),
//! their reports and photos, and disbursements that never spend what the fund does not hold.

use crate::db::OneOrNotFound;
use crate::money::Cents;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{
    booking, departure, fund_disbursement, fund_project, fund_report, ledger_entry, partnership,
    payment_request, photo, territory,
};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::domain::{self, FundFigures};
use super::input::{NewProject, NewReport, StatusChange};
use crate::clock::today;
use crate::error::{AppError, AppResult};
use crate::ledger::{self, LedgerKind, fund_sums};
use crate::payments::purposes::Purpose;
use crate::security::AuthUser;
use crate::territories::service::{PartnershipFull, coordinated_partnership, partnership_by_slug};

/// The fund shares a cancellation could still give back at `at`: those of stays that had not
/// begun (one query).
pub(super) async fn pending(
    conn: &impl ConnectionTrait,
    partnership_ids: &[entity::PartnershipId],
    at: DateTime<Utc>,
) -> AppResult<HashMap<entity::PartnershipId, Cents>> {
    let le = ledger_entry::Entity;
    let q = Query::select()
        .column((le, ledger_entry::Column::PartnershipId))
        .expr(
            Expr::col((le, ledger_entry::Column::AmountCents))
                .sum()
                .cast_as("BIGINT"),
        )
        .from(le)
        .inner_join(
            payment_request::Entity,
            Expr::col((payment_request::Entity, payment_request::Column::Id))
                .equals((le, ledger_entry::Column::PaymentRequestId)),
        )
        .inner_join(
            booking::Entity,
            Expr::col((booking::Entity, booking::Column::Id))
                .equals((payment_request::Entity, payment_request::Column::PurposeId)),
        )
        .inner_join(
            departure::Entity,
            Expr::col((departure::Entity, departure::Column::Id))
                .equals((booking::Entity, booking::Column::DepartureId)),
        )
        .and_where(Expr::col((le, ledger_entry::Column::Kind)).eq(LedgerKind::CommunityFund))
        .and_where(
            Expr::col((le, ledger_entry::Column::PartnershipId))
                .is_in(partnership_ids.iter().copied()),
        )
        .and_where(
            Expr::col((
                payment_request::Entity,
                payment_request::Column::PurposeType,
            ))
            .is_in([Purpose::BookingDeposit, Purpose::BookingBalance]),
        )
        .and_where(Expr::col((le, ledger_entry::Column::CreatedAt)).lte(at))
        .and_where(Expr::col((departure::Entity, departure::Column::StartsOn)).gt(today(at)))
        .group_by_col((le, ledger_entry::Column::PartnershipId))
        .to_owned();
    let mut out = HashMap::new();
    for row in conn.query_all(&q).await? {
        out.insert(
            entity::PartnershipId(row.try_get_by_index::<i64>(0)?),
            row.try_get_by_index::<Cents>(1)?,
        );
    }
    Ok(out)
}

/// Each partnership's fund as it stood at `now` (two queries whatever their number).
pub async fn figures(
    conn: &impl ConnectionTrait,
    partnership_ids: &[entity::PartnershipId],
    now: DateTime<Utc>,
) -> AppResult<HashMap<entity::PartnershipId, FundFigures>> {
    if partnership_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sums = fund_sums(conn, partnership_ids, Some(now)).await?;
    let pending = pending(conn, partnership_ids, now).await?;
    Ok(partnership_ids
        .iter()
        .map(|id| {
            let (collected, disbursed) = sums.get(id).copied().unwrap_or_default();
            let p = pending.get(id).copied().unwrap_or_default();
            (*id, FundFigures::new(collected, disbursed, p))
        })
        .collect())
}

/// What each project received from travellers' designated shares and what the fund paid it
/// (one query).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProjectSums {
    /// Fund shares of bookings that chose it, less those refunded.
    pub designated_cents: Cents,
    /// Paid to it by the fund.
    pub disbursed_cents: Cents,
}

pub async fn project_sums(
    conn: &impl ConnectionTrait,
    project_ids: &[i64],
) -> AppResult<HashMap<i64, ProjectSums>> {
    if project_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = ledger::sums_by(
        conn,
        ledger_entry::Column::FundProjectId,
        ledger_entry::Column::FundProjectId.is_in(project_ids.iter().copied()),
    )
    .await?;
    let mut out: HashMap<i64, ProjectSums> = HashMap::new();
    for (pid, kind, total) in rows {
        let Some(pid) = pid else { continue };
        let e = out.entry(pid).or_default();
        match kind {
            LedgerKind::CommunityFund => e.designated_cents += total,
            LedgerKind::FundDisbursed => e.disbursed_cents += -total,
            _ => {}
        }
    }
    Ok(out)
}

/// The projects travellers may choose when booking a stay of this partnership.
pub async fn open_projects(
    conn: &impl ConnectionTrait,
    partnership_id: entity::PartnershipId,
) -> AppResult<Vec<fund_project::Model>> {
    Ok(fund_project::Entity::find()
        .filter(fund_project::Column::PartnershipId.eq(partnership_id))
        .filter(fund_project::Column::Status.eq(domain::ProjectStatus::Open))
        .order_by_asc(fund_project::Column::Id)
        .all(conn)
        .await?)
}

/// A project's id and title (for a booking that supports it).
pub async fn project_title(
    conn: &impl ConnectionTrait,
    id: i64,
) -> AppResult<Option<(i64, String)>> {
    Ok(fund_project::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(|p| (p.id, p.title)))
}

/// A traveller's choice: none, or an open project of the stay's partnership.
pub async fn check_choice(
    conn: &impl ConnectionTrait,
    partnership_id: entity::PartnershipId,
    project_id: Option<i64>,
) -> AppResult<()> {
    let Some(id) = project_id else {
        return Ok(());
    };
    let ok = fund_project::Entity::find_by_id(id)
        .one(conn)
        .await?
        .is_some_and(|p| p.partnership_id == partnership_id && domain::accepts_support(p.status));
    if ok {
        Ok(())
    } else {
        Err(AppError::validation(
            "fund_project_id",
            "fund-project-closed",
        ))
    }
}

/// A partnership's fund: its figures and its projects, with what each received and was paid.
pub struct FundPage {
    pub full: PartnershipFull,
    pub figures: FundFigures,
    pub projects: Vec<(fund_project::Model, ProjectSums)>,
    pub territories: HashMap<i64, territory::Model>,
    pub can_manage: bool,
}

pub async fn fund_page(
    db: &DatabaseConnection,
    viewer: Option<&AuthUser>,
    slug: &str,
    now: DateTime<Utc>,
) -> AppResult<FundPage> {
    let full = partnership_by_slug(db, slug).await?;
    let id = full.partnership.id;
    let figures = figures(db, &[id], now)
        .await?
        .remove(&id)
        .unwrap_or_default();
    let projects = fund_project::Entity::find()
        .filter(fund_project::Column::PartnershipId.eq(id))
        .order_by_asc(fund_project::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = projects.iter().map(|p| p.id).collect();
    let sums = project_sums(db, &ids).await?;
    let territories = [full.belgian.clone(), full.partner.clone()]
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    Ok(FundPage {
        can_manage: viewer.is_some_and(|u| u.coordinates_partnership(id)),
        figures,
        projects: projects
            .into_iter()
            .map(|p| {
                let s = sums.get(&p.id).copied().unwrap_or_default();
                (p, s)
            })
            .collect(),
        territories,
        full,
    })
}

/// A coordinator of the partnership proposes a project in one of its two territories.
pub async fn create_project(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    p: NewProject,
    now: DateTime<Utc>,
) -> AppResult<fund_project::Model> {
    let full = coordinated_partnership(db, actor, slug).await?;
    let territory = [&full.belgian, &full.partner]
        .into_iter()
        .find(|t| t.slug == p.territory)
        .ok_or_else(|| AppError::validation("territory", "territory-not-partner"))?;
    Ok(fund_project::ActiveModel {
        partnership_id: Set(full.partnership.id),
        territory_id: Set(territory.id),
        title: Set(p.title),
        description: Set(p.description),
        budget_cents: Set(p.budget_cents),
        status: Set(domain::ProjectStatus::Proposed),
        decision: Set(None),
        chosen_on: Set(None),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// A project its partnership's coordinators may manage (403 for others: projects are public).
pub async fn project_to_manage(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    id: i64,
) -> AppResult<fund_project::Model> {
    let p = fund_project::Entity::find_by_id(id)
        .one_or_404(conn)
        .await?;
    if actor.coordinates_partnership(p.partnership_id) {
        Ok(p)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Moves a project on (one conditional update: two coordinators deciding at once cannot both
/// move it from the same state).
pub async fn set_status(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
    change: StatusChange,
    now: DateTime<Utc>,
) -> AppResult<fund_project::Model> {
    let p = project_to_manage(db, actor, id).await?;
    if !domain::can_move(p.status, change.status) {
        return Err(AppError::validation("status", "fund-status-move"));
    }
    let mut update = fund_project::Entity::update_many()
        .col_expr(fund_project::Column::Status, Expr::value(change.status))
        .col_expr(
            fund_project::Column::Decision,
            Expr::value(Some(change.decision)),
        )
        .col_expr(fund_project::Column::UpdatedAt, Expr::value(now));
    if change.status == domain::ProjectStatus::Open {
        update = update.col_expr(
            fund_project::Column::ChosenOn,
            Expr::value(Some(change.decided_on.unwrap_or(today(now)))),
        );
    }
    let res = update
        .filter(fund_project::Column::Id.eq(id))
        .filter(fund_project::Column::Status.eq(p.status))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    fund_project::Entity::find_by_id(id).one_or_404(db).await
}

pub async fn add_report(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
    r: NewReport,
    now: DateTime<Utc>,
) -> AppResult<fund_report::Model> {
    let p = project_to_manage(db, actor, id).await?;
    Ok(fund_report::ActiveModel {
        project_id: Set(p.id),
        title: Set(r.title),
        body: Set(r.body),
        reported_on: Set(r.reported_on.unwrap_or(today(now))),
        author_id: Set(Some(actor.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// A project's page: the project, its partnership and territory, what it received and was
/// paid, its photos, reports and disbursements (a fixed number of queries).
pub struct ProjectPage {
    pub project: fund_project::Model,
    pub full: PartnershipFull,
    pub territory: territory::Model,
    pub sums: ProjectSums,
    pub photos: Vec<photo::Model>,
    pub reports: Vec<fund_report::Model>,
    pub disbursements: Vec<fund_disbursement::Model>,
    /// The partnership's fund.
    pub figures: FundFigures,
    pub can_manage: bool,
}

pub async fn project_page(
    db: &DatabaseConnection,
    viewer: Option<&AuthUser>,
    id: i64,
    now: DateTime<Utc>,
) -> AppResult<ProjectPage> {
    let project = fund_project::Entity::find_by_id(id).one_or_404(db).await?;
    let p = partnership::Entity::find_by_id(project.partnership_id)
        .one_or_404(db)
        .await?;
    let full = partnership_by_slug(db, &p.slug).await?;
    let territory = if full.partner.id == project.territory_id {
        full.partner.clone()
    } else {
        full.belgian.clone()
    };
    let sums = project_sums(db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let photos =
        crate::media::photo_rows::photos_of(db, crate::media::PhotoOwner::FundProject(id)).await?;
    let reports = fund_report::Entity::find()
        .filter(fund_report::Column::ProjectId.eq(id))
        .order_by_desc(fund_report::Column::ReportedOn)
        .order_by_desc(fund_report::Column::Id)
        .all(db)
        .await?;
    let disbursements = fund_disbursement::Entity::find()
        .filter(fund_disbursement::Column::ProjectId.eq(id))
        .order_by_desc(fund_disbursement::Column::PaidOn)
        .order_by_desc(fund_disbursement::Column::Id)
        .all(db)
        .await?;
    let figures = figures(db, &[full.partnership.id], now)
        .await?
        .remove(&full.partnership.id)
        .unwrap_or_default();
    Ok(ProjectPage {
        figures,
        can_manage: viewer.is_some_and(|u| u.coordinates_partnership(project.partnership_id)),
        project,
        full,
        territory,
        sums,
        photos,
        reports,
        disbursements,
    })
}
