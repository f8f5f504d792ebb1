use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A file attached to a queued email (base64 so it travels in a JSON column).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAttachment {
    pub filename: String,
    pub content_type: String,
    pub data_base64: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Attachments(pub Vec<StoredAttachment>);

/// An email queued in the same transaction as the change that causes it, rendered at that time.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `<...@host>`: stable across retries so a re-send after a crash is recognisably the same message.
    #[sea_orm(unique)]
    pub message_id: String,
    pub template: String,
    pub locale: String,
    pub to_email: String,
    pub to_name: String,
    pub reply_to: Option<String>,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body_text: String,
    #[sea_orm(column_type = "Text")]
    pub body_html: String,
    pub attachments: Attachments,
    /// queued, sending, sent or failed.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub locked_until: Option<DateTimeUtc>,
    pub locked_by: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
