//! A person's own settings: display name and language, email address, password, API tokens.

use chrono::{DateTime, Utc};
use entity::{api_token, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;

use super::domain::{PASSWORD_MAX, PASSWORD_MIN, normalize_email};
use super::service;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::security::AuthUser;
use crate::web::i18n::Lang;

/// A new display name and language, checked.
pub struct ProfileChange {
    pub display_name: String,
    pub locale: Lang,
}

impl ProfileChange {
    pub fn parse(display_name: &str, locale: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let display_name =
            crate::web::forms::line(&mut errors, "display_name", display_name, 80, true);
        let locale = Lang::parse(locale).filter(|l| l.code() == locale.trim());
        if locale.is_none() {
            errors.add("locale", FieldError::new("locale"));
        }
        errors.check()?;
        Ok(ProfileChange {
            display_name,
            locale: locale.unwrap_or(Lang::Fr),
        })
    }
}

/// Changes the display name and the language (pages and emails).
pub async fn change_profile(
    db: &DatabaseConnection,
    user_id: i64,
    change: ProfileChange,
    now: DateTime<Utc>,
) -> AppResult<()> {
    user::Entity::update_many()
        .col_expr(
            user::Column::DisplayName,
            sea_orm::sea_query::Expr::value(change.display_name),
        )
        .col_expr(
            user::Column::Locale,
            sea_orm::sea_query::Expr::value(change.locale.code()),
        )
        .col_expr(
            user::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The account, if `password` is its password; else a field error on `field`.
pub(super) async fn check_password(
    db: &DatabaseConnection,
    user: &AuthUser,
    password: &str,
    field: &str,
) -> AppResult<user::Model> {
    match service::authenticate(db, &user.email, password).await {
        Ok(_) => user::Entity::find_by_id(user.id).one_or_404(db).await,
        Err(AppError::Unauthorized) => Err(AppError::Validation(FieldErrors::single(
            field,
            FieldError::new("wrong-password"),
        ))),
        Err(e) => Err(e),
    }
}

#[derive(Serialize)]
struct EmailChangedMail<'a> {
    new_email: &'a str,
}

/// Moves the account to a new address after checking the password: the new address must be
/// confirmed (a link is sent to it) and the old one is told, so a stolen session cannot take
/// the account away silently.
#[tracing::instrument(skip_all)]
pub async fn change_email(
    db: &DatabaseConnection,
    mailer: &Mailer,
    user: &AuthUser,
    new_email: &str,
    password: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let email = normalize_email(new_email);
    let mut errors = FieldErrors::new();
    if email.chars().count() > 254 || !validator::ValidateEmail::validate_email(&email) {
        errors.add("email", FieldError::new("email"));
    } else if email == normalize_email(&user.email) {
        errors.add("email", FieldError::new("email-unchanged"));
    }
    errors.into_result()?;
    let old = check_password(db, user, password, "email_password").await?;
    let txn = crate::db::begin_write(db).await?;
    if service::find_by_email(&txn, &email).await?.is_some() {
        return Err(AppError::Validation(FieldErrors::single(
            "email",
            FieldError::new("email-taken"),
        )));
    }
    let lang = Lang::parse(&old.locale).unwrap_or(Lang::Fr);
    let old_email = old.email.clone();
    let name = old.display_name.clone();
    let mut active: user::ActiveModel = old.into();
    active.email = Set(email.clone());
    active.email_verified_at = Set(None);
    active.updated_at = Set(now);
    let updated = active
        .update(&txn)
        .await
        .map_err(|e| match AppError::from(e) {
            AppError::Conflict(_) => {
                AppError::Validation(FieldErrors::single("email", FieldError::new("email-taken")))
            }
            other => other,
        })?;
    super::recovery::queue_verification(&txn, mailer, &updated, true, now).await?;
    outbox::queue(
        &txn,
        mailer,
        OutgoingEmail::new(
            MailTemplate::EmailChanged,
            lang,
            &old_email,
            &name,
            EmailChangedMail { new_email: &email },
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Checks a new password typed twice.
pub fn check_new_password(password: &str, confirm: &str) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let n = password.chars().count();
    if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&n) {
        errors.add(
            "password",
            FieldError::new("password-length")
                .with("min", PASSWORD_MIN)
                .with("max", PASSWORD_MAX),
        );
    }
    if password != confirm {
        errors.add("password_confirm", FieldError::new("password-mismatch"));
    }
    errors.check()
}

/// Sets a new password after checking the current one. Every other session of the account ends
/// and its API tokens are revoked; the new session epoch is returned for this session.
#[tracing::instrument(skip_all)]
pub async fn change_password(
    db: &DatabaseConnection,
    user: &AuthUser,
    current: &str,
    new_password: &str,
    confirm: &str,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    check_new_password(new_password, confirm).map_err(AppError::Validation)?;
    let u = check_password(db, user, current, "current_password").await?;
    let hash = service::hash_password(new_password.to_owned()).await?;
    let txn = crate::db::begin_write(db).await?;
    let epoch = u.session_epoch + 1;
    let mut active: user::ActiveModel = u.into();
    active.password_hash = Set(hash);
    active.session_epoch = Set(epoch);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    service::end_credentials(&txn, user.id).await?;
    txn.commit().await?;
    Ok(epoch)
}

/// One of a person's API tokens, as their account page and the API list it (never the token).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it stops working.
    pub expires_at: Option<DateTime<Utc>>,
    /// It no longer works.
    pub expired: bool,
}

/// The account's API tokens, newest first.
pub async fn tokens(
    conn: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> AppResult<Vec<TokenInfo>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .order_by_desc(api_token::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| TokenInfo {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            expired: t.expires_at.is_none_or(|at| at <= now),
            expires_at: t.expires_at,
        })
        .collect())
}

/// Revokes one of the account's tokens; 404 for a token of someone else or none.
pub async fn revoke_token(db: &DatabaseConnection, user_id: i64, token_id: i64) -> AppResult<()> {
    let res = api_token::Entity::delete_many()
        .filter(api_token::Column::Id.eq(token_id))
        .filter(api_token::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Revokes every API token of the account.
pub async fn revoke_all_tokens(db: &DatabaseConnection, user_id: i64) -> AppResult<()> {
    api_token::Entity::delete_many()
        .filter(api_token::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
