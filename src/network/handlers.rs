//! HTML pages: the public library of practice sheets (search and filters) and a sheet.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use super::domain::{PILLARS, TOPICS};
use super::service::{self, LibraryQuery};
use crate::error::AppResult;
use crate::web::choice::Choice;
use crate::web::i18n::translate;
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;

#[derive(Serialize)]
struct SheetCard {
    slug: String,
    title: String,
    summary: String,
    territory: String,
    territory_slug: String,
    topics: Vec<String>,
}

#[derive(Serialize)]
struct LibraryView {
    sheets: Vec<SheetCard>,
    total: u64,
    page: u64,
    pages: u64,
    q: String,
    topic: String,
    pillar: String,
    country: String,
    territory: String,
    topics: Vec<Choice>,
    pillars: Vec<Choice>,
    countries: Vec<Choice>,
}

pub async fn library(page: Page, q: web::Query<LibraryQuery>) -> AppResult<HttpResponse> {
    let lang = page.lang;
    let (rows, total, current, per_page) = service::library(&page.state().db, &q).await?;
    let topic_name = |t: &str| translate(lang, &format!("topic-{t}"), &[]);
    page.render(
        "practices/index.html.tera",
        &LibraryView {
            sheets: rows
                .iter()
                .map(|(s, t)| SheetCard {
                    slug: s.slug.clone(),
                    title: s.title.pick(lang.code()).to_owned(),
                    summary: s.summary.pick(lang.code()).chars().take(240).collect(),
                    territory: t.name.clone(),
                    territory_slug: t.slug.clone(),
                    topics: s.topics.0.iter().map(|t| topic_name(t)).collect(),
                })
                .collect(),
            total,
            page: current,
            pages: total.div_ceil(per_page).max(1),
            q: q.q.clone().unwrap_or_default(),
            topic: q.topic.clone().unwrap_or_default(),
            pillar: q.pillar.clone().unwrap_or_default(),
            country: q.country.clone().unwrap_or_default(),
            territory: q.territory.clone().unwrap_or_default(),
            topics: TOPICS
                .iter()
                .map(|t| Choice {
                    value: (*t).to_owned(),
                    label: topic_name(t),
                })
                .collect(),
            pillars: PILLARS
                .iter()
                .map(|p| Choice {
                    value: (*p).to_owned(),
                    label: translate(lang, &format!("pillar-{p}"), &[]),
                })
                .collect(),
            countries: crate::territories::views::country_choices(lang),
        },
    )
}

#[derive(Serialize)]
struct AttachmentRow {
    id: i64,
    filename: String,
    size_kb: i64,
}

#[derive(Serialize)]
struct SheetView {
    slug: String,
    title: String,
    summary: String,
    method: String,
    results: String,
    contacts: String,
    pillar: String,
    topics: Vec<String>,
    territory: String,
    territory_slug: String,
    languages: Vec<String>,
    attachments: Vec<AttachmentRow>,
    /// The coordinators of the sheet's territory add attachments.
    can_edit: bool,
    /// The support requests this sheet answered: (id, title, territory that asked).
    answered: Vec<(i64, String, String)>,
    errors: std::collections::BTreeMap<String, Vec<String>>,
}

pub async fn sheet_page(
    page: &Page,
    slug: &str,
    status: actix_web::http::StatusCode,
    errors: crate::error::FieldErrors,
) -> AppResult<HttpResponse> {
    let lang = page.lang;
    let db = &page.state().db;
    let (s, t) = service::sheet(db, slug).await?;
    let attachments = super::attachments::of_sheet(db, s.id).await?;
    let answered = super::support::answered_by(db, s.id).await?;
    let can_edit = match &page.user {
        Some(u) => service::my_territories(db, u)
            .await?
            .contains(&s.territory_id),
        None => false,
    };
    page.render_form(
        status,
        "practices/show.html.tera",
        &SheetView {
            slug: s.slug.clone(),
            title: s.title.pick(lang.code()).to_owned(),
            summary: s.summary.pick(lang.code()).to_owned(),
            method: s.method.pick(lang.code()).to_owned(),
            results: s.results.pick(lang.code()).to_owned(),
            contacts: s.contacts.clone(),
            pillar: s.pillar.clone(),
            topics: s
                .topics
                .0
                .iter()
                .map(|t| translate(lang, &format!("topic-{t}"), &[]))
                .collect(),
            territory: t.name.clone(),
            territory_slug: t.slug.clone(),
            languages: s.languages.0.clone(),
            attachments: attachments
                .iter()
                .map(|a| AttachmentRow {
                    id: a.id,
                    filename: a.filename.clone(),
                    size_kb: (a.size_bytes + 1023) / 1024,
                })
                .collect(),
            can_edit,
            answered: answered
                .into_iter()
                .map(|(r, t)| (r.id, r.title, t.name))
                .collect(),
            errors: errors.messages(lang),
        },
    )
}

