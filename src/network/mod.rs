//! The partnership beyond trade: the exchange of practices. Territories publish practice sheets
//! (a searchable public library), declare the topics they can help with, and post support
//! requests that reach their partner and the network territories with that expertise (or, where
//! nobody has an account, the network's administrators); trainings with their registrations;
//! SPIRAL criteria.

pub mod api;
pub mod attachments;
pub mod domain;
pub mod handlers;
pub mod input;
pub mod registrations;
pub mod requests;
pub mod service;
pub mod space;
pub mod spiral;
pub mod spiral_pages;
pub mod support;
pub mod support_thread;
pub mod training_pages;
pub mod trainings;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/practices", web::get().to(handlers::library))
        .route("/practices/new", web::get().to(handlers::new_sheet))
        .route("/practices/new", web::post().to(handlers::create_sheet))
        .route("/practices/{slug}", web::get().to(handlers::sheet))
        .route(
            "/practices/{slug}/attachments",
            web::post().to(attachments::upload),
        )
        .route(
            "/practices/{slug}/attachments/{id}",
            web::get().to(attachments::download),
        )
        .route("/trainings", web::get().to(training_pages::index))
        .route("/trainings", web::post().to(training_pages::publish))
        .route("/trainings/{id}", web::get().to(training_pages::show))
        .route(
            "/trainings/{id}/invitation.ics",
            web::get().to(training_pages::ics),
        )
        .route(
            "/trainings/registrations/{id}/cancel",
            web::post().to(training_pages::cancel),
        )
        .route(
            "/trainings/registrations/{id}/admit",
            web::post().to(training_pages::admit),
        )
        .route(
            "/trainings/{id}/register",
            web::post().to(training_pages::register),
        )
        .route("/spiral", web::get().to(spiral_pages::index))
        .route("/spiral", web::post().to(spiral_pages::add))
        .route("/spiral/{id}/links", web::post().to(spiral_pages::link))
        .route("/support", web::get().to(requests::index))
        .route("/support", web::post().to(requests::create))
        .route("/support/expertise", web::post().to(requests::expertise))
        .route("/support/{id}", web::get().to(requests::show))
        .route("/support/{id}/messages", web::post().to(requests::reply))
        .route("/support/{id}/resolve", web::post().to(requests::resolve))
        .route("/support/{id}/withdraw", web::post().to(requests::withdraw));
}

pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api::publish)
        .service(api::library)
        .service(api::expertise)
        .service(api::create_request)
        .service(api::get_request)
        .service(api::reply)
        .service(api::resolve)
        .service(api::withdraw)
        .service(api::publish_training)
        .service(api::get_training)
        .service(api::register)
        .service(api::cancel_registration)
        .service(api::admit_registration)
        .service(api::add_criterion)
        .service(api::link_criterion)
        .service(api::spiral_view);
}
