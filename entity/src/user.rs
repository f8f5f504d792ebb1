use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Lower-cased, unique.
    #[sea_orm(unique)]
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub display_name: String,
    /// Preferred language: fr, nl, en or ar.
    pub locale: String,
    pub email_verified_at: Option<DateTimeUtc>,
    /// Bumped when the password changes, so older sessions stop working.
    pub session_epoch: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the owner was last emailed that someone signed up with this address (once an hour).
    pub account_exists_mailed_at: Option<DateTimeUtc>,
    /// When the person withdrew their consent to optional emails (news of order windows,
    /// reminders); none while they accept them.
    pub optional_mail_withdrawn_at: Option<DateTimeUtc>,
    #[sea_orm(has_many)]
    pub roles: HasMany<super::role_assignment::Entity>,
    #[sea_orm(has_many)]
    pub api_tokens: HasMany<super::api_token::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
