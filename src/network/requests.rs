//! HTML pages of support requests: a territory's open requests and those it can help with, a new
//! request, a request with its thread.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::domain::TOPICS;
use super::input::{NewRequest, RequestInput};
use super::service;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::territories::views::Choice;
use crate::web::auth::{MaybeSessionUser, SessionUser};
use crate::web::forms::CsrfForm;
use crate::web::i18n::translate;
use crate::web::page::{Page, redirect};

#[derive(Serialize)]
struct RequestRow {
    id: i64,
    title: String,
    topic: String,
    deadline: Option<String>,
}

#[derive(Serialize)]
struct SupportView {
    own: Vec<RequestRow>,
    can_help: Vec<RequestRow>,
    form: RequestForm,
    errors: BTreeMap<String, Vec<String>>,
    territories: Vec<Choice>,
    topics: Vec<Choice>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RequestForm {
    pub territory: String,
    pub topic: String,
    pub title: String,
    pub need: String,
    pub deadline: String,
}

fn row(page: &Page, r: &entity::support_request::Model) -> RequestRow {
    RequestRow {
        id: r.id,
        title: r.title.clone(),
        topic: translate(page.lang, &format!("topic-{}", r.topic), &[]),
        deadline: r.deadline.map(|d| d.format("%d/%m/%Y").to_string()),
    }
}

async fn support_page(
    page: &Page,
    user: &SessionUser,
    status: StatusCode,
    form: RequestForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let db = &page.state().db;
    let (own, can_help) = service::my_requests(db, &user.0).await?;
    let mine = service::my_territories(db, &user.0).await?;
    let territories = crate::territories::service::all_territories(db).await?;
    page.render_form(
        status,
        "practices/support.html.tera",
        &SupportView {
            own: own.iter().map(|r| row(page, r)).collect(),
            can_help: can_help.iter().map(|r| row(page, r)).collect(),
            form,
            errors: errors.messages(page.lang),
            territories: territories
                .iter()
                .filter(|t| mine.contains(&t.id))
                .map(|t| Choice {
                    value: t.slug.clone(),
                    label: t.name.clone(),
                })
                .collect(),
            topics: TOPICS
                .iter()
                .map(|t| Choice {
                    value: (*t).to_owned(),
                    label: translate(page.lang, &format!("topic-{t}"), &[]),
                })
                .collect(),
        },
    )
}

pub async fn index(page: Page, user: SessionUser) -> AppResult<HttpResponse> {
    support_page(
        &page,
        &user,
        StatusCode::OK,
        RequestForm::default(),
        FieldErrors::new(),
    )
    .await
}

pub async fn create(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let now = st.now();
    let input = RequestInput {
        territory: form.territory.clone(),
        topic: form.topic.clone(),
        title: form.title.clone(),
        need: form.need.clone(),
        deadline: Some(form.deadline.clone()),
    };
    let result = match NewRequest::parse(input, now.date_naive()) {
        Ok(r) => service::create_request(&st.db, &st.mailer, &user.0, r, now).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok((r, _)) => {
            page.flash("success", "flash-support-sent");
            Ok(redirect(&format!("/support/{}", r.id)))
        }
        Err(AppError::Validation(e)) => {
            support_page(&page, &user, StatusCode::UNPROCESSABLE_ENTITY, form, e).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Serialize)]
struct MessageRow {
    territory: String,
    body: String,
    at: String,
}

#[derive(Serialize)]
struct RequestView {
    id: i64,
    title: String,
    need: String,
    topic: String,
    territory: String,
    deadline: Option<String>,
    status: String,
    recipients: Vec<(String, String)>,
    messages: Option<Vec<MessageRow>>,
    can_reply: bool,
    can_resolve: bool,
}

pub async fn show(
    page: Page,
    user: MaybeSessionUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let db = &page.state().db;
    let f = service::request_full(db, user.0.as_ref(), *id).await?;
    let names: std::collections::HashMap<i64, String> = f
        .recipients
        .iter()
        .map(|(_, t)| (t.id, t.name.clone()))
        .chain(std::iter::once((f.territory.id, f.territory.name.clone())))
        .collect();
    let can_resolve = match &user.0 {
        Some(u) => service::my_territories(db, u)
            .await?
            .contains(&f.request.territory_id),
        None => false,
    };
    page.render_form(
        StatusCode::OK,
        "practices/request.html.tera",
        &RequestView {
            id: f.request.id,
            title: f.request.title.clone(),
            need: f.request.need.clone(),
            topic: translate(page.lang, &format!("topic-{}", f.request.topic), &[]),
            territory: f.territory.name.clone(),
            deadline: f.request.deadline.map(|d| d.format("%d/%m/%Y").to_string()),
            status: f.request.status.clone(),
            recipients: f
                .recipients
                .iter()
                .map(|(r, t)| {
                    (
                        t.name.clone(),
                        translate(page.lang, &format!("support-reason-{}", r.reason), &[]),
                    )
                })
                .collect(),
            messages: f.messages.as_ref().map(|ms| {
                ms.iter()
                    .map(|m| MessageRow {
                        territory: names.get(&m.territory_id).cloned().unwrap_or_default(),
                        body: m.body.clone(),
                        at: crate::group_orders::service::local_time(m.created_at),
                    })
                    .collect()
            }),
            can_reply: f.speaks_for.is_some() && f.request.status == service::OPEN,
            can_resolve: can_resolve && f.request.status == service::OPEN,
        },
    )
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReplyForm {
    pub body: String,
    pub practice_sheet: String,
}

pub async fn reply(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReplyForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    service::reply(&st.db, &user.0, *id, &form.body, st.now()).await?;
    Ok(redirect(&format!("/support/{id}#thread")))
}

pub async fn resolve(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReplyForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let sheet = form.practice_sheet.trim();
    let sheet = sheet.rsplit('/').next().filter(|s| !s.is_empty());
    service::resolve(&st.db, &user.0, *id, sheet, st.now()).await?;
    page.flash("success", "flash-saved");
    Ok(redirect(&format!("/support/{id}")))
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExpertiseForm {
    pub territory: String,
    pub topics: Vec<String>,
}

/// Declares from the support page the topics one of the coordinator's territories helps with.
pub async fn expertise(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<ExpertiseForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let input = super::input::ExpertiseInput {
        topics: form.topics.clone(),
    };
    let result = match input.parse() {
        Ok(topics) => {
            service::declare_expertise(&st.db, &user.0, &form.territory, topics, st.now())
                .await
                .map(|_| ())
        }
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(()) => {
            page.flash("success", "flash-saved");
            Ok(redirect("/support"))
        }
        Err(AppError::Validation(e)) => {
            support_page(
                &page,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                RequestForm::default(),
                e,
            )
            .await
        }
        Err(e) => Err(e),
    }
}
