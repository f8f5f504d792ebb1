//! The logistics people of a partnership: accounts its coordinators appoint (by email) to
//! handle its shipments — create them, fill them, record their steps, papers and delays —
//! and nothing else. Listed, appointed and removed on the shipments' page and in the API.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use entity::{partnership, user};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::accounts::service as accounts;
use crate::error::{AppError, AppResult, FieldError, FieldErrors, Problem};
use crate::security::{AuthUser, Grant, Role};
use crate::state::AppState;
use crate::web::auth::{ApiUser, SessionUser};
use crate::web::forms::{CsrfForm, Empty, line};
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;
use crate::web::pagination::{ListPage, PageQuery};

/// The logistics people of the partnership `slug` (its coordinators), in the order appointed.
pub async fn people(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    slug: &str,
) -> AppResult<(partnership::Model, Vec<user::Model>)> {
    let p = actor.coordinated_partnership(conn, slug).await?;
    let people = accounts::holders(conn, Role::Logistics, &[p.id.get()])
        .await?
        .into_iter()
        .map(|(_, u)| u)
        .collect();
    Ok((p, people))
}

/// Makes the existing account with this email a logistics person of the partnership `slug`
/// (its coordinators); no such account: 422 on `email`. Appointing twice changes nothing.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn appoint(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    email: &str,
    now: DateTime<Utc>,
) -> AppResult<user::Model> {
    let mut errors = FieldErrors::new();
    let email = line(&mut errors, "email", email, 254, true);
    errors.into_result()?;
    let txn = crate::db::begin_write(db).await?;
    let p = actor.coordinated_partnership(&txn, slug).await?;
    let Some(u) = accounts::find_by_email(&txn, &email).await? else {
        return Err(AppError::Validation(FieldErrors::single(
            "email",
            FieldError::new("logistics-no-account").with("email", email),
        )));
    };
    accounts::grant(&txn, u.id, Grant::new(Role::Logistics, p.id), now).await?;
    txn.commit().await?;
    Ok(u)
}

/// Takes the logistics role of the partnership `slug` from the account `user_id` (its
/// coordinators); 404 when they did not hold it.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn remove(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    user_id: i64,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let p = actor.coordinated_partnership(&txn, slug).await?;
    accounts::revoke(&txn, user_id, Grant::new(Role::Logistics, p.id)).await?;
    txn.commit().await?;
    Ok(())
}

/// A logistics person to appoint, as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct LogisticsForm {
    /// The email of an existing account.
    pub email: String,
}

/// A logistics person.
#[derive(Serialize, ToSchema)]
pub struct PersonDto {
    pub id: i64,
    pub email: String,
    pub display_name: String,
}

impl PersonDto {
    pub fn of(u: &user::Model) -> PersonDto {
        PersonDto {
            id: u.id,
            email: u.email.clone(),
            display_name: u.display_name.clone(),
        }
    }
}

/// `POST /partnerships/{slug}/logistics`: back to the shipments' page.
pub async fn page_appoint(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<LogisticsForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    match appoint(&st.db, &user.0, &slug, &form.email, st.now())
        .await
        .checked()?
    {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-logistics-appointed",
            &format!("/partnerships/{slug}/shipments#logistics"),
        )),
        Checked::Invalid(e) => {
            let typed = super::handlers::ListTyped {
                logistics_email: form.email,
                logistics_errors: e,
                ..Default::default()
            };
            super::handlers::list_page(&page, &user, &slug, StatusCode::UNPROCESSABLE_ENTITY, typed)
                .await
        }
    }
}

/// `POST /partnerships/{slug}/logistics/{user}/remove`.
pub async fn page_remove(
    page: Page,
    user: SessionUser,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let (slug, person) = path.into_inner();
    remove(&page.state().db, &user.0, &slug, person).await?;
    Ok(page.flash_redirect(
        "success",
        "flash-logistics-removed",
        &format!("/partnerships/{slug}/shipments#logistics"),
    ))
}

/// The logistics people of a partnership (its coordinators).
#[utoipa::path(
    params(("slug" = String, Path), PageQuery),
    responses((status = 200, body = ListPage<PersonDto>), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[get("/partnerships/{slug}/logistics")]
pub async fn api_list(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    q: web::Query<PageQuery>,
) -> AppResult<web::Json<ListPage<PersonDto>>> {
    let (_, all) = people(&st.db, &user.0, &slug).await?;
    let total = all.len() as u64;
    let items = all
        .iter()
        .skip(q.offset() as usize)
        .take(q.per_page() as usize)
        .map(PersonDto::of)
        .collect();
    Ok(web::Json(ListPage::new(items, &q, total)))
}

/// Appoints the existing account with this email to handle the partnership's shipments (its
/// coordinators); 422 when no account has this email.
#[utoipa::path(
    params(("slug" = String, Path)),
    request_body = LogisticsForm,
    responses((status = 201, body = PersonDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[post("/partnerships/{slug}/logistics")]
pub async fn api_appoint(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<LogisticsForm>,
) -> AppResult<HttpResponse> {
    let u = appoint(&st.db, &user.0, &slug, &body.email, st.now()).await?;
    Ok(HttpResponse::Created().json(PersonDto::of(&u)))
}

/// Removes a logistics person of the partnership (its coordinators); 404 when they were not.
#[utoipa::path(
    params(("slug" = String, Path), ("user_id" = i64, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[delete("/partnerships/{slug}/logistics/{user_id}")]
pub async fn api_remove(
    st: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, i64)>,
) -> AppResult<HttpResponse> {
    let (slug, person) = path.into_inner();
    remove(&st.db, &user.0, &slug, person).await?;
    Ok(HttpResponse::NoContent().finish())
}
