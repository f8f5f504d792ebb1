use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// Why a territory receives a support request. Stored as its snake_case name.
pub enum RecipientReason {
    /// It is a partner of the requesting territory.
    Partner,
    /// It declared the request's topic as an expertise.
    Expertise,
}
}

impl RecipientReason {
    /// The stored name (also the mails' and pages' key).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Partner => "partner",
            Self::Expertise => "expertise",
        }
    }
}

/// A territory a support request went to, and why (its partner, or its declared expertise).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "support_recipients")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    pub territory_id: i64,
    pub reason: RecipientReason,
    /// Nobody at the territory had an account when the request was posted: the network's
    /// administrators were emailed instead, to pass it on.
    pub relayed: bool,
}

impl ActiveModelBehavior for ActiveModel {}
