//! HTML pages: groups (list, creation, the group's page with its members and campaigns) and the
//! campaign page where members fill their basket and coordinators close and follow the order.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::close::{self, Ctx};
use super::groups::{self, Access, GroupFull};
use super::input::{
    BasketForm, BasketLine, CampaignForm, GroupForm, GroupInput, InviteInput, NewCampaign,
    NewGroup, NewPickup, PickupInput,
};
use super::service::{self, CampaignFull, accepts_baskets, local_time, state_of};
use super::views::*;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::territories::views::Choice;
use crate::web::auth::{MaybeSessionUser, SessionUser};
use crate::web::forms::{CsrfForm, Empty};
use crate::web::page::{Page, redirect};

pub fn ctx(page: &Page) -> Ctx<'_> {
    super::api::ctx(page.state())
}

fn card(g: &GroupFull, mine: bool) -> GroupCard {
    GroupCard {
        slug: g.group.slug.clone(),
        name: g.group.name.clone(),
        partnership: g.partnership.name.clone(),
        partnership_slug: g.partnership.slug.clone(),
        territory: g.territory.name.clone(),
        description: g.group.description.clone(),
        mine,
    }
}

pub async fn index(page: Page, user: MaybeSessionUser) -> AppResult<HttpResponse> {
    let db = &page.state().db;
    let mine: Vec<i64> = match &user.0 {
        Some(u) => groups::my_groups(db, u)
            .await?
            .iter()
            .map(|g| g.id)
            .collect(),
        None => Vec::new(),
    };
    let all = groups::all_groups(db).await?;
    let cards: Vec<GroupCard> = all
        .iter()
        .map(|(g, p)| GroupCard {
            slug: g.slug.clone(),
            name: g.name.clone(),
            partnership: p.name.clone(),
            partnership_slug: p.slug.clone(),
            territory: String::new(),
            description: g.description.clone(),
            mine: mine.contains(&g.id),
        })
        .collect();
    let (mine, all): (Vec<GroupCard>, Vec<GroupCard>) = cards.into_iter().partition(|c| c.mine);
    page.render("groups/index.html.tera", &GroupsView { mine, all })
}

async fn group_form(
    page: &Page,
    status: StatusCode,
    form: GroupForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let partnerships = crate::territories::service::all_partnerships(&page.state().db).await?;
    page.render_form(
        status,
        "groups/new.html.tera",
        &GroupFormView {
            form,
            errors: errors.messages(page.lang),
            partnerships: partnerships
                .iter()
                .map(|p| Choice {
                    value: p.partnership.slug.clone(),
                    label: p.partnership.name.clone(),
                })
                .collect(),
        },
    )
}

pub async fn new_group(page: Page, _user: SessionUser) -> AppResult<HttpResponse> {
    group_form(
        &page,
        StatusCode::OK,
        GroupForm::default(),
        FieldErrors::new(),
    )
    .await
}

