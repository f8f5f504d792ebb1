//! Sign up, log in, log out, and one's own account page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::domain::{NewAccount, SignUp, normalize_email};
use super::service;
use super::service::SignedUp;
use super::views::*;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::web::auth::{log_in, log_out};
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

/// Where to go after logging in: the page asked for (on this site), else one's own space.
fn landing(next: Option<&str>) -> String {
    match next.map(str::trim) {
        None | Some("") | Some("/") => "/me".to_owned(),
        Some(n) => safe_next(Some(n)),
    }
}

fn languages() -> Vec<(&'static str, &'static str)> {
    Lang::ALL
        .iter()
        .map(|l| (l.code(), l.native_name()))
        .collect()
}

pub async fn login_page(page: Page, q: web::Query<NextQuery>) -> AppResult<HttpResponse> {
    if page.user.is_some() {
        return Ok(redirect(&landing(q.next.as_deref())));
    }
    let form = LoginForm {
        next: landing(q.next.as_deref()),
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
    let ip = client_ip(&req, &st.config.trusted_proxies);
    let limited = st
        .login_limiter
        .check(&st.db, st.now(), &ip, &form.email)
        .await;
    let result = match limited {
        Ok(()) => service::authenticate(&st.db, &form.email, &form.password).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(user) => {
            let epoch = service::session_epoch(&st.db, user.id).await?;
            log_in(&page.session, user.id, epoch)?;
            let mut res = redirect(&landing(Some(&form.next)));
            // The pages speak the account's language, unless this browser chose one itself.
            if req.cookie(crate::web::i18n::LANG_COOKIE).is_none() {
                let cookie =
                    crate::web::middleware::lang_cookie(user.locale, st.config.secure_cookies());
                let _ = res.add_cookie(&cookie);
            }
            Ok(res)
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

pub async fn signup(
    page: Page,
    req: HttpRequest,
    CsrfForm(form): CsrfForm<SignUpForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let invitation = form.next.strip_prefix("/invitations/").map(str::to_owned);
    // Before anything else (the password hash included): nobody floods an owner's inbox with
    // "account exists" emails, nor the server with sign-ups.
    let limited = match st
        .signup_limiter
        .check(
            &st.db,
            st.now(),
            &client_ip(&req, &st.config.trusted_proxies),
            &normalize_email(&form.account.email),
        )
        .await
    {
        Err(AppError::TooManyRequests { .. }) => true,
        other => other.map(|()| false)?,
    };
    let result = match (NewAccount::try_from(form.account.clone()), invitation) {
        _ if limited => Err(AppError::Validation(FieldErrors::single(
            "email",
            FieldError::new("too-many-signups"),
        ))),
        (Ok(account), Some(token)) => {
            super::invitations::sign_up_invited(&st.db, &st.mailer, account, &token, st.now()).await
        }
        (Ok(account), None) => service::sign_up(&st.db, &st.mailer, account, st.now())
            .await
            .map(|u| (u, None)),
        (Err(e), _) => Err(AppError::Validation(e)),
    };
    match result {
        Ok((SignedUp::Created(user), Some(grant))) => {
            // The invitation is accepted: straight to what it was for.
            log_in(&page.session, user.id, user.session_epoch)?;
            page.flash("success", "flash-invitation-accepted");
            let target = super::invitations::scope_label(
                &st.db,
                grant.role.scope_type().as_str(),
                grant.scope_id,
            )
            .await?
            .map(|s| s.1)
            .unwrap_or_else(|| "/me".into());
            Ok(redirect(&target))
        }
        Ok(_) => {
            // The same answer for a new account and for an address that already has one
            // (its owner is emailed): the visitor logs in next.
            crate::web::page::flash_with(
                &page.session,
                "success",
                "flash-signup-check-email",
                &[("email", &normalize_email(&form.account.email))],
            );
            let next = safe_next(Some(&form.next));
            let to = match next.as_str() {
                "/" => "/login".to_owned(),
                n => format!(
                    "/login?next={}",
                    url::form_urlencoded::byte_serialize(n.as_bytes()).collect::<String>()
                ),
            };
            Ok(redirect(&to))
        }
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let errors = match e {
                AppError::Validation(errors) => errors,
                _ => FieldErrors::single("email", FieldError::new("email-taken")),
            };
            let status = match limited {
                true => StatusCode::TOO_MANY_REQUESTS,
                false => StatusCode::UNPROCESSABLE_ENTITY,
            };
            page.render_form(
                status,
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
