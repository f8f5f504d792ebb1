use crate::cents::Cents;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// Where a payout stands. Stored as its snake_case name.
pub enum PayoutStatus {
    /// In a batch, not sent yet.
    Planned,
    /// Sent by the bank: recorded with its reference, and in the ledger (`producer_paid`).
    Paid,
}
}

/// Money sent (or to send) to one producer in a batch, in euros.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payouts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::PayoutId,
    pub batch_id: crate::PayoutBatchId,
    pub partnership_id: crate::PartnershipId,
    pub producer_id: crate::ProducerId,
    pub amount_cents: Cents,
    pub status: PayoutStatus,
    /// The bank's reference of the transfer.
    pub bank_reference: Option<String>,
    pub paid_on: Option<Date>,
    pub recorded_by: Option<i64>,
    pub paid_at: Option<DateTimeUtc>,
    /// The proof of the transfer (the bank's confirmation), stored by content hash under the
    /// data directory's `proofs/`: its key, the name it was uploaded under, its content type.
    pub proof_key: Option<String>,
    pub proof_name: Option<String>,
    pub proof_type: Option<String>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
