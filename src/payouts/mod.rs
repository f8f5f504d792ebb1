//! Producers paid: what each producer of a partnership is owed (its share of goods delivered
//! and paid, read from the ledger), payout batches its treasurers prepare, export for the bank
//! (CSV and a printable order; no SEPA file: Moroccan accounts are outside SEPA) and record paid
//! — never more than what is owed, in the ledger as `producer_paid`, with the bank's
//! confirmation as its proof — and each producer's statement, with an email to its members when
//! a payout is recorded.

pub mod api;
pub mod domain;
pub mod handlers;
pub mod input;
pub mod owed;
pub mod proof_pages;
pub mod proofs;
pub mod service;
pub mod statement;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/partnerships/{slug}/payouts",
        web::get().to(handlers::index),
    )
    .route(
        "/partnerships/{slug}/payouts",
        web::post().to(handlers::prepare),
    )
    .route("/payouts/{id}", web::get().to(handlers::batch))
    .route(
        "/payouts/{id}/transfers.csv",
        web::get().to(handlers::transfers_csv),
    )
    .route("/payouts/{id}/order", web::get().to(handlers::order))
    .route(
        "/payouts/{id}/transfers/{payout}/paid",
        web::post().to(handlers::record),
    )
    .route(
        "/payouts/{id}/transfers/{payout}/proof",
        web::post().to(proof_pages::attach),
    )
    .route(
        "/payouts/{id}/transfers/{payout}/proof",
        web::get().to(proof_pages::download),
    )
    .route(
        "/producer/{id}/statement",
        web::get().to(handlers::producer_statement),
    );
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::owed)
        .service(api::create_batch)
        .service(api::get_batch)
        .service(api::record_paid)
        .service(api::attach_proof)
        .service(api::producer_statement);
}
