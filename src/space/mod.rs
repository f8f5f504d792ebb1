//! A person's own page (`/me`), where they land after logging in: what they have to do now
//! (baskets to fill, payments, purchase orders, bookings, requests to answer ...) and what they
//! did, gathered from every area, each line leading to the page where it happens.

pub mod handlers;
pub mod service;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/me", web::get().to(handlers::me));
}
