//! Emails that prove something: address verification at sign-up and password reset (single use,
//! one hour). Tokens travel in links; only digests are stored. Invitations are in `invitations`.

use chrono::{DateTime, Duration, Utc};
use entity::account_token::{self, TokenPurpose};
use entity::user;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde::Serialize;

use super::service;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::security::AuthUser;
use crate::security::{random_token, token_digest};
use crate::web::i18n::Lang;

pub const VERIFY_TTL_DAYS: i64 = 7;
pub const RESET_TTL_MINUTES: i64 = 60;

/// Why a link from an email does not work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    Unknown,
    Expired,
    Used,
    /// The link belongs to another account (or was sent to another address).
    OtherAccount,
}

impl TokenProblem {
    /// A link found in the database still works when unused and not expired.
    pub fn check(
        used: bool,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), TokenProblem> {
        if used {
            Err(TokenProblem::Used)
        } else if expires_at <= now {
            Err(TokenProblem::Expired)
        } else {
            Ok(())
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            TokenProblem::Unknown => "token-unknown",
            TokenProblem::Expired => "token-expired",
            TokenProblem::Used => "token-used",
            TokenProblem::OtherAccount => "token-other-account",
        }
    }

    pub fn status(self) -> actix_web::http::StatusCode {
        use actix_web::http::StatusCode;
        match self {
            TokenProblem::Unknown => StatusCode::NOT_FOUND,
            TokenProblem::Expired | TokenProblem::Used => StatusCode::GONE,
            TokenProblem::OtherAccount => StatusCode::FORBIDDEN,
        }
    }
}

impl From<TokenProblem> for AppError {
    fn from(p: TokenProblem) -> Self {
        match p {
            TokenProblem::Unknown => AppError::NotFound,
            TokenProblem::Expired => AppError::gone("link-expired"),
            TokenProblem::Used => AppError::gone("link-used"),
            TokenProblem::OtherAccount => AppError::Forbidden,
        }
    }
}

pub(super) type Checked<T> = AppResult<Result<T, TokenProblem>>;

async fn issue(
    conn: &impl ConnectionTrait,
    u: &user::Model,
    purpose: TokenPurpose,
    ttl: Duration,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let token = random_token(32);
    account_token::ActiveModel {
        user_id: Set(u.id),
        purpose: Set(purpose),
        token_hash: Set(token_digest(&token)),
        email: Set(u.email.clone()),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(token)
}

#[derive(Serialize)]
struct LinkMail<'a> {
    link: &'a str,
    /// The address replaces an earlier one (not a new account).
    changed: bool,
}

/// Queues the verification email of a new (or, with `changed`, a changed) address, in the
/// caller's transaction.
pub async fn queue_verification(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    u: &user::Model,
    changed: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let token = issue(
        conn,
        u,
        TokenPurpose::VerifyEmail,
        Duration::days(VERIFY_TTL_DAYS),
        now,
    )
    .await?;
    let link = mailer.link(&format!("/verify-email/{token}"));
    let lang = Lang::parse(&u.locale).unwrap_or(Lang::Fr);
    outbox::queue(
        conn,
        mailer,
        OutgoingEmail::new(
            MailTemplate::VerifyEmail,
            lang,
            &u.email,
            &u.display_name,
            LinkMail {
                link: &link,
                changed,
            },
        ),
        now,
    )
    .await?;
    Ok(())
}

/// Sends a new verification email to a signed-in user whose address is not verified yet.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn resend_verification(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: &AuthUser,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if actor.email_verified {
        return Err(AppError::conflict("already-verified"));
    }
    let txn = crate::db::begin_write(db).await?;
    let u = user::Entity::find_by_id(actor.id).one_or_404(&txn).await?;
    queue_verification(&txn, mailer, &u, false, now).await?;
    txn.commit().await?;
    Ok(())
}

