//! Sent emails keep their body only so long (`PASSERELLE_RETENTION_MAIL_BODY_DAYS`): a daily
//! job empties the text, the HTML and the attachments of messages sent longer ago, and keeps
//! who they went to, when, their subject and status. Messages queued, being sent or failed are
//! left whole (they may still be sent, or an admin may look at why they were not).
//! Later (`PASSERELLE_RETENTION_MAIL_META_DAYS`) a second job erases who sent and failed
//! emails went to and their subjects: the outbox then only says an email of a kind went out, when.

use chrono::{DateTime, Duration, Utc};
use entity::job;
use entity::outbox_message::{self, Attachments, OutboxStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::AppResult;
use crate::jobs::JobFuture;
use crate::state::AppState;

/// The daily job kind that empties the bodies of emails sent long ago.
pub const JOB_PURGE_BODIES: &str = "purge_sent_mail_bodies";

/// The job handler (registered as a daily kind in `startup.rs`).
pub fn purge_job<'a>(state: &'a AppState, _job: &'a job::Model) -> JobFuture<'a> {
    Box::pin(async move {
        let days = state.config.retention.mail_body_days;
        let emptied = purge_bodies(&state.db, days, state.now()).await?;
        if emptied > 0 {
            tracing::info!(messages = emptied, "bodies of sent emails purged");
        }
        Ok(())
    })
}

/// Empties the body and attachments of messages sent more than `days` days before `now`.
/// Returns how many were emptied (those already empty are not written again).
pub async fn purge_bodies(
    conn: &impl ConnectionTrait,
    days: i64,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let no_attachments = Attachments::default();
    let emptied = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::BodyText, Expr::value(""))
        .col_expr(outbox_message::Column::BodyHtml, Expr::value(""))
        .col_expr(
            outbox_message::Column::Attachments,
            Expr::value(no_attachments.clone()),
        )
        .filter(outbox_message::Column::Status.eq(OutboxStatus::Sent))
        .filter(outbox_message::Column::SentAt.lt(now - Duration::days(days)))
        .filter(
            Condition::any()
                .add(outbox_message::Column::BodyText.ne(""))
                .add(outbox_message::Column::BodyHtml.ne(""))
                .add(outbox_message::Column::Attachments.ne(no_attachments)),
        )
        .exec(conn)
        .await?
        .rows_affected;
    Ok(emptied)
}

/// The daily job kind that erases who sent emails went to, and their subjects.
pub const JOB_ERASE_RECIPIENTS: &str = "erase_sent_mail_recipients";

/// The job handler (registered as a daily kind in `startup.rs`).
pub fn erase_recipients_job<'a>(state: &'a AppState, _job: &'a job::Model) -> JobFuture<'a> {
    Box::pin(async move {
        let days = state.config.retention.mail_meta_days;
        let erased = erase_recipients(&state.db, days, state.now()).await?;
        if erased > 0 {
            tracing::info!(messages = erased, "recipients of old emails erased");
        }
        Ok(())
    })
}

/// Erases the recipient, reply-to, subject, body, attachments, error and unsubscribe link of
/// messages sent or failed, queued more than `days` days before `now`: what stays is the kind
/// (template), language, status and times. Returns how many were erased.
pub async fn erase_recipients(
    conn: &impl ConnectionTrait,
    days: i64,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let none: Option<String> = None;
    let erased = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::ToEmail, Expr::value(""))
        .col_expr(outbox_message::Column::ToName, Expr::value(""))
        .col_expr(outbox_message::Column::ReplyTo, Expr::value(none.clone()))
        .col_expr(outbox_message::Column::Subject, Expr::value(""))
        .col_expr(outbox_message::Column::BodyText, Expr::value(""))
        .col_expr(outbox_message::Column::BodyHtml, Expr::value(""))
        .col_expr(
            outbox_message::Column::Attachments,
            Expr::value(Attachments::default()),
        )
        .col_expr(outbox_message::Column::LastError, Expr::value(none.clone()))
        .col_expr(outbox_message::Column::UnsubscribeUrl, Expr::value(none))
        .filter(outbox_message::Column::Status.is_in([OutboxStatus::Sent, OutboxStatus::Failed]))
        .filter(outbox_message::Column::CreatedAt.lt(now - Duration::days(days)))
        .filter(outbox_message::Column::ToEmail.ne(""))
        .exec(conn)
        .await?
        .rows_affected;
    Ok(erased)
}
