//! HTML pages: a partnership's shipments with the form for a new one, and a shipment's page
//! (contents, purchase orders, the orders waiting, the timeline and its next step).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::shipment::ShipmentStep;
use entity::{CampaignId, ProducerId, ShipmentId};
use serde::Deserialize;

use super::cost_input::InvoiceForm;
use super::cost_pages::CostsView;
use super::delay_rules::{NewDelay, can_delay};
use super::domain::{rank, step_name};
use super::input::{DelayForm, NewShipment, NewStep, ShipmentForm, StepForm};
use super::views::*;
use super::{delays, orders, service};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, Empty};
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;

/// What was typed on the shipments' page, kept when a form comes back with errors.
#[derive(Default)]
pub struct ListTyped {
    pub shipment: ShipmentForm,
    pub errors: FieldErrors,
    pub logistics_email: String,
    pub logistics_errors: FieldErrors,
}

/// The shipments' page; its coordinators also see the logistics people they appointed.
pub(crate) async fn list_page(
    page: &Page,
    user: &SessionUser,
    slug: &str,
    status: StatusCode,
    typed: ListTyped,
) -> AppResult<HttpResponse> {
    let db = &page.state().db;
    let l = service::list(db, &user.0, slug).await?;
    let logistics = if user.0.coordinates_partnership(l.partnership.id) {
        let (_, people) = super::logistics::people(db, &user.0, slug).await?;
        Some(LogisticsView {
            people: people.iter().map(super::logistics::PersonDto::of).collect(),
            email: typed.logistics_email,
            errors: typed.logistics_errors.messages(page.lang),
        })
    } else {
        None
    };
    let view = ShipmentsView {
        partnership_slug: l.partnership.slug.clone(),
        partnership_name: l.partnership.name.clone(),
        shipments: l
            .shipments
            .iter()
            .map(|(s, n)| ShipmentRow {
                id: s.row.id.get(),
                reference: s.reference.clone(),
                origin: s.row.origin.clone(),
                carrier: s.row.carrier.clone(),
                expected_on: s.row.expected_on,
                step_key: step_key(s.row.step),
                orders: *n,
            })
            .collect(),
        form: typed.shipment,
        transport_basis: super::cost_pages::basis_name(l.partnership.transport_basis),
        transport_difference: super::cost_pages::difference_name(
            l.partnership.transport_difference,
        ),
        errors: typed.errors.messages(page.lang),
        logistics,
    };
    page.render_form(status, "shipments/index.html.tera", &view)
}

/// `GET /partnerships/{slug}/shipments` (who handles the partnership's shipments).
pub async fn index(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    list_page(&page, &user, &slug, StatusCode::OK, ListTyped::default()).await
}

