//! Payments: every amount owed is a payment request with a Belgian structured communication and
//! an EPC QR code; treasurers record transfers, import bank statements and refund; every
//! movement of money is an append-only ledger entry tied to its partnership.

pub mod api;
pub mod checkout;
pub mod domain;
pub mod handlers;
pub mod qr;
pub mod service;
pub mod stripe;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/pay/{reference}", web::get().to(handlers::pay))
        .route(
            "/pay/{reference}/checkout",
            web::post().to(handlers::checkout),
        )
        .route(
            "/partnerships/{slug}/payments",
            web::get().to(handlers::books),
        )
        .route(
            "/partnerships/{slug}/payments/record",
            web::post().to(handlers::record),
        )
        .route(
            "/partnerships/{slug}/payments/import",
            web::post().to(handlers::import),
        )
        .route(
            "/partnerships/{slug}/payments/lines/{id}/match",
            web::post().to(handlers::match_line),
        )
        .route(
            "/partnerships/{slug}/payments/refund",
            web::post().to(handlers::refund),
        )
        .route(
            "/partnerships/{slug}/payments/refunds/{id}/done",
            web::post().to(handlers::refund_done),
        )
        .route(
            "/partnerships/{slug}/account",
            web::post().to(handlers::account),
        );
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::get_request)
        .service(api::record_payment)
        .service(api::refund)
        .service(api::import_statement)
        .service(api::ledger)
        .service(api::set_account)
        .service(api::checkout)
        .service(api::stripe_webhook);
}
