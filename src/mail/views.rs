//! The admin outbox page's data.

use entity::job::JobStatus;
use entity::outbox_message::OutboxStatus;
use serde::Serialize;

#[derive(Serialize)]
pub struct MessageRow {
    pub id: i64,
    pub to_email: String,
    pub subject: String,
    pub template: String,
    pub locale: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub created_at: String,
    pub next_attempt_at: String,
    pub sent_at: Option<String>,
    pub last_error: Option<String>,
}

#[derive(Serialize)]
pub struct StatusCount {
    pub status: OutboxStatus,
    pub count: u64,
    pub current: bool,
}

#[derive(Serialize)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub status: JobStatus,
    pub attempts: i32,
    pub run_at: String,
    pub last_error: Option<String>,
}

#[derive(Serialize)]
pub struct OutboxView {
    pub counts: Vec<StatusCount>,
    pub status: Option<OutboxStatus>,
    pub messages: Vec<MessageRow>,
    pub page: u64,
    pub pages: u64,
    pub jobs: Vec<JobRow>,
}
