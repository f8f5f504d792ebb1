use sea_orm::entity::prelude::*;

use crate::trip::Texts;

/// A training or meeting of the network, organised by a territory.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trainings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub territory_id: i64,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub place: String,
    pub online_url: Option<String>,
    pub capacity: i32,
    /// Places registered; never above capacity (one conditional update changes it).
    pub seats_taken: i32,
    /// Slugs of the territories invited; empty: every network territory.
    pub audience: Texts,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
