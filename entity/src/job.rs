use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// Where a job stands. Stored as its snake_case name.
pub enum JobStatus {
    /// Waiting for its run time (new, or back after a failed attempt).
    Pending,
    /// Leased by a worker that is running it.
    Running,
    /// Ran to its end (or marked done by its own writes).
    Done,
    /// Given up after its last attempt.
    Failed,
}
}

impl JobStatus {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }
}

/// Scheduled work (open and close order windows, expire holds, send reminders ...).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub payload: Json,
    /// At most one job per key (e.g. `campaign-close:12`).
    #[sea_orm(unique)]
    pub unique_key: Option<String>,
    pub status: JobStatus,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTimeUtc,
    pub locked_until: Option<DateTimeUtc>,
    pub locked_by: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
