//! One's own account page (`/account`): display name and language, email address, password,
//! API tokens, and the roles held. Each form posts to its own address and, when refused, the page
//! is shown again with the input kept and one message per field.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::profile::{self, ProfileChange, TokenInfo};
use super::service;
use super::views::RoleView;
use crate::error::{AppResult, FieldErrors};
use crate::security::AuthUser;
use crate::web::auth::{SessionUser, log_in};
use crate::web::forms::CsrfForm;
use crate::web::i18n::Lang;
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ProfileForm {
    pub display_name: String,
    pub locale: String,
}

#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EmailForm {
    pub email: String,
    #[serde(skip_serializing)]
    pub email_password: String,
}

#[derive(Clone, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub current_password: String,
    pub password: String,
    pub password_confirm: String,
}

#[derive(Serialize)]
struct LanguageChoice {
    code: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
struct AccountView {
    email: String,
    email_verified: bool,
    optional_emails: bool,
    profile: ProfileForm,
    email_form: EmailForm,
    languages: Vec<LanguageChoice>,
    roles: Vec<RoleView>,
    tokens: Vec<TokenInfo>,
    errors: std::collections::BTreeMap<String, Vec<String>>,
}

/// The page with the forms as typed (or as stored) and the errors to show.
async fn render(
    page: &Page,
    user: &AuthUser,
    status: StatusCode,
    profile_form: Option<ProfileForm>,
    email_form: Option<EmailForm>,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let roles = service::describe_grants(&st.db, user).await?;
    let tokens = profile::tokens(&st.db, user.id, st.now()).await?;
    let view = AccountView {
        email: user.email.clone(),
        email_verified: user.email_verified,
        optional_emails: user.optional_emails,
        profile: profile_form.unwrap_or_else(|| ProfileForm {
            display_name: user.display_name.clone(),
            locale: user.locale.code().to_owned(),
        }),
        email_form: email_form.unwrap_or_default(),
        languages: Lang::ALL
            .iter()
            .map(|l| LanguageChoice {
                code: l.code(),
                name: l.native_name(),
            })
            .collect(),
        roles,
        tokens,
        errors: errors.messages(page.lang),
    };
    page.render_form(status, "accounts/account.html.tera", &view)
}

pub async fn account(page: Page, user: SessionUser) -> AppResult<HttpResponse> {
    render(
        &page,
        &user.0,
        StatusCode::OK,
        None,
        None,
        FieldErrors::new(),
    )
    .await
}

/// Shows the page again with the forms as sent and their field errors.
async fn refused(
    page: &Page,
    user: &AuthUser,
    profile_form: Option<ProfileForm>,
    email_form: Option<EmailForm>,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    render(page, user, status, profile_form, email_form, errors).await
}

pub async fn change_profile(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let change = match ProfileChange::parse(&form.display_name, &form.locale) {
        Ok(c) => c,
        Err(e) => return refused(&page, &user.0, Some(form), None, e).await,
    };
    let lang = change.locale;
    profile::change_profile(&st.db, user.0.id, change, st.now()).await?;
    // The pages follow the language chosen for the account at once.
    let to = format!("/account?lang={}", lang.code());
    Ok(page.flash_redirect("success", "flash-saved", &to))
}

pub async fn change_email(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<EmailForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    match profile::change_email(
        &st.db,
        &st.mailer,
        &user.0,
        &form.email,
        &form.email_password,
        st.now(),
    )
    .await
    .checked()?
    {
        Checked::Done(()) => Ok(page.flash_redirect("success", "flash-email-changed", "/account")),
        Checked::Invalid(e) => refused(&page, &user.0, None, Some(form), e).await,
    }
}

pub async fn change_password(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    match profile::change_password(
        &st.db,
        &user.0,
        &form.current_password,
        &form.password,
        &form.password_confirm,
        st.now(),
    )
    .await
    .checked()?
    {
        Checked::Done(epoch) => {
            // Every other session ended with the old epoch; this one goes on with the new.
            log_in(&page.session, user.0.id, epoch)?;
            Ok(page.flash_redirect("success", "flash-password-changed", "/account"))
        }
        Checked::Invalid(e) => refused(&page, &user.0, None, None, e).await,
    }
}

pub async fn revoke_token(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    profile::revoke_token(&page.state().db, user.0.id, id.into_inner()).await?;
    page.flash("success", "flash-token-revoked");
    Ok(redirect("/account#tokens"))
}