pub async fn create_group(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<GroupForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewGroup::try_from(GroupInput::from(form.clone())) {
        Ok(g) => groups::create_group(&st.db, &user.0, g, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(g) => {
            page.flash("success", "flash-group-created");
            Ok(redirect(&format!("/groups/{}", g.group.slug)))
        }
        Err(AppError::Validation(e)) => {
            group_form(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                rename_pickup(e),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// The API's nested field names as the form's flat ones.
fn rename_pickup(e: FieldErrors) -> FieldErrors {
    FieldErrors(
        e.0.into_iter()
            .map(|(k, v)| {
                let k = match k.as_str() {
                    "pickup_point.name" => "pickup_name".to_owned(),
                    "pickup_point.address" => "pickup_address".to_owned(),
                    "pickup_point.opening_hours" => "pickup_hours".to_owned(),
                    _ => k,
                };
                (k, v)
            })
            .collect(),
    )
}

async fn group_page(
    page: &Page,
    slug: &str,
    status: StatusCode,
    errors: FieldErrors,
    invite_email: String,
) -> AppResult<HttpResponse> {
    let db = &page.state().db;
    let g = groups::find_by_slug(db, slug).await?;
    let access = groups::access(page.user.as_ref(), &g.group);
    let now = page.state().now();
    let (campaigns, members) = if access == Access::Outsider {
        (Vec::new(), Vec::new())
    } else {
        let campaigns = service::campaigns_of_group(db, g.group.id).await?;
        let members = if access == Access::Coordinator {
            groups::members(db, g.group.id).await?
        } else {
            Vec::new()
        };
        (campaigns, members)
    };
    page.render_form(
        status,
        "groups/show.html.tera",
        &GroupView {
            card: card(&g, access != Access::Outsider),
            access: match access {
                Access::Outsider => "outsider",
                Access::Member => "member",
                Access::Coordinator => "coordinator",
            },
            pickup_points: g
                .pickup_points
                .iter()
                .map(|p| PickupRow {
                    id: p.id,
                    name: p.name.clone(),
                    address: p.address.clone(),
                    opening_hours: p.opening_hours.clone(),
                })
                .collect(),
            campaigns: campaigns
                .iter()
                .map(|c| CampaignRow {
                    id: c.id,
                    title: c.title.clone(),
                    state: c.state.clone(),
                    opens_at: local_time(c.opens_at),
                    closes_at: local_time(c.closes_at),
                    delivery_on: c.delivery_on.format("%d/%m/%Y").to_string(),
                    accepts_baskets: accepts_baskets(c, now),
                })
                .collect(),
            members: members
                .iter()
                .map(|m| MemberRow {
                    name: m.user.display_name.clone(),
                    email: m.user.email.clone(),
                    coordinator: m.coordinator,
                })
                .collect(),
            errors: errors.messages(page.lang),
            invite_email,
            account_name: g.group.account_name.clone().unwrap_or_default(),
            iban: g
                .group
                .iban
                .as_deref()
                .map(crate::payments::domain::format_iban)
                .unwrap_or_default(),
            bic: g.group.bic.clone().unwrap_or_default(),
        },
    )
}

pub async fn show_group(page: Page, slug: web::Path<String>) -> AppResult<HttpResponse> {
    group_page(
        &page,
        &slug,
        StatusCode::OK,
        FieldErrors::new(),
        String::new(),
    )
    .await
}

pub async fn invite(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<InviteInput>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let g = groups::find_by_slug(&st.db, &slug).await?;
    match groups::invite(
        &st.db,
        &st.mailer,
        &user.0,
        g.group.id,
        &form,
        page.lang,
        st.now(),
    )
    .await
    {
        Ok(()) => {
            page.flash("success", "flash-invitation-sent");
            Ok(redirect(&format!("/groups/{slug}")))
        }
        Err(AppError::Validation(e)) => {
            group_page(
                &page,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                e,
                form.email,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn account(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<crate::payments::handlers::AccountForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let g = groups::find_by_slug(&st.db, &slug).await?;
    match groups::set_account(&st.db, &user.0, g.group.id, &form, st.now()).await {
        Ok(_) => {
            page.flash("success", "flash-saved");
            Ok(redirect(&format!("/groups/{slug}")))
        }
        Err(AppError::Validation(e)) => {
            group_page(
                &page,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                e,
                String::new(),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// A pickup point as the group page's form sends it.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PickupForm {
    pub pickup_name: String,
    pub pickup_address: String,
    pub pickup_opening_hours: String,
}

pub async fn add_pickup(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<PickupForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let g = groups::find_by_slug(&st.db, &slug).await?;
    let mut errors = FieldErrors::new();
    let input = PickupInput {
        name: form.pickup_name,
        address: form.pickup_address,
        opening_hours: form.pickup_opening_hours,
    };
    let p = NewPickup::parse(&input, &mut errors, "pickup_");
    if !errors.is_empty() {
        groups::require(Some(&user.0), &g.group, Access::Coordinator)?;
        return group_page(
            &page,
            &slug,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            String::new(),
        )
        .await;
    }
    groups::add_pickup_point(&st.db, &user.0, g.group.id, p, st.now()).await?;
    page.flash("success", "flash-saved");
    Ok(redirect(&format!("/groups/{slug}")))
}

async fn campaign_form(
    page: &Page,
    g: &GroupFull,
    status: StatusCode,
    form: CampaignForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let producers =
        crate::catalog::service::approved_producers_of(&page.state().db, g.group.partnership_id)
            .await?;
    page.render_form(
        status,
        "groups/campaign_form.html.tera",
        &CampaignFormView {
            group_slug: g.group.slug.clone(),
            group_name: g.group.name.clone(),
            producers: producers
                .iter()
                .map(|p| ProducerChoice {
                    id: p.id,
                    name: p.name.clone(),
                    checked: form.producer_ids.contains(&p.id.to_string()),
                })
                .collect(),
            pickup_points: g
                .pickup_points
                .iter()
                .map(|p| Choice {
                    value: p.id.to_string(),
                    label: p.name.clone(),
                })
                .collect(),
            form,
            errors: errors.messages(page.lang),
        },
    )
}

pub async fn new_campaign(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let g = groups::find_by_slug(&page.state().db, &slug).await?;
    groups::require(Some(&user.0), &g.group, Access::Coordinator)?;
    let now = page
        .state()
        .now()
        .with_timezone(&chrono_tz::Europe::Brussels);
    let form = CampaignForm {
        opens_at: now.format("%Y-%m-%dT%H:%M").to_string(),
        closes_at: (now + chrono::Duration::days(14))
            .format("%Y-%m-%dT20:00")
            .to_string(),
        delivery_on: (now + chrono::Duration::days(35))
            .format("%Y-%m-%d")
            .to_string(),
        transport_split: "weight".into(),
        ..Default::default()
    };
    campaign_form(&page, &g, StatusCode::OK, form, FieldErrors::new()).await
}

pub async fn create_campaign(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<CampaignForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let g = groups::find_by_slug(&st.db, &slug).await?;
    let now = st.now();
    let result = match NewCampaign::from_form(&form, now) {
        Ok(c) => service::create_campaign(&st.db, &st.mailer, &user.0, g.group.id, c, now).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(c) => {
            page.flash("success", "flash-campaign-created");
            Ok(redirect(&format!("/campaigns/{}", c.id)))
        }
        Err(AppError::Validation(e)) => {
            let e = FieldErrors(
                e.0.into_iter()
                    .map(|(k, v)| (k.trim_end_matches("_cents").to_owned(), v))
                    .collect(),
            );
            campaign_form(&page, &g, StatusCode::UNPROCESSABLE_ENTITY, form, e).await
        }
        Err(e) => Err(e),
    }
}

async fn campaign_page(
    page: &Page,
    id: i64,
    status: StatusCode,
    errors: FieldErrors,
    line_errors: Option<(i64, FieldErrors)>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let db = &st.db;
    let (c, access) = service::for_viewer(db, page.user.as_ref(), id).await?;
    let user = page.user.as_ref();
    let now = st.now();
    let state = state_of(&c.campaign);
    let orders = user.is_some_and(|u| groups::orders_in(u, c.group.group.id));
    let coordinator = access == Access::Coordinator;
    let fills = service::fills(db, &c).await?;
    let basket = match user {
        Some(u) if orders => Some(service::basket(db, &c, u.id, page.lang).await?),
        _ => None,
    };
    let result = if state.is_closed() {
        let only = (!coordinator).then(|| user.map(|u| u.id).unwrap_or(0));
        Some(close::result(db, &c, only, page.lang).await?)
    } else {
        None
    };
    let producer_names: BTreeMap<i64, String> =
        c.producers.iter().map(|p| (p.id, p.name.clone())).collect();
    let offers = c
        .products
        .iter()
        .map(|p| {
            let f = fills.get(&p.id).copied().unwrap_or(super::domain::fill(
                i64::from(p.case_size),
                0,
                0,
            ));
            let mine = basket
                .as_ref()
                .and_then(|b| b.items.iter().find(|i| i.product_id == p.product_id));
            OfferRow {
                product_id: p.product_id,
                name: p.name.pick(page.lang.code()).to_owned(),
                producer: producer_names
                    .get(&p.producer_id)
                    .cloned()
                    .unwrap_or_default(),
                unit: p.unit_in(page.lang.code()).to_owned(),
                case_size: p.case_size,
                price_cents: p.price_cents,
                vat_rate_bp: p.vat_rate_bp,
                vat_percent: crate::money::percent(p.vat_rate_bp),
                asked: f.quantity,
                full_cases: f.full_cases,
                in_open_case: f.in_open_case,
                to_complete: f.to_complete,
                percent: f.percent,
                completed_by_tolerance: f.completed_by_tolerance,
                my_quantity: mine.map(|i| i.quantity).unwrap_or(0),
                my_tolerance: mine.map(|i| i.tolerance).unwrap_or(0),
                max_tolerance: (p.case_size - 1).max(0),
                ordered_cases: p.ordered_cases,
                ordered_units: p.ordered_units,
                confirmed_units: p.confirmed_units,
                delivered_units: p.delivered_units,
                errors: match &line_errors {
                    Some((pid, e)) if *pid == p.product_id => e.messages(page.lang),
                    _ => BTreeMap::new(),
                },
            }
        })
        .collect();
    let pickup = pickup_label(&c);
    let view = CampaignView {
        id: c.campaign.id,
        title: c.campaign.title.clone(),
        state: c.campaign.state.clone(),
        group_slug: c.group.group.slug.clone(),
        group_name: c.group.group.name.clone(),
        opens_at: local_time(c.campaign.opens_at),
        closes_at: local_time(c.campaign.closes_at),
        delivery_on: c.campaign.delivery_on.format("%d/%m/%Y").to_string(),
        pickup,
        note: c.campaign.note.clone(),
        cancel_reason: c.campaign.cancel_reason.clone(),
        transport_cents: c.campaign.transport_cents,
        transport_split: c.campaign.transport_split.clone(),
        fee_cents: c.campaign.fee_cents,
        min_total_cents: c.campaign.min_total_cents,
        accepts_baskets: accepts_baskets(&c.campaign, now),
        orders,
        verified: user.is_some_and(|u| u.email_verified),
        coordinator,
        closed: state.is_closed(),
        offers,
        basket,
        result,
        can_close: coordinator
            && matches!(
                state,
                super::domain::State::Draft | super::domain::State::Open
            ),
        can_cancel: coordinator && state.may_become(super::domain::State::Cancelled),
        can_ship: coordinator && state == super::domain::State::Confirmed,
        can_deliver: coordinator && state == super::domain::State::Shipped,
        can_settle: coordinator && state == super::domain::State::Delivered,
        errors: errors.messages(page.lang),
    };
    page.render_form(status, "groups/campaign.html.tera", &view)
}

pub fn pickup_label(c: &CampaignFull) -> Option<String> {
    c.campaign
        .pickup_point_id
        .and_then(|id| c.group.pickup_points.iter().find(|p| p.id == id))
        .map(|p| {
            if p.opening_hours.is_empty() {
                format!("{} — {}", p.name, p.address)
            } else {
                format!("{} — {} ({})", p.name, p.address, p.opening_hours)
            }
        })
}

pub async fn show_campaign(page: Page, id: web::Path<i64>) -> AppResult<HttpResponse> {
    campaign_page(&page, *id, StatusCode::OK, FieldErrors::new(), None).await
}

pub async fn set_line(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<BasketForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let product_id: i64 = form
        .product_id
        .trim()
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let c = service::load(&st.db, *id).await?;
    let case_size = c
        .products
        .iter()
        .find(|p| p.product_id == product_id)
        .map(|p| p.case_size)
        .ok_or(AppError::NotFound)?;
    let parsed = BasketLine::from_form(&form, case_size);
    let result = match parsed {
        Ok(l) => {
            let ask = super::input::BasketInput {
                quantity: i64::from(l.quantity),
                tolerance: i64::from(l.tolerance),
            };
            service::set_line(&st.db, &user.0, *id, product_id, &ask, page.lang, st.now()).await
        }
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(_) => {
            page.flash("success", "flash-basket-saved");
            Ok(redirect(&format!("/campaigns/{id}#product-{product_id}")))
        }
        Err(AppError::Validation(e)) => {
            campaign_page(
                &page,
                *id,
                StatusCode::UNPROCESSABLE_ENTITY,
                FieldErrors::new(),
                Some((product_id, e)),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CloseForm {
    pub confirm_early: Option<String>,
}

pub async fn close(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let early = crate::web::forms::checked(&form.confirm_early);
    match close::close(&st.db, &ctx(&page), Some(&user.0), *id, early, st.now()).await {
        Ok(_) => {
            page.flash("success", "flash-campaign-closed");
            Ok(redirect(&format!("/campaigns/{id}")))
        }
        Err(AppError::Validation(e)) => {
            campaign_page(&page, *id, StatusCode::UNPROCESSABLE_ENTITY, e, None).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CancelForm {
    pub reason: String,
}

pub async fn cancel(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<CancelForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    close::cancel(&st.db, &ctx(&page), &user.0, *id, &form.reason, st.now()).await?;
    page.flash("success", "flash-campaign-cancelled");
    Ok(redirect(&format!("/campaigns/{id}")))
}

pub async fn ship(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    close::mark_shipped(&st.db, &user.0, *id, st.now()).await?;
    page.flash("success", "flash-saved");
    Ok(redirect(&format!("/campaigns/{id}")))
}

/// Units per product from a form's `units[<product id>]` fields (empty fields are left out).
pub fn units_from_form(form: &BTreeMap<String, String>) -> Result<Vec<(i64, i64)>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut out = Vec::new();
    for (k, v) in form {
        let Some(pid) = k
            .strip_prefix("units[")
            .and_then(|r| r.strip_suffix(']'))
            .and_then(|n| n.parse::<i64>().ok())
        else {
            continue;
        };
        match v.trim() {
            "" => {}
            s => match s.parse::<i64>() {
                Ok(n) => out.push((pid, n)),
                Err(_) => errors.add(k, crate::error::FieldError::new("number")),
            },
        }
    }
    errors.check()?;
    Ok(out)
}

pub async fn deliver(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<BTreeMap<String, String>>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match units_from_form(&form) {
        Ok(lines) => {
            close::record_delivery(&st.db, &ctx(&page), &user.0, *id, &lines, st.now()).await
        }
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(_) => {
            page.flash("success", "flash-delivery-recorded");
            Ok(redirect(&format!("/campaigns/{id}")))
        }
        Err(AppError::Validation(e)) => {
            campaign_page(&page, *id, StatusCode::UNPROCESSABLE_ENTITY, e, None).await
        }
        Err(e) => Err(e),
    }
}

pub async fn settle(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    close::settle(&st.db, &user.0, *id, st.now()).await?;
    page.flash("success", "flash-campaign-settled");
    Ok(redirect(&format!("/campaigns/{id}")))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CollectedForm {
    pub user_id: i64,
    pub collected: Option<String>,
}

pub async fn collected(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<CollectedForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let on = crate::web::forms::checked(&form.collected);
    close::mark_collected(&st.db, &user.0, *id, form.user_id, on, st.now()).await?;
    Ok(redirect(&format!(
        "/campaigns/{id}/pickup#member-{}",
        form.user_id
    )))
}
