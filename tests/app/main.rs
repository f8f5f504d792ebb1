//! Integration tests: each starts the real server with its own database.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "in a test, a failed unwrap is a failed test with its cause"
)]

mod a11y;
mod accounts;
mod api_input;
mod browser;
mod builders;
mod catalog;
mod catalog_photos;
mod catalog_space;
mod catalog_units;
mod catalog_words;
mod catalog_workflow;
mod crawl;
mod fund;
mod group_flow;
mod group_orders;
mod group_pages;
mod group_space;
mod hardening_api;
mod hardening_close;
mod hardening_inputs;
mod hardening_left;
mod hardening_sessions;
mod hardening_uploads;
mod hardening_worker;
mod helpers;
mod impact;
mod jobs;
mod journey_admin;
mod journey_catalog;
mod journey_network;
mod journey_orders;
mod journey_papers;
mod journey_payments;
mod journey_payouts;
mod journey_shipments;
mod journey_transport;
mod journey_trips;
mod layering;
mod mail;
mod media_photos;
mod network;
mod network_flows;
mod origin;
mod packing_plan;
mod pages;
mod payment_pages;
mod payment_space;
mod payment_states;
mod payments;
mod payout_proofs;
mod payouts;
mod scenario_trade;
mod shipment_delays;
mod shipment_logistics;
mod shipment_papers;
mod shipments;
mod shutdown;
mod shutdown_worker;
mod smtp;
mod space;
mod stripe;
mod territories;
mod transport_costs;
mod trip_mail;
mod trip_pages;
mod trip_space;
mod trip_states;
mod trips;
