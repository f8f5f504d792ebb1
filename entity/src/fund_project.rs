use crate::cents::Cents;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// Where a fund project stands. Stored as its snake_case name.
pub enum ProjectStatus {
    /// Proposed in the territory, waiting for the local decision.
    Proposed,
    /// Chosen: travellers may support it and the fund may pay it.
    Open,
    /// Done: its reports stay, final invoices may still be paid.
    Completed,
    /// Not (or no longer) carried out.
    Withdrawn,
}
}

/// A project of a partnership's community fund, proposed and chosen in the territory.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_projects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub partnership_id: crate::PartnershipId,
    /// Where the project happens (one of the partnership's two territories).
    pub territory_id: i64,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub budget_cents: Cents,
    pub status: ProjectStatus,
    /// How and by whom it was chosen (or why it was withdrawn).
    #[sea_orm(column_type = "Text", nullable)]
    pub decision: Option<String>,
    pub chosen_on: Option<Date>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
