use sea_orm::entity::prelude::*;

/// A list of transfers a partnership's treasurer prepares for its producers (exported for the
/// bank), each transfer a [`super::payout`].
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payout_batches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::PayoutBatchId,
    pub partnership_id: crate::PartnershipId,
    pub note: String,
    /// Dirhams for one euro, in ten-thousandths (information only: payouts are in euros).
    pub mad_rate_e4: Option<i64>,
    /// The day of that rate.
    pub rate_on: Option<Date>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
