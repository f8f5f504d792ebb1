//! Admin pages: territories, partnerships (and their coordinators), network memberships.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Datelike;

use super::input::{AppointInput, MembershipInput, NewTerritory, TerritoryForm};
use super::partnership_input::{NewPartnership, PartnershipForm};
use super::service;
use super::views::*;
use super::{editing, roles};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::web::auth::AdminUser;
use crate::web::forms::{CsrfForm, Empty};
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

pub async fn dashboard(page: Page, _admin: AdminUser) -> AppResult<HttpResponse> {
    page.render("admin/index.html.tera", &serde_json::json!({}))
}

// ----- territories -----

pub async fn territories(page: Page, _admin: AdminUser) -> AppResult<HttpResponse> {
    let all = service::all_territories(&page.state().db).await?;
    page.render_form(
        StatusCode::OK,
        "admin/territories.html.tera",
        &AdminTerritoriesView {
            territories: all
                .iter()
                .map(|t| TerritoryRef::new(t, page.lang))
                .collect(),
        },
    )
}

fn territory_form(
    page: &Page,
    status: StatusCode,
    form: TerritoryForm,
    editing: Option<String>,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    page.render_form(
        status,
        "admin/territory_form.html.tera",
        &TerritoryFormView {
            form,
            errors: errors.messages(page.lang),
            editing,
            countries: country_choices(page.lang),
            kinds: kind_choices(page.lang),
        },
    )
}

pub async fn new_territory(page: Page, _admin: AdminUser) -> AppResult<HttpResponse> {
    territory_form(
        &page,
        StatusCode::OK,
        TerritoryForm::default(),
        None,
        FieldErrors::new(),
    )
}

pub async fn edit_territory(
    page: Page,
    _admin: AdminUser,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let t = service::territory_by_slug(&page.state().db, &slug).await?;
    territory_form(
        &page,
        StatusCode::OK,
        TerritoryForm::from_model(&t),
        Some(slug.into_inner()),
        FieldErrors::new(),
    )
}

async fn save_territory(
    page: Page,
    admin: AdminUser,
    editing: Option<String>,
    form: TerritoryForm,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewTerritory::try_from(super::input::TerritoryInput::from(form.clone())) {
        Err(e) => Err(AppError::Validation(e)),
        Ok(t) => match &editing {
            None => editing::create_territory(&st.db, &admin.0, t, st.now()).await,
            Some(slug) => editing::update_territory(&st.db, &admin.0, slug, t, st.now()).await,
        },
    };
    if result.is_ok() {
        // The catalogue's filters name territories and partnerships.
        st.catalog.invalidate();
    }
    match result.checked()? {
        Checked::Done(t) => Ok(page.flash_redirect(
            "success",
            "flash-saved",
            &format!("/territories/{}", t.slug),
        )),
        Checked::Invalid(errors) => territory_form(
            &page,
            StatusCode::UNPROCESSABLE_ENTITY,
            form,
            editing,
            errors,
        ),
    }
}

pub async fn create_territory(
    page: Page,
    admin: AdminUser,
    CsrfForm(form): CsrfForm<TerritoryForm>,
) -> AppResult<HttpResponse> {
    save_territory(page, admin, None, form).await
}

pub async fn update_territory(
    page: Page,
    admin: AdminUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<TerritoryForm>,
) -> AppResult<HttpResponse> {
    save_territory(page, admin, Some(slug.into_inner()), form).await
}

// ----- partnerships -----

pub async fn partnerships(page: Page, _admin: AdminUser) -> AppResult<HttpResponse> {
    let o = service::overview(&page.state().db, false).await?;
    page.render(
        "admin/partnerships.html.tera",
        &AdminPartnershipsView {
            partnerships: o
                .partnerships
                .iter()
                .map(|p| PartnershipCard::new(p, page.lang, &o.funds))
                .collect(),
        },
    )
}

async fn partnership_form(
    page: &Page,
    status: StatusCode,
    form: PartnershipForm,
    editing: Option<String>,
    errors: FieldErrors,
    appoint_email: String,
) -> AppResult<HttpResponse> {
    let db = &page.state().db;
    let territories = service::all_territories(db).await?;
    let coordinators = match &editing {
        Some(slug) => {
            let p = service::partnership_by_slug(db, slug).await?;
            service::coordinators(db, p.partnership.id).await?
        }
        None => Vec::new(),
    };
    page.render_form(
        status,
        "admin/partnership_form.html.tera",
        &PartnershipFormView {
            form,
            errors: errors.messages(page.lang),
            editing,
            full: true,
            territories: territory_choices(&territories, page.lang),
            coordinators: coordinators
                .into_iter()
                .map(|u| CoordinatorRow {
                    id: u.id,
                    display_name: u.display_name,
                    email: u.email,
                })
                .collect(),
            appoint_email,
        },
    )
}

pub async fn new_partnership(page: Page, _admin: AdminUser) -> AppResult<HttpResponse> {
    let form = PartnershipForm {
        pillars: vec!["practices".into(), "tourism".into(), "trade".into()],
        ..Default::default()
    };
    partnership_form(
        &page,
        StatusCode::OK,
        form,
        None,
        FieldErrors::new(),
        String::new(),
    )
    .await
}

