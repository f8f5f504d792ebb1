//! The catalogue: producers of the partner territories (approved by their partnership's
//! coordinators) list their products; visitors browse, filter and search them, and see how each
//! price splits between the producer, transport, costs, the community fund and VAT.

pub mod api;
pub mod approval;
pub mod bank;
pub mod cache;
pub mod cache_peers;
pub mod catalogue;
pub mod cursor;
pub mod dashboard;
pub mod domain;
mod dto;
pub mod handlers;
pub mod input;
pub mod listed;
pub mod listing;
pub mod photo_service;
pub mod product_input;
pub mod product_pages;
pub mod products;
pub mod review;
pub mod service;
pub mod space;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/catalogue", web::get().to(handlers::catalogue))
        .route(
            "/producer/{id}/photos",
            web::post().to(dashboard::upload_producer_photo),
        )
        .route(
            "/producer/{id}/photos/{photo}/delete",
            web::post().to(dashboard::delete_photo),
        )
        .route(
            "/producer/{id}/products/{pid}/photos",
            web::post().to(dashboard::upload_product_photo),
        )
        .route("/products/{id}", web::get().to(handlers::product))
        .route("/producers/{slug}", web::get().to(handlers::producer))
        .route("/producers/{id}/review", web::post().to(review::review))
        .route(
            "/partnerships/{slug}/producers",
            web::get().to(review::producers),
        )
        .route(
            "/partnerships/{slug}/shares",
            web::post().to(review::update_shares),
        )
        .route("/producer", web::get().to(dashboard::index))
        .route("/producer/new", web::get().to(dashboard::new_producer))
        .route("/producer/new", web::post().to(dashboard::create_producer))
        .route("/producer/{id}", web::get().to(dashboard::manage))
        .route(
            "/producer/{id}/edit",
            web::get().to(dashboard::edit_producer),
        )
        .route(
            "/producer/{id}/resubmit",
            web::post().to(dashboard::resubmit),
        )
        .route(
            "/producer/{id}/edit",
            web::post().to(dashboard::update_producer),
        )
        .route(
            "/producer/{id}/products/new",
            web::get().to(product_pages::new_product),
        )
        .route(
            "/producer/{id}/products/new",
            web::post().to(product_pages::create_product),
        )
        .route(
            "/producer/{id}/products/{pid}/edit",
            web::get().to(product_pages::edit_product),
        )
        .route(
            "/producer/{id}/products/{pid}/edit",
            web::post().to(product_pages::update_product),
        )
        .route(
            "/producer/{id}/products/{pid}/{action}",
            web::post().to(product_pages::archive_product),
        );
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::create_producer)
        .service(api::update_producer)
        .service(api::approve)
        .service(api::reject)
        .service(api::resubmit)
        .service(api::create_product)
        .service(api::update_product)
        .service(api::archive_product)
        .service(api::list_products)
        .service(api::get_product)
        .service(api::update_shares)
        .service(api::add_product_photo);
}
