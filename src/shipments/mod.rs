//! Shipments: the confirmed purchase orders (one campaign, one producer) carried together from
//! the cooperatives to the Belgian pickup points, managed by the partnership's coordinators:
//! their contents (units, cases, weights, declared value, customs codes) and their timeline
//! from preparing to distributed; when the goods leave, their campaigns become shipped.

pub mod api;
pub mod contents;
pub mod domain;
pub mod input;
pub mod orders;
pub mod service;

use actix_web::web;

pub fn routes(_cfg: &mut web::ServiceConfig) {}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::list)
        .service(api::create)
        .service(api::show)
        .service(api::add_order)
        .service(api::remove_order)
        .service(api::record_step);
}
