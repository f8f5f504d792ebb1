//! Pages reached from emails: verify an address, reset a password, accept an invitation.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::domain::normalize_email;
use super::invitations;
use super::recovery::{self, TokenProblem};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, Empty};
use crate::web::page::{Page, redirect};
use crate::web::ratelimit::client_ip;

#[derive(Serialize)]
struct ProblemView {
    code: &'static str,
}

fn token_problem(page: &Page, p: TokenProblem) -> AppResult<HttpResponse> {
    page.render_form(
        p.status(),
        "accounts/token_problem.html.tera",
        &ProblemView { code: p.code() },
    )
}

pub async fn verify_email(page: Page, token: web::Path<String>) -> AppResult<HttpResponse> {
    let st = page.state();
    match recovery::verify_email(&st.db, &token, page.user.as_ref(), st.now()).await? {
        Ok(u) => page.render(
            "accounts/verified.html.tera",
            &serde_json::json!({"email": u.email}),
        ),
        Err(p) => token_problem(&page, p),
    }
}

/// Where to go back to after a form (a page of this site; the account page by default).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BackForm {
    next: String,
}

pub async fn resend_verification(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<BackForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    match recovery::resend_verification(&st.db, &st.mailer, &user.0, st.now()).await {
        Ok(()) => page.flash("success", "flash-verification-sent"),
        Err(AppError::Conflict(_)) => page.flash("info", "flash-already-verified"),
        Err(e) => return Err(e),
    }
    Ok(redirect(&match form.next.trim() {
        "" => "/account".to_owned(),
        next => crate::web::page::safe_next(Some(next)),
    }))
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ForgotForm {
    pub email: String,
}

#[derive(Serialize)]
struct ForgotView {
    form: ForgotForm,
    errors: std::collections::BTreeMap<String, Vec<String>>,
}

pub async fn forgot_page(page: Page) -> AppResult<HttpResponse> {
    page.render_form(
        StatusCode::OK,
        "accounts/forgot.html.tera",
        &ForgotView {
            form: ForgotForm::default(),
            errors: Default::default(),
        },
    )
}

/// The same answer whether or not an account has this address.
pub async fn forgot(
    page: Page,
    req: HttpRequest,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let email = normalize_email(&form.email);
    if email.parse::<lettre::Address>().is_err() {
        let errors = FieldErrors::single("email", FieldError::new("email"));
        return page.render_form(
            StatusCode::UNPROCESSABLE_ENTITY,
            "accounts/forgot.html.tera",
            &ForgotView {
                form,
                errors: errors.messages(page.lang),
            },
        );
    }
    // Shares the login limits: nobody floods an inbox with reset links.
    let limited = st
        .login_limiter
        .check(
            &st.db,
            st.now(),
            &client_ip(&req, &st.config.trusted_proxies),
            &email,
        )
        .await;
    match limited {
        Ok(()) => recovery::request_password_reset(&st.db, &st.mailer, &email, st.now()).await?,
        Err(AppError::TooManyRequests { .. }) => {}
        Err(e) => return Err(e),
    }
    page.render(
        "accounts/forgot_sent.html.tera",
        &serde_json::json!({"email": email}),
    )
}

#[derive(Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    pub password: String,
    pub password_confirm: String,
}

crate::debug_redacted!(ResetForm { ; password, password_confirm });

#[derive(Serialize)]
struct ResetView {
    token: String,
    errors: std::collections::BTreeMap<String, Vec<String>>,
}

pub async fn reset_page(page: Page, token: web::Path<String>) -> AppResult<HttpResponse> {
    let st = page.state();
    match recovery::check_reset_token(&st.db, &token, st.now()).await? {
        Ok(()) => page.render_form(
            StatusCode::OK,
            "accounts/reset.html.tera",
            &ResetView {
                token: token.into_inner(),
                errors: Default::default(),
            },
        ),
        Err(p) => token_problem(&page, p),
    }
}

pub use super::profile::check_new_password;

pub async fn reset(
    page: Page,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    if let Err(errors) = check_new_password(&form.password, &form.password_confirm) {
        return page.render_form(
            StatusCode::UNPROCESSABLE_ENTITY,
            "accounts/reset.html.tera",
            &ResetView {
                token: token.into_inner(),
                errors: errors.messages(page.lang),
            },
        );
    }
    match recovery::reset_password(&st.db, &token, form.password, st.now()).await? {
        Ok(_) => {
            crate::web::auth::log_out(&page.session);
            crate::web::page::flash(&page.session, "success", "flash-password-reset");
            Ok(redirect("/login"))
        }
        Err(p) => token_problem(&page, p),
    }
}

#[derive(Serialize)]
struct InvitationView {
    token: String,
    email: String,
    role: String,
    scope_name: Option<String>,
    /// anonymous, matching (can accept) or other (signed in with another address)
    visitor: &'static str,
}

pub async fn invitation_page(page: Page, token: web::Path<String>) -> AppResult<HttpResponse> {
    let st = page.state();
    let inv = match invitations::open_invitation(&st.db, &token, st.now()).await? {
        Ok(inv) => inv,
        Err(p) => return token_problem(&page, p),
    };
    let scope = invitations::scope_label(&st.db, &inv.scope_type, inv.scope_id).await?;
    let visitor = match &page.user {
        None => "anonymous",
        Some(u) if normalize_email(&u.email) == inv.email => "matching",
        Some(_) => "other",
    };
    page.render_form(
        StatusCode::OK,
        "accounts/invitation.html.tera",
        &InvitationView {
            token: token.into_inner(),
            email: inv.email,
            role: inv.role,
            scope_name: scope.map(|s| s.0),
            visitor,
        },
    )
}

pub async fn accept_invitation(
    page: Page,
    user: SessionUser,
    token: web::Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    match invitations::accept_invitation(&st.db, &token, &user.0, st.now()).await? {
        Ok(grant) => {
            page.flash("success", "flash-invitation-accepted");
            let target =
                invitations::scope_label(&st.db, grant.role.scope_type().as_str(), grant.scope_id)
                    .await?
                    .map(|s| s.1)
                    .unwrap_or_else(|| "/account".into());
            Ok(redirect(&target))
        }
        Err(p) => token_problem(&page, p),
    }
}
