//! Accounts: sign-up, credentials, sessions' users, API tokens and role grants.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use entity::{api_token, role_assignment, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::domain::{NewAccount, normalize_email};
use crate::error::{AppError, AppResult};
use crate::security::{AuthUser, Grant, Role, with_grants};
use crate::security::{random_token, token_digest};

/// Argon2id with the crate's default (OWASP) parameters, off the async threads.
pub async fn hash_password(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Unexpected(anyhow::anyhow!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| AppError::Unexpected(e.into()))?
}

/// Whether `password` matches `hash`, off the async threads. Without a hash (no such account)
/// a dummy one is verified instead, so that a wrong email takes as long as a wrong password;
/// the dummy hash is also first computed there, never on an async thread.
async fn verify_password(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash of a password nobody has (computed once, on a blocking thread: see above).
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    Argon2::default()
        .hash_password(random_token(16).as_bytes())
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// What a sign-up did. The visitor is told the same either way, so that signing up does not
/// reveal whether an address has an account.
#[derive(Debug)]
pub enum SignedUp {
    /// A new account, its verification email queued.
    Created(user::Model),
    /// The address already had an account: its owner is emailed instead.
    AlreadyRegistered,
}

/// Creates an account and queues its verification email, in one transaction; for an address
/// that already has an account, queues an email to its owner instead. The password is hashed
/// either way, so both take as long.
#[tracing::instrument(skip_all)]
pub async fn sign_up(
    db: &DatabaseConnection,
    mailer: &crate::mail::outbox::Mailer,
    account: NewAccount,
    now: DateTime<Utc>,
) -> AppResult<SignedUp> {
    let hash = hash_password(account.password.clone()).await?;
    let txn = crate::db::begin_write(db).await?;
    if let Some(existing) = find_by_email(&txn, &account.email).await? {
        if claim_account_exists_mail(&txn, existing.id, now).await? {
            super::account_exists::queue_account_exists(&txn, mailer, &existing, now).await?;
        }
        txn.commit().await?;
        return Ok(SignedUp::AlreadyRegistered);
    }
    let user = match insert_user(&txn, &account, hash, now).await {
        Ok(u) => u,
        // Created at the same moment by another request: that one sent its email.
        Err(AppError::Conflict(_)) => return Ok(SignedUp::AlreadyRegistered),
        Err(e) => return Err(e),
    };
    super::recovery::queue_verification(&txn, mailer, &user, false, now).await?;
    txn.commit().await?;
    Ok(SignedUp::Created(user))
}

/// How often, at most, an account's owner hears that someone signed up with its address.
pub const ACCOUNT_EXISTS_MAIL_EVERY: Duration = Duration::hours(1);

/// Whether this sign-up may email the owner of the existing account `user_id`: yes when no such
/// email went out in the last hour, and then it is recorded. One conditional update, so that of
/// simultaneous sign-ups only one wins (PostgreSQL re-checks the condition after the row lock).
async fn claim_account_exists_mail(
    conn: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    use sea_orm::sea_query::{Condition, Expr};
    let res = user::Entity::update_many()
        .col_expr(user::Column::AccountExistsMailedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .filter(
            Condition::any()
                .add(user::Column::AccountExistsMailedAt.is_null())
                .add(user::Column::AccountExistsMailedAt.lte(now - ACCOUNT_EXISTS_MAIL_EVERY)),
        )
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Inserts a user row with an already computed password hash.
pub async fn insert_user(
    conn: &impl ConnectionTrait,
    account: &NewAccount,
    password_hash: String,
    now: DateTime<Utc>,
) -> AppResult<user::Model> {
    if find_by_email(conn, &account.email).await?.is_some() {
        return Err(email_taken());
    }
    user::ActiveModel {
        email: Set(account.email.clone()),
        password_hash: Set(password_hash),
        display_name: Set(account.display_name.clone()),
        locale: Set(account.locale.code().to_owned()),
        email_verified_at: Set(None),
        session_epoch: Set(0),
        account_exists_mailed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => email_taken(),
        other => other,
    })
}

pub fn email_taken() -> AppError {
    AppError::conflict("email-taken")
}

pub async fn find_by_email(
    conn: &impl ConnectionTrait,
    email: &str,
) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(normalize_email(email)))
        .one(conn)
        .await?)
}

