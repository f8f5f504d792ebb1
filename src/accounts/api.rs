//! JSON API: accounts, bearer tokens, and who am I.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::domain::{NewAccount, SignUp};
use super::profile::TokenInfo;
use super::service;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::security::{Role, ScopeType};
use crate::state::AppState;
use crate::web::auth::{ApiUser, BearerToken};
use crate::web::ratelimit::client_ip;

#[derive(Serialize, ToSchema)]
pub struct SignUpAccepted {
    /// The address an email was sent to: to confirm a new account or, when the address already
    /// had one, to tell its owner.
    pub email: String,
}

/// Creates an account. The answer is the same when the address already has one (its owner is
/// emailed instead), so that it does not tell who has an account; get a token next.
#[utoipa::path(
    request_body = SignUp,
    responses(
        (status = 202, body = SignUpAccepted),
        (status = 422, body = Problem),
        (status = 429, body = Problem)
    ),
    tag = "accounts"
)]
#[post("/accounts")]
pub async fn create_account(
    st: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<SignUp>,
) -> AppResult<HttpResponse> {
    st.signup_limiter
        .check(
            &st.db,
            st.now(),
            &client_ip(&req, &st.config.trusted_proxies),
            &super::domain::normalize_email(&body.email),
        )
        .await?;
    let account = NewAccount::try_from(body.into_inner()).map_err(AppError::Validation)?;
    let email = account.email.clone();
    service::sign_up(&st.db, &st.mailer, account, st.now()).await?;
    Ok(HttpResponse::Accepted().json(SignUpAccepted { email }))
}

#[derive(Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(default)]
pub struct TokenRequest {
    #[validate(custom(function = "crate::web::forms::required"))]
    pub email: String,
    #[validate(custom(function = "crate::web::forms::required"))]
    pub password: String,
    /// A name to recognise the token by (e.g. "jette.be website").
    #[validate(length(max = 80))]
    pub name: Option<String>,
}

crate::debug_redacted!(TokenRequest { email, name; password });

#[derive(Serialize, ToSchema)]
pub struct TokenDto {
    /// Send it as `Authorization: Bearer <token>`. It is shown only once.
    pub token: String,
    /// When it stops working (`PASSERELLE_TOKEN_DAYS` after its creation).
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// Exchanges credentials for a bearer token.
#[utoipa::path(
    request_body = TokenRequest,
    responses(
        (status = 201, body = TokenDto),
        (status = 401, body = Problem),
        (status = 422, body = Problem),
        (status = 429, body = Problem)
    ),
    tag = "accounts"
)]
#[post("/tokens")]
pub async fn create_token(
    st: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<TokenRequest>,
) -> AppResult<HttpResponse> {
    body.validate()
        .map_err(|e| AppError::Validation(FieldErrors::from(e)))?;
    st.login_limiter
        .check(
            &st.db,
            st.now(),
            &client_ip(&req, &st.config.trusted_proxies),
            &body.email,
        )
        .await?;
    let user = service::authenticate(&st.db, &body.email, &body.password).await?;
    let name = body.name.as_deref().unwrap_or("api");
    let (token, expires_at) =
        service::create_api_token(&st.db, user.id, name, st.config.token_days, st.now()).await?;
    Ok(HttpResponse::Created().json(TokenDto { token, expires_at }))
}

/// Revokes the token used for this request.
#[utoipa::path(
    responses((status = 204), (status = 401, body = Problem)),
    security(("bearer" = [])),
    tag = "accounts"
)]
#[delete("/tokens/current")]
pub async fn revoke_token(
    st: web::Data<AppState>,
    _user: ApiUser,
    token: BearerToken,
) -> AppResult<HttpResponse> {
    service::revoke_api_token(&st.db, &token.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's API tokens, newest first (never the tokens themselves).
#[utoipa::path(
    responses((status = 200, body = Vec<TokenInfo>), (status = 401, body = Problem)),
    security(("bearer" = [])),
    tag = "accounts"
)]
#[get("/me/tokens")]
pub async fn my_tokens(
    st: web::Data<AppState>,
    user: ApiUser,
) -> AppResult<web::Json<Vec<TokenInfo>>> {
    Ok(web::Json(
        super::profile::tokens(&st.db, user.0.id, st.now()).await?,
    ))
}

/// Revokes one of the caller's API tokens.
#[utoipa::path(
    params(("id" = i64, Path, description = "the token's id, as listed")),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "accounts"
)]
#[delete("/me/tokens/{id}")]
pub async fn revoke_my_token(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    super::profile::revoke_token(&st.db, user.0.id, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Revokes every API token of the caller, this one included.
#[utoipa::path(
    responses((status = 204), (status = 401, body = Problem)),
    security(("bearer" = [])),
    tag = "accounts"
)]
#[delete("/me/tokens")]
pub async fn revoke_my_tokens(st: web::Data<AppState>, user: ApiUser) -> AppResult<HttpResponse> {
    super::profile::revoke_all_tokens(&st.db, user.0.id).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Serialize, ToSchema)]
