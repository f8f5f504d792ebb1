//! HTML pages: a partnership's fund (figures, projects, proposing one) and a project's page
//! (photos, reports, disbursements with their proofs, and its coordinators' forms).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::disbursements::{self, PROOF_MAX_BYTES, Proof};
use super::domain;
use super::input::{
    DisbursementForm, NewDisbursement, NewProject, NewReport, ProjectForm, ReportForm,
    StatusChange, StatusForm,
};
use super::service::{self, ProjectSums};
use super::views::*;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::money::Cents;
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, CsrfUploadOf};
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;

fn card(p: &entity::fund_project::Model, territory: &str, s: ProjectSums) -> ProjectCard {
    ProjectCard {
        id: p.id,
        title: p.title.clone(),
        territory: territory.to_owned(),
        status: p.status,
        budget_cents: p.budget_cents,
        designated_cents: s.designated_cents,
        disbursed_cents: s.disbursed_cents,
        progress: if p.budget_cents > Cents::ZERO {
            (s.disbursed_cents.get() * 100 / p.budget_cents.get()).clamp(0, 100)
        } else {
            0
        },
    }
}

async fn fund_page(
    page: &Page,
    slug: &str,
    status: StatusCode,
    form: ProjectForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let f = service::fund_page(&st.db, page.user.as_ref(), slug, st.now()).await?;
    let name = |id: i64| {
        f.territories
            .get(&id)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    };
    let view = FundView {
        partnership_slug: f.full.partnership.slug.clone(),
        partnership_name: f.full.partnership.name.clone(),
        figures: f.figures,
        projects: f
            .projects
            .iter()
            .map(|(p, s)| card(p, &name(p.territory_id), *s))
            .collect(),
        can_manage: f.can_manage,
        territories: [&f.full.partner, &f.full.belgian]
            .into_iter()
            .map(|t| TerritoryChoice {
                slug: t.slug.clone(),
                name: t.name.clone(),
            })
            .collect(),
        form,
        errors: errors.messages(page.lang),
    };
    page.render_form(status, "fund/fund.html.tera", &view)
}

/// `GET /partnerships/{slug}/fund`: public.
pub async fn fund(page: Page, slug: web::Path<String>) -> AppResult<HttpResponse> {
    fund_page(
        &page,
        &slug,
        StatusCode::OK,
        ProjectForm::default(),
        FieldErrors::new(),
    )
    .await
}

