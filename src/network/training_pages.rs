//! HTML pages of trainings and meetings: the coming ones with their places left, and a page to
//! register a territory's participants.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::{territory, training};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use super::service::my_territories;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::group_orders::service::local_time;
use crate::territories::views::Choice;
use crate::web::auth::SessionUser;
use crate::web::forms::CsrfForm;
use crate::web::page::{Page, redirect};

#[derive(Serialize)]
struct TrainingRow {
    id: i64,
    title: String,
    description: String,
    starts_at: String,
    ends_at: String,
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

async fn my_choices(page: &Page) -> AppResult<Vec<Choice>> {
    let db = &page.state().db;
    Ok(match &page.user {
        Some(u) => {
            let mine = my_territories(db, u).await?;
            territory::Entity::find()
                .filter(territory::Column::Id.is_in(mine))
                .order_by_asc(territory::Column::Name)
                .all(db)
                .await?
                .into_iter()
                .map(|t| Choice {
                    value: t.slug,
                    label: t.name,
                })
                .collect()
        }
        None => Vec::new(),
    })
}

fn row(t: &training::Model, organiser: &str) -> TrainingRow {
    TrainingRow {
        id: t.id,
        title: t.title.clone(),
        description: t.description.clone(),
        starts_at: local_time(t.starts_at),
        ends_at: local_time(t.ends_at),
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
    let db = &page.state().db;
    let trainings = training::Entity::find()
        .filter(training::Column::StartsAt.gt(page.state().now()))
        .order_by_asc(training::Column::StartsAt)
        .all(db)
        .await?;
    let organisers = territory::Entity::find()
        .filter(territory::Column::Id.is_in(trainings.iter().map(|t| t.territory_id)))
        .all(db)
        .await?;
    let name = |id: i64| {
        organisers
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let territories = my_choices(page).await?;
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
    match result {
        Ok(t) => {
            page.flash("success", "flash-training-published");
            Ok(redirect(&format!("/trainings/{}", t.id)))
        }
        Err(AppError::Validation(e)) => {
            list_page(&page, StatusCode::UNPROCESSABLE_ENTITY, form, e).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RegisterForm {
    pub territory: String,
    /// One participant per line.
    pub participants: String,
}

#[derive(Serialize)]
struct TrainingView {
    training: TrainingRow,
    territories: Vec<Choice>,
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
    let db = &page.state().db;
    let t = training::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let organiser = territory::Entity::find_by_id(t.territory_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let territories = my_choices(page).await?;
    page.render_form(
        status,
        "practices/training.html.tera",
        &TrainingView {
            training: row(&t, &organiser),
            territories,
            form,
            errors: errors.messages(page.lang),
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
    {
        Ok(r) => {
            page.flash(
                "success",
                if r.status == super::trainings::REGISTERED {
                    "flash-training-registered"
                } else {
                    "flash-training-waiting"
                },
            );
            Ok(redirect(&format!("/trainings/{id}")))
        }
        Err(AppError::Validation(e)) => {
            training_page(&page, *id, StatusCode::UNPROCESSABLE_ENTITY, form, e).await
        }
        Err(e) => Err(e),
    }
}
