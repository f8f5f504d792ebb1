//! The community fund of each partnership: fed by the community shares of stays and the trade
//! pillar's fund share, it pays projects proposed and chosen in the territories. Travellers may
//! designate their share to an open project; coordinators record disbursements with their
//! proof. Every figure comes from the ledger, and the fund never pays out more than it holds.

pub mod api;
pub mod disbursements;
pub mod domain;
pub mod handlers;
pub mod input;
pub mod photos;
pub mod service;
pub mod space;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/partnerships/{slug}/fund", web::get().to(handlers::fund))
        .route(
            "/partnerships/{slug}/fund/projects",
            web::post().to(handlers::create_project),
        )
        .route("/fund/{id}", web::get().to(handlers::project))
        .route("/fund/{id}/status", web::post().to(handlers::set_status))
        .route("/fund/{id}/reports", web::post().to(handlers::add_report))
        .route("/fund/{id}/photos", web::post().to(photos::add_photo))
        .route(
            "/fund/{id}/photos/{photo}/delete",
            web::post().to(photos::delete_photo),
        )
        .route(
            "/fund/{id}/disbursements",
            web::post().to(handlers::disburse),
        )
        .route(
            "/fund/{id}/disbursements/{d}/proof",
            web::get().to(handlers::proof),
        );
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::fund)
        .service(api::project)
        .service(api::create_project)
        .service(api::set_status);
}
