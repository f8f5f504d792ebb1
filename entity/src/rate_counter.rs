use sea_orm::entity::prelude::*;

/// Attempts counted for one limiter key during one minute, shared by every instance. The key
/// names the limit and a digest of what it counts (a client address, an email address), never
/// the address itself.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_counters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub limiter_key: String,
    /// The minute's first second, in seconds since the Unix epoch.
    #[sea_orm(primary_key, auto_increment = false)]
    pub window_start: i64,
    pub attempts: i32,
}

impl ActiveModelBehavior for ActiveModel {}
