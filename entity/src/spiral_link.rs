use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// The kind of partnership action a SPIRAL link points to. Stored as its snake_case name.
pub enum ActionKind {
    /// A group-order campaign (`target_id`: the campaign's id).
    Campaign,
    /// A solidarity stay (the trip's id).
    Trip,
    /// A practice sheet of the library (the sheet's id).
    Practice,
}
}

impl ActionKind {
    /// Every kind, in the order coordinators choose from.
    pub const ALL: [ActionKind; 3] = [Self::Campaign, Self::Trip, Self::Practice];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Campaign => "campaign",
            Self::Trip => "trip",
            Self::Practice => "practice",
        }
    }

    /// The kind stored under `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// A partnership action (campaign, trip or practice sheet) that serves a criterion.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spiral_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub criterion_id: i64,
    pub kind: ActionKind,
    pub target_id: i64,
}

impl ActiveModelBehavior for ActiveModel {}
