//! The schema of Passerelle: the one source of truth. Every migration runs on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_foundation;
mod m20261129_000002_mail_and_jobs;
mod m20261129_000003_catalogue;
mod m20261129_000004_payments;
mod m20261129_000005_group_orders;
mod m20261129_000006_trips;
mod m20261129_000007_practices;
mod m20261129_000008_practice_attachments;
mod m20261129_000009_trainings;
mod m20261129_000010_spiral;
mod m20261129_000011_fund;
mod m20261129_000012_impact;
mod m20261206_000201_payment_scopes;
mod m20261206_000401_support_relay;
/// Public so that a test can run it again over existing rows.
pub mod m20261206_000501_unit_per_language;
mod m20261206_000502_one_photo_per_picture;
mod m20261206_000701_token_expiry;
mod m20261206_000702_sessions;
mod m20261206_000801_spiral_links_in_partnership;
mod m20261206_001201_account_exists_mailed_at;
mod m20261206_001701_shipments;
mod m20261206_001702_payouts;
mod m20261206_001703_shipment_papers;
mod m20261206_001704_transport_costs;
mod m20261206_001705_logistics;
mod m20261206_001707_packing_plan;
mod m20261206_001708_payout_proof;
mod m20261206_001709_originating;
mod m20261207_001801_rate_counters;
mod m20261207_001901_catalogue_order_indexes;
mod m20261207_001902_catalogue_filter_indexes;
mod m20261207_001903_product_terms;
mod m20261207_001904_terms_tsv;
mod m20261207_001905_listed_cover;
mod m20261207_002001_retention;
mod m20261207_002003_privacy;
mod util;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_foundation::Migration),
            Box::new(m20261129_000002_mail_and_jobs::Migration),
            Box::new(m20261129_000003_catalogue::Migration),
            Box::new(m20261129_000004_payments::Migration),
            Box::new(m20261129_000005_group_orders::Migration),
            Box::new(m20261129_000006_trips::Migration),
            Box::new(m20261129_000007_practices::Migration),
            Box::new(m20261129_000008_practice_attachments::Migration),
            Box::new(m20261129_000009_trainings::Migration),
            Box::new(m20261129_000010_spiral::Migration),
            Box::new(m20261129_000011_fund::Migration),
            Box::new(m20261129_000012_impact::Migration),
            Box::new(m20261206_000201_payment_scopes::Migration),
            Box::new(m20261206_000401_support_relay::Migration),
            Box::new(m20261206_000501_unit_per_language::Migration),
            Box::new(m20261206_000502_one_photo_per_picture::Migration),
            Box::new(m20261206_000701_token_expiry::Migration),
            Box::new(m20261206_000702_sessions::Migration),
            Box::new(m20261206_000801_spiral_links_in_partnership::Migration),
            Box::new(m20261206_001201_account_exists_mailed_at::Migration),
            Box::new(m20261206_001701_shipments::Migration),
            Box::new(m20261206_001702_payouts::Migration),
            Box::new(m20261206_001703_shipment_papers::Migration),
            Box::new(m20261206_001704_transport_costs::Migration),
            Box::new(m20261206_001705_logistics::Migration),
            Box::new(m20261206_001707_packing_plan::Migration),
            Box::new(m20261206_001708_payout_proof::Migration),
            Box::new(m20261206_001709_originating::Migration),
            Box::new(m20261207_001801_rate_counters::Migration),
            Box::new(m20261207_001901_catalogue_order_indexes::Migration),
            Box::new(m20261207_002001_retention::Migration),
            Box::new(m20261207_002003_privacy::Migration),
            // After the privacy migrations, which instances may have run already.
            Box::new(m20261207_001902_catalogue_filter_indexes::Migration),
            Box::new(m20261207_001903_product_terms::Migration),
            Box::new(m20261207_001904_terms_tsv::Migration),
            Box::new(m20261207_001905_listed_cover::Migration),
        ]
    }
}