pub async fn create(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<ShipmentForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewShipment::try_from(&form) {
        Ok(s) => service::create(&st.db, &user.0, &slug, s, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(s) => Ok(page.flash_redirect(
            "success",
            "flash-shipment-created",
            &format!("/shipments/{}", s.row.id),
        )),
        Checked::Invalid(e) => {
            let typed = ListTyped {
                shipment: form,
                errors: e,
                ..Default::default()
            };
            list_page(&page, &user, &slug, StatusCode::UNPROCESSABLE_ENTITY, typed).await
        }
    }
}

pub(crate) async fn shipment_page(
    page: &Page,
    user: &SessionUser,
    id: ShipmentId,
    status: StatusCode,
    step_form: StepForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let typed = Typed {
        step: step_form,
        ..Default::default()
    };
    shipment_page_typed(page, user, id, status, typed, errors).await
}

/// What was typed in the shipment page's forms, shown again with its errors.
#[derive(Default)]
pub struct Typed {
    pub step: StepForm,
    pub delay: DelayForm,
    pub invoice: InvoiceForm,
}

pub(crate) async fn shipment_page_typed(
    page: &Page,
    user: &SessionUser,
    id: ShipmentId,
    status: StatusCode,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let Typed {
        step: step_form,
        delay: delay_form,
        invoice: invoice_form,
    } = typed;
    let lang = page.lang;
    let (p, waiting) = orders::page(&page.state().db, &user.0, id, lang.code()).await?;
    let costs = super::costs::of_shipment(&page.state().db, id).await?;
    let plan = super::packing_plan::plan_of(&page.state().db, id, &p.detail.contents).await?;
    let can_record = p.shipment.row.step != ShipmentStep::Preparing
        && user.0.coordinates_partnership(p.partnership.id);
    let s = &p.shipment;
    let next = s.next_step();
    let papers: Vec<PaperRow> = p
        .papers
        .iter()
        .map(|x| {
            let producer = p.detail.producers.get(&x.need.producer_id);
            PaperRow::new(lang, s.row.id.get(), x, producer)
        })
        .collect();
    let papers_missing: Vec<String> = p
        .papers
        .iter()
        .zip(&papers)
        .filter(|(x, _)| x.missing())
        .map(|(_, r)| r.label.clone())
        .collect();
    let blocked = match next {
        None => Some("shipment-done"),
        Some(ShipmentStep::ExportCleared) if !papers_missing.is_empty() => {
            Some("shipment-papers-to-prepare")
        }
        Some(_) if s.row.step == ShipmentStep::Preparing && p.detail.orders.is_empty() => {
            Some("shipment-needs-orders")
        }
        Some(_) => None,
    };
    let (producers, totals) = load_rows(lang, &p.detail);
    let today = page.state().now().date_naive();
    let view = ShipmentView {
        id: s.row.id.get(),
        reference: s.reference.clone(),
        partnership_slug: p.partnership.slug.clone(),
        partnership_name: p.partnership.name.clone(),
        origin: s.row.origin.clone(),
        carrier: s.row.carrier.clone(),
        expected_on: s.row.expected_on,
        created_at: s.row.created_at,
        step_key: step_key(s.row.step),
        next_step: next.map(step_name),
        next_step_key: next.map(step_key),
        blocked,
        preparing: s.row.step == ShipmentStep::Preparing,
        producers,
        totals,
        orders: p.detail.orders.iter().map(OrderRow::of).collect(),
        waiting: waiting.iter().map(OrderRow::of).collect(),
        timeline: timeline(&p),
        exporters: p
            .detail
            .contents
            .producers
            .iter()
            .filter_map(|pl| p.exporters.get(&pl.producer_id))
            .map(|x| ExporterRow {
                producer_id: x.id.get(),
                name: x.name.clone(),
                approved_exporter_number: x.approved_exporter_number.clone(),
            })
            .collect(),
        papers,
        papers_missing,
        today,
        can_delay: can_delay(s.row.step),
        delay_form,
        arrived: rank(s.row.step) >= rank(ShipmentStep::Arrived),
        campaigns: campaign_links(&p.detail.orders),
        coordinator: user.0.coordinates_partnership(p.partnership.id),
        step_form,
        costs: CostsView::new(lang, &costs, can_record, invoice_form),
        packing: super::packing_pages::PlanView::new(
            lang,
            &plan,
            &p.detail,
            rank(s.row.step) < rank(ShipmentStep::InTransit),
        ),
        errors: errors.messages(lang),
    };
    page.render_form(status, "shipments/show.html.tera", &view)
}

/// `GET /shipments/{id}` (the partnership's coordinators).
pub async fn show(
    page: Page,
    user: SessionUser,
    id: web::Path<ShipmentId>,
) -> AppResult<HttpResponse> {
    let today = page.state().now().date_naive().to_string();
    let form = StepForm {
        on: today,
        ..Default::default()
    };
    shipment_page(&page, &user, *id, StatusCode::OK, form, FieldErrors::new()).await
}

#[derive(Deserialize)]
pub struct OrderForm {
    pub order: String,
}

/// `POST /shipments/{id}/orders`: `order` is `<campaign id>-<producer id>` from the list of
/// orders waiting.
pub async fn add_order(
    page: Page,
    user: SessionUser,
    id: web::Path<ShipmentId>,
    CsrfForm(form): CsrfForm<OrderForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let pair = form
        .order
        .split_once('-')
        .and_then(|(c, p)| Some((c.parse::<CampaignId>().ok()?, p.parse::<ProducerId>().ok()?)));
    let result = match pair {
        Some((c, p)) => orders::add_order(&st.db, &user.0, *id, c, p, st.now()).await,
        None => Err(AppError::validation("order", "required")),
    };
    match result.checked()? {
        Checked::Done(()) => Ok(page.flash_redirect(
            "success",
            "flash-shipment-order-added",
            &format!("/shipments/{id}"),
        )),
        Checked::Invalid(e) => {
            shipment_page(
                &page,
                &user,
                *id,
                StatusCode::UNPROCESSABLE_ENTITY,
                StepForm::default(),
                e,
            )
            .await
        }
    }
}

/// `POST /shipments/{id}/orders/{campaign}/{producer}/remove`.
pub async fn remove_order(
    page: Page,
    user: SessionUser,
    path: web::Path<(ShipmentId, CampaignId, ProducerId)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let (id, c, p) = path.into_inner();
    orders::remove_order(&page.state().db, &user.0, id, c, p).await?;
    Ok(page.flash_redirect(
        "success",
        "flash-shipment-order-removed",
        &format!("/shipments/{id}"),
    ))
}

/// `POST /shipments/{id}/steps`: the next step, its date and note.
pub async fn record_step(
    page: Page,
    user: SessionUser,
    id: web::Path<ShipmentId>,
    CsrfForm(form): CsrfForm<StepForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewStep::try_from(&form) {
        Ok(s) => service::record_step(&st.db, Some(&st.mailer), &user.0, *id, s, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-shipment-step",
            &format!("/shipments/{id}"),
        )),
        Checked::Invalid(e) => {
            shipment_page(&page, &user, *id, StatusCode::UNPROCESSABLE_ENTITY, form, e).await
        }
    }
}

/// `POST /shipments/{id}/delay`: the new expected arrival, pickup date and note.
pub async fn delay(
    page: Page,
    user: SessionUser,
    id: web::Path<ShipmentId>,
    CsrfForm(form): CsrfForm<DelayForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewDelay::try_from(&form) {
        Ok(d) => delays::delay(&st.db, Some(&st.mailer), &user.0, *id, d, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-shipment-delayed",
            &format!("/shipments/{id}"),
        )),
        Checked::Invalid(e) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let typed = Typed {
                delay: form,
                ..Default::default()
            };
            shipment_page_typed(&page, &user, *id, status, typed, e).await
        }
    }
}
