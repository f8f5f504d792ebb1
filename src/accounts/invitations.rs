//! Invitations to take a role (coordinator of a partnership, member of a group...): sent by
//! email, opened, accepted by the invited address or at sign-up; only the token's digest is stored.

use chrono::{DateTime, Duration, Utc};
use entity::{invitation, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde::Serialize;

use super::domain::normalize_email;
use super::recovery::{Checked, TokenProblem, queue_verification};
use super::service;
use crate::error::{AppError, AppResult};
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::security::{AuthUser, Grant, Role, ScopeType};
use crate::security::{random_token, token_digest};
use crate::web::i18n::Lang;

pub const INVITATION_TTL_DAYS: i64 = 14;

#[derive(Serialize)]
struct InvitationMail<'a> {
    link: &'a str,
    inviter: &'a str,
    role: &'a str,
    scope_name: &'a str,
}

/// Invites `email` to take `grant` (e.g. coordinator of a partnership, member of a group),
/// in the caller's transaction.
#[expect(
    clippy::too_many_arguments,
    reason = "one invitation needs each of these"
)]
pub async fn invite(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    inviter: &AuthUser,
    email: &str,
    grant: Grant,
    scope_name: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let email = normalize_email(email);
    let token = random_token(32);
    invitation::ActiveModel {
        token_hash: Set(token_digest(&token)),
        email: Set(email.clone()),
        role: Set(grant.role.as_str().to_owned()),
        scope_type: Set(grant.role.scope_type().as_str().to_owned()),
        scope_id: Set(grant.scope_id),
        invited_by: Set(Some(inviter.id)),
        expires_at: Set(now + Duration::days(INVITATION_TTL_DAYS)),
        accepted_at: Set(None),
        accepted_by: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let link = mailer.link(&format!("/invitations/{token}"));
    let mail = InvitationMail {
        link: &link,
        inviter: &inviter.display_name,
        role: grant.role.as_str(),
        scope_name,
    };
    outbox::queue(
        conn,
        mailer,
        OutgoingEmail::new(MailTemplate::Invitation, lang, &email, "", mail),
        now,
    )
    .await?;
    Ok(())
}

/// An invitation that can still be accepted.
pub async fn open_invitation(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Checked<invitation::Model> {
    let Some(inv) = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(token_digest(token)))
        .one(db)
        .await?
    else {
        return Ok(Err(TokenProblem::Unknown));
    };
    Ok(TokenProblem::check(inv.accepted_at.is_some(), inv.expires_at, now).map(|()| inv))
}

/// Accepts an invitation: the signed-in account must have the invited address. Gives the role,
/// and verifies the address (the invitation reached it).
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn accept_invitation(
    db: &DatabaseConnection,
    token: &str,
    actor: &AuthUser,
    now: DateTime<Utc>,
) -> Checked<Grant> {
    let inv = match open_invitation(db, token, now).await? {
        Ok(inv) => inv,
        Err(p) => return Ok(Err(p)),
    };
    if normalize_email(&actor.email) != inv.email {
        return Ok(Err(TokenProblem::OtherAccount));
    }
    let txn = crate::db::begin_write(db).await?;
    let accepted = accept_in(&txn, &inv, actor.id, now).await?;
    txn.commit().await?;
    Ok(accepted)
}

/// Marks `inv` accepted by `user_id` (once), gives its role and verifies the address, in the
/// caller's transaction.
async fn accept_in(
    conn: &impl ConnectionTrait,
    inv: &invitation::Model,
    user_id: i64,
    now: DateTime<Utc>,
) -> Checked<Grant> {
    let grant = Role::parse(&inv.role)
        .filter(|r| ScopeType::parse(&inv.scope_type) == Some(r.scope_type()))
        .map(|r| Grant::new(r, inv.scope_id))
        .ok_or_else(|| {
            AppError::Unexpected(anyhow::anyhow!(
                "invitation {} holds an unknown role",
                inv.id
            ))
        })?;
    let res = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .col_expr(invitation::Column::AcceptedBy, Expr::value(user_id))
        .filter(invitation::Column::Id.eq(inv.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        return Ok(Err(TokenProblem::Used));
    }
    service::grant(conn, user_id, grant, now).await?;
    user::Entity::update_many()
        .col_expr(user::Column::EmailVerifiedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::EmailVerifiedAt.is_null())
        .exec(conn)
        .await?;
    Ok(Ok(grant))
}

/// Signs up from an invitation's link. When the account takes the invited address, the
/// invitation proved it: the address counts as confirmed (no confirmation email) and the
/// invitation is accepted in the same step. Otherwise it is a plain sign-up.
#[tracing::instrument(skip_all)]
pub async fn sign_up_invited(
    db: &DatabaseConnection,
    mailer: &Mailer,
    account: super::domain::NewAccount,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<(service::SignedUp, Option<Grant>)> {
    let inv = match open_invitation(db, token, now).await? {
        Ok(inv) if inv.email == normalize_email(&account.email) => inv,
        _ => return Ok((service::sign_up(db, mailer, account, now).await?, None)),
    };
    let hash = service::hash_password(account.password.clone()).await?;
    let txn = crate::db::begin_write(db).await?;
    let u = service::insert_user(&txn, &account, hash, now).await?;
    let grant = accept_in(&txn, &inv, u.id, now).await?.ok();
    if grant.is_none() {
        // Accepted meanwhile by someone else: the address is not proven for this account.
        queue_verification(&txn, mailer, &u, false, now).await?;
    }
    txn.commit().await?;
    Ok((service::SignedUp::Created(u), grant))
}

/// The name and page of the scope an invitation or a role is for.
pub async fn scope_label(
    db: &DatabaseConnection,
    scope_type: &str,
    scope_id: i64,
) -> AppResult<Option<(String, String)>> {
    Ok(match ScopeType::parse(scope_type) {
        Some(ScopeType::Partnership) => entity::partnership::Entity::find_by_id(scope_id)
            .one(db)
            .await?
            .map(|p| (p.name, format!("/partnerships/{}", p.slug))),
        Some(ScopeType::Producer) => entity::producer::Entity::find_by_id(scope_id)
            .one(db)
            .await?
            .map(|p| (p.name, format!("/producer/{}", p.id))),
        Some(ScopeType::Group) => entity::consumer_group::Entity::find_by_id(scope_id)
            .one(db)
            .await?
            .map(|g| (g.name, format!("/groups/{}", g.slug))),
        Some(ScopeType::Trip) => entity::trip::Entity::find_by_id(scope_id)
            .one(db)
            .await?
            .map(|t| (t.title.pick("fr").to_owned(), format!("/trips/{}", t.slug))),
        _ => None,
    })
}
