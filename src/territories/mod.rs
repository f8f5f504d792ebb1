//! Territories, partnerships and networks: the ground everything else stands on. Visitors see
//! the partnerships and their territories; admins manage them and appoint coordinators, who
//! describe their own partnership.

pub mod admin;
pub mod api;
pub mod controller;
pub mod domain;
pub mod editing;
pub mod handlers;
pub mod input;
pub mod partnership_input;
pub mod roles;
pub mod service;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(handlers::home))
        .route("/territories", web::get().to(handlers::territories))
        .route("/territories/{slug}", web::get().to(handlers::territory))
        .route("/partnerships", web::get().to(handlers::partnerships))
        .route("/partnerships/{slug}", web::get().to(handlers::partnership))
        .route(
            "/partnerships/{slug}/edit",
            web::get().to(handlers::edit_presentation),
        )
        .route(
            "/partnerships/{slug}/edit",
            web::post().to(handlers::update_presentation),
        )
        .route("/admin", web::get().to(admin::dashboard))
        .route("/admin/territories", web::get().to(admin::territories))
        .route(
            "/admin/territories",
            web::post().to(admin::create_territory),
        )
        .route(
            "/admin/territories/new",
            web::get().to(admin::new_territory),
        )
        .route(
            "/admin/territories/{slug}/edit",
            web::get().to(admin::edit_territory),
        )
        .route(
            "/admin/territories/{slug}/edit",
            web::post().to(admin::update_territory),
        )
        .route("/admin/partnerships", web::get().to(admin::partnerships))
        .route(
            "/admin/partnerships",
            web::post().to(admin::create_partnership),
        )
        .route(
            "/admin/partnerships/new",
            web::get().to(admin::new_partnership),
        )
        .route(
            "/admin/partnerships/{slug}/edit",
            web::get().to(admin::edit_partnership),
        )
        .route(
            "/admin/partnerships/{slug}/edit",
            web::post().to(admin::update_partnership),
        )
        .route(
            "/admin/partnerships/{slug}/coordinators",
            web::post().to(admin::appoint_coordinator),
        )
        .route(
            "/admin/partnerships/{slug}/coordinators/{user_id}/remove",
            web::post().to(admin::remove_coordinator),
        )
        .route("/admin/networks", web::get().to(admin::networks))
        .route(
            "/admin/networks/{slug}/members",
            web::post().to(admin::add_member),
        )
        .route(
            "/admin/networks/{slug}/members/{territory}/remove",
            web::post().to(admin::remove_member),
        );
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::list_territories)
        .service(api::get_territory)
        .service(api::create_territory)
        .service(api::update_territory)
        .service(api::list_partnerships)
        .service(api::get_partnership)
        .service(api::create_partnership)
        .service(api::update_partnership)
        .service(api::update_presentation)
        .service(api::appoint_coordinator)
        .service(api::remove_coordinator)
        .service(api::list_networks)
        .service(api::add_member)
        .service(api::remove_member);
}
