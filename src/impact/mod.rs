//! The impact dashboard: what each partnership and the whole network achieve, by month and by
//! year, read from the ledger and the records (money to producers and hosts, the community
//! fund collected and disbursed, campaigns and households, stays and travellers, practice
//! sheets and support requests). Public pages with SVG charts and tables, CSV and JSON.

pub mod api;
mod chart_view;
pub mod domain;
pub mod handlers;
pub mod service;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/impact", web::get().to(handlers::network))
        .route("/impact.csv", web::get().to(handlers::network_csv))
        .route(
            "/partnerships/{slug}/impact",
            web::get().to(handlers::partnership),
        )
        .route(
            "/partnerships/{slug}/impact.csv",
            web::get().to(handlers::partnership_csv),
        );
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::network).service(api::partnership);
}