pub async fn create_project(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<ProjectForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewProject::try_from(&form) {
        Ok(p) => service::create_project(&st.db, &user.0, &slug, p, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(p) => Ok(page.flash_redirect(
            "success",
            "flash-fund-project-proposed",
            &format!("/fund/{}", p.id),
        )),
        Checked::Invalid(e) => {
            fund_page(&page, &slug, StatusCode::UNPROCESSABLE_ENTITY, form, e).await
        }
    }
}

/// The forms of a project page as they were sent, and which one failed.
#[derive(Default)]
struct Forms {
    failed: ProjectFormKind,
    status: StatusForm,
    report: ReportForm,
    disbursement: DisbursementForm,
    errors: FieldErrors,
}

async fn project_page(
    page: &Page,
    id: i64,
    status: StatusCode,
    forms: Forms,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let p = service::project_page(&st.db, page.user.as_ref(), id, st.now()).await?;
    let messages = forms.errors.messages(page.lang);
    let errors_of = |kind: ProjectFormKind| {
        if forms.failed == kind {
            messages.clone()
        } else {
            Default::default()
        }
    };
    let next_statuses = domain::STATUSES
        .into_iter()
        .filter(|s| domain::can_move(p.project.status, *s))
        .collect();
    let view = ProjectView {
        card: card(&p.project, &p.territory.name, p.sums),
        description: p.project.description.clone(),
        decision: p.project.decision.clone(),
        chosen_on: p.project.chosen_on,
        partnership_slug: p.full.partnership.slug.clone(),
        partnership_name: p.full.partnership.name.clone(),
        photos: p
            .photos
            .iter()
            .map(|ph| PhotoRow {
                id: ph.id,
                key: ph.file_key.clone(),
            })
            .collect(),
        reports: p
            .reports
            .iter()
            .map(|r| ReportRow {
                title: r.title.clone(),
                body: r.body.clone(),
                reported_on: r.reported_on,
            })
            .collect(),
        disbursements: p
            .disbursements
            .iter()
            .map(|d| DisbursementRow {
                id: d.id,
                amount_cents: d.amount_cents,
                paid_on: d.paid_on,
                memo: d.memo.clone(),
                proof_name: d.proof_name.clone(),
            })
            .collect(),
        figures: p.figures,
        can_manage: p.can_manage,
        next_statuses,
        accepts_disbursement: domain::accepts_disbursement(p.project.status),
        status_form: forms.status,
        report_form: forms.report,
        disbursement_form: forms.disbursement,
        status_errors: errors_of(ProjectFormKind::Status),
        report_errors: errors_of(ProjectFormKind::Report),
        disbursement_errors: errors_of(ProjectFormKind::Disbursement),
        failed: forms.failed,
    };
    page.render_form(status, "fund/project.html.tera", &view)
}

/// `GET /fund/{id}`: public.
pub async fn project(page: Page, id: web::Path<i64>) -> AppResult<HttpResponse> {
    project_page(&page, *id, StatusCode::OK, Forms::default()).await
}

/// After a form: back to the project with a message, or the page again with the errors.
async fn after(
    page: &Page,
    id: i64,
    result: AppResult<()>,
    flash: &str,
    forms: impl FnOnce(FieldErrors) -> Forms,
) -> AppResult<HttpResponse> {
    match result.checked()? {
        Checked::Done(()) => Ok(page.flash_redirect("success", flash, &format!("/fund/{id}"))),
        Checked::Invalid(e) => {
            project_page(page, id, StatusCode::UNPROCESSABLE_ENTITY, forms(e)).await
        }
    }
}

pub async fn set_status(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match StatusChange::try_from(&form) {
        Ok(c) => service::set_status(&st.db, &user.0, *id, c, st.now())
            .await
            .map(|_| ()),
        Err(e) => Err(AppError::Validation(e)),
    };
    after(&page, *id, result, "flash-fund-project-updated", |errors| {
        Forms {
            failed: ProjectFormKind::Status,
            status: form,
            errors,
            ..Default::default()
        }
    })
    .await
}

pub async fn add_report(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewReport::try_from(&form) {
        Ok(r) => service::add_report(&st.db, &user.0, *id, r, st.now())
            .await
            .map(|_| ()),
        Err(e) => Err(AppError::Validation(e)),
    };
    after(&page, *id, result, "flash-fund-report-added", |errors| {
        Forms {
            failed: ProjectFormKind::Report,
            report: form,
            errors,
            ..Default::default()
        }
    })
    .await
}

/// Records a disbursement: a multipart form (amount, date, memo and the proof's file).
pub async fn disburse(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    upload: CsrfUploadOf<PROOF_MAX_BYTES, 8>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let now = st.now();
    let form = DisbursementForm {
        amount: upload.field("amount").to_owned(),
        paid_on: upload.field("paid_on").to_owned(),
        memo: upload.field("memo").to_owned(),
    };
    let parsed = NewDisbursement::parse(&form, crate::clock::today(now));
    let proof = Proof {
        bytes: upload.file.into_bytes().await?,
        filename: upload.filename,
    };
    let result = disbursements::disburse(&st.db, &st.storage, &user.0, *id, parsed, proof, now)
        .await
        .map(|_| ());
    after(&page, *id, result, "flash-fund-disbursed", |errors| Forms {
        failed: ProjectFormKind::Disbursement,
        disbursement: form,
        errors,
        ..Default::default()
    })
    .await
}

/// A disbursement's proof, for the partnership's coordinators.
pub async fn proof(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (id, d) = path.into_inner();
    let (bytes, mime, name) = disbursements::proof(&st.db, &st.storage, &user.0, id, d).await?;
    Ok(crate::media::files::download(
        bytes,
        &mime,
        &name,
        "private, no-store",
    ))
}
