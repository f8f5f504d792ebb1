//! Accounts: people sign up, log in and out (cookie sessions for pages, bearer tokens for the
//! API), and hold roles scoped to a partnership, producer, group or trip.

pub mod account_exists;
pub mod api;
pub mod closing;
pub mod closing_pages;
pub mod data_dto;
pub mod data_export;
pub mod data_pages;
mod data_sections;
pub mod domain;
pub mod email_handlers;
pub mod erasure;
pub mod handlers;
pub mod invitations;
pub mod privacy;
pub mod privacy_exports;
pub mod privacy_mail;
pub mod profile;
pub mod purge;
pub mod recovery;
pub mod service;
pub mod settings;
pub mod unverified;
pub mod views;

#[cfg(test)]
mod secrets_in_debug;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/login", web::get().to(handlers::login_page))
        .route("/login", web::post().to(handlers::login))
        .route("/logout", web::post().to(handlers::logout))
        .route("/signup", web::get().to(handlers::signup_page))
        .route("/signup", web::post().to(handlers::signup))
        .route("/privacy", web::get().to(privacy::privacy_page))
        .route(
            "/admin/exports",
            web::get().to(privacy_exports::exports_page),
        )
        .route("/account", web::get().to(settings::account))
        .route("/account/data", web::get().to(data_pages::page))
        .route("/account/data.json", web::get().to(data_pages::download))
        .route("/account/close", web::get().to(closing_pages::page))
        .route("/account/close", web::post().to(closing_pages::close))
        .route("/account/closed", web::get().to(closing_pages::closed))
        .route("/account/profile", web::post().to(settings::change_profile))
        .route("/account/email", web::post().to(settings::change_email))
        .route(
            "/account/optional-emails",
            web::post().to(privacy_mail::change_optional_emails),
        )
        .route(
            "/unsubscribe/{token}",
            web::get().to(privacy_mail::unsubscribe_page),
        )
        .route(
            "/unsubscribe/{token}",
            web::post().to(privacy_mail::unsubscribe),
        )
        .route(
            "/account/password",
            web::post().to(settings::change_password),
        )
        .route(
            "/account/tokens/{id}/revoke",
            web::post().to(settings::revoke_token),
        )
        .route(
            "/account/verification",
            web::post().to(email_handlers::resend_verification),
        )
        .route(
            "/verify-email/{token}",
            web::get().to(email_handlers::verify_email),
        )
        .route(
            "/forgot-password",
            web::get().to(email_handlers::forgot_page),
        )
        .route("/forgot-password", web::post().to(email_handlers::forgot))
        .route(
            "/reset-password/{token}",
            web::get().to(email_handlers::reset_page),
        )
        .route(
            "/reset-password/{token}",
            web::post().to(email_handlers::reset),
        )
        .route(
            "/invitations/{token}",
            web::get().to(email_handlers::invitation_page),
        )
        .route(
            "/invitations/{token}/accept",
            web::post().to(email_handlers::accept_invitation),
        );
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::create_account)
        .service(api::create_token)
        .service(api::revoke_token)
        .service(api::me)
        .service(privacy_mail::patch_me)
        .service(privacy_exports::list_exports)
        .service(data_pages::export)
        .service(closing_pages::close_api)
        .service(api::my_tokens)
        .service(api::revoke_my_tokens)
        .service(api::revoke_my_token)
        .service(api::request_reset)
        .service(api::reset_password)
        .service(api::verify_email)
        .service(api::resend_verification)
        .service(api::accept_invitation);
}
