//! Passerelle's sea-orm models: one module per table, persistence only.
//! Business rules live in the application's `domain.rs` and `service.rs` files.

pub mod account_token;
pub mod api_token;
pub mod i18n_text;
pub mod invitation;
pub mod job;
pub mod network;
pub mod network_membership;
pub mod outbox_message;
pub mod partnership;
pub mod photo;
pub mod producer;
pub mod product;
pub mod role_assignment;
pub mod territory;
pub mod user;

pub use i18n_text::I18nText;
