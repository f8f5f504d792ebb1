use sea_orm::entity::prelude::*;

/// A record that someone downloaded or printed personal data of others (a member list, a
/// travellers' list, a payment list): who, when, what and how many rows. Admins read them.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "personal_data_exports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Who exported (no foreign key: the record outlives the account).
    pub user_id: i64,
    /// What was exported (`travellers_csv`, `members_csv` ...).
    pub kind: String,
    pub partnership_id: Option<i64>,
    /// Of what: `departure 12`, `campaign 3` ...
    pub subject: String,
    pub row_count: i32,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
