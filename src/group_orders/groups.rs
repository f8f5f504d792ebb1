//! Consumer groups: creation (the creator coordinates it), pickup points, members invited by
//! email, and who may see what (members their group, outsiders only its public card).

use chrono::{DateTime, Utc};
use entity::{GroupId, consumer_group, partnership, pickup_point, territory, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::input::{NewGroup, NewPickup};
use crate::accounts::domain::normalize_email;
use crate::accounts::{invitations, service as accounts};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::mail::outbox::Mailer;
use crate::security::{AuthUser, Grant, Role};
use crate::web::i18n::Lang;

/// What the person asking may do in a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Sees the public card only.
    Outsider,
    /// Orders, sees their own baskets and results.
    Member,
    /// Runs campaigns, invites members, sees everyone's baskets: the group's coordinators, the
    /// partnership's coordinators and admins.
    Coordinator,
}

pub fn access(actor: Option<&AuthUser>, g: &consumer_group::Model) -> Access {
    match actor {
        Some(a)
            if a.holds(Role::GroupCoordinator, g.id)
                || a.coordinates_partnership(g.partnership_id) =>
        {
            Access::Coordinator
        }
        Some(a) if a.holds(Role::GroupMember, g.id) => Access::Member,
        _ => Access::Outsider,
    }
}

/// Who may order in the group: its members and its own coordinators (households too).
pub fn orders_in(actor: &AuthUser, group_id: GroupId) -> bool {
    actor.holds(Role::GroupMember, group_id) || actor.holds(Role::GroupCoordinator, group_id)
}

/// A group with what its pages show.
#[derive(Clone, Debug)]
pub struct GroupFull {
    pub group: consumer_group::Model,
    pub partnership: partnership::Model,
    pub territory: territory::Model,
    pub pickup_points: Vec<pickup_point::Model>,
}

