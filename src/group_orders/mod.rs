//! Collective orders: consumer groups (GASAP / GAC) with their pickup points and members, order
//! windows (campaigns) with producers of the group's partnership, members' baskets, and the
//! close that turns quantities into whole cases, shares them fairly, splits costs to the cent
//! and asks each member to pay; then the producer's confirmation, delivery and pickup.

pub mod api;
pub mod basket;
pub mod campaign_api;
pub mod campaign_input;
pub mod campaign_news;
pub mod campaign_pages;
pub mod campaign_view;
pub mod close;
pub mod close_api;
pub mod domain;
pub mod followup;
pub mod groups;
pub mod handlers;
pub mod input;
pub mod jobs;
pub mod line;
mod notify;
pub mod pickup;
pub mod producer_orders;
pub mod real_transport;
pub mod result;
pub mod result_mail;
pub mod service;
pub mod shipping;
pub mod space;
pub mod views;
pub mod workflow;

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
        .route(
            "/campaigns/{id}",
            web::get().to(campaign_pages::show_campaign),
        )
        .route(
            "/campaigns/{id}/basket",
            web::post().to(campaign_pages::save_basket),
        )
        .route(
            "/campaigns/{id}/close",
            web::post().to(campaign_pages::close),
        )
        .route(
            "/campaigns/{id}/cancel",
            web::post().to(campaign_pages::cancel),
        )
        .route("/campaigns/{id}/ship", web::post().to(campaign_pages::ship))
        .route(
            "/campaigns/{id}/deliver",
            web::post().to(campaign_pages::deliver),
        )
        .route(
            "/campaigns/{id}/settle",
            web::post().to(campaign_pages::settle),
        )
        .route(
            "/campaigns/{id}/collected",
            web::post().to(campaign_pages::collected),
        )
        .route("/campaigns/{id}/pickup", web::get().to(pickup::sheet))
        .route(
            "/campaigns/{id}/export/{kind}",
            web::get().to(pickup::export),
        )
        .route(
            "/producer/{id}/orders",
            web::get().to(producer_orders::orders),
        )
        .route(
            "/producer/{id}/orders/{cid}",
            web::get().to(producer_orders::order),
        )
        .route(
            "/producer/{id}/orders/{cid}/confirm",
            web::post().to(producer_orders::confirm),
        )
        .route(
            "/producer/{id}/orders/{cid}/ship",
            web::post().to(producer_orders::ship),
        )
        .route(
            "/producer/{id}/orders/{cid}/export.csv",
            web::get().to(producer_orders::order_csv),
        );
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::create_group)
        .service(api::get_group)
        .service(api::invite)
        .service(api::set_account)
        .service(campaign_api::create_campaign)
        .service(campaign_api::get_campaign)
        .service(campaign_api::put_line)
        .service(campaign_api::get_basket)
        .service(close_api::close_campaign)
        .service(close_api::get_result)
        .service(close_api::cancel)
        .service(close_api::confirm)
        .service(close_api::ship)
        .service(close_api::deliver)
        .service(close_api::settle);
}
