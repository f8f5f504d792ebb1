//! The outbox: emails are rendered and stored in the same transaction as the change that
//! causes them, then claimed and sent by the worker, at least once, with a stable Message-ID.

use std::sync::Arc;

use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use entity::outbox_message::{self, Attachments, OutboxStatus, StoredAttachment};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use super::domain::{MailTemplate, OutgoingEmail, clean_subject, message_id};
use super::unsubscribe::UnsubscribeKey;
use crate::config::Config;
use crate::error::{AppError, AppResult};
use crate::security::AuthUser;
use crate::web::pagination::PageQuery;
use crate::web::templates::Templates;

/// Renders emails: templates plus what every email needs (site address, sender domain).
pub struct Mailer {
    templates: Arc<Templates>,
    site_url: String,
    domain: String,
    unsubscribe: UnsubscribeKey,
}

#[derive(Serialize)]
struct MailContext<'a> {
    lang: &'static str,
    dir: &'static str,
    site_url: &'a str,
    to_name: &'a str,
    /// Optional emails only: where to stop them, in one click.
    unsubscribe_url: Option<&'a str>,
}

impl Mailer {
    /// Fails when a mail template lacks one of its parts.
    pub fn new(templates: Arc<Templates>, config: &Config) -> anyhow::Result<Self> {
        for t in MailTemplate::ALL {
            for part in MailTemplate::PARTS {
                if !templates.has(&t.part(part)) {
                    anyhow::bail!("template {} is missing", t.part(part));
                }
            }
        }
        Ok(Mailer {
            templates,
            site_url: config.url_for(""),
            domain: config.mail_from.email.domain().to_owned(),
            unsubscribe: UnsubscribeKey::derive(config.secret_key.expose()),
        })
    }

    /// An absolute link into the site, for emails.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.site_url)
    }

    /// The one-click unsubscribe link of `user_id`'s optional emails.
    pub fn unsubscribe_link(&self, user_id: i64) -> String {
        self.link(&format!("/unsubscribe/{}", self.unsubscribe.token(user_id)))
    }

    /// The account an unsubscribe token was made for, if this site made it.
    pub fn unsubscribe_account(&self, token: &str) -> Option<i64> {
        self.unsubscribe.check(token)
    }

    /// (subject, text, html) of an email.
    pub fn render(&self, email: &OutgoingEmail) -> AppResult<(String, String, String)> {
        let mut ctx = tera::Context::from_serialize(&MailContext {
            lang: email.lang.code(),
            dir: email.lang.dir(),
            site_url: &self.site_url,
            to_name: &email.to_name,
            unsubscribe_url: email.unsubscribe_url.as_deref(),
        })
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("mail context: {e}")))?;
        if let serde_json::Value::Object(map) = &email.context {
            for (k, v) in map {
                ctx.insert(k.clone(), v);
            }
        }
        let t = email.template;
        let subject = self.templates.render(&t.part("subject.txt"), &ctx)?;
        let subject = clean_subject(&subject).ok_or_else(|| {
            AppError::Unexpected(anyhow::anyhow!(
                "the subject of {} is not one line",
                t.name()
            ))
        })?;
        let text = self.templates.render(&t.part("body.txt"), &ctx)?;
        let html = self.templates.render(&t.part("body.html"), &ctx)?;
        Ok((subject, text, html))
    }
}

/// Renders and stores an email inside the caller's transaction: if it rolls back, no email exists.
pub async fn queue(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    email: OutgoingEmail,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let row = prepare(mailer, &email, now)?.insert(conn).await?;
    Ok(row.id)
}