/// The account for these credentials, or 401 (the same answer for an unknown email).
pub async fn authenticate(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
) -> AppResult<AuthUser> {
    let found = find_by_email(db, email).await?;
    let hash = found.as_ref().map(|u| u.password_hash.clone());
    let ok = verify_password(password.to_owned(), hash).await;
    match found {
        Some(u) if ok => with_grants(db, u).await,
        _ => Err(AppError::Unauthorized),
    }
}

pub async fn session_epoch(db: &DatabaseConnection, user_id: i64) -> AppResult<i64> {
    user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .map(|u| u.session_epoch)
        .ok_or(AppError::NotFound)
}

/// A new API token for the user, valid `days` days; only its digest is stored. Returned once,
/// with the moment it stops working.
pub async fn create_api_token(
    db: &DatabaseConnection,
    user_id: i64,
    name: &str,
    days: i64,
    now: DateTime<Utc>,
) -> AppResult<(String, DateTime<Utc>)> {
    let token = format!("psl_{}", random_token(32));
    let expires_at = now + Duration::days(days);
    api_token::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(token_digest(&token)),
        name: Set(name.chars().take(80).collect()),
        created_at: Set(now),
        last_used_at: Set(None),
        expires_at: Set(Some(expires_at)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((token, expires_at))
}

/// Ends every API token and every browser session of an account (its password changed), in
/// the caller's transaction. A session that goes on (the one that changed the password) is
/// renewed by the caller and stored again under a new key.
pub async fn end_credentials(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<()> {
    api_token::Entity::delete_many()
        .filter(api_token::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    crate::web::session_store::end_sessions(conn, user_id).await
}

/// Revokes one bearer token.
pub async fn revoke_api_token(db: &DatabaseConnection, token: &str) -> AppResult<()> {
    api_token::Entity::delete_many()
        .filter(api_token::Column::TokenHash.eq(token_digest(token)))
        .exec(db)
        .await?;
    Ok(())
}

/// Gives `user_id` the role in its scope; granting twice changes nothing.
pub async fn grant(
    conn: &impl ConnectionTrait,
    user_id: i64,
    g: Grant,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let exists = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .filter(role_assignment::Column::Role.eq(g.role.as_str()))
        .filter(role_assignment::Column::ScopeType.eq(g.role.scope_type().as_str()))
        .filter(role_assignment::Column::ScopeId.eq(g.scope_id))
        .one(conn)
        .await?
        .is_some();
    if !exists {
        role_assignment::ActiveModel {
            user_id: Set(user_id),
            role: Set(g.role.as_str().to_owned()),
            scope_type: Set(g.role.scope_type().as_str().to_owned()),
            scope_id: Set(g.scope_id),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// Removes a role; 404 when the user did not hold it.
pub async fn revoke(conn: &impl ConnectionTrait, user_id: i64, g: Grant) -> AppResult<()> {
    let res = role_assignment::Entity::delete_many()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .filter(role_assignment::Column::Role.eq(g.role.as_str()))
        .filter(role_assignment::Column::ScopeId.eq(g.scope_id))
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The users holding `role` in the scopes `scope_ids`, with the scope they hold it in
/// (one query whatever the number of scopes).
pub async fn holders(
    conn: &impl ConnectionTrait,
    role: Role,
    scope_ids: &[i64],
) -> AppResult<Vec<(i64, user::Model)>> {
    if scope_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq(role.as_str()))
        .filter(role_assignment::Column::ScopeId.is_in(scope_ids.iter().copied()))
        .find_also_related(user::Entity)
        .order_by_asc(role_assignment::Column::Id)
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(r, u)| u.map(|u| (r.scope_id, u)))
        .collect())
}

/// Creates an administrator, or makes an existing account one (command line).
#[tracing::instrument(skip_all)]
pub async fn create_or_promote_admin(
    db: &DatabaseConnection,
    account: NewAccount,
    now: DateTime<Utc>,
) -> AppResult<(user::Model, bool)> {
    let txn = crate::db::begin_write(db).await?;
    let (user, created) = match find_by_email(&txn, &account.email).await? {
        Some(u) => (u, false),
        None => {
            let hash = hash_password(account.password.clone()).await?;
            (insert_user(&txn, &account, hash, now).await?, true)
        }
    };
    grant(&txn, user.id, Grant::admin(), now).await?;
    txn.commit().await?;
    Ok((user, created))
}

/// Whether the database holds any account at all.
pub async fn any_user(db: &DatabaseConnection) -> AppResult<bool> {
    use sea_orm::PaginatorTrait;
    Ok(user::Entity::find().count(db).await? > 0)
}

/// The user's roles with the name and page of their scope (one query per kind of scope).
pub async fn describe_grants(
    db: &DatabaseConnection,
    user: &AuthUser,
) -> AppResult<Vec<super::views::RoleView>> {
    let partnership_ids: Vec<entity::PartnershipId> = user.shipping_partnerships();
    let partnerships: std::collections::HashMap<entity::PartnershipId, entity::partnership::Model> =
        if partnership_ids.is_empty() {
            Default::default()
        } else {
            entity::partnership::Entity::find()
                .filter(entity::partnership::Column::Id.is_in(partnership_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect()
        };
    let producer_ids: Vec<i64> = user.scopes_of(Role::ProducerMember).collect();
    let producers: std::collections::HashMap<entity::ProducerId, entity::producer::Model> =
        if producer_ids.is_empty() {
            Default::default()
        } else {
            entity::producer::Entity::find()
                .filter(entity::producer::Column::Id.is_in(producer_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect()
        };
    Ok(user
        .grants
        .iter()
        .map(|g| {
            let scope = match g.role {
                Role::PartnershipCoordinator => partnerships
                    .get(&entity::PartnershipId(g.scope_id))
                    .map(|p| (p.name.clone(), format!("/partnerships/{}", p.slug))),
                Role::Logistics => partnerships
                    .get(&entity::PartnershipId(g.scope_id))
                    .map(|p| {
                        (
                            p.name.clone(),
                            format!("/partnerships/{}/shipments", p.slug),
                        )
                    }),
                Role::ProducerMember => producers
                    .get(&entity::ProducerId(g.scope_id))
                    .map(|p| (p.name.clone(), format!("/producer/{}", p.id))),
                _ => None,
            };
            super::views::RoleView {
                role: g.role.as_str(),
                scope_name: scope.as_ref().map(|s| s.0.clone()),
                scope_url: scope.map(|s| s.1),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::verify_password;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// The async thread keeps serving other tasks while an unknown account's login is checked:
    /// on a single-threaded runtime, a task that counts its turns keeps counting during the
    /// check (a hash computed on the async thread would leave it one or two turns at most,
    /// however busy the machine).
    #[test]
    fn the_dummy_hash_never_blocks_the_async_thread() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let turns = Arc::new(AtomicU64::new(0));
            let counted = turns.clone();
            let ticker = tokio::spawn(async move {
                loop {
                    tokio::task::yield_now().await;
                    counted.fetch_add(1, Ordering::Relaxed);
                }
            });
            tokio::task::yield_now().await;
            let before = turns.load(Ordering::Relaxed);
            // The first call also computes the dummy hash itself.
            assert!(!verify_password("guess".into(), None).await);
            let during = turns.load(Ordering::Relaxed) - before;
            ticker.abort();
            assert!(
                during > 20,
                "the async thread took only {during} other turns during a check"
            );
        });
    }
}
