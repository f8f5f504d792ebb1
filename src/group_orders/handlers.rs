//! HTML pages: groups (list, creation, the group's page with its members and campaigns) and the
//! form that opens a campaign (the campaign page itself is in campaign_pages.rs).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::GroupId;
use serde::Deserialize;

use super::campaign_input::{CampaignForm, NewCampaign};
use super::close::Ctx;
use super::groups::{self, Access, GroupFull};
use super::input::{GroupForm, GroupInput, InviteInput, NewGroup, NewPickup, PickupInput};
use super::service::{self, accepts_baskets};
use super::views::*;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::web::auth::{MaybeSessionUser, SessionUser};
use crate::web::choice::Choice;
use crate::web::forms::CsrfForm;
use crate::web::outcome::{Check, Checked};
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
    let mine: Vec<GroupId> = match &user.0 {
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
    match result.checked()? {
        Checked::Done(g) => Ok(page.flash_redirect(
            "success",
            "flash-group-created",
            &format!("/groups/{}", g.group.slug),
        )),
        Checked::Invalid(e) => {
            group_form(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                rename_pickup(e),
            )
            .await
        }
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
                    state: c.state,
                    opens_at: c.opens_at,
                    closes_at: c.closes_at,
                    closed_at: c.closed_at,
                    delivery_on: c.delivery_on,
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
    .checked()?
    {
        Checked::Done(()) => Ok(page.flash_redirect(
            "success",
            "flash-invitation-sent",
            &format!("/groups/{slug}"),
        )),
        Checked::Invalid(e) => {
            group_page(
                &page,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                e,
                form.email,
            )
            .await
        }
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
    match groups::set_account(&st.db, &user.0, g.group.id, &form, st.now())
        .await
        .checked()?
    {
        Checked::Done(_) => {
            Ok(page.flash_redirect("success", "flash-saved", &format!("/groups/{slug}")))
        }
        Checked::Invalid(e) => {
            group_page(
                &page,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                e,
                String::new(),
            )
            .await
        }
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
    let closes = now + chrono::Duration::days(14);
    let month = chrono::Datelike::month(&closes);
    let form = CampaignForm {
        // A title to start from, named after the month it closes ("Commande d'octobre").
        title: crate::web::i18n::translate(
            page.lang,
            "campaign-title-suggestion",
            &[
                ("of_month", crate::web::format::of_month_fr(month).as_str()),
                ("month", crate::web::format::month_name(page.lang, month)),
            ],
        )
        .replace(['\u{2068}', '\u{2069}'], ""),
        opens_at: now.format("%Y-%m-%dT%H:%M").to_string(),
        closes_at: closes.format("%Y-%m-%dT20:00").to_string(),
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
    match result.checked()? {
        Checked::Done(c) => Ok(page.flash_redirect(
            "success",
            "flash-campaign-created",
            &format!("/campaigns/{}", c.id),
        )),
        Checked::Invalid(e) => {
            let e = FieldErrors(
                e.0.into_iter()
                    .map(|(k, v)| (k.trim_end_matches("_cents").to_owned(), v))
                    .collect(),
            );
            campaign_form(&page, &g, StatusCode::UNPROCESSABLE_ENTITY, form, e).await
        }
    }
}
