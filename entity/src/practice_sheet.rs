use sea_orm::entity::prelude::*;

use crate::I18nText;
use crate::trip::Texts;

/// How a territory did something, told so that others can do it too.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_sheets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub territory_id: i64,
    /// practices, tourism or trade.
    pub pillar: String,
    pub topics: Texts,
    pub title: I18nText,
    pub summary: I18nText,
    /// The method, step by step.
    pub method: I18nText,
    pub results: I18nText,
    #[sea_orm(column_type = "Text")]
    pub contacts: String,
    pub languages: Texts,
    /// Title, summary, method and results normalised for search.
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
