use crate::cents::Cents;
use std::collections::BTreeMap;

use sea_orm::FromJsonQueryResult;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// VAT content per rate (basis points as a string key, cents as value).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct VatDetail(pub BTreeMap<String, Cents>);

/// What one member owes for a closed campaign.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_shares")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: crate::CampaignId,
    pub user_id: i64,
    /// Goods at the unit price, VAT included.
    pub goods_cents: Cents,
    pub vat_cents: Cents,
    pub vat_detail: VatDetail,
    pub transport_cents: Cents,
    pub fee_cents: Cents,
    pub total_cents: Cents,
    pub payment_request_id: Option<crate::PaymentRequestId>,
    pub revision: i32,
    pub collected_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
