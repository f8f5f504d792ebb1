//! Consent to optional emails (news of order windows opening, their last day): withdrawn or
//! given again from the account page, `PATCH /api/v1/me`, or in one click from the link each
//! optional email carries (`/unsubscribe/{token}`, signed, no login needed; RFC 8058 POST).
//! Required emails (receipts, payment requests, booking confirmations, password resets) are
//! always sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, patch, web};
use chrono::{DateTime, Utc};
use entity::user;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::api::MeDto;
use crate::error::{AppError, AppResult, Problem};
use crate::security::with_grants;
use crate::state::AppState;
use crate::web::auth::{ApiUser, SessionUser};
use crate::web::forms::{CsrfForm, checked};
use crate::web::page::Page;

/// Withdraws (`accept = false`) or gives again the consent of `user_id` to optional emails.
/// Withdrawing again keeps the first date.
pub async fn set_optional_emails(
    conn: &impl ConnectionTrait,
    user_id: i64,
    accept: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut q = user::Entity::update_many().filter(user::Column::Id.eq(user_id));
    q = if accept {
        q.col_expr(
            user::Column::OptionalMailWithdrawnAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
    } else {
        q.col_expr(
            user::Column::OptionalMailWithdrawnAt,
            Expr::value(Some(now)),
        )
        .filter(user::Column::OptionalMailWithdrawnAt.is_null())
    };
    q.exec(conn).await?;
    Ok(())
}

#[derive(Clone, Default, Deserialize)]
#[serde(default)]
pub struct OptionalEmailsForm {
    /// The checkbox: present means "send me optional emails".
    pub optional_emails: Option<String>,
}

/// The account page's switch.
pub async fn change_optional_emails(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<OptionalEmailsForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    set_optional_emails(&st.db, user.0.id, checked(&form.optional_emails), st.now()).await?;
    Ok(page.flash_redirect("success", "flash-saved", "/account#optional-emails"))
}

#[derive(Serialize)]
struct UnsubscribeView {
    token: String,
    done: bool,
}

/// The page saying an unsubscribe link is not valid (forged, or cut).
fn invalid_link(page: &Page) -> AppResult<HttpResponse> {
    page.render_form(
        StatusCode::NOT_FOUND,
        "accounts/token_problem.html.tera",
        &serde_json::json!({"code": "unsubscribe-invalid"}),
    )
}

/// The link in an email: a page with one button (a GET changes nothing, so that link
/// checkers and previews do not unsubscribe anyone).
pub async fn unsubscribe_page(page: Page, token: web::Path<String>) -> AppResult<HttpResponse> {
    if page.state().mailer.unsubscribe_account(&token).is_none() {
        return invalid_link(&page);
    }
    page.render(
        "privacy/unsubscribe.html.tera",
        &UnsubscribeView {
            token: token.into_inner(),
            done: false,
        },
    )
}

/// The button, or a mail client's one-click POST (RFC 8058): the signed token is the proof,
/// so no session or CSRF token is needed.
pub async fn unsubscribe(page: Page, token: web::Path<String>) -> AppResult<HttpResponse> {
    let st = page.state();
    let Some(id) = st.mailer.unsubscribe_account(&token) else {
        return invalid_link(&page);
    };
    set_optional_emails(&st.db, id, false, st.now()).await?;
    page.render(
        "privacy/unsubscribe.html.tera",
        &UnsubscribeView {
            token: token.into_inner(),
            done: true,
        },
    )
}

/// What `PATCH /api/v1/me` changes.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MeChange {
    /// false withdraws the consent to optional emails; true gives it again.
    pub optional_emails: Option<bool>,
}

/// Changes the caller's account settings (today: consent to optional emails).
#[utoipa::path(
    request_body = MeChange,
    responses((status = 200, body = MeDto), (status = 400, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])),
    tag = "accounts"
)]
#[patch("/me")]
pub async fn patch_me(
    st: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<MeChange>,
) -> AppResult<web::Json<MeDto>> {
    if let Some(accept) = body.optional_emails {
        set_optional_emails(&st.db, user.0.id, accept, st.now()).await?;
    }
    let row = user::Entity::find_by_id(user.0.id)
        .one(&st.db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let fresh = with_grants(&st.db, row).await?;
    Ok(web::Json(MeDto::of(fresh)))
}
