//! Sent emails keep their body only so long (`PASSERELLE_RETENTION_MAIL_BODY_DAYS`): a daily
//! job empties the text, the HTML and the attachments of messages sent longer ago, and keeps
//! who they went to, when, their subject and status. Messages queued, being sent or failed are
//! left whole (they may still be sent, or an admin may look at why they were not).

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
