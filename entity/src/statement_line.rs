use crate::cents::Cents;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// What importing a statement line did. Stored as its snake_case name.
pub enum LineStatus {
    /// Its communication found a request: the payment is recorded.
    Applied,
    /// Money received that no request was found for: a treasurer matches it by hand.
    Unmatched,
    /// Money going out (or nothing): not a payment to apply.
    Ignored,
}
}

/// A line of an imported bank statement; importing the same line twice changes nothing.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "statement_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub partnership_id: crate::PartnershipId,
    /// A line of a group's own account (imported by its treasurers); none for the
    /// partnership's account.
    pub group_id: Option<crate::GroupId>,
    /// Digest of the line's content and its position among identical lines of its file.
    #[sea_orm(unique)]
    pub line_hash: String,
    pub import_name: String,
    pub line_no: i32,
    pub booked_on: Date,
    pub amount_cents: Cents,
    pub communication: String,
    pub counterparty: String,
    pub status: LineStatus,
    pub payment_id: Option<i64>,
    pub imported_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
