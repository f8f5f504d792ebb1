//! The hosts' pages: describe a stay, add its photos and departures (the same checks as the API).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::TripId;
use serde::{Deserialize, Serialize};

use super::input::{DepartureInput, NewDeparture, NewTrip, TripInput};
use super::service;
use crate::catalog::input::TextInput;
use crate::clock::today;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::media::PhotoOwner;
use crate::money::Cents;
use crate::money::parse_euros;
use crate::web::auth::SessionUser;
use crate::web::choice::Choice;
use crate::web::forms::CsrfForm;
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TripForm {
    pub partnership: String,
    pub title: String,
    pub description: String,
    /// One day per line.
    pub programme: String,
    pub included: String,
    pub not_included: String,
    pub pre_departure: String,
    /// Comma-separated language codes.
    pub languages: String,
    pub accessibility: String,
    pub min_group: String,
    pub max_group: String,
}

#[derive(Serialize)]
struct TripFormView {
    form: TripForm,
    errors: BTreeMap<String, Vec<String>>,
    partnerships: Vec<Choice>,
}

fn number(errors: &mut FieldErrors, field: &str, v: &str) -> i64 {
    match v.trim() {
        "" => 0,
        s => s.parse().unwrap_or_else(|_| {
            errors.add(field, FieldError::new("number"));
            0
        }),
    }
}

/// A percentage as typed ("30", "5,5") to basis points.
fn basis_points(errors: &mut FieldErrors, field: &str, v: &str) -> i64 {
    match v.trim() {
        "" => 0,
        s => match parse_euros(s) {
            Some(bp) => bp.get(),
            None => {
                errors.add(field, FieldError::new("number"));
                0
            }
        },
    }
}

impl TripForm {
    fn input(&self, errors: &mut FieldErrors) -> TripInput {
        let territory = String::new();
        TripInput {
            title: TextInput::One(self.title.clone()),
            partnership: self.partnership.clone(),
            territory,
            description: TextInput::One(self.description.clone()),
            programme: self
                .programme
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| TextInput::One(l.to_owned()))
                .collect(),
            included: TextInput::One(self.included.clone()),
            not_included: TextInput::One(self.not_included.clone()),
            pre_departure: TextInput::One(self.pre_departure.clone()),
            languages: self
                .languages
                .split([',', ' '])
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            accessibility: self.accessibility.clone(),
            min_group: number(errors, "min_group", &self.min_group),
            max_group: number(errors, "max_group", &self.max_group),
        }
    }
}

async fn trip_form(
    page: &Page,
    status: StatusCode,
    form: TripForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let all = crate::territories::service::all_partnerships(&page.state().db).await?;
    page.render_form(
        status,
        "trips/trip_form.html.tera",
        &TripFormView {
            form,
            errors: errors.messages(page.lang),
            partnerships: all
                .iter()
                .map(|p| Choice {
                    value: p.partnership.slug.clone(),
                    label: p.partnership.name.clone(),
                })
                .collect(),
        },
    )
}

pub async fn new_trip(page: Page, _user: SessionUser) -> AppResult<HttpResponse> {
    let form = TripForm {
        min_group: "4".into(),
        max_group: "10".into(),
        languages: "fr, ar".into(),
        ..Default::default()
    };
    trip_form(&page, StatusCode::OK, form, FieldErrors::new()).await
}

