//! HTML pages of support requests: a territory's open requests and those it can help with, the
//! topics each of its territories helps with, a new request, a request with its thread and the
//! actions of the people responsible for it.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use entity::support_request::SupportStatus;
use sea_orm::ActiveEnum;
use serde::{Deserialize, Serialize};

use super::domain::TOPICS;
use super::input::{NewRequest, RequestInput};
use super::{support, support_thread};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::web::auth::{MaybeSessionUser, SessionUser};
use crate::web::choice::Choice;
use crate::web::forms::CsrfForm;
use crate::web::i18n::{Lang, translate};
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

#[derive(Serialize)]
struct RequestRow {
    id: i64,
    title: String,
    topic: String,
    territory: String,
    deadline: Option<NaiveDate>,
}

/// The topics one territory declared, as a form of checkboxes.
#[derive(Serialize)]
struct ExpertiseBlock {
    slug: String,
    name: String,
    topics: Vec<(Choice, bool)>,
    /// The topics checked when the form was drawn (sent back, so saving changes only what the
    /// person changed).
    shown: Vec<String>,
}

#[derive(Serialize)]
struct SupportView {
    own: Vec<RequestRow>,
    can_help: Vec<RequestRow>,
    form: RequestForm,
    errors: BTreeMap<String, Vec<String>>,
    territories: Vec<Choice>,
    topics: Vec<Choice>,
    expertise: Vec<ExpertiseBlock>,
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

fn topic_name(lang: Lang, t: &str) -> String {
    translate(lang, &format!("topic-{t}"), &[])
}

async fn support_page(
    page: &Page,
    user: &SessionUser,
    status: StatusCode,
    form: RequestForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let lang = page.lang;
    let o = support::overview(&page.state().db, &user.0).await?;
    let name = |id: i64| {
        o.territories
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    };
    let row = |r: &entity::support_request::Model| RequestRow {
        id: r.id,
        title: r.title.clone(),
        topic: topic_name(lang, &r.topic),
        territory: name(r.territory_id),
        deadline: r.deadline,
    };
    let mine: Vec<&entity::territory::Model> = o
        .territories
        .iter()
        .filter(|t| o.mine.contains(&t.id))
        .collect();
    page.render_form(
        status,
        "practices/support.html.tera",
        &SupportView {
            own: o.own.iter().map(row).collect(),
            can_help: o.can_help.iter().map(row).collect(),
            form,
            errors: errors.messages(lang),
            territories: mine
                .iter()
                .map(|t| Choice {
                    value: t.slug.clone(),
                    label: t.name.clone(),
                })
                .collect(),
            topics: TOPICS
                .iter()
                .map(|t| Choice {
                    value: (*t).to_owned(),
                    label: topic_name(lang, t),
                })
                .collect(),
            expertise: mine
                .iter()
                .map(|t| {
                    let shown: Vec<String> = o
                        .expertise
                        .iter()
                        .filter(|(id, _)| *id == t.id)
                        .map(|(_, topic)| topic.clone())
                        .collect();
                    ExpertiseBlock {
                        slug: t.slug.clone(),
                        name: t.name.clone(),
                        topics: TOPICS
                            .iter()
                            .map(|topic| {
                                (
                                    Choice {
                                        value: (*topic).to_owned(),
                                        label: topic_name(lang, topic),
                                    },
                                    shown.iter().any(|s| s == topic),
                                )
                            })
                            .collect(),
                        shown,
                    }
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
        Ok(r) => support::create_request(&st.db, &st.mailer, &user.0, r, now).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(posted) => {
            // Said at once, and kept on the request's page under each recipient.
            let key = if posted.unreachable.is_empty() {
                "flash-support-sent"
            } else {
                "flash-support-sent-unreachable"
            };
            Ok(page.flash_redirect("success", key, &format!("/support/{}", posted.request.id)))
        }
        Checked::Invalid(e) => {
            support_page(&page, &user, StatusCode::UNPROCESSABLE_ENTITY, form, e).await
        }
    }
}

#[derive(Serialize)]
struct MessageRow {
    territory: String,
    body: String,
    at: DateTime<Utc>,
}

#[derive(Serialize)]
struct RecipientRow {
    name: String,
    reason: String,
    /// Someone there has an account now.
    reachable: bool,
    /// Nobody had one when it was posted: the administrators were asked to pass it on.
    relayed: bool,
}

#[derive(Serialize)]
struct SheetLink {
    slug: String,
    title: String,
}

#[derive(Serialize)]
struct RequestView {
    id: i64,
    title: String,
    need: String,
    topic: String,
    topic_code: String,
    territory: String,
    deadline: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    /// Its status, and its label in the page's language.
    status: SupportStatus,
    status_label: String,
    closed_at: Option<DateTime<Utc>>,
    recipients: Vec<RecipientRow>,
    messages: Option<Vec<MessageRow>>,
    /// The viewer may read the thread (an empty thread is still shown, with its form).
    sees_thread: bool,
    sheet: Option<SheetLink>,
    can_reply: bool,
    can_resolve: bool,
    /// An anonymous visitor (arrived from an email) is offered to log in and come back.
    log_in: bool,
    candidate_sheets: Vec<Choice>,
    form: ResolveForm,
    errors: BTreeMap<String, Vec<String>>,
}

async fn request_page(
    page: &Page,
    user: Option<&crate::security::AuthUser>,
    id: i64,
    status: StatusCode,
    form: ResolveForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let lang = page.lang;
    let f = support_thread::request_full(&page.state().db, user, id).await?;
    let names: std::collections::HashMap<i64, String> = f
        .recipients
        .iter()
        .map(|(_, t)| (t.id, t.name.clone()))
        .chain(std::iter::once((f.territory.id, f.territory.name.clone())))
        .collect();
    let open = f.request.status == SupportStatus::Open;
    page.render_form(
        status,
        "practices/request.html.tera",
        &RequestView {
            id: f.request.id,
            title: f.request.title.clone(),
            need: f.request.need.clone(),
            topic: topic_name(lang, &f.request.topic),
            topic_code: f.request.topic.clone(),
            territory: f.territory.name.clone(),
            deadline: f.request.deadline,
            created_at: f.request.created_at,
            status: f.request.status,
            status_label: translate(
                lang,
                &format!("support-status-{}", f.request.status.to_value()),
                &[],
            ),
            closed_at: if open { None } else { f.request.resolved_at },
            recipients: f
                .recipients
                .iter()
                .map(|(r, t)| RecipientRow {
                    name: t.name.clone(),
                    reason: translate(lang, &format!("support-reason-{}", r.reason.as_str()), &[]),
                    reachable: f.reachable.contains(&t.id),
                    relayed: r.relayed,
                })
                .collect(),
            messages: f.messages.as_ref().map(|ms| {
                ms.iter()
                    .map(|m| MessageRow {
                        territory: names.get(&m.territory_id).cloned().unwrap_or_default(),
                        body: m.body.clone(),
                        at: m.created_at,
                    })
                    .collect()
            }),
            sees_thread: f.messages.is_some(),
            sheet: f.sheet.as_ref().map(|s| SheetLink {
                slug: s.slug.clone(),
                title: s.title.pick(lang.code()).to_owned(),
            }),
            can_reply: f.speaks_for.is_some() && open,
            can_resolve: f.is_requester && open,
            log_in: user.is_none() && open,
            candidate_sheets: f
                .candidate_sheets
                .iter()
                .map(|s| Choice {
                    value: s.slug.clone(),
                    label: s.title.pick(lang.code()).to_owned(),
                })
                .collect(),
            form,
            errors: errors.messages(lang),
        },
    )
}

pub async fn show(
    page: Page,
    user: MaybeSessionUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    request_page(
        &page,
        user.0.as_ref(),
        *id,
        StatusCode::OK,
        ResolveForm::default(),
        FieldErrors::new(),
    )
    .await
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReplyForm {
    pub body: String,
}

pub async fn reply(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReplyForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    match support_thread::reply(&st.db, &user.0, *id, &form.body, st.now())
        .await
        .checked()?
    {
        Checked::Done(_) => Ok(redirect(&format!("/support/{id}#thread"))),
        Checked::Invalid(e) => {
            request_page(
                &page,
                Some(&user.0),
                *id,
                StatusCode::UNPROCESSABLE_ENTITY,
                ResolveForm::default(),
                e,
            )
            .await
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ResolveForm {
    /// A sheet of the territories involved (its slug), chosen in the list.
    pub practice_sheet: String,
    /// Or the address of any other sheet of the library.
    pub other_sheet: String,
}

pub async fn resolve(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ResolveForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let sheet = [form.other_sheet.trim(), form.practice_sheet.trim()]
        .into_iter()
        .find(|s| !s.is_empty());
    match support_thread::resolve(&st.db, &user.0, *id, sheet, st.now())
        .await
        .checked()?
    {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-support-resolved",
            &format!("/support/{id}"),
        )),
        Checked::Invalid(e) => {
            request_page(
                &page,
                Some(&user.0),
                *id,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                e,
            )
            .await
        }
    }
}

pub async fn withdraw(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    support_thread::withdraw(&st.db, &user.0, *id, st.now()).await?;
    page.flash("success", "flash-support-withdrawn");
    Ok(redirect(&format!("/support/{id}")))
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExpertiseForm {
    pub territory: String,
    /// The topics checked now.
    pub topics: Vec<String>,
    /// The topics that were checked when the form was drawn.
    pub shown: Vec<String>,
}

/// Saves the topics one of the coordinator's territories helps with, as changed on its form.
pub async fn expertise(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<ExpertiseForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let checked = super::input::ExpertiseInput {
        topics: form.topics.clone(),
    }
    .parse();
    let shown: Vec<String> = form
        .shown
        .iter()
        .filter(|s| super::domain::is_topic(s))
        .cloned()
        .collect();
    let result = match checked {
        Ok(topics) => {
            super::service::update_expertise(
                &st.db,
                &user.0,
                &form.territory,
                &shown,
                &topics,
                st.now(),
            )
            .await
        }
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(_) => {
            Ok(page.flash_redirect("success", "flash-expertise-saved", "/support#expertise"))
        }
        Checked::Invalid(e) => {
            support_page(
                &page,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                RequestForm::default(),
                e,
            )
            .await
        }
    }
}
