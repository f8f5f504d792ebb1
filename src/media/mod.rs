//! Media, a core: photos and documents for every area. It decodes and stores photos (products,
//! producers, stays, fund projects) and serves them, keeps their rows in order, and stores and
//! sends documents (attachments, proofs of payment) after checking what they are. It never
//! decides who may: the owning area has authorised the request (for photos, through
//! [`photo_uploads::PhotoRights`]) before media is called. Every file goes through one
//! [`storage::Storage`]: the data directory, or an object store shared by several instances.
//! Media imports no feature.

pub mod checks;
pub mod files;
pub mod photo_files;
pub mod photo_rows;
pub mod photo_uploads;
pub mod photos;
pub mod storage;
pub mod storage_copy;

use actix_web::web;

pub use photo_rows::{AddedPhoto, OwnerKind, PhotoOwner};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/photos/{name}", web::get().to(photo_files::serve));
}