pub async fn sheet(page: Page, slug: web::Path<String>) -> AppResult<HttpResponse> {
    sheet_page(
        &page,
        &slug,
        actix_web::http::StatusCode::OK,
        crate::error::FieldErrors::new(),
    )
    .await
}

/// The sheet form as sent (one language: the one chosen).
#[derive(Clone, Debug, Default, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct SheetForm {
    pub territory: String,
    pub pillar: String,
    pub topics: Vec<String>,
    pub language: String,
    pub title: String,
    pub summary: String,
    pub method: String,
    pub results: String,
    pub contacts: String,
}

#[derive(Serialize)]
struct SheetFormView {
    form: SheetForm,
    errors: std::collections::BTreeMap<String, Vec<String>>,
    territories: Vec<Choice>,
    topics: Vec<(Choice, bool)>,
    pillars: Vec<Choice>,
}

async fn sheet_form(
    page: &Page,
    user: &crate::web::auth::SessionUser,
    status: actix_web::http::StatusCode,
    form: SheetForm,
    errors: crate::error::FieldErrors,
) -> AppResult<HttpResponse> {
    let lang = page.lang;
    let db = &page.state().db;
    let mine = service::my_territories(db, &user.0).await?;
    let territories = crate::territories::service::all_territories(db).await?;
    page.render_form(
        status,
        "practices/new.html.tera",
        &SheetFormView {
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
                .map(|t| {
                    (
                        Choice {
                            value: (*t).to_owned(),
                            label: translate(lang, &format!("topic-{t}"), &[]),
                        },
                        form.topics.iter().any(|x| x == t),
                    )
                })
                .collect(),
            pillars: PILLARS
                .iter()
                .map(|p| Choice {
                    value: (*p).to_owned(),
                    label: translate(lang, &format!("pillar-{p}"), &[]),
                })
                .collect(),
            form,
            errors: errors.messages(lang),
        },
    )
}

/// `?topic=`: the topic checked at first (from a support request's page).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewSheetQuery {
    pub topic: String,
}

pub async fn new_sheet(
    page: Page,
    user: crate::web::auth::SessionUser,
    q: web::Query<NewSheetQuery>,
) -> AppResult<HttpResponse> {
    let form = SheetForm {
        pillar: "practices".into(),
        language: page.lang.code().into(),
        topics: TOPICS
            .iter()
            .filter(|t| **t == q.topic)
            .map(|t| (*t).to_owned())
            .collect(),
        ..Default::default()
    };
    sheet_form(
        &page,
        &user,
        actix_web::http::StatusCode::OK,
        form,
        crate::error::FieldErrors::new(),
    )
    .await
}

pub async fn create_sheet(
    page: Page,
    user: crate::web::auth::SessionUser,
    crate::web::forms::CsrfForm(form): crate::web::forms::CsrfForm<SheetForm>,
) -> AppResult<HttpResponse> {
    use crate::catalog::input::TextInput;
    let st = page.state();
    let lang = crate::web::i18n::Lang::parse(&form.language)
        .unwrap_or(page.lang)
        .code()
        .to_owned();
    let text = |v: &str| TextInput::PerLanguage([(lang.clone(), v.to_owned())].into());
    let input = super::input::SheetInput {
        territory: form.territory.clone(),
        pillar: form.pillar.clone(),
        topics: form.topics.clone(),
        title: text(&form.title),
        summary: text(&form.summary),
        method: text(&form.method),
        results: text(&form.results),
        contacts: form.contacts.clone(),
    };
    let result = match super::input::NewSheet::try_from(input) {
        Ok(s) => service::publish_sheet(&st.db, &user.0, s, st.now()).await,
        Err(e) => Err(crate::error::AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(s) => Ok(page.flash_redirect(
            "success",
            "flash-sheet-published",
            &format!("/practices/{}", s.slug),
        )),
        Checked::Invalid(e) => {
            sheet_form(
                &page,
                &user,
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                form,
                e,
            )
            .await
        }
    }
}
