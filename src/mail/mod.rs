//! Email: the outbox (queued in the same transaction as its cause), rendering from
//! `templates/mail/<name>/` in the recipient's language, delivery over SMTP or to .eml files,
//! and the admin page of the outbox.

pub mod domain;
pub mod handlers;
pub mod outbox;
pub mod retention;
pub mod transport;
pub mod unsubscribe;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/outbox", web::get().to(handlers::outbox))
        .route("/admin/outbox/{id}/retry", web::post().to(handlers::retry));
}
