//! Integration tests: each starts the real server with its own database.

mod a11y;
mod accounts;
mod api_input;
mod browser;
mod catalog;
mod crawl;
mod fund;
mod group_orders;
mod group_pages;
mod helpers;
mod impact;
mod jobs;
mod journey_admin;
mod journey_network;
mod mail;
mod network;
mod network_flows;
mod pages;
mod payments;
mod smtp;
mod space;
mod stripe;
mod territories;
mod trip_pages;
mod trips;