/// Renders an email into the row that will hold it (CPU only: callers may do many at once on
/// several threads, then [`store`] them).
pub fn prepare(
    mailer: &Mailer,
    email: &OutgoingEmail,
    now: DateTime<Utc>,
) -> AppResult<outbox_message::ActiveModel> {
    email.check().map_err(AppError::Validation)?;
    let (subject, text, html) = mailer.render(email)?;
    let attachments = email
        .attachments
        .iter()
        .map(|a| StoredAttachment {
            filename: a.filename.clone(),
            content_type: a.content_type.clone(),
            data_base64: base64::engine::general_purpose::STANDARD.encode(&a.bytes),
        })
        .collect();
    Ok(outbox_message::ActiveModel {
        message_id: Set(message_id(&mailer.domain)),
        template: Set(email.template.name().to_owned()),
        locale: Set(email.lang.code().to_owned()),
        to_email: Set(email.to_email.trim().to_owned()),
        to_name: Set(email.to_name.clone()),
        reply_to: Set(email.reply_to.clone()),
        subject: Set(subject),
        body_text: Set(text),
        body_html: Set(html),
        attachments: Set(Attachments(attachments)),
        status: Set(OutboxStatus::Queued),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        unsubscribe_url: Set(email.unsubscribe_url.clone()),
        ..Default::default()
    })
}

/// Stores prepared emails in the caller's transaction, a hundred rows per statement.
pub async fn store(
    conn: &impl ConnectionTrait,
    rows: Vec<outbox_message::ActiveModel>,
) -> AppResult<()> {
    for chunk in rows.chunks(100) {
        outbox_message::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// The outbox as a work queue.
pub const QUEUE: crate::db::WorkQueue = crate::db::WorkQueue {
    table: "outbox_messages",
    waiting: "'queued', 'sending'",
    leased: OutboxStatus::Sending.as_str(),
    due: "next_attempt_at",
    order_by: "id",
    touch_updated_at: false,
    done: OutboxStatus::Sent.as_str(),
    done_at: Some("sent_at"),
    finishing: "'sending'",
    retry: OutboxStatus::Queued.as_str(),
    failed: OutboxStatus::Failed.as_str(),
};

/// Claims up to `limit` due messages for `worker` until `now + lease`. A message whose lease
/// ran out (its worker died between sending and recording) is claimed again: at least once.
pub async fn claim(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> AppResult<Vec<outbox_message::Model>> {
    let mut rows = QUEUE
        .claim::<outbox_message::Entity>(db, worker, now, lease, limit)
        .await?;
    rows.sort_by_key(|m| m.id);
    Ok(rows)
}

/// An admin puts a failed message back in the queue, with a fresh set of attempts.
pub async fn retry(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let res = outbox_message::Entity::update_many()
        .col_expr(
            outbox_message::Column::Status,
            Expr::value(OutboxStatus::Queued),
        )
        .col_expr(outbox_message::Column::Attempts, Expr::value(0))
        .col_expr(outbox_message::Column::NextAttemptAt, Expr::value(now))
        .filter(outbox_message::Column::Id.eq(id))
        .filter(outbox_message::Column::Status.eq(OutboxStatus::Failed))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::conflict("message-not-failed"));
    }
    Ok(())
}

/// Counts per status, and one page of messages (newest first), for admins.
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    status: Option<OutboxStatus>,
    q: &PageQuery,
) -> AppResult<(Vec<(OutboxStatus, u64)>, Vec<outbox_message::Model>, u64)> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let counts: Vec<(String, i64)> = outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::Status)
        .column_as(outbox_message::Column::Id.count(), "n")
        .group_by(outbox_message::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let counts = OutboxStatus::ALL
        .into_iter()
        .map(|s| {
            let n = counts
                .iter()
                .find(|(k, _)| k == s.as_str())
                .map(|(_, n)| *n)
                .unwrap_or(0);
            (s, n.max(0) as u64)
        })
        .collect();
    let mut query = outbox_message::Entity::find().order_by_desc(outbox_message::Column::Id);
    if let Some(s) = status {
        query = query.filter(outbox_message::Column::Status.eq(s));
    }
    let total = query.clone().count(db).await?;
    let rows = query.offset(q.offset()).limit(q.per_page()).all(db).await?;
    Ok((counts, rows, total))
}
