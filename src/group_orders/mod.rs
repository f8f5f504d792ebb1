//! Collective orders: consumer groups (GASAP / GAC) with their pickup points and members, order
//! windows (campaigns) with producers of the group's partnership, members' baskets, and the
//! close that turns quantities into whole cases, shares them fairly, splits costs to the cent
//! and asks each member to pay; then the producer's confirmation, delivery and pickup.

pub mod api;
pub mod close;
pub mod domain;
pub mod followup;
pub mod groups;
pub mod handlers;
pub mod input;
mod notify;
pub mod pickup;
pub mod result;
pub mod service;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/groups", web::get().to(handlers::index))
        .route("/groups/new", web::get().to(handlers::new_group))
        .route("/groups/new", web::post().to(handlers::create_group))
        .route("/groups/{slug}", web::get().to(handlers::show_group))
        .route("/groups/{slug}/invite", web::post().to(handlers::invite))
        .route("/groups/{slug}/account", web::post().to(handlers::account))
        .route(
            "/groups/{slug}/pickup-points",
            web::post().to(handlers::add_pickup),
        )
        .route(
            "/groups/{slug}/campaigns/new",
            web::get().to(handlers::new_campaign),
        )
        .route(
            "/groups/{slug}/campaigns/new",
            web::post().to(handlers::create_campaign),
        )
        .route("/campaigns/{id}", web::get().to(handlers::show_campaign))
        .route("/campaigns/{id}/basket", web::post().to(handlers::set_line))
        .route("/campaigns/{id}/close", web::post().to(handlers::close))
        .route("/campaigns/{id}/cancel", web::post().to(handlers::cancel))
        .route("/campaigns/{id}/ship", web::post().to(handlers::ship))
        .route("/campaigns/{id}/deliver", web::post().to(handlers::deliver))
        .route("/campaigns/{id}/settle", web::post().to(handlers::settle))
        .route(
            "/campaigns/{id}/collected",
            web::post().to(handlers::collected),
        )
        .route("/campaigns/{id}/pickup", web::get().to(pickup::sheet))
        .route(
            "/campaigns/{id}/export/{kind}",
            web::get().to(pickup::export),
        )
        .route("/producer/{id}/orders", web::get().to(pickup::orders))
        .route("/producer/{id}/orders/{cid}", web::get().to(pickup::order))
        .route(
            "/producer/{id}/orders/{cid}/confirm",
            web::post().to(pickup::confirm),
        )
        .route(
            "/producer/{id}/orders/{cid}/ship",
            web::post().to(pickup::ship),
        )
        .route(
            "/producer/{id}/orders/{cid}/export.csv",
            web::get().to(pickup::order_csv),
        );
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::create_group)
        .service(api::get_group)
        .service(api::invite)
        .service(api::set_account)
        .service(api::create_campaign)
        .service(api::get_campaign)
        .service(api::put_line)
        .service(api::get_basket)
        .service(api::close_campaign)
        .service(api::get_result)
        .service(api::cancel)
        .service(api::confirm)
        .service(api::ship)
        .service(api::deliver)
        .service(api::settle);
}
