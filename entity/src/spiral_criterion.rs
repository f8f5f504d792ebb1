use sea_orm::entity::prelude::*;

/// A well-being (or ill-being) criterion the citizens of a territory defined in SPIRAL groups.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spiral_criteria")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub territory_id: i64,
    /// One of SPIRAL's families (access to resources, living environment, relations ...).
    pub family: String,
    /// well_being or ill_being.
    pub polarity: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