pub async fn edit_partnership(
    page: Page,
    _admin: AdminUser,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let full = service::partnership_by_slug(&page.state().db, &slug).await?;
    let form =
        PartnershipForm::from_model(&full.partnership, &full.belgian.slug, &full.partner.slug);
    partnership_form(
        &page,
        StatusCode::OK,
        form,
        Some(slug.into_inner()),
        FieldErrors::new(),
        String::new(),
    )
    .await
}

async fn save_partnership(
    page: Page,
    admin: AdminUser,
    editing: Option<String>,
    form: PartnershipForm,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let now = st.now();
    let result = match NewPartnership::parse(form.clone().into(), now.year()) {
        Err(e) => Err(AppError::Validation(e)),
        Ok(p) => match &editing {
            None => editing::create_partnership(&st.db, &admin.0, p, now).await,
            Some(slug) => editing::update_partnership(&st.db, &admin.0, slug, p, now).await,
        },
    };
    if result.is_ok() {
        // The catalogue's filters name territories and partnerships.
        st.catalog.invalidate();
    }
    match result.checked()? {
        Checked::Done(full) => Ok(page.flash_redirect(
            "success",
            "flash-saved",
            &format!("/partnerships/{}", full.partnership.slug),
        )),
        Checked::Invalid(errors) => {
            partnership_form(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                editing,
                errors,
                String::new(),
            )
            .await
        }
    }
}

pub async fn create_partnership(
    page: Page,
    admin: AdminUser,
    CsrfForm(form): CsrfForm<PartnershipForm>,
) -> AppResult<HttpResponse> {
    save_partnership(page, admin, None, form).await
}

pub async fn update_partnership(
    page: Page,
    admin: AdminUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<PartnershipForm>,
) -> AppResult<HttpResponse> {
    save_partnership(page, admin, Some(slug.into_inner()), form).await
}

pub async fn appoint_coordinator(
    page: Page,
    admin: AdminUser,
    slug: web::Path<String>,
    CsrfForm(input): CsrfForm<AppointInput>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match input.parse() {
        Err(e) => Err(AppError::Validation(e)),
        Ok(email) => {
            roles::appoint_coordinator(
                &st.db,
                &st.mailer,
                &admin.0,
                &slug,
                &email,
                page.lang,
                st.now(),
            )
            .await
        }
    };
    match result.checked()? {
        Checked::Done(done) => {
            let key = match done {
                roles::Appointment::Appointed(_) => "flash-coordinator-appointed",
                roles::Appointment::Invited(_) => "flash-coordinator-invited",
            };
            Ok(page.flash_redirect("success", key, &format!("/admin/partnerships/{slug}/edit")))
        }
        Checked::Invalid(errors) => {
            let full = service::partnership_by_slug(&st.db, &slug).await?;
            let form = PartnershipForm::from_model(
                &full.partnership,
                &full.belgian.slug,
                &full.partner.slug,
            );
            partnership_form(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                Some(slug.into_inner()),
                errors,
                input.email,
            )
            .await
        }
    }
}

pub async fn remove_coordinator(
    page: Page,
    admin: AdminUser,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let (slug, user_id) = path.into_inner();
    roles::remove_coordinator(&page.state().db, &admin.0, &slug, user_id).await?;
    page.flash("success", "flash-coordinator-removed");
    Ok(redirect(&format!("/admin/partnerships/{slug}/edit")))
}

// ----- networks -----

async fn networks_page(
    page: &Page,
    status: StatusCode,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let db = &page.state().db;
    let networks = service::all_networks(db).await?;
    let territories = service::all_territories(db).await?;
    page.render_form(
        status,
        "admin/networks.html.tera",
        &AdminNetworksView {
            networks: networks
                .iter()
                .map(|n| NetworkCard::new(n, page.lang))
                .collect(),
            territories: territory_choices(&territories, page.lang),
            errors: errors.messages(page.lang),
        },
    )
}

pub async fn networks(page: Page, _admin: AdminUser) -> AppResult<HttpResponse> {
    networks_page(&page, StatusCode::OK, FieldErrors::new()).await
}

pub async fn add_member(
    page: Page,
    admin: AdminUser,
    slug: web::Path<String>,
    CsrfForm(input): CsrfForm<MembershipInput>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    match roles::add_member(&st.db, &admin.0, &slug, &input, st.now())
        .await
        .checked()?
    {
        Checked::Done(()) => Ok(page.flash_redirect("success", "flash-saved", "/admin/networks")),
        Checked::Invalid(errors) => {
            networks_page(&page, StatusCode::UNPROCESSABLE_ENTITY, errors).await
        }
    }
}

pub async fn remove_member(
    page: Page,
    admin: AdminUser,
    path: web::Path<(String, String)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let (network, territory) = path.into_inner();
    roles::remove_member(&page.state().db, &admin.0, &network, &territory).await?;
    page.flash("success", "flash-saved");
    Ok(redirect("/admin/networks"))
}
