//! Payments: every amount owed is a payment request with a Belgian structured communication and
//! an EPC QR code; treasurers record transfers, import bank statements and refund; every
//! movement of money is written to the ledger (`crate::ledger`). A group's coordinators keep the
//! books of their members' shares and of the group's own account. Payments is a core: the area
//! owning a request's purpose registers what happens when it is paid (`purposes`).

pub mod actions;
pub mod api;
pub mod books;
pub mod books_pages;
pub mod checkout;
pub mod domain;
pub mod handlers;
pub mod input;
pub mod mails;
pub mod purposes;
pub mod qr;
pub mod refunds;
pub mod request_pages;
pub mod requests;
pub mod scope;
pub mod service;
pub mod space;
pub mod statement_csv;
pub mod statements;
pub mod stripe;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    use books_pages as b;
    use request_pages as rp;
    cfg.route("/pay/{reference}", web::get().to(handlers::pay))
        .route(
            "/pay/{reference}/checkout",
            web::post().to(handlers::checkout),
        )
        .route("/pay/{reference}/receipt", web::get().to(handlers::receipt))
        .route("/payments/requests/{reference}", web::get().to(rp::show))
        .route(
            "/payments/requests/{reference}/record",
            web::post().to(rp::record),
        )
        .route(
            "/payments/requests/{reference}/refund",
            web::post().to(rp::refund),
        )
        .route(
            "/payments/requests/{reference}/cancel",
            web::post().to(rp::cancel),
        )
        .route(
            "/payments/requests/{reference}/refunds/{id}/done",
            web::post().to(rp::refund_done),
        )
        .route("/partnerships/{slug}/account", web::post().to(b::account));
    // The same books pages for a partnership and for a group.
    books_routes::<false>(cfg, "/partnerships");
    books_routes::<true>(cfg, "/groups");
}

fn books_routes<const G: bool>(cfg: &mut web::ServiceConfig, prefix: &str) {
    use books_pages as b;
    let at = |tail: &str| format!("{prefix}/{{slug}}/payments{tail}");
    cfg.route(&at(""), web::get().to(b::books::<G>))
        .route(&at("/find"), web::get().to(b::find::<G>))
        .route(&at("/record"), web::post().to(b::record::<G>))
        .route(&at("/import"), web::post().to(b::import::<G>))
        .route(&at("/lines/{id}/match"), web::post().to(b::match_line::<G>))
        .route(&at("/refund"), web::post().to(b::refund::<G>))
        .route(
            &at("/refunds/{id}/done"),
            web::post().to(b::refund_done::<G>),
        );
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::get_request)
        .service(api::record_payment)
        .service(api::refund)
        .service(api::import_statement)
        .service(api::import_group_statement)
        .service(api::cancel)
        .service(api::ledger)
        .service(api::set_account)
        .service(api::checkout)
        .service(api::stripe_webhook);
}
