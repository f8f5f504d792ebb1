//! The campaign page: members save their whole basket with one form; coordinators close the
//! window and follow the order (ship, delivery, settle, cancel) with the actions the page offers.

use entity::CampaignId;
use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::basket;
use super::campaign_view::{Typed, campaign_view};
use super::close;
use super::handlers::ctx;
use super::input::basket_from_form;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::web::auth::SessionUser;
use crate::web::format;
use crate::web::forms::{CsrfForm, Empty};
use crate::web::i18n::Lang;
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

/// The session key that says "this campaign's basket was just saved" to the next page, which
/// shows it beside the form rather than at the top, out of sight on a phone.
const SAVED: &str = "orders_basket_saved";

async fn campaign_page(
    page: &Page,
    id: CampaignId,
    status: StatusCode,
    typed: Typed,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let saved = page
        .session
        .remove_as::<CampaignId>(SAVED)
        .and_then(Result::ok)
        == Some(id);
    let view = campaign_view(
        &st.db,
        page.user.as_ref(),
        id,
        page.lang,
        st.now(),
        typed,
        saved,
    )
    .await?;
    page.render_form(status, "groups/campaign.html.tera", &view)
}

/// Times a service put in a message as RFC 3339, written the reader's way.
pub fn local_times(e: FieldErrors, lang: Lang) -> FieldErrors {
    FieldErrors(
        e.0.into_iter()
            .map(|(field, errs)| {
                let errs = errs
                    .into_iter()
                    .map(|mut err: FieldError| {
                        for v in err.params.values_mut() {
                            if let crate::web::i18n::Arg::Text(s) = v
                                && let Ok(t) = chrono::DateTime::parse_from_rfc3339(s)
                            {
                                *s = format::datetime(lang, t.with_timezone(&chrono::Utc));
                            }
                        }
                        err
                    })
                    .collect();
                (field, errs)
            })
            .collect(),
    )
}

pub async fn show_campaign(page: Page, id: web::Path<CampaignId>) -> AppResult<HttpResponse> {
    campaign_page(&page, *id, StatusCode::OK, Typed::default()).await
}

/// The one form of the campaign page: the quantity and tolerance of every product at once.
/// Refused input comes back with what was typed and a message beside each field (422); nothing
/// is saved until every line is right.
pub async fn save_basket(
    page: Page,
    user: SessionUser,
    id: web::Path<CampaignId>,
    CsrfForm(form): CsrfForm<BTreeMap<String, String>>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let asks = match basket_from_form(&form) {
        Ok(a) => a,
        Err(e) => {
            return campaign_page(
                &page,
                *id,
                StatusCode::UNPROCESSABLE_ENTITY,
                Typed {
                    asks: None,
                    errors: e,
                },
            )
            .await;
        }
    };
    match basket::set_basket(&st.db, &user.0, *id, &asks, page.lang, st.now())
        .await
        .checked()?
    {
        Checked::Done(_) => {
            let _ = page.session.insert(SAVED, *id);
            Ok(redirect(&format!("/campaigns/{id}#basket-bar")))
        }
        Checked::Invalid(e) => {
            campaign_page(
                &page,
                *id,
                StatusCode::UNPROCESSABLE_ENTITY,
                Typed {
                    asks: Some(asks),
                    errors: e,
                },
            )
            .await
        }
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
    id: web::Path<CampaignId>,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let early = crate::web::forms::checked(&form.confirm_early);
    match close::close(&st.db, &ctx(&page), Some(&user.0), *id, early, st.now())
        .await
        .checked()?
    {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-campaign-closed",
            &format!("/campaigns/{id}"),
        )),
        Checked::Invalid(e) => {
            let errors = local_times(e, page.lang);
            campaign_page(
                &page,
                *id,
                StatusCode::UNPROCESSABLE_ENTITY,
                Typed { asks: None, errors },
            )
            .await
        }
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
    id: web::Path<CampaignId>,
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
    id: web::Path<CampaignId>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    close::mark_shipped(&st.db, &user.0, *id, st.now()).await?;
    page.flash("success", "flash-campaign-shipped");
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
                Err(_) => errors.add(k, FieldError::new("number")),
            },
        }
    }
    errors.check()?;
    Ok(out)
}

pub async fn deliver(
    page: Page,
    user: SessionUser,
    id: web::Path<CampaignId>,
    CsrfForm(form): CsrfForm<BTreeMap<String, String>>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match units_from_form(&form) {
        Ok(lines) => {
            close::record_delivery(&st.db, &ctx(&page), &user.0, *id, &lines, st.now()).await
        }
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-delivery-recorded",
            &format!("/campaigns/{id}"),
        )),
        Checked::Invalid(errors) => {
            campaign_page(
                &page,
                *id,
                StatusCode::UNPROCESSABLE_ENTITY,
                Typed { asks: None, errors },
            )
            .await
        }
    }
}

pub async fn settle(
    page: Page,
    user: SessionUser,
    id: web::Path<CampaignId>,
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
    id: web::Path<CampaignId>,
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
