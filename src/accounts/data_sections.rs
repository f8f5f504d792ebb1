//! The smaller sections of a person's data export (see [`super::data_export`]): what they
//! wrote, the trainings they registered for, their tokens, sessions and one-time links.

use entity::{
    account_token, api_token, invitation, practice_sheet, session, support_message,
    support_request, training_registration,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::data_export::{
    InvitationData, LinkData, MessageData, RegistrationData, SessionData, SheetData,
    SupportRequestData, TokenData,
};
use crate::error::AppResult;

pub async fn messages(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<MessageData>> {
    Ok(support_message::Entity::find()
        .filter(support_message::Column::UserId.eq(user_id))
        .order_by_asc(support_message::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| MessageData {
            support_request_id: m.request_id,
            body: m.body,
            created_at: m.created_at,
        })
        .collect())
}

pub async fn support_requests(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> AppResult<Vec<SupportRequestData>> {
    Ok(support_request::Entity::find()
        .filter(support_request::Column::CreatedBy.eq(user_id))
        .order_by_asc(support_request::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| SupportRequestData {
            id: r.id,
            title: r.title,
            need: r.need,
            created_at: r.created_at,
        })
        .collect())
}

pub async fn registrations(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> AppResult<Vec<RegistrationData>> {
    Ok(training_registration::Entity::find()
        .filter(training_registration::Column::UserId.eq(user_id))
        .order_by_asc(training_registration::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| RegistrationData {
            training_id: r.training_id,
            seats: r.seats,
            participants: r.participants.0,
            created_at: r.created_at,
        })
        .collect())
}

pub async fn sheets(
    conn: &impl ConnectionTrait,
    user_id: i64,
    lang: &str,
) -> AppResult<Vec<SheetData>> {
    Ok(practice_sheet::Entity::find()
        .filter(practice_sheet::Column::CreatedBy.eq(user_id))
        .order_by_asc(practice_sheet::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|s| SheetData {
            title: s.title.pick(lang).to_owned(),
            slug: s.slug,
            contacts: s.contacts,
            created_at: s.created_at,
        })
        .collect())
}

/// The invitations the person accepted (the address is theirs: the one the invitation went to).
pub async fn invitations(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> AppResult<Vec<InvitationData>> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::AcceptedBy.eq(user_id))
        .order_by_asc(invitation::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|i| InvitationData {
            role: i.role,
            scope_type: i.scope_type,
            scope_id: i.scope_id,
            accepted_at: i.accepted_at,
        })
        .collect())
}

pub async fn tokens(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<TokenData>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .order_by_asc(api_token::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| TokenData {
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            expires_at: t.expires_at,
        })
        .collect())
}

pub async fn sessions(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<SessionData>> {
    Ok(session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .order_by_asc(session::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(|s| SessionData {
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
        })
        .collect())
}

pub async fn links(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<LinkData>> {
    Ok(account_token::Entity::find()
        .filter(account_token::Column::UserId.eq(user_id))
        .order_by_asc(account_token::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| LinkData {
            purpose: super::data_export::name_of(&t.purpose),
            created_at: t.created_at,
            used_at: t.used_at,
        })
        .collect())
}
