//! Who is asking: the signed-in person with every role they hold, and loading them from a
//! session or an API token. Every area authorises against this.

use chrono::{DateTime, Duration, Utc};
use entity::{api_token, partnership, role_assignment, user};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QueryResult, Statement,
};
use serde::{Deserialize, Serialize};

use super::token_digest;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::web::i18n::Lang;

/// What a person may do, always within a scope (API.md lists them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    PartnershipCoordinator,
    ProducerMember,
    GroupCoordinator,
    GroupMember,
    TripHost,
    /// Appointed by a partnership's coordinators to handle its shipments, and nothing else.
    Logistics,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::PartnershipCoordinator,
        Role::ProducerMember,
        Role::GroupCoordinator,
        Role::GroupMember,
        Role::TripHost,
        Role::Logistics,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::PartnershipCoordinator => "partnership_coordinator",
            Role::ProducerMember => "producer_member",
            Role::GroupCoordinator => "group_coordinator",
            Role::GroupMember => "group_member",
            Role::TripHost => "trip_host",
            Role::Logistics => "logistics",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The kind of scope this role is held in.
    pub fn scope_type(self) -> ScopeType {
        match self {
            Role::Admin => ScopeType::Global,
            Role::PartnershipCoordinator | Role::Logistics => ScopeType::Partnership,
            Role::ProducerMember => ScopeType::Producer,
            Role::GroupCoordinator | Role::GroupMember => ScopeType::Group,
            Role::TripHost => ScopeType::Trip,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScopeType {
    Global,
    Partnership,
    Producer,
    Group,
    Trip,
}

impl ScopeType {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeType::Global => "global",
            ScopeType::Partnership => "partnership",
            ScopeType::Producer => "producer",
            ScopeType::Group => "group",
            ScopeType::Trip => "trip",
        }
    }

    pub fn parse(s: &str) -> Option<ScopeType> {
        [
            ScopeType::Global,
            ScopeType::Partnership,
            ScopeType::Producer,
            ScopeType::Group,
            ScopeType::Trip,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// A role held within one scope. `admin` is held in the global scope (id 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Grant {
    pub role: Role,
    pub scope_id: i64,
}

impl Grant {
    pub fn admin() -> Self {
        Grant {
            role: Role::Admin,
            scope_id: 0,
        }
    }

    /// `role` in the scope of this id (a typed id or the plain integer).
    pub fn new(role: Role, scope_id: impl Into<i64>) -> Self {
        Grant {
            role,
            scope_id: scope_id.into(),
        }
    }

    /// Reads a stored row; rows with an unknown role or a mismatched scope are skipped.
    pub fn from_row(role: &str, scope_type: &str, scope_id: i64) -> Option<Self> {
        let role = Role::parse(role)?;
        (ScopeType::parse(scope_type)? == role.scope_type()).then_some(Grant { role, scope_id })
    }
}

/// The person making a request, with every role they hold.
#[derive(Clone, Debug)]
pub struct AuthUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub locale: Lang,
    pub email_verified: bool,
    /// Accepts optional emails (news of order windows, reminders): not withdrawn.
    pub optional_emails: bool,
    pub grants: Vec<Grant>,
}

impl AuthUser {
    pub fn is_admin(&self) -> bool {
        self.grants.iter().any(|g| g.role == Role::Admin)
    }

    pub fn holds(&self, role: Role, scope_id: impl Into<i64>) -> bool {
        let scope_id = scope_id.into();
        self.grants
            .iter()
            .any(|g| g.role == role && g.scope_id == scope_id)
    }

    /// Scope ids in which the user holds `role`.
    pub fn scopes_of(&self, role: Role) -> impl Iterator<Item = i64> + '_ {
        self.grants
            .iter()
            .filter(move |g| g.role == role)
            .map(|g| g.scope_id)
    }

    /// Admins, and the coordinators of this partnership.
    pub fn coordinates_partnership(&self, partnership_id: entity::PartnershipId) -> bool {
        self.is_admin() || self.holds(Role::PartnershipCoordinator, partnership_id)
    }

    /// Admins, the coordinators of this partnership and the logistics people they appointed:
    /// who handles its shipments.
    pub fn handles_shipments_of(&self, partnership_id: entity::PartnershipId) -> bool {
        self.coordinates_partnership(partnership_id) || self.holds(Role::Logistics, partnership_id)
    }

    /// The partnerships whose shipments this person handles by grant (coordinator or
    /// logistics), each once.
    pub fn shipping_partnerships(&self) -> Vec<entity::PartnershipId> {
        let mut ids: Vec<entity::PartnershipId> = self
            .scopes_of(Role::PartnershipCoordinator)
            .chain(self.scopes_of(Role::Logistics))
            .map(entity::PartnershipId)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The partnership `slug` names, when this person coordinates it: 404 when there is no such
    /// partnership, 403 when it is not theirs.
    pub async fn coordinated_partnership(
        &self,
        conn: &impl ConnectionTrait,
        slug: &str,
    ) -> AppResult<partnership::Model> {
        self.partnership_where(conn, slug, Self::coordinates_partnership)
            .await
    }

    /// The partnership `slug` names, when this person handles its shipments: 404 when there is
    /// no such partnership, 403 when they do not.
    pub async fn shipping_partnership(
        &self,
        conn: &impl ConnectionTrait,
        slug: &str,
    ) -> AppResult<partnership::Model> {
        self.partnership_where(conn, slug, Self::handles_shipments_of)
            .await
    }

    async fn partnership_where(
        &self,
        conn: &impl ConnectionTrait,
        slug: &str,
        may: fn(&Self, entity::PartnershipId) -> bool,
    ) -> AppResult<partnership::Model> {
        let p = partnership::Entity::find()
            .filter(partnership::Column::Slug.eq(slug))
            .one_or_404(conn)
            .await?;
        if may(self, p.id) {
            Ok(p)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

pub(crate) async fn with_grants(
    conn: &impl ConnectionTrait,
    u: user::Model,
) -> AppResult<AuthUser> {
    let rows = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(u.id))
        .order_by_asc(role_assignment::Column::Id)
        .all(conn)
        .await?;
    Ok(auth_user(
        u,
        rows.iter()
            .filter_map(|r| Grant::from_row(&r.role, &r.scope_type, r.scope_id)),
    ))
}

fn auth_user(u: user::Model, grants: impl Iterator<Item = Grant>) -> AuthUser {
    AuthUser {
        id: u.id,
        email: u.email,
        display_name: u.display_name,
        locale: Lang::parse(&u.locale).unwrap_or(Lang::Fr),
        email_verified: u.email_verified_at.is_some(),
        optional_emails: u.optional_mail_withdrawn_at.is_none(),
        grants: grants.collect(),
    }
}

/// The user a row of `tables` names (`key = value`, with the `extra` columns) and every role
/// they hold, in one statement: every signed-in request runs it, so one round trip, not two.
async fn user_and_grants(
    conn: &impl ConnectionTrait,
    (extra, tables, key): (&str, &str, &str),
    value: sea_orm::Value,
) -> AppResult<Option<(QueryResult, user::Model, Vec<Grant>)>> {
    let backend = conn.get_database_backend();
    let sql = format!(
        "SELECT u.*, r.role AS r_role, r.scope_type AS r_scope_type, r.scope_id AS r_scope_id{extra} \
         FROM {tables} LEFT JOIN role_assignments r ON r.user_id = u.id WHERE {key} = ? ORDER BY r.id"
    );
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            crate::db::numbered(backend, &sql),
            [value],
        ))
        .await?;
    let mut grants = Vec::new();
    for r in &rows {
        let role: Option<String> = r.try_get("", "r_role")?;
        let scope_type: Option<String> = r.try_get("", "r_scope_type")?;
        let scope_id: Option<i64> = r.try_get("", "r_scope_id")?;
        if let (Some(role), Some(scope_type), Some(scope_id)) = (role, scope_type, scope_id) {
            grants.extend(Grant::from_row(&role, &scope_type, scope_id));
        }
    }
    let Some(first) = rows.into_iter().next() else {
        return Ok(None);
    };
    let u = user::Model::from_query_result(&first, "")?;
    Ok(Some((first, u, grants)))
}

/// The user of a session, if the account still exists and its sessions are still valid.
pub async fn session_user(
    db: &DatabaseConnection,
    user_id: i64,
    session_epoch: i64,
) -> AppResult<Option<AuthUser>> {
    match user_and_grants(db, ("", "users u", "u.id"), user_id.into()).await? {
        Some((_, u, grants)) if u.session_epoch == session_epoch => {
            Ok(Some(auth_user(u, grants.into_iter())))
        }
        _ => Ok(None),
    }
}

/// The user holding this bearer token, while it has not expired (one statement). Marks the
/// token used at most every ten minutes, so reads stay reads.
pub async fn token_user(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<AuthUser>> {
    let Some((row, u, grants)) = user_and_grants(
        db,
        (
            ", t.id AS t_id, t.expires_at AS t_expires_at, t.last_used_at AS t_last_used_at",
            "api_tokens t JOIN users u ON u.id = t.user_id",
            "t.token_hash",
        ),
        token_digest(token).into(),
    )
    .await?
    else {
        return Ok(None);
    };
    let token_id: i64 = row.try_get("", "t_id")?;
    let expires_at: Option<DateTime<Utc>> = row.try_get("", "t_expires_at")?;
    let last_used_at: Option<DateTime<Utc>> = row.try_get("", "t_last_used_at")?;
    if expires_at.is_none_or(|at| at <= now) {
        return Ok(None);
    }
    if last_used_at.is_none_or(|at| now - at > Duration::minutes(10)) {
        api_token::Entity::update_many()
            .col_expr(
                api_token::Column::LastUsedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(api_token::Column::Id.eq(token_id))
            .exec(db)
            .await?;
    }
    Ok(Some(auth_user(u, grants.into_iter())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_scopes_must_match() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert!(Grant::from_row("admin", "global", 0).is_some());
        assert!(Grant::from_row("admin", "partnership", 3).is_none());
        assert!(Grant::from_row("wizard", "global", 0).is_none());
        assert!(Grant::from_row("logistics", "partnership", 3).is_some());
    }
}
