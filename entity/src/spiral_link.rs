use sea_orm::entity::prelude::*;

/// A partnership action (campaign, trip or practice sheet) that serves a criterion.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spiral_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub criterion_id: i64,
    /// campaign, trip or practice.
    pub kind: String,
    pub target_id: i64,
}

impl ActiveModelBehavior for ActiveModel {}
