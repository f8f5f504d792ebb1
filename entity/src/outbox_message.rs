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

crate::stored_enum! {
/// Where a queued email stands. Stored as its snake_case name.
pub enum OutboxStatus {
    /// Waiting for a worker (new, or back after a failed attempt).
    Queued,
    /// Leased by a worker that is sending it.
    Sending,
    /// Delivered to the SMTP server.
    Sent,
    /// Given up after its last attempt; an admin may queue it again.
    Failed,
}
}

impl OutboxStatus {
    /// Every status, in the order admins see them.
    pub const ALL: [OutboxStatus; 4] = [Self::Queued, Self::Sending, Self::Sent, Self::Failed];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    /// The status stored under `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

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
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub locked_until: Option<DateTimeUtc>,
    pub locked_by: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// The one-click unsubscribe link of an optional email (RFC 8058), sent as `List-Unsubscribe`.
    pub unsubscribe_url: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
