//! The privacy page (`/privacy`): what Passerelle keeps about people, why, on what legal basis,
//! for how long — the periods read from the live retention settings, so the page says what the
//! daily jobs do — who the controller is for each partnership, and how to exercise one's rights.

use actix_web::HttpResponse;
use entity::partnership;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use serde::Serialize;

use crate::config::Retention;
use crate::error::AppResult;
use crate::web::page::Page;

/// A partnership and the controller it names (empty until its coordinators name it).
#[derive(Serialize)]
pub struct ControllerRow {
    pub partnership: String,
    pub slug: String,
    pub controller_name: String,
    pub controller_contact: String,
    /// The contact is an email address (shown as a mailto link).
    pub contact_is_email: bool,
}

/// One kind of data kept: the `privacy-<key>-what|why|basis|how-long` messages, with the
/// number of days when a setting decides it.
#[derive(Serialize)]
struct Kept {
    key: &'static str,
    days: Option<i64>,
    /// A second period (emails: the body, then the recipient and subject).
    later_days: Option<i64>,
}

#[derive(Serialize)]
struct PrivacyView {
    kept: Vec<Kept>,
    controllers: Vec<ControllerRow>,
    /// Accounting records: years (art. III.88 of the Code of Economic Law).
    books_years: i64,
}

/// How long Belgian law has the books kept: seven years from the first of January after
/// they are closed (art. III.88 of the Code of Economic Law).
pub const BOOKS_YEARS: i64 = 7;

fn kept(r: &Retention) -> Vec<Kept> {
    let k = |key, days, later_days| Kept {
        key,
        days,
        later_days,
    };
    vec![
        k("account", Some(r.unverified_days), None),
        k("orders", None, None),
        k("bookings", Some(r.traveller_days), None),
        k("emails", Some(r.mail_body_days), Some(r.mail_meta_days)),
        k("links", Some(r.token_days), None),
        k("jobs", Some(r.job_days), None),
        k("exports", None, None),
        k("logs", None, None),
    ]
}

/// Every partnership with its controller, by name (one query).
pub async fn controllers(db: &impl ConnectionTrait) -> AppResult<Vec<ControllerRow>> {
    Ok(partnership::Entity::find()
        .order_by_asc(partnership::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|p| ControllerRow {
            contact_is_email: p.controller_contact.parse::<lettre::Address>().is_ok(),
            partnership: p.name,
            slug: p.slug,
            controller_name: p.controller_name,
            controller_contact: p.controller_contact,
        })
        .collect())
}

pub async fn privacy_page(page: Page) -> AppResult<HttpResponse> {
    let st = page.state();
    page.render(
        "privacy/index.html.tera",
        &PrivacyView {
            kept: kept(&st.config.retention),
            controllers: controllers(&st.db).await?,
            books_years: BOOKS_YEARS,
        },
    )
}
