use sea_orm::entity::prelude::*;

/// What one member asks of one product in a campaign, and what they received at close.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "basket_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: crate::CampaignId,
    pub campaign_product_id: i64,
    pub user_id: i64,
    pub quantity: i32,
    /// Extra units the member accepts to complete a case.
    pub tolerance: i32,
    pub allocated: Option<i32>,
    /// Why the member received what they did (a code the pages explain).
    pub reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
