//! JSON API: a partnership's community fund and its projects (public, like the pages).

use crate::money::Cents;
use actix_web::{HttpResponse, get, http::header, post, web};
use sea_orm::ActiveEnum;
use serde::Serialize;
use utoipa::ToSchema;

use super::domain::FundFigures;
use super::input::{NewProject, ProjectForm, StatusChange, StatusForm};
use super::service::{self, ProjectSums};
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::ApiUser;

#[derive(Serialize, ToSchema)]
pub struct ProjectDto {
    pub id: i64,
    pub title: String,
    /// Slug of the territory where it happens.
    pub territory: String,
    pub description: String,
    /// proposed, open, completed or withdrawn.
    pub status: String,
    pub decision: Option<String>,
    pub chosen_on: Option<chrono::NaiveDate>,
    #[schema(value_type = i64)]
    pub budget_cents: Cents,
    /// Community shares travellers designated to it (less refunds).
    #[schema(value_type = i64)]
    pub designated_cents: Cents,
    /// Paid to it by the fund.
    #[schema(value_type = i64)]
    pub disbursed_cents: Cents,
}

fn project_dto(p: &entity::fund_project::Model, territory: &str, sums: ProjectSums) -> ProjectDto {
    ProjectDto {
        id: p.id,
        title: p.title.clone(),
        territory: territory.to_owned(),
        description: p.description.clone(),
        status: p.status.to_value(),
        decision: p.decision.clone(),
        chosen_on: p.chosen_on,
        budget_cents: p.budget_cents,
        designated_cents: sums.designated_cents,
        disbursed_cents: sums.disbursed_cents,
    }
}

#[derive(Serialize, ToSchema)]
pub struct FundDto {
    pub partnership: String,
    #[serde(flatten)]
    pub figures: FundFigures,
    pub projects: Vec<ProjectDto>,
}

/// Answers readable by a town's website from its own pages.
fn public(body: &impl Serialize) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .json(body)
}

/// A partnership's community fund: collected, disbursed, balance, pending (shares of stays not
/// yet begun), available, and its projects.
#[utoipa::path(
    responses((status = 200, body = FundDto), (status = 404, body = Problem)),
    tag = "fund"
)]
#[get("/partnerships/{slug}/fund")]
pub async fn fund(st: web::Data<AppState>, slug: web::Path<String>) -> AppResult<HttpResponse> {
    let f = service::fund_page(&st.db, None, &slug, st.now()).await?;
    Ok(public(&FundDto {
        partnership: f.full.partnership.slug.clone(),
        figures: f.figures,
        projects: f
            .projects
            .iter()
            .map(|(p, s)| {
                let t = f
                    .territories
                    .get(&p.territory_id)
                    .map(|t| t.slug.as_str())
                    .unwrap_or("");
                project_dto(p, t, *s)
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct DisbursementDto {
    #[schema(value_type = i64)]
    pub amount_cents: Cents,
    pub paid_on: chrono::NaiveDate,
    pub memo: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectDetailDto {
    pub partnership: String,
    #[serde(flatten)]
    pub project: ProjectDto,
    pub disbursements: Vec<DisbursementDto>,
}

/// One project with its disbursements.
#[utoipa::path(
    responses((status = 200, body = ProjectDetailDto), (status = 404, body = Problem)),
    tag = "fund"
)]
#[get("/fund-projects/{id}")]
pub async fn project(st: web::Data<AppState>, id: web::Path<i64>) -> AppResult<HttpResponse> {
    project_detail(&st, *id).await
}

/// Proposes a project (the partnership's coordinators). The budget is given in euros as typed
/// (`budget`, e.g. "12 500,00"), like on the form.
#[utoipa::path(
    request_body = ProjectForm,
    responses((status = 201, body = ProjectDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "fund"
)]
#[post("/partnerships/{slug}/fund/projects")]
pub async fn create_project(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<ProjectForm>,
) -> AppResult<HttpResponse> {
    let p = NewProject::try_from(&body.into_inner()).map_err(AppError::Validation)?;
    let territory = p.territory.clone();
    let created = service::create_project(&st.db, &user.0, &slug, p, st.now()).await?;
    Ok(HttpResponse::Created().json(project_dto(&created, &territory, ProjectSums::default())))
}

/// Records a decision on a project: chosen (`open`), `completed` or `withdrawn`, with who
/// decided and how (the partnership's coordinators).
#[utoipa::path(
    request_body = StatusForm,
    responses((status = 200, body = ProjectDetailDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "fund"
)]
#[post("/fund-projects/{id}/status")]
pub async fn set_status(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<StatusForm>,
) -> AppResult<HttpResponse> {
    let change = StatusChange::try_from(&body.into_inner()).map_err(AppError::Validation)?;
    service::set_status(&st.db, &user.0, *id, change, st.now()).await?;
    project_detail(&st, *id).await
}

async fn project_detail(st: &AppState, id: i64) -> AppResult<HttpResponse> {
    let p = service::project_page(&st.db, None, id, st.now()).await?;
    Ok(public(&ProjectDetailDto {
        partnership: p.full.partnership.slug.clone(),
        project: project_dto(&p.project, &p.territory.slug, p.sums),
        disbursements: p
            .disbursements
            .iter()
            .map(|d| DisbursementDto {
                amount_cents: d.amount_cents,
                paid_on: d.paid_on,
                memo: d.memo.clone(),
            })
            .collect(),
    }))
}
