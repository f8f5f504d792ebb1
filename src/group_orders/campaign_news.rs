//! The emails that tell a campaign's members it opened, closes soon, or was cancelled.

use chrono::{DateTime, Utc};
use entity::{basket_line, campaign, user};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;

use super::groups::{self, GroupFull};
use crate::error::AppResult;
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::web::format;
use crate::web::i18n::Lang;

/// What a campaign email announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum News {
    Opened,
    Reminder,
    Cancelled,
    CancelledMinimum,
    /// Closed without a single case ordered.
    CancelledNothing,
    /// The shipment carrying the campaign's goods left (in transit).
    GoodsLeft,
    /// The shipment arrived: the goods will be ready at the pickup point.
    GoodsArrived,
    /// The shipment is late: the pickup date moved (from `previous_delivery_on`).
    GoodsDelayed,
}

impl News {
    /// News a member may decline (an order window opening, its last day), unlike what
    /// concerns an order they placed (cancelled, on the way, arrived, delayed).
    pub fn is_optional(self) -> bool {
        matches!(self, News::Opened | News::Reminder)
    }
}

/// What a delay adds to its email: the pickup date before it and the coordinators' note.
#[derive(Clone, Debug, Default)]
pub struct Delay {
    pub previous_delivery_on: Option<chrono::NaiveDate>,
    pub note: String,
}

#[derive(Serialize)]
struct NewsMail<'a> {
    kind: News,
    title: &'a str,
    group: &'a str,
    closes_at: String,
    delivery_on: String,
    /// Before a delay moved it.
    previous_delivery_on: Option<String>,
    link: String,
    reason: Option<&'a str>,
}

/// Local (Brussels) date and time as `12/12/2026 20:00`. Other areas still call it; pages and
/// emails of collective orders write times per language with `web::format` instead.
pub fn local_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono_tz::Europe::Brussels)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// Emails the group's members (or, with `only`, those users) about the campaign.
pub async fn notify_members(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    c: &campaign::Model,
    g: &GroupFull,
    kind: News,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    notify_members_of_delay(conn, mailer, c, g, kind, &Delay::default(), now).await
}

/// [`notify_members`], with what a delay adds (the former pickup date and the note).
pub async fn notify_members_of_delay(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    c: &campaign::Model,
    g: &GroupFull,
    kind: News,
    delay: &Delay,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let members = groups::members(conn, g.group.id).await?;
    let recipients: Vec<user::Model> = match kind {
        // Optional news: not to those who withdrew their consent.
        News::Opened | News::Reminder => members
            .into_iter()
            .map(|m| m.user)
            .filter(|u| u.optional_mail_withdrawn_at.is_none())
            .collect(),
        News::Cancelled
        | News::CancelledMinimum
        | News::CancelledNothing
        | News::GoodsLeft
        | News::GoodsArrived
        | News::GoodsDelayed => {
            let with_lines: Vec<i64> = basket_line::Entity::find()
                .select_only()
                .column(basket_line::Column::UserId)
                .distinct()
                .filter(basket_line::Column::CampaignId.eq(c.id))
                .into_tuple()
                .all(conn)
                .await?;
            user::Entity::find()
                .filter(user::Column::Id.is_in(with_lines))
                .all(conn)
                .await?
        }
    };
    for u in &recipients {
        let lang = Lang::parse(&u.locale).unwrap_or(Lang::Fr);
        let mail = NewsMail {
            kind,
            title: &c.title,
            group: &g.group.name,
            closes_at: format::datetime(lang, c.closes_at),
            delivery_on: format::date(lang, c.delivery_on),
            previous_delivery_on: delay.previous_delivery_on.map(|d| format::date(lang, d)),
            // In the reader's language: the page (and the login page before it) opens in it.
            link: mailer.link(&format!("/campaigns/{}?lang={}", c.id, lang.code())),
            // The reasons the close gives are said by the template in the reader's language; a
            // delay's note is quoted as the coordinators wrote it.
            reason: match kind {
                News::GoodsDelayed => Some(delay.note.as_str()).filter(|n| !n.is_empty()),
                _ => c
                    .cancel_reason
                    .as_deref()
                    .filter(|r| !matches!(*r, "minimum" | "nothing")),
            },
        };
        let mut email = OutgoingEmail::new(
            MailTemplate::CampaignNews,
            lang,
            &u.email,
            &u.display_name,
            mail,
        );
        if kind.is_optional() {
            email = email.optional(mailer.unsubscribe_link(u.id));
        }
        outbox::queue(conn, mailer, email, now).await?;
    }
    Ok(recipients.len())
}
