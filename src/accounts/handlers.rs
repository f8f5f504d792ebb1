//! Sign up, log in, log out, and one's own account page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::domain::{NewAccount, SignUp};
use super::service;
use super::views::*;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::web::auth::{SessionUser, log_in, log_out};
use crate::web::forms::{CsrfForm, Empty};
use crate::web::i18n::Lang;
use crate::web::page::{Page, redirect, safe_next};
use crate::web::ratelimit::client_ip;

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    email: Option<String>,
}

/// The sign-up form: the account, and where to go afterwards (e.g. back to an invitation).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SignUpForm {
    #[serde(flatten)]
    pub account: SignUp,
    pub next: String,
}

fn languages() -> Vec<(&'static str, &'static str)> {
    Lang::ALL
        .iter()
        .map(|l| (l.code(), l.native_name()))
        .collect()
}

pub async fn login_page(page: Page, q: web::Query<NextQuery>) -> AppResult<HttpResponse> {
    if page.user.is_some() {
        return Ok(redirect(&safe_next(q.next.as_deref())));
    }
    let form = LoginForm {
        next: safe_next(q.next.as_deref()),
        ..Default::default()
    };
    page.render_form(
        StatusCode::OK,
        "accounts/login.html.tera",
        &LoginView { form, error: None },
    )
}

pub async fn login(
    page: Page,
    req: HttpRequest,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let ip = client_ip(&req, st.config.trust_proxy);
    let result = match st.login_limiter.check(&ip, &form.email) {
        Ok(()) => service::authenticate(&st.db, &form.email, &form.password).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(user) => {
            let epoch = service::session_epoch(&st.db, user.id).await?;
            log_in(&page.session, user.id, epoch)?;
            Ok(redirect(&safe_next(Some(&form.next))))
        }
        Err(e @ (AppError::Unauthorized | AppError::TooManyRequests { .. })) => {
            let (status, key) = match e {
                AppError::TooManyRequests { .. } => {
                    (StatusCode::TOO_MANY_REQUESTS, "err-too-many-attempts")
                }
                _ => (StatusCode::UNAUTHORIZED, "err-invalid-credentials"),
            };
            let view = LoginView {
                error: Some(page.t(key)),
                form,
            };
            page.render_form(status, "accounts/login.html.tera", &view)
        }
        Err(e) => Err(e),
    }
}

pub async fn logout(page: Page, CsrfForm(_): CsrfForm<Empty>) -> AppResult<HttpResponse> {
    log_out(&page.session);
    Ok(redirect("/"))
}

pub async fn signup_page(page: Page, q: web::Query<NextQuery>) -> AppResult<HttpResponse> {
    let form = SignUpForm {
        account: SignUp {
            locale: Some(page.lang.code().to_owned()),
            email: q.email.clone().unwrap_or_default(),
            ..Default::default()
        },
        next: q
            .next
            .clone()
            .map(|n| safe_next(Some(&n)))
            .unwrap_or_default(),
    };
    page.render_form(
        StatusCode::OK,
        "accounts/signup.html.tera",
        &SignUpView {
            form,
            errors: Default::default(),
            languages: languages(),
        },
    )
}

pub async fn signup(page: Page, CsrfForm(form): CsrfForm<SignUpForm>) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewAccount::try_from(form.account.clone()) {
        Ok(account) => service::sign_up(&st.db, &st.mailer, account, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(user) => {
            log_in(&page.session, user.id, user.session_epoch)?;
            page.flash("success", "flash-welcome");
            let next = if form.next.is_empty() {
                "/account".to_owned()
            } else {
                safe_next(Some(&form.next))
            };
            Ok(redirect(&next))
        }
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let errors = match e {
                AppError::Validation(errors) => errors,
                _ => FieldErrors::single("email", FieldError::new("email-taken")),
            };
            page.render_form(
                StatusCode::UNPROCESSABLE_ENTITY,
                "accounts/signup.html.tera",
                &SignUpView {
                    form,
                    errors: errors.messages(page.lang),
                    languages: languages(),
                },
            )
        }
        Err(e) => Err(e),
    }
}

pub async fn account(page: Page, user: SessionUser) -> AppResult<HttpResponse> {
    let roles = service::describe_grants(&page.state().db, &user.0).await?;
    page.render(
        "accounts/account.html.tera",
        &AccountView {
            email: user.0.email.clone(),
            display_name: user.0.display_name.clone(),
            email_verified: user.0.email_verified,
            roles,
        },
    )
}
