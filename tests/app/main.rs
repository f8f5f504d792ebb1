//! Integration tests: each starts the real server with its own database.

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
mod journey_trips;
mod mail;
mod network;
mod pages;
mod payments;
mod smtp;
mod space;
mod stripe;
mod territories;
mod trip_mail;
mod trip_pages;
mod trip_space;
mod trip_states;
mod trips;
