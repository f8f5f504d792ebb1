use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::I18nText;

/// Label codes (Argane PGI, Saffron of Taliouine PDO, organic ...), stored as a JSON array.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Labels(pub Vec<String>);

crate::stored_enum! {
/// What kind of business a producer is. Stored as its snake_case name.
pub enum ProducerKind {
    /// A cooperative (in Morocco, registered with ODCo under law 112-12).
    Cooperative,
    /// An association.
    Association,
    /// A family business.
    FamilyBusiness,
}
}

crate::stored_enum! {
/// Where a producer's approval by its partnership's coordinators stands. Stored as its
/// snake_case name.
pub enum ProducerStatus {
    /// Waiting for a coordinator's review.
    Pending,
    /// Its products are listed.
    Approved,
    /// Sent back with a note; its members may resubmit it.
    Rejected,
}
}

/// A cooperative, association or family business of a partner territory.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "producers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::ProducerId,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub kind: ProducerKind,
    pub partnership_id: crate::PartnershipId,
    pub territory_id: i64,
    pub description: I18nText,
    /// Registration with ODCo (Moroccan cooperatives, law 112-12).
    pub odco_number: Option<String>,
    /// Approved exporter authorisation (EU–Morocco / EU–Tunisia origin rules): with it, the
    /// producer declares origin on the invoice at any value instead of an EUR.1.
    pub approved_exporter_number: Option<String>,
    pub women_led: bool,
    pub labels: Labels,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub status: ProducerStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub review_note: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Bank details for payouts: the account holder.
    pub bank_holder: Option<String>,
    /// An IBAN, or a Moroccan RIB (24 digits), as the producer's members typed it, cleaned.
    pub bank_account: Option<String>,
    pub bank_bic: Option<String>,
    pub bank_name: Option<String>,
    pub bank_address: Option<String>,
    #[sea_orm(belongs_to, from = "partnership_id", to = "id")]
    pub partnership: BelongsTo<super::partnership::Entity>,
    #[sea_orm(has_many)]
    pub products: HasMany<super::product::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