async fn find_token(
    conn: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Checked<account_token::Model> {
    let Some(t) = account_token::Entity::find()
        .filter(account_token::Column::TokenHash.eq(token_digest(token)))
        .filter(account_token::Column::Purpose.eq(purpose))
        .one(conn)
        .await?
    else {
        return Ok(Err(TokenProblem::Unknown));
    };
    Ok(TokenProblem::check(t.used_at.is_some(), t.expires_at, now).map(|()| t))
}

/// Marks a token used; false when another request used it first (single use under concurrency).
async fn consume(conn: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) -> AppResult<bool> {
    let res = account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::Id.eq(id))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Verifies the address the token was sent to. A signed-in visitor must be that account.
#[tracing::instrument(skip_all)]
pub async fn verify_email(
    db: &DatabaseConnection,
    token: &str,
    actor: Option<&AuthUser>,
    now: DateTime<Utc>,
) -> Checked<user::Model> {
    let txn = crate::db::begin_write(db).await?;
    let t = match find_token(&txn, token, TokenPurpose::VerifyEmail, now).await? {
        Ok(t) => t,
        Err(p) => return Ok(Err(p)),
    };
    if actor.is_some_and(|a| a.id != t.user_id) {
        return Ok(Err(TokenProblem::OtherAccount));
    }
    let u = user::Entity::find_by_id(t.user_id).one_or_404(&txn).await?;
    // The address changed since the email was sent: this link no longer proves anything.
    if u.email != t.email {
        return Ok(Err(TokenProblem::OtherAccount));
    }
    if !consume(&txn, t.id, now).await? {
        return Ok(Err(TokenProblem::Used));
    }
    let mut active: user::ActiveModel = u.into();
    active.email_verified_at = Set(Some(now));
    active.updated_at = Set(now);
    // Confirming an address proves it; it does not end the sessions that asked for it.
    let u = active.update(&txn).await?;
    txn.commit().await?;
    Ok(Ok(u))
}

/// Sends a reset link when an account has this address; says nothing either way.
#[tracing::instrument(skip_all)]
pub async fn request_password_reset(
    db: &DatabaseConnection,
    mailer: &Mailer,
    email: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let Some(u) = service::find_by_email(&txn, email).await? else {
        return Ok(());
    };
    // Only the newest link works.
    account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::UserId.eq(u.id))
        .filter(account_token::Column::Purpose.eq(TokenPurpose::ResetPassword))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let token = issue(
        &txn,
        &u,
        TokenPurpose::ResetPassword,
        Duration::minutes(RESET_TTL_MINUTES),
        now,
    )
    .await?;
    let link = mailer.link(&format!("/reset-password/{token}"));
    let lang = Lang::parse(&u.locale).unwrap_or(Lang::Fr);
    outbox::queue(
        &txn,
        mailer,
        OutgoingEmail::new(
            MailTemplate::ResetPassword,
            lang,
            &u.email,
            &u.display_name,
            LinkMail {
                link: &link,
                changed: false,
            },
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether a reset link still works (to show its form).
pub async fn check_reset_token(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Checked<()> {
    Ok(find_token(db, token, TokenPurpose::ResetPassword, now)
        .await?
        .map(|_| ()))
}

/// Sets a new password through a reset link: once, within the hour. Other sessions end, and
/// the address counts as verified (the link reached it).
#[tracing::instrument(skip_all)]
pub async fn reset_password(
    db: &DatabaseConnection,
    token: &str,
    new_password: String,
    now: DateTime<Utc>,
) -> Checked<user::Model> {
    let hash = service::hash_password(new_password).await?;
    let txn = crate::db::begin_write(db).await?;
    let t = match find_token(&txn, token, TokenPurpose::ResetPassword, now).await? {
        Ok(t) => t,
        Err(p) => return Ok(Err(p)),
    };
    if !consume(&txn, t.id, now).await? {
        return Ok(Err(TokenProblem::Used));
    }
    let u = user::Entity::find_by_id(t.user_id).one_or_404(&txn).await?;
    let verified = u.email_verified_at.or((u.email == t.email).then_some(now));
    let epoch = u.session_epoch + 1;
    let mut active: user::ActiveModel = u.into();
    active.password_hash = Set(hash);
    active.session_epoch = Set(epoch);
    active.email_verified_at = Set(verified);
    active.updated_at = Set(now);
    let u = active.update(&txn).await?;
    service::end_credentials(&txn, u.id).await?;
    txn.commit().await?;
    Ok(Ok(u))
}
