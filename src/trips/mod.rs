//! Solidarity stays: trips hosted in the partner territories, dated departures with their price
//! breakdown and cancellation tiers, bookings that hold places while the traveller pays (never
//! more than capacity), deposits, balances, cancellations and refunds.

pub mod api;
pub mod booking;
pub mod bookings;
pub mod cancel;
pub mod departures;
pub mod domain;
pub mod handlers;
pub mod host;
pub mod input;
pub mod jobs;
pub mod mine;
pub mod notify;
pub mod paid;
pub mod photos;
pub mod retention;
pub mod roster;
pub mod service;
pub mod space;
pub mod views;
pub mod waitlist;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/trips", web::get().to(handlers::index))
        .route("/trips/{slug}", web::get().to(handlers::show))
        .route("/departures/{id}/book", web::post().to(handlers::book))
        .route("/departures/{id}/wait", web::post().to(handlers::wait))
        .route("/bookings/{reference}", web::get().to(bookings::show))
        .route(
            "/bookings/{reference}/cancel",
            web::post().to(bookings::cancel),
        )
        .route(
            "/bookings/{reference}/calendar.ics",
            web::get().to(bookings::calendar),
        )
        .route(
            "/waitlist/{id}/leave",
            web::post().to(bookings::leave_waitlist),
        )
        .route("/host", web::get().to(handlers::host))
        .route("/host/trips/new", web::get().to(host::new_trip))
        .route("/host/trips/new", web::post().to(host::create_trip))
        .route("/host/trips/{id}", web::get().to(host::manage))
        .route(
            "/host/trips/{id}/departures",
            web::post().to(host::create_departure),
        )
        .route(
            "/host/trips/{id}/photos",
            web::post().to(photos::upload_photo),
        )
        .route(
            "/host/trips/{id}/photos/{photo}/delete",
            web::post().to(photos::delete_photo),
        )
        .route("/host/trips/{id}/hosts", web::post().to(host::invite_host))
        .route("/host/departures/{id}", web::get().to(roster::roster))
        .route(
            "/host/departures/{id}/travellers.csv",
            web::get().to(roster::roster_csv),
        )
        .route(
            "/host/departures/{id}/confirm",
            web::post().to(roster::confirm),
        )
        .route(
            "/host/departures/{id}/cancel",
            web::post().to(roster::cancel),
        );
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::create_trip)
        .service(api::create_departure)
        .service(api::get_departure)
        .service(api::set_capacity)
        .service(api::book)
        .service(api::get_booking)
        .service(api::cancel_booking)
        .service(api::invite_host)
        .service(api::join_waitlist)
        .service(api::leave_waitlist);
}
