//! A person's data, to read (`/account/data`, in their language) or to take away
//! (`/account/data.json`, `GET /api/v1/me/export`): the same document either way.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;

use super::data_export::{self, PersonalData};
use super::service;
use super::views::RoleView;
use crate::error::{AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::{ApiUser, SessionUser};
use crate::web::page::Page;

#[derive(Serialize)]
struct DataView {
    data: PersonalData,
    /// The roles as the account page names them (with their group, producer or trip).
    roles: Vec<RoleView>,
}

pub async fn page(page: Page, user: SessionUser) -> AppResult<HttpResponse> {
    let st = page.state();
    let data = data_export::export(&st.db, user.0.id, page.lang.code(), st.now()).await?;
    let roles = service::describe_grants(&st.db, &user.0).await?;
    page.render("accounts/data.html.tera", &DataView { data, roles })
}

/// The JSON document as a file to save.
pub async fn download(page: Page, user: SessionUser) -> AppResult<HttpResponse> {
    let st = page.state();
    let data = data_export::export(&st.db, user.0.id, page.lang.code(), st.now()).await?;
    let name = format!(
        "passerelle-data-{}-{}.json",
        user.0.id,
        st.now().format("%Y-%m-%d")
    );
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(data))
}

/// Everything kept about the account behind the bearer token: account, roles, baskets and
/// their results, payment requests with what was received and sent back, bookings with their
/// travellers, waiting lists, messages, support requests, training registrations, practice
/// sheets authored, invitations accepted, API tokens (never their secret), sessions and
/// one-time links (dates only), and the records made in a role.
#[utoipa::path(
    responses((status = 200, body = PersonalData), (status = 401, body = Problem)),
    security(("bearer" = [])),
    tag = "accounts"
)]
#[get("/me/export")]
pub async fn export(st: web::Data<AppState>, user: ApiUser) -> AppResult<HttpResponse> {
    let lang = user.0.locale.code();
    let data = data_export::export(&st.db, user.0.id, lang, st.now()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(data))
}
