//! Shipments: the confirmed purchase orders (one campaign, one producer) carried together from
//! the cooperatives to the Belgian pickup points, managed by the partnership's coordinators:
//! their contents (units, cases, weights, declared value, customs codes) and their timeline
//! from preparing to distributed; when the goods leave, their campaigns become shipped; a delay
//! moves the campaigns' pickup date and tells their households. Coordinators may appoint
//! logistics people who handle the partnership's shipments and nothing else.

pub mod api;
pub mod category_rules;
pub mod contents;
pub mod cost_input;
pub mod cost_pages;
pub mod cost_rules;
pub mod costs;
pub mod costs_api;
pub mod delay_rules;
pub mod delays;
pub mod documents;
pub mod domain;
pub mod exporters;
pub mod handlers;
pub mod input;
pub mod logistics;
pub mod orders;
pub mod packing;
pub mod packing_api;
pub mod packing_pages;
pub mod packing_plan;
pub mod paper_pages;
pub mod paper_rules;
pub mod paper_views;
pub mod papers;
pub mod papers_api;
pub mod service;
pub mod space;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/partnerships/{slug}/shipments",
        web::get().to(handlers::index),
    )
    .route(
        "/partnerships/{slug}/shipments",
        web::post().to(handlers::create),
    )
    .route("/shipments/{id}", web::get().to(handlers::show))
    .route(
        "/admin/category-rules",
        web::get().to(category_rules::index),
    )
    .route(
        "/admin/category-rules/{category}",
        web::post().to(category_rules::update),
    )
    .route(
        "/shipments/{id}/orders",
        web::post().to(handlers::add_order),
    )
    .route(
        "/shipments/{id}/orders/{campaign}/{producer}/remove",
        web::post().to(handlers::remove_order),
    )
    .route(
        "/shipments/{id}/steps",
        web::post().to(handlers::record_step),
    )
    .route("/shipments/{id}/delay", web::post().to(handlers::delay))
    .route(
        "/partnerships/{slug}/logistics",
        web::post().to(logistics::page_appoint),
    )
    .route(
        "/partnerships/{slug}/logistics/{user}/remove",
        web::post().to(logistics::page_remove),
    )
    .route(
        "/shipments/{id}/exporters/{producer}",
        web::post().to(exporters::page_set),
    )
    .route(
        "/shipments/{id}/invoice",
        web::get().to(paper_pages::invoice),
    )
    .route(
        "/shipments/{id}/invoice.csv",
        web::get().to(paper_pages::invoice_csv),
    )
    .route(
        "/shipments/{id}/packing-list",
        web::get().to(paper_pages::packing_list),
    )
    .route(
        "/shipments/{id}/packing-list.csv",
        web::get().to(paper_pages::packing_list_csv),
    )
    .route(
        "/shipments/{id}/papers/{kind}",
        web::post().to(paper_pages::record),
    )
    .route(
        "/shipments/{id}/papers/{kind}/{producer}/file",
        web::get().to(paper_pages::file),
    )
    .route(
        "/shipments/{id}/carrier-invoice",
        web::post().to(cost_pages::record),
    )
    .route(
        "/shipments/{id}/carrier-invoice/file",
        web::get().to(cost_pages::file),
    )
    .route(
        "/partnerships/{slug}/transport-rule",
        web::post().to(cost_pages::set_rule),
    )
    .route(
        "/shipments/{id}/packing-plan",
        web::post().to(packing_pages::propose),
    )
    .route(
        "/shipments/{id}/packing-plan/moves",
        web::post().to(packing_pages::move_cases),
    );
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::list)
        .service(api::create)
        .service(api::show)
        .service(api::add_order)
        .service(api::remove_order)
        .service(api::record_step)
        .service(api::delay)
        .service(logistics::api_list)
        .service(logistics::api_appoint)
        .service(logistics::api_remove)
        .service(papers_api::list)
        .service(papers_api::record)
        .service(exporters::api_set)
        .service(costs_api::show)
        .service(costs_api::record)
        .service(costs_api::set_rule)
        .service(packing_api::show)
        .service(packing_api::propose)
        .service(packing_api::move_cases);
}
