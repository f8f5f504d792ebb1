//! HTML pages of trainings and meetings: the coming ones with their places left, and a page to
//! register a territory's participants.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::training;
use entity::training_registration::RegistrationStatus;
use sea_orm::ActiveEnum;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, FieldErrors};
use crate::web::auth::SessionUser;
use crate::web::choice::Choice;
use crate::web::forms::CsrfForm;
use crate::web::i18n::translate;
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

#[derive(Serialize)]
struct TrainingRow {
    id: i64,
    title: String,
    description: String,
    starts_at: chrono::DateTime<chrono::Utc>,
    ends_at: chrono::DateTime<chrono::Utc>,
    place: String,
    online_url: Option<String>,
    organiser: String,
    capacity: i32,
    seats_left: i32,
}

#[derive(Serialize)]
struct TrainingsView {
    trainings: Vec<TrainingRow>,
    /// The territories the viewer may organise for.
    territories: Vec<Choice>,
    form: PublishForm,
    errors: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PublishForm {
    pub territory: String,
    pub title: String,
    pub description: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub online_url: String,
    pub capacity: String,
    /// Territory slugs separated by commas; empty: the whole network.
    pub audience: String,
}

fn row(t: &training::Model, organiser: &str) -> TrainingRow {
    TrainingRow {
        id: t.id,
        title: t.title.clone(),
        description: t.description.clone(),
        starts_at: t.starts_at,
        ends_at: t.ends_at,
        place: t.place.clone(),
        online_url: t.online_url.clone(),
        organiser: organiser.to_owned(),
        capacity: t.capacity,
        seats_left: (t.capacity - t.seats_taken).max(0),
    }
}

pub async fn index(page: Page) -> AppResult<HttpResponse> {
    list_page(
        &page,
        StatusCode::OK,
        PublishForm::default(),
        FieldErrors::new(),
    )
    .await
}

async fn list_page(
    page: &Page,
    status: StatusCode,
    form: PublishForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let coming =
        super::trainings::coming(&page.state().db, page.user.as_ref(), page.state().now()).await?;
    let name = |id: i64| {
        coming
            .organisers
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let trainings = &coming.trainings;
    let territories: Vec<Choice> = coming
        .mine
        .iter()
        .map(|t| Choice {
            value: t.slug.clone(),
            label: t.name.clone(),
        })
        .collect();
    page.render_form(
        status,
        "practices/trainings.html.tera",
        &TrainingsView {
            trainings: trainings
                .iter()
                .map(|t| row(t, &name(t.territory_id)))
                .collect(),
            territories,
            form,
            errors: errors.messages(page.lang),
        },
    )
}

pub async fn publish(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<PublishForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let mut errors = FieldErrors::new();
    let capacity = match form.capacity.trim().parse::<i64>() {
        Ok(c) => c,
        Err(_) => {
            errors.add("capacity", crate::error::FieldError::new("number"));
            0
        }
    };
    let input = super::trainings::TrainingInput {
        territory: form.territory.clone(),
        title: form.title.clone(),
        description: form.description.clone(),
        starts_at: form.starts_at.clone(),
        ends_at: form.ends_at.clone(),
        place: form.place.clone(),
        online_url: Some(form.online_url.clone()),
        capacity,
        audience: form
            .audience
            .split([',', ' '])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    let result = if errors.is_empty() {
        super::trainings::publish(&st.db, &user.0, input, st.now()).await
    } else {
        Err(AppError::Validation(errors))
    };
    match result.checked()? {
        Checked::Done(t) => Ok(page.flash_redirect(
            "success",
            "flash-training-published",
            &format!("/trainings/{}", t.id),
        )),
        Checked::Invalid(e) => list_page(&page, StatusCode::UNPROCESSABLE_ENTITY, form, e).await,
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RegisterForm {
    pub territory: String,
    /// One participant per line.
    pub participants: String,
}

/// A registration as its page shows it, with the actions the viewer has on it.
#[derive(Serialize)]
struct RegistrationRow {
    id: i64,
    territory: String,
    participants: Vec<String>,
    seats: i32,
    status: RegistrationStatus,
    status_label: String,
    /// Its territory's coordinators: cancel (registered) or leave the list (waiting).
    can_cancel: bool,
    /// The publisher: cancel (registered), admit or decline (waiting).
    can_manage: bool,
    /// Places the training must add to admit it (waiting).
    lacking: i32,
}

#[derive(Serialize)]
struct TrainingView {
    training: TrainingRow,
    territories: Vec<Choice>,
    registrations: Vec<RegistrationRow>,
    is_publisher: bool,
    /// Actions are shown disabled once the training has begun.
    started: bool,
    form: RegisterForm,
    errors: std::collections::BTreeMap<String, Vec<String>>,
}

async fn training_page(
    page: &Page,
    id: i64,
    status: StatusCode,
    form: RegisterForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let lang = page.lang;
    let f = super::registrations::training_full(&page.state().db, page.user.as_ref(), id).await?;
    let t = &f.training;
    let mine: Vec<i64> = f.mine.iter().map(|m| m.id).collect();
    let free = (t.capacity - t.seats_taken).max(0);
    page.render_form(
        status,
        "practices/training.html.tera",
        &TrainingView {
            training: row(t, &f.organiser.name),
            territories: f
                .mine
                .iter()
                .map(|m| Choice {
                    value: m.slug.clone(),
                    label: m.name.clone(),
                })
                .collect(),
            registrations: f
                .registrations
                .iter()
                .map(|(r, who)| {
                    let live = r.status != RegistrationStatus::Cancelled;
                    RegistrationRow {
                        id: r.id,
                        territory: who.name.clone(),
                        participants: r.participants.0.clone(),
                        seats: r.seats,
                        status: r.status,
                        status_label: translate(
                            lang,
                            &format!("trainings-status-{}", r.status.to_value()),
                            &[],
                        ),
                        can_cancel: live
                            && (mine.contains(&r.territory_id)
                                || page.user.as_ref().is_some_and(|u| u.id == r.user_id)),
                        can_manage: live && f.is_publisher,
                        lacking: (r.seats - free).max(0),
                    }
                })
                .collect(),
            is_publisher: f.is_publisher,
            started: t.starts_at <= page.state().now(),
            form,
            errors: errors.messages(lang),
        },
    )
}

pub async fn show(page: Page, id: web::Path<i64>) -> AppResult<HttpResponse> {
    training_page(
        &page,
        *id,
        StatusCode::OK,
        RegisterForm::default(),
        FieldErrors::new(),
    )
    .await
}

pub async fn register(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<RegisterForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let names: Vec<String> = form.participants.lines().map(str::to_owned).collect();
    match super::trainings::register(
        &st.db,
        &st.mailer,
        &user.0,
        *id,
        &form.territory,
        &names,
        st.now(),
    )
    .await
    .checked()?
    {
        Checked::Done(r) => {
            let key = if r.status == RegistrationStatus::Registered {
                "flash-training-registered"
            } else {
                "flash-training-waiting"
            };
            Ok(page.flash_redirect("success", key, &format!("/trainings/{id}")))
        }
        Checked::Invalid(e) => {
            training_page(&page, *id, StatusCode::UNPROCESSABLE_ENTITY, form, e).await
        }
    }
}

/// Cancels a registration from the training's page: its territory leaves (or leaves the waiting
/// list), or the publisher declines it.
pub async fn cancel(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let r = super::registrations::cancel(&st.db, &st.mailer, &user.0, *id, st.now()).await?;
    page.flash("success", "flash-registration-cancelled");
    Ok(redirect(&format!(
        "/trainings/{}#registrations",
        r.training_id
    )))
}

/// The publisher admits a waiting registration, adding the places it needs.
pub async fn admit(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let r = super::registrations::admit(&st.db, &st.mailer, &user.0, *id, st.now()).await?;
    page.flash("success", "flash-registration-admitted");
    Ok(redirect(&format!(
        "/trainings/{}#registrations",
        r.training_id
    )))
}

/// The training as a calendar event (the same .ics the invitation carries).
pub async fn ics(page: Page, id: web::Path<i64>) -> AppResult<HttpResponse> {
    let (t, organiser) = super::trainings::with_organiser(&page.state().db, *id).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"training-{}.ics\"", t.id),
        ))
        .body(super::trainings::ics(&t, &organiser.name)))
}