pub struct RoleDto {
    pub role: Role,
    /// null for `admin`, which holds everywhere.
    pub scope_type: Option<ScopeType>,
    pub scope_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct MeDto {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub email_verified: bool,
    /// Accepts optional emails (news of order windows opening, reminders); `PATCH /me` changes it.
    pub optional_emails: bool,
    pub roles: Vec<RoleDto>,
}

/// The account behind the bearer token, with its roles.
#[utoipa::path(
    responses((status = 200, body = MeDto), (status = 401, body = Problem)),
    security(("bearer" = [])),
    tag = "accounts"
)]
#[get("/me")]
pub async fn me(user: ApiUser) -> AppResult<web::Json<MeDto>> {
    Ok(web::Json(MeDto::of(user.0)))
}

impl MeDto {
    pub fn of(u: crate::security::AuthUser) -> Self {
        MeDto {
            id: u.id,
            locale: u.locale.code().to_owned(),
            email_verified: u.email_verified,
            optional_emails: u.optional_emails,
            roles: u
                .grants
                .iter()
                .map(|g| {
                    let global = g.role.scope_type() == ScopeType::Global;
                    RoleDto {
                        role: g.role,
                        scope_type: (!global).then(|| g.role.scope_type()),
                        scope_id: (!global).then_some(g.scope_id),
                    }
                })
                .collect(),
            email: u.email,
            display_name: u.display_name,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(default)]
pub struct ResetRequest {
    #[validate(custom(function = "crate::web::forms::required"), email)]
    pub email: String,
}

/// Emails a password-reset link (valid one hour) when an account has this address.
/// The answer is the same either way.
#[utoipa::path(
    request_body = ResetRequest,
    responses((status = 202), (status = 422, body = Problem), (status = 429, body = Problem)),
    tag = "accounts"
)]
#[post("/password-resets")]
pub async fn request_reset(
    st: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<ResetRequest>,
) -> AppResult<HttpResponse> {
    body.validate()
        .map_err(|e| AppError::Validation(FieldErrors::from(e)))?;
    st.login_limiter
        .check(
            &st.db,
            st.now(),
            &client_ip(&req, &st.config.trusted_proxies),
            &body.email,
        )
        .await?;
    super::recovery::request_password_reset(&st.db, &st.mailer, &body.email, st.now()).await?;
    Ok(HttpResponse::Accepted().finish())
}

#[derive(Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewPassword {
    pub password: String,
}

crate::debug_redacted!(NewPassword { ; password });

/// Sets a new password with the token of a reset email (once, within the hour).
#[utoipa::path(
    request_body = NewPassword,
    responses((status = 204), (status = 404, body = Problem), (status = 410, body = Problem), (status = 422, body = Problem)),
    tag = "accounts"
)]
#[post("/password-resets/{token}")]
pub async fn reset_password(
    st: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Json<NewPassword>,
) -> AppResult<HttpResponse> {
    super::email_handlers::check_new_password(&body.password, &body.password)
        .map_err(AppError::Validation)?;
    super::recovery::reset_password(&st.db, &token, body.into_inner().password, st.now()).await??;
    Ok(HttpResponse::NoContent().finish())
}

/// Verifies an email address with the token of a verification email.
#[utoipa::path(
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 410, body = Problem)),
    tag = "accounts"
)]
#[post("/email-verifications/{token}")]
pub async fn verify_email(
    st: web::Data<AppState>,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    super::recovery::verify_email(&st.db, &token, None, st.now()).await??;
    Ok(HttpResponse::NoContent().finish())
}

/// Sends a new verification email to the caller.
#[utoipa::path(
    responses((status = 202), (status = 401, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])),
    tag = "accounts"
)]
#[post("/email-verifications")]
pub async fn resend_verification(
    st: web::Data<AppState>,
    user: ApiUser,
) -> AppResult<HttpResponse> {
    super::recovery::resend_verification(&st.db, &st.mailer, &user.0, st.now()).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Accepts an invitation sent to the caller's address: the caller takes the role.
#[utoipa::path(
    responses((status = 200, body = RoleDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 410, body = Problem)),
    security(("bearer" = [])),
    tag = "accounts"
)]
#[post("/invitations/{token}/accept")]
pub async fn accept_invitation(
    st: web::Data<AppState>,
    user: ApiUser,
    token: web::Path<String>,
) -> AppResult<web::Json<RoleDto>> {
    let grant = super::invitations::accept_invitation(&st.db, &token, &user.0, st.now()).await??;
    Ok(web::Json(RoleDto {
        role: grant.role,
        scope_type: Some(grant.role.scope_type()),
        scope_id: Some(grant.scope_id),
    }))
}