pub async fn create_trip(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<TripForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let mut errors = FieldErrors::new();
    let mut input = form.input(&mut errors);
    // The stay is hosted in the partner territory of the chosen partnership.
    if let Some(p) = crate::territories::service::all_partnerships(&st.db)
        .await?
        .into_iter()
        .find(|p| p.partnership.slug == form.partnership)
    {
        input.territory = p.partner.slug.clone();
    }
    let result = match NewTrip::try_from(input) {
        Ok(t) if errors.is_empty() => service::create_trip(&st.db, &user.0, t, st.now()).await,
        Ok(_) => Err(AppError::Validation(errors)),
        Err(mut e) => {
            e.merge(errors);
            Err(AppError::Validation(e))
        }
    };
    match result.checked()? {
        Checked::Done(t) => Ok(page.flash_redirect(
            "success",
            "flash-trip-created",
            &format!("/host/trips/{}", t.id),
        )),
        Checked::Invalid(e) => trip_form(&page, StatusCode::UNPROCESSABLE_ENTITY, form, e).await,
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DepartureForm {
    pub starts_on: String,
    pub ends_on: String,
    pub capacity: String,
    pub price: String,
    pub deposit: String,
    pub community_share: String,
    pub transport: String,
    pub organisation: String,
    pub balance_due_on: String,
}

#[derive(Serialize)]
struct PhotoRow {
    id: i64,
    key: String,
}

#[derive(Serialize)]
struct ManageView {
    id: TripId,
    slug: String,
    title: String,
    photos: Vec<PhotoRow>,
    departures: Vec<super::views::HostDeparture>,
    form: DepartureForm,
    errors: BTreeMap<String, Vec<String>>,
    /// The partnership's coordinators appoint hosts.
    appoints: bool,
}

async fn manage_page(
    page: &Page,
    user: &SessionUser,
    id: TripId,
    status: StatusCode,
    form: DepartureForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let t = service::trip(&st.db, id).await?;
    if !service::runs(&user.0, &t) {
        return Err(AppError::NotFound);
    }
    let photos = crate::media::photo_rows::photos_of(&st.db, PhotoOwner::Trip(id)).await?;
    let departures = service::hosted_departures(&st.db, &user.0).await?;
    page.render_form(
        status,
        "trips/manage.html.tera",
        &ManageView {
            id: t.id,
            slug: t.slug.clone(),
            title: t.title.pick(page.lang.code()).to_owned(),
            photos: photos
                .iter()
                .map(|p| PhotoRow {
                    id: p.id,
                    key: p.file_key.clone(),
                })
                .collect(),
            departures: departures
                .iter()
                .filter(|(_, dt)| dt.id == t.id)
                .map(|(d, _)| super::views::HostDeparture {
                    id: d.id,
                    trip_id: t.id,
                    trip_title: String::new(),
                    starts_on: d.starts_on,
                    ends_on: d.ends_on,
                    capacity: d.capacity,
                    seats_taken: d.seats_taken,
                    status: d.status,
                })
                .collect(),
            form,
            errors: errors.messages(page.lang),
            appoints: user.0.coordinates_partnership(t.partnership_id),
        },
    )
}

pub async fn manage(
    page: Page,
    user: SessionUser,
    id: web::Path<TripId>,
) -> AppResult<HttpResponse> {
    let form = DepartureForm {
        capacity: "8".into(),
        deposit: "30".into(),
        community_share: "5".into(),
        organisation: "8".into(),
        ..Default::default()
    };
    manage_page(&page, &user, *id, StatusCode::OK, form, FieldErrors::new()).await
}

pub async fn create_departure(
    page: Page,
    user: SessionUser,
    id: web::Path<TripId>,
    CsrfForm(form): CsrfForm<DepartureForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let mut errors = FieldErrors::new();
    let euros = |errors: &mut FieldErrors, field: &str, v: &str| match v.trim() {
        "" => Cents::ZERO,
        s => parse_euros(s).unwrap_or_else(|| {
            errors.add(field, FieldError::new("euros"));
            Cents::ZERO
        }),
    };
    let input = DepartureInput {
        starts_on: form.starts_on.clone(),
        ends_on: form.ends_on.clone(),
        capacity: number(&mut errors, "capacity", &form.capacity),
        price_cents: euros(&mut errors, "price", &form.price),
        deposit_bp: basis_points(&mut errors, "deposit", &form.deposit),
        community_share_bp: basis_points(&mut errors, "community_share", &form.community_share),
        transport_cents: euros(&mut errors, "transport", &form.transport),
        organisation_bp: basis_points(&mut errors, "organisation", &form.organisation),
        balance_due_on: Some(form.balance_due_on.clone()),
        policy: None,
    };
    let now = st.now();
    let result = match NewDeparture::parse(input, today(now)) {
        Ok(d) if errors.is_empty() => service::create_departure(&st.db, &user.0, *id, d, now).await,
        Ok(_) => Err(AppError::Validation(errors)),
        Err(mut e) => {
            e.merge(errors);
            Err(AppError::Validation(e))
        }
    };
    match result.checked()? {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-departure-created",
            &format!("/host/trips/{id}"),
        )),
        Checked::Invalid(e) => {
            // The API's field names as the form's.
            let e = FieldErrors(
                e.0.into_iter()
                    .map(|(k, v)| {
                        let k = match k.as_str() {
                            "price_cents" => "price".to_owned(),
                            "deposit_bp" => "deposit".to_owned(),
                            "community_share_bp" => "community_share".to_owned(),
                            "transport_cents" => "transport".to_owned(),
                            "organisation_bp" => "organisation".to_owned(),
                            _ => k,
                        };
                        (k, v)
                    })
                    .collect(),
            );
            manage_page(&page, &user, *id, StatusCode::UNPROCESSABLE_ENTITY, form, e).await
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct HostForm {
    pub email: String,
}

/// A coordinator appoints another host of the stay (an emailed invitation).
pub async fn invite_host(
    page: Page,
    user: SessionUser,
    id: web::Path<TripId>,
    CsrfForm(form): CsrfForm<HostForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    match service::invite_host(
        &st.db,
        &st.mailer,
        &user.0,
        *id,
        &form.email,
        page.lang,
        st.now(),
    )
    .await
    .checked()?
    {
        Checked::Done(()) => Ok(page.flash_redirect(
            "success",
            "flash-invitation-sent",
            &format!("/host/trips/{id}"),
        )),
        Checked::Invalid(e) => {
            manage_page(
                &page,
                &user,
                *id,
                StatusCode::UNPROCESSABLE_ENTITY,
                DepartureForm::default(),
                e,
            )
            .await
        }
    }
}
