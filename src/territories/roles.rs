//! Who holds a place: a partnership's coordinators (appointed or invited) and the territories
//! that are members of a network.

use chrono::{DateTime, Datelike, Utc};
use entity::{network_membership, territory, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

use super::input::MembershipInput;
use crate::accounts::invitations;
use crate::accounts::service as accounts;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::mail::outbox::Mailer;
use crate::security::{AuthUser, Grant, Role};
use crate::web::i18n::Lang;

use super::service::{network_by_slug, partnership_by_slug, require_admin, territory_by_slug};

/// What an appointment did.
pub enum Appointment {
    /// The account existed and now coordinates the partnership.
    Appointed(user::Model),
    /// No account has this address: an invitation was emailed to it.
    Invited(String),
}

/// Makes the account with this email a coordinator of the partnership, or invites the address
/// by email when it has no account yet (in the same transaction).
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn appoint_coordinator(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: &AuthUser,
    slug: &str,
    email: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<Appointment> {
    require_admin(actor)?;
    let txn = crate::db::begin_write(db).await?;
    let p = partnership_by_slug(&txn, slug).await?.partnership;
    let grant = Grant::new(Role::PartnershipCoordinator, p.id);
    let done = match accounts::find_by_email(&txn, email).await? {
        Some(user) => {
            accounts::grant(&txn, user.id, grant, now).await?;
            Appointment::Appointed(user)
        }
        None => {
            invitations::invite(&txn, mailer, actor, email, grant, &p.name, lang, now).await?;
            Appointment::Invited(email.to_owned())
        }
    };
    txn.commit().await?;
    Ok(done)
}

#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn remove_coordinator(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    user_id: i64,
) -> AppResult<()> {
    require_admin(actor)?;
    let txn = crate::db::begin_write(db).await?;
    let p = partnership_by_slug(&txn, slug).await?.partnership;
    accounts::revoke(
        &txn,
        user_id,
        Grant::new(Role::PartnershipCoordinator, p.id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a territory to a network (adding it twice changes nothing).
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn add_member(
    db: &DatabaseConnection,
    actor: &AuthUser,
    network_slug: &str,
    input: &MembershipInput,
    now: DateTime<Utc>,
) -> AppResult<()> {
    require_admin(actor)?;
    let joined = input
        .joined
        .parse(now.year())
        .map_err(|e| AppError::Validation(FieldErrors::single("joined", e)))?;
    let txn = crate::db::begin_write(db).await?;
    let n = network_by_slug(&txn, network_slug).await?;
    let t = territory::Entity::find()
        .filter(territory::Column::Slug.eq(input.territory.trim()))
        .one(&txn)
        .await?
        .ok_or_else(|| {
            AppError::Validation(FieldErrors::single(
                "territory",
                FieldError::new("unknown-territory"),
            ))
        })?;
    let exists = network_membership::Entity::find()
        .filter(network_membership::Column::NetworkId.eq(n.id))
        .filter(network_membership::Column::TerritoryId.eq(t.id))
        .count(&txn)
        .await?
        > 0;
    if !exists {
        network_membership::ActiveModel {
            network_id: Set(n.id),
            territory_id: Set(t.id),
            joined_year: Set(joined),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn remove_member(
    db: &DatabaseConnection,
    actor: &AuthUser,
    network_slug: &str,
    territory_slug: &str,
) -> AppResult<()> {
    require_admin(actor)?;
    let txn = crate::db::begin_write(db).await?;
    let n = network_by_slug(&txn, network_slug).await?;
    let t = territory_by_slug(&txn, territory_slug).await?;
    let res = network_membership::Entity::delete_many()
        .filter(network_membership::Column::NetworkId.eq(n.id))
        .filter(network_membership::Column::TerritoryId.eq(t.id))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    txn.commit().await?;
    Ok(())
}
