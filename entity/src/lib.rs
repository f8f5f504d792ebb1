//! Passerelle's sea-orm models: one module per table, persistence only.
//! Business rules live in the application's `domain.rs` and `service.rs` files.

/// Declares an enum stored in a text column as the snake_case names of its variants (a
/// status, a kind, a purpose): sea-orm's `DeriveActiveEnum` and serde read and write the same
/// names. The calling module imports sea-orm's prelude and serde's derives.
#[macro_export]
macro_rules! stored_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
        )]
        #[sea_orm(
            rs_type = "String",
            db_type = "String(StringLen::None)",
            rename_all = "snake_case"
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($body)* }
    };
}

pub mod cents;
pub use cents::Cents;

pub mod ids;
pub use ids::{
    BookingId, CampaignId, DepartureId, GroupId, PartnershipId, PaymentRequestId, PayoutBatchId,
    PayoutId, ProducerId, ProductId, ShipmentId, TripId,
};

pub mod account_token;
pub mod api_token;
pub mod basket_line;
pub mod booking;
pub mod campaign;
pub mod campaign_product;
pub mod campaign_share;
pub mod carrier_invoice;
pub mod category_rule;
pub mod consumer_group;
pub mod departure;
pub mod fund_disbursement;
pub mod fund_project;
pub mod fund_report;
pub mod i18n_text;
pub mod invitation;
pub mod job;
pub mod ledger_entry;
pub mod network;
pub mod network_membership;
pub mod outbox_message;
pub mod partnership;
pub mod payment;
pub mod payment_request;
pub mod payout;
pub mod payout_batch;
pub mod personal_data_export;
pub mod photo;
pub mod pickup_point;
pub mod practice_attachment;
pub mod practice_sheet;
pub mod producer;
pub mod product;
pub mod rate_counter;
pub mod refund;
pub mod role_assignment;
pub mod session;
pub mod shipment;
pub mod shipment_delay;
pub mod shipment_event;
pub mod shipment_order;
pub mod shipment_paper;
pub mod shipment_unit;
pub mod shipment_unit_item;
pub mod spiral_criterion;
pub mod spiral_link;
pub mod statement_line;
pub mod stripe_event;
pub mod support_message;
pub mod support_recipient;
pub mod support_request;
pub mod territory;
pub mod territory_expertise;
pub mod training;
pub mod training_registration;
pub mod transport_share;
pub mod traveller;
pub mod trip;
pub mod user;
pub mod waitlist_entry;

pub use i18n_text::I18nText;
