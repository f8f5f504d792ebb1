//! Trainings and meetings: a coordinator publishes one (date, place or link, capacity, which
//! territories are invited); coordinators of the invited territories register their participants.
//! Places are taken by one conditional update, so capacity is never exceeded; a registration that
//! does not fit waits and is promoted, in order, when places free up. Registered territories get
//! an .ics invitation.

use chrono::{DateTime, Utc};
use entity::training_registration::RegistrationStatus;
use entity::trip::Texts;
use entity::{network_membership, territory, training, training_registration};
use icalendar::{Calendar, Component, Event, EventLike};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use super::service::my_territories;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::mail::domain::{Attachment, MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::security::AuthUser;
use crate::web::i18n::Lang;

/// A training (API body).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TrainingInput {
    /// The organising territory's slug.
    pub territory: String,
    pub title: String,
    pub description: String,
    /// RFC 3339 or a local Brussels time.
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub online_url: Option<String>,
    pub capacity: i64,
    /// Territory slugs invited; empty: every network territory.
    pub audience: Vec<String>,
}

/// Publishes a training (the organising territory's coordinators).
pub async fn publish(
    db: &DatabaseConnection,
    actor: &AuthUser,
    t: TrainingInput,
    now: DateTime<Utc>,
) -> AppResult<training::Model> {
    let mut errors = FieldErrors::new();
    let title = t.title.trim().to_owned();
    if title.is_empty() || title.chars().count() > 160 {
        errors.add("title", FieldError::new("required"));
    }
    let starts = crate::clock::parse_instant(&t.starts_at);
    let ends = crate::clock::parse_instant(&t.ends_at);
    match (starts, ends) {
        (None, _) => errors.add("starts_at", FieldError::new("datetime")),
        (_, None) => errors.add("ends_at", FieldError::new("datetime")),
        (Some(s), Some(e)) => {
            if s <= now {
                errors.add("starts_at", FieldError::new("in-the-past"));
            }
            if e <= s {
                errors.add("ends_at", FieldError::new("ends-before-starts"));
            }
        }
    }
    if !(1..=1000).contains(&t.capacity) {
        errors.add(
            "capacity",
            FieldError::new("range").with("min", 1).with("max", 1000),
        );
    }
    let online_url = t
        .online_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if let Some(u) = online_url
        && url::Url::parse(u)
            .map(|u| u.scheme() != "https" && u.scheme() != "http")
            .unwrap_or(true)
    {
        errors.add("online_url", FieldError::new("url"));
    }
    if t.place.trim().is_empty() && online_url.is_none() {
        errors.add("place", FieldError::new("required"));
    }
    let audience: Vec<String> = t
        .audience
        .iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    let known: Vec<String> = territory::Entity::find()
        .filter(territory::Column::Slug.is_in(audience.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.slug)
        .collect();
    if let Some(bad) = audience.iter().find(|a| !known.contains(a)) {
        errors.add(
            "audience",
            FieldError::new("unknown-territory").with("territory", bad),
        );
    }
    let organiser = territory::Entity::find()
        .filter(territory::Column::Slug.eq(t.territory.trim()))
        .one(db)
        .await?;
    if organiser.is_none() {
        errors.add("territory", FieldError::new("unknown-territory"));
    }
    errors.into_result()?;
    let (Some(organiser), Some(starts), Some(ends)) = (organiser, starts, ends) else {
        return Err(AppError::validation("starts_at", "required"));
    };
    if !my_territories(db, actor).await?.contains(&organiser.id) {
        return Err(AppError::Forbidden);
    }
    Ok(training::ActiveModel {
        territory_id: Set(organiser.id),
        title: Set(title),
        description: Set(t.description.trim().to_owned()),
        starts_at: Set(starts),
        ends_at: Set(ends),
        place: Set(t.place.trim().to_owned()),
        online_url: Set(online_url.map(str::to_owned)),
        capacity: Set(t.capacity as i32),
        seats_taken: Set(0),
        audience: Set(Texts(audience)),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub(crate) async fn take(
    conn: &impl ConnectionTrait,
    training_id: i64,
    seats: i32,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let res = training::Entity::update_many()
        .col_expr(
            training::Column::SeatsTaken,
            Expr::col(training::Column::SeatsTaken).add(seats),
        )
        .col_expr(training::Column::UpdatedAt, Expr::value(now))
        .filter(training::Column::Id.eq(training_id))
        .filter(
            Expr::col(training::Column::SeatsTaken)
                .add(seats)
                .lte(Expr::col(training::Column::Capacity)),
        )
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The invitation as an .ics event.
pub fn ics(t: &training::Model, organiser: &str) -> String {
    let mut e = Event::new();
    e.uid(&format!("training-{}@passerelle", t.id))
        .summary(&t.title)
        .description(&t.description)
        .location(t.online_url.as_deref().unwrap_or(&t.place))
        .starts(t.starts_at)
        .ends(t.ends_at)
        .add_property("ORGANIZER", format!("CN={organiser}"));
    let mut c = Calendar::new();
    c.push(e.done());
    c.done().to_string()
}

#[derive(Serialize)]
struct InvitationMail<'a> {
    title: &'a str,
    when: String,
    place: &'a str,
    participants: Vec<String>,
    count: usize,
}

pub(crate) async fn invite(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    t: &training::Model,
    r: &training_registration::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(u) = entity::user::Entity::find_by_id(r.user_id)
        .one(conn)
        .await?
    else {
        return Ok(());
    };
    let organiser = territory::Entity::find_by_id(t.territory_id)
        .one(conn)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let lang = Lang::parse(&u.locale).unwrap_or(Lang::Fr);
    let mail = InvitationMail {
        title: &t.title,
        when: crate::web::format::datetime(lang, t.starts_at),
        place: t.online_url.as_deref().unwrap_or(&t.place),
        participants: r.participants.0.clone(),
        count: r.participants.0.len(),
    };
    let email = OutgoingEmail::new(
        MailTemplate::TrainingInvitation,
        lang,
        &u.email,
        &u.display_name,
        mail,
    )
    .attach(Attachment {
        filename: "invitation.ics".into(),
        content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
        bytes: ics(t, &organiser).into_bytes(),
    });
    outbox::queue(conn, mailer, email, now).await?;
    Ok(())
}

/// Registers participants of a territory (its coordinators; the territory invited). Registered
/// when the places are there, else waiting; either way 201.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn register(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: &AuthUser,
    training_id: i64,
    territory_slug: &str,
    participants: &[String],
    now: DateTime<Utc>,
) -> AppResult<training_registration::Model> {
    let t = training::Entity::find_by_id(training_id)
        .one_or_404(db)
        .await?;
    let names: Vec<String> = participants
        .iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .take(50)
        .collect();
    if names.is_empty() || names.iter().any(|n| n.chars().count() > 120) {
        return Err(AppError::validation("participants", "required"));
    }
    let who = territory::Entity::find()
        .filter(territory::Column::Slug.eq(territory_slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation("territory", "unknown-territory"))?;
    if !my_territories(db, actor).await?.contains(&who.id) {
        return Err(AppError::Forbidden);
    }
    let invited = if t.audience.0.is_empty() {
        network_membership::Entity::find()
            .filter(network_membership::Column::TerritoryId.eq(who.id))
            .one(db)
            .await?
            .is_some()
            || who.id == t.territory_id
    } else {
        t.audience.0.contains(&who.slug) || who.id == t.territory_id
    };
    if !invited {
        return Err(AppError::Validation(FieldErrors::single(
            "territory",
            FieldError::new("not-invited"),
        )));
    }
    if t.starts_at <= now {
        return Err(AppError::conflict("training-started"));
    }
    let seats = names.len() as i32;
    let txn = crate::db::begin_write(db).await?;
    let status = if take(&txn, t.id, seats, now).await? {
        RegistrationStatus::Registered
    } else {
        RegistrationStatus::Waiting
    };
    let r = training_registration::ActiveModel {
        training_id: Set(t.id),
        territory_id: Set(who.id),
        user_id: Set(actor.id),
        participants: Set(Texts(names)),
        seats: Set(seats),
        status: Set(status),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if status == RegistrationStatus::Registered {
        invite(&txn, mailer, &t, &r, now).await?;
    }
    txn.commit().await?;
    Ok(r)
}

/// The coming trainings with their organisers, and the territories the viewer may register or
/// organise for (four queries at most).
pub struct Coming {
    pub trainings: Vec<training::Model>,
    pub organisers: Vec<territory::Model>,
    pub mine: Vec<territory::Model>,
}

pub async fn coming(
    db: &DatabaseConnection,
    actor: Option<&AuthUser>,
    now: DateTime<Utc>,
) -> AppResult<Coming> {
    let trainings = training::Entity::find()
        .filter(training::Column::StartsAt.gt(now))
        .order_by_asc(training::Column::StartsAt)
        .all(db)
        .await?;
    let organisers = territory::Entity::find()
        .filter(territory::Column::Id.is_in(trainings.iter().map(|t| t.territory_id)))
        .all(db)
        .await?;
    let mine = match actor {
        Some(a) => {
            let ids = my_territories(db, a).await?;
            territory::Entity::find()
                .filter(territory::Column::Id.is_in(ids))
                .order_by_asc(territory::Column::Name)
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    Ok(Coming {
        trainings,
        organisers,
        mine,
    })
}

/// A training and its organising territory.
pub async fn with_organiser(
    db: &DatabaseConnection,
    id: i64,
) -> AppResult<(training::Model, territory::Model)> {
    let t = training::Entity::find_by_id(id).one_or_404(db).await?;
    let o = territory::Entity::find_by_id(t.territory_id)
        .one_or_404(db)
        .await?;
    Ok((t, o))
}
