//! Accounts: people sign up, log in and out (cookie sessions for pages, bearer tokens for the
//! API), and hold roles scoped to a partnership, producer, group or trip.

pub mod api;
pub mod domain;
pub mod handlers;
pub mod service;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/login", web::get().to(handlers::login_page))
        .route("/login", web::post().to(handlers::login))
        .route("/logout", web::post().to(handlers::logout))
        .route("/signup", web::get().to(handlers::signup_page))
        .route("/signup", web::post().to(handlers::signup))
        .route("/account", web::get().to(handlers::account));
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::create_account)
        .service(api::create_token)
        .service(api::revoke_token)
        .service(api::me);
}
