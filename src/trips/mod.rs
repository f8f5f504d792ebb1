//! Solidarity stays: trips hosted in the partner territories, dated departures with their price
//! breakdown and cancellation tiers, bookings that hold places while the traveller pays (never
//! more than capacity), deposits, balances, cancellations and refunds.

pub mod api;
pub mod booking;
pub mod domain;
pub mod input;
pub mod notify;
pub mod service;
pub mod waitlist;

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::create_trip)
        .service(api::create_departure)
        .service(api::get_departure)
        .service(api::set_capacity)
        .service(api::book)
        .service(api::get_booking)
        .service(api::cancel_booking)
        .service(api::join_waitlist)
        .service(api::leave_waitlist);
}
