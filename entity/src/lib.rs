//! Passerelle's sea-orm models: one module per table, persistence only.
//! Business rules live in the application's `domain.rs` and `service.rs` files.

pub mod account_token;
pub mod api_token;
pub mod basket_line;
pub mod booking;
pub mod campaign;
pub mod campaign_product;
pub mod campaign_share;
pub mod consumer_group;
pub mod departure;
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
pub mod photo;
pub mod pickup_point;
pub mod practice_attachment;
pub mod practice_sheet;
pub mod producer;
pub mod product;
pub mod refund;
pub mod role_assignment;
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
pub mod traveller;
pub mod trip;
pub mod user;
pub mod waitlist_entry;

pub use i18n_text::I18nText;
