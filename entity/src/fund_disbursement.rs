use crate::cents::Cents;
use sea_orm::entity::prelude::*;

/// Money paid out of a partnership's community fund to one of its projects, with its proof
/// (stored as `<data dir>/proofs/<proof_key>`); its ledger entry is `fund_disbursed`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_disbursements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub partnership_id: crate::PartnershipId,
    pub project_id: i64,
    pub amount_cents: Cents,
    pub paid_on: Date,
    pub memo: String,
    /// SHA-256 of the proof's content, hex.
    pub proof_key: String,
    pub proof_name: String,
    /// application/pdf, image/jpeg or image/png.
    pub proof_type: String,
    pub recorded_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
