//! Public pages: home, territories, partnerships; and the presentation form for coordinators.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::editing;
use super::partnership_input::{PartnershipForm, Presentation};
use super::service;
use super::views::*;
use crate::error::{AppError, AppResult};
use crate::web::auth::SessionUser;
use crate::web::forms::CsrfForm;
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;

pub async fn home(page: Page) -> AppResult<HttpResponse> {
    let o = service::overview(&page.state().db, true).await?;
    page.render(
        "home/index.html.tera",
        &HomeView {
            partnerships: o
                .partnerships
                .iter()
                .map(|p| PartnershipCard::new(p, page.lang, &o.funds))
                .collect(),
            networks: o
                .networks
                .iter()
                .map(|n| NetworkCard::new(n, page.lang))
                .collect(),
        },
    )
}

pub async fn partnerships(page: Page) -> AppResult<HttpResponse> {
    let o = service::overview(&page.state().db, false).await?;
    page.render(
        "partnerships/index.html.tera",
        &PartnershipsView {
            partnerships: o
                .partnerships
                .iter()
                .map(|p| PartnershipCard::new(p, page.lang, &o.funds))
                .collect(),
        },
    )
}

pub async fn territories(page: Page) -> AppResult<HttpResponse> {
    let all = service::all_territories(&page.state().db).await?;
    page.render(
        "territories/index.html.tera",
        &TerritoriesView {
            territories: all
                .iter()
                .map(|t| TerritoryRef::new(t, page.lang))
                .collect(),
        },
    )
}

pub async fn territory(page: Page, slug: web::Path<String>) -> AppResult<HttpResponse> {
    let data = service::territory_page(&page.state().db, &slug).await?;
    let mut view = TerritoryView::new(&data, page.lang);
    view.spiral =
        crate::network::spiral::view(&page.state().db, data.territory.id, page.lang.code()).await?;
    view.practices = crate::network::service::sheets_of(
        &page.state().db,
        &[data.territory.id],
        page.lang.code(),
    )
    .await?;
    page.render("territories/show.html.tera", &view)
}

pub async fn partnership(page: Page, slug: web::Path<String>) -> AppResult<HttpResponse> {
    let data = service::partnership_page(&page.state().db, &slug).await?;
    let can_edit = page
        .user
        .as_ref()
        .is_some_and(|u| u.coordinates_partnership(data.full.partnership.id));
    let p = &data.full.partnership;
    let practices = crate::network::service::sheets_of(
        &page.state().db,
        &[p.belgian_territory_id, p.partner_territory_id],
        page.lang.code(),
    )
    .await?;
    page.render(
        "partnerships/show.html.tera",
        &PartnershipView {
            partnership: PartnershipCard::new(&data.full, page.lang, &data.funds),
            coordinators: data
                .coordinators
                .into_iter()
                .map(|u| u.display_name)
                .collect(),
            can_edit,
            practices,
        },
    )
}

fn presentation_view(
    page: &Page,
    form: PartnershipForm,
    slug: &str,
    errors: crate::error::FieldErrors,
) -> PartnershipFormView {
    PartnershipFormView {
        form,
        errors: errors.messages(page.lang),
        editing: Some(slug.to_owned()),
        full: false,
        territories: Vec::new(),
        coordinators: Vec::new(),
        appoint_email: String::new(),
    }
}

pub async fn edit_presentation(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let full = service::coordinated_partnership(&page.state().db, &user.0, &slug).await?;
    let form =
        PartnershipForm::from_model(&full.partnership, &full.belgian.slug, &full.partner.slug);
    page.render_form(
        StatusCode::OK,
        "partnerships/presentation.html.tera",
        &presentation_view(&page, form, &slug, Default::default()),
    )
}

pub async fn update_presentation(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<PartnershipForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match Presentation::try_from(form.presentation()) {
        Ok(p) => editing::update_presentation(&st.db, &user.0, &slug, p, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(full) => Ok(page.flash_redirect(
            "success",
            "flash-saved",
            &format!("/partnerships/{}", full.partnership.slug),
        )),
        Checked::Invalid(errors) => page.render_form(
            StatusCode::UNPROCESSABLE_ENTITY,
            "partnerships/presentation.html.tera",
            &presentation_view(&page, form, &slug, errors),
        ),
    }
}
