//! Who keeps which books, and finding a request however a person names it.
//!
//! A partnership's coordinators (and admins) keep the books of all its requests, on the
//! partnership's account. The coordinators of a buying group keep the books of their members'
//! shares (`payment_requests.group_id`), and of their group's own account when it has one: they
//! import its statements, record transfers, refund and cancel, for their group's requests only.
//!
//! A request is named by the reference of its link or by its structured communication written
//! any common way (`+++916/8155/66569+++`, `***…***`, `916/8155/66569`, `916815566569`, spaces,
//! Arabic-Indic digits), in forms, searches and URLs alike.

use entity::{consumer_group, partnership, payment_request};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use super::domain::Ogm;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::security::{AuthUser, Role};

/// Whose books a page shows.
#[derive(Clone, Debug)]
pub enum Scope {
    /// A partnership's books (its own account and every request of the partnership).
    Partnership(partnership::Model),
    /// A buying group's books: its members' shares, and its own account's statements.
    Group {
        group: Box<consumer_group::Model>,
        partnership: partnership::Model,
    },
}

/// Which books a page asks for, by slug.
#[derive(Clone, Copy, Debug)]
pub enum ScopeRef<'a> {
    Partnership(&'a str),
    Group(&'a str),
}

impl Scope {
    pub fn partnership(&self) -> &partnership::Model {
        match self {
            Scope::Partnership(p) => p,
            Scope::Group { partnership, .. } => partnership,
        }
    }

    pub fn group(&self) -> Option<&consumer_group::Model> {
        match self {
            Scope::Partnership(_) => None,
            Scope::Group { group, .. } => Some(group),
        }
    }

    /// The group whose own account's statement lines these books hold (none: the
    /// partnership's account).
    pub fn group_id(&self) -> Option<entity::GroupId> {
        self.group().map(|g| g.id)
    }

    /// The path of these books' page.
    pub fn path(&self) -> String {
        match self {
            Scope::Partnership(p) => format!("/partnerships/{}/payments", p.slug),
            Scope::Group { group, .. } => format!("/groups/{}/payments", group.slug),
        }
    }

    /// Whether a request belongs to these books.
    pub fn covers(&self, r: &payment_request::Model) -> bool {
        match self {
            Scope::Partnership(p) => r.partnership_id == p.id,
            Scope::Group { group, .. } => r.group_id == Some(group.id),
        }
    }

    /// The condition selecting the requests of these books.
    pub fn requests(&self) -> Condition {
        match self {
            Scope::Partnership(p) => {
                Condition::all().add(payment_request::Column::PartnershipId.eq(p.id))
            }
            Scope::Group { group, .. } => {
                Condition::all().add(payment_request::Column::GroupId.eq(group.id))
            }
        }
    }

    /// Whether the group's members pay into the group's own account (whose statements its
    /// treasurers import); always true for a partnership's books.
    pub fn has_own_account(&self) -> bool {
        match self {
            Scope::Partnership(p) => p.iban.is_some(),
            Scope::Group { group, .. } => group.iban.is_some(),
        }
    }
}

/// The books `actor` keeps: a partnership's for its coordinators; a group's for its
/// coordinators and the partnership's. 404 when unknown, 403 when not theirs.
pub async fn load(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    which: ScopeRef<'_>,
) -> AppResult<Scope> {
    match which {
        ScopeRef::Partnership(slug) => {
            let p = actor.coordinated_partnership(conn, slug).await?;
            Ok(Scope::Partnership(p))
        }
        ScopeRef::Group(slug) => {
            let group = consumer_group::Entity::find()
                .filter(consumer_group::Column::Slug.eq(slug))
                .one_or_404(conn)
                .await?;
            let p = partnership::Entity::find_by_id(group.partnership_id)
                .one_or_404(conn)
                .await?;
            if !(actor.holds(Role::GroupCoordinator, group.id)
                || actor.coordinates_partnership(p.id))
            {
                return Err(AppError::Forbidden);
            }
            Ok(Scope::Group {
                group: Box::new(group),
                partnership: p,
            })
        }
    }
}

/// Who keeps the books of a request: the partnership's coordinators and admins, and the
/// coordinators of the group whose member's share it is.
pub fn is_treasurer(actor: &AuthUser, r: &payment_request::Model) -> bool {
    actor.coordinates_partnership(r.partnership_id)
        || r.group_id
            .is_some_and(|g| actor.holds(Role::GroupCoordinator, g))
}

/// The condition matching a request named by `key`: its reference, or its structured
/// communication however written. None when `key` is blank.
pub fn key_condition(key: &str) -> Option<Condition> {
    let key = key.trim();
    if key.is_empty() {
        return None;
    }
    let mut c = Condition::any().add(payment_request::Column::Reference.eq(key));
    if let Some(ogm) = Ogm::parse(key) {
        c = c.add(payment_request::Column::Ogm.eq(ogm.digits()));
    }
    Some(c)
}

/// A request by its reference or its structured communication (no authorization).
pub async fn find(
    conn: &impl ConnectionTrait,
    key: &str,
) -> AppResult<Option<payment_request::Model>> {
    let Some(c) = key_condition(key) else {
        return Ok(None);
    };
    Ok(payment_request::Entity::find().filter(c).one(conn).await?)
}

/// A request its treasurer names in a form field: a blank, malformed or unknown
/// communication (or one of requests they do not keep) is a message on `field`, never a 404.
pub async fn typed_request(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    scope: Option<&Scope>,
    field: &str,
    key: &str,
) -> AppResult<payment_request::Model> {
    let key = key.trim();
    if key.is_empty() {
        return Err(AppError::Validation(FieldErrors::single(
            field,
            FieldError::new("required"),
        )));
    }
    let digits = key.chars().filter(char::is_ascii_digit).count();
    let found = find(conn, key)
        .await?
        .filter(|r| is_treasurer(actor, r) && scope.is_none_or(|s| s.covers(r)));
    found.ok_or_else(|| {
        // Twelve digits that fail the check: a typing mistake, said as such.
        let code = if digits == 12 && Ogm::parse(key).is_none() {
            "ogm-check-digits"
        } else {
            "unknown-request"
        };
        AppError::Validation(FieldErrors::single(field, FieldError::new(code)))
    })
}

/// A request as its payer or a treasurer may see it; 404 for anyone else.
pub async fn request_for(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    key: &str,
) -> AppResult<payment_request::Model> {
    let r = find(conn, key).await?.ok_or(AppError::NotFound)?;
    if r.payer_user_id == Some(actor.id) || is_treasurer(actor, &r) {
        Ok(r)
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether `actor` keeps some books (a partnership's or a group's).
fn keeps_books(actor: &AuthUser) -> bool {
    actor
        .scopes_of(Role::PartnershipCoordinator)
        .chain(actor.scopes_of(Role::GroupCoordinator))
        .next()
        .is_some()
}

/// A request its treasurer keeps. A treasurer of other books is told it is not theirs (403);
/// anyone else is told nothing (404).
pub async fn request_kept_by(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    key: &str,
) -> AppResult<payment_request::Model> {
    let r = find(conn, key).await?.ok_or(AppError::NotFound)?;
    if is_treasurer(actor, &r) {
        Ok(r)
    } else if keeps_books(actor) {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

/// How a person named the request they act on.
#[derive(Clone, Copy, Debug)]
pub enum Named<'a> {
    /// In a URL (the API, the request's own page): an unknown or foreign request is a 404.
    Path(&'a str),
    /// Typed in a field of a books page's form: an unknown request is a message on the field.
    Typed {
        books: ScopeRef<'a>,
        field: &'a str,
        key: &'a str,
    },
}

/// The request `named`, kept by `actor`.
pub async fn resolve(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    named: Named<'_>,
) -> AppResult<payment_request::Model> {
    match named {
        Named::Path(key) => request_kept_by(conn, actor, key).await,
        Named::Typed { books, field, key } => {
            let scope = load(conn, actor, books).await?;
            typed_request(conn, actor, Some(&scope), field, key).await
        }
    }
}
