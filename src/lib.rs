//! Passerelle: the marketplace of the partnerships between Belgian municipalities and their
//! Moroccan and Tunisian partner towns (solidarity trade, solidarity tourism, exchange of practices).

pub mod accounts;
pub mod backup;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod fund;
pub mod group_orders;
pub mod impact;
pub mod jobs;
pub mod ledger;
pub mod mail;
pub mod media;
pub mod money;
pub mod network;
pub mod ops;
pub mod payments;
pub mod payouts;
pub mod security;
pub mod shipments;
pub mod shutdown;
pub mod space;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod territories;
pub mod trips;
pub mod web;
pub mod worker;