/// Creates a group in the Belgian territory of its partnership; its creator coordinates it.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn create_group(
    db: &DatabaseConnection,
    actor: &AuthUser,
    g: NewGroup,
    now: DateTime<Utc>,
) -> AppResult<GroupFull> {
    if !actor.email_verified {
        return Err(AppError::Forbidden);
    }
    let p = partnership::Entity::find()
        .filter(partnership::Column::Slug.eq(g.partnership.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation("partnership", "unknown-partnership"))?;
    let t = territory::Entity::find_by_id(p.belgian_territory_id)
        .one_or_404(db)
        .await?;
    if let Some(slug) = &g.territory
        && *slug != t.slug
    {
        return Err(AppError::Validation(FieldErrors::single(
            "territory",
            FieldError::new("group-territory").with("territory", &t.name),
        )));
    }
    let txn = crate::db::begin_write(db).await?;
    let base = Some(slug::slugify(&g.name)).filter(|s| !s.is_empty());
    let slug = crate::db::free_slug::<consumer_group::Entity>(
        &txn,
        consumer_group::Column::Slug,
        base.as_deref().unwrap_or("group"),
    )
    .await?;
    let group = consumer_group::ActiveModel {
        slug: Set(slug),
        name: Set(g.name),
        partnership_id: Set(p.id),
        territory_id: Set(t.id),
        description: Set(g.description),
        iban: Set(None),
        bic: Set(None),
        account_name: Set(None),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let point = insert_pickup(&txn, group.id, g.pickup, now).await?;
    accounts::grant(
        &txn,
        actor.id,
        Grant::new(Role::GroupCoordinator, group.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(GroupFull {
        group,
        partnership: p,
        territory: t,
        pickup_points: vec![point],
    })
}

async fn insert_pickup(
    conn: &impl ConnectionTrait,
    group_id: GroupId,
    p: NewPickup,
    now: DateTime<Utc>,
) -> AppResult<pickup_point::Model> {
    Ok(pickup_point::ActiveModel {
        group_id: Set(group_id),
        name: Set(p.name),
        address: Set(p.address),
        opening_hours: Set(p.opening_hours),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// Adds a pickup point (coordinators).
pub async fn add_pickup_point(
    db: &DatabaseConnection,
    actor: &AuthUser,
    group_id: GroupId,
    p: NewPickup,
    now: DateTime<Utc>,
) -> AppResult<pickup_point::Model> {
    let g = find(db, group_id).await?;
    require(Some(actor), &g.group, Access::Coordinator)?;
    insert_pickup(db, group_id, p, now).await
}

/// 404 for those who may not see the group's inside, 403 for members who may not act.
pub fn require(actor: Option<&AuthUser>, g: &consumer_group::Model, need: Access) -> AppResult<()> {
    let has = access(actor, g);
    if has >= need {
        Ok(())
    } else if has == Access::Outsider {
        Err(AppError::NotFound)
    } else {
        Err(AppError::Forbidden)
    }
}

async fn full(db: &impl ConnectionTrait, group: consumer_group::Model) -> AppResult<GroupFull> {
    let partnership = partnership::Entity::find_by_id(group.partnership_id)
        .one_or_404(db)
        .await?;
    let territory = territory::Entity::find_by_id(group.territory_id)
        .one_or_404(db)
        .await?;
    let pickup_points = pickup_point::Entity::find()
        .filter(pickup_point::Column::GroupId.eq(group.id))
        .order_by_asc(pickup_point::Column::Id)
        .all(db)
        .await?;
    Ok(GroupFull {
        group,
        partnership,
        territory,
        pickup_points,
    })
}

pub async fn find(db: &impl ConnectionTrait, id: GroupId) -> AppResult<GroupFull> {
    let g = consumer_group::Entity::find_by_id(id)
        .one_or_404(db)
        .await?;
    full(db, g).await
}

pub async fn find_by_slug(db: &impl ConnectionTrait, slug: &str) -> AppResult<GroupFull> {
    let g = consumer_group::Entity::find()
        .filter(consumer_group::Column::Slug.eq(slug))
        .one_or_404(db)
        .await?;
    full(db, g).await
}

/// Every group with its partnership (public cards; two queries).
pub async fn all_groups(
    db: &DatabaseConnection,
) -> AppResult<Vec<(consumer_group::Model, partnership::Model)>> {
    let rows = consumer_group::Entity::find()
        .find_also_related(partnership::Entity)
        .order_by_asc(consumer_group::Column::Name)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(g, p)| p.map(|p| (g, p)))
        .collect())
}

/// A group member as the coordinators see them.
#[derive(Clone, Debug)]
pub struct Member {
    pub user: user::Model,
    pub coordinator: bool,
}

/// The group's members and coordinators (one query).
pub async fn members(db: &impl ConnectionTrait, group_id: GroupId) -> AppResult<Vec<Member>> {
    let rows = entity::role_assignment::Entity::find()
        .filter(entity::role_assignment::Column::ScopeType.eq("group"))
        .filter(entity::role_assignment::Column::ScopeId.eq(group_id))
        .filter(
            entity::role_assignment::Column::Role
                .is_in([Role::GroupMember.as_str(), Role::GroupCoordinator.as_str()]),
        )
        .find_also_related(user::Entity)
        .order_by_asc(entity::role_assignment::Column::Id)
        .all(db)
        .await?;
    let mut out: Vec<Member> = Vec::new();
    for (r, u) in rows {
        let Some(u) = u else { continue };
        let coordinator = r.role == Role::GroupCoordinator.as_str();
        match out.iter_mut().find(|m| m.user.id == u.id) {
            Some(m) => m.coordinator |= coordinator,
            None => out.push(Member {
                user: u,
                coordinator,
            }),
        }
    }
    Ok(out)
}

/// Invites someone to join the group (as a member, or as a coordinator); they get an email
/// with a link to accept.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn invite(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: &AuthUser,
    group_id: GroupId,
    invite: &super::input::InviteInput,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let (email, role) = (invite.email.as_str(), invite.role.as_deref());
    let g = find(db, group_id).await?;
    require(Some(actor), &g.group, Access::Coordinator)?;
    let email = normalize_email(email);
    let mut errors = FieldErrors::new();
    if email.is_empty() {
        errors.add("email", FieldError::new("required"));
    } else if !validator::ValidateEmail::validate_email(&email.as_str()) || email.len() > 254 {
        errors.add("email", FieldError::new("email"));
    }
    let role = match role.map(str::trim) {
        None | Some("") | Some("member") | Some("group_member") => Role::GroupMember,
        Some("coordinator") | Some("group_coordinator") => Role::GroupCoordinator,
        Some(_) => {
            errors.add("role", FieldError::new("choice"));
            Role::GroupMember
        }
    };
    errors.into_result()?;
    let txn = crate::db::begin_write(db).await?;
    invitations::invite(
        &txn,
        mailer,
        actor,
        &email,
        Grant::new(role, group_id),
        &g.group.name,
        lang,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Groups the user belongs to or coordinates.
pub async fn my_groups(
    db: &DatabaseConnection,
    actor: &AuthUser,
) -> AppResult<Vec<consumer_group::Model>> {
    let ids: Vec<i64> = actor
        .scopes_of(Role::GroupMember)
        .chain(actor.scopes_of(Role::GroupCoordinator))
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(consumer_group::Entity::find()
        .filter(consumer_group::Column::Id.is_in(ids))
        .order_by_asc(consumer_group::Column::Name)
        .all(db)
        .await?)
}

/// Sets the account that receives the transfers of the group's members (coordinators); the
/// partnership's account is used while the group has none.
pub async fn set_account(
    db: &DatabaseConnection,
    actor: &AuthUser,
    group_id: GroupId,
    account: &crate::payments::handlers::AccountForm,
    now: DateTime<Utc>,
) -> AppResult<consumer_group::Model> {
    let g = find(db, group_id).await?;
    require(Some(actor), &g.group, Access::Coordinator)?;
    let a = crate::payments::service::Creditor::parse(
        &account.account_name,
        &account.iban,
        &account.bic,
    )
    .map_err(AppError::Validation)?;
    let mut m: consumer_group::ActiveModel = g.group.into();
    m.account_name = Set(Some(a.name));
    m.iban = Set(Some(a.iban));
    m.bic = Set(a.bic);
    m.updated_at = Set(now);
    Ok(m.update(db).await?)
}
