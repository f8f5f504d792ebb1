use crate::cents::Cents;
use sea_orm::entity::prelude::*;

/// A project of a partnership's community fund, proposed and chosen in the territory.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_projects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub partnership_id: i64,
    /// Where the project happens (one of the partnership's two territories).
    pub territory_id: i64,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub budget_cents: Cents,
    /// proposed, open (chosen: travellers may support it), completed or withdrawn.
    pub status: String,
    /// How and by whom it was chosen (or why it was withdrawn).
    #[sea_orm(column_type = "Text", nullable)]
    pub decision: Option<String>,
    pub chosen_on: Option<Date>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
