//! Closing one's account: the page (`/account/close`) says what blocks it, each with a link to
//! resolve it, and asks for the password; the API (`POST /api/v1/me/close`, a POST because it
//! carries the password in its body) answers 409 with the same list.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::closing::{self, Blocker, Closing};
use crate::error::{AppResult, FieldErrors, Problem};
use crate::security::AuthUser;
use crate::state::AppState;
use crate::web::auth::{ApiUser, SessionUser, log_out};
use crate::web::forms::CsrfForm;
use crate::web::i18n::{Lang, translate};
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

#[derive(Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CloseForm {
    pub password: String,
}

crate::debug_redacted!(CloseForm { ; password });

#[derive(Serialize)]
struct CloseView {
    blockers: Vec<Blocker>,
    errors: std::collections::BTreeMap<String, Vec<String>>,
}

async fn render(
    page: &Page,
    user: &AuthUser,
    status: StatusCode,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let blockers = closing::blockers(&st.db, user.id, st.now()).await?;
    let view = CloseView {
        blockers,
        errors: errors.messages(page.lang),
    };
    page.render_form(status, "accounts/close.html.tera", &view)
}

pub async fn page(page: Page, user: SessionUser) -> AppResult<HttpResponse> {
    render(&page, &user.0, StatusCode::OK, FieldErrors::new()).await
}

pub async fn close(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let outcome = closing::close(&st.db, &st.mailer, &user.0, &form.password, st.now()).await;
    match outcome.checked()? {
        Checked::Done(Closing::Closed) => {
            log_out(&page.session);
            Ok(redirect(&format!(
                "/account/closed?lang={}",
                page.lang.code()
            )))
        }
        Checked::Done(Closing::Blocked(_)) => {
            render(&page, &user.0, StatusCode::CONFLICT, FieldErrors::new()).await
        }
        Checked::Invalid(e) => render(&page, &user.0, StatusCode::UNPROCESSABLE_ENTITY, e).await,
    }
}

/// The page a person sees once their account is closed (they are logged out).
pub async fn closed(page: Page) -> AppResult<HttpResponse> {
    page.render("accounts/closed.html.tera", &serde_json::json!({}))
}

/// A 409 problem listing what blocks the closing.
#[derive(Serialize, ToSchema)]
pub struct BlockedProblem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub blockers: Vec<Blocker>,
}

#[derive(Serialize, ToSchema)]
pub struct ClosedDto {
    pub closed: bool,
}

/// Closes the account behind the bearer token, after checking its password. Its personal data
/// is erased at once (the books keep their amounts under "former member #id") and a last
/// email confirms it to the address it had; the token stops working. 409 lists what blocks it
/// (`open_payment`, `stay_to_come`, `sole_group_coordinator`, `sole_producer_member`), each with
/// the page that resolves it; 422 for a wrong password.
#[utoipa::path(
    request_body = CloseForm,
    responses(
        (status = 200, body = ClosedDto),
        (status = 401, body = Problem),
        (status = 409, body = BlockedProblem),
        (status = 422, body = Problem)
    ),
    security(("bearer" = [])),
    tag = "accounts"
)]
#[post("/me/close")]
pub async fn close_api(
    st: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<CloseForm>,
) -> AppResult<HttpResponse> {
    match closing::close(&st.db, &st.mailer, &user.0, &body.password, st.now()).await? {
        Closing::Closed => Ok(HttpResponse::Ok().json(ClosedDto { closed: true })),
        Closing::Blocked(blockers) => Ok(HttpResponse::Conflict()
            .insert_header((header::CONTENT_TYPE, "application/problem+json"))
            .json(BlockedProblem {
                type_: "urn:passerelle:problem:conflict".into(),
                title: "Conflict".into(),
                status: 409,
                detail: translate(Lang::En, "account-close-blocked", &[]),
                blockers,
            })),
    }
}
